package report

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tasnif/tasnif/classify"
)

// The charts are inline SVG written here rather than drawn by a plotting
// library: they are three simple shapes over the unit square, inline SVG
// is styled by the page's CSS and set in the page's fonts (labels may be in
// any script, which a plotting library's embedded fonts may not cover), and
// a few hundred lines of markup cost less than a dependency tree.
//
// Every string that reaches the markup goes through template's HTML
// escaping; numbers are formatted here.

// svg builds one chart.
type svg struct{ b strings.Builder }

// newSVG starts a chart of w×h pixels; title is its accessible name.
func newSVG(w, h float64, class, title string) *svg {
	s := &svg{}
	fmt.Fprintf(&s.b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart %s" viewBox="0 0 %s %s" width="%s" height="%s" role="img" aria-label="%s">`,
		esc(class), num(w), num(h), num(w), num(h), esc(title))
	fmt.Fprintf(&s.b, `<title>%s</title>`, esc(title))
	return s
}

func (s *svg) line(x1, y1, x2, y2 float64, class string) {
	fmt.Fprintf(&s.b, `<line x1="%s" y1="%s" x2="%s" y2="%s" class="%s"/>`, num(x1), num(y1), num(x2), num(y2), esc(class))
}

// rect draws a rectangle with an optional tooltip.
func (s *svg) rect(x, y, w, h float64, class, tip string) {
	fmt.Fprintf(&s.b, `<rect x="%s" y="%s" width="%s" height="%s" class="%s">`, num(x), num(y), num(max(w, 0)), num(max(h, 0)), esc(class))
	if tip != "" {
		fmt.Fprintf(&s.b, `<title>%s</title>`, esc(tip))
	}
	s.b.WriteString(`</rect>`)
}

// text writes a label; anchor is start, middle or end.
func (s *svg) text(x, y float64, anchor, class, text string) {
	fmt.Fprintf(&s.b, `<text x="%s" y="%s" text-anchor="%s" class="%s">%s</text>`, num(x), num(y), anchor, esc(class), esc(text))
}

func (s *svg) polyline(xs, ys []float64, class string) {
	pts := make([]string, len(xs))
	for i := range xs {
		pts[i] = num(xs[i]) + "," + num(ys[i])
	}
	fmt.Fprintf(&s.b, `<polyline points="%s" class="%s"/>`, strings.Join(pts, " "), esc(class))
}

func (s *svg) circle(x, y, r float64, class, tip string) {
	fmt.Fprintf(&s.b, `<circle cx="%s" cy="%s" r="%s" class="%s"><title>%s</title></circle>`, num(x), num(y), num(r), esc(class), esc(tip))
}

// html closes the chart.
func (s *svg) html() template.HTML {
	s.b.WriteString(`</svg>`)
	return template.HTML(s.b.String()) // every string in it was escaped
}

func esc(s string) string { return template.HTMLEscapeString(s) }

func num(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }

// frame maps the unit square onto a plot area of a chart.
type frame struct{ x, y, w, h float64 }

func (f frame) X(v float64) float64 { return f.x + v*f.w }
func (f frame) Y(v float64) float64 { return f.y + f.h - v*f.h }

// axes draws the grid and tick labels of the unit square and the axis
// titles.
func (f frame) axes(s *svg, xTitle, yTitle string) {
	for i := 0; i <= 5; i++ {
		v := float64(i) / 5
		label := strconv.FormatFloat(v, 'f', 1, 64)
		s.line(f.X(v), f.y, f.X(v), f.y+f.h, "grid")
		s.line(f.x, f.Y(v), f.x+f.w, f.Y(v), "grid")
		s.text(f.X(v), f.y+f.h+16, "middle", "tick", label)
		s.text(f.x-6, f.Y(v)+4, "end", "tick", label)
	}
	s.line(f.x, f.y+f.h, f.x+f.w, f.y+f.h, "axis")
	s.line(f.x, f.y, f.x, f.y+f.h, "axis")
	s.text(f.x+f.w/2, f.y+f.h+34, "middle", "axis-title", xTitle)
	fmt.Fprintf(&s.b, `<text x="0" y="0" text-anchor="middle" class="axis-title" transform="translate(%s %s) rotate(-90)">%s</text>`,
		num(f.x-36), num(f.y+f.h/2), esc(yTitle))
}

// legend draws swatches with names in a row from (x, y).
func legend(s *svg, x, y float64, items ...[2]string) {
	for _, it := range items {
		s.rect(x, y-9, 12, 12, "swatch "+it[0], "")
		s.text(x+17, y+1, "start", "legend", it[1])
		x += 17 + 7.5*float64(utf8.RuneCountInString(it[1])) + 18
	}
}

// classChart draws precision, recall and F1 per label as horizontal bars:
// one row per label, so that long labels and many labels stay legible.
func classChart(e *classify.Evaluation) template.HTML {
	const (
		rowH, barH = 42.0, 10.0
		top, right = 40.0, 48.0
		plotW      = 360.0
	)
	longest := 0
	for _, l := range e.Labels {
		longest = max(longest, utf8.RuneCountInString(oneLine(l, 28)))
	}
	left := min(max(float64(longest)*7.5+16, 70), 240)
	h := top + rowH*float64(len(e.Labels)) + 30
	w := left + plotW + right
	s := newSVG(w, h, "classes", "Precision, recall and F1 per label")
	legend(s, left, 18, [2]string{"precision", "precision"}, [2]string{"recall", "recall"}, [2]string{"f1", "F1"})
	f := frame{left, top, plotW, rowH * float64(len(e.Labels))}
	for i := 0; i <= 5; i++ {
		v := float64(i) / 5
		s.line(f.X(v), f.y, f.X(v), f.y+f.h, "grid")
		s.text(f.X(v), f.y+f.h+16, "middle", "tick", strconv.FormatFloat(v, 'f', 1, 64))
	}
	for i, m := range e.Classes {
		y := top + rowH*float64(i) + (rowH-3*barH)/2
		label := oneLine(m.Label, 28)
		s.text(left-8, y+1.5*barH+4, "end", "label", label)
		for j, bar := range []struct {
			class string
			v     float64
		}{{"precision", m.Precision}, {"recall", m.Recall}, {"f1", m.F1}} {
			tip := fmt.Sprintf("%s %s: %s", m.Label, bar.class, f3(bar.v))
			s.rect(f.X(0), y+float64(j)*barH, f.w*bar.v, barH-1, "bar "+bar.class, tip)
		}
		s.text(f.X(m.F1)+5, y+3*barH-1.5, "start", "value", f3(m.F1))
	}
	s.line(f.x, f.y, f.x, f.y+f.h, "axis")
	return s.html()
}

// reliabilityChart draws the reliability diagram: per confidence bin, the
// observed accuracy as a bar and the mean predicted confidence as a tick
// across it, with the number of items above. On the diagonal, confidence
// would equal accuracy; a tick above its bar is over-confidence.
func reliabilityChart(e *classify.Evaluation) template.HTML {
	f := frame{56, 40, 340, 340}
	s := newSVG(f.x+f.w+20, f.y+f.h+46, "reliability", "Reliability diagram: observed accuracy against predicted confidence")
	legend(s, f.x, 18, [2]string{"accuracy", "accuracy"}, [2]string{"confidence", "mean confidence"})
	f.axes(s, "predicted confidence", "observed accuracy")
	for _, b := range e.Reliability {
		if b.Count == 0 {
			continue
		}
		x, w := f.X(b.Lo)+2, f.w*(b.Hi-b.Lo)-4
		tip := fmt.Sprintf("confidence %.1f–%.1f: %d items, mean confidence %s, accuracy %s", b.Lo, b.Hi, b.Count, f3(b.MeanConfidence), f3(b.Accuracy))
		s.rect(x, f.Y(b.Accuracy), w, f.Y(0)-f.Y(b.Accuracy), "bar accuracy", tip)
		s.line(x-1, f.Y(b.MeanConfidence), x+w+1, f.Y(b.MeanConfidence), "confidence-tick")
		s.text(x+w/2, f.Y(max(b.Accuracy, b.MeanConfidence))-6, "middle", "bin-n", strconv.Itoa(b.Count))
	}
	s.line(f.X(0), f.Y(0), f.X(1), f.Y(1), "diagonal") // on top, to compare
	s.text(f.X(0)+8, f.Y(1)+16, "start", "chart-note", "ECE "+f3(e.ECE))
	return s.html()
}

// coverageChart draws the share of items kept and their precision against
// the confidence threshold, with the precision target and the threshold
// that reaches it.
func coverageChart(e *classify.Evaluation, target float64, th classify.CoveragePoint, ok bool) template.HTML {
	f := frame{56, 36, 420, 300}
	s := newSVG(f.x+f.w+24, f.y+f.h+46, "coverage", "Coverage and precision of the items kept, by confidence threshold")
	legend(s, f.x, 18, [2]string{"kept", "items kept"}, [2]string{"precise", "precision of kept"}, [2]string{"target", "target " + pct(target)})
	f.axes(s, "confidence threshold", "share of items · precision")
	s.line(f.X(0), f.Y(target), f.X(1), f.Y(target), "target")
	if ok {
		s.line(f.X(th.Threshold), f.y, f.X(th.Threshold), f.y+f.h, "chosen")
		anchor, dx := "start", 6.0
		if th.Threshold > 0.7 {
			anchor, dx = "end", -6
		}
		s.text(f.X(th.Threshold)+dx, f.y+f.h-10, anchor, "chosen-label", fmt.Sprintf("P ≥ %.2f keeps %s", th.Threshold, pct(th.Coverage)))
	}
	var xs, cov, acc []float64
	for _, p := range e.Coverage {
		xs = append(xs, f.X(p.Threshold))
		cov = append(cov, f.Y(p.Coverage))
		acc = append(acc, f.Y(p.Accuracy))
	}
	s.polyline(xs, cov, "line kept")
	// Precision of nothing is undefined: the line stops where no item is kept.
	var px, py []float64
	for i, p := range e.Coverage {
		if p.Kept > 0 {
			px, py = append(px, xs[i]), append(py, acc[i])
		}
	}
	s.polyline(px, py, "line precise")
	for i, p := range e.Coverage {
		tip := fmt.Sprintf("P ≥ %.2f: %d items kept (%s), precision %s", p.Threshold, p.Kept, pct(p.Coverage), f3(p.Accuracy))
		s.circle(xs[i], cov[i], 3, "dot kept", tip)
		if p.Kept > 0 {
			s.circle(xs[i], acc[i], 3, "dot precise", tip)
		}
	}
	return s.html()
}

// cvChart draws each cross-validation metric as one row: a dot per fold,
// and the mean with a bar of ± one standard deviation. The axis starts at
// the lowest value rounded down to a tenth, so that the spread between
// folds shows; the tick labels say where it starts.
func cvChart(cv *classify.CVSummary) template.HTML {
	ms := cv.CVMetrics()
	lo := 1.0
	for _, m := range ms {
		lo = min(lo, m.Stats(cv.Mean)-m.Stats(cv.Std))
		for _, e := range cv.Folds {
			if v, ok := m.Fold(e); ok {
				lo = min(lo, v)
			}
		}
	}
	lo = max(0, math.Floor(lo*10-1e-9)/10)
	if lo > 0.9 {
		lo = 0.9
	}
	const rowH, top, plotW = 28.0, 40.0, 250.0
	longest := 0
	for _, m := range ms {
		longest = max(longest, utf8.RuneCountInString(oneLine(m.Name, 28)))
	}
	left := min(max(float64(longest)*7.5+16, 70), 240)
	h := top + rowH*float64(len(ms)) + 30
	s := newSVG(left+plotW+24, h, "cv", "Cross-validation: each fold and the mean ± standard deviation per metric")
	legend(s, left, 18, [2]string{"fold", "one fold"}, [2]string{"mean", "mean ± std"})
	x := func(v float64) float64 { return left + (min(max(v, lo), 1)-lo)/(1-lo)*plotW }
	step := 0.1
	if 1-lo > 0.5 {
		step = 0.2
	}
	bottom := top + rowH*float64(len(ms))
	for v := lo; v <= 1+1e-9; v += step {
		s.line(x(v), top, x(v), bottom, "grid")
		s.text(x(v), bottom+16, "middle", "tick", strconv.FormatFloat(v, 'f', 1, 64))
	}
	for i, m := range ms {
		y := top + rowH*(float64(i)+0.5)
		mean, std := m.Stats(cv.Mean), m.Stats(cv.Std)
		s.text(left-8, y+4, "end", "label", oneLine(m.Name, 28))
		s.line(x(mean-std), y, x(mean+std), y, "std-bar")
		for k, e := range cv.Folds {
			if v, ok := m.Fold(e); ok {
				s.circle(x(v), y, 4, "fold-dot", fmt.Sprintf("%s, fold %d: %s", m.Name, k+1, f3(v)))
			}
		}
		s.line(x(mean), y-8, x(mean), y+8, "mean-tick")
		s.rect(x(mean)-3, y-8, 6, 16, "hit", fmt.Sprintf("%s: %s ± %s", m.Name, f3(mean), f3(std)))
	}
	s.line(left, top, left, bottom, "axis")
	return s.html()
}
