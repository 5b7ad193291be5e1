package classify

import (
	"math"
	"slices"
	"sync"
	"testing"

	"github.com/tasnif/tasnif/features"
)

// A toy problem with three features: feature 0 means class 0, feature 1
// class 1, feature 2 is noise.
func toy() ([]features.Vector, []int, []string) {
	v := func(idx []int32, val []float32) features.Vector { return features.Vector{Index: idx, Value: val} }
	vecs := []features.Vector{
		v([]int32{0, 2}, []float32{0.9, 0.1}),
		v([]int32{0}, []float32{1}),
		v([]int32{0, 2}, []float32{0.7, 0.3}),
		v([]int32{1, 2}, []float32{0.8, 0.2}),
		v([]int32{1}, []float32{1}),
		v([]int32{1, 2}, []float32{0.6, 0.4}),
	}
	return vecs, []int{0, 0, 0, 1, 1, 1}, []string{"politics", "sports"}
}

func TestTrainAndPredict(t *testing.T) {
	vecs, classes, labels := toy()
	for _, opt := range []Options{
		{Variant: Multinomial, Alpha: 1, Prior: DocumentPrior},
		{Variant: Complement, Alpha: 0.3, Prior: UniformPrior},
		{Variant: Multinomial, Alpha: 0.1, Prior: DocumentPrior, Epochs: 5},
	} {
		nb, err := Train(vecs, classes, labels, 3, opt)
		if err != nil {
			t.Fatalf("%+v: %v", opt, err)
		}
		if err := nb.Check(); err != nil {
			t.Fatalf("%+v: %v", opt, err)
		}
		p := nb.Predict(features.Vector{Index: []int32{0}, Value: []float32{1}}, 0)
		if p.Label != "politics" || p.Confidence <= 0.5 {
			t.Errorf("%+v: feature 0 predicted %+v", opt, p)
		}
		p = nb.Predict(features.Vector{Index: []int32{1}, Value: []float32{1}}, 1)
		if p.Label != "sports" || len(p.Scores) != 1 {
			t.Errorf("%+v: feature 1 predicted %+v", opt, p)
		}
		// An empty vector falls back on the prior.
		p = nb.Predict(features.Vector{}, 0)
		if math.Abs(p.Scores[0].P+p.Scores[1].P-1) > 1e-9 {
			t.Errorf("%+v: probabilities do not sum to 1: %+v", opt, p)
		}
	}
}

func TestMultinomialWeights(t *testing.T) {
	// Two classes, two features, raw counts: W[f][c] = log((N_fc+α)/(N_c+α|V|)).
	k := NewCounts(2, 2)
	k.Add(features.Vector{Index: []int32{0}, Value: []float32{3}}, 0)
	k.Add(features.Vector{Index: []int32{1}, Value: []float32{1}}, 1)
	nb, err := Estimate(k, []string{"a", "b"}, Options{Variant: Multinomial, Alpha: 1, Prior: DocumentPrior})
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{math.Log(4.0 / 5), math.Log(1.0 / 3), math.Log(1.0 / 5), math.Log(2.0 / 3)}
	for i, w := range nb.Weights {
		if math.Abs(float64(w)-want[i]) > 1e-6 {
			t.Errorf("weight %d = %g, want %g", i, w, want[i])
		}
	}
	if math.Abs(nb.LogPrior[0]-math.Log(0.5)) > 1e-12 {
		t.Errorf("prior = %g", nb.LogPrior[0])
	}
}

func TestComplementWeights(t *testing.T) {
	// Complement of class a is class b's counts: W[f][a] = -log((N_fb+α)/(N_b+α|V|)).
	k := NewCounts(2, 2)
	k.Add(features.Vector{Index: []int32{0}, Value: []float32{3}}, 0)
	k.Add(features.Vector{Index: []int32{1}, Value: []float32{1}}, 1)
	nb, _ := Estimate(k, []string{"a", "b"}, Options{Variant: Complement, Alpha: 1, Prior: UniformPrior})
	want := []float64{-math.Log(1.0 / 3), -math.Log(4.0 / 5), -math.Log(2.0 / 3), -math.Log(1.0 / 5)}
	for i, w := range nb.Weights {
		if math.Abs(float64(w)-want[i]) > 1e-6 {
			t.Errorf("weight %d = %g, want %g", i, w, want[i])
		}
	}
}

func TestLongDocumentsDoNotUnderflow(t *testing.T) {
	vecs, classes, labels := toy()
	nb, _ := Train(vecs, classes, labels, 3, Options{Variant: Multinomial, Alpha: 0.01, Prior: DocumentPrior})
	// A huge raw-count vector: exp of its scores underflows, softmax must not.
	v := features.Vector{Index: []int32{0, 1, 2}, Value: []float32{50000, 49000, 1}}
	p := nb.Probabilities(v, nil)
	for _, x := range p {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			t.Fatalf("probabilities %v", p)
		}
	}
	if math.Abs(p[0]+p[1]-1) > 1e-9 || p[0] < 0.99 {
		t.Errorf("probabilities %v, want politics near 1", p)
	}
}

func TestCalibrationTemperature(t *testing.T) {
	// Noisy data: calibration must give a finite positive temperature and an
	// out-of-fold accuracy.
	var vecs []features.Vector
	var classes []int
	for i := range 200 {
		c := i % 2
		noise := float32(i%7) / 10
		vecs = append(vecs, features.Vector{Index: []int32{int32(c), 2}, Value: []float32{1 - noise, noise}})
		classes = append(classes, c)
	}
	nb, oof, err := TrainWithEstimate(vecs, classes, []string{"a", "b"}, 3, Options{Variant: Multinomial, Alpha: 1, Prior: DocumentPrior, Calibrate: true})
	if err != nil {
		t.Fatal(err)
	}
	if !(nb.Temperature > 0) || math.IsInf(nb.Temperature, 0) || nb.Temperature == 1 {
		t.Errorf("temperature %g", nb.Temperature)
	}
	if oof != 1 {
		t.Errorf("out-of-fold accuracy %g on separable data", oof)
	}
}

func TestOptionsValidate(t *testing.T) {
	bad := []Options{
		{Variant: "bernoulli", Alpha: 1, Prior: DocumentPrior},
		{Variant: Multinomial, Alpha: 0, Prior: DocumentPrior},
		{Variant: Multinomial, Alpha: math.Inf(1), Prior: DocumentPrior},
		{Variant: Multinomial, Alpha: 1, Prior: "empirical"},
		{Variant: Complement, Alpha: 1, Prior: DocumentPrior, Epochs: 3},
		{Variant: Multinomial, Alpha: 1, Prior: DocumentPrior, Epochs: -1},
	}
	for _, o := range bad {
		if o.Validate() == nil {
			t.Errorf("Validate(%+v) = nil", o)
		}
	}
}

func TestTrainErrors(t *testing.T) {
	vecs, classes, labels := toy()
	if _, err := Train(vecs, classes[:2], labels, 3, DefaultOptions()); err == nil {
		t.Error("mismatched lengths accepted")
	}
	if _, err := Train(vecs, classes, labels[:1], 3, DefaultOptions()); err == nil {
		t.Error("one label accepted")
	}
	bad := slices.Clone(classes)
	bad[0] = 7
	if _, err := Train(vecs, bad, labels, 3, DefaultOptions()); err == nil {
		t.Error("class index out of range accepted")
	}
}

func TestPredictConcurrent(t *testing.T) {
	vecs, classes, labels := toy()
	nb, _ := Train(vecs, classes, labels, 3, DefaultOptions())
	want := nb.Predict(vecs[0], 0)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 1000 {
				if got := nb.Predict(vecs[0], 0); got.Label != want.Label || got.Confidence != want.Confidence {
					t.Error("concurrent predictions differ")
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestContributions(t *testing.T) {
	vecs, classes, labels := toy()
	nb, _ := Train(vecs, classes, labels, 3, DefaultOptions())
	c := nb.Contributions(features.Vector{Index: []int32{2, 0}, Value: []float32{0.5, 0.5}}, 0, 1)
	if c[0].Feature != 0 || c[0].Weight <= 0 {
		t.Errorf("contributions %+v: feature 0 should push toward class 0 first", c)
	}
}

func TestRankingTies(t *testing.T) {
	if got := Ranking([]float64{0.2, 0.4, 0.4}); !slices.Equal(got, []int{1, 2, 0}) {
		t.Errorf("Ranking = %v", got)
	}
}
