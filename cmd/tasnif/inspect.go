package main

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/tasnif/tasnif/classify"
	"github.com/tasnif/tasnif/features"
	"github.com/tasnif/tasnif/models"
)

type inspectOptions struct {
	io    *IOStreams
	terms int
	json  bool
}

func newInspectCmd(s *IOStreams) *cobra.Command {
	o := &inspectOptions{io: s}
	cmd := &cobra.Command{
		Use:   "inspect [MODEL]",
		Short: "Describe a model: labels, training data, settings, most indicative terms",
		Example: `  tasnif inspect              # the embedded default model
  tasnif inspect news.tasnif --terms 20
  tasnif inspect news.tasnif --json | jq .labels`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			path := ""
			if len(args) == 1 {
				path = args[0]
			}
			return runInspect(o, path)
		},
	}
	cmd.Flags().IntVarP(&o.terms, "terms", "n", 10, "indicative terms to list per label")
	cmd.Flags().BoolVar(&o.json, "json", false, "print JSON")
	return cmd
}

// modelDescription is what inspect prints.
type modelDescription struct {
	File          string                         `json:"file"`
	FormatVersion int                            `json:"format_version"`
	Info          models.Info                    `json:"info"`
	Labels        []labelDescription             `json:"labels"`
	Vocabulary    int                            `json:"vocabulary"`
	Analysis      features.Config                `json:"analysis"`
	StopWords     int                            `json:"stop_words"`
	TFIDF         features.TFIDFConfig           `json:"tfidf"`
	NaiveBayes    classify.Options               `json:"naive_bayes"`
	Temperature   float64                        `json:"temperature"`
	TopTerms      map[string][]models.TermWeight `json:"top_terms"`
}

type labelDescription struct {
	Label     string  `json:"label"`
	Documents int     `json:"documents"`
	Prior     float64 `json:"prior"`
}

func runInspect(o *inspectOptions, path string) error {
	if o.terms < 1 {
		return fmt.Errorf("--terms must be at least 1, got %d", o.terms)
	}
	m, name, err := loadModel(path)
	if err != nil {
		return err
	}
	a := m.Vectorizer.Analyzer()
	d := modelDescription{
		File: name, FormatVersion: models.FormatVersion, Info: m.Info,
		Vocabulary: m.Vectorizer.Vocabulary().Len(), Analysis: a.Config(), StopWords: len(a.StopWords()),
		TFIDF: m.Vectorizer.Config(), NaiveBayes: m.NB.Options, Temperature: m.NB.Temperature,
		TopTerms: m.TopTerms(o.terms),
	}
	for i, l := range m.Labels() {
		docs := m.NB.Docs[i] // texts learned from; stories when the model records them
		if len(m.Info.PerLabel) == len(m.Labels()) {
			docs = m.Info.PerLabel[i]
		}
		d.Labels = append(d.Labels, labelDescription{l, docs, math.Exp(m.NB.LogPrior[i])})
	}
	if o.json {
		enc := json.NewEncoder(o.io.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(d)
	}
	w := tabwriter.NewWriter(o.io.Out, 0, 0, 2, ' ', 0)
	fmt.Fprintf(w, "model\t%s\n", name)
	fmt.Fprintf(w, "name\t%s\n", m.Info.Name)
	if m.Info.Description != "" {
		fmt.Fprintf(w, "description\t%s\n", m.Info.Description)
	}
	fmt.Fprintf(w, "format version\t%d\n", d.FormatVersion)
	fmt.Fprintf(w, "trained on\t%d documents\n", m.Info.Documents)
	if m.Info.Sources != "" {
		fmt.Fprintf(w, "sources\t%s\n", m.Info.Sources)
	}
	if m.Info.OutOfFoldAccuracy > 0 {
		fmt.Fprintf(w, "out-of-fold accuracy\t%.3f\n", m.Info.OutOfFoldAccuracy)
	}
	fmt.Fprintf(w, "vocabulary\t%d features (%d-grams)\n", d.Vocabulary, d.Analysis.NGrams)
	c := d.Analysis
	fmt.Fprintf(w, "analysis\tnfkc=%v tashkeel=%v tatweel=%v alef=%v alef-maqsura=%v taa-marbuta=%v persian=%v digits=%v latin=%v\n",
		c.NFKC, c.StripTashkeel, c.StripTatweel, c.UnifyAlef, c.UnifyAlefMaqsura, c.TaaMarbuta, c.FoldPersian, c.ASCIIDigits, c.LowerLatin)
	fmt.Fprintf(w, "\tstop words=%d stemmer=%s letters=%d..%d\n", d.StopWords, c.Stemmer, c.MinRunes, c.MaxRunes)
	t := d.TFIDF
	fmt.Fprintf(w, "tf-idf\tmin-df=%d max-df=%g max-features=%d smooth-idf=%v sublinear-tf=%v l2=%v\n",
		t.MinDF, t.MaxDF, t.MaxFeatures, t.SmoothIDF, t.SublinearTF, t.L2Norm)
	nb := d.NaiveBayes
	fmt.Fprintf(w, "naive Bayes\t%s alpha=%g prior=%s epochs=%d temperature=%.3f\n", nb.Variant, nb.Alpha, nb.Prior, nb.Epochs, d.Temperature)
	w.Flush()
	fmt.Fprintln(o.io.Out)
	w = tabwriter.NewWriter(o.io.Out, 0, 0, 2, ' ', 0)
	fmt.Fprintf(w, "label\tdocuments\tprior\tmost indicative terms\n")
	for _, l := range d.Labels {
		terms := make([]string, 0, len(d.TopTerms[l.Label]))
		for _, t := range d.TopTerms[l.Label] {
			terms = append(terms, t.Term)
		}
		fmt.Fprintf(w, "%s\t%d\t%.3f\t%s\n", l.Label, l.Documents, l.Prior, strings.Join(terms, "، "))
	}
	return w.Flush()
}
