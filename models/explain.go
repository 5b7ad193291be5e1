package models

import (
	"math"

	"github.com/tasnif/tasnif/classify"
	"github.com/tasnif/tasnif/features"
)

// TermWeight is one feature (a term or an n-gram of terms) and how much it
// moved a text toward a label.
type TermWeight struct {
	Term   string  `json:"term"`
	Weight float64 `json:"weight"`
}

// Explanation says why a text got its label.
type Explanation struct {
	classify.Prediction
	// Against is the label the explanation compares with: the runner-up.
	Against string `json:"against"`
	// For are the features that pushed the text toward Label rather than
	// Against, strongest first; Weight is the feature's share of the
	// log-odds log P(Label) − log P(Against).
	For []TermWeight `json:"for"`
	// Opposing are the features that pulled the other way, strongest first.
	Opposing []TermWeight `json:"opposing,omitempty"`
}

// Explain classifies text and lists up to n features on each side.
func (t *Tagger) Explain(text []byte, n int) Explanation {
	return t.explain(t.enc.Encode(text), n)
}

// ExplainString is Explain for a string, without copying it.
func (t *Tagger) ExplainString(text string, n int) Explanation {
	return t.explain(t.enc.EncodeString(text), n)
}

func (t *Tagger) explain(vec features.Vector, n int) Explanation {
	nb := t.m.NB
	t.probs = nb.Probabilities(vec, t.probs)
	pred := nb.PredictionFrom(t.probs, 0)
	order := classify.Ranking(t.probs)
	ex := Explanation{Prediction: pred, Against: nb.Labels[order[1]]}
	contrib := nb.Contributions(vec, order[0], order[1])
	vocab := t.m.Vectorizer.Vocabulary()
	for _, c := range contrib {
		if c.Weight <= 0 || len(ex.For) == n {
			break
		}
		ex.For = append(ex.For, TermWeight{vocab.Feature(int(c.Feature)), c.Weight})
	}
	for i := len(contrib) - 1; i >= 0 && len(ex.Opposing) < n; i-- {
		if contrib[i].Weight >= 0 {
			break
		}
		ex.Opposing = append(ex.Opposing, TermWeight{vocab.Feature(int(contrib[i].Feature)), contrib[i].Weight})
	}
	return ex
}

// Explain is Tagger.Explain, safe for concurrent use.
func (m *Model) Explain(text string, n int) Explanation {
	t := m.tagger()
	defer m.taggers.Put(t)
	return t.ExplainString(text, n)
}

// TopTerms returns, for each label, the n features most indicative of it:
// those with the largest P(f|c) · (log P(f|c) − mean log P(f|other)), a
// feature's share of the divergence between the label and the others. It
// favours terms both frequent in the label and rare elsewhere; ranking by
// the log-ratio alone would list names seen in a handful of documents.
// (The weights of a multinomial model are log P(f|c); for a complement
// model they are a monotone stand-in, and the ranking is still useful.)
func (m *Model) TopTerms(n int) map[string][]TermWeight {
	nb := m.NB
	C, F := len(nb.Labels), nb.NumFeatures
	vocab := m.Vectorizer.Vocabulary()
	out := make(map[string][]TermWeight, C)
	if n <= 0 {
		return out
	}
	for c, label := range nb.Labels {
		best := make([]TermWeight, 0, n+1)
		for f := range F {
			row := nb.Weights[f*C : f*C+C]
			var others float64
			for o, w := range row {
				if o != c {
					others += float64(w)
				}
			}
			w := float64(row[c])
			score := math.Exp(min(w, 0)) * (w - others/float64(C-1))
			if len(best) == n && score <= best[n-1].Weight {
				continue
			}
			best = insertSorted(best, TermWeight{Term: vocab.Feature(f), Weight: score}, n)
		}
		out[label] = best
	}
	return out
}

// insertSorted inserts tw into best (sorted by decreasing weight, ties by
// term) and keeps at most n.
func insertSorted(best []TermWeight, tw TermWeight, n int) []TermWeight {
	i := len(best)
	for i > 0 && (best[i-1].Weight < tw.Weight || (best[i-1].Weight == tw.Weight && best[i-1].Term > tw.Term)) {
		i--
	}
	best = append(best, TermWeight{})
	copy(best[i+1:], best[i:])
	best[i] = tw
	if len(best) > n {
		best = best[:n]
	}
	return best
}
