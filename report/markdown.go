package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// WriteMarkdown writes r as GitHub-flavoured Markdown, for a pull request or
// an issue: summary, per-class table, confusion matrix, the confidence
// threshold, cross-validation when r.CV is set, and the mistakes grouped by
// (gold → predicted) pair. Texts are escaped so that no Markdown or HTML in
// a news item can change the layout.
func WriteMarkdown(w io.Writer, r *Report) error {
	r, err := r.withDefaults()
	if err != nil {
		return err
	}
	e := r.Eval
	bw := bufio.NewWriter(w)
	p := func(format string, a ...any) { fmt.Fprintf(bw, format, a...) }
	row := func(cells ...string) { p("| %s |\n", strings.Join(cells, " | ")) }
	rule := func(align ...string) { row(align...) }

	p("# %s\n\n", md(r.Title))
	if r.Model != "" {
		p("- **Model:** `%s`", code(r.Model))
		if r.ModelInfo != "" {
			p(" (%s)", md(r.ModelInfo))
		}
		p("\n")
	}
	if d := date(r.Date); d != "" {
		p("- **Date:** %s\n", d)
	}
	if len(r.Inputs) > 0 {
		ins := make([]string, len(r.Inputs))
		for i, in := range r.Inputs {
			ins[i] = "`" + code(in) + "`"
		}
		p("- **Inputs:** %s\n", strings.Join(ins, ", "))
	}
	p("\n**Accuracy %s** (%d of %d) · macro F1 %s · weighted F1 %s", f3(e.Accuracy), correct(e), e.N, f3(e.Macro.F1), f3(e.Weighted.F1))
	if len(e.Reliability) > 0 {
		p(" · ECE %s", f3(e.ECE))
	}
	p("\n")
	if s := r.thresholdSentence(); s != "" {
		p("\n%s\n", md(s))
	}

	p("\n## Per class\n\n")
	row("label", "precision", "recall", "F1", "support", "predicted", "documents")
	rule("---", "--:", "--:", "--:", "--:", "--:", "--:")
	for _, m := range e.Classes {
		docs, ok := r.Docs[m.Label]
		d := "–"
		if ok {
			d = fmt.Sprint(docs)
		}
		row(md(m.Label), f3(m.Precision), f3(m.Recall), f3(m.F1), fmt.Sprint(m.Support), fmt.Sprint(m.Predicted), d)
	}
	row("*macro avg*", f3(e.Macro.Precision), f3(e.Macro.Recall), f3(e.Macro.F1), fmt.Sprint(e.N), "", "")
	row("*weighted avg*", f3(e.Weighted.Precision), f3(e.Weighted.Recall), f3(e.Weighted.F1), fmt.Sprint(e.N), "", "")

	p("\n## Confusion matrix\n\nRows are gold labels, columns predicted labels.\n\n")
	head := []string{"gold ↓ predicted →"}
	align := []string{"---"}
	for _, l := range e.Labels {
		head = append(head, md(l))
		align = append(align, "--:")
	}
	row(append(head, "support")...)
	rule(append(align, "--:")...)
	for g, counts := range e.Confusion {
		cells := []string{"**" + md(e.Labels[g]) + "**"}
		for p, n := range counts {
			c := fmt.Sprint(n)
			if g == p {
				c = "**" + c + "**"
			} else if n == 0 {
				c = "·"
			}
			cells = append(cells, c)
		}
		row(append(cells, fmt.Sprint(e.Classes[g].Support))...)
	}

	if len(e.Coverage) > 0 {
		p("\n## Confidence\n\n")
		row("threshold", "kept", "coverage", "precision")
		rule("--:", "--:", "--:", "--:")
		for _, c := range r.coverageRows() {
			t := c.Range()
			if c.Marked {
				t = "**" + t + "** ←"
			}
			row(t, fmt.Sprint(c.Kept), f3(c.Coverage), dash(c.Kept, c.Accuracy))
		}
	}

	if cv := r.CV; cv != nil {
		p("\n## Cross-validation\n\n%d stratified folds, seed %d; mean ± sample standard deviation over folds.\n\n", cv.K, cv.Seed)
		head := []string{"metric", "mean ± std"}
		align := []string{"---", "--:"}
		for i := range cv.Folds {
			head = append(head, fmt.Sprintf("fold %d", i+1))
			align = append(align, "--:")
		}
		if cv.Pooled != nil {
			head = append(head, "pooled")
			align = append(align, "--:")
		}
		row(head...)
		rule(align...)
		for _, r := range cvRows(cv) {
			cells := append([]string{md(r.Name), r.Mean + " ± " + r.Std}, r.Folds...)
			if cv.Pooled != nil {
				cells = append(cells, r.Pooled)
			}
			row(cells...)
		}
	}

	p("\n## Mistakes (%d)\n", len(r.Mistakes))
	gs := r.groups()
	if len(gs) == 0 {
		p("\nNone.\n")
	}
	for _, g := range gs {
		p("\n### %s → %s (%d)\n\n", md(g.Gold), md(g.Predicted), g.Total)
		row("confidence", "id", "text", "terms")
		rule("--:", "---", "---", "---")
		for _, m := range g.Shown {
			terms := make([]string, 0, len(m.Terms))
			for _, t := range m.Terms {
				terms = append(terms, md(t.Term)+" "+weight(t.Weight))
			}
			row(fmt.Sprintf("%.2f", m.Confidence), md(m.ID), md(oneLine(m.Text, 280)), strings.Join(terms, ", "))
		}
		if g.More > 0 {
			p("\n…and %d more.\n", g.More)
		}
	}
	return bw.Flush()
}

// mdSpecial are the characters that Markdown (CommonMark and GitHub's
// tables) may read as markup in the middle of a line: emphasis, code,
// links and images, HTML and entities, strike-through, table cells.
// CommonMark lets a backslash escape any ASCII punctuation mark.
const mdSpecial = "\\`*_[]<>|~&#"

// md escapes text for Markdown on one line.
func md(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(mdSpecial, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// code prepares text for an inline code span: backticks cannot be escaped
// there, and a pipe would still end a table cell.
func code(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.NewReplacer("`", "'", "|", "\\|").Replace(s)
}
