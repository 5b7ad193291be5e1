package corpus

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"unicode"
)

// plainReader reads the lines format: every line is one record, empty lines
// included, so that tagging output stays aligned with the input lines.
type plainReader struct {
	lr *lineReader
}

func newPlainReader(br *bufio.Reader, name string, opt Options) *plainReader {
	return &plainReader{lr: newLineReader(br, name, opt.MaxLineBytes)}
}

func (p *plainReader) next() (Record, error) {
	line, err := p.lr.next()
	if err != nil {
		return Record{}, p.lr.fail(err)
	}
	if err := checkUTF8(line); err != nil {
		return Record{}, p.lr.recordError(err)
	}
	return Record{Text: string(line), Source: p.lr.name, Line: p.lr.line}, nil
}

// fastTextReader reads "__label__A [__label__B …] text" lines. A record has
// one label, so labels after the first are ignored.
type fastTextReader struct {
	lr           *lineReader
	requireLabel bool
}

func newFastTextReader(br *bufio.Reader, name string, opt Options) *fastTextReader {
	return &fastTextReader{lr: newLineReader(br, name, opt.MaxLineBytes), requireLabel: opt.RequireLabel}
}

const labelPrefix = "__label__"

var errNoLabel = errors.New(`no label (want "__label__name text")`)

func (f *fastTextReader) next() (Record, error) {
	for {
		line, err := f.lr.next()
		if err != nil {
			return Record{}, f.lr.fail(err)
		}
		if err := checkUTF8(line); err != nil {
			return Record{}, f.lr.recordError(err)
		}
		rest := bytes.TrimSpace(line)
		if len(rest) == 0 {
			continue
		}
		var label []byte
		first := true
		for bytes.HasPrefix(rest, []byte(labelPrefix)) {
			end := bytes.IndexFunc(rest, unicode.IsSpace)
			if end < 0 {
				end = len(rest)
			}
			if first {
				label = rest[len(labelPrefix):end]
				if len(label) == 0 {
					return Record{}, f.lr.recordError(fmt.Errorf("empty label %q", labelPrefix))
				}
				first = false
			}
			rest = bytes.TrimLeftFunc(rest[end:], unicode.IsSpace)
		}
		if len(label) == 0 && f.requireLabel {
			return Record{}, f.lr.recordError(errNoLabel)
		}
		return Record{Text: string(rest), Label: string(label), Source: f.lr.name, Line: f.lr.line}, nil
	}
}
