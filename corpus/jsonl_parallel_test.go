package corpus

import (
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
)

// readResults reads everything from r and returns each record or error as
// a comparable value, the final error last.
func readResults(t *testing.T, r io.Reader, opt Options) []any {
	t.Helper()
	rd, err := NewReader(r, "in", opt)
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	var out []any
	for {
		rec, err := rd.Next()
		var re *RecordError
		switch {
		case err == nil:
			out = append(out, rec)
		case errors.As(err, &re):
			out = append(out, "record error: "+err.Error())
		default:
			return append(out, "end: "+err.Error())
		}
	}
}

// mixedJSONL is input with every kind of line, over several blocks.
func mixedJSONL() string {
	var b strings.Builder
	for i := range 1500 {
		switch i % 10 {
		case 3:
			b.WriteString("\n") // blank
		case 5:
			b.WriteString(`{"text": "bad` + "\xff" + `"}` + "\n")
		case 7:
			b.WriteString(`{"text": ` + "\n") // invalid JSON
		case 8:
			fmt.Fprintf(&b, `{"text": "%s"}`+"\n", strings.Repeat("طويل ", 40)) // over MaxLineBytes below
		default:
			fmt.Fprintf(&b, `{"id": %d, "title": "عنوان %d", "text": "نص \u0627 %d", "label": "l%d"}`+"\n", i, i, i, i%3)
		}
	}
	b.WriteString(`{"text": "last line, no newline"}`)
	return b.String()
}

func TestJSONLParallelMatchesSequential(t *testing.T) {
	data := mixedJSONL()
	readers := map[string]func() io.Reader{
		"whole":    func() io.Reader { return strings.NewReader(data) },
		"one byte": func() io.Reader { return iotest.OneByteReader(strings.NewReader(data)) },
		"halves":   func() io.Reader { return iotest.HalfReader(strings.NewReader(data)) },
		"failing": func() io.Reader {
			return io.MultiReader(strings.NewReader(data[:len(data)/2]), iotest.ErrReader(errors.New("disk on fire")))
		},
	}
	for name, open := range readers {
		for _, max := range []int{0, 150} {
			opt := Options{Format: JSONL, MaxLineBytes: max}
			want := readResults(t, open(), opt)
			for _, workers := range []int{2, 3, 8} {
				opt.Workers = workers
				got := readResults(t, open(), opt)
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("%s, max %d, %d workers: results differ from sequential reading (%d against %d)", name, max, workers, len(got), len(want))
				}
			}
			if len(want) < 1000 && name != "failing" {
				t.Fatalf("%s: only %d results", name, len(want))
			}
		}
	}
}

// TestJSONLParallelClose stops a parallel reader half-way: Close must not
// hang, and the reader refuses to go on.
func TestJSONLParallelClose(t *testing.T) {
	data := mixedJSONL()
	for range 20 {
		rd, err := NewReader(strings.NewReader(strings.Repeat(data+"\n", 5)), "in", Options{Format: JSONL, Workers: 4})
		if err != nil {
			t.Fatal(err)
		}
		for range 10 {
			rd.Next()
		}
		rd.Close()
		if _, err := rd.Next(); err == nil || err == io.EOF {
			t.Fatalf("Next after Close = %v", err)
		}
	}
}

func TestReadAllParallel(t *testing.T) {
	data := mixedJSONL()
	path := t.TempDir() + "/in.jsonl"
	writeFile(t, path, []byte(strings.ReplaceAll(data, "\xff", "x")))
	_, err := ReadAll([]string{path}, Options{})
	var re *RecordError
	if !errors.As(err, &re) || re.Line != 8 {
		t.Fatalf("ReadAll = %v, want the invalid JSON of line 8", err)
	}
	ok := strings.Join(strings.FieldsFunc(data, func(r rune) bool { return r == '\n' })[:3], "\n")
	writeFile(t, path, []byte(ok))
	for _, workers := range []int{1, 4} {
		recs, err := ReadAll([]string{path}, Options{Workers: workers})
		if err != nil || len(recs) != 3 || recs[2].Line != 3 || recs[2].Source != path {
			t.Fatalf("ReadAll with %d workers = %d records, %v", workers, len(recs), err)
		}
	}
}
