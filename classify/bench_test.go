package classify

// Benchmarks of naive Bayes training (estimation from TF-IDF vectors) and
// scoring, on two inputs:
//
//   - corpus: the project's own testdata/corpus/*.jsonl, always in the
//     repository (five labels: the unrolled scoring path);
//   - hespress: the hespress-dev stories in ../shared with their six
//     original topics, when present (the general scoring path; the
//     sub-benchmark skips otherwise).
//
// The texts are vectorised once, outside the timed loop. MB/s counts the raw
// text (title + text) bytes the vectors came from, so that it compares with
// the features benchmarks:
//
//	go test ./classify -run '^$' -bench . -benchmem

import (
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/tasnif/tasnif/corpus"
	"github.com/tasnif/tasnif/features"
)

const (
	corpusGlob = "../testdata/corpus/*.jsonl"
	sharedNews = "../../shared/data/hespress-dev/hespress-dev.jsonl"
)

// benchData is a labelled set, vectorised with the default analysis.
type benchData struct {
	vectors []features.Vector
	classes []int
	labels  []string
	nf      int   // vocabulary size
	bytes   int64 // raw text bytes
}

func loadBenchData(paths []string) (*benchData, error) {
	recs, err := corpus.ReadAll(paths, corpus.Options{Format: corpus.JSONL, RequireLabel: true})
	if err != nil {
		return nil, err
	}
	var texts, golds []string
	var size int64
	for _, r := range recs {
		t := r.FullText()
		texts, golds = append(texts, t), append(golds, r.Label)
		size += int64(len(t))
	}
	if len(texts) == 0 {
		return nil, os.ErrNotExist
	}
	a, err := features.NewAnalyzer(features.DefaultConfig(), features.DefaultStopWords())
	if err != nil {
		return nil, err
	}
	v, vectors, err := features.Fit(a, features.DefaultTFIDFConfig(), texts, features.FitOptions{})
	if err != nil {
		return nil, err
	}
	labels := slices.Clone(golds)
	slices.Sort(labels)
	labels = slices.Compact(labels)
	classes := make([]int, len(golds))
	for i, g := range golds {
		classes[i], _ = slices.BinarySearch(labels, g)
	}
	return &benchData{vectors: vectors, classes: classes, labels: labels, nf: v.Vocabulary().Len(), bytes: size}, nil
}

var (
	corpusData = sync.OnceValues(func() (*benchData, error) {
		files, err := filepath.Glob(corpusGlob)
		if err != nil {
			return nil, err
		}
		return loadBenchData(files)
	})
	newsData = sync.OnceValues(func() (*benchData, error) { return loadBenchData([]string{sharedNews}) })
)

// forEachSet runs bench as the sub-benchmarks "corpus" (always) and
// "hespress" (skipped without ../shared).
func forEachSet(b *testing.B, bench func(b *testing.B, d *benchData)) {
	b.Run("corpus", func(b *testing.B) {
		d, err := corpusData()
		if err != nil {
			b.Fatalf("%s: %v", corpusGlob, err)
		}
		bench(b, d)
	})
	b.Run("hespress", func(b *testing.B) {
		d, err := newsData()
		if err != nil {
			b.Skipf("%s not present: the real-news benchmarks need the ../shared data (%v)", sharedNews, err)
		}
		bench(b, d)
	})
}

// BenchmarkTrain times estimating a model from the vectors of a whole set:
// "counts" is the classic frequency estimate alone, "calibrated" adds the
// 5-fold temperature fit (the default, what "tasnif train" runs) and
// "epochs=10" is the discriminative option ("tasnif train --epochs 10").
func BenchmarkTrain(b *testing.B) {
	forEachSet(b, func(b *testing.B, d *benchData) {
		counts := DefaultOptions()
		counts.Calibrate = false
		epochs := DefaultOptions()
		epochs.Epochs = 10
		for _, c := range []struct {
			name string
			opt  Options
		}{{"counts", counts}, {"calibrated", DefaultOptions()}, {"epochs=10", epochs}} {
			b.Run(c.name, func(b *testing.B) {
				b.SetBytes(d.bytes)
				b.ReportAllocs()
				for b.Loop() {
					if _, err := Train(d.vectors, d.classes, d.labels, d.nf, c.opt); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(len(d.vectors))*float64(b.N)/b.Elapsed().Seconds(), "docs/s")
			})
		}
	})
}

// BenchmarkScores times scoring one TF-IDF vector (ns/op is per document),
// cycling through the set's vectors; "probabilities" adds the softmax.
func BenchmarkScores(b *testing.B) {
	forEachSet(b, func(b *testing.B, d *benchData) {
		opt := DefaultOptions()
		opt.Calibrate = false
		nb, err := Train(d.vectors, d.classes, d.labels, d.nf, opt)
		if err != nil {
			b.Fatal(err)
		}
		for _, c := range []struct {
			name  string
			score func(features.Vector, []float64) []float64
		}{{"scores", nb.Scores}, {"probabilities", nb.Probabilities}} {
			b.Run(c.name, func(b *testing.B) {
				out := make([]float64, 0, len(d.labels))
				b.SetBytes(d.bytes / int64(len(d.vectors))) // mean text length
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					out = c.score(d.vectors[i], out)
					if i++; i == len(d.vectors) {
						i = 0
					}
				}
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "docs/s")
			})
		}
	})
}
