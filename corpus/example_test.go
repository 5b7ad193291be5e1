package corpus_test

import (
	"errors"
	"fmt"
	"io"
	"log"
	"strings"

	"github.com/tasnif/tasnif/corpus"
)

// Read labelled JSON lines, skipping and counting bad records.
func ExampleNewReader() {
	input := `{"id": 1, "text": "الوداد يفوز على الرجاء", "label": "sports"}
{"id": 2, "text": "أمطار رعدية مرتقبة نهاية الأسبوع"}
{"id": 3, "text": 42, "label": "weather"}
{"id": 4, "title": "البرلمان", "text": "المصادقة على قانون المالية", "label": "politics"}
`
	r, err := corpus.NewReader(strings.NewReader(input), "news.jsonl",
		corpus.Options{Format: corpus.JSONL, RequireLabel: true})
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	bad := 0
	for {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		var re *corpus.RecordError
		if errors.As(err, &re) {
			fmt.Println("skipped:", re)
			bad++
			continue
		}
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s %s: %q\n", rec.ID, rec.Label, rec.FullText())
	}
	fmt.Println(bad, "bad records")
	// Output:
	// 1 sports: "الوداد يفوز على الرجاء"
	// skipped: news.jsonl:2: missing field "label"
	// skipped: news.jsonl:3: field "text" is a number, want a string
	// 4 politics: "البرلمان\nالمصادقة على قانون المالية"
	// 2 bad records
}

// Split a scraped news page into its ticker headlines and its article.
func ExampleOpen() {
	r, err := corpus.Open("../testdata/pages/sample-page.txt", corpus.Options{Format: corpus.Page})
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	kinds := map[string]int{}
	for {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			log.Fatal(err)
		}
		kinds[rec.Kind]++
		if rec.Kind == "article" {
			fmt.Printf("article at line %d: %s\n", rec.Line, rec.Title)
		}
	}
	fmt.Println(kinds["headline"], "headlines")
	// Output:
	// article at line 8: تفكيك شبكة لتهريب المخدرات عبر ميناء مدينة ساحلية
	// 12 headlines
}
