package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// headlines for tagging, with the label the test model gives each.
var tagHeadlines = []struct{ text, label string }{
	{"أمطار رعدية ورياح قوية حسب الأرصاد الجوية", "weather"},
	{"الشرطة توقف مروج المخدرات", "security"},
	{"المنتخب يفوز في مباراة البطولة", "sports"},
	{"البرلمان يصادق على مشروع القانون", "politics"},
}

func tagLines() string {
	var b strings.Builder
	for _, h := range tagHeadlines {
		b.WriteString(h.text + "\n")
	}
	return b.String()
}

// labelsOf returns the "label" of each JSON line.
func labelsOf(t *testing.T, out string) []string {
	t.Helper()
	var labels []string
	for _, obj := range jsonLines(t, out) {
		labels = append(labels, obj["label"].(string))
	}
	return labels
}

func wantLabels() []string {
	var l []string
	for _, h := range tagHeadlines {
		l = append(l, h.label)
	}
	return l
}

func TestTagInputs(t *testing.T) {
	model := trainedModel(t)
	dir := t.TempDir()
	var jsonl strings.Builder
	var rows [][]string
	for i, h := range tagHeadlines {
		fmt.Fprintf(&jsonl, `{"id": "n%d", "text": %q}`+"\n", i+1, h.text)
		rows = append(rows, []string{fmt.Sprintf("n%d", i+1), h.text})
	}
	table := func(comma rune) string {
		var b strings.Builder
		w := csv.NewWriter(&b)
		w.Comma = comma
		w.Write([]string{"id", "text"})
		w.WriteAll(rows)
		return b.String()
	}
	half := len(tagHeadlines) / 2
	var first, second strings.Builder
	for i, h := range tagHeadlines {
		if i < half {
			first.WriteString(h.text + "\n")
		} else {
			second.WriteString(h.text + "\n")
		}
	}
	ids := []string{"n1", "n2", "n3", "n4"}
	tests := []struct {
		name  string
		stdin string
		args  []string
		ids   []string // nil: no id field
	}{
		{"stdin lines", tagLines(), nil, nil},
		{"stdin dash", tagLines(), []string{"-"}, nil},
		{"stdin jsonl", jsonl.String(), []string{"--in", "jsonl"}, ids},
		{"stdin csv", table(','), []string{"--in", "csv"}, ids},
		{"lines file", "", []string{writeFile(t, filepath.Join(dir, "h.txt"), tagLines())}, nil},
		{"two files", "", []string{writeFile(t, filepath.Join(dir, "a.txt"), first.String()), writeFile(t, filepath.Join(dir, "b.txt"), second.String())}, nil},
		{"file and stdin", second.String(), []string{writeFile(t, filepath.Join(dir, "c.txt"), first.String()), "-"}, nil},
		{"no final newline", "", []string{writeFile(t, filepath.Join(dir, "nonl.txt"), strings.TrimSuffix(tagLines(), "\n"))}, nil},
		{"crlf", "", []string{writeFile(t, filepath.Join(dir, "crlf.txt"), strings.ReplaceAll(tagLines(), "\n", "\r\n"))}, nil},
		{"jsonl file", "", []string{writeFile(t, filepath.Join(dir, "h.jsonl"), jsonl.String())}, ids},
		{"jsonl with blank lines", "", []string{writeFile(t, filepath.Join(dir, "blank.jsonl"), "\n"+strings.ReplaceAll(jsonl.String(), "\n", "\n\n"))}, ids},
		{"csv file", "", []string{writeFile(t, filepath.Join(dir, "h.csv"), table(','))}, ids},
		{"tsv file", "", []string{writeFile(t, filepath.Join(dir, "h.tsv"), table('\t'))}, ids},
		{"gzip lines", "", []string{writeGzip(t, filepath.Join(dir, "h.txt.gz"), tagLines())}, nil},
		{"gzip jsonl", "", []string{writeGzip(t, filepath.Join(dir, "h.jsonl.gz"), jsonl.String())}, ids},
		{"id field", strings.ReplaceAll(jsonl.String(), `"id"`, `"key"`), []string{"--in", "jsonl", "--id-field", "key"}, ids},
		{"text field", strings.ReplaceAll(jsonl.String(), `"text"`, `"body"`), []string{"--in", "jsonl", "--text-field", "body"}, ids},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tasnif(t, tt.stdin, append([]string{"tag", "-m", model}, tt.args...)...).ok(t)
			if r.stderr != "" {
				t.Errorf("stderr: %s", r.stderr)
			}
			objs := jsonLines(t, r.out)
			if len(objs) != len(tagHeadlines) {
				t.Fatalf("%d results, want %d:\n%s", len(objs), len(tagHeadlines), r.out)
			}
			for i, obj := range objs {
				if obj["label"] != tagHeadlines[i].label {
					t.Errorf("result %d: label %v, want %s", i+1, obj["label"], tagHeadlines[i].label)
				}
				want := []string{"confidence", "label", "scores"}
				if tt.ids != nil {
					want = []string{"confidence", "id", "label", "scores"}
					if obj["id"] != tt.ids[i] {
						t.Errorf("result %d: id %v, want %s", i+1, obj["id"], tt.ids[i])
					}
				}
				if got := slices.Sorted(maps.Keys(obj)); !slices.Equal(got, want) {
					t.Errorf("result %d: fields %q, want %q", i+1, got, want)
				}
				if n := len(obj["scores"].([]any)); n != 3 {
					t.Errorf("result %d: %d scores, want the default 3", i+1, n)
				}
			}
		})
	}
}

func TestTagDefaultModel(t *testing.T) {
	r := tasnif(t, "توقعات أحوال الطقس ليوم غد الإثنين\nالدرك الملكي يحجز مخدرات بالجديدة\n", "tag", "-k", "0").ok(t)
	objs := jsonLines(t, r.out)
	if len(objs) != 2 || objs[0]["label"] != "weather" || objs[1]["label"] != "security" {
		t.Fatalf("default model:\n%s", r.out)
	}
	var labels []string
	for _, s := range objs[0]["scores"].([]any) {
		labels = append(labels, s.(map[string]any)["label"].(string))
	}
	slices.Sort(labels)
	if !slices.Equal(labels, []string{"other", "politics", "security", "sports", "weather"}) {
		t.Errorf("-k 0 gives the labels %q, want all five", labels)
	}
}

func TestTagOrderManyRecords(t *testing.T) {
	model := trainedModel(t)
	var in strings.Builder
	const n = 3000
	for i := range n {
		fmt.Fprintf(&in, `{"id": %d, "text": %q}`+"\n", i, tagHeadlines[(i*7)%len(tagHeadlines)].text)
	}
	for _, workers := range []string{"1", "3"} {
		r := tasnif(t, in.String(), "tag", "-m", model, "--in", "jsonl", "--workers", workers, "-k", "1").ok(t)
		objs := jsonLines(t, r.out)
		if len(objs) != n {
			t.Fatalf("%d results, want %d", len(objs), n)
		}
		for i, obj := range objs {
			if obj["id"] != fmt.Sprint(i) || obj["label"] != tagHeadlines[(i*7)%len(tagHeadlines)].label {
				t.Fatalf("workers %s: result %d is %v", workers, i, obj)
			}
		}
	}
}

func TestTagOutputFormats(t *testing.T) {
	model := trainedModel(t)
	jsonl := ""
	for i, h := range tagHeadlines {
		jsonl += fmt.Sprintf(`{"id": "n%d", "title": "عنوان\t%d", "text": %q}`+"\n", i+1, i, h.text+"\n"+"سطر")
	}
	for _, tt := range []struct {
		out   string
		comma rune
	}{{"csv", ','}, {"tsv", '\t'}, {"CSV", ','}} {
		t.Run(tt.out, func(t *testing.T) {
			r := tasnif(t, jsonl, "tag", "-m", model, "--in", "jsonl", "--out", tt.out, "--with-text", "-k", "2").ok(t)
			cr := csv.NewReader(strings.NewReader(r.out))
			cr.Comma = tt.comma
			rows, err := cr.ReadAll()
			if err != nil {
				t.Fatalf("output does not read back: %v\n%s", err, r.out)
			}
			if want := []string{"id", "label", "confidence", "scores", "text"}; !slices.Equal(rows[0], want) {
				t.Fatalf("header %q, want %q", rows[0], want)
			}
			if len(rows) != len(tagHeadlines)+1 {
				t.Fatalf("%d rows", len(rows))
			}
			for i, row := range rows[1:] {
				h := tagHeadlines[i]
				if row[0] != fmt.Sprintf("n%d", i+1) || row[1] != h.label {
					t.Errorf("row %d: %q", i+1, row)
				}
				if n := len(strings.Fields(row[3])); n != 2 || !strings.HasPrefix(row[3], h.label+":") {
					t.Errorf("row %d: scores %q", i+1, row[3])
				}
				text := fmt.Sprintf("عنوان\t%d\n%s\nسطر", i, h.text)
				if tt.comma == '\t' {
					text = strings.NewReplacer("\t", " ", "\n", " ").Replace(text)
				}
				if row[4] != text {
					t.Errorf("row %d: text %q, want %q", i+1, row[4], text)
				}
			}
			if tt.comma == '\t' && strings.Count(r.out, "\n") != len(tagHeadlines)+1 {
				t.Errorf("TSV rows span lines:\n%s", r.out)
			}
		})
	}
}

func TestTagOptions(t *testing.T) {
	model := trainedModel(t)
	t.Run("top", func(t *testing.T) {
		for k, want := range map[string]int{"1": 1, "2": 2, "0": 4, "9": 4} {
			r := tasnif(t, tagLines(), "tag", "-m", model, "-k", k).ok(t)
			for _, obj := range jsonLines(t, r.out) {
				if n := len(obj["scores"].([]any)); n != want {
					t.Errorf("-k %s: %d scores, want %d", k, n, want)
				}
			}
		}
		r := tasnif(t, tagLines(), "tag", "-m", model, "--top", "1").ok(t)
		if n := len(jsonLines(t, r.out)[0]["scores"].([]any)); n != 1 {
			t.Errorf("--top 1: %d scores", n)
		}
	})

	t.Run("min confidence", func(t *testing.T) {
		// The default model: the test model, trained on a few separable
		// stories, is sure of everything.
		in := tagLines() + "خبر\n\n"
		plain := jsonLines(t, tasnif(t, in, "tag").ok(t).out)
		var confs []float64
		for _, obj := range plain {
			confs = append(confs, obj["confidence"].(float64))
		}
		lo, hi := slices.Min(confs), slices.Max(confs)
		if hi-lo < 0.01 {
			t.Fatalf("confidences %v: the test needs a spread", confs)
		}
		// Between two printed confidences (rounded to 1e-4): no record is on
		// the fence.
		threshold := lo + 0.00005
		for _, c := range confs {
			if c > lo && c < hi {
				threshold = (lo + c) / 2
			}
		}
		r := tasnif(t, in, "tag", "--min-confidence", fmt.Sprint(threshold), "--fallback", "security").ok(t)
		if r.stderr != "" {
			t.Errorf("stderr for a fallback that is a label: %s", r.stderr)
		}
		fallbacks := 0
		for i, obj := range jsonLines(t, r.out) {
			want := plain[i]["label"]
			if confs[i] < threshold {
				want = "security"
				fallbacks++
			}
			if obj["label"] != want || obj["confidence"] != plain[i]["confidence"] {
				t.Errorf("result %d: %v, want label %v and the confidence of %v", i+1, obj, want, plain[i])
			}
			if s := obj["scores"].([]any)[0].(map[string]any); s["label"] != plain[i]["label"] {
				t.Errorf("result %d: the scores lost the best guess: %v", i+1, obj["scores"])
			}
		}
		if fallbacks == 0 || fallbacks == len(plain) {
			t.Errorf("%d of %d fall back at %g (confidences %v)", fallbacks, len(plain), threshold, confs)
		}

		r = tasnif(t, in, "tag", "--min-confidence", "1", "--fallback", "unsure").ok(t)
		if !strings.Contains(r.stderr, `the fallback label "unsure" is not one of the model's labels`) {
			t.Errorf("no note about the fallback: %s", r.stderr)
		}
		for i, l := range labelsOf(t, r.out) {
			if confs[i] < 0.9999 && l != "unsure" {
				t.Errorf("--min-confidence 1: result %d (confidence %g) is %q", i+1, confs[i], l)
			}
		}
		// The default fallback is "other"; without --min-confidence nothing
		// falls back.
		r = tasnif(t, in, "tag", "--min-confidence", "1").ok(t)
		if labels := labelsOf(t, r.out); labels[len(labels)-1] != "other" || r.stderr != "" {
			t.Errorf("default fallback: %q %s", labels, r.stderr)
		}
		r = tasnif(t, in, "tag", "--fallback", "unsure").ok(t)
		if labels := labelsOf(t, r.out); slices.Contains(labels, "unsure") {
			t.Errorf("--fallback alone changes labels: %q", labels)
		}
	})

	t.Run("explain", func(t *testing.T) {
		r := tasnif(t, tagLines(), "tag", "-m", model, "--explain", "--explain-terms", "2").ok(t)
		objs := jsonLines(t, r.out)
		for i, obj := range objs {
			ex, ok := obj["explain"].(map[string]any)
			if !ok {
				t.Fatalf("result %d has no explain: %v", i+1, obj)
			}
			if ex["against"] == obj["label"] || ex["against"] == "" {
				t.Errorf("result %d: against %v", i+1, ex["against"])
			}
			for _, side := range []string{"for", "opposing"} {
				terms, ok := ex[side].([]any)
				if !ok || len(terms) > 2 {
					t.Errorf("result %d: %s %v", i+1, side, ex[side])
				}
			}
			if len(ex["for"].([]any)) == 0 {
				t.Errorf("result %d: no terms for %v", i+1, obj["label"])
			}
		}
		if slices.Compare(labelsOf(t, r.out), wantLabels()) != 0 {
			t.Errorf("--explain changes the labels: %q", labelsOf(t, r.out))
		}
		r = tasnif(t, tagLines(), "tag", "-m", model, "--explain", "--out", "csv").ok(t)
		if !strings.HasPrefix(r.out, "id,label,confidence,scores,explain\n") {
			t.Errorf("CSV explain header:\n%s", r.out)
		}
	})

	t.Run("with text", func(t *testing.T) {
		r := tasnif(t, tagLines(), "tag", "-m", model, "--with-text").ok(t)
		for i, obj := range jsonLines(t, r.out) {
			if obj["text"] != tagHeadlines[i].text {
				t.Errorf("result %d: text %v", i+1, obj["text"])
			}
		}
	})

	t.Run("output file", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "tags.jsonl")
		r := tasnif(t, tagLines(), "tag", "-m", model, "-o", path).ok(t)
		if r.out != "" {
			t.Errorf("stdout with -o: %q", r.out)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := labelsOf(t, string(data)); !slices.Equal(got, wantLabels()) {
			t.Errorf("file labels %q", got)
		}
		r = tasnif(t, tagLines(), "tag", "-m", model, "-o", "-").ok(t)
		if len(jsonLines(t, r.out)) != len(tagHeadlines) {
			t.Error("-o - does not write to standard output")
		}
	})
}

func TestTagPage(t *testing.T) {
	const page = "../../testdata/pages/sample-page.txt"
	// The ticker's headlines, one a line (one holds a no-break space).
	wantHeadlines := readLines(t, "../../testdata/pages/sample-page.headlines.txt")
	r := tasnif(t, "", "tag", "--in", "page", page).ok(t)
	objs := jsonLines(t, r.out)
	if len(objs) != len(wantHeadlines)+1 {
		t.Fatalf("%d results, want %d headlines and 1 article:\n%s", len(objs), len(wantHeadlines), r.out)
	}
	for i, obj := range objs {
		if got := slices.Sorted(maps.Keys(obj)); !slices.Equal(got, []string{"confidence", "index", "kind", "label", "page", "scores", "text"}) {
			t.Errorf("result %d: fields %q", i+1, got)
		}
		if obj["page"] != page {
			t.Errorf("result %d: page %v", i+1, obj["page"])
		}
		if i < len(wantHeadlines) {
			if obj["kind"] != "headline" || obj["index"] != float64(i+1) || obj["text"] != wantHeadlines[i] {
				t.Errorf("headline %d: %v", i+1, obj)
			}
			continue
		}
		text, _ := obj["text"].(string)
		if obj["kind"] != "article" || obj["index"] != float64(1) ||
			!strings.HasPrefix(text, "تفكيك شبكة لتهريب المخدرات عبر ميناء مدينة ساحلية\nأعلنت المديرية العامة للأمن") ||
			!strings.HasSuffix(text, "النيابة العامة المختصة.") {
			t.Errorf("article: %v", obj)
		}
		for _, boiler := range []string{"شكرا على الإبلاغ", "انقر هنا"} {
			if strings.Contains(text, boiler) {
				t.Errorf("the article keeps the boilerplate %q", boiler)
			}
		}
		if obj["label"] != "security" {
			t.Errorf("the article is tagged %v", obj["label"])
		}
	}

	r = tasnif(t, "", "tag", "--in", "page", page, "--out", "csv").ok(t)
	rows, err := csv.NewReader(strings.NewReader(r.out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"id", "page", "kind", "index", "label", "confidence", "scores", "text"}; !slices.Equal(rows[0], want) {
		t.Errorf("header %q", rows[0])
	}
	if len(rows) != len(wantHeadlines)+2 || rows[13][2] != "article" || rows[13][3] != "1" {
		t.Errorf("%d rows; last %q", len(rows), rows[len(rows)-1])
	}

	// --in is case-insensitive; several pages, gzipped or not, one after
	// the other.
	data, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	gz := writeGzip(t, filepath.Join(t.TempDir(), "page.txt.gz"), string(data))
	r = tasnif(t, "", "tag", "--in", "PAGE", page, gz).ok(t)
	objs = jsonLines(t, r.out)
	if len(objs) != 26 {
		t.Fatalf("two pages: %d results, want 26", len(objs))
	}
	for i, obj := range objs {
		want := page
		if i >= 13 {
			want = gz
		}
		if obj["page"] != want || obj["kind"] == nil || obj["index"] == nil {
			t.Errorf("result %d: %v", i+1, obj)
		}
		if i >= 13 && (obj["text"] != objs[i-13]["text"] || obj["label"] != objs[i-13]["label"]) {
			t.Errorf("result %d differs from the same item of the plain page", i+1)
		}
	}

	// Pages from standard input.
	r = tasnif(t, string(data), "tag", "--in", "page").ok(t)
	if objs := jsonLines(t, r.out); len(objs) != 13 || objs[0]["page"] != "-" {
		t.Errorf("page on standard input: %d results, %v", len(objs), objs[0])
	}
}

func TestTagSharedPage(t *testing.T) {
	page := needShared(t, "examples/news-page.txt")
	r := tasnif(t, "", "tag", "--in", "page", page).ok(t)
	objs := jsonLines(t, r.out)
	articles := 0
	for _, obj := range objs {
		if obj["kind"] == "article" {
			articles++
		}
	}
	if len(objs) < 2 || articles != 1 {
		t.Errorf("%d results, %d articles", len(objs), articles)
	}
}

func TestTagAlignment(t *testing.T) {
	model := trainedModel(t)
	in := "أمطار رعدية\n\n   \nالمنتخب يفوز\n\n"
	r := tasnif(t, in, "tag", "-m", model, "--with-text").ok(t)
	objs := jsonLines(t, r.out)
	want := []string{"أمطار رعدية", "", "   ", "المنتخب يفوز", ""}
	if len(objs) != len(want) {
		t.Fatalf("%d results for %d lines:\n%s", len(objs), len(want), r.out)
	}
	for i, obj := range objs {
		if obj["text"] != want[i] || obj["label"] == "" {
			t.Errorf("result %d: %v", i+1, obj)
		}
	}
}

func TestTagInvalid(t *testing.T) {
	model := trainedModel(t)
	dir := t.TempDir()
	bad := writeFile(t, filepath.Join(dir, "bad.txt"), "أمطار رعدية\nخبر \xff معطوب\nالمنتخب يفوز\n")
	r := tasnif(t, "", "tag", "-m", model, bad)
	r.fails(t, bad+":2: invalid UTF-8 at byte 8", "--skip-invalid")
	if n := len(jsonLines(t, r.out)); n != 1 {
		t.Errorf("%d results before the bad line, want 1", n)
	}

	r = tasnif(t, "", "tag", "-m", model, bad, "--skip-invalid").ok(t)
	if got := labelsOf(t, r.out); !slices.Equal(got, []string{"weather", "sports"}) {
		t.Errorf("labels %q", got)
	}
	for _, want := range []string{"tasnif: skipped " + bad + ":2: invalid UTF-8", "tasnif: skipped 1 bad record(s)"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr does not say %q:\n%s", want, r.stderr)
		}
	}

	badJSON := writeFile(t, filepath.Join(dir, "bad.jsonl"), `{"id": "1", "text": "أمطار"}`+"\n"+`{"id": 2, "text": 3}`+"\n"+`{"id": "3", "text": "مباراة"}`+"\n")
	tasnif(t, "", "tag", "-m", model, badJSON).fails(t, badJSON+":2:")
	r = tasnif(t, "", "tag", "-m", model, badJSON, "--skip-invalid").ok(t)
	objs := jsonLines(t, r.out)
	if len(objs) != 2 || objs[0]["id"] != "1" || objs[1]["id"] != "3" {
		t.Errorf("skipping: %s", r.out)
	}

	// Many bad records: the report is capped, the count goes on.
	many := strings.Repeat("\xff\n", maxBadReports+50)
	r = tasnif(t, many+"أمطار\n", "tag", "-m", model, "--skip-invalid").ok(t)
	if n := strings.Count(r.stderr, "tasnif: skipped -:"); n != maxBadReports {
		t.Errorf("%d bad records reported, want %d", n, maxBadReports)
	}
	if !strings.Contains(r.stderr, fmt.Sprintf("skipped %d bad record(s)", maxBadReports+50)) {
		t.Errorf("count missing: %s", r.stderr[len(r.stderr)-200:])
	}
	if n := len(jsonLines(t, r.out)); n != 1 {
		t.Errorf("%d results", n)
	}
}

func TestTagLongLine(t *testing.T) {
	model := trainedModel(t)
	var b strings.Builder
	words := []string{"المنتخب", "يفوز", "في", "مباراة", "البطولة", "أمام", "الفريق", "المنافس", "بهدفين"}
	for i := 0; b.Len() < 10<<20; i++ {
		b.WriteString(words[i%len(words)])
		b.WriteByte(' ')
	}
	long := b.String()
	in := "أمطار رعدية\n" + long + "\nالشرطة توقف مروج المخدرات\n"
	r := tasnif(t, in, "tag", "-m", model, "-k", "1").ok(t)
	if got := labelsOf(t, r.out); !slices.Equal(got, []string{"weather", "sports", "security"}) {
		t.Errorf("labels %q", got)
	}
	// As a JSONL record too, with the text written back.
	line, _ := json.Marshal(map[string]string{"id": "big", "text": long})
	r = tasnif(t, string(line)+"\n", "tag", "-m", model, "--in", "jsonl", "--with-text", "-k", "1").ok(t)
	objs := jsonLines(t, r.out)
	if len(objs) != 1 || objs[0]["id"] != "big" || objs[0]["text"] != long {
		t.Errorf("the long record does not come back whole")
	}
}

func TestTagErrors(t *testing.T) {
	dir := t.TempDir()
	notModel := writeFile(t, filepath.Join(dir, "x.tasnif"), "not a model")
	tests := []struct {
		name  string
		args  []string
		wants []string
	}{
		{"out format", []string{"tag", "--out", "xml"}, []string{`unknown output format "xml"`}},
		{"in format", []string{"tag", "--in", "bogus"}, []string{`unknown format "bogus"`}},
		{"dir", []string{"tag", "--in", "dir", dir}, []string{"tag reads files, not label folders"}},
		{"Dir", []string{"tag", "--in", "Dir", dir}, []string{"tag reads files, not label folders"}},
		{"explain terms", []string{"tag", "--explain", "--explain-terms", "0"}, []string{"--explain-terms must be at least 1, got 0"}},
		{"min confidence", []string{"tag", "--min-confidence", "1.5"}, []string{"--min-confidence must be between 0 and 1"}},
		{"negative min confidence", []string{"tag", "--min-confidence", "-0.1"}, []string{"--min-confidence"}},
		{"missing file", []string{"tag", filepath.Join(dir, "nope.txt")}, []string{"nope.txt"}},
		{"missing model", []string{"tag", "-m", filepath.Join(dir, "nope.tasnif")}, []string{"nope.tasnif"}},
		{"not a model", []string{"tag", "-m", notModel}, []string{"x.tasnif"}},
		{"directory as file", []string{"tag", "--in", "lines", dir}, []string{"is a directory"}},
		{"unknown extension", []string{"tag", writeFile(t, filepath.Join(dir, "a.xml"), "x")}, []string{"cannot tell the format"}},
		{"bad gzip", []string{"tag", writeFile(t, filepath.Join(dir, "a.txt.gz"), "not gzip")}, []string{"not gzip data"}},
		{"unwritable output", []string{"tag", "-o", filepath.Join(dir, "no", "such", "out.jsonl")}, []string{"no such file"}},
		{"csv without text column", []string{"tag", writeFile(t, filepath.Join(dir, "a.csv"), "id,body\n1,x\n")}, []string{`no column "text"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tasnif(t, "أمطار\n", tt.args...).fails(t, tt.wants...)
		})
	}
}
