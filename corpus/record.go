package corpus

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Record is one text read from an input.
type Record struct {
	ID     string // the id field/column when the input has one ("" otherwise); dir format: path relative to the root
	Title  string // optional headline
	Text   string // the body (or the whole text)
	Label  string // "" when the input has none
	Source string // the file it came from ("-" for standard input)
	Line   int    // 1-based line where the record starts (0 for dir-format files)
	Kind   string // page format only: "headline" or "article"
	Index  int    // page format only: 1-based position among the page's items of the same Kind
}

// FullText returns the title and the text joined by a newline, or whichever
// is present. Classifiers see a headline and its article as one text.
func (r Record) FullText() string {
	switch {
	case r.Title == "":
		return r.Text
	case r.Text == "":
		return r.Title
	}
	return r.Title + "\n" + r.Text
}

// Kinds of page records.
const (
	kindHeadline = "headline"
	kindArticle  = "article"
)

// Format names an input format.
type Format string

// The input formats.
const (
	JSONL    Format = "jsonl"    // one JSON object per line
	CSV      Format = "csv"      // comma-separated, header row, RFC 4180 quoting
	TSV      Format = "tsv"      // tab-separated, header line, no quoting (a quote is text)
	FastText Format = "fasttext" // "__label__sports some text" lines
	Dir      Format = "dir"      // a directory with one sub-folder per label holding .txt files
	Lines    Format = "lines"    // plain text, one text per line
	Page     Format = "page"     // a scraped news page
)

var formats = []Format{JSONL, CSV, TSV, FastText, Dir, Lines, Page}

func formatNames() string {
	names := make([]string, len(formats))
	for i, f := range formats {
		names[i] = string(f)
	}
	return strings.Join(names, ", ")
}

// labelled reports whether the format can carry labels.
func (f Format) labelled() bool { return f != Lines && f != Page }

// ParseFormat validates a --format flag value. Case and surrounding spaces
// are ignored.
func ParseFormat(s string) (Format, error) {
	f := Format(strings.ToLower(strings.TrimSpace(s)))
	for _, g := range formats {
		if f == g {
			return f, nil
		}
	}
	if f == "" {
		return "", fmt.Errorf("no format given (want one of: %s)", formatNames())
	}
	return "", fmt.Errorf("unknown format %q (want one of: %s)", s, formatNames())
}

// DetectFormat picks a format from a path: a directory → Dir; otherwise by
// extension, after removing a trailing .gz: .jsonl .ndjson .json → JSONL;
// .csv → CSV; .tsv .tab → TSV; .ft .fasttext → FastText; .txt → FastText
// when labelled is true, Lines otherwise. "-" (standard input) → JSONL when
// labelled, Lines otherwise. Anything else is an error that lists the
// formats; --format chooses one. Page is never detected: a page is a .txt
// file like any other.
func DetectFormat(path string, labelled bool) (Format, error) {
	if path == "-" {
		if labelled {
			return JSONL, nil
		}
		return Lines, nil
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return Dir, nil
	}
	name := strings.ToLower(filepath.Base(path))
	name = strings.TrimSuffix(name, ".gz")
	switch filepath.Ext(name) {
	case ".jsonl", ".ndjson", ".json":
		return JSONL, nil
	case ".csv":
		return CSV, nil
	case ".tsv", ".tab":
		return TSV, nil
	case ".ft", ".fasttext":
		return FastText, nil
	case ".txt":
		if labelled {
			return FastText, nil
		}
		return Lines, nil
	}
	return "", fmt.Errorf("%s: cannot tell the format from the file name; choose one with --format (%s)", path, formatNames())
}

// Options say how to read an input. The zero value of every field but
// Format means its default.
type Options struct {
	Format       Format   // required (use DetectFormat)
	TextField    string   // JSONL/CSV/TSV field with the text; default "text"
	TitleField   string   // optional field with the title; default "title"; "-" disables
	LabelField   string   // default "label"
	IDField      string   // default "id"
	RequireLabel bool     // a record without a label is invalid (train, eval)
	MaxLineBytes int      // longest accepted line/record; default 64 MiB; longer → RecordError, skipped
	Boilerplate  []string // Page format: lines to drop; nil → DefaultBoilerplate()
	// Workers > 1 parses JSONL on that many goroutines, ahead of Next
	// (records still come out in order); 0 or 1 parses on the caller's.
	// Worth it when reading a whole corpus into memory: parsing is most of
	// the cost of reading. Close the Reader to stop them early.
	Workers int
}

// defaultMaxLineBytes is the longest line or record accepted when
// Options.MaxLineBytes is 0. Far above any real article, it only stops a
// runaway line (a file without newlines, binary data) from using all memory.
const defaultMaxLineBytes = 64 << 20

// withDefaults fills in the defaults of zero fields.
func (o Options) withDefaults() Options {
	if o.TextField == "" {
		o.TextField = "text"
	}
	switch o.TitleField {
	case "":
		o.TitleField = "title"
	case "-":
		o.TitleField = ""
	}
	if o.LabelField == "" {
		o.LabelField = "label"
	}
	if o.IDField == "" {
		o.IDField = "id"
	}
	if o.MaxLineBytes <= 0 {
		o.MaxLineBytes = defaultMaxLineBytes
	}
	if o.Boilerplate == nil {
		o.Boilerplate = DefaultBoilerplate()
	}
	return o
}

// RecordError describes a bad record. Reading can go on after it.
type RecordError struct {
	Source string // the file ("-" for standard input)
	Line   int    // 1-based line where the record starts; 0 for dir-format files
	Err    error  // the problem
}

// Error reads like "data.jsonl:12: invalid JSON: …", or
// "data/sports/a.txt: invalid UTF-8 at byte 7" when Line is 0.
func (e *RecordError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %v", e.Source, e.Err)
	}
	return fmt.Sprintf("%s:%d: %v", e.Source, e.Line, e.Err)
}

// Unwrap returns the problem.
func (e *RecordError) Unwrap() error { return e.Err }
