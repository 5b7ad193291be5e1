package classify

import (
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"
)

// The expected figures below were checked by hand and against
// scikit-learn 1.2 (classification_report and
// precision_recall_fscore_support with zero_division=0, confusion_matrix
// with labels sorted).

// mixed has a label never predicted ("other") and confusions both ways.
var (
	mixedGold = []string{"security", "security", "security", "sports", "sports", "weather", "weather", "politics", "politics", "other"}
	mixedPred = []string{"security", "security", "politics", "sports", "security", "weather", "politics", "politics", "politics", "security"}
	mixedConf = []float64{0.95, 0.85, 0.55, 0.99, 0.45, 0.70, 0.62, 0.91, 0.58, 0.35}
)

func TestEvaluateClassificationReport(t *testing.T) {
	tests := []struct {
		name      string
		gold      []string
		pred      []string
		labels    []string
		classes   []ClassMetrics
		accuracy  float64
		macro     Averages
		weighted  Averages
		confusion [][]int
	}{
		{
			name:   "label never predicted",
			gold:   mixedGold,
			pred:   mixedPred,
			labels: []string{"other", "politics", "security", "sports", "weather"},
			classes: []ClassMetrics{
				{"other", 0, 0, 0, 1, 0}, // never predicted: precision 0 by convention
				{"politics", 0.5, 1, 2.0 / 3, 2, 4},
				{"security", 0.5, 2.0 / 3, 4.0 / 7, 3, 4},
				{"sports", 1, 0.5, 2.0 / 3, 2, 1},
				{"weather", 1, 0.5, 2.0 / 3, 2, 1},
			},
			accuracy: 0.6,
			macro:    Averages{0.6, 0.533333333333, 0.514285714286},
			weighted: Averages{0.65, 0.6, 0.571428571429},
			confusion: [][]int{
				{0, 0, 1, 0, 0},
				{0, 2, 0, 0, 0},
				{0, 1, 2, 0, 0},
				{0, 0, 1, 1, 0},
				{0, 1, 0, 0, 1},
			},
		},
		{
			name:   "label predicted but never gold",
			gold:   []string{"sports", "sports", "politics"},
			pred:   []string{"sports", "weather", "politics"},
			labels: []string{"politics", "sports", "weather"},
			classes: []ClassMetrics{
				{"politics", 1, 1, 1, 1, 1},
				{"sports", 1, 0.5, 2.0 / 3, 2, 1},
				{"weather", 0, 0, 0, 0, 1}, // no support: recall 0 by convention
			},
			accuracy:  2.0 / 3,
			macro:     Averages{2.0 / 3, 0.5, 0.555555555556},
			weighted:  Averages{1, 2.0 / 3, 0.777777777778},
			confusion: [][]int{{1, 0, 0}, {0, 1, 1}, {0, 0, 0}},
		},
		{
			name:      "single class",
			gold:      []string{"sports", "sports", "sports"},
			pred:      []string{"sports", "sports", "sports"},
			labels:    []string{"sports"},
			classes:   []ClassMetrics{{"sports", 1, 1, 1, 3, 3}},
			accuracy:  1,
			macro:     Averages{1, 1, 1},
			weighted:  Averages{1, 1, 1},
			confusion: [][]int{{3}},
		},
		{
			name:   "all wrong",
			gold:   []string{"a", "b"},
			pred:   []string{"b", "a"},
			labels: []string{"a", "b"},
			classes: []ClassMetrics{
				{"a", 0, 0, 0, 1, 1},
				{"b", 0, 0, 0, 1, 1},
			},
			confusion: [][]int{{0, 1}, {1, 0}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e, err := Evaluate(tc.gold, tc.pred, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(e.Labels, tc.labels) {
				t.Errorf("labels %v, want %v", e.Labels, tc.labels)
			}
			if e.N != len(tc.gold) {
				t.Errorf("n %d, want %d", e.N, len(tc.gold))
			}
			near(t, "accuracy", e.Accuracy, tc.accuracy)
			if len(e.Classes) != len(tc.classes) {
				t.Fatalf("%d classes, want %d", len(e.Classes), len(tc.classes))
			}
			for i, want := range tc.classes {
				got := e.Classes[i]
				if got.Label != want.Label || got.Support != want.Support || got.Predicted != want.Predicted {
					t.Errorf("class %d: %+v, want %+v", i, got, want)
				}
				near(t, want.Label+" precision", got.Precision, want.Precision)
				near(t, want.Label+" recall", got.Recall, want.Recall)
				near(t, want.Label+" f1", got.F1, want.F1)
			}
			nearAverages(t, "macro", e.Macro, tc.macro)
			nearAverages(t, "weighted", e.Weighted, tc.weighted)
			if !slices.EqualFunc(e.Confusion, tc.confusion, slices.Equal) {
				t.Errorf("confusion %v, want %v", e.Confusion, tc.confusion)
			}
			if len(e.Reliability) != 0 || len(e.Coverage) != 0 || e.ECE != 0 {
				t.Error("reliability and coverage without confidences")
			}
		})
	}
}

func TestEvaluateErrors(t *testing.T) {
	tests := []struct {
		name       string
		gold, pred []string
		conf       []float64
		want       string
	}{
		{"empty", nil, nil, nil, "no items"},
		{"empty slices", []string{}, []string{}, []float64{}, "no items"},
		{"length", []string{"a", "b"}, []string{"a"}, nil, "2 gold labels but 1 predictions"},
		{"confidence length", []string{"a"}, []string{"a"}, []float64{0.5, 0.5}, "confidences"},
		{"empty label", []string{"a", ""}, []string{"a", "a"}, nil, "item 1 has an empty label"},
		{"confidence above 1", []string{"a"}, []string{"a"}, []float64{1.5}, "confidence 1.5"},
		{"confidence NaN", []string{"a"}, []string{"a"}, []float64{math.NaN()}, "confidence NaN"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Evaluate(tc.gold, tc.pred, tc.conf)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestReliability(t *testing.T) {
	e, err := Evaluate(mixedGold, mixedPred, mixedConf)
	if err != nil {
		t.Fatal(err)
	}
	// Right or wrong by item: ✓ ✓ ✗ ✓ ✗ ✓ ✗ ✓ ✓ ✗.
	want := []ReliabilityBin{
		{0.0, 0.1, 0, 0, 0},
		{0.1, 0.2, 0, 0, 0},
		{0.2, 0.3, 0, 0, 0},
		{0.3, 0.4, 1, 0.35, 0},
		{0.4, 0.5, 1, 0.45, 0},
		{0.5, 0.6, 2, 0.565, 0.5},
		{0.6, 0.7, 1, 0.62, 0},
		{0.7, 0.8, 1, 0.70, 1}, // 0.7 sits on the lower edge
		{0.8, 0.9, 1, 0.85, 1},
		{0.9, 1.0, 3, 0.95, 1},
	}
	if len(e.Reliability) != len(want) {
		t.Fatalf("%d bins, want %d", len(e.Reliability), len(want))
	}
	for i, w := range want {
		g := e.Reliability[i]
		if g.Count != w.Count {
			t.Errorf("bin %d count %d, want %d", i, g.Count, w.Count)
		}
		near(t, "bin lo", g.Lo, w.Lo)
		near(t, "bin hi", g.Hi, w.Hi)
		near(t, "bin mean confidence", g.MeanConfidence, w.MeanConfidence)
		near(t, "bin accuracy", g.Accuracy, w.Accuracy)
	}
	// .1·.35 + .1·.45 + .2·|.5−.565| + .1·.62 + .1·.30 + .1·.15 + .3·.05
	near(t, "ECE", e.ECE, 0.215)
}

func TestReliabilityEdges(t *testing.T) {
	conf := []float64{0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1}
	gold := make([]string, len(conf))
	for i := range gold {
		gold[i] = "a"
	}
	e, err := Evaluate(gold, gold, conf)
	if err != nil {
		t.Fatal(err)
	}
	for i, b := range e.Reliability {
		want := 1
		if i == len(e.Reliability)-1 {
			want = 2 // 0.9 and 1
		}
		if b.Count != want {
			t.Errorf("bin [%g, %g) holds %d, want %d", b.Lo, b.Hi, b.Count, want)
		}
	}
}

func TestCoverageAndThreshold(t *testing.T) {
	e, err := Evaluate(mixedGold, mixedPred, mixedConf)
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Coverage) != 21 {
		t.Fatalf("%d coverage points, want 21", len(e.Coverage))
	}
	at := func(th float64) CoveragePoint {
		for _, p := range e.Coverage {
			if math.Abs(p.Threshold-th) < 1e-12 {
				return p
			}
		}
		t.Fatalf("no coverage point at %g", th)
		return CoveragePoint{}
	}
	for _, w := range []CoveragePoint{
		{0, 1, 0.6, 10},
		{0.55, 0.8, 0.75, 8},
		{0.6, 0.6, 5.0 / 6, 6},
		{0.65, 0.5, 1, 5},
		{0.95, 0.2, 1, 2},
		{0.99, 0.1, 1, 1},
	} {
		g := at(w.Threshold)
		if g.Kept != w.Kept {
			t.Errorf("threshold %g keeps %d, want %d", w.Threshold, g.Kept, w.Kept)
		}
		near(t, "coverage", g.Coverage, w.Coverage)
		near(t, "accuracy", g.Accuracy, w.Accuracy)
	}

	for _, tc := range []struct {
		target float64
		want   float64
		ok     bool
	}{
		{0.5, 0, true},
		{0.6, 0, true},
		{0.8, 0.6, true},
		{0.95, 0.65, true},
		{1, 0.65, true},
		{1.01, 0, false},
	} {
		p, ok := e.ThresholdFor(tc.target)
		if ok != tc.ok || (ok && math.Abs(p.Threshold-tc.want) > 1e-12) {
			t.Errorf("ThresholdFor(%g) = %g, %v; want %g, %v", tc.target, p.Threshold, ok, tc.want, tc.ok)
		}
	}
}

func TestThresholdSkipsEmpty(t *testing.T) {
	// Every item is wrong and below 0.5: thresholds above keep nothing,
	// and an empty selection must not count as precise.
	e, err := Evaluate([]string{"a", "b"}, []string{"b", "a"}, []float64{0.4, 0.3})
	if err != nil {
		t.Fatal(err)
	}
	if p, ok := e.ThresholdFor(0.9); ok {
		t.Errorf("ThresholdFor(0.9) = %+v, want none", p)
	}
}

func TestCoverageThresholds(t *testing.T) {
	ts := CoverageThresholds()
	if len(ts) != 21 || ts[0] != 0 || ts[3] != 0.15 || ts[19] != 0.95 || ts[20] != 0.99 {
		t.Errorf("thresholds %v", ts)
	}
}

func TestEvaluationJSON(t *testing.T) {
	e, err := Evaluate(mixedGold, mixedPred, mixedConf)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{`"labels":`, `"n":10`, `"accuracy":0.6`, `"classes":`, `"macro":`,
		`"weighted":`, `"confusion":`, `"reliability":`, `"ece":`, `"coverage":`, `"mean_confidence":`,
		`"support":1`, `"predicted":0`, `"threshold":0.65`, `"kept":5`} {
		if !strings.Contains(string(b), key) {
			t.Errorf("JSON lacks %s: %s", key, b)
		}
	}
	noConf, err := Evaluate(mixedGold, mixedPred, nil)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := json.Marshal(noConf); !strings.Contains(string(b), `"reliability":[],"ece":0,"coverage":[]`) {
		t.Errorf("without confidences: %s", b)
	}
	var back Evaluation
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.N != e.N || !slices.Equal(back.Labels, e.Labels) || !slices.Equal(back.Classes, e.Classes) ||
		!slices.Equal(back.Coverage, e.Coverage) || !slices.Equal(back.Reliability, e.Reliability) {
		t.Error("JSON round trip changed the evaluation")
	}
}

func TestClass(t *testing.T) {
	e, err := Evaluate(mixedGold, mixedPred, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c, ok := e.Class("sports"); !ok || c.Support != 2 {
		t.Errorf("Class(sports) = %+v, %v", c, ok)
	}
	if _, ok := e.Class("finance"); ok {
		t.Error("Class(finance) found")
	}
}

func near(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-9 {
		t.Errorf("%s = %.12g, want %.12g", what, got, want)
	}
}

func nearAverages(t *testing.T, what string, got, want Averages) {
	t.Helper()
	near(t, what+" precision", got.Precision, want.Precision)
	near(t, what+" recall", got.Recall, want.Recall)
	near(t, what+" f1", got.F1, want.F1)
}
