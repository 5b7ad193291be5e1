package classify

import (
	"math"

	"gonum.org/v1/gonum/floats"

	"github.com/tasnif/tasnif/features"
)

// Calibrate fits the softmax temperature of a naive Bayes model so that its
// probabilities are honest: naive Bayes scores rank classes well but their
// scale is arbitrary (over-confident on raw counts, under-confident on
// L2-normalised TF-IDF). The temperature T minimises the negative
// log-likelihood of held-out predictions: every k-th training document is
// held out, and scored by the model estimated from the others (naive Bayes
// counts are additive, so that model is the total counts minus the held-out
// documents'). It also returns the held-out accuracy.
//
// One held-out fold, not k: a temperature is one number, and a fifth of
// the data pins it down as well as all of it would, at a fifth of the cost —
// estimating a model is the most expensive step of training after analysis.
//
// total must hold the counts of all the vectors. With discriminative
// training (opt.Epochs > 0) counts are not additive, and the held-out model
// is trained afresh.
func Calibrate(total *Counts, vectors []features.Vector, classes []int, labels []string, opt Options, k int) (temperature, heldOutAccuracy float64) {
	n := len(vectors)
	if k < 2 || n < 2*k {
		return 1, math.NaN()
	}
	C := total.C
	var held []int
	for i := k - 1; i < n; i += k {
		held = append(held, i)
	}
	var counts *Counts
	if opt.Epochs > 0 {
		var vs []features.Vector
		var cs []int
		for i := range n {
			if i%k != k-1 {
				vs, cs = append(vs, vectors[i]), append(cs, classes[i])
			}
		}
		counts = countsFor(vs, cs, C, total.F, opt)
	} else {
		part := NewCounts(C, total.F)
		for _, i := range held {
			part.Add(vectors[i], classes[i])
		}
		counts = total.Sub(part)
	}
	nb, err := Estimate(counts, labels, opt)
	if err != nil {
		return 1, math.NaN()
	}
	scores := make([]float64, len(held)*C)
	gold := make([]int, len(held))
	correct := 0
	for j, i := range held {
		row := nb.Scores(vectors[i], scores[j*C:j*C:j*C+C])
		gold[j] = classes[i]
		if floats.MaxIdx(row) == classes[i] {
			correct++
		}
	}
	// The loss is the cross-entropy against slightly smoothed targets: the
	// gold label gets 1−ε and the others share ε = 0.5/(n+1), half a
	// document's worth. Without it, held-out data that the model gets all
	// right would drive the temperature to zero and every probability to
	// exactly 1; with it the optimum stays finite and moves to plain NLL as
	// the data grows.
	eps := 0.5 / float64(len(held)+1)
	buf := make([]float64, C)
	nll := func(logT float64) float64 {
		t := math.Exp(logT)
		var sum float64
		for j := range held {
			var rest float64
			for c := range C {
				buf[c] = scores[j*C+c] / t
				if c != gold[j] {
					rest += buf[c]
				}
			}
			target := (1-eps)*buf[gold[j]] + eps*rest/float64(C-1)
			sum += floats.LogSumExp(buf) - target
		}
		return sum
	}
	return math.Exp(goldenMin(nll, -9, 9, 60)), float64(correct) / float64(len(held))
}

// goldenMin returns the x in [lo, hi] minimising a unimodal f, by
// golden-section search.
func goldenMin(f func(float64) float64, lo, hi float64, iters int) float64 {
	g := (math.Sqrt(5) - 1) / 2
	a, b := lo, hi
	c, d := b-g*(b-a), a+g*(b-a)
	fc, fd := f(c), f(d)
	for range iters {
		if fc < fd {
			b, d, fd = d, c, fc
			c = b - g*(b-a)
			fc = f(c)
		} else {
			a, c, fc = c, d, fd
			d = a + g*(b-a)
			fd = f(d)
		}
	}
	return (a + b) / 2
}
