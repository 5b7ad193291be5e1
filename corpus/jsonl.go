package corpus

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/valyala/fastjson"
)

// jsonlReader reads one JSON object per line.
//
// fastjson parses (about 20 times faster than encoding/json on news
// records), but it unescapes strings "best effort": an unknown escape or a
// lone UTF-16 surrogate comes out as literal text or U+FFFD. So the fields
// this package uses are taken raw and unescaped strictly by unquoteJSON.
type jsonlReader struct {
	lr  *lineReader
	jp  jsonlParser
	par *jsonlPipeline // with Options.Workers > 1, once reading has begun
}

// jsonlParser is the state for parsing lines one at a time.
type jsonlParser struct {
	opt     Options
	p       fastjson.Parser // reused: it keeps its buffers between lines
	scratch []byte
}

func newJSONLReader(br *bufio.Reader, name string, opt Options) *jsonlReader {
	return &jsonlReader{lr: newLineReader(br, name, opt.MaxLineBytes), jp: jsonlParser{opt: opt}}
}

func (j *jsonlReader) next() (Record, error) {
	if j.jp.opt.Workers > 1 {
		if j.par == nil {
			j.par = startJSONLPipeline(j.lr, j.jp.opt)
		}
		return j.par.next()
	}
	for {
		line, err := j.lr.next()
		if err != nil {
			return Record{}, j.lr.fail(err)
		}
		rec, skip, err := j.jp.parseLine(line)
		if err != nil {
			return Record{}, j.lr.recordError(err)
		}
		if skip {
			continue
		}
		rec.Source = j.lr.name
		rec.Line = j.lr.line
		return rec, nil
	}
}

// Close stops the goroutines of a parallel reader.
func (j *jsonlReader) Close() error {
	if j.par != nil {
		j.par.stop()
	}
	return nil
}

// parseLine parses one line; skip reports a blank line.
func (j *jsonlParser) parseLine(line []byte) (rec Record, skip bool, err error) {
	if err := checkUTF8(line); err != nil {
		return Record{}, false, err
	}
	if len(bytes.TrimSpace(line)) == 0 {
		return Record{}, true, nil
	}
	rec, err = j.parse(line)
	if len(line) > shrinkAbove {
		// Let go of the buffers a long line made the parser grow.
		j.p, j.scratch = fastjson.Parser{}, nil
	}
	return rec, false, err
}

func (j *jsonlParser) parse(line []byte) (Record, error) {
	v, err := j.p.ParseBytes(line)
	if err != nil {
		return Record{}, fmt.Errorf("invalid JSON: %s", strings.TrimPrefix(err.Error(), "cannot parse JSON: "))
	}
	if t := v.Type(); t != fastjson.TypeObject {
		return Record{}, fmt.Errorf("invalid record: %s, want a JSON object", typeName(t))
	}
	var rec Record

	f, err := j.field(v, j.opt.TextField)
	switch {
	case err != nil:
		return Record{}, err
	case f.kind == absent:
		return Record{}, fmt.Errorf("missing field %q", j.opt.TextField)
	case f.kind != fastjson.TypeString:
		return Record{}, wrongType(j.opt.TextField, f.kind, "a string")
	}
	rec.Text = f.s

	if j.opt.TitleField != "" {
		f, err := j.field(v, j.opt.TitleField)
		switch {
		case err != nil:
			return Record{}, err
		case f.kind == fastjson.TypeString:
			rec.Title = f.s
		case f.kind != absent && f.kind != fastjson.TypeNull:
			return Record{}, wrongType(j.opt.TitleField, f.kind, "a string")
		}
	}

	f, err = j.field(v, j.opt.LabelField)
	switch {
	case err != nil:
		return Record{}, err
	case f.kind == fastjson.TypeString:
		rec.Label = strings.TrimSpace(f.s)
	case f.kind != absent && f.kind != fastjson.TypeNull:
		return Record{}, wrongType(j.opt.LabelField, f.kind, "a string")
	}
	if j.opt.RequireLabel && rec.Label == "" {
		return Record{}, fmt.Errorf("missing field %q", j.opt.LabelField)
	}

	f, err = j.field(v, j.opt.IDField)
	switch {
	case err != nil:
		return Record{}, err
	case f.kind == fastjson.TypeString || f.kind == fastjson.TypeNumber:
		rec.ID = f.s
	case f.kind != absent && f.kind != fastjson.TypeNull:
		return Record{}, wrongType(j.opt.IDField, f.kind, "a string or a number")
	}
	return rec, nil
}

// absent is the kind of a field that is not in the object.
const absent fastjson.Type = -1

// jsonField is one field of a record: its kind, and for a string its value,
// for a number its JSON text.
type jsonField struct {
	kind fastjson.Type
	s    string
}

// field looks up name in the object v.
func (j *jsonlParser) field(v *fastjson.Value, name string) (jsonField, error) {
	f := v.Get(name)
	if f == nil {
		return jsonField{kind: absent}, nil
	}
	// Until Type is called, fastjson keeps a string in its raw, escaped
	// form, and MarshalTo writes that form back; Type would unescape it
	// best-effort.
	j.scratch = f.MarshalTo(j.scratch[:0])
	raw := j.scratch
	if len(raw) >= 2 && raw[0] == '"' && raw[len(raw)-1] == '"' {
		s, err := unquoteJSON(raw[1 : len(raw)-1])
		if err != nil {
			return jsonField{}, fmt.Errorf("field %q: %w", name, err)
		}
		return jsonField{kind: fastjson.TypeString, s: s}, nil
	}
	t := f.Type()
	if t == fastjson.TypeNumber {
		// fastjson also takes NaN, Inf and the like for numbers.
		if !isJSONNumber(raw) {
			return jsonField{}, fmt.Errorf("field %q: invalid JSON number %q", name, raw)
		}
		return jsonField{kind: t, s: string(raw)}, nil
	}
	return jsonField{kind: t}, nil
}

func wrongType(name string, t fastjson.Type, want string) error {
	return fmt.Errorf("field %q is %s, want %s", name, typeName(t), want)
}

// typeName names a JSON type with its article, for messages.
func typeName(t fastjson.Type) string {
	switch t {
	case fastjson.TypeObject:
		return "an object"
	case fastjson.TypeArray:
		return "an array"
	case fastjson.TypeString:
		return "a string"
	case fastjson.TypeNumber:
		return "a number"
	case fastjson.TypeTrue, fastjson.TypeFalse:
		return "a boolean"
	case fastjson.TypeNull:
		return "null"
	}
	return "not a JSON value"
}

// unquoteJSON unescapes the inside of a JSON string strictly: an unknown
// escape, or a \u escape that is a UTF-16 surrogate without its partner,
// is an error. (Such a surrogate has no UTF-8 form; replacing it would hide
// broken input.) b must be valid UTF-8.
func unquoteJSON(b []byte) (string, error) {
	i := bytes.IndexByte(b, '\\')
	if i < 0 {
		return string(b), nil
	}
	out := make([]byte, 0, len(b))
	for {
		out = append(out, b[:i]...)
		b = b[i:]
		if len(b) < 2 {
			return "", errors.New(`invalid escape "\" at the end of a string`)
		}
		switch c := b[1]; c {
		case '"', '\\', '/':
			out = append(out, c)
			b = b[2:]
		case 'b':
			out = append(out, '\b')
			b = b[2:]
		case 'f':
			out = append(out, '\f')
			b = b[2:]
		case 'n':
			out = append(out, '\n')
			b = b[2:]
		case 'r':
			out = append(out, '\r')
			b = b[2:]
		case 't':
			out = append(out, '\t')
			b = b[2:]
		case 'u':
			r, ok := hex4(b[2:])
			if !ok {
				return "", fmt.Errorf("invalid escape %q", prefix(b, 6))
			}
			esc := b[:6]
			b = b[6:]
			if utf16.IsSurrogate(r) {
				r2, ok := rune(0), false
				if r < 0xDC00 && len(b) >= 6 && b[0] == '\\' && b[1] == 'u' {
					r2, ok = hex4(b[2:])
					ok = ok && r2 >= 0xDC00 && r2 <= 0xDFFF
				}
				if !ok {
					return "", fmt.Errorf("invalid UTF-8: unpaired UTF-16 surrogate %s", esc)
				}
				r = utf16.DecodeRune(r, r2)
				b = b[6:]
			}
			out = utf8.AppendRune(out, r)
		default:
			_, size := utf8.DecodeRune(b[1:])
			return "", fmt.Errorf("invalid escape %q", b[:1+size])
		}
		i = bytes.IndexByte(b, '\\')
		if i < 0 {
			out = append(out, b...)
			return string(out), nil
		}
	}
}

// hex4 decodes the four hex digits of a \u escape.
func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// prefix returns at most the first n bytes of b, cut at a rune boundary.
func prefix(b []byte, n int) []byte {
	if len(b) <= n {
		return b
	}
	for n > 0 && !utf8.RuneStart(b[n]) {
		n--
	}
	return b[:n]
}

// isJSONNumber reports whether b follows the JSON number grammar
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func isJSONNumber(b []byte) bool {
	i := 0
	digits := func() int {
		start := i
		for i < len(b) && '0' <= b[i] && b[i] <= '9' {
			i++
		}
		return i - start
	}
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case digits() == 0:
		return false
	}
	if i < len(b) && b[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(b)
}
