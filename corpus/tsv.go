package corpus

import (
	"bufio"
	"bytes"
	"io"
)

// tsvReader reads tab-separated values as IANA's text/tab-separated-values
// defines them: a header line naming the columns, then one record per line,
// fields split at tabs, and no quoting — a quote is just text. Arabic
// headlines often open with a quoted word (`"الوداد" يفوز`), which a reader
// that honours quotes takes for a quoted field and runs on into the next
// lines, silently merging records. A field therefore cannot hold a tab or a
// newline; data that needs them is CSV or JSONL.
type tsvReader struct {
	columns
	lr  *lineReader
	row []string
}

func newTSVReader(br *bufio.Reader, name string, opt Options) (*tsvReader, error) {
	t := &tsvReader{columns: columns{name: name, opt: opt}, lr: newLineReader(br, name, opt.MaxLineBytes)}
	line, err := t.lr.next()
	if err == io.EOF {
		return t, nil // an empty input has no records
	}
	if err != nil {
		return nil, t.lr.fail(err)
	}
	if err := t.setHeader(t.split(line), t.lr.line); err != nil {
		return nil, err
	}
	return t, nil
}

// split cuts a line at its tabs, reusing the row's slice.
func (t *tsvReader) split(line []byte) []string {
	t.row = t.row[:0]
	for {
		i := bytes.IndexByte(line, '\t')
		if i < 0 {
			return append(t.row, string(line))
		}
		t.row = append(t.row, string(line[:i]))
		line = line[i+1:]
	}
}

func (t *tsvReader) next() (Record, error) {
	if t.header == nil {
		return Record{}, io.EOF
	}
	for {
		line, err := t.lr.next()
		if err != nil {
			return Record{}, t.lr.fail(err)
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue // a blank line, often the last one
		}
		return t.record(t.split(line), t.lr.line)
	}
}
