package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"

	"github.com/spf13/pflag"

	"github.com/tasnif/tasnif/corpus"
	"github.com/tasnif/tasnif/models"
)

// inputFlags are the options of every command that reads texts.
type inputFlags struct {
	format      string
	textField   string
	titleField  string
	labelField  string
	idField     string
	skipInvalid bool
}

// register adds the flags; formatFlag names the input-format flag ("in" or
// "format"), labelled says whether records need a label.
func (f *inputFlags) register(fs *pflag.FlagSet, formatFlag string, labelled bool) {
	formats := "jsonl, csv, tsv, fasttext, dir, lines or page"
	fs.StringVar(&f.format, formatFlag, "", "input format: "+formats+" (default: from the file extension)")
	fs.StringVar(&f.textField, "text-field", "text", "JSONL/CSV/TSV field holding the text")
	fs.StringVar(&f.titleField, "title-field", "title", `field holding the title, used together with the text ("-" to ignore titles)`)
	if labelled {
		fs.StringVar(&f.labelField, "label-field", "label", "field holding the label")
	}
	fs.StringVar(&f.idField, "id-field", "id", "field holding the record id, passed through to the output")
	fs.BoolVar(&f.skipInvalid, "skip-invalid", false, "report bad records on stderr, count them and go on, instead of stopping")
}

func (f *inputFlags) options(labelled bool) corpus.Options {
	return corpus.Options{
		TextField: f.textField, TitleField: f.titleField, LabelField: f.labelField,
		IDField: f.idField, RequireLabel: labelled,
	}
}

// inputs reads several files (or standard input, for none or "-") one after
// the other as a single batch.Source.
type inputs struct {
	paths    []string
	flags    *inputFlags
	labelled bool
	stdin    io.Reader
	cur      *corpus.Reader
	next     int
	workers  int // JSONL parsing goroutines (see corpus.Options.Workers)
}

func newInputs(paths []string, f *inputFlags, labelled bool, stdin io.Reader) (*inputs, error) {
	if len(paths) == 0 {
		paths = []string{"-"}
	}
	in := &inputs{paths: paths, flags: f, labelled: labelled, stdin: stdin}
	if f.format != "" {
		if _, err := corpus.ParseFormat(f.format); err != nil {
			return nil, err
		}
	}
	return in, nil
}

// Next implements batch.Source.
func (in *inputs) Next() (corpus.Record, error) {
	for {
		if in.cur == nil {
			if in.next == len(in.paths) {
				return corpus.Record{}, io.EOF
			}
			r, err := in.open(in.paths[in.next])
			in.next++
			if err != nil {
				return corpus.Record{}, err
			}
			in.cur = r
		}
		rec, err := in.cur.Next()
		if err == io.EOF {
			in.cur.Close()
			in.cur = nil
			continue
		}
		return rec, err
	}
}

func (in *inputs) open(path string) (*corpus.Reader, error) {
	opt := in.flags.options(in.labelled)
	opt.Workers = in.workers
	if in.flags.format != "" {
		opt.Format, _ = corpus.ParseFormat(in.flags.format)
	} else {
		f, err := corpus.DetectFormat(path, in.labelled)
		if err != nil {
			return nil, err
		}
		opt.Format = f
	}
	if path == "-" {
		return corpus.NewReader(in.stdin, "-", opt)
	}
	return corpus.Open(path, opt)
}

// Close closes the file being read.
func (in *inputs) Close() {
	if in.cur != nil {
		in.cur.Close()
	}
}

// badRecords reports skipped records on stderr and counts them.
type badRecords struct {
	skip  bool
	w     io.Writer
	count int
}

// maxBadReports caps the lines printed for skipped records; the count goes on.
const maxBadReports = 100

func (b *badRecords) handle(err *corpus.RecordError) error {
	if !b.skip {
		return fmt.Errorf("%w (use --skip-invalid to skip bad records)", err)
	}
	b.count++
	if b.count <= maxBadReports {
		fmt.Fprintf(b.w, "tasnif: skipped %v\n", err)
	} else if b.count == maxBadReports+1 {
		fmt.Fprintf(b.w, "tasnif: more bad records; only their count is reported from now on\n")
	}
	return nil
}

func (b *badRecords) summary() {
	if b.count > 0 {
		fmt.Fprintf(b.w, "tasnif: skipped %d bad record(s)\n", b.count)
	}
}

// readAll reads every record of the inputs, for the commands that need the
// whole data in memory (train, eval, cv).
func readAll(in *inputs, bad *badRecords, each func(corpus.Record)) error {
	in.workers = runtime.GOMAXPROCS(0) // all of it is needed before anything else can start
	for {
		rec, err := in.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			var re *corpus.RecordError
			if errors.As(err, &re) {
				if herr := bad.handle(re); herr != nil {
					return herr
				}
				continue
			}
			return err
		}
		each(rec)
	}
}

// loadModel loads the model at path, or the embedded default for "".
func loadModel(path string) (*models.Model, string, error) {
	if path == "" {
		m, err := models.Default()
		return m, models.DefaultName, err
	}
	m, err := models.Load(path)
	return m, path, err
}

// parseLabelMap reads a --map value: a JSON file mapping labels to labels,
// or inline "from=to,from=to". An empty target drops the label.
func parseLabelMap(s string) (map[string]string, error) {
	if s == "" {
		return nil, nil
	}
	m := map[string]string{}
	if data, err := os.ReadFile(s); err == nil {
		var raw map[string]*string
		if err := json.Unmarshal(data, &raw); err != nil {
			return nil, fmt.Errorf("--map %s: %v (want a JSON object of label to label)", s, err)
		}
		for k, v := range raw {
			if v == nil {
				m[k] = ""
			} else {
				m[k] = *v
			}
		}
		return m, nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	for _, pair := range strings.Split(s, ",") {
		from, to, ok := strings.Cut(pair, "=")
		if !ok || strings.TrimSpace(from) == "" {
			return nil, fmt.Errorf("--map: %q is not from=to (nor a file)", pair)
		}
		m[strings.TrimSpace(from)] = strings.TrimSpace(to)
	}
	return m, nil
}
