package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
)

type explainOptions struct {
	io    *IOStreams
	model string
	terms int
	json  bool
}

func newExplainCmd(s *IOStreams) *cobra.Command {
	o := &explainOptions{io: s}
	cmd := &cobra.Command{
		Use:   "explain TEXT... [-m MODEL]",
		Short: "Show why a text gets its label",
		Long: `Tag one text and list the terms that pushed it toward its label rather than the
runner-up, with their weights (each term's share of the log-odds between the two), and
the terms that pulled the other way. The arguments are joined into one text; "-" reads
the text from standard input.`,
		Example: `  tasnif explain "توقعات أحوال الطقس ليوم غد الإثنين"
  tasnif explain -m news.tasnif -n 15 - < article.txt
  tasnif explain --json "الدرك الملكي يحجز مخدرات بالجديدة"`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runExplain(o, args)
		},
	}
	cmd.Flags().StringVarP(&o.model, "model", "m", "", "model file (default: the embedded five-topic model)")
	cmd.Flags().IntVarP(&o.terms, "terms", "n", 10, "terms to list on each side")
	cmd.Flags().BoolVar(&o.json, "json", false, "print JSON")
	cmd.MarkFlagFilename("model", "tasnif")
	return cmd
}

func runExplain(o *explainOptions, args []string) error {
	if o.terms < 1 {
		return fmt.Errorf("--terms must be at least 1, got %d", o.terms)
	}
	text := strings.Join(args, " ")
	if len(args) == 1 && args[0] == "-" {
		data, err := io.ReadAll(o.io.In)
		if err != nil {
			return err
		}
		text = string(data)
	}
	m, _, err := loadModel(o.model)
	if err != nil {
		return err
	}
	ex := m.Explain(text, o.terms)
	if o.json {
		enc := json.NewEncoder(o.io.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(ex)
	}
	w := o.io.Out
	fmt.Fprintf(w, "label: %s (%.3f)\n", ex.Label, ex.Confidence)
	for _, s := range ex.Scores[1:] {
		fmt.Fprintf(w, "       %s (%.3f)\n", s.Label, s.P)
	}
	fmt.Fprintf(w, "\nterms for %s rather than %s:\n", ex.Label, ex.Against)
	if len(ex.For) == 0 {
		fmt.Fprintln(w, "  (none: the prior decided)")
	}
	for _, t := range ex.For {
		fmt.Fprintf(w, "  %+7.3f  %s\n", t.Weight, t.Term)
	}
	if len(ex.Opposing) > 0 {
		fmt.Fprintf(w, "\nterms for %s:\n", ex.Against)
		for _, t := range ex.Opposing {
			fmt.Fprintf(w, "  %+7.3f  %s\n", t.Weight, t.Term)
		}
	}
	return nil
}
