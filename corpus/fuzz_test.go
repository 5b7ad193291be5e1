package corpus

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"testing"
	"testing/iotest"
	"unicode/utf8"
)

// fuzzRead reads data in format f with a few option sets and checks what
// must hold for any input: no panic, reading ends with io.EOF (a
// bytes.Reader never fails), every RecordError names the source and a
// line, every record is valid UTF-8 within MaxLineBytes. It returns the
// number of results (records and RecordErrors) with the default options.
func fuzzRead(t *testing.T, f Format, data []byte) int {
	results := -1
	for _, opt := range []Options{
		{Format: f},
		{Format: f, RequireLabel: f.labelled(), MaxLineBytes: 16},
		{Format: f, TitleField: "-", TextField: "t", LabelField: "l", IDField: "i", MaxLineBytes: 64},
	} {
		max := opt.MaxLineBytes
		if max == 0 {
			max = defaultMaxLineBytes
		}
		r, err := NewReader(bytes.NewReader(data), "fuzz", opt)
		if err != nil {
			if f == CSV || f == TSV {
				continue // a bad header
			}
			t.Fatalf("NewReader: %v", err)
		}
		n := 0
		for ; ; n++ {
			if n > len(data)+2 {
				t.Fatalf("%d results from %d bytes", n, len(data))
			}
			rec, err := r.Next()
			if err == io.EOF {
				break
			}
			var re *RecordError
			if errors.As(err, &re) {
				if re.Source != "fuzz" || re.Line < 1 || re.Err == nil {
					t.Fatalf("RecordError without source or line: %#v", re)
				}
				continue
			}
			if err != nil {
				t.Fatalf("reading stopped with %v", err)
			}
			if rec.Source != "fuzz" || rec.Line < 1 {
				t.Fatalf("record without source or line: %+v", rec)
			}
			for _, s := range []string{rec.Text, rec.Title, rec.Label, rec.ID} {
				if !utf8.ValidString(s) {
					t.Fatalf("invalid UTF-8 in record %+v", rec)
				}
				if len(s) > max {
					t.Fatalf("record field of %d bytes passed MaxLineBytes %d", len(s), max)
				}
			}
			if opt.RequireLabel && rec.Label == "" {
				t.Fatalf("record without label passed RequireLabel: %+v", rec)
			}
			if (f == Page) != (rec.Kind != "") {
				t.Fatalf("record kind %q in format %s", rec.Kind, f)
			}
		}
		if _, err := r.Next(); err != io.EOF {
			t.Fatalf("Next after the end = %v, want io.EOF", err)
		}
		r.Close()
		if results < 0 {
			results = n
		}
	}
	return results
}

// checkLimiterIdentity checks that the limiter passes input through
// unchanged, and cuts nothing, when no record is longer than its limit.
func checkLimiterIdentity(t *testing.T, data []byte, sep byte) {
	l := newLimiter(bytes.NewReader(data), sep, len(data)+1)
	var out bytes.Buffer
	buf := make([]byte, 7) // odd small reads cross every boundary
	for {
		n, err := l.Read(buf)
		out.Write(buf[:n])
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(out.Bytes(), data) {
		t.Fatalf("limiter changed the input:\n got %q\nwant %q", out.Bytes(), data)
	}
	if len(l.cuts) > 0 {
		t.Fatalf("limiter cut records %v of an input shorter than its limit", l.cuts)
	}
}

// seeds are inputs every target starts from, besides its own.
var seeds = []string{
	"",
	"\n",
	"\ufeff",
	"\r\n\r\n",
	"\xff\xfe\x00",
	"a\x00b\n",
	"\xef\xbb\xbf\xef\xbb\xbf",
	"خبر\xd8\n",
}

func FuzzJSONL(f *testing.F) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	for _, s := range []string{
		`{"id": 1, "title": "t", "text": "x", "label": "l"}`,
		`{"text": "\ud83d\ude00 \u0627\n"}` + "\r\n" + `{"text": 1}`,
		`{"text": "\ud800"}` + "\n" + `{"text": "\ud800\u0041"}`,
		`{"t": "x", "l": "y", "i": -1.5e3}`,
		`{"text": "a", "id": NaN, "label": null}`,
		`[1, 2]` + "\n" + `"s"` + "\n" + `{"text": "a"} x`,
		`{"text": "\q\x\u12"}`,
		`{"a": {"b": [[[[{}]]]]}, "text": ""}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, JSONL, data)
		// Parsing on several goroutines gives what parsing on one does.
		for _, max := range []int{0, 16} {
			opt := Options{Format: JSONL, MaxLineBytes: max}
			want := readResults(t, bytes.NewReader(data), opt)
			opt.Workers = 3
			if got := readResults(t, iotest.HalfReader(bytes.NewReader(data)), opt); !reflect.DeepEqual(got, want) {
				t.Fatalf("parallel reading gives %q, sequential %q", got, want)
			}
		}
	})
}

func FuzzCSV(f *testing.F) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	for _, s := range []string{
		"id,title,text,label\n1,t,x,l\n",
		"text,label\n\"a, \"\"b\"\"\nc\",x\nbad\n\"open",
		"t,l,i\n\"" + "long quoted field over sixteen bytes" + "\",x,1\nz,y,2\n",
		"text\na \"bare\" quote\n\"x\"y\n",
		"\ufefftext\r\n\r\na\r\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, CSV, data)
		checkLimiterIdentity(t, data, ',')
	})
}

func FuzzTSV(f *testing.F) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	for _, s := range []string{
		"id\ttitle\ttext\tlabel\n1\tt\tx\tl\n",
		"text\tlabel\n\"a\tb\"\tx\nhe said \"hi\"\ty\n\"odd\"q\tz\n",
		"t\tl\ti\n\"long quoted\nfield over sixteen\"\tx\t1\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, TSV, data)
	})
}

func FuzzFastText(f *testing.F) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	for _, s := range []string{
		"__label__sports الوداد يفوز\n__label__a __label__b text\n",
		"no label\n__label__ empty\n__label__x\n",
		"__label__x\t\u00a0text\r\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, FastText, data) })
}

func FuzzLines(f *testing.F) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Add([]byte("one\n\ntwo\r\nthree"))
	f.Add([]byte("a line that is longer than sixteen bytes\nshort\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		n := fuzzRead(t, Lines, data)
		// One result per line, so that output stays aligned with input.
		body := bytes.TrimPrefix(data, bom)
		lines := bytes.Count(body, []byte("\n"))
		if len(body) > 0 && body[len(body)-1] != '\n' {
			lines++
		}
		if n != lines {
			t.Fatalf("%d results for %d lines", n, lines)
		}
	})
}

func FuzzPage(f *testing.F) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	for _, s := range []string{
		"h1  h2\u00a0\u00a0h3\t\th4\n\nشكرا على الإبلاغ!\nTitle\r\nbody one\n\nbody two\n",
		"only a title\nand a body line that is long enough to be cut\n",
		"  \u00a0  \n\u2003\u2003x\u2003\u2003y\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, Page, data) })
}

// FuzzCheckUTF8 checks the vectorised validator behind checkUTF8 against
// unicode/utf8, and that a reported position is the first bad byte.
func FuzzCheckUTF8(f *testing.F) {
	for _, s := range []string{"", "abc", "وزير الخارجية", "\xff", "ab\xc3", "\xed\xa0\x80", "\xf4\x90\x80\x80", "الطقس\x80 غدا",
		"0123456789abcdefghijklmnopqrstuvwxyz الوداد يعود بفوز ثمين من أكادير\xe2\x82"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		err := checkUTF8(b)
		if (err == nil) != utf8.Valid(b) {
			t.Fatalf("checkUTF8(%q) = %v, utf8.Valid = %v", b, err, utf8.Valid(b))
		}
		if err == nil {
			return
		}
		var at int
		if _, serr := fmt.Sscanf(err.Error(), "invalid UTF-8 at byte %d", &at); serr != nil {
			t.Fatalf("checkUTF8(%q): %v", b, err)
		}
		if at < 1 || at > len(b) || !utf8.Valid(b[:at-1]) {
			t.Fatalf("checkUTF8(%q) blames byte %d", b, at)
		}
	})
}
