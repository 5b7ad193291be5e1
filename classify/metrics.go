package classify

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// ClassMetrics are one label's figures.
type ClassMetrics struct {
	Label     string  `json:"label"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	Support   int     `json:"support"`   // gold items with this label
	Predicted int     `json:"predicted"` // items predicted as this label
}

// Averages are precision, recall and F1 averaged over labels.
type Averages struct {
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

// ReliabilityBin holds the items whose confidence falls in [Lo, Hi) (the
// last bin also holds confidence 1). MeanConfidence and Accuracy are 0 when
// Count is 0, so that the JSON never holds NaN.
type ReliabilityBin struct {
	Lo             float64 `json:"lo"`
	Hi             float64 `json:"hi"`
	Count          int     `json:"count"`
	MeanConfidence float64 `json:"mean_confidence"`
	Accuracy       float64 `json:"accuracy"`
}

// CoveragePoint is what keeping only the items with confidence >= Threshold
// gives: the share of items kept, their number, and the accuracy (precision)
// of their predictions, 0 when none is kept.
type CoveragePoint struct {
	Threshold float64 `json:"threshold"`
	Coverage  float64 `json:"coverage"`
	Accuracy  float64 `json:"accuracy"`
	Kept      int     `json:"kept"`
}

// Evaluation is the comparison of predicted labels with gold ones. Its JSON
// form is read by CI jobs: field names and meanings are stable.
type Evaluation struct {
	Labels   []string       `json:"labels"` // gold ∪ predicted labels, sorted
	N        int            `json:"n"`
	Accuracy float64        `json:"accuracy"`
	Classes  []ClassMetrics `json:"classes"` // in Labels order
	// Macro averages the labels with equal weight; Weighted weighs each
	// label by its support.
	Macro    Averages `json:"macro"`
	Weighted Averages `json:"weighted"`
	// Confusion counts items by [gold][predicted] label, in Labels order.
	Confusion [][]int `json:"confusion"`
	// Reliability bins items by confidence into 10 equal-width bins over
	// [0, 1]; empty when no confidences were given.
	Reliability []ReliabilityBin `json:"reliability"`
	// ECE is the expected calibration error: the mean over bins of
	// |accuracy − mean confidence|, weighted by the bins' share of items.
	ECE float64 `json:"ece"`
	// Coverage is one point per threshold 0.00, 0.05, …, 0.95 and 0.99;
	// empty when no confidences were given.
	Coverage []CoveragePoint `json:"coverage"`
}

// ReliabilityBins is the number of bins of Evaluation.Reliability.
const ReliabilityBins = 10

// CoverageThresholds returns the confidence thresholds of
// Evaluation.Coverage: 0.00, 0.05, …, 0.95, then 0.99, which shows what the
// most confident predictions alone are worth.
func CoverageThresholds() []float64 {
	t := make([]float64, 0, 21)
	for i := range 20 {
		t = append(t, float64(i)/20) // division, not i*0.05, keeps 0.15 exact
	}
	return append(t, 0.99)
}

// Evaluate compares predicted labels with gold ones. confidence holds the
// probability the classifier gave its predicted label, one per item; it may
// be nil, and then Reliability and Coverage are empty and ECE is 0.
//
// Every label seen on either side gets a row, so a label that is never
// predicted still shows its support and a label predicted but absent from
// the gold data shows its false positives. Where a ratio has a zero
// denominator it is 0, as with scikit-learn's zero_division=0: precision of
// a label never predicted, recall of a label absent from the gold data, and
// then their F1. Macro averages count such labels too, as scikit-learn's
// classification_report does.
func Evaluate(gold, pred []string, confidence []float64) (*Evaluation, error) {
	n := len(gold)
	switch {
	case n == 0:
		return nil, errors.New("evaluate: no items")
	case len(pred) != n:
		return nil, fmt.Errorf("evaluate: %d gold labels but %d predictions", n, len(pred))
	case confidence != nil && len(confidence) != n:
		return nil, fmt.Errorf("evaluate: %d gold labels but %d confidences", n, len(confidence))
	}
	index := map[string]int{}
	for i := range n {
		// An empty label is almost always a column that failed to parse;
		// counting it as a class would hide that.
		if gold[i] == "" || pred[i] == "" {
			return nil, fmt.Errorf("evaluate: item %d has an empty label", i)
		}
		index[gold[i]] = 0
		index[pred[i]] = 0
		if confidence != nil {
			if c := confidence[i]; !(c >= 0 && c <= 1) {
				return nil, fmt.Errorf("evaluate: item %d has confidence %g, want a probability in [0, 1]", i, c)
			}
		}
	}
	labels := make([]string, 0, len(index))
	for l := range index {
		labels = append(labels, l)
	}
	slices.Sort(labels)
	for i, l := range labels {
		index[l] = i
	}

	C := len(labels)
	e := &Evaluation{Labels: labels, N: n, Confusion: make([][]int, C), Classes: make([]ClassMetrics, C)}
	for i := range e.Confusion {
		e.Confusion[i] = make([]int, C)
	}
	correct := 0
	for i := range n {
		g, p := index[gold[i]], index[pred[i]]
		e.Confusion[g][p]++
		if g == p {
			correct++
		}
	}
	e.Accuracy = float64(correct) / float64(n)

	for c, l := range labels {
		m := ClassMetrics{Label: l}
		tp := e.Confusion[c][c]
		for o := range C {
			m.Support += e.Confusion[c][o]
			m.Predicted += e.Confusion[o][c]
		}
		m.Precision = ratio(tp, m.Predicted)
		m.Recall = ratio(tp, m.Support)
		// 2tp / (2tp + fp + fn) is 2PR / (P + R) without its 0/0 case.
		m.F1 = ratio(2*tp, m.Support+m.Predicted)
		e.Classes[c] = m

		e.Macro.Precision += m.Precision / float64(C)
		e.Macro.Recall += m.Recall / float64(C)
		e.Macro.F1 += m.F1 / float64(C)
		w := float64(m.Support) / float64(n)
		e.Weighted.Precision += w * m.Precision
		e.Weighted.Recall += w * m.Recall
		e.Weighted.F1 += w * m.F1
	}

	// Empty, not nil: the JSON says [] rather than null.
	e.Reliability, e.Coverage = []ReliabilityBin{}, []CoveragePoint{}
	if confidence != nil {
		right := make([]bool, n)
		for i := range n {
			right[i] = gold[i] == pred[i]
		}
		e.Reliability, e.ECE = reliability(confidence, right)
		e.Coverage = coverage(confidence, right)
	}
	return e, nil
}

// ratio is a/b, or 0 when b is 0.
func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// reliability bins the items by confidence and returns the bins and the
// expected calibration error.
func reliability(conf []float64, right []bool) ([]ReliabilityBin, float64) {
	bins := make([]ReliabilityBin, ReliabilityBins)
	for b := range bins {
		bins[b].Lo = float64(b) / ReliabilityBins
		bins[b].Hi = float64(b+1) / ReliabilityBins
	}
	hits := make([]int, len(bins))
	for i, c := range conf {
		b := min(int(c*ReliabilityBins), len(bins)-1)
		// c*10 can round across a bin edge; the edges as stored decide.
		if b > 0 && c < bins[b].Lo {
			b--
		} else if b < len(bins)-1 && c >= bins[b].Hi {
			b++
		}
		bins[b].Count++
		bins[b].MeanConfidence += c
		if right[i] {
			hits[b]++
		}
	}
	var ece float64
	for b := range bins {
		if bins[b].Count == 0 {
			continue
		}
		bins[b].MeanConfidence /= float64(bins[b].Count)
		bins[b].Accuracy = ratio(hits[b], bins[b].Count)
		ece += float64(bins[b].Count) / float64(len(conf)) * math.Abs(bins[b].Accuracy-bins[b].MeanConfidence)
	}
	return bins, ece
}

// coverage returns one point per threshold of CoverageThresholds.
func coverage(conf []float64, right []bool) []CoveragePoint {
	ts := CoverageThresholds()
	out := make([]CoveragePoint, len(ts))
	for j, t := range ts {
		kept, hits := 0, 0
		for i, c := range conf {
			if c >= t {
				kept++
				if right[i] {
					hits++
				}
			}
		}
		out[j] = CoveragePoint{Threshold: t, Coverage: ratio(kept, len(conf)), Accuracy: ratio(hits, kept), Kept: kept}
	}
	return out
}

// ThresholdFor returns the smallest coverage threshold whose kept items
// reach the given accuracy (precision of the kept predictions), and false if
// none does. Accuracy need not rise with the threshold, so this is the
// threshold that keeps the most items, not merely the first crossing of a
// monotone curve. A threshold that keeps no item never qualifies.
func (e *Evaluation) ThresholdFor(accuracy float64) (CoveragePoint, bool) {
	for _, p := range e.Coverage {
		if p.Kept > 0 && p.Accuracy >= accuracy {
			return p, true
		}
	}
	return CoveragePoint{}, false
}

// Class returns the figures of a label, and false if the label is unknown.
func (e *Evaluation) Class(label string) (ClassMetrics, bool) {
	i, ok := slices.BinarySearch(e.Labels, label)
	if !ok {
		return ClassMetrics{}, false
	}
	return e.Classes[i], true
}
