// Package models ties the text pipeline (package features) and the naive
// Bayes classifier (package classify) into a Model that is trained, saved,
// loaded and used as one piece: Train, Predict and Explain, a versioned
// binary file format written atomically (Model.WriteFile, Load), and the
// default five-topic model embedded in the binary (Default).
//
// Evaluation and cross-validation of whole models live here too, because they
// train and apply models end to end (Evaluate, CrossValidate).
package models
