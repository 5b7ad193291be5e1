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

// delimitedReader reads CSV with encoding/csv, following RFC 4180 strictly:
// a header row naming the columns, then one record per row; quoted fields
// may hold commas, quotes ("") and newlines. TSV has its own reader (tsv.go).
type delimitedReader struct {
	columns
	cr  *csv.Reader
	lim *limiter
}

func newDelimitedReader(br *bufio.Reader, name string, opt Options) (*delimitedReader, error) {
	skipBOM(br)
	lim := newLimiter(br, ',', opt.MaxLineBytes)
	cr := csv.NewReader(lim)
	cr.FieldsPerRecord = -1 // checked here, to report the counts
	cr.ReuseRecord = true
	d := &delimitedReader{columns: columns{name: name, opt: opt}, cr: cr, lim: lim}

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
	if err := d.setHeader(header, line); err != nil {
		return nil, err
	}
	return d, nil
}

// columns maps a header row's column names to the fields of a Record; CSV
// and TSV share it.
type columns struct {
	name   string
	opt    Options
	header []string // nil before the header is read (an empty input)
	// Column indexes; -1 when the column is absent.
	text, title, label, id int
}

// setHeader reads the header row found at line.
func (c *columns) setHeader(header []string, line int) error {
	c.header = make([]string, len(header))
	for i, h := range header {
		if err := checkUTF8([]byte(h)); err != nil {
			return fmt.Errorf("%s:%d: header column %d: %v", c.name, line, i+1, err)
		}
		c.header[i] = strings.TrimSpace(h)
	}
	c.text = c.column(c.opt.TextField)
	c.title = c.column(c.opt.TitleField)
	c.label = c.column(c.opt.LabelField)
	c.id = c.column(c.opt.IDField)
	if c.text < 0 {
		return c.missingColumn(line, c.opt.TextField)
	}
	if c.label < 0 && c.opt.RequireLabel {
		return c.missingColumn(line, c.opt.LabelField)
	}
	return nil
}

// column returns the index of the first column called name, or -1.
func (c *columns) column(name string) int {
	if name == "" {
		return -1
	}
	for i, h := range c.header {
		if h == name {
			return i
		}
	}
	return -1
}

func (c *columns) missingColumn(line int, name string) error {
	cols := make([]string, len(c.header))
	for i, h := range c.header {
		cols[i] = strconv.Quote(h)
	}
	return fmt.Errorf("%s:%d: no column %q in the header (its columns: %s)", c.name, line, name, strings.Join(cols, ", "))
}

// record builds the Record of a row found at line.
func (c *columns) record(row []string, line int) (Record, error) {
	fail := func(err error) (Record, error) {
		return Record{}, &RecordError{Source: c.name, Line: line, Err: err}
	}
	if len(row) != len(c.header) {
		return fail(fmt.Errorf("%d fields, but the header has %d", len(row), len(c.header)))
	}
	for i, f := range row {
		if err := checkUTF8([]byte(f)); err != nil {
			return fail(fmt.Errorf("column %q: %v", c.header[i], err))
		}
	}
	rec := Record{Text: row[c.text], Source: c.name, Line: line}
	if c.title >= 0 {
		rec.Title = row[c.title]
	}
	if c.label >= 0 {
		rec.Label = strings.TrimSpace(row[c.label])
	}
	if c.id >= 0 {
		rec.ID = row[c.id]
	}
	if c.opt.RequireLabel && rec.Label == "" {
		return fail(fmt.Errorf("empty %q column", c.opt.LabelField))
	}
	return rec, nil
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
	if d.lim.cut(line) {
		return Record{}, d.tooLong(line)
	}
	return d.record(row, line)
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
	r   io.Reader
	sep byte
	max int

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

func newLimiter(r io.Reader, sep byte, max int) *limiter {
	l := &limiter{r: r, sep: sep, max: max, buf: make([]byte, 32<<10), line: 1, start: 1}
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
				// Strict csv rejects the record and goes on at
				// the next line.
				l.st = unquoted
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
