// Package parallel splits a loop over an index range between goroutines.
//
// It exists because two packages, features (building a vocabulary) and
// classify (estimating naive Bayes weights), need the same helper, and
// neither should import the other's internals for it.
package parallel

import "sync"

// Ranges calls fn on consecutive ranges [lo, hi) that cover [0, n), one per
// worker, and waits for them. With fewer than two workers, or fewer than
// minN items, it calls fn(0, n) on the calling goroutine: starting
// goroutines costs more than a short loop. fn must handle each index on its
// own (no index's result may depend on another's), so that the result is
// the same on any number of workers.
func Ranges(n, workers, minN int, fn func(lo, hi int)) {
	if workers < 2 || n < minN {
		fn(0, n)
		return
	}
	var wg sync.WaitGroup
	step := (n + workers - 1) / workers
	for lo := 0; lo < n; lo += step {
		wg.Go(func() { fn(lo, min(lo+step, n)) })
	}
	wg.Wait()
}
