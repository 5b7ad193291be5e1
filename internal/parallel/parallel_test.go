package parallel

import (
	"sync/atomic"
	"testing"
)

func TestRanges(t *testing.T) {
	for _, c := range []struct{ n, workers, minN int }{
		{0, 4, 1}, {1, 4, 1}, {10, 1, 1}, {10, 4, 100}, {1000, 3, 1}, {1001, 2, 1}, {7, 16, 1},
	} {
		seen := make([]atomic.Int32, c.n)
		var calls atomic.Int32
		Ranges(c.n, c.workers, c.minN, func(lo, hi int) {
			calls.Add(1)
			for i := lo; i < hi; i++ {
				seen[i].Add(1)
			}
		})
		for i := range seen {
			if seen[i].Load() != 1 {
				t.Fatalf("%+v: index %d handled %d times", c, i, seen[i].Load())
			}
		}
		if (c.workers < 2 || c.n < c.minN) && calls.Load() != 1 {
			t.Fatalf("%+v: %d calls, want 1 on the calling goroutine", c, calls.Load())
		}
	}
}
