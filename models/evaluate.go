package models

import (
	"errors"
	"fmt"
	"runtime"
	"sync"

	"github.com/tasnif/tasnif/classify"
)

// Outcome is the model's answer for one labelled example.
type Outcome struct {
	Index      int // position in the examples
	Gold       string
	Prediction classify.Prediction
	// Explanation is set for mistakes when EvalOptions.ExplainMistakes > 0.
	Explanation *Explanation
}

// Correct reports whether the prediction matches the gold label.
func (o *Outcome) Correct() bool { return o.Prediction.Label == o.Gold }

// EvalOptions tune Evaluate and CrossValidate.
type EvalOptions struct {
	Workers int // 0: one per CPU
	// ExplainMistakes > 0 explains each mistake with that many terms.
	ExplainMistakes int
}

// Predictions tags every example with m on several goroutines and returns
// the outcomes in example order.
func Predictions(m *Model, examples []Example, opt EvalOptions) []Outcome {
	out := make([]Outcome, len(examples))
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := m.NewTagger()
			for i := w; i < len(examples); i += workers {
				ex := &examples[i]
				o := Outcome{Index: i, Gold: ex.Label, Prediction: t.TagTitled(ex.Title, ex.Text, 0)}
				if opt.ExplainMistakes > 0 && !o.Correct() {
					ex := t.ExplainString(ex.FullText(), opt.ExplainMistakes)
					o.Explanation = &ex
				}
				out[i] = o
			}
		}()
	}
	wg.Wait()
	return out
}

// Evaluate tags labelled examples with m and measures the result.
func Evaluate(m *Model, examples []Example, opt EvalOptions) (*classify.Evaluation, []Outcome, error) {
	if len(examples) == 0 {
		return nil, nil, errors.New("no labelled examples to evaluate on")
	}
	outcomes := Predictions(m, examples, opt)
	ev, err := evaluation(outcomes)
	return ev, outcomes, err
}

func evaluation(outcomes []Outcome) (*classify.Evaluation, error) {
	gold := make([]string, len(outcomes))
	pred := make([]string, len(outcomes))
	conf := make([]float64, len(outcomes))
	for i, o := range outcomes {
		gold[i], pred[i], conf[i] = o.Gold, o.Prediction.Label, o.Prediction.Confidence
	}
	return classify.Evaluate(gold, pred, conf)
}

// CrossValidate measures training options by stratified k-fold
// cross-validation: each fold is tagged by a model trained on the others.
// It returns the per-fold and pooled figures, and every example's
// out-of-fold outcome. The folds depend only on the labels and seed.
func CrossValidate(examples []Example, opt TrainOptions, k int, seed uint64, eval EvalOptions) (*classify.CVSummary, []Outcome, error) {
	labels := make([]string, len(examples))
	for i, ex := range examples {
		labels[i] = ex.Label
	}
	folds, err := classify.StratifiedFolds(labels, k, seed)
	if err != nil {
		return nil, nil, err
	}
	all := make([]Outcome, len(examples))
	var perFold []*classify.Evaluation
	for f := range k {
		var train, test []Example
		var testIdx []int
		for i, ex := range examples {
			if folds[i] == f {
				test, testIdx = append(test, ex), append(testIdx, i)
			} else {
				train = append(train, ex)
			}
		}
		fopt := opt
		fopt.Progress = nil
		m, err := Train(train, fopt)
		if err != nil {
			return nil, nil, fmt.Errorf("fold %d: %w", f+1, err)
		}
		outs := Predictions(m, test, eval)
		for j, o := range outs {
			o.Index = testIdx[j]
			all[o.Index] = o
		}
		ev, err := evaluation(outs)
		if err != nil {
			return nil, nil, fmt.Errorf("fold %d: %w", f+1, err)
		}
		perFold = append(perFold, ev)
		if opt.Progress != nil {
			opt.Progress(f + 1)
		}
	}
	pooled, err := evaluation(all)
	if err != nil {
		return nil, nil, err
	}
	return classify.SummarizeCV(perFold, pooled, seed), all, nil
}
