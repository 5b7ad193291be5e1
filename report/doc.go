// Package report renders an evaluation of the classifier for people and for
// machines: one self-contained HTML page, aligned text for a terminal,
// Markdown for issues and pull requests, and JSON for CI jobs.
//
// It computes nothing that package classify does not already: the figures
// (accuracy, per-class precision, recall and F1, the confusion matrix,
// calibration, coverage, cross-validation) come in a classify.Evaluation and
// classify.CVSummary, and a Report adds what a reader needs around them —
// the model, the inputs, the date, and the mistakes with the terms that
// drove them. Keeping rendering apart means the numbers are computed and
// tested once, every format shows the same numbers, and a new format (or a
// change of page design) cannot change a metric.
//
// What the formats share, they derive here in one place: the defaults of a
// Report, the grouping of mistakes by (gold → predicted) pair, biggest
// first, and the confidence threshold that keeps the precision target.
//
// The HTML page needs nothing but a browser: styles, charts (inline SVG
// drawn by this package, so that any label script renders with the page's
// fonts) and a few lines of optional script for sorting tables are inline,
// and a Content-Security-Policy forbids any network request. Arabic text is
// set right-to-left in elements of its own; text in other scripts gets
// dir="auto".
package report
