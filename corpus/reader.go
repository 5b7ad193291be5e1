package corpus

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
)

// Reader reads records one at a time.
type Reader struct {
	name    string
	next    func() (Record, error) // the format's reader
	closers []io.Closer            // closed by Close, in order
	err     error                  // what ended reading; Next returns it again
}

// readBufferSize is the bufio buffer size: large enough that most lines
// are handed out without a copy.
const readBufferSize = 64 << 10

// Open opens path ("-" = os.Stdin, not closed by Close) in the given
// options' format. A path ending in .gz is decompressed transparently. For
// Dir, path is the root directory.
func Open(path string, opt Options) (*Reader, error) {
	if err := checkOptions(path, opt); err != nil {
		return nil, err
	}
	if opt.Format == Dir {
		return openDir(path, opt)
	}
	if path == "-" {
		return NewReader(os.Stdin, "-", opt)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		f.Close()
		return nil, fmt.Errorf("%s is a directory (only the dir format reads one)", path)
	}
	var in io.Reader = f
	closers := []io.Closer{f}
	if strings.HasSuffix(strings.ToLower(path), ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			f.Close()
			if err == io.EOF {
				err = errors.New("empty file")
			}
			return nil, fmt.Errorf("%s: not gzip data: %w", path, err)
		}
		in = zr
		closers = []io.Closer{zr, f}
	}
	r, err := NewReader(in, path, opt)
	if err != nil {
		for _, c := range closers {
			c.Close()
		}
		return nil, err
	}
	r.closers = append(r.closers, closers...) // the format reader first: it may still read the file
	return r, nil
}

// NewReader reads from r; name is used in error messages. The Dir format is
// not possible here: it needs a directory, see Open.
func NewReader(r io.Reader, name string, opt Options) (*Reader, error) {
	if err := checkOptions(name, opt); err != nil {
		return nil, err
	}
	if opt.Format == Dir {
		return nil, fmt.Errorf("%s: the dir format reads a directory: use Open", name)
	}
	opt = opt.withDefaults()
	br := bufio.NewReaderSize(r, readBufferSize)
	rd := &Reader{name: name}
	switch opt.Format {
	case JSONL:
		j := newJSONLReader(br, name, opt)
		rd.next = j.next
		rd.closers = append(rd.closers, j)
	case CSV:
		d, err := newDelimitedReader(br, name, opt)
		if err != nil {
			return nil, err
		}
		rd.next = d.next
	case TSV:
		t, err := newTSVReader(br, name, opt)
		if err != nil {
			return nil, err
		}
		rd.next = t.next
	case FastText:
		rd.next = newFastTextReader(br, name, opt).next
	case Lines:
		rd.next = newPlainReader(br, name, opt).next
	case Page:
		rd.next = newPageReader(br, name, opt).next
	}
	return rd, nil
}

// checkOptions rejects options no reader can follow.
func checkOptions(name string, opt Options) error {
	if opt.Format == "" {
		return fmt.Errorf("%s: no format given (use DetectFormat, or --format with one of: %s)", name, formatNames())
	}
	if f, err := ParseFormat(string(opt.Format)); err != nil || f != opt.Format {
		return fmt.Errorf("%s: unknown format %q (want one of: %s)", name, opt.Format, formatNames())
	}
	if opt.RequireLabel && !opt.Format.labelled() {
		// Fail at once rather than reject every record.
		return fmt.Errorf("%s: the %s format has no labels (labelled data is jsonl, csv, tsv, fasttext or dir)", name, opt.Format)
	}
	return nil
}

// Next returns the next record, io.EOF at the end, or a *RecordError for a
// bad record. After a *RecordError, calling Next again continues with the
// following record, so callers can skip bad records and count them; after
// any other error the reader is done and Next returns that error again.
func (r *Reader) Next() (Record, error) {
	if r.err != nil {
		return Record{}, r.err
	}
	if r.next == nil {
		return Record{}, errors.New("corpus: Reader not made by Open or NewReader")
	}
	rec, err := r.next()
	if err != nil {
		if _, ok := err.(*RecordError); !ok {
			r.err = err
		}
		return Record{}, err
	}
	return rec, nil
}

// Close releases the input. It does not close standard input.
func (r *Reader) Close() error {
	var first error
	for _, c := range r.closers {
		if err := c.Close(); err != nil && first == nil {
			first = err
		}
	}
	r.closers = nil
	if r.err == nil {
		r.err = fmt.Errorf("%s: read after Close", r.name)
	}
	return first
}

// ReadAll reads every record of the files, in order: the convenient way to
// load a labelled set into memory. Each file is read in opt.Format or, when
// that is empty, in the format DetectFormat picks for it (labelled when
// opt.RequireLabel is set). JSONL is parsed on all CPUs unless opt.Workers
// says otherwise. It stops at the first error, a bad record included; read
// with Open and Next to skip bad records instead.
func ReadAll(paths []string, opt Options) ([]Record, error) {
	if opt.Workers == 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	var out []Record
	for _, p := range paths {
		o := opt
		if o.Format == "" {
			f, err := DetectFormat(p, opt.RequireLabel)
			if err != nil {
				return nil, err
			}
			o.Format = f
		}
		r, err := Open(p, o)
		if err != nil {
			return nil, err
		}
		for {
			rec, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				r.Close()
				return nil, err
			}
			out = append(out, rec)
		}
		if err := r.Close(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
