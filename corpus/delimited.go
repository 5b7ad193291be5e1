package corpus

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// delimitedReader reads CSV and TSV with encoding/csv: a header row naming
// the columns, then one record per row. CSV follows RFC 4180 strictly; TSV
// takes quotes lazily (csv.Reader.LazyQuotes), since TSV files are rarely
// quoted and a quote inside a field is text. One case remains: a TSV field
// that starts with a quote is a quoted field, so a headline like
// `"الوداد" يفوز` runs on, across lines, to the next quote that is followed
// by a tab or a line end. TestTSV shows it.
type delimitedReader struct {
	name   string
	opt    Options
	cr     *csv.Reader
	lim    *limiter
	header []string
	// Column indexes; -1 when the column is absent.
	text, title, label, id int
}

func newDelimitedReader(br *bufio.Reader, name string, opt Options) (*delimitedReader, error) {
	skipBOM(br)
	comma := ','
	if opt.Format == TSV {
		comma = '\t'
	}
	lim := newLimiter(br, byte(comma), opt.Format == TSV, opt.MaxLineBytes)
	cr := csv.NewReader(lim)
	cr.Comma = comma
	cr.LazyQuotes = opt.Format == TSV
	cr.FieldsPerRecord = -1 // checked here, to report the counts
	cr.ReuseRecord = true
	d := &delimitedReader{name: name, opt: opt, cr: cr, lim: lim, text: -1, title: -1, label: -1, id: -1}

	header, err := cr.Read()
	if err == io.EOF {
		return d, nil // an empty input has no records
	}
	line := 1
	var pe *csv.ParseError
	switch {
	case errors.As(err, &pe):
		line = pe.StartLine
		if lim.cut(line) {
			return nil, fmt.Errorf("%s:%d: header row longer than %d bytes", name, line, opt.MaxLineBytes)
		}
		return nil, fmt.Errorf("%s:%d: bad header row: %v", name, line, pe.Err)
	case err != nil:
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	line, _ = cr.FieldPos(0)
	if lim.cut(line) {
		return nil, fmt.Errorf("%s:%d: header row longer than %d bytes", name, line, opt.MaxLineBytes)
	}
	d.header = make([]string, len(header))
	for i, h := range header {
		if err := checkUTF8([]byte(h)); err != nil {
			return nil, fmt.Errorf("%s:%d: header column %d: %v", name, line, i+1, err)
		}
		d.header[i] = strings.TrimSpace(h)
	}
	d.text = d.column(opt.TextField)
	d.title = d.column(opt.TitleField)
	d.label = d.column(opt.LabelField)
	d.id = d.column(opt.IDField)
	if d.text < 0 {
		return nil, d.missingColumn(line, opt.TextField)
	}
	if d.label < 0 && opt.RequireLabel {
		return nil, d.missingColumn(line, opt.LabelField)
	}
	return d, nil
}

// column returns the index of the first column called name, or -1.
func (d *delimitedReader) column(name string) int {
	if name == "" {
		return -1
	}
	for i, h := range d.header {
		if h == name {
			return i
		}
	}
	return -1
}

func (d *delimitedReader) missingColumn(line int, name string) error {
	cols := make([]string, len(d.header))
	for i, h := range d.header {
		cols[i] = strconv.Quote(h)
	}
	return fmt.Errorf("%s:%d: no column %q in the header (its columns: %s)", d.name, line, name, strings.Join(cols, ", "))
}

func (d *delimitedReader) next() (Record, error) {
	if d.header == nil {
		return Record{}, io.EOF
	}
	row, err := d.cr.Read()
	if err == io.EOF {
		return Record{}, io.EOF
	}
	if err != nil {
		var pe *csv.ParseError
		if !errors.As(err, &pe) {
			return Record{}, fmt.Errorf("%s: %w", d.name, err)
		}
		if d.lim.cut(pe.StartLine) {
			return Record{}, d.tooLong(pe.StartLine)
		}
		msg := pe.Err.Error()
		if pe.Line != pe.StartLine {
			msg += fmt.Sprintf(" (line %d, byte %d)", pe.Line, pe.Column)
		} else {
			msg += fmt.Sprintf(" (byte %d)", pe.Column)
		}
		return Record{}, &RecordError{Source: d.name, Line: pe.StartLine, Err: errors.New(msg)}
	}
	line, _ := d.cr.FieldPos(0)
	fail := func(err error) (Record, error) {
		return Record{}, &RecordError{Source: d.name, Line: line, Err: err}
	}
	if d.lim.cut(line) {
		return Record{}, d.tooLong(line)
	}
	if len(row) != len(d.header) {
		return fail(fmt.Errorf("%d fields, but the header has %d", len(row), len(d.header)))
	}
	for i, f := range row {
		if err := checkUTF8([]byte(f)); err != nil {
			return fail(fmt.Errorf("column %q: %v", d.header[i], err))
		}
	}
	rec := Record{Text: row[d.text], Source: d.name, Line: line}
	if d.title >= 0 {
		rec.Title = row[d.title]
	}
	if d.label >= 0 {
		rec.Label = strings.TrimSpace(row[d.label])
	}
	if d.id >= 0 {
		rec.ID = row[d.id]
	}
	if d.opt.RequireLabel && rec.Label == "" {
		return fail(fmt.Errorf("empty %q column", d.opt.LabelField))
	}
	return rec, nil
}

func (d *delimitedReader) tooLong(line int) error {
	return &RecordError{Source: d.name, Line: line, Err: fmt.Errorf("record longer than %d bytes (skipped)", d.opt.MaxLineBytes)}
}

// limiter sits between the input and encoding/csv, which holds a whole
// record in memory however long it is. The limiter follows the quoting
// just well enough to know where records end, and cuts every record longer
// than max bytes: it drops the rest of the record, closing an open quote
// first so that csv still sees a well-formed record, and keeps every
// newline so that csv's line numbers stay right. It notes the start line
// of each record it cut; the reader reports those records as too long
// instead of returning their truncated text.
type limiter struct {
	r    io.Reader
	sep  byte
	lazy bool // csv.Reader.LazyQuotes
	max  int

	buf  []byte
	in   []byte // read from r, not yet handled
	err  error  // the error r returned; passed on when in is empty
	pend []byte // bytes to write before anything else

	st       quoteState
	n        int   // bytes of the current record, not counting '\r'
	line     int   // current line
	start    int   // line where the current record started
	skipping bool  // the current record has been cut
	cuts     []int // start lines of the cut records, in order

	special [256]bool // the bytes that can change the state: sep, '"', '\r', '\n'
}

type quoteState uint8

const (
	fieldStart   quoteState = iota // at the start of a field
	unquoted                       // in a field that does not start with a quote
	quoted                         // in a quoted field
	quoteInQuote                   // just after a quote in a quoted field: its end, or the first of ""
)

func newLimiter(r io.Reader, sep byte, lazy bool, max int) *limiter {
	l := &limiter{r: r, sep: sep, lazy: lazy, max: max, buf: make([]byte, 32<<10), line: 1, start: 1}
	for _, c := range []byte{sep, '"', '\r', '\n'} {
		l.special[c] = true
	}
	return l
}

func (l *limiter) Read(p []byte) (int, error) {
	n := 0
	put := func(c byte) {
		if n < len(p) {
			p[n] = c
			n++
		} else {
			l.pend = append(l.pend, c)
		}
	}
	for n < len(p) {
		if len(l.pend) > 0 {
			c := copy(p[n:], l.pend)
			n += c
			l.pend = l.pend[c:]
			continue
		}
		if len(l.in) == 0 {
			if n > 0 {
				return n, nil
			}
			if l.err != nil {
				return 0, l.err
			}
			m, err := l.r.Read(l.buf)
			l.in, l.err = l.buf[:m], err
			continue
		}
		if l.st == unquoted || l.st == quoted {
			// Fast path: pass on (or drop, in a cut record) the bytes up
			// to the next one that matters.
			lim := len(l.in)
			if !l.skipping {
				lim = min(lim, len(p)-n, l.max-l.n)
			}
			k := 0
			for k < lim && !l.special[l.in[k]] {
				k++
			}
			if k > 0 {
				if !l.skipping {
					copy(p[n:], l.in[:k])
					n += k
					l.n += k
				}
				l.in = l.in[k:]
				continue
			}
		}
		c := l.in[0]
		l.in = l.in[1:]

		before := l.st
		end := false // c is the newline that ends the record
		switch l.st {
		case fieldStart:
			switch c {
			case '"':
				l.st = quoted
			case l.sep:
			case '\n':
				end = true
			default:
				l.st = unquoted
			}
		case unquoted:
			// Strict csv rejects a quote here and goes on at the next
			// line, as this does.
			switch c {
			case l.sep:
				l.st = fieldStart
			case '\n':
				end = true
			}
		case quoted:
			if c == '"' {
				l.st = quoteInQuote
			}
		case quoteInQuote:
			switch c {
			case '"':
				l.st = quoted
			case l.sep:
				l.st = fieldStart
			case '\n':
				end = true
			case '\r': // "\r\n" ends the line like '\n'
			default:
				// Lazy csv keeps the quote as text; strict csv
				// rejects the record and goes on at the next line.
				if l.lazy {
					l.st = quoted
				} else {
					l.st = unquoted
				}
			}
		}

		if end {
			put('\n')
			l.line++
			l.st, l.n, l.skipping, l.start = fieldStart, 0, false, l.line
			continue
		}
		if c == '\n' {
			l.line++
		}
		if !l.skipping && c != '\r' {
			l.n++
			if l.n > l.max {
				l.skipping = true
				l.cuts = append(l.cuts, l.start)
				if before == quoted {
					put('"')
				}
			}
		}
		if !l.skipping || c == '\n' {
			put(c)
		}
	}
	return n, nil
}

// cut reports whether the record starting at line was cut, forgetting
// cuts up to that line.
func (l *limiter) cut(line int) bool {
	found := false
	for len(l.cuts) > 0 && l.cuts[0] <= line {
		found = true
		l.cuts = l.cuts[1:]
	}
	return found
}
