package classify

import (
	"math"
	"sync"

	"gonum.org/v1/gonum/floats"

	"github.com/tasnif/tasnif/features"
)

// Calibrate fits the softmax temperature of a naive Bayes model so that its
// probabilities are honest: naive Bayes scores rank classes well but their
// scale is arbitrary (over-confident on raw counts, under-confident on
// L2-normalised TF-IDF). The temperature T minimises the negative
// log-likelihood of out-of-fold predictions: the training documents are split
// into k folds by position, and each fold is scored by the model estimated
// from the other k-1 (naive Bayes counts are additive, so that model is the
// total counts minus the fold's). It also returns the out-of-fold accuracy.
//
// total must hold the counts of all the vectors. With discriminative
// training (opt.Epochs > 0) counts are not additive, and each fold's model is
// trained afresh.
func Calibrate(total *Counts, vectors []features.Vector, classes []int, labels []string, opt Options, k int) (temperature, oofAccuracy float64) {
	n := len(vectors)
	if k < 2 || n < 2*k {
		return 1, math.NaN()
	}
	C := total.C
	scores := make([]float64, n*C)
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2) // two folds at a time bounds memory to two models
	for fold := range k {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			var counts *Counts
			if opt.Epochs > 0 {
				var vs []features.Vector
				var cs []int
				for i := range n {
					if i%k != fold {
						vs, cs = append(vs, vectors[i]), append(cs, classes[i])
					}
				}
				counts = countsFor(vs, cs, C, total.F, opt)
			} else {
				part := NewCounts(C, total.F)
				for i := fold; i < n; i += k {
					part.Add(vectors[i], classes[i])
				}
				counts = total.Sub(part)
			}
			nb, err := Estimate(counts, labels, opt)
			if err != nil {
				return
			}
			for i := fold; i < n; i += k {
				nb.Scores(vectors[i], scores[i*C:i*C:i*C+C])
			}
		}()
	}
	wg.Wait()

	correct := 0
	for i := range n {
		if floats.MaxIdx(scores[i*C:i*C+C]) == classes[i] {
			correct++
		}
	}
	nll := func(logT float64) float64 {
		t := math.Exp(logT)
		buf := make([]float64, C)
		var sum float64
		for i := range n {
			for c := range C {
				buf[c] = scores[i*C+c] / t
			}
			sum += floats.LogSumExp(buf) - buf[classes[i]]
		}
		return sum
	}
	return math.Exp(goldenMin(nll, -9, 9, 80)), float64(correct) / float64(n)
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
