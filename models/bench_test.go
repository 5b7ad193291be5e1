package models

import "testing"

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
