package main

import (
	"sync/atomic"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"
)

// progress is a progress bar on stderr, drawn only when stderr is a
// terminal; otherwise it does nothing, so that logs and pipes stay clean.
type progress struct {
	p   *mpb.Progress
	bar *mpb.Bar
	cur atomic.Int64
}

// newProgress starts a bar for total steps; enabled false gives a no-op bar.
func newProgress(s *IOStreams, enabled bool, total int, name string) *progress {
	pr := &progress{}
	if !enabled || !s.ErrTerminal || total < 1000 {
		return pr
	}
	pr.p = mpb.New(mpb.WithOutput(s.ErrOut), mpb.WithWidth(40))
	pr.bar = pr.p.AddBar(int64(total),
		mpb.PrependDecorators(decor.Name(name+" "), decor.CountersNoUnit("%d / %d")),
		mpb.AppendDecorators(decor.Percentage(), decor.Name(" "), decor.EwmaETA(decor.ET_STYLE_GO, 30)),
	)
	return pr
}

// set records that n steps are done; safe for concurrent use.
func (pr *progress) set(n int) {
	if pr.bar == nil {
		return
	}
	for {
		old := pr.cur.Load()
		if int64(n) <= old {
			return
		}
		if pr.cur.CompareAndSwap(old, int64(n)) {
			pr.bar.SetCurrent(int64(n))
			return
		}
	}
}

// done completes the bar and waits for it to be drawn.
func (pr *progress) done() {
	if pr.bar == nil {
		return
	}
	pr.bar.SetTotal(-1, true)
	pr.p.Wait()
}
