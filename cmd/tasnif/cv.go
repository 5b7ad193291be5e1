package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/tasnif/tasnif/models"
	"github.com/tasnif/tasnif/report"
)

type cvOptions struct {
	io     *IOStreams
	inputs inputFlags
	model  trainFlags
	report reportFlags
	k      int
	seed   uint64
}

func newCVCmd(s *IOStreams) *cobra.Command {
	o := &cvOptions{io: s}
	cmd := &cobra.Command{
		Use:   "cv FILE... [-k 5]",
		Short: "Cross-validate training settings on labelled texts",
		Long: `Stratified k-fold cross-validation: split the labelled texts into k folds that keep
each label's share, train on k-1 folds and tag the remaining one, k times. Reports the mean
and standard deviation of each metric over the folds, and the pooled figures and confusion
matrix of all out-of-fold predictions. The folds depend only on the labels and --seed.

Takes the same training flags as "tasnif train" and the same report flags as "tasnif eval".`,
		Example: `  tasnif cv news.jsonl -k 5
  tasnif cv news.jsonl -k 10 --seed 7 --ngrams 1 --json > cv.json
  tasnif cv news.jsonl --report cv.html`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCV(o, args)
		},
	}
	fs := cmd.Flags()
	o.inputs.register(fs, "in", true)
	o.model.register(fs)
	o.report.register(fs)
	fs.IntVarP(&o.k, "folds", "k", 5, "number of folds")
	fs.Uint64Var(&o.seed, "seed", 1, "seed of the fold assignment")
	return cmd
}

func runCV(o *cvOptions, paths []string) error {
	if _, err := o.report.writer(); err != nil {
		return err
	}
	if o.k < 2 {
		return fmt.Errorf("-k must be at least 2, got %d", o.k)
	}
	opt, err := o.model.options()
	if err != nil {
		return err
	}
	labelMap, err := parseLabelMap(o.report.labelMap)
	if err != nil {
		return err
	}
	d, err := readLabelled(paths, &o.inputs, labelMap, o.io)
	if err != nil {
		return err
	}
	start := time.Now()
	bar := newProgress(o.io, true, o.k, "folds")
	if bar.bar != nil {
		opt.Progress = bar.set
	}
	cv, outcomes, err := models.CrossValidate(d.examples, opt, o.k, o.seed, models.EvalOptions{Workers: o.model.workers, ExplainMistakes: 8})
	bar.done()
	if err != nil {
		return err
	}
	r := &report.Report{
		Title: fmt.Sprintf("tasnif %d-fold cross-validation", o.k),
		Model: fmt.Sprintf("%d models trained on %d-fold splits (seed %d) in %.1fs", o.k, o.k, o.seed, time.Since(start).Seconds()),
		ModelInfo: fmt.Sprintf("%s naive Bayes (alpha %g), %d-grams, stemmer %s, min-df %d",
			opt.NB.Variant, opt.NB.Alpha, opt.Analysis.NGrams, opt.Analysis.Stemmer, opt.TFIDF.MinDF),
		Inputs: paths, Docs: d.docs, Eval: cv.Pooled, CV: cv, Mistakes: mistakesOf(d, outcomes),
	}
	return emitReports(r, &o.report, o.io)
}
