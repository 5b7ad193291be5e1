package models

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/tasnif/tasnif/corpus"
)

// BenchmarkDecodeDefault measures loading the embedded model, most of a
// one-headline command's time.
func BenchmarkDecodeDefault(b *testing.B) {
	b.SetBytes(int64(len(defaultModel)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(defaultModel); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPredictHeadline is the per-text cost of tagging a headline.
func BenchmarkPredictHeadline(b *testing.B) {
	m, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	t := m.NewTagger()
	text := []byte("المنتخب المغربي يفوز على نظيره الغاني في مباراة ودية")
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		t.Tag(text, 3)
	}
}

// The whole-pipeline benchmarks run on two inputs: "corpus", the project's
// own testdata/corpus/*.jsonl (always in the repository), and "hespress",
// the hespress-dev stories in ../shared with their six original topics (the
// sub-benchmark skips when ../shared is absent). MB/s counts the raw text
// (title + text) bytes.
const (
	benchCorpusGlob = "../testdata/corpus/*.jsonl"
	benchNews       = "../../shared/data/hespress-dev/hespress-dev.jsonl"
)

// readExamples reads the labelled JSONL records of the files.
func readExamples(paths []string) ([]Example, error) {
	recs, err := corpus.ReadAll(paths, corpus.Options{Format: corpus.JSONL, RequireLabel: true})
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, os.ErrNotExist
	}
	out := make([]Example, len(recs))
	for i, r := range recs {
		out[i] = Example{Title: r.Title, Text: r.Text, Label: r.Label}
	}
	return out, nil
}

var (
	benchCorpus = sync.OnceValues(func() ([]Example, error) {
		files, err := filepath.Glob(benchCorpusGlob)
		if err != nil {
			return nil, err
		}
		return readExamples(files)
	})
	benchNewsExamples = sync.OnceValues(func() ([]Example, error) { return readExamples([]string{benchNews}) })
)

// forEachBenchSet runs bench as the sub-benchmarks "corpus" (always) and
// "hespress" (skipped without ../shared).
func forEachBenchSet(b *testing.B, bench func(b *testing.B, examples []Example)) {
	b.Run("corpus", func(b *testing.B) {
		ex, err := benchCorpus()
		if err != nil {
			b.Fatalf("%s: %v", benchCorpusGlob, err)
		}
		bench(b, ex)
	})
	b.Run("hespress", func(b *testing.B) {
		ex, err := benchNewsExamples()
		if err != nil {
			b.Skipf("%s not present: the real-news benchmarks need the ../shared data (%v)", benchNews, err)
		}
		bench(b, ex)
	})
}

func fullTextBytes(examples []Example) (n int64) {
	for _, ex := range examples {
		n += int64(len(ex.FullText()))
	}
	return n
}

// BenchmarkTrain times the whole training pipeline on a set, as "tasnif
// train" runs it with the default settings (title examples, TF-IDF fit,
// naive Bayes, calibration), minus reading and writing files.
func BenchmarkTrain(b *testing.B) {
	forEachBenchSet(b, func(b *testing.B, examples []Example) {
		opt := DefaultTrainOptions()
		opt.Info = Info{Name: "bench"}
		b.SetBytes(fullTextBytes(examples))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Train(examples, opt); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(examples))*float64(b.N)/b.Elapsed().Seconds(), "docs/s")
	})
}

// BenchmarkTagArticles times tagging articles (title + text) with the
// embedded model and one Tagger, as each of "tasnif tag"'s workers does:
// the articles of the corpus (the records with a title), or every
// hespress-dev story.
func BenchmarkTagArticles(b *testing.B) {
	forEachBenchSet(b, func(b *testing.B, examples []Example) {
		m, err := Default()
		if err != nil {
			b.Fatal(err)
		}
		var texts [][]byte
		var size int64
		for _, ex := range examples {
			if ex.Title == "" || ex.Text == "" {
				continue
			}
			texts = append(texts, []byte(ex.FullText()))
			size += int64(len(texts[len(texts)-1]))
		}
		t := m.NewTagger()
		b.SetBytes(size)
		b.ReportAllocs()
		for b.Loop() {
			for _, text := range texts {
				t.Tag(text, 3)
			}
		}
		b.ReportMetric(float64(len(texts))*float64(b.N)/b.Elapsed().Seconds(), "docs/s")
	})
}
