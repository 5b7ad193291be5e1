// Package corpus reads collections of texts, labelled (for training and
// evaluation) or not (for tagging), in the formats people actually have:
//
//	jsonl     one JSON object per line: {"id": …, "title": …, "text": …, "label": …}
//	csv       a header row, then one record per row (RFC 4180 quoting); columns found by name
//	tsv       a header row, then one record per line split at tabs, no quoting
//	fasttext  "__label__sports the text" lines
//	dir       root/<label>/*.txt, one text per file
//	lines     plain text, one text per line
//	page      a scraped news page: a ticker of headlines, then one article
//
// It exists so that every command (train, tag, eval, cv) and every library
// user reads these formats the same way and reports bad input the same way:
// a Reader returns one Record at a time, and a bad record comes back as a
// *RecordError naming the file, the line and the problem
// ("news.jsonl:12: field "text" is a number, want a string"). The caller
// decides whether to stop or to count it and go on: after a *RecordError,
// Next continues with the following record.
//
// Readers stream. Memory depends on the longest record, never on the size
// of the input, and Options.MaxLineBytes bounds that too: a longer line is
// skipped without being held in memory. No input makes a Reader panic;
// invalid UTF-8 is reported, never silently replaced, because a replaced
// byte would quietly become a different word for the classifier.
package corpus
