package classify

import (
	"math"
	"runtime"
	"slices"

	"gonum.org/v1/gonum/floats"

	"github.com/tasnif/tasnif/features"
	"github.com/tasnif/tasnif/internal/parallel"
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
	var nb *NaiveBayes
	var heldVectors []features.Vector
	if opt.Epochs > 0 {
		var vs []features.Vector
		var cs []int
		for i := range n {
			if i%k != k-1 {
				vs, cs = append(vs, vectors[i]), append(cs, classes[i])
			}
		}
		var err error
		if nb, err = Estimate(countsFor(vs, cs, C, total.F, opt), labels, opt); err != nil {
			return 1, math.NaN()
		}
		for _, i := range held {
			heldVectors = append(heldVectors, vectors[i])
		}
	} else {
		nb, heldVectors = heldOutModel(total, vectors, classes, held, labels, opt)
	}
	scores := make([]float64, len(held)*C)
	gold := make([]int, len(held))
	correct := 0
	for j, i := range held {
		row := nb.Scores(heldVectors[j], scores[j*C:j*C:j*C+C])
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
	// The documents are summed in fixed blocks, in parallel, and the block
	// sums added in order: the same result on any number of CPUs.
	const block = 512
	blocks := make([]float64, (len(held)+block-1)/block)
	nll := func(logT float64) float64 {
		t := math.Exp(logT)
		parallel.Ranges(len(blocks), runtime.GOMAXPROCS(0), 1, func(lo, hi int) {
			buf := make([]float64, C)
			for b := lo; b < hi; b++ {
				var sum float64
				for j := b * block; j < min(b*block+block, len(held)); j++ {
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
				blocks[b] = sum
			}
		})
		return floats.Sum(blocks)
	}
	// 40 golden-section steps narrow log T to 18·0.618⁴⁰ ≈ 10⁻⁷.
	return math.Exp(goldenMin(nll, -9, 9, 40)), float64(correct) / float64(len(held))
}

// heldOutModel returns the multinomial or complement model estimated from
// all the documents but the held ones (total minus their counts), and the
// held documents' vectors to score with it. Only the features the held
// documents contain are estimated — the scores need no others — in a
// compact model whose feature i is the i-th distinct feature met; the
// returned vectors are renumbered to match.
func heldOutModel(total *Counts, vectors []features.Vector, classes, held []int, labels []string, opt Options) (*NaiveBayes, []features.Vector) {
	C := total.C
	compact := make([]int32, total.F) // feature -> compact index + 1; 0: not held
	var used []int32                  // compact index -> feature
	out := make([]features.Vector, len(held))
	for j, i := range held {
		v := vectors[i]
		idx := make([]int32, len(v.Index))
		for n, f := range v.Index {
			if compact[f] == 0 {
				used = append(used, f)
				compact[f] = int32(len(used))
			}
			idx[n] = compact[f] - 1
		}
		out[j] = features.Vector{Index: idx, Value: v.Value}
	}
	part := make([]float64, len(used)*C) // the held documents' counts, compact-major
	partClasses := make([]float64, C)
	docs := slices.Clone(total.Docs)
	for j, i := range held {
		c := classes[i]
		docs[c]--
		for n, f := range out[j].Index {
			x := float64(out[j].Value[n])
			part[int(f)*C+c] += x
			partClasses[c] += x
		}
	}
	classSums := make([]float64, C)
	for c := range C {
		classSums[c] = total.Classes[c] - partClasses[c]
	}
	e := newEstimator(classSums, total.F, opt)
	nb := &NaiveBayes{
		Labels: labels, Docs: docs, LogPrior: logPriors(docs, opt.Prior),
		Weights: make([]float32, len(used)*C), NumFeatures: len(used), Temperature: 1, Options: opt,
	}
	parallel.Ranges(len(used), runtime.GOMAXPROCS(0), 1<<12, func(lo, hi int) {
		sum := make([]float64, C)
		for j := lo; j < hi; j++ {
			f := int(used[j])
			for c := range C {
				sum[c] = total.Sum[f*C+c] - part[j*C+c]
			}
			e.row(sum, nb.Weights[j*C:j*C+C])
		}
	})
	return nb, out
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
