package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"

	"github.com/spf13/cobra"

	"github.com/tasnif/tasnif/batch"
	"github.com/tasnif/tasnif/corpus"
)

type tagOptions struct {
	io            *IOStreams
	inputs        inputFlags
	model         string
	out           string
	output        string
	top           int
	minConfidence float64
	fallback      string
	explain       bool
	explainTerms  int
	withText      bool
	workers       int
}

func newTagCmd(s *IOStreams) *cobra.Command {
	o := &tagOptions{io: s}
	cmd := &cobra.Command{
		Use:   "tag [FILE ...]",
		Short: "Tag texts with a topic",
		Long: `Tag texts with a topic, one output line per input text, in the input's order.

Inputs (chosen from the extension, or with --in):
  lines     plain text, one text per line (.txt; the default for standard input)
  jsonl     {"id": ..., "title": ..., "text": ...} per line (.jsonl, .ndjson, .json)
  csv, tsv  a header row naming the columns (.csv, .tsv)
  page      a scraped news page: every headline of its ticker line (items separated
            by runs of spaces) and the article (title and body), without boilerplate
Files ending in .gz are decompressed. Standard input is read when no file or "-" is given.

Output (--out): JSON Lines by default, with the input's id when it has one, the label,
its confidence (probability) and the top labels with theirs; or CSV/TSV. Page items also
carry page, kind (headline or article), index and text.

Without -m the embedded five-topic model is used (security, sports, weather, politics, other).`,
		Example: `  tasnif tag headlines.txt
  echo "المنتخب المغربي يفوز على نظيره الغاني" | tasnif tag
  tasnif tag --in page page-*.txt --out csv > tags.csv
  tasnif tag stories.jsonl --text-field body -k 1 --min-confidence 0.6
  tasnif tag stories.jsonl.gz -m news.tasnif --explain --skip-invalid`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runTag(cmd, o, args)
		},
	}
	fs := cmd.Flags()
	o.inputs.register(fs, "in", false)
	fs.StringVarP(&o.model, "model", "m", "", "model file (default: the embedded five-topic model)")
	fs.StringVar(&o.out, "out", "jsonl", "output format: jsonl, csv or tsv")
	fs.StringVarP(&o.output, "output", "o", "", "write results to this file instead of standard output")
	fs.IntVarP(&o.top, "top", "k", 3, "number of labels with their probabilities in each result (0: all)")
	fs.Float64Var(&o.minConfidence, "min-confidence", 0, "tag a text with the fallback label when its best label's probability is below this")
	fs.StringVar(&o.fallback, "fallback", "other", "label for texts below --min-confidence")
	fs.BoolVar(&o.explain, "explain", false, "add the terms that pushed each text toward its label")
	fs.IntVar(&o.explainTerms, "explain-terms", 5, "number of terms per explanation")
	fs.BoolVar(&o.withText, "with-text", false, "repeat each input text in the output")
	fs.IntVar(&o.workers, "workers", 0, "tagging goroutines (0: one per CPU; 1: read, tag and write on one goroutine)")
	cmd.MarkFlagFilename("model", "tasnif")
	cmd.RegisterFlagCompletionFunc("out", cobra.FixedCompletions([]string{"jsonl", "csv", "tsv"}, cobra.ShellCompDirectiveNoFileComp))
	cmd.RegisterFlagCompletionFunc("in", cobra.FixedCompletions([]string{"lines", "jsonl", "csv", "tsv", "page"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// prefetchBytes bounds how much input tag reads ahead: all of a batch of
// some thousand articles (hespress-dev is 14 MB), parsed while the model
// loads, for a fraction of what the model itself takes.
const prefetchBytes = 32 << 20

func runTag(cmd *cobra.Command, o *tagOptions, paths []string) error {
	format, err := batch.ParseOutputFormat(o.out)
	if err != nil {
		return err
	}
	if o.explain && o.explainTerms < 1 {
		return fmt.Errorf("--explain-terms must be at least 1, got %d", o.explainTerms)
	}
	if o.minConfidence < 0 || o.minConfidence > 1 {
		return fmt.Errorf("--min-confidence must be between 0 and 1, got %g", o.minConfidence)
	}
	// --in is case-insensitive: compare the parsed format, not the flag.
	var inFormat corpus.Format
	if o.inputs.format != "" {
		if inFormat, err = corpus.ParseFormat(o.inputs.format); err != nil {
			return err
		}
	}
	if inFormat == corpus.Dir {
		return fmt.Errorf("tag reads files, not label folders: use --in lines, jsonl, csv, tsv or page")
	}
	in, err := newInputs(paths, &o.inputs, false, o.io.In)
	if err != nil {
		return err
	}
	defer in.Close()
	// Reading and parsing the input starts now, beside loading the model,
	// which leaves a core idle for much of its time. (Not with one worker,
	// which means one goroutine for everything.)
	var src batch.Source = in
	if o.workers != 1 {
		p := batch.Prefetch(in, prefetchBytes)
		defer p.Close() // before in.Close: it stops the reading
		src = p
	}
	m, _, err := loadModel(o.model)
	if err != nil {
		return err
	}
	if o.minConfidence > 0 && !slices.Contains(m.Labels(), o.fallback) {
		fmt.Fprintf(o.io.ErrOut, "tasnif: note: the fallback label %q is not one of the model's labels\n", o.fallback)
	}
	pages := inFormat == corpus.Page // no extension means a page: only --in page does
	var out io.Writer = o.io.Out
	var file *os.File
	if o.output != "" && o.output != "-" {
		if file, err = os.Create(o.output); err != nil {
			return err
		}
		defer file.Close()
		out = file
	}
	w := batch.NewWriter(out, format, batch.WriterOptions{Pages: pages, WithText: o.withText, Explain: o.explain})
	bad := &badRecords{skip: o.inputs.skipInvalid, w: o.io.ErrOut}
	opt := batch.Options{
		Workers: o.workers, TopK: o.top, OnBadRecord: bad.handle,
	}
	if o.minConfidence > 0 {
		opt.MinConfidence, opt.Fallback = o.minConfidence, o.fallback
	}
	if o.explain {
		opt.ExplainTerms = o.explainTerms
	}
	// Ctrl-C stops tagging but keeps what was tagged: the results so far
	// are flushed. A second Ctrl-C kills, as usual (the reader may be
	// blocked on a terminal). Only tag catches the signal: the other
	// commands cannot stop halfway, and Ctrl-C must end them at once.
	ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
	defer stop()
	context.AfterFunc(ctx, stop)
	_, runErr := batch.Run(ctx, m, src, w.Write, opt)
	if err := w.Flush(); err != nil && runErr == nil {
		runErr = err
	}
	if file != nil {
		if err := file.Close(); err != nil && runErr == nil {
			runErr = err
		}
	}
	bad.summary()
	return runErr
}
