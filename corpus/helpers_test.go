package corpus

import (
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
)

// step is one result of Next: a record, or a RecordError's text.
type step struct {
	Rec Record
	Err string // the RecordError's message (a prefix of it, in wants)
}

func (s step) String() string {
	if s.Err != "" {
		return "error " + s.Err
	}
	return fmt.Sprintf("%+v", s.Rec)
}

// readSteps reads r to the end. It fails the test on a RecordError without
// a source, and returns the error that ended reading if not io.EOF.
func readSteps(t testing.TB, r *Reader) ([]step, error) {
	t.Helper()
	var steps []step
	for {
		rec, err := r.Next()
		if err == io.EOF {
			return steps, nil
		}
		var re *RecordError
		if errors.As(err, &re) {
			if re.Source == "" {
				t.Errorf("RecordError without Source: %v", re)
			}
			steps = append(steps, step{Err: re.Error()})
			continue
		}
		if err != nil {
			return steps, err
		}
		steps = append(steps, step{Rec: rec})
		if len(steps) > 1e6 {
			t.Fatal("reader does not end")
		}
	}
}

// readString reads input in the given format, named name.
func readString(t testing.TB, name, input string, opt Options) ([]step, error) {
	t.Helper()
	r, err := NewReader(strings.NewReader(input), name, opt)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return readSteps(t, r)
}

// checkSteps compares got with want. A want record with no Source gets
// source; a want error matches any error that starts with it.
func checkSteps(t *testing.T, got, want []step, source string) {
	t.Helper()
	want = append([]step(nil), want...)
	for i := range want {
		if want[i].Err == "" && want[i].Rec.Source == "" {
			want[i].Rec.Source = source
		}
	}
	ok := len(got) == len(want)
	for i := 0; ok && i < len(want); i++ {
		if w := want[i]; w.Err != "" {
			ok = got[i].Err != "" && strings.HasPrefix(got[i].Err, w.Err)
		} else {
			ok = got[i].Err == "" && reflect.DeepEqual(got[i].Rec, w.Rec)
		}
	}
	if ok {
		return
	}
	var b strings.Builder
	for i := 0; i < len(got) || i < len(want); i++ {
		var g, w string
		if i < len(got) {
			g = got[i].String()
		}
		if i < len(want) {
			w = want[i].String()
		}
		mark := " "
		if g != w {
			mark = "!"
		}
		fmt.Fprintf(&b, "%s %d\n   got:  %s\n   want: %s\n", mark, i, g, w)
	}
	t.Errorf("steps differ:\n%s", b.String())
}

// rec builds a wanted record: text, then optional key=value pairs.
func rec(line int, text string, kv ...string) step {
	r := Record{Text: text, Line: line}
	for _, s := range kv {
		k, v, _ := strings.Cut(s, "=")
		switch k {
		case "id":
			r.ID = v
		case "title":
			r.Title = v
		case "label":
			r.Label = v
		case "source":
			r.Source = v
		default:
			panic("rec: unknown key " + k)
		}
	}
	return step{Rec: r}
}

func recErr(msg string) step { return step{Err: msg} }
