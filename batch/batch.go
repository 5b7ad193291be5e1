// Package batch tags streams of records with a model on all cores, keeping
// the input order, with memory bounded whatever the input size; and writes
// the results as JSON Lines, CSV or TSV.
//
// It exists apart from package models because it is about running a model
// over a stream — ordering, back-pressure, bad records, output formats — not
// about the model; the CLI's tag command and library users share it.
package batch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"

	"github.com/tasnif/tasnif/classify"
	"github.com/tasnif/tasnif/corpus"
	"github.com/tasnif/tasnif/models"
)

// Source yields records; corpus.Reader is one. Next returns io.EOF at the
// end, and a *corpus.RecordError for a bad record after which it can go on.
type Source interface {
	Next() (corpus.Record, error)
}

// Result is one tagged record.
type Result struct {
	Record      corpus.Record
	Prediction  classify.Prediction
	Explanation *models.Explanation // with Options.ExplainTerms > 0
}

// Options tune a run.
type Options struct {
	// Workers is the number of tagging goroutines (0: one per CPU). With
	// one, Run reads, tags and emits on the calling goroutine alone.
	Workers int
	// TopK is how many labels each result's Scores holds (0: all).
	TopK int
	// MinConfidence tags a record Fallback when its best label's
	// probability is below it; the scores keep the best guess.
	MinConfidence float64
	Fallback      string
	// ExplainTerms > 0 adds an explanation with that many terms per side.
	ExplainTerms int
	// OnBadRecord is called, in input order, with each *corpus.RecordError
	// the source returns. Returning nil skips the record; returning an error
	// stops the run with it. Nil stops at the first bad record.
	OnBadRecord func(err *corpus.RecordError) error
	// ChunkSize is the number of records handed to a worker at once
	// (0: 64: small enough that the workers finish together). Memory in
	// flight is about 2 × Workers chunks.
	ChunkSize int
}

// Stats counts what a run did.
type Stats struct {
	Records int // tagged
	Bad     int // skipped bad records
	Bytes   int64
}

type chunk struct {
	seq     int
	records []corpus.Record
	results []Result
}

// Run tags every record of src with m and calls emit with the results in
// input order, from the calling goroutine. It stops at the first error from
// src (other than skipped bad records), from emit, or when ctx is done.
// When it returns it has stopped calling src and opt.OnBadRecord; so after
// an error or a cancellation it waits for a src.Next call in progress.
func Run(ctx context.Context, m *models.Model, src Source, emit func(*Result) error, opt Options) (Stats, error) {
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	size := opt.ChunkSize
	if size <= 0 {
		size = 64
	}
	if workers == 1 {
		return runSequential(ctx, m, src, emit, opt)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	var (
		stats    Stats
		todo     = make(chan *chunk, workers)
		done     = make(chan *chunk, workers)
		free     = make(chan *chunk, 2*workers+1) // recycled chunks; bounds memory in flight
		readErr  error
		wg       sync.WaitGroup
		inFlight = 2*workers + 1
	)
	for range inFlight {
		free <- &chunk{}
	}

	// Reader: fills chunks in order. Run waits for it to end, so that the
	// source and OnBadRecord are never used after Run returns (callers close
	// their inputs then) and stats.Bad and readErr are safe to read.
	readerDone := make(chan struct{})
	go func() {
		defer close(readerDone)
		defer close(todo)
		for seq := 0; ; seq++ {
			var c *chunk
			select {
			case c = <-free:
			case <-ctx.Done():
				return
			}
			c.seq, c.records = seq, c.records[:0]
			eof := false
			for len(c.records) < size {
				rec, err := src.Next()
				if err == io.EOF {
					eof = true
					break
				}
				if err != nil {
					if err = opt.skipBad(err); err == nil {
						stats.Bad++
						continue
					}
					readErr = err
					eof = true
					break
				}
				stats.Bytes += int64(len(rec.Title) + len(rec.Text))
				c.records = append(c.records, rec)
			}
			if len(c.records) > 0 {
				select {
				case todo <- c:
				case <-ctx.Done():
					return
				}
			}
			if eof {
				return
			}
		}
	}()

	// Workers: each with its own Tagger.
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := m.NewTagger()
			for c := range todo {
				c.results = c.results[:0]
				for i := range c.records {
					c.results = append(c.results, tag(t, &c.records[i], &opt))
				}
				select {
				case done <- c:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(done) }()

	// Writer (this goroutine): emits chunks in sequence order.
	pending := map[int]*chunk{}
	next := 0
	var emitErr error
	for c := range done {
		pending[c.seq] = c
		for emitErr == nil {
			c, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			for i := range c.results {
				if emitErr = emit(&c.results[i]); emitErr != nil {
					cancel()
					break
				}
				stats.Records++
			}
			c.records, c.results = c.records[:0], c.results[:0]
			free <- c
		}
		if emitErr != nil {
			cancel()
		}
	}
	// The workers have ended: through todo being closed, or because ctx is
	// done, and then the reader ends at its next select.
	<-readerDone
	if emitErr != nil {
		return stats, emitErr
	}
	if err := ctx.Err(); err != nil && readErr == nil {
		return stats, err
	}
	if readErr != nil {
		return stats, readErr
	}
	return stats, nil
}

// skipBad returns nil when err is a bad record that OnBadRecord says to
// skip, and otherwise the error that stops the run.
func (opt *Options) skipBad(err error) error {
	var re *corpus.RecordError
	if errors.As(err, &re) && opt.OnBadRecord != nil {
		return opt.OnBadRecord(re)
	}
	return err
}

// tag tags one record.
func tag(t *models.Tagger, rec *corpus.Record, opt *Options) Result {
	r := Result{Record: *rec}
	if opt.ExplainTerms > 0 {
		ex := t.ExplainString(rec.FullText(), opt.ExplainTerms)
		r.Prediction = trim(ex.Prediction, opt.TopK)
		r.Explanation = &ex
	} else {
		r.Prediction = t.TagTitled(rec.Title, rec.Text, opt.TopK)
	}
	if opt.Fallback != "" {
		r.Prediction = models.WithMinConfidence(r.Prediction, opt.MinConfidence, opt.Fallback)
	}
	return r
}

// runSequential is Run with one worker: reading, tagging and emitting on
// the calling goroutine, one record after the other. It uses one core and
// no more, so that one worker is the baseline two workers are measured
// against, and a library caller that wants no goroutines gets none.
func runSequential(ctx context.Context, m *models.Model, src Source, emit func(*Result) error, opt Options) (Stats, error) {
	var stats Stats
	t := m.NewTagger()
	for {
		if err := ctx.Err(); err != nil {
			return stats, err
		}
		rec, err := src.Next()
		if err == io.EOF {
			return stats, nil
		}
		if err != nil {
			if err = opt.skipBad(err); err == nil {
				stats.Bad++
				continue
			}
			return stats, err
		}
		stats.Bytes += int64(len(rec.Title) + len(rec.Text))
		r := tag(t, &rec, &opt)
		if err := emit(&r); err != nil {
			return stats, err
		}
		stats.Records++
	}
}

// trim keeps the top k scores (all when k <= 0).
func trim(p classify.Prediction, k int) classify.Prediction {
	if k > 0 && k < len(p.Scores) {
		p.Scores = p.Scores[:k]
	}
	return p
}

// errWriter remembers the first write error so that formatting code stays flat.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	if err != nil {
		e.err = fmt.Errorf("writing results: %w", err)
	}
	return n, e.err
}
