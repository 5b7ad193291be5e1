package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// withoutRunFacts drops what changes from run to run: the date, and the
// training time in the model line.
func withoutRunFacts(t *testing.T, out string) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatal(err)
	}
	delete(m, "date")
	model, _ := m["model"].(string)
	if i := strings.Index(model, " in "); i >= 0 {
		m["model"] = model[:i]
	}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestCV(t *testing.T) {
	dir := t.TempDir()
	data := writeFile(t, filepath.Join(dir, "news.jsonl"), jsonlOf(labelled))

	r := tasnif(t, "", "cv", data, "-k", "3", "--json", "--min-df", "1").ok(t)
	rep := decodeReport(t, r.out)
	cv := rep.CV
	if cv == nil {
		t.Fatalf("no cv section:\n%s", r.out)
	}
	if cv.K != 3 || cv.Seed != 1 || len(cv.Folds) != 3 {
		t.Errorf("k %d seed %d, %d folds", cv.K, cv.Seed, len(cv.Folds))
	}
	n := 0
	for _, f := range cv.Folds {
		n += f.N
		if f.Accuracy == nil {
			t.Error("a fold has no accuracy")
		}
	}
	if n != 16 || rep.Evaluation.N != 16 {
		t.Errorf("folds hold %d items, pooled %d; want 16", n, rep.Evaluation.N)
	}
	for _, section := range []map[string]any{cv.Mean, cv.Std} {
		for _, key := range []string{"accuracy", "macro_f1", "weighted_f1", "f1"} {
			if _, ok := section[key]; !ok {
				t.Errorf("mean/std lacks %q: %v", key, section)
			}
		}
	}
	if acc := cv.Mean["accuracy"].(float64); acc < 0.5 || acc > 1 {
		t.Errorf("mean accuracy %v", acc)
	}
	if !strings.Contains(r.out, `"title": "tasnif 3-fold cross-validation"`) && !strings.Contains(r.out, `"title":"tasnif 3-fold cross-validation"`) {
		t.Errorf("title:\n%.300s", r.out)
	}

	// The same seed gives the same report.
	again := tasnif(t, "", "cv", data, "-k", "3", "--json", "--min-df", "1", "--seed", "1").ok(t)
	if withoutRunFacts(t, r.out) != withoutRunFacts(t, again.out) {
		t.Errorf("the same seed gives different reports:\n%s\n%s", r.out, again.out)
	}
	other := tasnif(t, "", "cv", data, "-k", "3", "--json", "--min-df", "1", "--seed", "7").ok(t)
	if rep := decodeReport(t, other.out); rep.CV.Seed != 7 {
		t.Errorf("seed %d", rep.CV.Seed)
	}

	// Text and Markdown.
	r = tasnif(t, "", "cv", data, "-k", "4", "--min-df", "1").ok(t)
	if !strings.Contains(r.out, "4-fold cross-validation") || !strings.Contains(r.out, "Accuracy") {
		t.Errorf("text report:\n%s", r.out)
	}
	r = tasnif(t, "", "cv", data, "-k", "2", "--min-df", "1", "--format", "md").ok(t)
	if !strings.HasPrefix(r.out, "# tasnif 2-fold cross-validation") {
		t.Errorf("markdown report:\n%.200s", r.out)
	}
	// The training flags apply.
	r = tasnif(t, "", "cv", data, "-k", "2", "--min-df", "1", "--ngrams", "1", "--variant", "multinomial", "--json").ok(t)
	if !strings.Contains(r.out, "multinomial naive Bayes") || !strings.Contains(r.out, "1-grams") {
		t.Errorf("training flags not used:\n%.600s", r.out)
	}
}

func TestCVErrors(t *testing.T) {
	dir := t.TempDir()
	data := writeFile(t, filepath.Join(dir, "news.jsonl"), jsonlOf(labelled))
	tests := []struct {
		name  string
		args  []string
		wants []string
	}{
		{"no input", []string{"cv"}, []string{"requires at least 1 arg"}},
		{"k 1", []string{"cv", data, "-k", "1"}, []string{"-k must be at least 2, got 1"}},
		{"too many folds", []string{"cv", data, "-k", "20", "--min-df", "1"}, []string{"cannot fill 20 folds"}},
		{"alpha", []string{"cv", data, "--alpha", "0"}, []string{"alpha"}},
		{"format", []string{"cv", data, "--format", "x"}, []string{"unknown report format"}},
		{"map", []string{"cv", data, "--map", "x"}, []string{"is not from=to"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tasnif(t, "", tt.args...).fails(t, tt.wants...)
		})
	}
}
