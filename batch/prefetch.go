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
//
// How far it reads ahead is bounded in bytes of record text, not in
// records: a bound of 512 records was 1.7 MB of hespress articles, parsed
// in the first 10 ms of a model load that takes 50, after which the
// reading core sat idle; a thousand 10 MB pages, on the other hand, would
// have held 10 GB.
type Prefetcher struct {
	mu       sync.Mutex
	notEmpty sync.Cond // signalled when an item is queued or reading ends
	notFull  sync.Cond // signalled when an item leaves the queue or Close is called
	queue    []prefetched
	head     int // queue[head:] are waiting
	bytes    int // text bytes of the waiting records
	maxBytes int
	ended    bool // the reading goroutine has returned
	quit     bool // Close was called

	done   chan struct{}
	closed atomic.Bool
	end    error // the error that ended the source, once Next reached it
}

type prefetched struct {
	rec   corpus.Record
	err   error
	bytes int
}

// Prefetch starts reading src ahead, holding records up to about maxBytes
// of text (and always at least one record). Call Close when done, before
// closing what src reads.
func Prefetch(src Source, maxBytes int) *Prefetcher {
	p := &Prefetcher{maxBytes: maxBytes, done: make(chan struct{})}
	p.notEmpty.L, p.notFull.L = &p.mu, &p.mu
	go p.read(src)
	return p
}

func (p *Prefetcher) read(src Source) {
	defer close(p.done)
	defer func() {
		p.mu.Lock()
		p.ended = true
		p.notEmpty.Broadcast()
		p.mu.Unlock()
	}()
	for {
		rec, err := src.Next()
		it := prefetched{rec, err, recordBytes(rec)}
		p.mu.Lock()
		for p.bytes > 0 && p.bytes+it.bytes > p.maxBytes && !p.quit {
			p.notFull.Wait()
		}
		if p.quit {
			p.mu.Unlock()
			return
		}
		p.queue = append(p.queue, it)
		p.bytes += it.bytes
		p.notEmpty.Signal()
		p.mu.Unlock()
		var re *corpus.RecordError
		if err != nil && !errors.As(err, &re) {
			return // io.EOF or an error that ends the source
		}
	}
}

// recordBytes is what a record holds in memory, near enough.
func recordBytes(r corpus.Record) int {
	return len(r.ID) + len(r.Title) + len(r.Text) + len(r.Label) + 64
}

// Next implements Source.
func (p *Prefetcher) Next() (corpus.Record, error) {
	if p.end != nil {
		return corpus.Record{}, p.end
	}
	p.mu.Lock()
	for p.head == len(p.queue) && !p.ended {
		p.notEmpty.Wait()
	}
	if p.head == len(p.queue) || p.closed.Load() {
		p.mu.Unlock()
		p.end = errors.New("batch: Prefetcher read after Close")
		return corpus.Record{}, p.end
	}
	it := p.queue[p.head]
	p.queue[p.head] = prefetched{} // let the record go once tagged
	p.head++
	if p.head == len(p.queue) {
		p.queue, p.head = p.queue[:0], 0
	} else if p.head >= 1024 && 2*p.head >= len(p.queue) {
		n := copy(p.queue, p.queue[p.head:])
		clear(p.queue[n:])
		p.queue, p.head = p.queue[:n], 0
	}
	p.bytes -= it.bytes
	p.notFull.Signal()
	p.mu.Unlock()
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
	p.mu.Lock()
	p.quit = true
	p.notFull.Broadcast()
	p.mu.Unlock()
	<-p.done
}

var _ Source = (*Prefetcher)(nil)
