// Package classify holds the naive Bayes classifier over TF-IDF vectors —
// training (multinomial and complement variants, Lidstone smoothing, class
// priors), calibrated prediction with log-sum-exp, top-k and per-feature
// explanations — and the evaluation of predictions: accuracy, per-class
// precision, recall and F1, confusion matrices, reliability of the reported
// confidence, and stratified folds for cross-validation.
//
// It depends on package features only for the Vector type.
package classify
