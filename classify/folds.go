package classify

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/stat"
)

// StratifiedFolds assigns each item to one of k folds (0 … k-1) so that
// every label is spread evenly: the items of each label are shuffled with a
// PCG generator seeded by seed, then dealt round-robin. The deal goes on
// from one label to the next where the previous one stopped, so fold sizes
// differ by at most one as well as each label's count per fold. Labels are
// taken in sorted order, so the same labels and seed always give the same
// folds, whatever the Go version's map order.
//
// A label with fewer than k items is missing from some folds; that is
// allowed (rare labels exist), but k must not exceed the number of items.
func StratifiedFolds(labels []string, k int, seed uint64) ([]int, error) {
	if k < 2 {
		return nil, fmt.Errorf("stratified folds: k must be at least 2, got %d", k)
	}
	if len(labels) < k {
		return nil, fmt.Errorf("stratified folds: %d items cannot fill %d folds", len(labels), k)
	}
	byLabel := map[string][]int{}
	for i, l := range labels {
		byLabel[l] = append(byLabel[l], i)
	}
	names := make([]string, 0, len(byLabel))
	for l := range byLabel {
		names = append(names, l)
	}
	slices.Sort(names)

	// The second PCG word is a fixed odd constant: one seed, one stream.
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	folds := make([]int, len(labels))
	next := 0
	for _, l := range names {
		items := byLabel[l]
		rng.Shuffle(len(items), func(i, j int) { items[i], items[j] = items[j], items[i] })
		for _, i := range items {
			folds[i] = next
			next = (next + 1) % k
		}
	}
	return folds, nil
}

// CVStats are one statistic (mean or standard deviation) over folds of each
// metric that cross-validation reports.
type CVStats struct {
	Accuracy       float64 `json:"accuracy"`
	MacroPrecision float64 `json:"macro_precision"`
	MacroRecall    float64 `json:"macro_recall"`
	MacroF1        float64 `json:"macro_f1"`
	WeightedF1     float64 `json:"weighted_f1"`
	// F1 is per label, over the folds where the label occurs (as gold or
	// predicted label).
	F1 map[string]float64 `json:"f1"`
}

// CVSummary sums up a k-fold cross-validation.
type CVSummary struct {
	K    int    `json:"k"`
	Seed uint64 `json:"seed"`
	// Mean and Std are over folds; Std is the sample standard deviation
	// (n−1 in the denominator), 0 with fewer than two values.
	Mean CVStats `json:"mean"`
	Std  CVStats `json:"std"`
	// Folds are the per-fold evaluations, in fold order.
	Folds []*Evaluation `json:"folds"`
	// Pooled evaluates all folds' predictions together: every item once,
	// predicted by the model that did not see it. Nil when not given.
	Pooled *Evaluation `json:"pooled,omitempty"`
}

// CVMetric names one row of a cross-validation table and reads its value
// from an evaluation and from CVStats.
type CVMetric struct {
	Name  string // "accuracy", "macro F1", "F1 sports", …
	Label string // the label of a per-label F1 row, else ""
	// Fold reads the metric from one fold's evaluation; false when the
	// fold has no such value (a label absent from the fold).
	Fold  func(*Evaluation) (float64, bool)
	Stats func(CVStats) float64
}

// CVMetrics returns the metrics of a summary in display order: accuracy,
// macro precision, recall and F1, weighted F1, then F1 of each label.
func (s *CVSummary) CVMetrics() []CVMetric {
	always := func(f func(*Evaluation) float64) func(*Evaluation) (float64, bool) {
		return func(e *Evaluation) (float64, bool) { return f(e), true }
	}
	ms := []CVMetric{
		{"accuracy", "", always(func(e *Evaluation) float64 { return e.Accuracy }), func(s CVStats) float64 { return s.Accuracy }},
		{"macro precision", "", always(func(e *Evaluation) float64 { return e.Macro.Precision }), func(s CVStats) float64 { return s.MacroPrecision }},
		{"macro recall", "", always(func(e *Evaluation) float64 { return e.Macro.Recall }), func(s CVStats) float64 { return s.MacroRecall }},
		{"macro F1", "", always(func(e *Evaluation) float64 { return e.Macro.F1 }), func(s CVStats) float64 { return s.MacroF1 }},
		{"weighted F1", "", always(func(e *Evaluation) float64 { return e.Weighted.F1 }), func(s CVStats) float64 { return s.WeightedF1 }},
	}
	labels := make([]string, 0, len(s.Mean.F1))
	for l := range s.Mean.F1 {
		labels = append(labels, l)
	}
	slices.Sort(labels)
	for _, l := range labels {
		ms = append(ms, CVMetric{
			Name:  "F1 " + l,
			Label: l,
			Fold: func(e *Evaluation) (float64, bool) {
				c, ok := e.Class(l)
				return c.F1, ok
			},
			Stats: func(s CVStats) float64 { return s.F1[l] },
		})
	}
	return ms
}

// SummarizeCV computes the mean and standard deviation over folds of
// accuracy, macro precision, recall and F1, weighted F1 and each label's F1.
// pooled may be nil; seed is recorded for the report.
func SummarizeCV(folds []*Evaluation, pooled *Evaluation, seed uint64) *CVSummary {
	s := &CVSummary{K: len(folds), Seed: seed, Folds: folds, Pooled: pooled}
	s.Mean.F1, s.Std.F1 = map[string]float64{}, map[string]float64{}
	for _, e := range folds {
		for _, l := range e.Labels {
			s.Mean.F1[l] = 0
		}
	}
	over := func(f func(*Evaluation) (float64, bool)) (mean, std float64) {
		var xs []float64
		for _, e := range folds {
			if x, ok := f(e); ok {
				xs = append(xs, x)
			}
		}
		return meanStd(xs)
	}
	for _, m := range s.CVMetrics() {
		mean, std := over(m.Fold)
		switch {
		case m.Label != "":
			s.Mean.F1[m.Label], s.Std.F1[m.Label] = mean, std
		case m.Name == "accuracy":
			s.Mean.Accuracy, s.Std.Accuracy = mean, std
		case m.Name == "macro precision":
			s.Mean.MacroPrecision, s.Std.MacroPrecision = mean, std
		case m.Name == "macro recall":
			s.Mean.MacroRecall, s.Std.MacroRecall = mean, std
		case m.Name == "macro F1":
			s.Mean.MacroF1, s.Std.MacroF1 = mean, std
		case m.Name == "weighted F1":
			s.Mean.WeightedF1, s.Std.WeightedF1 = mean, std
		}
	}
	return s
}

// meanStd is stat.MeanStdDev without its NaNs: JSON cannot hold them, and no
// value or a single value has no spread to report.
func meanStd(xs []float64) (mean, std float64) {
	switch len(xs) {
	case 0:
		return 0, 0
	case 1:
		return xs[0], 0
	}
	return stat.MeanStdDev(xs, nil)
}
