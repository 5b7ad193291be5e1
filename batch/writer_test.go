package batch_test

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tasnif/tasnif/batch"
	"github.com/tasnif/tasnif/classify"
	"github.com/tasnif/tasnif/corpus"
	"github.com/tasnif/tasnif/models"
)

func prediction(label string, p float64, rest ...classify.LabelScore) classify.Prediction {
	return classify.Prediction{Label: label, Confidence: p, Scores: append([]classify.LabelScore{{Label: label, P: p}}, rest...)}
}

// sampleResults covers a record with an id, one without, a page headline and
// a page article with an explanation.
func sampleResults() []batch.Result {
	ex := &models.Explanation{
		Prediction: prediction("security", 0.91),
		Against:    "politics",
		For:        []models.TermWeight{{Term: "شرط", Weight: 1.23456}, {Term: "وقف مخدر", Weight: 0.5}},
		Opposing:   []models.TermWeight{{Term: "حكوم", Weight: -0.25}},
	}
	return []batch.Result{
		{Record: corpus.Record{ID: "a1", Text: "المنتخب يفوز", Source: "in.jsonl", Line: 1},
			Prediction: prediction("sports", 0.97314159, classify.LabelScore{Label: "politics", P: 0.0112}, classify.LabelScore{Label: "other", P: 0.00001})},
		{Record: corpus.Record{Title: "عنوان", Text: "نص", Source: "in.jsonl", Line: 2},
			Prediction: prediction("politics", 0.5)},
		{Record: corpus.Record{Text: "أمطار رعدية", Source: "page.txt", Line: 1, Kind: "headline", Index: 3},
			Prediction: prediction("weather", 1)},
		{Record: corpus.Record{ID: "p9", Title: "تفكيك شبكة", Text: "أوقفت الشرطة\nمشتبها فيه", Source: "page.txt", Line: 5, Kind: "article", Index: 1},
			Prediction: prediction("security", 0.91), Explanation: ex},
	}
}

func writeAll(t *testing.T, format batch.OutputFormat, opt batch.WriterOptions, results []batch.Result) string {
	t.Helper()
	var buf bytes.Buffer
	w := batch.NewWriter(&buf, format, opt)
	for i := range results {
		if err := w.Write(&results[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// decodeLines decodes every line as one JSON object, keeping numbers exact.
func decodeLines(t *testing.T, out string) []map[string]any {
	t.Helper()
	if !strings.HasSuffix(out, "\n") {
		t.Fatalf("output does not end with a newline: %q", out)
	}
	var objs []map[string]any
	for i, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if !utf8.ValidString(line) {
			t.Errorf("line %d is not valid UTF-8: %q", i+1, line)
		}
		dec := json.NewDecoder(strings.NewReader(line))
		dec.UseNumber()
		var obj map[string]any
		if err := dec.Decode(&obj); err != nil {
			t.Fatalf("line %d is not JSON: %v\n%s", i+1, err, line)
		}
		if dec.More() {
			t.Fatalf("line %d has more than one value: %s", i+1, line)
		}
		objs = append(objs, obj)
	}
	return objs
}

func keys(m map[string]any) []string {
	return slices.Sorted(maps.Keys(m))
}

func TestJSONLFields(t *testing.T) {
	results := sampleResults()
	sorted := func(s ...string) []string { slices.Sort(s); return s }
	base := []string{"label", "confidence", "scores"}
	tests := []struct {
		name string
		opt  batch.WriterOptions
		want [][]string // keys of each line
	}{
		{"plain", batch.WriterOptions{}, [][]string{
			sorted(append(base, "id")...), sorted(base...), sorted(base...), sorted(append(base, "id")...)}},
		{"with text", batch.WriterOptions{WithText: true}, [][]string{
			sorted(append(base, "id", "text")...), sorted(append(base, "text")...), sorted(append(base, "text")...), sorted(append(base, "id", "text")...)}},
		{"pages", batch.WriterOptions{Pages: true}, [][]string{
			sorted(append(base, "id", "page", "kind", "index", "text")...), sorted(append(base, "page", "kind", "index", "text")...),
			sorted(append(base, "page", "kind", "index", "text")...), sorted(append(base, "id", "page", "kind", "index", "text")...)}},
		{"explain", batch.WriterOptions{Explain: true}, [][]string{
			sorted(append(base, "id")...), sorted(base...), sorted(base...), sorted(append(base, "id", "explain")...)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			objs := decodeLines(t, writeAll(t, batch.JSONL, tt.opt, results))
			if len(objs) != len(results) {
				t.Fatalf("%d lines, want %d", len(objs), len(results))
			}
			for i, obj := range objs {
				if got := keys(obj); !slices.Equal(got, tt.want[i]) {
					t.Errorf("line %d: fields %q, want %q", i+1, got, tt.want[i])
				}
				r := results[i]
				if obj["label"] != r.Prediction.Label {
					t.Errorf("line %d: label %v", i+1, obj["label"])
				}
				if id, ok := obj["id"]; ok && id != r.Record.ID {
					t.Errorf("line %d: id %v", i+1, id)
				}
				if text, ok := obj["text"]; ok && text != r.Record.FullText() {
					t.Errorf("line %d: text %q, want %q", i+1, text, r.Record.FullText())
				}
				if tt.opt.Pages {
					if obj["page"] != r.Record.Source || obj["kind"] != r.Record.Kind || obj["index"] != json.Number(strconv.Itoa(r.Record.Index)) {
						t.Errorf("line %d: page %v kind %v index %v", i+1, obj["page"], obj["kind"], obj["index"])
					}
				}
				scores := obj["scores"].([]any)
				if len(scores) != len(r.Prediction.Scores) {
					t.Errorf("line %d: %d scores", i+1, len(scores))
				}
				for j, s := range scores {
					s := s.(map[string]any)
					if got := keys(s); !slices.Equal(got, []string{"label", "p"}) || s["label"] != r.Prediction.Scores[j].Label {
						t.Errorf("line %d: score %v", i+1, s)
					}
				}
			}
		})
	}
}

func TestJSONLExact(t *testing.T) {
	results := sampleResults()
	out := writeAll(t, batch.JSONL, batch.WriterOptions{Explain: true}, results[3:4])
	want := `{"id":"p9","label":"security","confidence":0.91,"scores":[{"label":"security","p":0.91}],` +
		`"explain":{"against":"politics","for":[{"term":"شرط","weight":1.2346},{"term":"وقف مخدر","weight":0.5}],"opposing":[{"term":"حكوم","weight":-0.25}]}}` + "\n"
	if out != want {
		t.Errorf("got  %s\nwant %s", out, want)
	}
	// Probabilities have four decimals at most.
	out = writeAll(t, batch.JSONL, batch.WriterOptions{}, results[:1])
	want = `{"id":"a1","label":"sports","confidence":0.9731,"scores":[{"label":"sports","p":0.9731},{"label":"politics","p":0.0112},{"label":"other","p":0}]}` + "\n"
	if out != want {
		t.Errorf("got  %s\nwant %s", out, want)
	}
}

func TestJSONLEscaping(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"quote", `قال "نعم"`, `قال "نعم"`},
		{"backslash", `a\b\\c\`, `a\b\\c\`},
		{"newline and tab", "سطر\nسطر\r\n\tآخر", "سطر\nسطر\r\n\tآخر"},
		{"control characters", "a\x00b\x01c\x1fd\x7fe\bf\fg", "a\x00b\x01c\x1fd\x7fe\bf\fg"},
		{"line separators", "a\u2028b\u2029c", "a\u2028b\u2029c"},
		{"invalid UTF-8", "a\xffb\xc3", "a\ufffdb\ufffd"},
		{"truncated Arabic", "خبر\xd8", "خبر\ufffd"},
		{"surrogate bytes", "x\xed\xa0\x80y", "x\ufffd\ufffd\ufffdy"},
		{"replacement character itself", "a\ufffdb", "a\ufffdb"},
		{"html", "<script>&</script>", "<script>&</script>"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := batch.Result{
				Record:     corpus.Record{ID: tt.in, Text: tt.in, Source: tt.in, Kind: "headline"},
				Prediction: prediction(tt.in+"x", 0.5),
				Explanation: &models.Explanation{Against: tt.in,
					For: []models.TermWeight{{Term: tt.in, Weight: 1}}},
			}
			out := writeAll(t, batch.JSONL, batch.WriterOptions{Pages: true, Explain: true}, []batch.Result{r})
			line := strings.TrimSuffix(out, "\n")
			if strings.ContainsAny(line, "\n\r\u2028\u2029") {
				t.Errorf("raw line breaks in %q", line)
			}
			for i := 0; i < len(line); i++ {
				if line[i] < 0x20 {
					t.Fatalf("raw control byte %#x in %q", line[i], line)
				}
			}
			objs := decodeLines(t, out)
			obj := objs[0]
			if tt.in != "" {
				if obj["id"] != tt.want {
					t.Errorf("id %q, want %q", obj["id"], tt.want)
				}
			} else if _, ok := obj["id"]; ok {
				t.Error("an empty id is written")
			}
			if obj["text"] != tt.want || obj["page"] != tt.want || obj["label"] != tt.want+"x" {
				t.Errorf("text %q page %q label %q, want %q", obj["text"], obj["page"], obj["label"], tt.want)
			}
			ex := obj["explain"].(map[string]any)
			if ex["against"] != tt.want || ex["for"].([]any)[0].(map[string]any)["term"] != tt.want {
				t.Errorf("explain %v", ex)
			}
		})
	}
	// U+2028 and U+2029 are written escaped.
	out := writeAll(t, batch.JSONL, batch.WriterOptions{WithText: true}, []batch.Result{{Record: corpus.Record{Text: "a\u2028b\u2029"}, Prediction: prediction("x", 1)}})
	if !strings.Contains(out, `"text":"a\u2028b\u2029"`) {
		t.Errorf("line separators not escaped: %s", out)
	}
}

// readDelimited reads back CSV or TSV output.
func readDelimited(t *testing.T, out string, comma rune) [][]string {
	t.Helper()
	if comma == '\t' {
		// TSV as tasnif writes and reads it: one record per line, no quoting.
		var rows [][]string
		for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
			rows = append(rows, strings.Split(line, "\t"))
		}
		return rows
	}
	r := csv.NewReader(strings.NewReader(out))
	r.Comma = comma
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("output does not read back: %v\n%s", err, out)
	}
	return rows
}

// explainTerm is one "term:weight" of the explain column, separated by "; ";
// terms may contain spaces (n-grams).
var explainTerm = regexp.MustCompile(`(.+?):([+-]?[0-9.]+)(?:; |$)`)

func TestDelimited(t *testing.T) {
	results := sampleResults()
	tests := []struct {
		opt    batch.WriterOptions
		header []string
	}{
		{batch.WriterOptions{}, []string{"id", "label", "confidence", "scores"}},
		{batch.WriterOptions{WithText: true}, []string{"id", "label", "confidence", "scores", "text"}},
		{batch.WriterOptions{Pages: true}, []string{"id", "page", "kind", "index", "label", "confidence", "scores", "text"}},
		{batch.WriterOptions{Pages: true, Explain: true}, []string{"id", "page", "kind", "index", "label", "confidence", "scores", "text", "explain"}},
		{batch.WriterOptions{Explain: true}, []string{"id", "label", "confidence", "scores", "explain"}},
	}
	for _, format := range []batch.OutputFormat{batch.CSV, batch.TSV} {
		comma := ','
		if format == batch.TSV {
			comma = '\t'
		}
		for _, tt := range tests {
			t.Run(string(format)+"/"+strings.Join(tt.header, ","), func(t *testing.T) {
				out := writeAll(t, format, tt.opt, results)
				rows := readDelimited(t, out, comma)
				if len(rows) != len(results)+1 {
					t.Fatalf("%d rows, want a header and %d", len(rows), len(results))
				}
				if !slices.Equal(rows[0], tt.header) {
					t.Fatalf("header %q, want %q", rows[0], tt.header)
				}
				col := func(row []string, name string) string { return row[slices.Index(tt.header, name)] }
				for i, row := range rows[1:] {
					r := results[i]
					if len(row) != len(tt.header) {
						t.Fatalf("row %d has %d fields", i+1, len(row))
					}
					if col(row, "id") != r.Record.ID || col(row, "label") != r.Prediction.Label {
						t.Errorf("row %d: %q", i+1, row)
					}
					if c, err := strconv.ParseFloat(col(row, "confidence"), 64); err != nil || c != float64(int(r.Prediction.Confidence*1e4+0.5))/1e4 {
						t.Errorf("row %d: confidence %q", i+1, col(row, "confidence"))
					}
					var scores []string
					for _, s := range r.Prediction.Scores {
						scores = append(scores, s.Label+":"+strconv.FormatFloat(float64(int(s.P*1e4+0.5))/1e4, 'g', -1, 64))
					}
					if got := col(row, "scores"); got != strings.Join(scores, " ") {
						t.Errorf("row %d: scores %q, want %q", i+1, got, strings.Join(scores, " "))
					}
					if tt.opt.Pages {
						if col(row, "page") != r.Record.Source || col(row, "kind") != r.Record.Kind || col(row, "index") != strconv.Itoa(r.Record.Index) {
							t.Errorf("row %d: %q", i+1, row)
						}
					}
					if tt.opt.Pages || tt.opt.WithText {
						text := r.Record.FullText()
						if format == batch.TSV {
							text = strings.ReplaceAll(text, "\n", " ")
						}
						if got := col(row, "text"); got != text {
							t.Errorf("row %d: text %q, want %q", i+1, got, text)
						}
					}
					if tt.opt.Explain {
						got := col(row, "explain")
						if r.Explanation == nil {
							if got != "" {
								t.Errorf("row %d: explain %q without an explanation", i+1, got)
							}
							continue
						}
						m := explainTerm.FindAllStringSubmatch(got, -1)
						if len(m) != len(r.Explanation.For) {
							t.Fatalf("row %d: explain %q, want %d terms", i+1, got, len(r.Explanation.For))
						}
						for j, tw := range r.Explanation.For {
							w, _ := strconv.ParseFloat(m[j][2], 64)
							if m[j][1] != tw.Term || w-tw.Weight > 1e-3 || tw.Weight-w > 1e-3 {
								t.Errorf("row %d: explain term %q, want %+v", i+1, m[j][0], tw)
							}
						}
					}
				}
			})
		}
	}
}

func TestTSVTextStaysOnOneLine(t *testing.T) {
	text := "عنوان\tمع\tعلامات\nسطر ثان\r\nسطر \"ثالث\", و\\ آخر"
	results := []batch.Result{
		{Record: corpus.Record{ID: "1", Text: text}, Prediction: prediction("x", 0.5)},
		{Record: corpus.Record{ID: "2", Title: "عنوان\t", Text: "نص"}, Prediction: prediction("y", 0.5)},
	}
	out := writeAll(t, batch.TSV, batch.WriterOptions{WithText: true}, results)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines, want a header and two rows:\n%s", len(lines), out)
	}
	for i, l := range lines {
		if n := strings.Count(l, "\t"); n != 4 {
			t.Errorf("line %d has %d tabs, want 4: %q", i+1, n, l)
		}
	}
	rows := readDelimited(t, out, '\t')
	if got, want := rows[1][4], "عنوان مع علامات سطر ثان سطر \"ثالث\", و\\ آخر"; got != want {
		t.Errorf("text %q, want %q", got, want)
	}
	if got, want := rows[2][4], "عنوان  نص"; got != want {
		t.Errorf("text %q, want %q", got, want)
	}
	// CSV keeps the text as it is, quoted (encoding/csv reads a quoted
	// "\r\n" back as "\n").
	out = writeAll(t, batch.CSV, batch.WriterOptions{WithText: true}, results)
	if rows, want := readDelimited(t, out, ','), strings.ReplaceAll(text, "\r\n", "\n"); rows[1][4] != want {
		t.Errorf("CSV text %q, want %q", rows[1][4], want)
	}
}

func TestDelimitedHeaderOnce(t *testing.T) {
	out := writeAll(t, batch.CSV, batch.WriterOptions{}, nil)
	if out != "" {
		t.Errorf("no results wrote %q", out)
	}
	results := sampleResults()
	out = writeAll(t, batch.CSV, batch.WriterOptions{}, append(results, results...))
	if n := strings.Count(out, "id,label,confidence,scores\n"); n != 1 {
		t.Errorf("header written %d times:\n%s", n, out)
	}
}

// failWriter fails every write after the first ok bytes.
type failWriter struct {
	ok  int
	err error
}

func (f *failWriter) Write(p []byte) (int, error) {
	if f.ok >= len(p) {
		f.ok -= len(p)
		return len(p), nil
	}
	n := f.ok
	f.ok = 0
	return n, f.err
}

func TestWriterErrors(t *testing.T) {
	diskFull := errors.New("no space left on device")
	results := sampleResults()
	for _, format := range []batch.OutputFormat{batch.JSONL, batch.CSV, batch.TSV} {
		t.Run(string(format), func(t *testing.T) {
			// A small output fails at Flush.
			w := batch.NewWriter(&failWriter{err: diskFull}, format, batch.WriterOptions{WithText: true})
			for i := range results {
				if err := w.Write(&results[i]); err != nil {
					t.Fatalf("Write of a buffered result failed early: %v", err)
				}
			}
			if err := w.Flush(); !errors.Is(err, diskFull) {
				t.Errorf("Flush: %v, want the writer's error", err)
			}
			if err := w.Flush(); !errors.Is(err, diskFull) {
				t.Errorf("second Flush: %v, want the writer's error again", err)
			}

			// A large output fails at Write, and stays failed.
			w = batch.NewWriter(&failWriter{ok: 1000, err: diskFull}, format, batch.WriterOptions{WithText: true})
			big := batch.Result{Record: corpus.Record{Text: strings.Repeat("خبر طويل ", 2000)}, Prediction: prediction("x", 1)}
			var err error
			for range 100 {
				if err = w.Write(&big); err != nil {
					break
				}
			}
			if !errors.Is(err, diskFull) {
				t.Fatalf("Write: %v, want the writer's error", err)
			}
			if err := w.Write(&big); !errors.Is(err, diskFull) {
				t.Errorf("Write after a failure: %v", err)
			}
			if err := w.Flush(); !errors.Is(err, diskFull) {
				t.Errorf("Flush after a failure: %v", err)
			}
		})
	}
}

// TestRunWriterError: a failing output stops Run with its error.
func TestRunWriterError(t *testing.T) {
	m := smallModel(t)
	diskFull := errors.New("no space left on device")
	w := batch.NewWriter(&failWriter{ok: 4096, err: diskFull}, batch.JSONL, batch.WriterOptions{WithText: true})
	stats, err := batch.Run(t.Context(), m, &sliceSource{recs: generate(5000)}, w.Write, batch.Options{Workers: 2})
	if !errors.Is(err, diskFull) {
		t.Fatalf("Run: %v, want the writer's error", err)
	}
	if stats.Records >= 5000 {
		t.Errorf("Run went on after the error: %+v", stats)
	}
}

func TestParseOutputFormat(t *testing.T) {
	for in, want := range map[string]batch.OutputFormat{"jsonl": batch.JSONL, "CSV": batch.CSV, "tsv": batch.TSV} {
		if got, err := batch.ParseOutputFormat(in); err != nil || got != want {
			t.Errorf("ParseOutputFormat(%q) = %q, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "json", "xml"} {
		if _, err := batch.ParseOutputFormat(in); err == nil || !strings.Contains(err.Error(), "jsonl, csv or tsv") {
			t.Errorf("ParseOutputFormat(%q): %v", in, err)
		}
	}
}

// TestJSONLLarge writes a line longer than the writer's buffer.
func TestJSONLLarge(t *testing.T) {
	text := strings.Repeat("نص طويل جدا \"مع\" علامات\n", 20000)
	out := writeAll(t, batch.JSONL, batch.WriterOptions{WithText: true}, []batch.Result{{Record: corpus.Record{Text: text}, Prediction: prediction("x", 1)}})
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<24)
	n := 0
	for sc.Scan() {
		n++
		var obj struct{ Text string }
		if err := json.Unmarshal(sc.Bytes(), &obj); err != nil || obj.Text != text {
			t.Fatalf("large line does not decode back: %v", err)
		}
	}
	if n != 1 {
		t.Errorf("%d lines", n)
	}
}
