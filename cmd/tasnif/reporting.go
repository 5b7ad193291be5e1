package main

import (
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"github.com/spf13/pflag"

	"github.com/tasnif/tasnif/corpus"
	"github.com/tasnif/tasnif/models"
	"github.com/tasnif/tasnif/report"
)

// reportFlags are the output options of eval and cv.
type reportFlags struct {
	format       string
	json         bool
	html         string
	mistakes     int
	minPrecision float64
	labelMap     string
}

func (f *reportFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.format, "format", "text", "report format on standard output: text, md or json")
	fs.BoolVar(&f.json, "json", false, "same as --format json")
	fs.StringVar(&f.html, "report", "", "also write a self-contained HTML report with charts to this file")
	fs.IntVar(&f.mistakes, "mistakes", report.DefaultMaxMistakes, "mistakes shown per confusion pair in text, md and html reports")
	fs.Float64Var(&f.minPrecision, "min-precision", report.DefaultMinPrecision, "precision target for the recommended --min-confidence threshold")
	fs.StringVar(&f.labelMap, "map", "", `map gold labels before evaluating: "from=to,from=to" or a JSON file; an empty target drops the label`)
}

func (f *reportFlags) writer() (func(io.Writer, *report.Report) error, error) {
	format := f.format
	if f.json {
		format = "json"
	}
	switch format {
	case "text", "txt":
		return report.WriteText, nil
	case "md", "markdown":
		return report.WriteMarkdown, nil
	case "json":
		return report.WriteJSON, nil
	}
	return nil, fmt.Errorf("unknown report format %q (want text, md or json)", format)
}

// labelledData reads labelled records into examples, mapping their labels.
type labelledData struct {
	examples []models.Example
	ids      []string
	docs     map[string]int
}

func readLabelled(paths []string, in *inputFlags, labelMap map[string]string, s *IOStreams) (*labelledData, error) {
	src, err := newInputs(paths, in, true, s.In)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	bad := &badRecords{skip: in.skipInvalid, w: s.ErrOut}
	d := &labelledData{docs: map[string]int{}}
	err = readAll(src, bad, func(rec corpus.Record) {
		label := rec.Label
		if to, ok := labelMap[label]; ok {
			if to == "" {
				return
			}
			label = to
		}
		d.examples = append(d.examples, models.Example{Title: rec.Title, Text: rec.Text, Label: label})
		id := rec.ID
		if id == "" {
			id = fmt.Sprintf("%s:%d", rec.Source, rec.Line)
		}
		d.ids = append(d.ids, id)
		d.docs[label]++
	})
	bad.summary()
	if err != nil {
		return nil, err
	}
	if len(d.examples) == 0 {
		return nil, fmt.Errorf("no labelled records to evaluate on")
	}
	return d, nil
}

// mistakesOf lists the wrong outcomes for a report.
func mistakesOf(d *labelledData, outcomes []models.Outcome) []report.Mistake {
	var out []report.Mistake
	for _, o := range outcomes {
		if o.Correct() {
			continue
		}
		m := report.Mistake{
			ID: d.ids[o.Index], Text: d.examples[o.Index].FullText(), Gold: o.Gold,
			Predicted: o.Prediction.Label, Confidence: o.Prediction.Confidence,
		}
		if o.Explanation != nil {
			for _, t := range o.Explanation.For {
				m.Terms = append(m.Terms, report.Term{Term: t.Term, Weight: t.Weight})
			}
		}
		out = append(out, m)
	}
	return out
}

func modelInfo(m *models.Model) string {
	nb := m.NB
	return fmt.Sprintf("%d labels, %d features, %s naive Bayes (alpha %g), %d training documents",
		len(nb.Labels), nb.NumFeatures, nb.Options.Variant, nb.Options.Alpha, m.Info.Documents)
}

// emitReports writes the report to standard output and, when asked, as HTML.
func emitReports(r *report.Report, f *reportFlags, s *IOStreams) error {
	write, err := f.writer()
	if err != nil {
		return err
	}
	r.MaxMistakes, r.MinPrecision, r.Date = f.mistakes, f.minPrecision, time.Now()
	if err := write(s.Out, r); err != nil {
		return err
	}
	if f.html == "" {
		return nil
	}
	file, err := os.Create(f.html)
	if err != nil {
		return err
	}
	if err := report.WriteHTML(file, r); err != nil {
		file.Close()
		return err
	}
	if err := file.Close(); err != nil {
		return err
	}
	fmt.Fprintf(s.ErrOut, "tasnif: wrote %s\n", f.html)
	return nil
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
