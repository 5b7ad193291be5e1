package corpus

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// DefaultBoilerplate returns the scraped-page lines that are never news:
// the widgets a news aggregator prints around every article. A fresh slice
// is returned, so callers may append their own.
func DefaultBoilerplate() []string {
	return []string{
		"شكرا على الإبلاغ!",
		"سيتم حجب هذه الصورة تلقائيا عندما يتم الإبلاغ عنها من طرف عدة أشخاص.",
		"انقر هنا لقراءة الخبر من مصدره.",
	}
}

// pageReader reads a scraped news page:
//
//	headline one    headline two    headline three      ← the ticker
//	(empty lines and boilerplate)
//	Article title
//	Body paragraph one.
//	Body paragraph two.
//
// The ticker's headlines are separated by runs of two or more white-space
// characters (the page's layout, flattened), while words inside a headline
// are separated by one. Each headline becomes a record, as does the
// article. Headlines are returned as soon as the ticker is read; the
// article when the page ends.
type pageReader struct {
	lr     *lineReader
	max    int
	boiler map[string]bool

	state     pageState
	queue     []Record // headlines not returned yet
	title     string
	titleLine int
	body      strings.Builder
	tooLong   bool // the article is longer than max
}

type pageState int

const (
	seekTicker pageState = iota // before the first line with text
	seekTitle                   // after the ticker
	inBody                      // after the title
	pageDone                    // the article has been returned
)

func newPageReader(br *bufio.Reader, name string, opt Options) *pageReader {
	boiler := make(map[string]bool, len(opt.Boilerplate))
	for _, b := range opt.Boilerplate {
		if b = strings.TrimSpace(b); b != "" {
			boiler[b] = true
		}
	}
	return &pageReader{lr: newLineReader(br, name, opt.MaxLineBytes), max: opt.MaxLineBytes, boiler: boiler}
}

func (p *pageReader) next() (Record, error) {
	for {
		if len(p.queue) > 0 {
			rec := p.queue[0]
			p.queue[0] = Record{}
			p.queue = p.queue[1:]
			return rec, nil
		}
		if p.state == pageDone {
			return Record{}, io.EOF
		}
		line, err := p.lr.next()
		if err == io.EOF {
			if p.state == inBody {
				p.state = pageDone
				return p.article()
			}
			p.state = pageDone
			return Record{}, io.EOF
		}
		if err != nil {
			// A long line is dropped and reported; the page goes on.
			return Record{}, p.lr.fail(err)
		}
		if err := checkUTF8(line); err != nil {
			return Record{}, p.lr.recordError(err)
		}
		line = bytes.TrimSpace(line)
		if len(line) == 0 || p.boiler[string(line)] {
			continue
		}
		switch p.state {
		case seekTicker:
			s := string(line)
			if items := splitTicker(s); len(items) >= 2 {
				p.queue = make([]Record, len(items))
				for i, it := range items {
					p.queue[i] = Record{Text: it, Source: p.lr.name, Line: p.lr.line, Kind: kindHeadline, Index: i + 1}
				}
				p.state = seekTitle
				continue
			}
			p.startArticle(s)
		case seekTitle:
			p.startArticle(string(line))
		case inBody:
			if p.tooLong {
				continue
			}
			if p.body.Len()+1+len(line) > p.max {
				p.tooLong = true
				p.body = strings.Builder{}
				continue
			}
			if p.body.Len() > 0 {
				p.body.WriteByte('\n')
			}
			p.body.Write(line)
		}
	}
}

func (p *pageReader) startArticle(title string) {
	p.title = title
	p.titleLine = p.lr.line
	p.state = inBody
}

func (p *pageReader) article() (Record, error) {
	if p.tooLong {
		return Record{}, &RecordError{Source: p.lr.name, Line: p.titleLine, Err: fmt.Errorf("article longer than %d bytes", p.max)}
	}
	rec := Record{
		Title:  p.title,
		Text:   p.body.String(),
		Source: p.lr.name,
		Line:   p.titleLine,
		Kind:   kindArticle,
		Index:  1,
	}
	p.body = strings.Builder{}
	return rec, nil
}

// splitTicker splits s at runs of two or more white-space characters
// (spaces, tabs, no-break spaces, …) and returns the trimmed, non-empty
// pieces.
func splitTicker(s string) []string {
	var items []string
	add := func(item string) {
		if item = strings.TrimSpace(item); item != "" {
			items = append(items, item)
		}
	}
	start := 0 // where the current item starts
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsSpace(r) {
			i += size
			continue
		}
		j, n := i, 0 // the white-space run is s[i:j], n runes long
		for j < len(s) {
			r, size := utf8.DecodeRuneInString(s[j:])
			if !unicode.IsSpace(r) {
				break
			}
			j += size
			n++
		}
		if n >= 2 {
			add(s[start:i])
			start = j
		}
		i = j
	}
	add(s[start:])
	return items
}
