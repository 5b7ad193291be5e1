package batch

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tasnif/tasnif/models"
)

// OutputFormat names a result format.
type OutputFormat string

const (
	// JSONL writes one JSON object per result:
	//
	//	{"id":"…","label":"sports","confidence":0.9731,"scores":[{"label":"sports","p":0.9731},…]}
	//
	// with "id" only when the input had one; "page", "kind", "index" and
	// "text" for items of scraped pages; "text" for every record with
	// WithText; and "explain" ({"against": label, "for": [{"term","weight"}…],
	// "opposing": […]}) with explanations.
	JSONL OutputFormat = "jsonl"
	// CSV writes a header and one row per result: id, [page, kind, index,]
	// label, confidence, scores ("sports:0.9731 politics:0.0112"), [text,]
	// [explain: the terms for the label with their weights to three
	// decimals, separated by "; " because an n-gram's words are separated
	// by spaces: "شرط:1.235; وقف مخدر:0.500"].
	CSV OutputFormat = "csv"
	// TSV has the same columns, separated by tabs, one record per line and
	// no quoting (as tasnif reads TSV): tabs and line breaks inside a field
	// are written as spaces.
	TSV OutputFormat = "tsv"
)

// ParseOutputFormat validates an --out flag value.
func ParseOutputFormat(s string) (OutputFormat, error) {
	switch f := OutputFormat(strings.ToLower(s)); f {
	case JSONL, CSV, TSV:
		return f, nil
	}
	return "", fmt.Errorf("unknown output format %q (want jsonl, csv or tsv)", s)
}

// WriterOptions choose the columns.
type WriterOptions struct {
	Pages    bool // the input is scraped pages: add page, kind, index and text
	WithText bool // add every record's text
	Explain  bool // add explanations
}

// Writer writes results in one format. Call Flush at the end.
type Writer struct {
	format OutputFormat
	opt    WriterOptions
	w      *bufio.Writer
	ew     *errWriter
	csv    *csv.Writer
	header bool
	buf    []byte
	row    []string
}

// NewWriter returns a Writer of results to w.
func NewWriter(w io.Writer, format OutputFormat, opt WriterOptions) *Writer {
	ew := &errWriter{w: w}
	out := &Writer{format: format, opt: opt, ew: ew, w: bufio.NewWriterSize(ew, 1<<16)}
	if format == CSV || format == TSV {
		out.csv = csv.NewWriter(out.w) // TSV rows bypass it: see writeRow
	}
	return out
}

// Write writes one result.
func (w *Writer) Write(r *Result) error {
	if w.csv != nil {
		return w.writeCSV(r)
	}
	b := w.buf[:0]
	b = append(b, '{')
	sep := false
	field := func(name string) {
		if sep {
			b = append(b, ',')
		}
		sep = true
		b = appendJSONString(b, name)
		b = append(b, ':')
	}
	rec := &r.Record
	if rec.ID != "" {
		field("id")
		b = appendJSONString(b, rec.ID)
	}
	if w.opt.Pages {
		field("page")
		b = appendJSONString(b, rec.Source)
		field("kind")
		b = appendJSONString(b, rec.Kind)
		field("index")
		b = strconv.AppendInt(b, int64(rec.Index), 10)
	}
	if w.opt.Pages || w.opt.WithText {
		field("text")
		b = appendJSONString(b, rec.FullText())
	}
	p := &r.Prediction
	field("label")
	b = appendJSONString(b, p.Label)
	field("confidence")
	b = appendProb(b, p.Confidence)
	field("scores")
	b = append(b, '[')
	for i, s := range p.Scores {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"label":`...)
		b = appendJSONString(b, s.Label)
		b = append(b, `,"p":`...)
		b = appendProb(b, s.P)
		b = append(b, '}')
	}
	b = append(b, ']')
	if ex := r.Explanation; w.opt.Explain && ex != nil {
		field("explain")
		b = append(b, `{"against":`...)
		b = appendJSONString(b, ex.Against)
		b = append(b, `,"for":`...)
		b = appendTerms(b, ex.For)
		b = append(b, `,"opposing":`...)
		b = appendTerms(b, ex.Opposing)
		b = append(b, '}')
	}
	b = append(b, '}', '\n')
	w.buf = b
	w.w.Write(b)
	return w.ew.err
}

func (w *Writer) writeCSV(r *Result) error {
	if !w.header {
		w.header = true
		cols := []string{"id"}
		if w.opt.Pages {
			cols = append(cols, "page", "kind", "index")
		}
		cols = append(cols, "label", "confidence", "scores")
		if w.opt.Pages || w.opt.WithText {
			cols = append(cols, "text")
		}
		if w.opt.Explain {
			cols = append(cols, "explain")
		}
		w.writeRow(cols)
	}
	rec, p := &r.Record, &r.Prediction
	row := append(w.row[:0], rec.ID)
	if w.opt.Pages {
		row = append(row, rec.Source, rec.Kind, strconv.Itoa(rec.Index))
	}
	var sb strings.Builder
	for i, s := range p.Scores {
		if i > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(s.Label)
		sb.WriteByte(':')
		sb.Write(appendProb(nil, s.P))
	}
	row = append(row, p.Label, string(appendProb(nil, p.Confidence)), sb.String())
	if w.opt.Pages || w.opt.WithText {
		row = append(row, rec.FullText())
	}
	if w.opt.Explain {
		sb.Reset()
		if ex := r.Explanation; ex != nil {
			for i, t := range ex.For {
				if i > 0 {
					sb.WriteString("; ") // terms may be n-grams, with spaces
				}
				sb.WriteString(t.Term)
				sb.WriteByte(':')
				sb.WriteString(strconv.FormatFloat(t.Weight, 'f', 3, 64))
			}
		}
		row = append(row, sb.String())
	}
	w.row = row
	w.writeRow(row)
	return w.ew.err
}

// writeRow writes a CSV row with RFC 4180 quoting, or a TSV line with none —
// as tasnif reads TSV — where tabs and line breaks inside a field become
// spaces so that a record stays one line.
func (w *Writer) writeRow(row []string) {
	if w.format != TSV {
		w.csv.Write(row)
		return
	}
	for i, f := range row {
		if i > 0 {
			w.w.WriteByte('\t')
		}
		if strings.ContainsAny(f, "\t\n\r") {
			f = tsvSpaces.Replace(f)
		}
		w.w.WriteString(f)
	}
	w.w.WriteByte('\n')
}

var tsvSpaces = strings.NewReplacer("\t", " ", "\r\n", " ", "\n", " ", "\r", " ")

// Flush writes buffered output.
func (w *Writer) Flush() error {
	if w.csv != nil {
		w.csv.Flush()
	}
	w.w.Flush()
	return w.ew.err
}

func appendTerms(b []byte, terms []models.TermWeight) []byte {
	b = append(b, '[')
	for i, t := range terms {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"term":`...)
		b = appendJSONString(b, t.Term)
		b = append(b, `,"weight":`...)
		b = strconv.AppendFloat(b, round(t.Weight, 1e4), 'g', -1, 64)
		b = append(b, '}')
	}
	return append(b, ']')
}

// appendProb writes a probability with four decimals, enough to rank and to
// threshold, without the noise of float64 digits.
func appendProb(b []byte, p float64) []byte {
	return strconv.AppendFloat(b, round(p, 1e4), 'g', -1, 64)
}

func round(x, scale float64) float64 {
	if x < 0 {
		return -float64(int64(-x*scale+0.5)) / scale
	}
	return float64(int64(x*scale+0.5)) / scale
}

// appendJSONString appends s as a JSON string. Input text is valid UTF-8
// (the readers reject anything else); a stray invalid byte is written as
// U+FFFD so that the output line stays valid JSON whatever happens.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				b = append(b, s[start:i]...)
				b = append(b, `\ufffd`...)
				i++
				start = i
				continue
			}
			if r == '\u2028' || r == '\u2029' { // valid JSON, but they break JavaScript lines
				b = append(b, s[start:i]...)
				b = append(b, `\u202`...)
				b = append(b, hex[r&0xF])
				i += size
				start = i
				continue
			}
			i += size
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"':
			b = append(b, `\"`...)
		case '\\':
			b = append(b, `\\`...)
		case '\n':
			b = append(b, `\n`...)
		case '\r':
			b = append(b, `\r`...)
		case '\t':
			b = append(b, `\t`...)
		default:
			b = append(b, `\u00`...)
			b = append(b, hex[c>>4], hex[c&0xF])
		}
		i++
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
