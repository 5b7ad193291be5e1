package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// foreignSet is labelled in another scheme than the default model's.
var foreignSet = []doc{
	{"e1", "", "الوداد يفوز على الرجاء في الديربي", "sport"},
	{"e2", "", "المنتخب المغربي يفوز على نظيره الغاني بهدفين", "sport"},
	{"e3", "", "الدرك الملكي يحجز مخدرات بالجديدة", "faits-divers"},
	{"e4", "", "توقيف مروج مخدرات بمدينة سلا", "faits-divers"},
	{"e5", "", "توقعات أحوال الطقس ليوم غد الإثنين", "meteo"},
	{"e6", "", "البرلمان يصادق على مشروع قانون المالية", "politique"},
	{"e7", "", "انطلاق الدورة العاشرة لمهرجان الفيلم القصير بمدينة الصويرة", "culture"},
	{"e8", "", "خبر لا يهم", "junk"},
}

const foreignMap = "sport=sports, faits-divers=security,meteo=weather,politique=politics,culture=other,junk="

// evalReport is the part of the JSON report the tests read.
type evalReport struct {
	Format     string         `json:"format"`
	Model      string         `json:"model"`
	Inputs     []string       `json:"inputs"`
	Docs       map[string]int `json:"docs"`
	Evaluation struct {
		Labels   []string `json:"labels"`
		N        int      `json:"n"`
		Accuracy *float64 `json:"accuracy"`
		Classes  []struct {
			Label   string   `json:"label"`
			F1      *float64 `json:"f1"`
			Support int      `json:"support"`
		} `json:"classes"`
		Confusion [][]int `json:"confusion"`
	} `json:"evaluation"`
	Mistakes []struct {
		ID        string `json:"id"`
		Gold      string `json:"gold"`
		Predicted string `json:"predicted"`
	} `json:"mistakes"`
	CV *struct {
		K     int            `json:"k"`
		Seed  uint64         `json:"seed"`
		Mean  map[string]any `json:"mean"`
		Std   map[string]any `json:"std"`
		Folds []struct {
			N        int      `json:"n"`
			Accuracy *float64 `json:"accuracy"`
		} `json:"folds"`
	} `json:"cv"`
}

func decodeReport(t *testing.T, out string) evalReport {
	t.Helper()
	var r evalReport
	dec := json.NewDecoder(strings.NewReader(out))
	if err := dec.Decode(&r); err != nil {
		t.Fatalf("the report is not JSON: %v\n%s", err, out)
	}
	if dec.More() {
		t.Fatalf("more than one JSON value:\n%s", out)
	}
	e := r.Evaluation
	if e.Accuracy == nil || len(e.Classes) == 0 || len(e.Confusion) != len(e.Labels) {
		t.Fatalf("the report lacks accuracy, classes or confusion:\n%s", out)
	}
	total := 0
	for _, row := range e.Confusion {
		if len(row) != len(e.Labels) {
			t.Fatalf("confusion row %v for labels %q", row, e.Labels)
		}
		for _, n := range row {
			total += n
		}
	}
	if total != e.N {
		t.Errorf("the confusion matrix counts %d items, n is %d", total, e.N)
	}
	return r
}

func TestEvalFormats(t *testing.T) {
	model := trainedModel(t)
	dir := t.TempDir()
	data := writeFile(t, filepath.Join(dir, "test.jsonl"), jsonlOf(labelled))

	r := tasnif(t, "", "eval", data, "-m", model).ok(t)
	for _, want := range []string{"tasnif evaluation", "Accuracy 1.000 (16 of 16)", "Confusion matrix", "politics", "weather", data} {
		if !strings.Contains(r.out, want) {
			t.Errorf("text report does not say %q:\n%s", want, r.out)
		}
	}
	for _, format := range []string{"text", "txt"} {
		if r2 := tasnif(t, "", "eval", data, "-m", model, "--format", format).ok(t); !strings.Contains(r2.out, "Accuracy 1.000") {
			t.Errorf("--format %s:\n%s", format, r2.out)
		}
	}

	for _, format := range []string{"md", "markdown"} {
		r = tasnif(t, "", "eval", data, "-m", model, "--format", format).ok(t)
		if !strings.HasPrefix(r.out, "# tasnif evaluation") || !strings.Contains(r.out, "| label | precision |") {
			t.Errorf("--format %s:\n%s", format, r.out)
		}
	}

	for _, args := range [][]string{{"--json"}, {"--format", "json"}} {
		r = tasnif(t, "", append([]string{"eval", data, "-m", model}, args...)...).ok(t)
		rep := decodeReport(t, r.out)
		e := rep.Evaluation
		if *e.Accuracy != 1 || e.N != 16 || !slices.Equal(e.Labels, testLabels) || rep.Model != model || !slices.Equal(rep.Inputs, []string{data}) {
			t.Errorf("%v: %+v", args, rep)
		}
		for i, c := range e.Classes {
			if c.Label != testLabels[i] || c.Support != 4 || c.F1 == nil || *c.F1 != 1 {
				t.Errorf("class %+v", c)
			}
			if e.Confusion[i][i] != 4 {
				t.Errorf("confusion %v", e.Confusion)
			}
		}
		if rep.CV != nil {
			t.Error("eval report has a cv section")
		}
	}

	// Other input formats and standard input.
	csvPath := writeFile(t, filepath.Join(dir, "test.csv"), delimitedOf(labelled, ','))
	for _, tt := range []struct {
		stdin string
		args  []string
	}{
		{"", []string{csvPath}},
		{jsonlOf(labelled), []string{"-"}},
		{fastTextOf(labelled), []string{"-", "--in", "fasttext"}},
	} {
		r := tasnif(t, tt.stdin, append([]string{"eval", "-m", model, "--json"}, tt.args...)...).ok(t)
		if rep := decodeReport(t, r.out); rep.Evaluation.N != 16 {
			t.Errorf("%v: n %d", tt.args, rep.Evaluation.N)
		}
	}
}

func TestEvalDefaultModelAndMap(t *testing.T) {
	dir := t.TempDir()
	data := writeFile(t, filepath.Join(dir, "foreign.jsonl"), jsonlOf(foreignSet))

	// Without --map the gold labels are foreign: a note says so.
	r := tasnif(t, "", "eval", data, "--json").ok(t)
	if !strings.Contains(r.stderr, "the model never predicts") || !strings.Contains(r.stderr, "--map") || !strings.Contains(r.stderr, `"sport"`) {
		t.Errorf("no note about unknown gold labels:\n%s", r.stderr)
	}
	rep := decodeReport(t, r.out)
	if rep.Evaluation.N != 8 || *rep.Evaluation.Accuracy != 0 || rep.Model != "default (embedded)" {
		t.Errorf("unmapped: n %d accuracy %v model %q", rep.Evaluation.N, *rep.Evaluation.Accuracy, rep.Model)
	}

	mapFile := writeFile(t, filepath.Join(dir, "map.json"),
		`{"sport": "sports", "faits-divers": "security", "meteo": "weather", "politique": "politics", "culture": "other", "junk": null}`)
	mapFileEmpty := writeFile(t, filepath.Join(dir, "map2.json"),
		`{"sport": "sports", "faits-divers": "security", "meteo": "weather", "politique": "politics", "culture": "other", "junk": ""}`)
	for _, m := range []string{foreignMap, mapFile, mapFileEmpty} {
		r := tasnif(t, "", "eval", data, "--json", "--map", m).ok(t)
		if strings.Contains(r.stderr, "never predicts") {
			t.Errorf("--map %s: note despite the map:\n%s", m, r.stderr)
		}
		rep := decodeReport(t, r.out)
		want := map[string]int{"sports": 2, "security": 2, "weather": 1, "politics": 1, "other": 1}
		if rep.Evaluation.N != 7 || len(rep.Docs) != len(want) {
			t.Errorf("--map %s: n %d, docs %v; want 7 (junk dropped), %v", m, rep.Evaluation.N, rep.Docs, want)
		}
		for l, n := range want {
			if rep.Docs[l] != n {
				t.Errorf("--map %s: docs %v, want %v", m, rep.Docs, want)
			}
		}
		if *rep.Evaluation.Accuracy < 0.7 {
			t.Errorf("--map %s: the default model gets %v right of clear headlines", m, *rep.Evaluation.Accuracy)
		}
		for _, mi := range rep.Mistakes {
			if !strings.HasPrefix(mi.ID, "e") || mi.Gold == mi.Predicted {
				t.Errorf("mistake %+v", mi)
			}
		}
	}

	// A partial map: the unmapped labels stay, and the note names them.
	r = tasnif(t, "", "eval", data, "--map", "sport=sports").ok(t)
	if !strings.Contains(r.stderr, `"faits-divers"`) || strings.Contains(r.stderr, `"sport"`) {
		t.Errorf("partial map note:\n%s", r.stderr)
	}
}

func TestEvalHTMLReport(t *testing.T) {
	model := trainedModel(t)
	dir := t.TempDir()
	data := writeFile(t, filepath.Join(dir, "test.jsonl"), jsonlOf(labelled))
	html := filepath.Join(dir, "report.html")
	r := tasnif(t, "", "eval", data, "-m", model, "--report", html).ok(t)
	if !strings.Contains(r.stderr, "tasnif: wrote "+html) {
		t.Errorf("stderr: %s", r.stderr)
	}
	if !strings.Contains(r.out, "Accuracy") {
		t.Errorf("--report replaced the text report:\n%s", r.out)
	}
	b, err := os.ReadFile(html)
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	for _, want := range []string{"<svg", "</html>", "politics"} {
		if !strings.Contains(page, want) {
			t.Errorf("the HTML report has no %q", want)
		}
	}
	tasnif(t, "", "eval", data, "-m", model, "--report", filepath.Join(dir, "no", "such", "r.html")).fails(t, "no such file")
}

func TestEvalErrors(t *testing.T) {
	dir := t.TempDir()
	data := writeFile(t, filepath.Join(dir, "test.jsonl"), jsonlOf(foreignSet))
	badMap := writeFile(t, filepath.Join(dir, "bad.json"), `["not", "an", "object"]`)
	bad := writeFile(t, filepath.Join(dir, "bad.jsonl"), jsonlOf(foreignSet[:2])+"{\n"+jsonlOf(foreignSet[2:]))
	tests := []struct {
		name  string
		args  []string
		wants []string
	}{
		{"no input", []string{"eval"}, []string{"requires at least 1 arg"}},
		{"format", []string{"eval", data, "--format", "pdf"}, []string{`unknown report format "pdf"`}},
		{"map syntax", []string{"eval", data, "--map", "sport"}, []string{`--map: "sport" is not from=to`}},
		{"map empty source", []string{"eval", data, "--map", "=sports"}, []string{"is not from=to"}},
		{"map file", []string{"eval", data, "--map", badMap}, []string{"--map " + badMap, "want a JSON object"}},
		{"everything dropped", []string{"eval", data, "--map", "sport=,faits-divers=,meteo=,politique=,culture=,junk="}, []string{"no labelled records to evaluate on"}},
		{"unlabelled", []string{"eval", writeFile(t, filepath.Join(dir, "x.txt"), "خبر\n"), "--in", "lines"}, []string{"has no labels"}},
		{"bad record", []string{"eval", bad}, []string{bad + ":3:", "--skip-invalid"}},
		{"missing model", []string{"eval", data, "-m", filepath.Join(dir, "nope.tasnif")}, []string{"nope.tasnif"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tasnif(t, "", tt.args...).fails(t, tt.wants...)
		})
	}
	r := tasnif(t, "", "eval", bad, "--skip-invalid", "--json").ok(t)
	if !strings.Contains(r.stderr, "skipped 1 bad record(s)") || decodeReport(t, r.out).Evaluation.N != 8 {
		t.Errorf("--skip-invalid: %s", r.stderr)
	}
}

func TestEvalShared(t *testing.T) {
	path := needShared(t, "data/hespress-dev/hespress-dev.jsonl")
	// Every 20th story is enough to check that the real data reads and
	// maps onto the model's labels.
	f, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var sample strings.Builder
	for i, line := range strings.Split(string(f), "\n") {
		if i%20 == 19 {
			sample.WriteString(line + "\n")
		}
	}
	samplePath := writeFile(t, filepath.Join(t.TempDir(), "sample.jsonl"), sample.String())
	r := tasnif(t, "", "eval", samplePath, "--json", "--skip-invalid",
		"--map", "faits-divers=security,sport=sports,politique=politics,economie=other,societe=other,regions=other").ok(t)
	rep := decodeReport(t, r.out)
	if rep.Evaluation.N == 0 || *rep.Evaluation.Accuracy < 0.7 {
		t.Errorf("n %d, accuracy %v on real news", rep.Evaluation.N, *rep.Evaluation.Accuracy)
	}
}
