package report

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/tasnif/tasnif/classify"
)

// Defaults of the Report fields left zero.
const (
	DefaultTitle        = "tasnif evaluation"
	DefaultMaxMistakes  = 20
	DefaultMinPrecision = 0.95
)

// Term is a feature that drove a prediction, with its weight (its
// contribution to the log-odds of the predicted label, see
// classify.NaiveBayes.Contributions).
type Term struct {
	Term   string  `json:"term"`
	Weight float64 `json:"weight"`
}

// Mistake is one wrongly labelled item.
type Mistake struct {
	ID         string  `json:"id"`
	Text       string  `json:"text"`
	Gold       string  `json:"gold"`
	Predicted  string  `json:"predicted"`
	Confidence float64 `json:"confidence"` // probability of Predicted
	Terms      []Term  `json:"terms"`      // strongest first
}

// Report is an evaluation with what a reader needs around it.
type Report struct {
	Title     string    `json:"title"`      // default DefaultTitle
	Model     string    `json:"model"`      // model name or path
	ModelInfo string    `json:"model_info"` // e.g. "5 labels, 96,000 features, complement NB"
	Date      time.Time `json:"date,omitzero"`
	Inputs    []string  `json:"inputs"` // evaluated files
	// Docs counts the gold documents per label; when nil, the support of
	// each label in Eval is shown.
	Docs map[string]int       `json:"docs"`
	Eval *classify.Evaluation `json:"evaluation"`
	CV   *classify.CVSummary  `json:"cv,omitempty"` // nil unless cross-validation
	// Mistakes are all of them; the HTML, text and Markdown renderers group
	// them by (gold → predicted) pair and show at most MaxMistakes per pair
	// (default DefaultMaxMistakes), counting the rest.
	Mistakes    []Mistake `json:"mistakes"`
	MaxMistakes int       `json:"max_mistakes"`
	// MinPrecision is the precision target for the confidence threshold
	// that the reports mark (default DefaultMinPrecision).
	MinPrecision float64 `json:"min_precision"`
}

// withDefaults returns a shallow copy of r with zero fields defaulted, or
// an error when r cannot be rendered.
func (r *Report) withDefaults() (*Report, error) {
	if r == nil || r.Eval == nil {
		return nil, errors.New("report: no evaluation to render")
	}
	e := r.Eval
	bad := len(e.Labels) != len(e.Classes) || len(e.Confusion) != len(e.Labels)
	for _, row := range e.Confusion {
		bad = bad || len(row) != len(e.Labels)
	}
	if bad {
		return nil, errors.New("report: evaluation is inconsistent (labels, classes and the confusion matrix differ in size)")
	}
	c := *r
	if c.Title == "" {
		c.Title = DefaultTitle
	}
	if c.MaxMistakes <= 0 {
		c.MaxMistakes = DefaultMaxMistakes
	}
	if !(c.MinPrecision > 0 && c.MinPrecision <= 1) {
		c.MinPrecision = DefaultMinPrecision
	}
	if c.Docs == nil {
		c.Docs = make(map[string]int, len(e.Classes))
		for _, m := range e.Classes {
			c.Docs[m.Label] = m.Support
		}
	}
	if c.Inputs == nil {
		c.Inputs = []string{}
	}
	if c.Mistakes == nil {
		c.Mistakes = []Mistake{}
	}
	return &c, nil
}

// group is the mistakes of one (gold → predicted) pair.
type group struct {
	Gold, Predicted string
	ID              string    // HTML anchor
	Total           int       // mistakes in the pair
	Shown           []Mistake // the most confident, at most MaxMistakes
	More            int       // Total − len(Shown)
}

// groups returns the mistakes grouped by (gold → predicted) pair, biggest
// group first (ties in label order), each group's most confident mistakes
// first: a confident mistake is the one most worth reading, being either a
// labelling error or a feature the model trusts too much.
func (r *Report) groups() []group {
	type pair struct{ gold, pred string }
	by := map[pair][]Mistake{}
	for _, m := range r.Mistakes {
		p := pair{m.Gold, m.Predicted}
		by[p] = append(by[p], m)
	}
	gs := make([]group, 0, len(by))
	for p, ms := range by {
		slices.SortStableFunc(ms, func(a, b Mistake) int {
			return cmp.Or(cmp.Compare(b.Confidence, a.Confidence), strings.Compare(a.ID, b.ID))
		})
		shown := ms[:min(len(ms), r.MaxMistakes)]
		gs = append(gs, group{Gold: p.gold, Predicted: p.pred, Total: len(ms), Shown: shown, More: len(ms) - len(shown)})
	}
	slices.SortFunc(gs, func(a, b group) int {
		return cmp.Or(cmp.Compare(b.Total, a.Total), strings.Compare(a.Gold, b.Gold), strings.Compare(a.Predicted, b.Predicted))
	})
	for i := range gs {
		gs[i].ID = "mistakes-" + strconv.Itoa(i+1)
	}
	return gs
}

// labelCount is one label's number of documents.
type labelCount struct {
	Label string
	N     int
}

// docs returns the documents per label in label order, labels of Docs
// unknown to the evaluation last.
func (r *Report) docs() []labelCount {
	out := make([]labelCount, 0, len(r.Docs))
	for l, n := range r.Docs {
		out = append(out, labelCount{l, n})
	}
	slices.SortFunc(out, func(a, b labelCount) int { return strings.Compare(a.Label, b.Label) })
	return out
}

// threshold returns the coverage point that reaches MinPrecision.
func (r *Report) threshold() (classify.CoveragePoint, bool) {
	return r.Eval.ThresholdFor(r.MinPrecision)
}

// thresholdSentence says in words which confidence threshold keeps the
// precision target, or that none does; "" without confidences.
func (r *Report) thresholdSentence() string {
	e := r.Eval
	if len(e.Coverage) == 0 {
		return ""
	}
	target := pct(r.MinPrecision)
	p, ok := r.threshold()
	switch {
	case ok && p.Threshold == 0:
		return fmt.Sprintf("All %d predictions together already reach %s precision (%s): no item needs to be tagged uncertain.",
			e.N, target, pct(p.Accuracy))
	case ok:
		return fmt.Sprintf("Tag items below P=%.2f as uncertain to keep %s precision: %d of %d items (%s) stay tagged, at %s precision.",
			p.Threshold, target, p.Kept, e.N, pct(p.Coverage), pct(p.Accuracy))
	}
	best := classify.CoveragePoint{}
	for _, c := range e.Coverage {
		if c.Kept > 0 && c.Accuracy > best.Accuracy {
			best = c
		}
	}
	return fmt.Sprintf("No confidence threshold reaches %s precision; the best, P ≥ %.2f, keeps %d of %d items at %s.",
		target, best.Threshold, best.Kept, e.N, pct(best.Accuracy))
}

// coverageRow is a run of coverage points that keep the same items, and so
// show the same figures: the point of the run's first (smallest) threshold,
// and the run's last threshold.
type coverageRow struct {
	classify.CoveragePoint
	To     float64
	Marked bool // the run holds the threshold that reaches MinPrecision
}

// Range formats the run's thresholds: "0.60", or "0.00–0.40".
func (c coverageRow) Range() string {
	if c.To == c.Threshold {
		return fmt.Sprintf("%.2f", c.Threshold)
	}
	return fmt.Sprintf("%.2f–%.2f", c.Threshold, c.To)
}

// coverageRows merges the coverage points into runs, for the tables of the
// text and Markdown reports: on short texts most low thresholds keep every
// item, and twenty identical rows hide the few that matter.
func (r *Report) coverageRows() []coverageRow {
	th, ok := r.threshold()
	var rows []coverageRow
	for _, p := range r.Eval.Coverage {
		if n := len(rows); n > 0 && rows[n-1].Kept == p.Kept {
			rows[n-1].To = p.Threshold
			continue
		}
		rows = append(rows, coverageRow{CoveragePoint: p, To: p.Threshold, Marked: ok && p == th})
	}
	return rows
}

// correct returns the number of correctly labelled items.
func correct(e *classify.Evaluation) int {
	n := 0
	for i := range e.Confusion {
		n += e.Confusion[i][i]
	}
	return n
}

// f3 formats a ratio with three decimals.
func f3(x float64) string { return strconv.FormatFloat(x, 'f', 3, 64) }

// pct formats a ratio as a percentage with at most one decimal: 95%, 97.5%.
func pct(x float64) string {
	s := strconv.FormatFloat(math.Round(x*1000)/10, 'f', 1, 64)
	return strings.TrimSuffix(s, ".0") + "%"
}

// weight formats a term weight with its sign.
func weight(x float64) string { return fmt.Sprintf("%+.2f", x) }

// date formats the report date, "" when unset.
func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02 15:04 MST")
}

// direction returns the dir and lang attributes for a text: right-to-left
// Arabic when most of its letters are Arabic, else "auto" (the browser
// takes the direction of the first strong letter) and no language.
func direction(s string) (dir, lang string) {
	ar, other := 0, 0
	for _, r := range s {
		switch {
		case !unicode.IsLetter(r):
		case unicode.Is(unicode.Arabic, r):
			ar++
		default:
			other++
		}
	}
	if ar > 0 && ar >= other {
		return "rtl", "ar"
	}
	return "auto", ""
}

// oneLine folds a text onto one line and cuts it to at most n runes.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return strings.TrimSpace(string(r[:n-1])) + "…"
	}
	return s
}
