package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/tasnif/tasnif/classify"
)

// textWidth is how many runes of a mistake's text the text report shows.
const textWidth = 100

// WriteText writes r as aligned plain-text tables for a terminal: summary,
// documents per label, per-class figures, confusion matrix, calibration
// and coverage, cross-validation when r.CV is set, and the mistakes grouped
// by (gold → predicted) pair, each on one line cut to 100 characters.
func WriteText(w io.Writer, r *Report) error {
	r, err := r.withDefaults()
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	t := &textWriter{w: bw}
	e := r.Eval

	t.line(r.Title)
	t.line(strings.Repeat("=", max(len([]rune(r.Title)), 1)))
	t.table(func(tw *tabwriter.Writer) {
		if r.Model != "" {
			info := r.Model
			if r.ModelInfo != "" {
				info += " (" + r.ModelInfo + ")"
			}
			fmt.Fprintf(tw, "Model\t%s\n", info)
		}
		if d := date(r.Date); d != "" {
			fmt.Fprintf(tw, "Date\t%s\n", d)
		}
		for i, in := range r.Inputs {
			key := ""
			if i == 0 {
				key = "Inputs"
			}
			fmt.Fprintf(tw, "%s\t%s\n", key, in)
		}
	})
	t.line("")
	summary := fmt.Sprintf("Accuracy %s (%d of %d)   macro F1 %s   weighted F1 %s", f3(e.Accuracy), correct(e), e.N, f3(e.Macro.F1), f3(e.Weighted.F1))
	if len(e.Reliability) > 0 {
		summary += "   ECE " + f3(e.ECE)
	}
	t.line(summary)

	t.section("Documents per label")
	t.table(func(tw *tabwriter.Writer) {
		total := 0
		for _, d := range r.docs() {
			fmt.Fprintf(tw, "  %s\t%d\n", d.Label, d.N)
			total += d.N
		}
		fmt.Fprintf(tw, "  total\t%d\n", total)
	})

	t.section("Per class")
	t.table(func(tw *tabwriter.Writer) {
		fmt.Fprintln(tw, "  label\tprecision\trecall\tF1\tsupport\tpredicted")
		for _, m := range e.Classes {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%d\t%d\n", m.Label, f3(m.Precision), f3(m.Recall), f3(m.F1), m.Support, m.Predicted)
		}
		fmt.Fprintf(tw, "  macro avg\t%s\t%s\t%s\t%d\n", f3(e.Macro.Precision), f3(e.Macro.Recall), f3(e.Macro.F1), e.N)
		fmt.Fprintf(tw, "  weighted avg\t%s\t%s\t%s\t%d\n", f3(e.Weighted.Precision), f3(e.Weighted.Recall), f3(e.Weighted.F1), e.N)
	})

	t.section("Confusion matrix (rows gold, columns predicted)")
	t.table(func(tw *tabwriter.Writer) {
		fmt.Fprintf(tw, "  gold \\ predicted\t%s\tsupport\n", strings.Join(e.Labels, "\t"))
		for g, row := range e.Confusion {
			cells := make([]string, len(row))
			for p, n := range row {
				cells[p] = fmt.Sprint(n)
				if n == 0 && g != p {
					cells[p] = "."
				}
			}
			fmt.Fprintf(tw, "  %s\t%s\t%d\n", e.Labels[g], strings.Join(cells, "\t"), e.Classes[g].Support)
		}
		cells := make([]string, len(e.Classes))
		for i, m := range e.Classes {
			cells[i] = fmt.Sprint(m.Predicted)
		}
		fmt.Fprintf(tw, "  predicted\t%s\t%d\n", strings.Join(cells, "\t"), e.N)
	})

	if len(e.Coverage) > 0 {
		t.section("Confidence")
		t.line(r.thresholdSentence())
		t.line("")
		t.table(func(tw *tabwriter.Writer) {
			fmt.Fprintln(tw, "  confidence\titems\tmean confidence\taccuracy")
			for _, b := range e.Reliability {
				fmt.Fprintf(tw, "  %.1f–%.1f\t%d\t%s\t%s\n", b.Lo, b.Hi, b.Count, dash(b.Count, b.MeanConfidence), dash(b.Count, b.Accuracy))
			}
		})
		t.line("")
		t.table(func(tw *tabwriter.Writer) {
			fmt.Fprintln(tw, "  threshold\tkept\tcoverage\tprecision")
			for _, c := range r.coverageRows() {
				mark := ""
				if c.Marked {
					mark = "\t← " + pct(r.MinPrecision) + " precision"
				}
				fmt.Fprintf(tw, "  %s\t%d\t%s\t%s%s\n", c.Range(), c.Kept, f3(c.Coverage), dash(c.Kept, c.Accuracy), mark)
			}
		})
	}

	if r.CV != nil {
		writeCVText(t, r.CV)
	}

	t.section(fmt.Sprintf("Mistakes (%d)", len(r.Mistakes)))
	gs := r.groups()
	if len(gs) == 0 {
		t.line("None.")
	}
	for i, g := range gs {
		if i > 0 {
			t.line("")
		}
		t.line(fmt.Sprintf("%s → %s (%d)", g.Gold, g.Predicted, g.Total))
		t.table(func(tw *tabwriter.Writer) {
			for _, m := range g.Shown {
				fmt.Fprintf(tw, "  %.2f\t%s\t%s\n", m.Confidence, m.ID, oneLine(m.Text, textWidth))
				if len(m.Terms) > 0 {
					terms := make([]string, 0, len(m.Terms))
					for _, term := range m.Terms {
						terms = append(terms, term.Term+" "+weight(term.Weight))
					}
					fmt.Fprintf(tw, "  \t\tterms: %s\n", strings.Join(terms, ", "))
				}
			}
		})
		if g.More > 0 {
			t.line(fmt.Sprintf("  … and %d more", g.More))
		}
	}
	if t.err != nil {
		return t.err
	}
	return bw.Flush()
}

func writeCVText(t *textWriter, cv *classify.CVSummary) {
	t.section(fmt.Sprintf("Cross-validation (%d folds, seed %d)", cv.K, cv.Seed))
	t.table(func(tw *tabwriter.Writer) {
		fmt.Fprint(tw, "  metric\tmean ± std")
		for i := range cv.Folds {
			fmt.Fprintf(tw, "\tfold %d", i+1)
		}
		if cv.Pooled != nil {
			fmt.Fprint(tw, "\tpooled")
		}
		fmt.Fprintln(tw)
		for _, row := range cvRows(cv) {
			fmt.Fprintf(tw, "  %s\t%s ± %s", row.Name, row.Mean, row.Std)
			for _, v := range row.Folds {
				fmt.Fprintf(tw, "\t%s", v)
			}
			if cv.Pooled != nil {
				fmt.Fprintf(tw, "\t%s", row.Pooled)
			}
			fmt.Fprintln(tw)
		}
	})
}

// dash formats x, or "–" when it is the 0 that stands for no item.
func dash(n int, x float64) string {
	if n == 0 {
		return "–"
	}
	return f3(x)
}

// textWriter writes lines and tables, keeping the first error.
type textWriter struct {
	w   io.Writer
	err error
}

func (t *textWriter) line(s string) {
	if t.err == nil {
		_, t.err = fmt.Fprintln(t.w, s)
	}
}

func (t *textWriter) section(title string) {
	t.line("")
	t.line(title)
}

// table runs fill on a tabwriter that aligns columns two spaces apart.
func (t *textWriter) table(fill func(*tabwriter.Writer)) {
	if t.err != nil {
		return
	}
	tw := tabwriter.NewWriter(t.w, 0, 0, 2, ' ', 0)
	fill(tw)
	t.err = tw.Flush()
}
