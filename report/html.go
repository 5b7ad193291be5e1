package report

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"unicode/utf8"

	"github.com/tasnif/tasnif/classify"
)

var (
	//go:embed report.html.tmpl
	pageTemplate string
	//go:embed report.css
	pageCSS string
	//go:embed report.js
	pageJS string
)

// longText is the length in runes past which a mistake's text (an article
// rather than a headline) is folded behind its opening.
const longText = 360

var page = template.Must(template.New("report").Funcs(template.FuncMap{
	"f3":     f3,
	"pct":    pct,
	"weight": weight,
	"dir":    func(s string) string { d, _ := direction(s); return d },
	"lang":   func(s string) string { _, l := direction(s); return l },
	"long":   func(s string) bool { return utf8.RuneCountInString(s) > longText },
	"head":   func(s string) string { return oneLine(s, longText*3/4) },
	"conf":   func(x float64) string { return fmt.Sprintf("%.2f", x) },
	"barWidth": func(n, most int) float64 {
		if most == 0 {
			return 0
		}
		return 100 * float64(n) / float64(most)
	},
}).Parse(pageTemplate))

// htmlPage is what the template reads.
type htmlPage struct {
	*Report
	CSS    template.CSS
	Script template.JS
	Date   string

	Correct       int
	Docs          []labelCount
	DocsTotal     int
	DocsMax       int
	Groups        []group
	Threshold     classify.CoveragePoint
	HasThreshold  bool
	ThresholdText string

	Weakest, Strongest *classify.ClassMetrics
	Top                *confusion

	ClassChart       template.HTML
	ReliabilityChart template.HTML
	CoverageChart    template.HTML
	CVChart          template.HTML
	Counts, Shares   heatmap
	CVRows           []cvRow
	Folds            []int
}

// WriteHTML writes r as one self-contained HTML page: no network request,
// no external asset, readable without script. It holds a summary, the
// per-class table and chart, the confusion matrix as counts and as shares
// of each gold label, the reliability diagram, the coverage curve with the
// threshold that keeps r.MinPrecision, the cross-validation table when r.CV
// is set, and the mistakes grouped by (gold → predicted) pair.
func WriteHTML(w io.Writer, r *Report) error {
	r, err := r.withDefaults()
	if err != nil {
		return err
	}
	e := r.Eval
	p := &htmlPage{
		Report:  r,
		CSS:     template.CSS(pageCSS),
		Script:  template.JS(pageJS),
		Date:    date(r.Date),
		Correct: correct(e),
		Docs:    r.docs(),
		Groups:  r.groups(),
	}
	for _, d := range p.Docs {
		p.DocsTotal += d.N
		p.DocsMax = max(p.DocsMax, d.N)
	}
	p.Weakest, p.Strongest = extremes(e)
	p.Top = topConfusion(e)
	p.Threshold, p.HasThreshold = r.threshold()
	p.ThresholdText = r.thresholdSentence()
	p.ClassChart = classChart(e)
	if len(e.Reliability) > 0 {
		p.ReliabilityChart = reliabilityChart(e)
	}
	if len(e.Coverage) > 0 {
		p.CoverageChart = coverageChart(e, r.MinPrecision, p.Threshold, p.HasThreshold)
	}
	anchors := map[[2]string]string{}
	for _, g := range p.Groups {
		anchors[[2]string{g.Gold, g.Predicted}] = g.ID
	}
	p.Counts = countHeatmap(e, anchors)
	p.Shares = shareHeatmap(e, anchors)
	if r.CV != nil {
		p.CVRows = cvRows(r.CV)
		p.CVChart = cvChart(r.CV)
		for i := range r.CV.Folds {
			p.Folds = append(p.Folds, i+1)
		}
	}
	// Render to memory first: a template error must not leave half a page.
	var buf bytes.Buffer
	if err := page.Execute(&buf, p); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// extremes returns the labels with the lowest and the highest F1 among
// those with gold items (a label only ever predicted has F1 0 by
// convention, which says nothing of how it is recognised); nil with fewer
// than two such labels.
func extremes(e *classify.Evaluation) (weakest, strongest *classify.ClassMetrics) {
	for i := range e.Classes {
		m := &e.Classes[i]
		if m.Support == 0 {
			continue
		}
		if weakest == nil || m.F1 < weakest.F1 {
			weakest = m
		}
		if strongest == nil || m.F1 > strongest.F1 {
			strongest = m
		}
	}
	if weakest == strongest {
		return nil, nil
	}
	return weakest, strongest
}

// confusion is one off-diagonal cell of the confusion matrix.
type confusion struct {
	Gold, Predicted string
	N               int
	Share           float64 // of the gold label's items
}

// topConfusion returns the largest off-diagonal cell, nil when there is
// none; ties go to the first in label order.
func topConfusion(e *classify.Evaluation) *confusion {
	var top *confusion
	for g, row := range e.Confusion {
		for p, n := range row {
			if g != p && n > 0 && (top == nil || n > top.N) {
				top = &confusion{e.Labels[g], e.Labels[p], n, ratio(n, e.Classes[g].Support)}
			}
		}
	}
	return top
}

// heatmap is a confusion matrix as an HTML table with coloured cells.
type heatmap struct {
	Caption, Class string
	Labels         []string
	Rows           []heatRow
	Totals         []string // per predicted label
	Total          string
}

type heatRow struct {
	Label string
	Cells []heatCell
	Total string
}

type heatCell struct {
	Text, Title, Href string
	Style             template.CSS
	Zero, Diagonal    bool
}

// Cell colours: right answers in blue, confusions in red, both from white,
// so that the eye goes to the errors without reading a number.
var (
	rightColour = [3]float64{37, 99, 170}
	wrongColour = [3]float64{196, 52, 43}
)

// shade returns the style of a cell of intensity t in [0, 1].
func shade(t float64, diagonal bool) template.CSS {
	if t <= 0 {
		return ""
	}
	c := wrongColour
	if diagonal {
		c = rightColour
	}
	t = min(t, 1)
	mix := func(v float64) int { return int(math.Round(255 + (v-255)*t)) }
	fg := "#1b1f24"
	if t > 0.5 {
		fg = "#fff"
	}
	return template.CSS(fmt.Sprintf("background-color: rgb(%d, %d, %d); color: %s", mix(c[0]), mix(c[1]), mix(c[2]), fg))
}

// countHeatmap shades right answers against the largest diagonal count and
// confusions against the largest confusion, so that a small error count
// still shows next to large right ones.
func countHeatmap(e *classify.Evaluation, anchors map[[2]string]string) heatmap {
	maxRight, maxWrong := 0, 0
	for g, row := range e.Confusion {
		for p, n := range row {
			if g == p {
				maxRight = max(maxRight, n)
			} else {
				maxWrong = max(maxWrong, n)
			}
		}
	}
	h := heatmap{Caption: "Counts", Class: "counts", Labels: e.Labels, Total: fmt.Sprint(e.N)}
	for g, row := range e.Confusion {
		hr := heatRow{Label: e.Labels[g], Total: fmt.Sprint(e.Classes[g].Support)}
		for p, n := range row {
			c := heatCell{Text: fmt.Sprint(n), Zero: n == 0, Diagonal: g == p,
				Title: fmt.Sprintf("gold %s, predicted %s: %d", e.Labels[g], e.Labels[p], n)}
			if g == p {
				c.Style = shade(ratio(n, maxRight), true)
			} else {
				c.Style = shade(ratio(n, maxWrong), false)
				if n > 0 {
					c.Href = anchors[[2]string{e.Labels[g], e.Labels[p]}]
				}
			}
			hr.Cells = append(hr.Cells, c)
		}
		h.Rows = append(h.Rows, hr)
	}
	for _, m := range e.Classes {
		h.Totals = append(h.Totals, fmt.Sprint(m.Predicted))
	}
	return h
}

// shareHeatmap shows each count as a share of its gold label (recall on the
// diagonal). Confusions are shaded by the square root of the share: a 5%
// confusion is worth seeing, and a linear scale would leave it white.
func shareHeatmap(e *classify.Evaluation, anchors map[[2]string]string) heatmap {
	h := heatmap{Caption: "Share of each gold label", Class: "shares", Labels: e.Labels}
	for g, row := range e.Confusion {
		support := e.Classes[g].Support
		hr := heatRow{Label: e.Labels[g], Total: "100%"}
		if support == 0 {
			hr.Total = "–"
		}
		for p, n := range row {
			c := heatCell{Zero: n == 0, Diagonal: g == p, Text: "–"}
			if support > 0 {
				s := float64(n) / float64(support)
				c.Text = pct(s)
				if n == 0 {
					c.Text = "·" // a column of 0% would drown the few that matter
				}
				c.Title = fmt.Sprintf("%s of gold %s predicted %s (%d of %d)", pct(s), e.Labels[g], e.Labels[p], n, support)
				if g == p {
					c.Style = shade(s, true)
				} else {
					c.Style = shade(math.Sqrt(s), false)
				}
			}
			if g != p && n > 0 {
				c.Href = anchors[[2]string{e.Labels[g], e.Labels[p]}]
			}
			hr.Cells = append(hr.Cells, c)
		}
		h.Rows = append(h.Rows, hr)
	}
	return h
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// cvRow is one metric of the cross-validation table.
type cvRow struct {
	Name      string
	Label     string // the label of a per-label F1 row
	Mean, Std string
	Folds     []string // "–" where the fold lacks the label
	Pooled    string   // "" without a pooled evaluation
}

func cvRows(s *classify.CVSummary) []cvRow {
	var rows []cvRow
	for _, m := range s.CVMetrics() {
		row := cvRow{Name: m.Name, Label: m.Label, Mean: f3(m.Stats(s.Mean)), Std: f3(m.Stats(s.Std))}
		for _, e := range s.Folds {
			v := "–"
			if x, ok := m.Fold(e); ok {
				v = f3(x)
			}
			row.Folds = append(row.Folds, v)
		}
		if s.Pooled != nil {
			row.Pooled = "–"
			if x, ok := m.Fold(s.Pooled); ok {
				row.Pooled = f3(x)
			}
		}
		rows = append(rows, row)
	}
	return rows
}
