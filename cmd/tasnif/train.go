package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/tasnif/tasnif/classify"
	"github.com/tasnif/tasnif/corpus"
	"github.com/tasnif/tasnif/models"
)

// trainFlags are the model settings shared by train and cv.
type trainFlags struct {
	ngrams        int
	minDF         int
	maxDF         float64
	maxFeatures   int
	stemmer       string
	normalize     []string
	noStopWords   bool
	stopWordsFile string
	variant       string
	alpha         float64
	prior         string
	epochs        int
	noCalibrate   bool
	titleExamples bool
	workers       int
	noSmoothIDF   bool
	rawTF         bool
	noL2          bool
	minLetters    int
	maxLetters    int
}

var normalizeRules = []string{"nfkc", "tashkeel", "tatweel", "alef", "alef-maqsura", "taa-marbuta", "persian", "digits", "latin"}

func (f *trainFlags) register(fs *pflag.FlagSet) {
	def := models.DefaultTrainOptions()
	fs.IntVar(&f.ngrams, "ngrams", def.Analysis.NGrams, "largest word n-gram (1-4)")
	fs.IntVar(&f.minDF, "min-df", def.TFIDF.MinDF, "drop features found in fewer documents")
	fs.Float64Var(&f.maxDF, "max-df", def.TFIDF.MaxDF, "drop features found in more than this fraction of documents")
	fs.IntVar(&f.maxFeatures, "max-features", def.TFIDF.MaxFeatures, "keep only the most frequent features (0: all)")
	fs.StringVar(&f.stemmer, "stemmer", def.Analysis.Stemmer, "Arabic stemmer: light, light10 or none")
	fs.StringSliceVar(&f.normalize, "normalize", normalizeRules, "normalisation rules to apply (any of "+strings.Join(normalizeRules, ", ")+"; \"none\" for none)")
	fs.BoolVar(&f.noStopWords, "no-stop-words", false, "keep function words")
	fs.StringVar(&f.stopWordsFile, "stop-words", "", "file of stop words, one per line or space-separated (default: the built-in Arabic, French and English list)")
	fs.StringVar(&f.variant, "variant", string(def.NB.Variant), "naive Bayes variant: multinomial or complement")
	fs.Float64Var(&f.alpha, "alpha", def.NB.Alpha, "Lidstone smoothing")
	fs.StringVar(&f.prior, "prior", string(def.NB.Prior), "class prior: documents or uniform")
	fs.IntVar(&f.epochs, "epochs", def.NB.Epochs, "discriminative passes over the data (multinomial only; 0: classic counts)")
	fs.BoolVar(&f.noCalibrate, "no-calibrate", false, "skip fitting the confidence temperature")
	fs.BoolVar(&f.titleExamples, "title-examples", true, "also learn from each title alone, so that headlines are tagged as well as articles")
	fs.IntVar(&f.workers, "workers", 0, "goroutines to use (0: one per CPU)")
	fs.BoolVar(&f.noSmoothIDF, "no-smooth-idf", !def.TFIDF.SmoothIDF, "idf = ln(n/df)+1 instead of ln((1+n)/(1+df))+1")
	fs.BoolVar(&f.rawTF, "raw-tf", !def.TFIDF.SublinearTF, "raw term counts instead of 1+ln(tf)")
	fs.BoolVar(&f.noL2, "no-l2", !def.TFIDF.L2Norm, "do not scale each text's vector to unit length")
	fs.IntVar(&f.minLetters, "min-letters", def.Analysis.MinRunes, "drop tokens with fewer letters (0: keep all)")
	fs.IntVar(&f.maxLetters, "max-letters", def.Analysis.MaxRunes, "drop tokens with more letters (0: no limit)")
}

func (f *trainFlags) options() (models.TrainOptions, error) {
	opt := models.DefaultTrainOptions()
	a := &opt.Analysis
	a.NGrams, a.Stemmer = f.ngrams, f.stemmer
	rules := map[string]*bool{
		"nfkc": &a.NFKC, "tashkeel": &a.StripTashkeel, "tatweel": &a.StripTatweel, "alef": &a.UnifyAlef,
		"alef-maqsura": &a.UnifyAlefMaqsura, "taa-marbuta": &a.TaaMarbuta, "persian": &a.FoldPersian,
		"digits": &a.ASCIIDigits, "latin": &a.LowerLatin,
	}
	for _, p := range rules {
		*p = false
	}
	for _, r := range f.normalize {
		if r == "none" {
			continue
		}
		p, ok := rules[r]
		if !ok {
			return opt, fmt.Errorf("--normalize: unknown rule %q (want %s)", r, strings.Join(normalizeRules, ", "))
		}
		*p = true
	}
	a.StopWords = !f.noStopWords
	if f.stopWordsFile != "" {
		data, err := os.ReadFile(f.stopWordsFile)
		if err != nil {
			return opt, err
		}
		opt.StopWords = strings.Fields(string(data))
	}
	opt.TFIDF.MinDF, opt.TFIDF.MaxDF, opt.TFIDF.MaxFeatures = f.minDF, f.maxDF, f.maxFeatures
	opt.TFIDF.SmoothIDF, opt.TFIDF.SublinearTF, opt.TFIDF.L2Norm = !f.noSmoothIDF, !f.rawTF, !f.noL2
	a.MinRunes, a.MaxRunes = f.minLetters, f.maxLetters
	opt.NB = classify.Options{
		Variant: classify.Variant(f.variant), Alpha: f.alpha, Prior: classify.Prior(f.prior),
		Epochs: f.epochs, Calibrate: !f.noCalibrate,
	}
	if err := a.Validate(); err != nil {
		return opt, err
	}
	if err := opt.TFIDF.Validate(); err != nil {
		return opt, err
	}
	if err := opt.NB.Validate(); err != nil {
		return opt, err
	}
	opt.Workers = f.workers
	opt.TitleExamples = f.titleExamples
	return opt, nil
}

// exampleOf turns a labelled record into an example.
func exampleOf(rec corpus.Record) models.Example {
	return models.Example{Title: rec.Title, Text: rec.Text, Label: rec.Label}
}

type trainOptions struct {
	io       *IOStreams
	inputs   inputFlags
	model    trainFlags
	output   string
	name     string
	labelMap string
	quiet    bool
}

func newTrainCmd(s *IOStreams) *cobra.Command {
	o := &trainOptions{io: s}
	cmd := &cobra.Command{
		Use:   "train [FILE|DIR ...] -o MODEL",
		Short: "Train a model on labelled texts",
		Long: `Train a TF-IDF + naive Bayes model on labelled texts and write it to a file.

Input formats (chosen from the extension, or with --format):
  jsonl     {"text": ..., "title": ..., "label": ...} per line (.jsonl, .ndjson, .json)
  csv, tsv  a header row naming the columns (.csv, .tsv)
  fasttext  "__label__sports the text" per line (.txt, .ft)
  dir       a folder with one sub-folder per label holding .txt files
Standard input is read when no file or "-" is given (JSONL unless --format says otherwise).
The title, when present, is used together with the text.`,
		Example: `  tasnif train news.jsonl -o news.tasnif
  tasnif train train.csv --text-field body --label-field topic -o news.tasnif
  tasnif train corpus/ -o news.tasnif            # corpus/sports/*.txt, corpus/politics/*.txt ...
  cat *.jsonl | tasnif train -o news.tasnif --ngrams 1 --alpha 0.1
  tasnif train news.jsonl --map "sport=sports,faits-divers=security" -o news.tasnif`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runTrain(cmd, o, args)
		},
	}
	fs := cmd.Flags()
	o.inputs.register(fs, "format", true)
	fs.Lookup("format").Usage = "input format: jsonl, csv, tsv, fasttext or dir (default: from the file extension)"
	o.model.register(fs)
	fs.StringVarP(&o.output, "output", "o", "", "model file to write (required)")
	fs.StringVar(&o.name, "name", "", "model name to record (default: the output file's name)")
	fs.StringVar(&o.labelMap, "map", "", `rename labels before training: "from=to,from=to" or a JSON file; an empty target drops the label's records`)
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "print nothing but errors")
	cmd.MarkFlagRequired("output")
	cmd.MarkFlagFilename("output", "tasnif")
	return cmd
}

func runTrain(cmd *cobra.Command, o *trainOptions, paths []string) error {
	start := time.Now()
	opt, err := o.model.options()
	if err != nil {
		return err
	}
	labelMap, err := parseLabelMap(o.labelMap)
	if err != nil {
		return err
	}
	in, err := newInputs(paths, &o.inputs, true, o.io.In)
	if err != nil {
		return err
	}
	defer in.Close()
	bad := &badRecords{skip: o.inputs.skipInvalid, w: o.io.ErrOut}
	var examples []models.Example
	perLabel := map[string]int{}
	records := 0
	err = readAll(in, bad, func(rec corpus.Record) {
		if to, ok := labelMap[rec.Label]; ok {
			if to == "" {
				return
			}
			rec.Label = to
		}
		records++
		perLabel[rec.Label]++
		examples = append(examples, exampleOf(rec))
	})
	if err != nil {
		return err
	}
	if records == 0 {
		return fmt.Errorf("no labelled records in %s", strings.Join(paths, ", "))
	}
	name := o.name
	if name == "" {
		name = strings.TrimSuffix(filepath.Base(o.output), filepath.Ext(o.output))
	}
	opt.Info = models.Info{Name: name, Sources: strings.Join(paths, ", ")}
	if len(paths) == 0 {
		opt.Info.Sources = "standard input"
	}
	texts := len(examples)
	if opt.TitleExamples {
		for _, ex := range examples {
			if ex.Title != "" && strings.TrimSpace(ex.Text) != "" {
				texts++
			}
		}
	}
	bar := newProgress(o.io, !o.quiet, texts, "analysing")
	opt.Progress = bar.set
	m, err := models.Train(examples, opt)
	bar.done()
	if err != nil {
		return err
	}
	if err := m.WriteFile(o.output); err != nil {
		return fmt.Errorf("writing the model: %w", err)
	}
	bad.summary()
	if !o.quiet {
		fmt.Fprintln(o.io.ErrOut, trainSummary(m, records, perLabel, o.output, time.Since(start)))
	}
	return nil
}

func trainSummary(m *models.Model, records int, perLabel map[string]int, path string, took time.Duration) string {
	labels := make([]string, 0, len(perLabel))
	for l := range perLabel {
		labels = append(labels, l)
	}
	slices.Sort(labels)
	parts := make([]string, len(labels))
	for i, l := range labels {
		parts[i] = fmt.Sprintf("%s %d", l, perLabel[l])
	}
	size := ""
	if st, err := os.Stat(path); err == nil {
		size = fmt.Sprintf(" (%.1f MB)", float64(st.Size())/1e6)
	}
	s := fmt.Sprintf("Trained on %d documents (%s) in %.1fs: %d labels, a vocabulary of %d features",
		records, strings.Join(parts, ", "), took.Seconds(), len(m.Labels()), m.Vectorizer.Vocabulary().Len())
	if m.Info.OutOfFoldAccuracy > 0 {
		s += fmt.Sprintf(", out-of-fold accuracy %.3f", m.Info.OutOfFoldAccuracy)
	}
	return s + ". Wrote " + path + size + "."
}
