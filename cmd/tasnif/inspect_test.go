package main

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tasnif/tasnif/models"
)

type inspectJSON struct {
	File          string `json:"file"`
	FormatVersion int    `json:"format_version"`
	Info          struct {
		Name      string `json:"name"`
		Documents int    `json:"documents"`
		Sources   string `json:"sources"`
	} `json:"info"`
	Labels []struct {
		Label     string  `json:"label"`
		Documents int     `json:"documents"`
		Prior     float64 `json:"prior"`
	} `json:"labels"`
	Vocabulary  int            `json:"vocabulary"`
	StopWords   int            `json:"stop_words"`
	Analysis    map[string]any `json:"analysis"`
	TFIDF       map[string]any `json:"tfidf"`
	NaiveBayes  map[string]any `json:"naive_bayes"`
	Temperature float64        `json:"temperature"`
	TopTerms    map[string][]struct {
		Term   string  `json:"term"`
		Weight float64 `json:"weight"`
	} `json:"top_terms"`
}

func inspectModel(t *testing.T, args ...string) inspectJSON {
	t.Helper()
	r := tasnif(t, "", append([]string{"inspect", "--json"}, args...)...).ok(t)
	var d inspectJSON
	if err := json.Unmarshal([]byte(r.out), &d); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, r.out)
	}
	var labels []string
	prior := 0.0
	for _, l := range d.Labels {
		labels = append(labels, l.Label)
		prior += l.Prior
	}
	if !slices.IsSorted(labels) || len(labels) < 2 || prior < 0.999 || prior > 1.001 {
		t.Errorf("labels %+v", d.Labels)
	}
	if d.Vocabulary <= 0 || d.FormatVersion <= 0 || d.Analysis == nil || d.TFIDF == nil || d.NaiveBayes == nil {
		t.Errorf("description %+v", d)
	}
	if len(d.TopTerms) != len(labels) {
		t.Errorf("top terms for %d labels, want %d", len(d.TopTerms), len(labels))
	}
	for _, l := range labels {
		terms := d.TopTerms[l]
		if len(terms) == 0 {
			t.Errorf("no top terms for %s", l)
		}
		for i := 1; i < len(terms); i++ {
			if terms[i].Weight > terms[i-1].Weight {
				t.Errorf("%s: top terms not sorted: %+v", l, terms)
			}
		}
	}
	return d
}

func TestInspectDefault(t *testing.T) {
	d := inspectModel(t)
	var labels []string
	for _, l := range d.Labels {
		labels = append(labels, l.Label)
	}
	if !slices.Equal(labels, []string{"other", "politics", "security", "sports", "weather"}) || d.File != "default (embedded)" {
		t.Errorf("default model: file %q labels %q", d.File, labels)
	}
	if n := len(d.TopTerms["sports"]); n != 10 {
		t.Errorf("%d top terms, want the default 10", n)
	}
	d = inspectModel(t, "--terms", "3")
	if n := len(d.TopTerms["weather"]); n != 3 {
		t.Errorf("--terms 3: %d top terms", n)
	}

	r := tasnif(t, "", "inspect").ok(t)
	for _, want := range []string{"model", "default (embedded)", "vocabulary", "naive Bayes", "label", "most indicative terms", "security", "weather"} {
		if !strings.Contains(r.out, want) {
			t.Errorf("text does not say %q:\n%s", want, r.out)
		}
	}
}

func TestInspectTrained(t *testing.T) {
	model := trainedModel(t)
	d := inspectModel(t, model, "-n", "4")
	if d.File != model || d.Info.Name != "news" || d.Info.Documents != 16 || !strings.HasSuffix(d.Info.Sources, "labelled.jsonl") {
		t.Errorf("file %q info %+v", d.File, d.Info)
	}
	for i, l := range d.Labels {
		// Each label has 4 stories with titles; NB.Docs counts the training
		// texts, which are the stories and, with --title-examples, their
		// titles again.
		if l.Label != testLabels[i] || l.Documents < 4 || l.Documents > 8 || l.Prior < 0.249 || l.Prior > 0.251 {
			t.Errorf("label %+v", l)
		}
	}
	for l, terms := range d.TopTerms {
		if len(terms) != 4 {
			t.Errorf("%s: %d terms", l, len(terms))
		}
	}
	if d.NaiveBayes["variant"] != string(models.DefaultTrainOptions().NB.Variant) {
		t.Errorf("naive Bayes %v", d.NaiveBayes)
	}

	r := tasnif(t, "", "inspect", model).ok(t)
	for _, want := range []string{model, "trained on", "16 documents", "politics", "0.250"} {
		if !strings.Contains(r.out, want) {
			t.Errorf("text does not say %q:\n%s", want, r.out)
		}
	}
}

func TestInspectErrors(t *testing.T) {
	dir := t.TempDir()
	tasnif(t, "", "inspect", filepath.Join(dir, "nope.tasnif")).fails(t, "nope.tasnif")
	tasnif(t, "", "inspect", writeFile(t, filepath.Join(dir, "x.tasnif"), "not a model")).fails(t, "x.tasnif")
	tasnif(t, "", "inspect", "a", "b").fails(t, "accepts at most 1 arg")
	// models.TopTerms(0) panics: the command must not get there.
	tasnif(t, "", "inspect", "--terms", "0").fails(t, "--terms must be at least 1, got 0")
	tasnif(t, "", "inspect", "-n", "-3").fails(t, "--terms must be at least 1")
}
