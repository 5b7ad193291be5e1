package classify

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
	"unsafe"

	"gonum.org/v1/gonum/floats"

	"github.com/tasnif/tasnif/features"
	"github.com/tasnif/tasnif/internal/parallel"
)

// Variant selects the naive Bayes event model.
type Variant string

const (
	// Multinomial is the classic multinomial naive Bayes: a class's weight
	// for a feature is log P(feature | class).
	Multinomial Variant = "multinomial"
	// Complement is Rennie et al.'s complement naive Bayes (2003): weights
	// come from the feature counts of all the other classes, which is more
	// stable when classes differ in size or in document length.
	Complement Variant = "complement"
)

// Prior selects the class prior.
type Prior string

const (
	// DocumentPrior uses each class's share of the training documents.
	DocumentPrior Prior = "documents"
	// UniformPrior gives every class the same prior.
	UniformPrior Prior = "uniform"
)

// Options are the naive Bayes training settings.
type Options struct {
	Variant Variant `json:"variant"`
	// Alpha is the Lidstone smoothing added to every feature count (1 is
	// Laplace smoothing). Must be positive.
	Alpha float64 `json:"alpha"`
	Prior Prior   `json:"prior"`
	// Epochs > 0 fits the multinomial counts discriminatively with that many
	// passes over the data (see discriminativeCounts); 0 is the classic
	// frequency estimate.
	Epochs int `json:"epochs,omitempty"`
	// Calibrate fits a softmax temperature on out-of-fold scores so that
	// the reported probabilities match observed accuracy (see Calibrate).
	Calibrate bool `json:"calibrate"`
}

// DefaultOptions returns the settings measured best on real news.
func DefaultOptions() Options {
	return Options{Variant: Multinomial, Alpha: 0.03, Prior: DocumentPrior, Calibrate: true}
}

// Validate reports the first setting out of range.
func (o Options) Validate() error {
	switch o.Variant {
	case Multinomial, Complement:
	default:
		return fmt.Errorf("unknown naive Bayes variant %q (want multinomial or complement)", o.Variant)
	}
	switch o.Prior {
	case DocumentPrior, UniformPrior:
	default:
		return fmt.Errorf("unknown prior %q (want documents or uniform)", o.Prior)
	}
	if !(o.Alpha > 0) || math.IsInf(o.Alpha, 0) {
		return fmt.Errorf("alpha must be a positive number, got %g", o.Alpha)
	}
	if o.Epochs < 0 || o.Epochs > 1000 {
		return fmt.Errorf("epochs must be between 0 and 1000, got %d", o.Epochs)
	}
	if o.Epochs > 0 && o.Variant != Multinomial {
		return fmt.Errorf("epochs (discriminative training) applies to the multinomial variant, not %s", o.Variant)
	}
	return nil
}

// NaiveBayes is a trained naive Bayes classifier over sparse feature
// vectors. Its score for class c is
//
//	s_c = logPrior[c] + Σ_f x_f · W[f][c]
//
// and its probabilities are softmax(s / Temperature), computed with
// log-sum-exp so that no text, however long, underflows. It is immutable
// after training and safe for concurrent use.
type NaiveBayes struct {
	Labels   []string  // class names, sorted
	Docs     []int     // training documents per class
	LogPrior []float64 // per class
	// Weights is feature-major: Weights[f*C+c] for C classes, so that the
	// weights one feature contributes sit in one cache line.
	Weights     []float32
	NumFeatures int
	Temperature float64 // softmax temperature; 1 when not calibrated
	Options     Options
}

// NumClasses returns the number of classes.
func (nb *NaiveBayes) NumClasses() int { return len(nb.Labels) }

// Check verifies the model's invariants: sizes agree, numbers are finite.
// Model files are checked with it after decoding.
func (nb *NaiveBayes) Check() error {
	c := len(nb.Labels)
	if c < 2 {
		return fmt.Errorf("a classifier needs at least 2 labels, has %d", c)
	}
	if len(nb.Docs) != c || len(nb.LogPrior) != c {
		return errors.New("per-class arrays do not match the number of labels")
	}
	if nb.NumFeatures < 0 || len(nb.Weights) != nb.NumFeatures*c {
		return fmt.Errorf("weights hold %d values, want %d features × %d labels", len(nb.Weights), nb.NumFeatures, c)
	}
	for _, p := range nb.LogPrior {
		if math.IsNaN(p) || math.IsInf(p, 0) {
			return errors.New("class prior is not finite")
		}
	}
	if !allFinite(nb.Weights) {
		return errors.New("weight is not finite")
	}
	if !(nb.Temperature > 0) || math.IsInf(nb.Temperature, 0) {
		return fmt.Errorf("temperature must be positive, got %g", nb.Temperature)
	}
	for i := 1; i < c; i++ {
		if nb.Labels[i-1] >= nb.Labels[i] {
			return fmt.Errorf("labels not sorted and distinct at %q", nb.Labels[i])
		}
	}
	return nil
}

// allFinite reports whether no value of w is an infinity or a NaN: whether
// none has all its exponent bits set. Loading a model checks every weight,
// millions of them, so this tests two at a time in a 64-bit word: adding 1
// to an exponent field carries out of it only when the field is all ones.
// It is nearly three times faster than testing them one by one
// (go test ./classify -run '^$' -bench AllFinite).
func allFinite(w []float32) bool {
	const (
		exponents = 0x7F800000_7F800000
		lowest    = 0x00800000_00800000 // 1 in each exponent field
		carries   = 0x80000000_80000000 // where a full field's carry lands
	)
	if len(w) == 0 {
		return true
	}
	b := unsafe.Slice((*byte)(unsafe.Pointer(&w[0])), 4*len(w))
	var acc uint64
	for ; len(b) >= 32; b = b[32:] {
		x0 := binary.LittleEndian.Uint64(b)
		x1 := binary.LittleEndian.Uint64(b[8:])
		x2 := binary.LittleEndian.Uint64(b[16:])
		x3 := binary.LittleEndian.Uint64(b[24:])
		acc |= (x0&exponents + lowest) | (x1&exponents + lowest) | (x2&exponents + lowest) | (x3&exponents + lowest)
	}
	for ; len(b) >= 4; b = b[4:] {
		acc |= uint64(binary.LittleEndian.Uint32(b))&exponents + lowest
	}
	return acc&carries == 0
}

// Counts are the per-class sums of feature values and document counts from
// which a naive Bayes model is estimated. Sums are additive, which makes
// cross-validation cheap: a fold's model is the total minus the fold.
type Counts struct {
	C, F    int
	Sum     []float64 // feature-major: Sum[f*C+c]
	Docs    []int
	Classes []float64 // Σ_f Sum[f*C+c]
}

// NewCounts returns empty counts for c classes and f features.
func NewCounts(c, f int) *Counts {
	return &Counts{C: c, F: f, Sum: make([]float64, c*f), Docs: make([]int, c), Classes: make([]float64, c)}
}

// Add adds one document of class c.
func (k *Counts) Add(v features.Vector, c int) {
	k.Docs[c]++
	for j, f := range v.Index {
		x := float64(v.Value[j])
		k.Sum[int(f)*k.C+c] += x
		k.Classes[c] += x
	}
}

// Sub returns k minus o (same shape).
func (k *Counts) Sub(o *Counts) *Counts {
	out := NewCounts(k.C, k.F)
	floats.SubTo(out.Sum, k.Sum, o.Sum)
	floats.SubTo(out.Classes, k.Classes, o.Classes)
	for c := range out.Docs {
		out.Docs[c] = k.Docs[c] - o.Docs[c]
	}
	return out
}

// Estimate turns counts into a model with the given options. The
// temperature is 1; see Calibrate.
func Estimate(k *Counts, labels []string, opt Options) (*NaiveBayes, error) {
	if err := opt.Validate(); err != nil {
		return nil, err
	}
	C, F := k.C, k.F
	nb := &NaiveBayes{
		Labels: slices.Clone(labels), Docs: slices.Clone(k.Docs), LogPrior: logPriors(k.Docs, opt.Prior),
		Weights: make([]float32, C*F), NumFeatures: F, Temperature: 1, Options: opt,
	}
	e := newEstimator(k.Classes, F, opt)
	// Each weight row depends on its own counts only, so features are
	// estimated in parallel ranges and the result does not depend on the
	// split.
	parallel.Ranges(F, runtime.GOMAXPROCS(0), 1<<14, func(lo, hi int) {
		for f := lo; f < hi; f++ {
			e.row(k.Sum[f*C:f*C+C], nb.Weights[f*C:f*C+C])
		}
	})
	return nb, nil
}

// estimator computes a feature's weights for every class from its counts:
// the per-class terms, logarithms included, are computed once.
type estimator struct {
	opt Options
	// Multinomial: log(N_c + α|V|), and the weight of a zero count, the
	// common case (a feature is absent from most classes). Complement:
	// log(N_~c + α|V|) and the total count.
	den  []float64
	zero []float32
	all  float64
}

func newEstimator(classes []float64, F int, opt Options) *estimator {
	C := len(classes)
	e := &estimator{opt: opt, den: make([]float64, C), zero: make([]float32, C)}
	alphaV := opt.Alpha * float64(F)
	for _, s := range classes {
		e.all += s
	}
	for c := range C {
		switch opt.Variant {
		case Multinomial:
			e.den[c] = math.Log(classes[c] + alphaV)
			e.zero[c] = float32(math.Log(opt.Alpha) - e.den[c])
		case Complement:
			e.den[c] = math.Log(e.all - classes[c] + alphaV)
		}
	}
	return e
}

// row writes into w the weights of a feature whose per-class counts are sum.
func (e *estimator) row(sum []float64, w []float32) {
	alpha := e.opt.Alpha
	switch e.opt.Variant {
	case Multinomial:
		// W[f][c] = log((N_fc + α) / (N_c + α|V|))
		for c, s := range sum {
			if s == 0 {
				w[c] = e.zero[c]
			} else {
				w[c] = float32(math.Log(s+alpha) - e.den[c])
			}
		}
	case Complement:
		// W[f][c] = -log((N_f,~c + α) / (N_~c + α|V|)): a feature frequent
		// in the other classes counts against c.
		var row float64
		for _, s := range sum {
			row += s
		}
		for c, s := range sum {
			w[c] = float32(-(math.Log(row-s+alpha) - e.den[c]))
		}
	}
}

// logPriors returns the log class priors for the given document counts.
func logPriors(docs []int, prior Prior) []float64 {
	C := len(docs)
	total := 0
	for _, d := range docs {
		total += d
	}
	out := make([]float64, C)
	for c := range C {
		switch {
		case prior == UniformPrior:
			out[c] = -math.Log(float64(C))
		case docs[c] == 0:
			// A class with no documents (in a cross-validation fold, say):
			// half a document's worth, so that it stays finite.
			out[c] = math.Log(0.5 / float64(total+1))
		default:
			out[c] = math.Log(float64(docs[c]) / float64(total))
		}
	}
	return out
}

// countsFor returns the counts a model is estimated from: plain sums, or
// discriminative ones when opt.Epochs > 0.
func countsFor(vectors []features.Vector, classes []int, C, F int, opt Options) *Counts {
	if opt.Epochs > 0 {
		docs := make([]int, C)
		for _, c := range classes {
			docs[c]++
		}
		return discriminativeCounts(vectors, classes, C, F, opt, logPriors(docs, opt.Prior))
	}
	k := NewCounts(C, F)
	// Each worker adds the documents of its own classes: the cells a
	// document touches are its class's, so workers never write the same
	// cell, and each cell sums its documents in order, as one loop would.
	workers := min(runtime.GOMAXPROCS(0), C)
	if len(vectors) < 1000 {
		workers = 1
	}
	byClass := make([][]int32, C)
	for i, c := range classes {
		byClass[c] = append(byClass[c], int32(i))
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for c := w; c < C; c += workers {
				for _, i := range byClass[c] {
					k.Add(vectors[i], c)
				}
			}
		})
	}
	wg.Wait()
	return k
}

// Train estimates a model from vectors and their class indices (into labels).
// numFeatures is the vocabulary size.
func Train(vectors []features.Vector, classes []int, labels []string, numFeatures int, opt Options) (*NaiveBayes, error) {
	nb, _, err := TrainWithEstimate(vectors, classes, labels, numFeatures, opt)
	return nb, err
}

// TrainWithEstimate is Train that also returns the out-of-fold accuracy
// measured while calibrating (0 when opt.Calibrate is off).
func TrainWithEstimate(vectors []features.Vector, classes []int, labels []string, numFeatures int, opt Options) (*NaiveBayes, float64, error) {
	if len(vectors) != len(classes) {
		return nil, 0, fmt.Errorf("%d vectors but %d labels", len(vectors), len(classes))
	}
	if len(labels) < 2 {
		return nil, 0, fmt.Errorf("training needs at least 2 labels, got %d", len(labels))
	}
	for i, c := range classes {
		if c < 0 || c >= len(labels) {
			return nil, 0, fmt.Errorf("vector %d has class %d, want 0..%d", i, c, len(labels)-1)
		}
	}
	if err := opt.Validate(); err != nil {
		return nil, 0, err
	}
	k := countsFor(vectors, classes, len(labels), numFeatures, opt)
	nb, err := Estimate(k, labels, opt)

	if err != nil {
		return nil, 0, err
	}
	var oof float64
	if opt.Calibrate {
		var t float64
		t, oof = Calibrate(k, vectors, classes, labels, opt, 5)
		nb.Temperature = t
		if math.IsNaN(oof) {
			oof = 0
		}
	}
	return nb, oof, nil
}

// Scores writes the raw class scores s_c of v into out (len C) and returns it.
func (nb *NaiveBayes) Scores(v features.Vector, out []float64) []float64 {
	C := len(nb.Labels)
	out = append(out[:0], nb.LogPrior...)
	w := nb.Weights
	switch C {
	case 5: // the five topics: unrolled
		var s0, s1, s2, s3, s4 float64
		for j, f := range v.Index {
			x := float64(v.Value[j])
			r := w[int(f)*5 : int(f)*5+5 : int(f)*5+5]
			s0 += x * float64(r[0])
			s1 += x * float64(r[1])
			s2 += x * float64(r[2])
			s3 += x * float64(r[3])
			s4 += x * float64(r[4])
		}
		out[0] += s0
		out[1] += s1
		out[2] += s2
		out[3] += s3
		out[4] += s4
	default:
		// A big model's weights do not fit the cache: touch every row the
		// text needs first, in a loop of independent loads the processor
		// overlaps, then compute. A row can straddle two cache lines: touch
		// both its ends.
		var sink float32
		for _, f := range v.Index {
			sink += w[int(f)*C] + w[int(f)*C+C-1]
		}
		if sink != sink { // never (weights are finite), but the loads must happen
			out[0] = math.NaN()
		}
		for j, f := range v.Index {
			x := float64(v.Value[j])
			row := w[int(f)*C : int(f)*C+C]
			for c, wc := range row {
				out[c] += x * float64(wc)
			}
		}
	}
	return out
}

// Probabilities writes the class probabilities of v into out and returns it.
func (nb *NaiveBayes) Probabilities(v features.Vector, out []float64) []float64 {
	out = nb.Scores(v, out)
	softmax(out, nb.Temperature)
	return out
}

// softmax turns scores into probabilities in place: exp(s/T - logsumexp(s/T)).
func softmax(s []float64, t float64) {
	for i := range s {
		s[i] /= t
	}
	lse := floats.LogSumExp(s)
	for i := range s {
		s[i] = math.Exp(s[i] - lse)
	}
}
