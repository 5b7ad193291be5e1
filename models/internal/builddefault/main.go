// Command builddefault rebuilds the embedded default model, models/default.tasnif,
// from the data sets that may train the shipped model (ant-multisource and
// sanad-alkhaleej in ../shared/data, mapped onto the five topics and
// corrected by the reviewed relabel lists in testdata/relabel) and the
// project's own corpus in testdata/corpus. Run it through go generate:
//
//	go generate ./models
//
// The same inputs give a byte-identical model.
package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/tasnif/tasnif/classify"
	"github.com/tasnif/tasnif/models"
)

// mapping sends each source category to one of the five topics.
var mapping = map[string]string{
	// ant-multisource
	"sport": "sports", "internationalNews": "politics", "middleEast": "politics",
	"economy": "other", "culture": "other", "technology": "other",
	// sanad-alkhaleej
	"Sports": "sports", "Politics": "politics", "Culture": "other", "Finance": "other",
	"Medical": "other", "Religion": "other", "Technology": "other",
}

type story struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Text  string `json:"text"`
	Label string `json:"label"`
	Kind  string `json:"kind"`
}

func main() {
	log.SetFlags(0)
	var (
		data    = flag.String("data", "../../shared/data", "folder holding ant-multisource/ and sanad-alkhaleej/")
		repo    = flag.String("testdata", "../testdata", "the project's testdata folder (corpus/ and relabel/)")
		out     = flag.String("out", "default.tasnif", "model file to write")
		own     = flag.Int("own-weight", 2, "times each story of the project's own corpus is repeated")
		titles  = flag.Bool("title-examples", true, "also train on each article's title alone, so that headlines are tagged well")
		leads   = flag.Bool("lead-examples", true, "train on the first sentence of title-less articles as a headline")
		titleW  = flag.Int("title-weight", 1, "times each title-alone example and each headline is repeated (on top of -own-weight)")
		alpha   = flag.Float64("alpha", 0, "naive Bayes smoothing (0: the default)")
		variant = flag.String("variant", "", "naive Bayes variant (empty: the default)")
		prior   = flag.String("prior", "", "class prior (empty: the default)")
		epochs  = flag.Int("epochs", -1, "discriminative passes (-1: the default)")
		maxFeat = flag.Int("max-features", 150000, "vocabulary size limit (keeps the binary small)")
		minDF   = flag.Int("min-df", 0, "minimum document frequency (0: the default)")
		ngrams  = flag.Int("ngrams", 0, "largest n-gram (0: the default)")
		stemmer = flag.String("stemmer", "", "stemmer (empty: the default)")
	)
	flag.Parse()
	start := time.Now()
	var examples []models.Example
	counts := map[string]int{}
	add := func(text, label string, times int) {
		text = strings.TrimSpace(text)
		if text == "" {
			return
		}
		for range times {
			examples = append(examples, models.Example{Text: text, Label: label})
		}
		counts[label] += times
	}
	for _, set := range []string{"ant-multisource", "sanad-alkhaleej"} {
		relabel, err := readRelabel(filepath.Join(*repo, "relabel", set+".tsv"))
		if err != nil {
			log.Fatal(err)
		}
		seen := map[string]bool{}
		err = readJSONL(filepath.Join(*data, set, set+".jsonl"), func(s story) error {
			label, ok := mapping[s.Label]
			if !ok {
				return fmt.Errorf("%s: unknown category %q", s.ID, s.Label)
			}
			if to, ok := relabel[s.ID]; ok {
				label = to
			}
			if label == "drop" || seen[s.Text] {
				return nil
			}
			seen[s.Text] = true
			add(s.Title+"\n"+s.Text, label, 1)
			if *titles && s.Title != "" {
				add(s.Title, label, *titleW)
			}
			if *leads && s.Title == "" {
				add(lead(s.Text), label, *titleW)
			}
			return nil
		})
		if err != nil {
			log.Fatal(err)
		}
	}
	files, err := filepath.Glob(filepath.Join(*repo, "corpus", "*.jsonl"))
	if err != nil || len(files) == 0 {
		log.Fatalf("no corpus files in %s/corpus", *repo)
	}
	for _, f := range files {
		err := readJSONL(f, func(s story) error {
			if s.Kind == "headline" {
				add(s.Text, s.Label, *own**titleW)
				return nil
			}
			add(s.Title+"\n"+s.Text, s.Label, *own)
			if *titles && s.Title != "" {
				add(s.Title, s.Label, *own**titleW)
			}
			return nil
		})
		if err != nil {
			log.Fatal(err)
		}
	}

	opt := models.DefaultTrainOptions()
	opt.TFIDF.MaxFeatures = *maxFeat
	if *minDF > 0 {
		opt.TFIDF.MinDF = *minDF
	}
	if *ngrams > 0 {
		opt.Analysis.NGrams = *ngrams
	}
	if *stemmer != "" {
		opt.Analysis.Stemmer = *stemmer
	}
	if *alpha > 0 {
		opt.NB.Alpha = *alpha
	}
	if *variant != "" {
		opt.NB.Variant = classify.Variant(*variant)
	}
	if *prior != "" {
		opt.NB.Prior = classify.Prior(*prior)
	}
	if *epochs >= 0 {
		opt.NB.Epochs = *epochs
	}
	opt.Info = models.Info{
		Name:        "tasnif-default",
		Description: "Arabic news topics: security, sports, weather, politics, other",
		Sources: "ANT Corpus v2.1 multi-source (Chouigui, Ben Khiroun, Elayeb 2021, doi:10.1007/s13369-020-05258-z); " +
			"SANAD AlKhaleej (Einea, Elnagar, Al Debsi 2019, Data in Brief 25:104076, CC BY 4.0); " +
			"the tasnif project's own corpus (testdata/corpus)",
	}
	m, err := models.Train(examples, opt)
	if err != nil {
		log.Fatal(err)
	}
	if err := m.WriteFile(*out); err != nil {
		log.Fatal(err)
	}
	st, _ := os.Stat(*out)
	log.Printf("wrote %s: %d examples %v, %d features, %.1f MB, out-of-fold accuracy %.3f, %.1fs",
		*out, len(examples), counts, m.Vectorizer.Vocabulary().Len(), float64(st.Size())/1e6, m.Info.OutOfFoldAccuracy, time.Since(start).Seconds())
}

// lead returns the first sentence of a text, at most 14 words.
func lead(text string) string {
	if i := strings.IndexAny(text, ".\n؟!"); i > 0 {
		text = text[:i]
	}
	words := strings.Fields(text)
	if len(words) > 14 {
		words = words[:14]
	}
	return strings.Join(words, " ")
}

func readJSONL(path string, fn func(story) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := bufio.NewReader(f)
	for line := 1; ; line++ {
		b, err := r.ReadBytes('\n')
		if len(strings.TrimSpace(string(b))) > 0 {
			var s story
			if err := json.Unmarshal(b, &s); err != nil {
				return fmt.Errorf("%s:%d: %v", path, line, err)
			}
			if err := fn(s); err != nil {
				return fmt.Errorf("%s:%d: %v", path, line, err)
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// readRelabel reads a reviewed relabel list: id, from, to, reason.
func readRelabel(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = '\t'
	r.LazyQuotes = true
	rows, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if len(rows) == 0 || strings.Join(rows[0], ",") != "id,from,to,reason" {
		return nil, fmt.Errorf("%s: want the header id, from, to, reason", path)
	}
	out := map[string]string{}
	valid := map[string]bool{"security": true, "sports": true, "weather": true, "politics": true, "other": true, "drop": true}
	for i, row := range rows[1:] {
		if !valid[row[2]] || row[3] == "" {
			return nil, fmt.Errorf("%s:%d: bad row %q", path, i+2, row)
		}
		out[row[0]] = row[2]
	}
	return out, nil
}
