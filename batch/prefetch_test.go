package batch_test

import (
	"errors"
	"io"
	"reflect"
	"testing"
	"time"

	"github.com/tasnif/tasnif/batch"
	"github.com/tasnif/tasnif/corpus"
)

// drain reads src to its end: every record or error, the ending error last.
func drain(src batch.Source) []any {
	var out []any
	for {
		rec, err := src.Next()
		var re *corpus.RecordError
		switch {
		case err == nil:
			out = append(out, rec)
		case errors.As(err, &re):
			out = append(out, re.Error())
		default:
			return append(out, err.Error())
		}
	}
}

func TestPrefetchKeepsOrderAndErrors(t *testing.T) {
	boom := errors.New("disk on fire")
	sources := map[string]func() batch.Source{
		"records and bad records": func() batch.Source {
			return &sliceSource{recs: generate(500), bad: map[int]bool{0: true, 7: true, 499: true}}
		},
		"empty":      func() batch.Source { return &sliceSource{} },
		"read error": func() batch.Source { return &errSource{n: 40, err: boom} },
	}
	for name, open := range sources {
		for _, n := range []int{1, 1000, 1 << 20} { // bytes ahead: one record at a time, a few, all
			want := drain(open())
			p := batch.Prefetch(open(), n)
			got := drain(p)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%s, %d bytes ahead: %d results differ from reading directly (%d)", name, n, len(got), len(want))
			}
			// The end is returned again, and Close after the end is fine.
			if _, err := p.Next(); err == nil || err.Error() != want[len(want)-1] {
				t.Fatalf("%s: Next after the end = %v", name, err)
			}
			p.Close()
		}
	}
}

// TestPrefetchClose stops a prefetcher of an endless, slow source half-way:
// Close returns, and no Next of the source runs after it.
func TestPrefetchClose(t *testing.T) {
	src := &sliceSource{recs: generate(10000), delay: time.Microsecond}
	p := batch.Prefetch(src, 1000)
	for range 20 {
		if _, err := p.Next(); err != nil {
			t.Fatal(err)
		}
	}
	p.Close()
	src.closed.Store(true)
	time.Sleep(10 * time.Millisecond)
	if src.lateCall.Load() {
		t.Fatal("the source was read after Close returned")
	}
	if _, err := p.Next(); err == nil || err == io.EOF {
		t.Fatalf("Next after Close = %v", err)
	}
}
