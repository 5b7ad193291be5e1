package features

import (
	"bufio"
	"encoding/json"
	"os"
	"sync"
	"testing"
)

// sharedNews is real news text from ../shared (the CI has it; a fresh clone
// does not, and the benchmarks that need it skip).
const sharedNews = "../../shared/data/hespress-dev/hespress-dev.jsonl"

var (
	newsOnce  sync.Once
	newsTexts []string
)

func loadNews(tb testing.TB) []string {
	tb.Helper()
	newsOnce.Do(func() {
		f, err := os.Open(sharedNews)
		if err != nil {
			return
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<26)
		for sc.Scan() {
			var d struct{ Title, Text string }
			if json.Unmarshal(sc.Bytes(), &d) == nil {
				newsTexts = append(newsTexts, d.Title+"\n"+d.Text)
			}
		}
	})
	if len(newsTexts) == 0 {
		tb.Skipf("%s not present: benchmarks on real news need the ../shared data", sharedNews)
	}
	return newsTexts
}

func totalBytes(texts []string) (n int64) {
	for _, t := range texts {
		n += int64(len(t))
	}
	return n
}

func BenchmarkNormalize(b *testing.B) {
	texts := loadNews(b)
	n := NewNormalizer(DefaultConfig())
	bufs := make([][]byte, len(texts))
	for i, t := range texts {
		bufs[i] = []byte(t)
	}
	var buf []byte
	b.SetBytes(totalBytes(texts))
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range bufs {
			buf = n.Normalize(buf[:0], t)
		}
	}
}

func BenchmarkTokenize(b *testing.B) {
	texts := loadNews(b)
	n := NewNormalizer(DefaultConfig())
	var norm [][]byte
	for _, t := range texts {
		norm = append(norm, n.Normalize(nil, []byte(t)))
	}
	var toks []Token
	b.SetBytes(totalBytes(texts))
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range norm {
			toks = WordTokenizer{}.Tokenize(t, toks[:0])
		}
	}
}

func BenchmarkStem(b *testing.B) {
	texts := loadNews(b)
	a, _ := NewAnalyzer(Config{NFKC: true, StripTashkeel: true, UnifyAlef: true, NGrams: 1}, nil)
	var words [][]byte
	var size int64
	for _, t := range texts[:500] {
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
}

func BenchmarkEncode(b *testing.B) {
	texts := loadNews(b)
	a, _ := NewAnalyzer(DefaultConfig(), DefaultStopWords())
	v, _, err := Fit(a, DefaultTFIDFConfig(), texts, FitOptions{})
	if err != nil {
		b.Fatal(err)
	}
	e := v.NewEncoder()
	bufs := make([][]byte, len(texts))
	for i, t := range texts {
		bufs[i] = []byte(t)
	}
	b.SetBytes(totalBytes(texts))
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range bufs {
			e.Encode(t)
		}
	}
	b.ReportMetric(float64(len(texts))*float64(b.N)/b.Elapsed().Seconds(), "docs/s")
}

func BenchmarkFit(b *testing.B) {
	texts := loadNews(b)
	a, _ := NewAnalyzer(DefaultConfig(), DefaultStopWords())
	b.SetBytes(totalBytes(texts))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Fit(a, DefaultTFIDFConfig(), texts, FitOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
