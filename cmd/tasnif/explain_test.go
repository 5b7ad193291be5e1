package main

import (
	"encoding/json"
	"strings"
	"testing"
)

type explanationJSON struct {
	Label      string  `json:"label"`
	Confidence float64 `json:"confidence"`
	Scores     []struct {
		Label string  `json:"label"`
		P     float64 `json:"p"`
	} `json:"scores"`
	Against string `json:"against"`
	For     []struct {
		Term   string  `json:"term"`
		Weight float64 `json:"weight"`
	} `json:"for"`
	Opposing []struct {
		Term   string  `json:"term"`
		Weight float64 `json:"weight"`
	} `json:"opposing"`
}

func TestExplain(t *testing.T) {
	model := trainedModel(t)
	tests := []struct {
		name  string
		stdin string
		args  []string
		label string
	}{
		{"argument", "", []string{"توقعات أحوال الطقس ليوم غد الإثنين"}, "weather"},
		{"several arguments", "", []string{"الدرك", "الملكي", "يحجز", "مخدرات", "بالجديدة"}, "security"},
		{"stdin", "البرلمان يصادق على مشروع قانون المالية\nبعد نقاش طويل\n", []string{"-"}, "politics"},
		{"trained model", "", []string{"-m", model, "المنتخب يفوز في مباراة البطولة"}, "sports"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tasnif(t, tt.stdin, append([]string{"explain"}, tt.args...)...).ok(t)
			if !strings.HasPrefix(r.out, "label: "+tt.label+" (") {
				t.Errorf("text:\n%s", r.out)
			}
			if !strings.Contains(r.out, "terms for "+tt.label+" rather than ") {
				t.Errorf("text has no terms section:\n%s", r.out)
			}

			r = tasnif(t, tt.stdin, append([]string{"explain", "--json", "-n", "3"}, tt.args...)...).ok(t)
			var ex explanationJSON
			if err := json.Unmarshal([]byte(r.out), &ex); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, r.out)
			}
			if ex.Label != tt.label || ex.Against == "" || ex.Against == ex.Label || len(ex.Scores) < 2 || ex.Scores[0].Label != ex.Label {
				t.Errorf("explanation %+v", ex)
			}
			if len(ex.For) == 0 || len(ex.For) > 3 || len(ex.Opposing) > 3 {
				t.Errorf("%d terms for, %d opposing; want 1-3 and at most 3", len(ex.For), len(ex.Opposing))
			}
			for _, tw := range ex.For {
				if tw.Weight <= 0 {
					t.Errorf("term for with weight %v", tw.Weight)
				}
			}
			for _, tw := range ex.Opposing {
				if tw.Weight >= 0 {
					t.Errorf("opposing term with weight %v", tw.Weight)
				}
			}
		})
	}

	// A text with no known term: the prior decides.
	r := tasnif(t, "", "explain", "-m", model, "zzz").ok(t)
	if !strings.Contains(r.out, "(none: the prior decided)") {
		t.Errorf("unknown text:\n%s", r.out)
	}
}

func TestExplainErrors(t *testing.T) {
	tasnif(t, "", "explain").fails(t, "requires at least 1 arg")
	tasnif(t, "", "explain", "-m", "/nonexistent/m.tasnif", "نص").fails(t, "m.tasnif")
	// -n 0 used to print "(none: the prior decided)", and -n -1 every term.
	tasnif(t, "", "explain", "-n", "0", "نص").fails(t, "--terms must be at least 1, got 0")
	tasnif(t, "", "explain", "--terms", "-1", "نص").fails(t, "--terms must be at least 1")
}
