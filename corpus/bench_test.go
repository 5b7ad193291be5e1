package corpus

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"
)

// benchHeadlines are typical news lines: Arabic headlines with some
// digits, punctuation and Latin.
var benchHeadlines = []string{
	"الوداد يعود بفوز ثمين من أكادير ويقلص الفارق مع المتصدر",
	"توقعات الطقس: أمطار رعدية ورياح قوية بالمناطق الشمالية نهاية الأسبوع",
	"وزير الخارجية يستقبل نظيره البرتغالي لبحث تعزيز التعاون الثنائي",
	"Le Maroc accueille la CAN 2025: 24 équipes, 9 stades",
	"ارتفاع أسعار الخضر بنسبة 12% في الأسواق \"الكبرى\" مع اقتراب رمضان",
}

// benchInput returns about size bytes of input in format f.
func benchInput(f Format, size int) []byte {
	var b bytes.Buffer
	labels := []string{"sports", "weather", "politics", "sports", "economy"}
	if f == CSV {
		b.WriteString("id,title,text,label\n")
	}
	for i := 0; b.Len() < size; i++ {
		h := benchHeadlines[i%len(benchHeadlines)]
		text := h + ". " + h
		switch f {
		case JSONL:
			// %q is a valid JSON string for this text.
			fmt.Fprintf(&b, `{"id": "n-%d", "title": %q, "text": %q, "label": %q}`+"\n", i, h, text, labels[i%len(labels)])
		case CSV:
			q := strings.NewReplacer(`"`, `""`)
			fmt.Fprintf(&b, "n-%d,\"%s\",\"%s\",%s\n", i, q.Replace(h), q.Replace(text), labels[i%len(labels)])
		case Lines:
			b.WriteString(h)
			b.WriteByte('\n')
		}
	}
	return b.Bytes()
}

// BenchmarkCheckUTF8 validates the records every reader checks.
func BenchmarkCheckUTF8(b *testing.B) {
	data := benchInput(JSONL, 4<<20)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if err := checkUTF8(data); err != nil {
			b.Fatal(err)
		}
	}
}

func benchRead(b *testing.B, f Format) {
	data := benchInput(f, 4<<20)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		r, err := NewReader(bytes.NewReader(data), "bench", Options{Format: f, RequireLabel: f != Lines})
		if err != nil {
			b.Fatal(err)
		}
		for {
			_, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkJSONL(b *testing.B) { benchRead(b, JSONL) }
func BenchmarkCSV(b *testing.B)   { benchRead(b, CSV) }
func BenchmarkLines(b *testing.B) { benchRead(b, Lines) }

// BenchmarkJSONLParallel reads JSONL parsed on two goroutines.
func BenchmarkJSONLParallel(b *testing.B) {
	data := benchInput(JSONL, 4<<20)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		r, err := NewReader(bytes.NewReader(data), "bench", Options{Format: JSONL, RequireLabel: true, Workers: 2})
		if err != nil {
			b.Fatal(err)
		}
		for {
			if _, err := r.Next(); err == io.EOF {
				break
			} else if err != nil {
				b.Fatal(err)
			}
		}
		r.Close()
	}
}
