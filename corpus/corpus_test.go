package corpus

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestFullText(t *testing.T) {
	tests := []struct {
		title, text, want string
	}{
		{"", "", ""},
		{"T", "", "T"},
		{"", "body", "body"},
		{"T", "body", "T\nbody"},
	}
	for _, tt := range tests {
		if got := (Record{Title: tt.title, Text: tt.text}).FullText(); got != tt.want {
			t.Errorf("FullText(%q, %q) = %q, want %q", tt.title, tt.text, got, tt.want)
		}
	}
}

func TestParseFormat(t *testing.T) {
	for _, s := range []string{"jsonl", "csv", "tsv", "fasttext", "dir", "lines", "page", " JSONL "} {
		f, err := ParseFormat(s)
		if err != nil || string(f) != strings.ToLower(strings.TrimSpace(s)) {
			t.Errorf("ParseFormat(%q) = %q, %v", s, f, err)
		}
	}
	for _, s := range []string{"", "json", "txt", "xml"} {
		if f, err := ParseFormat(s); err == nil {
			t.Errorf("ParseFormat(%q) = %q, want an error", s, f)
		} else if !strings.Contains(err.Error(), "jsonl, csv, tsv, fasttext, dir, lines, page") {
			t.Errorf("ParseFormat(%q) error %q does not list the formats", s, err)
		}
	}
}

func TestDetectFormat(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		path     string
		labelled bool
		want     Format
	}{
		{dir, true, Dir},
		{dir, false, Dir},
		{"-", true, JSONL},
		{"-", false, Lines},
		{"a.jsonl", false, JSONL},
		{"a.NDJSON", false, JSONL},
		{"a.json.gz", false, JSONL},
		{"a/b.csv", true, CSV},
		{"a.csv.gz", true, CSV},
		{"a.tsv", true, TSV},
		{"a.tab", true, TSV},
		{"a.ft", false, FastText},
		{"a.fasttext.gz", false, FastText},
		{"a.txt", true, FastText},
		{"a.txt", false, Lines},
		{"a.txt.gz", false, Lines},
	}
	for _, tt := range tests {
		got, err := DetectFormat(tt.path, tt.labelled)
		if err != nil || got != tt.want {
			t.Errorf("DetectFormat(%q, %v) = %q, %v; want %q", tt.path, tt.labelled, got, err, tt.want)
		}
	}
	for _, p := range []string{"a.xml", "a", "a.gz", "a.txt.bz2"} {
		_, err := DetectFormat(p, true)
		if err == nil || !strings.Contains(err.Error(), "--format") || !strings.Contains(err.Error(), "fasttext") {
			t.Errorf("DetectFormat(%q) error = %v, want one naming --format and the formats", p, err)
		}
	}
}

func TestRecordError(t *testing.T) {
	inner := errors.New("invalid UTF-8 at byte 3")
	e := &RecordError{Source: "data.jsonl", Line: 12, Err: inner}
	if got := e.Error(); got != "data.jsonl:12: invalid UTF-8 at byte 3" {
		t.Errorf("Error() = %q", got)
	}
	if !errors.Is(e, inner) {
		t.Error("errors.Is does not see the wrapped error")
	}
	e = &RecordError{Source: "data/sports/a.txt", Err: errors.New("invalid UTF-8")}
	if got := e.Error(); got != "data/sports/a.txt: invalid UTF-8" {
		t.Errorf("Error() with Line 0 = %q", got)
	}
}

func TestOptionErrors(t *testing.T) {
	for _, opt := range []Options{{}, {Format: "xml"}, {Format: "JSONL"}, {Format: Dir}} {
		if _, err := NewReader(strings.NewReader(""), "in", opt); err == nil {
			t.Errorf("NewReader with %+v: no error", opt)
		}
	}
	if _, err := Open(filepath.Join(t.TempDir(), "missing.jsonl"), Options{Format: JSONL}); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Open of a missing file: %v, want os.ErrNotExist", err)
	}
	if _, err := Open(t.TempDir(), Options{Format: JSONL}); err == nil {
		t.Error("Open of a directory as jsonl: no error")
	}
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func gzipped(t *testing.T, data string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write([]byte(data)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestOpenGzip(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "news.jsonl.gz")
	writeFile(t, path, gzipped(t, `{"text": "أ", "label": "x"}`+"\nbad\n"+`{"text": "ب", "label": "y"}`+"\n"))
	f, err := DetectFormat(path, true)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Open(path, Options{Format: f, RequireLabel: true})
	if err != nil {
		t.Fatal(err)
	}
	got, err := readSteps(t, r)
	if err != nil {
		t.Fatal(err)
	}
	checkSteps(t, got, []step{
		rec(1, "أ", "label=x"),
		recErr(path + ":2: invalid JSON"),
		rec(3, "ب", "label=y"),
	}, path)
	if err := r.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if err := r.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}

	// Closing a reader in the middle ends it.
	r, err = Open(path, Options{Format: f})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Next(); err != nil {
		t.Fatal(err)
	}
	r.Close()
	if _, err := r.Next(); err == nil || err == io.EOF || !strings.Contains(err.Error(), "after Close") {
		t.Errorf("Next after Close = %v, want a read-after-Close error", err)
	}

	// A file that is not gzip data, and one that breaks off.
	bad := filepath.Join(dir, "bad.csv.gz")
	writeFile(t, bad, []byte("text\nplain\n"))
	if _, err := Open(bad, Options{Format: CSV}); err == nil || !strings.Contains(err.Error(), "not gzip data") {
		t.Errorf("Open of a non-gzip .gz file: %v", err)
	}
	cut := filepath.Join(dir, "cut.txt.gz")
	full := gzipped(t, strings.Repeat("a line of text\n", 10000))
	writeFile(t, cut, full[:len(full)/2])
	r, err = Open(cut, Options{Format: Lines})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	steps, err := readSteps(t, r)
	if err == nil {
		t.Fatalf("reading a truncated gzip file gave %d records and no error", len(steps))
	}
	var re *RecordError
	if errors.As(err, &re) {
		t.Errorf("a broken stream must end reading, not be a RecordError: %v", err)
	}
	if _, again := r.Next(); again != err {
		t.Errorf("Next after the end = %v, want the same error %v", again, err)
	}
}

func TestDir(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		"sports/b.txt":         "  الرجاء يتعادل \n",
		"sports/a.txt":         "\ufeffالوداد يفوز",
		"sports/notes.md":      "ignored",
		"sports/.hidden.txt":   "ignored",
		"sports/sub/deep.txt":  "ignored",
		"politics/x.TXT":       "البرلمان",
		"politics/bad.txt":     "ab\xffc",
		"politics/big.txt":     strings.Repeat("x", 101),
		".git/HEAD.txt":        "ignored",
		"readme.txt":           "ignored: files in the root",
		"weather/.keep":        "",
		"culture/empty.txt":    "",
		"culture/newlines.txt": "سطر\nسطر ثان\n",
		"economy/exactly.txt":  strings.Repeat("y", 100),
	}
	for name, content := range files {
		writeFile(t, filepath.Join(root, filepath.FromSlash(name)), []byte(content))
	}
	if err := os.Symlink(filepath.Join(root, "nowhere"), filepath.Join(root, "sports", "gone.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "sports", "a.txt"), filepath.Join(root, "culture", "link.txt")); err != nil {
		t.Fatal(err)
	}
	r, err := Open(root, Options{Format: Dir, MaxLineBytes: 100, RequireLabel: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	got, err := readSteps(t, r)
	if err != nil {
		t.Fatal(err)
	}
	src := func(p string) string { return filepath.Join(root, filepath.FromSlash(p)) }
	d := func(id, text string) step {
		label, _, _ := strings.Cut(id, "/")
		return step{Rec: Record{ID: id, Text: text, Label: label, Source: src(id)}}
	}
	checkSteps(t, got, []step{
		d("culture/empty.txt", ""),
		d("culture/link.txt", "الوداد يفوز"),
		d("culture/newlines.txt", "سطر\nسطر ثان"),
		d("economy/exactly.txt", strings.Repeat("y", 100)),
		recErr(src("politics/bad.txt") + ": invalid UTF-8 at byte 3"),
		recErr(src("politics/big.txt") + ": file larger than 100 bytes"),
		d("politics/x.TXT", "البرلمان"),
		d("sports/a.txt", "الوداد يفوز"),
		d("sports/b.txt", "الرجاء يتعادل"),
		recErr(src("sports/gone.txt") + ": open: no such file or directory"),
	}, "")

	if _, err := Open(src("readme.txt"), Options{Format: Dir}); err == nil {
		t.Error("Open of a file in dir format: no error")
	}
	if _, err := Open(filepath.Join(root, "missing"), Options{Format: Dir}); err == nil {
		t.Error("Open of a missing directory: no error")
	}
}

func TestDirUnreadable(t *testing.T) {
	if runtime.GOOS == "windows" || os.Geteuid() == 0 {
		t.Skip("file permissions do not stop this user")
	}
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "a", "x.txt"), []byte("x"))
	writeFile(t, filepath.Join(root, "a", "y.txt"), []byte("y"))
	writeFile(t, filepath.Join(root, "b", "z.txt"), []byte("z"))
	writeFile(t, filepath.Join(root, "c", "w.txt"), []byte("w"))
	if err := os.Chmod(filepath.Join(root, "a", "x.txt"), 0); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(root, "b"), 0); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(filepath.Join(root, "b"), 0o755)
	r, err := Open(root, Options{Format: Dir})
	if err != nil {
		t.Fatal(err)
	}
	got, err := readSteps(t, r)
	if err != nil {
		t.Fatal(err)
	}
	checkSteps(t, got, []step{
		recErr(filepath.Join(root, "a", "x.txt") + ": open: permission denied"),
		{Rec: Record{ID: "a/y.txt", Text: "y", Label: "a", Source: filepath.Join(root, "a", "y.txt")}},
		recErr(filepath.Join(root, "b") + ": open: permission denied"),
		{Rec: Record{ID: "c/w.txt", Text: "w", Label: "c", Source: filepath.Join(root, "c", "w.txt")}},
	}, "")
}

// TestStdin checks that "-" reads standard input and that Close leaves it
// open.
func TestStdin(t *testing.T) {
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stdin
	os.Stdin = pr
	defer func() { os.Stdin = old; pr.Close() }()
	go func() {
		pw.Write([]byte("first\nsecond\n"))
		pw.Close()
	}()
	f, _ := DetectFormat("-", false)
	r, err := Open("-", Options{Format: f})
	if err != nil {
		t.Fatal(err)
	}
	got, err := readSteps(t, r)
	if err != nil {
		t.Fatal(err)
	}
	checkSteps(t, got, []step{rec(1, "first"), rec(2, "second")}, "-")
	r.Close()
	if _, err := pr.Stat(); err != nil {
		t.Errorf("standard input closed by Close: %v", err)
	}
}

// TestHugeLine reads a 10 MB line in every line-based format, then rejects
// it with a smaller MaxLineBytes and goes on with the next line.
func TestHugeLine(t *testing.T) {
	big := strings.Repeat("خبر ", 10<<20/len("خبر ")) // 10 MB of text
	inputs := map[Format]string{
		JSONL:    `{"text": "` + big + `"}` + "\n" + `{"text": "next"}` + "\n",
		CSV:      "text\n" + big + "\nnext\n",
		TSV:      "text\n" + big + "\nnext\n",
		FastText: "__label__x " + big + "\n__label__x next\n",
		Lines:    big + "\nnext\n",
		Page:     "a  b\n" + big + "\nnext\n",
	}
	for f, in := range inputs {
		t.Run(string(f), func(t *testing.T) {
			got, err := readString(t, "big", in, Options{Format: f})
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, s := range got {
				if s.Err != "" {
					t.Errorf("unexpected error %s", s.Err)
				}
				if strings.TrimSpace(s.Rec.Text) == strings.TrimSpace(big) || s.Rec.Title == strings.TrimSpace(big) {
					found = true
				}
			}
			if !found {
				t.Error("the 10 MB text was not read whole")
			}

			got, err = readString(t, "big", in, Options{Format: f, MaxLineBytes: 1 << 20})
			if err != nil {
				t.Fatal(err)
			}
			errs, next := 0, false
			for _, s := range got {
				if s.Err != "" {
					errs++
					if !strings.Contains(s.Err, "longer than 1048576 bytes") {
						t.Errorf("error %q does not say the line is too long", s.Err)
					}
				}
				if s.Rec.Text == "next" || strings.HasSuffix(s.Rec.Text, "\nnext") || s.Rec.Title == "next" {
					next = true
				}
				if len(s.Rec.Text) > 1<<20 {
					t.Errorf("a record of %d bytes passed MaxLineBytes", len(s.Rec.Text))
				}
			}
			if errs != 1 || !next {
				t.Errorf("got %d errors (want 1), next line read: %v", errs, next)
			}
		})
	}
}

// repeatReader yields n copies of unit, then tail, without holding them.
type repeatReader struct {
	unit []byte
	n    int
	off  int
	tail *strings.Reader
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.n == 0 {
		return r.tail.Read(p)
	}
	c := copy(p, r.unit[r.off:])
	r.off += c
	if r.off == len(r.unit) {
		r.off = 0
		r.n--
	}
	return c, nil
}

// TestMemoryBounded reads a 64 MB line that MaxLineBytes rejects, and
// checks that the reader allocated far less than the line.
func TestMemoryBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 64 MB per format")
	}
	for _, f := range []Format{JSONL, CSV, TSV, FastText, Lines, Page} {
		t.Run(string(f), func(t *testing.T) {
			head := ""
			if f == CSV || f == TSV {
				head = "text\n"
			}
			in := io.MultiReader(strings.NewReader(head),
				&repeatReader{unit: bytes.Repeat([]byte("abc "), 1<<10), n: 16 << 10, tail: strings.NewReader("\nnext\n")})
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			r, err := NewReader(in, "gen", Options{Format: f, MaxLineBytes: 1 << 20})
			if err != nil {
				t.Fatal(err)
			}
			got, err := readSteps(t, r)
			if err != nil {
				t.Fatal(err)
			}
			runtime.ReadMemStats(&after)
			t.Logf("allocated %d KB", (after.TotalAlloc-before.TotalAlloc)>>10)
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
				t.Errorf("reading a 64 MB line allocated %d MB", alloc>>20)
			}
			if len(got) == 0 || got[0].Err == "" {
				t.Errorf("the long line was not rejected: %v", got)
			}
		})
	}
}

// TestSkipAndContinue checks, for every format, that a bad record in the
// middle is reported with its line and that the records after it are read.
func TestSkipAndContinue(t *testing.T) {
	inputs := map[Format]string{
		JSONL:    `{"text": "a"}` + "\n{bad\n" + `{"text": "c"}` + "\n",
		CSV:      "text,label\na,x\nb\nc,y\n",
		TSV:      "text\tlabel\na\tx\nb\nc\ty\n",
		FastText: "__label__x a\n__label__ b\n__label__y c\n",
		Lines:    "a\n\xff\nc\n",
		Page:     "T\na\n\xff\nc\n",
	}
	for f, in := range inputs {
		t.Run(string(f), func(t *testing.T) {
			got, err := readString(t, "in", in, Options{Format: f})
			if err != nil {
				t.Fatal(err)
			}
			var texts []string
			for _, s := range got {
				if s.Err != "" {
					texts = append(texts, "ERR")
					if !strings.HasPrefix(s.Err, fmt.Sprintf("in:%d: ", 2+boolInt(f == CSV || f == TSV || f == Page))) {
						t.Errorf("error %q has the wrong line", s.Err)
					}
				} else {
					texts = append(texts, s.Rec.Text)
				}
			}
			want := "a ERR c"
			if f == Page {
				want = "ERR a\nc"
			}
			if strings.Join(texts, " ") != want {
				t.Errorf("got %q, want %q", texts, want)
			}
		})
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
