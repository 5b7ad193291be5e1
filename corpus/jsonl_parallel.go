package corpus

import (
	"errors"
	"sync"
)

// jsonlPipeline parses JSONL on several goroutines: one reads lines into
// blocks, workers parse whole blocks, and next hands the records out in
// input order. Parsing (JSON, UTF-8 validation, unescaping) is most of the
// cost of reading a corpus; reading lines is a small serial part.
type jsonlPipeline struct {
	order chan *jsonlBlock // blocks in input order, parsed or being parsed
	quit  chan struct{}    // closed by stop
	once  sync.Once
	cur   *jsonlBlock
	pos   int
	end   error // the error that ended reading, once reached
}

// jsonlBlock is a run of consecutive lines, parsed together.
type jsonlBlock struct {
	buf   []byte  // the lines' bytes, copied: the line reader reuses its buffer
	ends  []int   // line i is buf[ends[i-1]:ends[i]]
	nums  []int   // line numbers
	lerrs []error // per line: a RecordError from reading it (too long), or nil
	final error   // after the lines: what ended reading (io.EOF, a read error), or nil
	items []jsonlItem
	done  chan struct{} // closed when items are ready
}

type jsonlItem struct {
	rec  Record
	err  error
	skip bool
}

// Blocks end at this many lines or bytes, or when the input has no more
// bytes buffered (so that a pipe gets its records without waiting for a
// full block).
const (
	jsonlBlockLines = 256
	jsonlBlockBytes = 1 << 20
)

// blockBuffers recycles the blocks' line buffers: without it, reading a
// corpus allocates, and the garbage collector clears, its size again.
var blockBuffers = make(chan []byte, 16)

func getBlockBuffer() []byte {
	select {
	case b := <-blockBuffers:
		return b[:0]
	default:
		// Reading a file, a block mostly ends with bufio's 64 KB buffer;
		// a recycled buffer keeps whatever it grew to.
		return make([]byte, 0, 128<<10)
	}
}

func putBlockBuffer(b []byte) {
	select {
	case blockBuffers <- b:
	default:
	}
}

func startJSONLPipeline(lr *lineReader, opt Options) *jsonlPipeline {
	workers := opt.Workers
	p := &jsonlPipeline{order: make(chan *jsonlBlock, 2*workers), quit: make(chan struct{})}
	work := make(chan *jsonlBlock, 2*workers)
	go p.read(lr, work)
	for range workers {
		go func() {
			jp := jsonlParser{opt: opt}
			for b := range work {
				b.parse(&jp, lr.name)
			}
		}()
	}
	return p
}

// read fills blocks from lr and sends each to the workers and to next.
func (p *jsonlPipeline) read(lr *lineReader, work chan<- *jsonlBlock) {
	defer close(work)
	defer close(p.order)
	for {
		b := &jsonlBlock{done: make(chan struct{}), buf: getBlockBuffer()}
		for b.final == nil && len(b.ends) < jsonlBlockLines && len(b.buf) < jsonlBlockBytes {
			line, err := lr.next()
			switch {
			case err == nil:
				b.buf = append(b.buf, line...)
				b.lerrs = append(b.lerrs, nil)
			case err == errLineTooLong:
				b.lerrs = append(b.lerrs, lr.fail(err))
			default:
				b.final = lr.fail(err)
				continue
			}
			b.ends = append(b.ends, len(b.buf))
			b.nums = append(b.nums, lr.line)
			if lr.br.Buffered() == 0 {
				break
			}
		}
		select {
		case work <- b:
		case <-p.quit:
			return
		}
		select {
		case p.order <- b:
		case <-p.quit:
			return
		}
		if b.final != nil {
			return
		}
	}
}

func (b *jsonlBlock) parse(jp *jsonlParser, name string) {
	b.items = make([]jsonlItem, len(b.ends))
	start := 0
	for i, end := range b.ends {
		it := &b.items[i]
		if b.lerrs[i] != nil {
			it.err = b.lerrs[i]
		} else {
			rec, skip, err := jp.parseLine(b.buf[start:end])
			switch {
			case err != nil:
				it.err = &RecordError{Source: name, Line: b.nums[i], Err: err}
			case skip:
				it.skip = true
			default:
				rec.Source, rec.Line = name, b.nums[i]
				it.rec = rec
			}
		}
		start = end
	}
	if cap(b.buf) <= 2*jsonlBlockBytes { // not one grown by a huge line
		putBlockBuffer(b.buf)
	}
	b.buf = nil
	close(b.done)
}

func (p *jsonlPipeline) next() (Record, error) {
	for {
		if p.end != nil {
			return Record{}, p.end
		}
		if p.cur == nil {
			b, ok := <-p.order
			if !ok {
				// Only after stop: read sends a final error before closing.
				p.end = errReadAfterStop
				continue
			}
			<-b.done
			p.cur, p.pos = b, 0
		}
		if p.pos == len(p.cur.items) {
			if p.cur.final != nil {
				p.end = p.cur.final
			}
			p.cur = nil
			continue
		}
		it := p.cur.items[p.pos]
		p.pos++
		if it.skip {
			continue
		}
		return it.rec, it.err
	}
}

// stop ends the goroutines; blocks being parsed finish in the background.
func (p *jsonlPipeline) stop() {
	p.once.Do(func() { close(p.quit) })
}

// errReadAfterStop is what next returns after stop; Reader.Next does not
// get there, as it refuses to read after Close.
var errReadAfterStop = errors.New("read after Close")
