package main

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/tasnif/tasnif/models"
)

// result is what running a command gave.
type result struct {
	code        int
	out, stderr string
}

// tasnif runs the command line in-process with stdin as standard input.
func tasnif(t testing.TB, stdin string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, &IOStreams{In: strings.NewReader(stdin), Out: &out, ErrOut: &errOut})
	return result{code: code, out: out.String(), stderr: errOut.String()}
}

// ok fails the test unless the command succeeded.
func (r result) ok(t testing.TB) result {
	t.Helper()
	if r.code != 0 {
		t.Fatalf("exit %d\nstderr: %s\nstdout: %s", r.code, r.stderr, r.out)
	}
	return r
}

// fails fails the test unless the command failed with an error containing
// every one of want.
func (r result) fails(t testing.TB, want ...string) result {
	t.Helper()
	if r.code == 0 {
		t.Fatalf("exit 0, want a failure\nstdout: %s\nstderr: %s", r.out, r.stderr)
	}
	for _, w := range want {
		if !strings.Contains(r.stderr, w) {
			t.Errorf("stderr does not say %q:\n%s", w, r.stderr)
		}
	}
	return r
}

// doc is one labelled story of the test set.
type doc struct {
	id, title, text, label string
}

// labelled is a small labelled set in four topics, written for these tests.
var labelled = []doc{
	{"s1", "المنتخب يفوز على ضيفه", "فاز المنتخب الوطني لكرة القدم على ضيفه بهدفين في مباراة ودية بالملعب الكبير", "sports"},
	{"s2", "الوداد يتعادل مع الرجاء", "انتهت مباراة الديربي بالتعادل في الجولة العاشرة من البطولة الاحترافية", "sports"},
	{"s3", "العداءة تحطم الرقم القياسي", "حطمت العداءة الرقم القياسي في سباق ألف وخمسمائة متر خلال البطولة القارية", "sports"},
	{"s4", "مدرب الفريق يعلن التشكيلة", "أعلن مدرب الفريق لائحة اللاعبين المدعوين لمباراة الكأس أمام النادي المنافس", "sports"},
	{"p1", "البرلمان يصادق على قانون المالية", "صادق مجلس النواب على مشروع قانون المالية بعد نقاش طويل بين الأغلبية والمعارضة", "politics"},
	{"p2", "وزير الخارجية يستقبل نظيره", "استقبل وزير الخارجية نظيره البرتغالي لبحث تعزيز التعاون الثنائي بين الحكومتين", "politics"},
	{"p3", "الحكومة تعلن خطة جديدة", "أعلنت الحكومة خطة جديدة لدعم التشغيل بعد مصادقة المجلس الوزاري ومشاورات مع الأحزاب", "politics"},
	{"p4", "الانتخابات التشريعية المقبلة", "دعت الأحزاب السياسية إلى مشاركة واسعة في الانتخابات التشريعية المقبلة والتصويت", "politics"},
	{"x1", "توقيف مروج مخدرات", "أوقفت عناصر الشرطة القضائية شابا يشتبه في ترويجه المخدرات وحجزت كمية من الشيرا", "security"},
	{"x2", "تفكيك شبكة للتهريب", "فككت المصالح الأمنية شبكة إجرامية لتهريب المخدرات عبر الميناء وأوقفت خمسة مشتبه فيهم", "security"},
	{"x3", "سرقة وكالة بنكية", "أوقفت الشرطة ثلاثة أشخاص يشتبه في تورطهم في سرقة وكالة بنكية تحت التهديد بالسلاح", "security"},
	{"x4", "الدرك يحجز أطنانا من الشيرا", "حجزت عناصر الدرك أطنانا من مخدر الشيرا وفتحت النيابة العامة تحقيقا في القضية", "security"},
	{"w1", "أمطار رعدية بالمناطق الشمالية", "توقعت مديرية الأرصاد الجوية أمطارا رعدية ورياحا قوية بالمناطق الشمالية نهاية الأسبوع", "weather"},
	{"w2", "موجة حر تضرب الجنوب", "تشهد المناطق الجنوبية موجة حر مع درجات حرارة مرتفعة تفوق الأربعين حسب نشرة الأرصاد", "weather"},
	{"w3", "تساقطات ثلجية بالمرتفعات", "تعرف المرتفعات تساقطات ثلجية وانخفاضا في درجات الحرارة مع طقس بارد وضباب كثيف", "weather"},
	{"w4", "توقعات الطقس ليوم غد", "توقعات أحوال الطقس ليوم غد سماء غائمة وزخات مطرية متفرقة ورياح معتدلة", "weather"},
}

// testLabels are the labels of labelled, sorted.
var testLabels = []string{"politics", "security", "sports", "weather"}

// perLabel is how trainSummary lists the labelled set.
const perLabel = "politics 4, security 4, sports 4, weather 4"

func jsonlOf(docs []doc) string {
	var b strings.Builder
	for _, d := range docs {
		line, _ := json.Marshal(map[string]string{"id": d.id, "title": d.title, "text": d.text, "label": d.label})
		b.Write(line)
		b.WriteByte('\n')
	}
	return b.String()
}

func delimitedOf(docs []doc, comma rune) string {
	var b strings.Builder
	w := csv.NewWriter(&b)
	w.Comma = comma
	w.Write([]string{"id", "title", "text", "label"})
	for _, d := range docs {
		w.Write([]string{d.id, d.title, d.text, d.label})
	}
	w.Flush()
	return b.String()
}

func fastTextOf(docs []doc) string {
	var b strings.Builder
	for _, d := range docs {
		fmt.Fprintf(&b, "__label__%s %s %s\n", d.label, d.title, d.text)
	}
	return b.String()
}

// writeDirCorpus writes root/<label>/<id>.txt.
func writeDirCorpus(t testing.TB, root string, docs []doc) {
	t.Helper()
	for _, d := range docs {
		dir := filepath.Join(root, d.label)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, d.id+".txt"), d.title+"\n"+d.text+"\n")
	}
}

func writeFile(t testing.TB, path, content string) string {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func writeGzip(t testing.TB, path, content string) string {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte(content))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return writeFile(t, path, buf.String())
}

// trainedModel is a model trained on labelled by the train command, once
// per test binary, in its own folder.
var trained struct {
	once sync.Once
	path string
	err  error
}

func trainedModel(t testing.TB) string {
	t.Helper()
	trained.once.Do(func() {
		dir, err := os.MkdirTemp("", "tasnif-cmd-test-")
		if err != nil {
			trained.err = err
			return
		}
		data := filepath.Join(dir, "labelled.jsonl")
		if err := os.WriteFile(data, []byte(jsonlOf(labelled)), 0o644); err != nil {
			trained.err = err
			return
		}
		trained.path = filepath.Join(dir, "news.tasnif")
		var out, errOut bytes.Buffer
		if code := run([]string{"train", data, "-o", trained.path, "--min-df", "1", "-q"}, &IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut}); code != 0 {
			trained.err = fmt.Errorf("train: exit %d: %s", code, errOut.String())
		}
	})
	if trained.err != nil {
		t.Fatal(trained.err)
	}
	return trained.path
}

// asCLI is the environment variable that makes the test binary run as the
// tasnif command itself, for the tests that need a process of its own.
const asCLI = "TASNIF_TEST_AS_CLI"

func TestMain(m *testing.M) {
	if os.Getenv(asCLI) == "1" {
		os.Exit(run(os.Args[1:], &IOStreams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr}))
	}
	code := m.Run()
	if trained.path != "" {
		os.RemoveAll(filepath.Dir(trained.path))
	}
	os.Exit(code)
}

// mustLoad loads a model file the test wrote.
func mustLoad(t testing.TB, path string) *models.Model {
	t.Helper()
	m, err := models.Load(path)
	if err != nil {
		t.Fatalf("model %s does not load: %v", path, err)
	}
	return m
}

// jsonLines decodes JSON Lines output.
func jsonLines(t testing.TB, out string) []map[string]any {
	t.Helper()
	var objs []map[string]any
	if out == "" {
		return nil
	}
	if !strings.HasSuffix(out, "\n") {
		t.Fatalf("output does not end with a newline: %q", out)
	}
	for i, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		var obj map[string]any
		if err := json.Unmarshal([]byte(line), &obj); err != nil {
			t.Fatalf("line %d is not JSON (%v): %s", i+1, err, line)
		}
		objs = append(objs, obj)
	}
	return objs
}

// sharedDir is the project's ../shared folder, beside the repository; tests
// that need it skip when it is absent (a plain clone has none).
const sharedDir = "../../../shared"

func needShared(t testing.TB, rel string) string {
	t.Helper()
	p := filepath.Join(sharedDir, rel)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("%s not present: this test needs the project's ../shared folder beside the repository (%v)", p, err)
	}
	return p
}

// readLines returns the lines of a test fixture.
func readLines(t *testing.T, path string) []string {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
}
