package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestTrainFormats(t *testing.T) {
	dir := t.TempDir()
	corpusDir := filepath.Join(dir, "corpus")
	writeDirCorpus(t, corpusDir, labelled)
	jsonl := writeFile(t, filepath.Join(dir, "news.jsonl"), jsonlOf(labelled))
	tests := []struct {
		name  string
		stdin string
		args  []string
	}{
		{"jsonl", "", []string{jsonl}},
		{"ndjson", "", []string{writeFile(t, filepath.Join(dir, "news.ndjson"), jsonlOf(labelled))}},
		{"jsonl.gz", "", []string{writeGzip(t, filepath.Join(dir, "news.jsonl.gz"), jsonlOf(labelled))}},
		{"csv", "", []string{writeFile(t, filepath.Join(dir, "news.csv"), delimitedOf(labelled, ','))}},
		{"tsv", "", []string{writeFile(t, filepath.Join(dir, "news.tsv"), delimitedOf(labelled, '\t'))}},
		{"fasttext .txt", "", []string{writeFile(t, filepath.Join(dir, "news.txt"), fastTextOf(labelled))}},
		{"fasttext .ft", "", []string{writeFile(t, filepath.Join(dir, "news.ft"), fastTextOf(labelled))}},
		{"fasttext forced", "", []string{writeFile(t, filepath.Join(dir, "news.data"), fastTextOf(labelled)), "--format", "fasttext"}},
		{"dir", "", []string{corpusDir}},
		{"two files", "", []string{
			writeFile(t, filepath.Join(dir, "a.jsonl"), jsonlOf(labelled[:8])),
			writeFile(t, filepath.Join(dir, "b.csv"), delimitedOf(labelled[8:], ',')),
		}},
		{"stdin", jsonlOf(labelled), nil},
		{"stdin dash", jsonlOf(labelled), []string{"-"}},
		{"stdin csv", delimitedOf(labelled, ','), []string{"--format", "csv"}},
		{"custom fields", strings.NewReplacer(`"text"`, `"body"`, `"label"`, `"topic"`).Replace(jsonlOf(labelled)),
			[]string{"--text-field", "body", "--label-field", "topic"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "model.tasnif")
			args := append([]string{"train", "--min-df", "1", "-o", out}, tt.args...)
			r := tasnif(t, tt.stdin, args...).ok(t)
			if r.out != "" {
				t.Errorf("train wrote to standard output: %q", r.out)
			}
			summary := regexp.MustCompile(`^Trained on 16 documents \(` + perLabel + `\) in [0-9.]+s: 4 labels, a vocabulary of [1-9][0-9]* features(, out-of-fold accuracy [0-9.]+)?\. Wrote ` +
				regexp.QuoteMeta(out) + ` \([0-9.]+ MB\)\.\n$`)
			if !summary.MatchString(r.stderr) {
				t.Errorf("summary line:\n%s", r.stderr)
			}
			m := mustLoad(t, out)
			if !slices.Equal(m.Labels(), testLabels) {
				t.Errorf("labels %q", m.Labels())
			}
			if m.Info.Documents != 16 || m.Info.Name != "model" {
				t.Errorf("info %+v", m.Info)
			}
			if got := m.Predict("الشرطة توقف مروج المخدرات", 1).Label; got != "security" {
				t.Errorf("the model tags a security headline %q", got)
			}
			var paths []string
			for i := 0; i < len(tt.args); i++ {
				if strings.HasPrefix(tt.args[i], "--") {
					i++
					continue
				}
				paths = append(paths, tt.args[i])
			}
			wantSources := strings.Join(paths, ", ")
			if len(paths) == 0 {
				wantSources = "standard input"
			}
			if m.Info.Sources != wantSources {
				t.Errorf("sources %q, want %q", m.Info.Sources, wantSources)
			}
		})
	}
}

func TestTrainQuietAndName(t *testing.T) {
	dir := t.TempDir()
	data := writeFile(t, filepath.Join(dir, "news.jsonl"), jsonlOf(labelled))
	out := filepath.Join(dir, "m.tasnif")
	r := tasnif(t, "", "train", data, "-o", out, "--min-df", "1", "-q", "--name", "أخبار")
	r.ok(t)
	if r.stderr != "" || r.out != "" {
		t.Errorf("--quiet printed %q / %q", r.out, r.stderr)
	}
	if m := mustLoad(t, out); m.Info.Name != "أخبار" {
		t.Errorf("name %q", m.Info.Name)
	}
}

func TestTrainReproducible(t *testing.T) {
	dir := t.TempDir()
	data := writeFile(t, filepath.Join(dir, "news.jsonl"), jsonlOf(labelled))
	var files [][]byte
	for i, workers := range []string{"1", "1", "4"} {
		sub := filepath.Join(dir, string(rune('a'+i)))
		os.Mkdir(sub, 0o755)
		out := filepath.Join(sub, "news.tasnif")
		tasnif(t, "", "train", data, "-o", out, "--min-df", "1", "--workers", workers).ok(t)
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, b)
	}
	if !bytes.Equal(files[0], files[1]) {
		t.Error("training twice gives different files")
	}
	if !bytes.Equal(files[0], files[2]) {
		t.Error("--workers changes the model file")
	}
}

func TestTrainBadRecords(t *testing.T) {
	dir := t.TempDir()
	lines := strings.Split(strings.TrimSuffix(jsonlOf(labelled), "\n"), "\n")
	bad := slices.Concat(lines[:2], []string{`{"text": "نص بلا تسمية"}`}, lines[2:5], []string{`{"text": "نص", "label": `}, lines[5:])
	data := writeFile(t, filepath.Join(dir, "bad.jsonl"), strings.Join(bad, "\n")+"\n")
	out := filepath.Join(dir, "m.tasnif")

	r := tasnif(t, "", "train", data, "-o", out, "--min-df", "1")
	r.fails(t, data+":3:", `missing field "label"`, "--skip-invalid")
	if _, err := os.Stat(out); err == nil {
		t.Error("a model was written despite the error")
	}

	r = tasnif(t, "", "train", data, "-o", out, "--min-df", "1", "--skip-invalid").ok(t)
	for _, want := range []string{
		"tasnif: skipped " + data + ":3: missing field",
		"tasnif: skipped " + data + ":7: invalid JSON",
		"tasnif: skipped 2 bad record(s)",
		"Trained on 16 documents (" + perLabel + ")",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr does not say %q:\n%s", want, r.stderr)
		}
	}
	mustLoad(t, out)

	// Other formats report file:line too.
	csvBad := delimitedOf(labelled, ',') + "z1,عنوان\n"
	csvPath := writeFile(t, filepath.Join(dir, "bad.csv"), csvBad)
	tasnif(t, "", "train", csvPath, "-o", out, "--min-df", "1").fails(t, csvPath+":18:")
	ftPath := writeFile(t, filepath.Join(dir, "bad.txt"), "نص بلا تسمية\n"+fastTextOf(labelled))
	tasnif(t, "", "train", ftPath, "-o", out, "--min-df", "1").fails(t, ftPath+":1:")
	tasnif(t, "", "train", ftPath, "-o", out, "--min-df", "1", "--skip-invalid").ok(t)

	// Invalid UTF-8 in a dir-format file names the file.
	root := filepath.Join(dir, "corpus")
	writeDirCorpus(t, root, labelled)
	badFile := writeFile(t, filepath.Join(root, "sports", "zz.txt"), "المنتخب \xff يفوز")
	tasnif(t, "", "train", root, "-o", out, "--min-df", "1").fails(t, badFile, "invalid UTF-8")
}

func TestTrainErrors(t *testing.T) {
	dir := t.TempDir()
	data := writeFile(t, filepath.Join(dir, "news.jsonl"), jsonlOf(labelled))
	out := filepath.Join(dir, "m.tasnif")
	oneLabel := writeFile(t, filepath.Join(dir, "one.jsonl"), jsonlOf(labelled[:4]))
	empty := writeFile(t, filepath.Join(dir, "empty.jsonl"), "")
	tests := []struct {
		name  string
		args  []string
		wants []string
	}{
		{"no output", []string{"train", data}, []string{`required flag(s) "output" not set`}},
		{"ngrams", []string{"train", data, "-o", out, "--ngrams", "9"}, []string{"ngrams must be between 1 and 4, got 9"}},
		{"ngrams 0", []string{"train", data, "-o", out, "--ngrams", "0"}, []string{"ngrams"}},
		{"alpha", []string{"train", data, "-o", out, "--alpha", "0"}, []string{"alpha must be a positive number"}},
		{"alpha negative", []string{"train", data, "-o", out, "--alpha", "-1"}, []string{"alpha"}},
		{"variant", []string{"train", data, "-o", out, "--variant", "x"}, []string{`unknown naive Bayes variant "x"`}},
		{"prior", []string{"train", data, "-o", out, "--prior", "x"}, []string{`unknown prior "x"`}},
		{"stemmer", []string{"train", data, "-o", out, "--stemmer", "porter"}, []string{`unknown stemmer "porter"`}},
		{"normalize", []string{"train", data, "-o", out, "--normalize", "bogus"}, []string{`--normalize: unknown rule "bogus"`}},
		{"normalize in a list", []string{"train", data, "-o", out, "--normalize", "nfkc,bogus"}, []string{`unknown rule "bogus"`}},
		{"min-df", []string{"train", data, "-o", out, "--min-df", "0"}, []string{"min_df must be at least 1"}},
		{"max-df", []string{"train", data, "-o", out, "--max-df", "1.5"}, []string{"max_df"}},
		{"epochs with complement", []string{"train", data, "-o", out, "--variant", "complement", "--epochs", "3"}, []string{"epochs"}},
		{"epochs", []string{"train", data, "-o", out, "--variant", "multinomial", "--epochs", "-1"}, []string{"epochs"}},
		{"not a number", []string{"train", data, "-o", out, "--ngrams", "two"}, []string{"invalid argument"}},
		{"unknown flag", []string{"train", data, "-o", out, "--bogus"}, []string{"unknown flag: --bogus"}},
		{"format", []string{"train", data, "-o", out, "--format", "xml"}, []string{`unknown format "xml"`}},
		{"unlabelled format", []string{"train", data, "-o", out, "--format", "lines"}, []string{"has no labels"}},
		{"extension", []string{"train", writeFile(t, filepath.Join(dir, "news.xml"), "x"), "-o", out}, []string{"cannot tell the format"}},
		{"missing file", []string{"train", filepath.Join(dir, "nope.jsonl"), "-o", out}, []string{"nope.jsonl", "no such file"}},
		{"one label", []string{"train", oneLabel, "-o", out, "--min-df", "1"}, []string{"at least 2 labels"}},
		{"empty", []string{"train", empty, "-o", out}, []string{"no labelled records in " + empty}},
		{"stop words file", []string{"train", data, "-o", out, "--stop-words", filepath.Join(dir, "nope.txt")}, []string{"nope.txt"}},
		{"unwritable output", []string{"train", data, "-o", filepath.Join(dir, "no", "such", "dir", "m.tasnif"), "--min-df", "1"}, []string{"writing the model"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tasnif(t, "", tt.args...).fails(t, tt.wants...)
			if _, err := os.Stat(out); err == nil {
				os.Remove(out)
				t.Fatal("a model was written despite the error")
			}
		})
	}
}

func TestTrainSettings(t *testing.T) {
	dir := t.TempDir()
	data := writeFile(t, filepath.Join(dir, "news.jsonl"), jsonlOf(labelled))
	out := filepath.Join(dir, "m.tasnif")
	tasnif(t, "", "train", data, "-o", out, "--min-df", "1", "--ngrams", "1", "--variant", "multinomial", "--epochs", "2",
		"--alpha", "0.1", "--prior", "uniform", "--stemmer", "none", "--normalize", "alef,digits", "--no-calibrate", "-q").ok(t)
	m := mustLoad(t, out)
	a := m.Vectorizer.Analyzer().Config()
	if a.NGrams != 1 || a.Stemmer != "none" || !a.UnifyAlef || !a.ASCIIDigits || a.NFKC || a.StripTashkeel {
		t.Errorf("analysis %+v", a)
	}
	nb := m.NB.Options
	if nb.Variant != "multinomial" || nb.Epochs != 2 || nb.Alpha != 0.1 || nb.Prior != "uniform" || nb.Calibrate {
		t.Errorf("naive Bayes %+v", nb)
	}
	for _, f := range m.Vectorizer.Vocabulary().Features() {
		if strings.Contains(f, " ") {
			t.Fatalf("--ngrams 1 model has the n-gram %q", f)
		}
	}

	tasnif(t, "", "train", data, "-o", out, "--min-df", "1", "--normalize", "none", "-q").ok(t)
	if a := mustLoad(t, out).Vectorizer.Analyzer().Config(); a.NFKC || a.UnifyAlef || a.LowerLatin {
		t.Errorf("--normalize none: %+v", a)
	}
}

func TestTrainStopWords(t *testing.T) {
	dir := t.TempDir()
	data := writeFile(t, filepath.Join(dir, "news.jsonl"), jsonlOf(labelled))
	stop := writeFile(t, filepath.Join(dir, "stop.txt"), "الشرطة المخدرات\nمباراة\n\nالطقس\n")

	def := filepath.Join(dir, "default.tasnif")
	tasnif(t, "", "train", data, "-o", def, "--min-df", "1", "-q").ok(t)
	custom := filepath.Join(dir, "custom.tasnif")
	tasnif(t, "", "train", data, "-o", custom, "--min-df", "1", "-q", "--stop-words", stop).ok(t)
	none := filepath.Join(dir, "none.tasnif")
	tasnif(t, "", "train", data, "-o", none, "--min-df", "1", "-q", "--no-stop-words").ok(t)

	terms := func(path, word string) []string { return mustLoad(t, path).Vectorizer.Analyzer().Terms(word) }
	for _, w := range []string{"الشرطة", "المخدرات", "مباراة", "الطقس"} {
		if got := terms(custom, w); len(got) != 0 {
			t.Errorf("%q is in the stop-word file, but the model keeps %q", w, got)
		}
		if got := terms(def, w); len(got) == 0 {
			t.Errorf("the default stop list drops %q", w)
		}
	}
	// The file replaces the built-in list.
	if len(terms(def, "على")) != 0 || len(terms(custom, "على")) == 0 {
		t.Errorf("built-in stop word: default %q, custom %q", terms(def, "على"), terms(custom, "على"))
	}
	if len(terms(none, "على")) == 0 {
		t.Error("--no-stop-words drops على")
	}
	if n := len(mustLoad(t, custom).Vectorizer.Analyzer().StopWords()); n != 4 {
		t.Errorf("%d stop words, want the file's 4", n)
	}
	// inspect agrees.
	r := tasnif(t, "", "inspect", custom, "--json").ok(t)
	if !strings.Contains(r.out, `"stop_words": 4,`) {
		t.Errorf("inspect does not show 4 stop words:\n%s", r.out)
	}
}

// TestTrainProgress runs training with the progress bar on, as on a
// terminal. (mpb itself draws only on a real terminal, so the buffer stays
// empty of it: this checks that the bar is fed and ended without a race or
// a hang.)
func TestTrainProgress(t *testing.T) {
	var docs []doc
	for i := range 600 {
		d := labelled[i%len(labelled)]
		d.id = fmt.Sprint(i)
		d.text += fmt.Sprintf(" رقم %d", i)
		docs = append(docs, d)
	}
	dir := t.TempDir()
	data := writeFile(t, filepath.Join(dir, "news.jsonl"), jsonlOf(docs))
	out := filepath.Join(dir, "m.tasnif")
	var stdout, stderr bytes.Buffer
	code := run([]string{"train", data, "-o", out, "--workers", "3"},
		&IOStreams{In: strings.NewReader(""), Out: &stdout, ErrOut: &stderr, ErrTerminal: true})
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "Trained on 600 documents") {
		t.Errorf("no summary:\n%q", stderr.String())
	}
	mustLoad(t, out)
}

// TestTrainTFIDFFlags checks that the TF-IDF and token-length flags reach
// the model's settings.
func TestTrainTFIDFFlags(t *testing.T) {
	dir := t.TempDir()
	model := filepath.Join(dir, "m.tasnif")
	data := writeFile(t, filepath.Join(dir, "d.jsonl"), jsonlOf(labelled))
	tasnif(t, "", "train", data, "-o", model, "-q", "--min-df", "1",
		"--no-smooth-idf", "--raw-tf", "--no-l2", "--min-letters", "3", "--max-letters", "20").ok(t)
	m := mustLoad(t, model)
	tc, ac := m.Vectorizer.Config(), m.Vectorizer.Analyzer().Config()
	if tc.SmoothIDF || tc.SublinearTF || tc.L2Norm || ac.MinRunes != 3 || ac.MaxRunes != 20 {
		t.Errorf("settings not applied: tfidf %+v, letters %d..%d", tc, ac.MinRunes, ac.MaxRunes)
	}
}
