package classify

import (
	"slices"

	"github.com/tasnif/tasnif/features"
)

// LabelScore is one label with its probability.
type LabelScore struct {
	Label string  `json:"label"`
	P     float64 `json:"p"`
}

// Prediction is a classifier's answer for one text.
type Prediction struct {
	Label      string       `json:"label"`
	Confidence float64      `json:"confidence"` // probability of Label
	Scores     []LabelScore `json:"scores"`     // the top labels, most probable first
}

// Predict classifies v and returns the top k labels (all labels when k <= 0
// or k > C).
func (nb *NaiveBayes) Predict(v features.Vector, k int) Prediction {
	p := nb.Probabilities(v, make([]float64, 0, len(nb.Labels)))
	return nb.PredictionFrom(p, k)
}

// PredictionFrom builds a Prediction from class probabilities (as returned by
// Probabilities). Ties go to the label that sorts first.
func (nb *NaiveBayes) PredictionFrom(p []float64, k int) Prediction {
	order := Ranking(p)
	if k <= 0 || k > len(order) {
		k = len(order)
	}
	pr := Prediction{Label: nb.Labels[order[0]], Confidence: p[order[0]], Scores: make([]LabelScore, k)}
	for i := range k {
		pr.Scores[i] = LabelScore{nb.Labels[order[i]], p[order[i]]}
	}
	return pr
}

// Ranking returns class indices ordered by decreasing value, ties by index.
func Ranking(p []float64) []int {
	order := make([]int, len(p))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case p[a] > p[b]:
			return -1
		case p[a] < p[b]:
			return 1
		}
		return 0
	})
	return order
}

// FeatureWeight is how much one feature moved a text toward a label.
type FeatureWeight struct {
	Feature int32   // index in the vocabulary
	Weight  float64 // contribution to the log-odds of the label against the other
}

// Contributions returns, for each feature of v, its contribution to the
// log-odds of label c against label other: x_f · (W[f][c] − W[f][other]) / T,
// the amount by which the feature raised log P(c) − log P(other). They are
// sorted by decreasing weight; positive weights pushed toward c.
func (nb *NaiveBayes) Contributions(v features.Vector, c, other int) []FeatureWeight {
	C := len(nb.Labels)
	out := make([]FeatureWeight, len(v.Index))
	for j, f := range v.Index {
		d := float64(nb.Weights[int(f)*C+c]) - float64(nb.Weights[int(f)*C+other])
		out[j] = FeatureWeight{f, float64(v.Value[j]) * d / nb.Temperature}
	}
	slices.SortStableFunc(out, func(a, b FeatureWeight) int {
		switch {
		case a.Weight > b.Weight:
			return -1
		case a.Weight < b.Weight:
			return 1
		}
		return int(a.Feature - b.Feature)
	})
	return out
}
