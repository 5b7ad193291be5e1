package batch_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/tasnif/tasnif/batch"
	"github.com/tasnif/tasnif/corpus"
	"github.com/tasnif/tasnif/models"
)

// ExampleRun tags a JSON Lines stream with the embedded model on all cores;
// the results come back in the input's order.
func ExampleRun() {
	input := `{"id": "n1", "text": "توقعات أحوال الطقس ليوم غد الإثنين"}
{"id": "n2", "text": "الدرك الملكي يحجز مخدرات بالجديدة"}
{"id": "n3", "text": "الوداد يفوز على الرجاء في الديربي"}
{"id": "n4", "text": "البرلمان يصادق على مشروع قانون المالية"}
`
	src, err := corpus.NewReader(strings.NewReader(input), "news.jsonl", corpus.Options{Format: corpus.JSONL})
	if err != nil {
		panic(err)
	}
	m, err := models.Default()
	if err != nil {
		panic(err)
	}
	stats, err := batch.Run(context.Background(), m, src, func(r *batch.Result) error {
		fmt.Println(r.Record.ID, r.Prediction.Label)
		return nil
	}, batch.Options{TopK: 1})
	if err != nil {
		panic(err)
	}
	fmt.Println(stats.Records, "tagged")
	// Output:
	// n1 weather
	// n2 security
	// n3 sports
	// n4 politics
	// 4 tagged
}

// ExamplePrefetch starts reading the input before the model is loaded, as
// the tag command does, so that both go on at once.
func ExamplePrefetch() {
	in, err := corpus.NewReader(strings.NewReader(`{"text": "الوداد يفوز على الرجاء في الديربي"}`+"\n"), "news.jsonl", corpus.Options{Format: corpus.JSONL})
	if err != nil {
		panic(err)
	}
	src := batch.Prefetch(in, 1<<20) // up to a megabyte of records ahead
	defer src.Close()
	m, err := models.Default()
	if err != nil {
		panic(err)
	}
	batch.Run(context.Background(), m, src, func(r *batch.Result) error {
		fmt.Println(r.Prediction.Label)
		return nil
	}, batch.Options{})
	// Output: sports
}
