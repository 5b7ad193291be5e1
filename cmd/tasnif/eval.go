package main

import (
	"fmt"
	"slices"

	"github.com/spf13/cobra"

	"github.com/tasnif/tasnif/models"
	"github.com/tasnif/tasnif/report"
)

type evalOptions struct {
	io      *IOStreams
	inputs  inputFlags
	report  reportFlags
	model   string
	workers int
}

func newEvalCmd(s *IOStreams) *cobra.Command {
	o := &evalOptions{io: s}
	cmd := &cobra.Command{
		Use:   "eval FILE... [-m MODEL]",
		Short: "Measure a model on labelled texts",
		Long: `Tag labelled texts and compare the tags with the labels: accuracy, per-label
precision, recall, F1 and support, macro and weighted averages, the confusion matrix,
how well the confidence is calibrated, the --min-confidence threshold that keeps a
precision target, and the mistakes with the terms that caused them.

Inputs are read as by "tasnif train" (--in picks the format). --map renames gold labels,
so that data labelled in another scheme can be measured against a model's labels.`,
		Example: `  tasnif eval test.jsonl -m news.tasnif
  tasnif eval test.jsonl --json > metrics.json
  tasnif eval hespress.jsonl --map "faits-divers=security,sport=sports,politique=politics,economie=other,societe=other,regions=other"
  tasnif eval test.csv -m news.tasnif --report report.html`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runEval(o, args)
		},
	}
	fs := cmd.Flags()
	o.inputs.register(fs, "in", true)
	o.report.register(fs)
	fs.StringVarP(&o.model, "model", "m", "", "model file (default: the embedded five-topic model)")
	fs.IntVar(&o.workers, "workers", 0, "goroutines to use (0: one per CPU)")
	cmd.MarkFlagFilename("model", "tasnif")
	return cmd
}

func runEval(o *evalOptions, paths []string) error {
	if _, err := o.report.writer(); err != nil {
		return err
	}
	labelMap, err := parseLabelMap(o.report.labelMap)
	if err != nil {
		return err
	}
	m, name, err := loadModel(o.model)
	if err != nil {
		return err
	}
	d, err := readLabelled(paths, &o.inputs, labelMap, o.io)
	if err != nil {
		return err
	}
	var unknown []string
	for _, l := range sortedKeys(d.docs) {
		if !slices.Contains(m.Labels(), l) {
			unknown = append(unknown, l)
		}
	}
	if len(unknown) > 0 {
		fmt.Fprintf(o.io.ErrOut, "tasnif: note: the model never predicts %q (its labels: %q); use --map to rename gold labels\n", unknown, m.Labels())
	}
	ev, outcomes, err := models.Evaluate(m, d.examples, models.EvalOptions{Workers: o.workers, ExplainMistakes: 8})
	if err != nil {
		return err
	}
	r := &report.Report{
		Model: name, ModelInfo: modelInfo(m), Inputs: paths, Docs: d.docs,
		Eval: ev, Mistakes: mistakesOf(d, outcomes),
	}
	return emitReports(r, &o.report, o.io)
}
