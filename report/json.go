package report

import (
	"encoding/json"
	"io"

	"github.com/tasnif/tasnif/classify"
)

// JSONFormat names the layout of WriteJSON's output. It changes only when a
// field changes meaning or goes away; new fields may be added without it.
const JSONFormat = "tasnif-report/1"

// jsonReport is the document WriteJSON writes.
type jsonReport struct {
	Format string `json:"format"`
	*Report
	Threshold *classify.CoveragePoint `json:"threshold"`
}

// WriteJSON writes r as one JSON object indented by two spaces, for CI jobs
// and other programs. Decoding it into a Report gives r back (with its
// defaults filled in). The fields, all always present unless marked:
//
//	format         "tasnif-report/1" (JSONFormat)
//	title          string
//	model          string: model name or path
//	model_info     string
//	date           RFC 3339 time; absent when unset
//	inputs         [string]: the evaluated files
//	docs           {label: number}: gold documents per label
//	evaluation     classify.Evaluation:
//	  labels       [string], sorted: gold ∪ predicted labels
//	  n            number of items
//	  accuracy     0..1
//	  classes      [{label, precision, recall, f1, support, predicted}] in labels order
//	  macro        {precision, recall, f1}, mean over labels
//	  weighted     {precision, recall, f1}, weighted by support
//	  confusion    [[number]]: [gold][predicted], labels order
//	  reliability  [{lo, hi, count, mean_confidence, accuracy}]: 10 bins
//	  ece          expected calibration error
//	  coverage     [{threshold, coverage, accuracy, kept}]: thresholds 0, 0.05, …, 0.95, 0.99
//	cv             classify.CVSummary; absent without cross-validation:
//	  k, seed      numbers
//	  mean, std    {accuracy, macro_precision, macro_recall, macro_f1, weighted_f1, f1: {label: number}}
//	  folds        [evaluation], one per fold
//	  pooled       evaluation of all folds' predictions together; absent when not computed
//	mistakes       [{id, text, gold, predicted, confidence, terms: [{term, weight}]}]:
//	               every mistake, uncapped, in the order given
//	max_mistakes   the per-pair cap of the other formats
//	min_precision  the precision target
//	threshold      {threshold, coverage, accuracy, kept}: the smallest confidence
//	               threshold that keeps min_precision; null when none does
//
// Ratios are numbers in [0, 1], never NaN: a ratio with a zero denominator
// is 0 (see classify.Evaluate).
func WriteJSON(w io.Writer, r *Report) error {
	r, err := r.withDefaults()
	if err != nil {
		return err
	}
	doc := jsonReport{Format: JSONFormat, Report: r}
	if p, ok := r.threshold(); ok {
		doc.Threshold = &p
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	// Texts stay readable: the output is a data file, not HTML.
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}
