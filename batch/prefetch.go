package batch

import (
	"errors"
	"sync"
	"sync/atomic"

	"github.com/tasnif/tasnif/corpus"
)

// Prefetcher is a Source that reads another one ahead, on a goroutine of
// its own, from the moment it is made: the tag command starts reading and
// parsing its input while the model loads, on the core that loading leaves
// idle. Records and errors come out in the order the source gave them.
type Prefetcher struct {
	items  chan prefetched
	quit   chan struct{}
	done   chan struct{}
	once   sync.Once
	closed atomic.Bool
	end    error // the error that ended the source, once Next reached it
}

type prefetched struct {
	rec corpus.Record
	err error
}

// Prefetch starts reading src ahead, holding up to n records. Call Close
// when done, before closing what src reads.
func Prefetch(src Source, n int) *Prefetcher {
	p := &Prefetcher{items: make(chan prefetched, max(n, 1)), quit: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(p.done)
		defer close(p.items)
		for {
			rec, err := src.Next()
			select {
			case p.items <- prefetched{rec, err}:
			case <-p.quit:
				return
			}
			var re *corpus.RecordError
			if err != nil && !errors.As(err, &re) {
				return // io.EOF or an error that ends the source
			}
		}
	}()
	return p
}

// Next implements Source.
func (p *Prefetcher) Next() (corpus.Record, error) {
	if p.end != nil {
		return corpus.Record{}, p.end
	}
	it, ok := <-p.items
	if !ok || p.closed.Load() {
		p.end = errors.New("batch: Prefetcher read after Close")
		return corpus.Record{}, p.end
	}
	var re *corpus.RecordError
	if it.err != nil && !errors.As(it.err, &re) {
		p.end = it.err
	}
	return it.rec, it.err
}

// Close stops reading ahead and waits until the goroutine no longer uses
// the source (it may be blocked in src.Next until that returns).
func (p *Prefetcher) Close() {
	p.closed.Store(true)
	p.once.Do(func() { close(p.quit) })
	<-p.done
}

var _ Source = (*Prefetcher)(nil)
