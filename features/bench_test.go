package features

// Benchmarks of each analysis stage, on two inputs:
//
//   - corpus: the project's own testdata/corpus/*.jsonl (headlines and
//     articles, title + text), always in the repository, so that every
//     benchmark runs on a fresh clone;
//   - hespress: the hespress-dev stories in ../shared, when present (the
//     sub-benchmark skips otherwise).
//
// MB/s always counts the raw text (title + text) bytes of the input, so the
// stages can be compared with one another:
//
//	go test ./features -run '^$' -bench . -benchmem

import (
	"path/filepath"
	"sync"
	"testing"

	"github.com/tasnif/tasnif/corpus"
)

// corpusGlob is the project's own labelled corpus.
const corpusGlob = "../testdata/corpus/*.jsonl"

// sharedNews is real news text from ../shared (the CI has it; a fresh clone
// does not, and the benchmarks that need it skip).
const sharedNews = "../../shared/data/hespress-dev/hespress-dev.jsonl"

// readTexts returns title + "\n" + text of every JSONL record of the files.
func readTexts(paths []string) ([]string, error) {
	recs, err := corpus.ReadAll(paths, corpus.Options{Format: corpus.JSONL})
	if err != nil {
		return nil, err
	}
	texts := make([]string, len(recs))
	for i, r := range recs {
		texts[i] = r.FullText()
	}
	return texts, nil
}

var (
	corpusTexts = sync.OnceValues(func() ([]string, error) {
		files, err := filepath.Glob(corpusGlob)
		if err != nil || len(files) == 0 {
			return nil, err
		}
		return readTexts(files)
	})
	newsTexts = sync.OnceValues(func() ([]string, error) { return readTexts([]string{sharedNews}) })
)

// forEachSet runs bench as the sub-benchmarks "corpus" (always) and
// "hespress" (skipped without ../shared).
func forEachSet(b *testing.B, bench func(b *testing.B, texts []string)) {
	b.Run("corpus", func(b *testing.B) {
		texts, err := corpusTexts()
		if err != nil || len(texts) == 0 {
			b.Fatalf("no texts in %s (%v)", corpusGlob, err)
		}
		bench(b, texts)
	})
	b.Run("hespress", func(b *testing.B) {
		texts, err := newsTexts()
		if err != nil || len(texts) == 0 {
			b.Skipf("%s not present: the real-news benchmarks need the ../shared data (%v)", sharedNews, err)
		}
		bench(b, texts)
	})
}

func totalBytes(texts []string) (n int64) {
	for _, t := range texts {
		n += int64(len(t))
	}
	return n
}

func toBytes(texts []string) [][]byte {
	bufs := make([][]byte, len(texts))
	for i, t := range texts {
		bufs[i] = []byte(t)
	}
	return bufs
}

// reportDocs reports documents per second, docs documents a loop.
func reportDocs(b *testing.B, docs int) {
	if s := b.Elapsed().Seconds(); s > 0 {
		b.ReportMetric(float64(docs)*float64(b.N)/s, "docs/s")
	}
}

func BenchmarkNormalize(b *testing.B) {
	forEachSet(b, func(b *testing.B, texts []string) {
		n := NewNormalizer(DefaultConfig())
		bufs := toBytes(texts)
		var buf []byte
		b.SetBytes(totalBytes(texts))
		b.ReportAllocs()
		for b.Loop() {
			for _, t := range bufs {
				buf = n.Normalize(buf[:0], t)
			}
		}
		reportDocs(b, len(texts))
	})
}

// BenchmarkTokenize times the tokenizer alone on normalised text; MB/s counts
// the raw text.
func BenchmarkTokenize(b *testing.B) {
	forEachSet(b, func(b *testing.B, texts []string) {
		n := NewNormalizer(DefaultConfig())
		norm := make([][]byte, len(texts))
		for i, t := range texts {
			norm[i] = n.Normalize(nil, []byte(t))
		}
		var toks []Token
		b.SetBytes(totalBytes(texts))
		b.ReportAllocs()
		for b.Loop() {
			for _, t := range norm {
				toks = WordTokenizer{}.Tokenize(t, toks[:0])
			}
		}
		reportDocs(b, len(texts))
	})
}

// BenchmarkHashBytes times the token hash on every token of the input.
func BenchmarkHashBytes(b *testing.B) {
	forEachSet(b, func(b *testing.B, texts []string) {
		n := NewNormalizer(DefaultConfig())
		var toks [][]byte
		var size int64
		for _, t := range texts {
			nt := n.Normalize(nil, []byte(t))
			for _, tk := range (WordTokenizer{}).Tokenize(nt, nil) {
				toks = append(toks, tk.Term(nt))
				size += int64(len(tk.Term(nt)))
			}
		}
		b.SetBytes(size)
		var sink uint64
		for b.Loop() {
			for _, t := range toks {
				sink += hashBytes(t)
			}
		}
		if sink == 1 {
			b.Log(sink)
		}
	})
}

// BenchmarkStem times the default (light) stemmer on every normalised word
// occurrence of the input; MB/s counts the words' bytes.
func BenchmarkStem(b *testing.B) {
	forEachSet(b, func(b *testing.B, texts []string) {
		a, err := NewAnalyzer(Config{NFKC: true, StripTashkeel: true, UnifyAlef: true, NGrams: 1}, nil)
		if err != nil {
			b.Fatal(err)
		}
		var words [][]byte
		var size int64
		for _, t := range texts {
			for _, w := range a.Terms(t) {
				words = append(words, []byte(w))
				size += int64(len(w))
			}
		}
		s := Light()
		b.SetBytes(size)
		b.ReportAllocs()
		for b.Loop() {
			for _, w := range words {
				s.Stem(w)
			}
		}
		b.ReportMetric(float64(len(words))*float64(b.N)/b.Elapsed().Seconds(), "words/s")
	})
}

// BenchmarkEncode times vectorising: text to TF-IDF vector with a vectoriser
// fitted on the same texts, as tagging runs it.
func BenchmarkEncode(b *testing.B) {
	forEachSet(b, func(b *testing.B, texts []string) {
		a, err := NewAnalyzer(DefaultConfig(), DefaultStopWords())
		if err != nil {
			b.Fatal(err)
		}
		v, _, err := Fit(a, DefaultTFIDFConfig(), texts, FitOptions{})
		if err != nil {
			b.Fatal(err)
		}
		e := v.NewEncoder()
		bufs := toBytes(texts)
		b.SetBytes(totalBytes(texts))
		b.ReportAllocs()
		for b.Loop() {
			for _, t := range bufs {
				e.Encode(t)
			}
		}
		reportDocs(b, len(texts))
	})
}

// BenchmarkFit times learning the vocabulary and idf and vectorising every
// text, the feature half of training (all CPUs).
func BenchmarkFit(b *testing.B) {
	forEachSet(b, func(b *testing.B, texts []string) {
		a, err := NewAnalyzer(DefaultConfig(), DefaultStopWords())
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(totalBytes(texts))
		b.ReportAllocs()
		for b.Loop() {
			if _, _, err := Fit(a, DefaultTFIDFConfig(), texts, FitOptions{}); err != nil {
				b.Fatal(err)
			}
		}
		reportDocs(b, len(texts))
	})
}

// BenchmarkDecodeVocabulary times what loading a model does with its
// vocabulary (checking the front-coded strings beside building the table
// from the stored keys), for the vocabulary fitted on the input with the
// default settings.
func BenchmarkDecodeVocabulary(b *testing.B) {
	forEachSet(b, func(b *testing.B, texts []string) {
		a, _ := NewAnalyzer(DefaultConfig(), DefaultStopWords())
		v, _, err := Fit(a, DefaultTFIDFConfig(), texts, FitOptions{})
		if err != nil {
			b.Fatal(err)
		}
		vocab := v.Vocabulary()
		coded := vocab.AppendFrontCoded(nil)
		keys, order := vocab.TableOrder()
		b.SetBytes(int64(len(coded)))
		for b.Loop() {
			if _, _, err := DecodeVocabulary(coded, vocab.Len(), keys, order); err != nil {
				b.Fatal(err)
			}
		}
	})
}
