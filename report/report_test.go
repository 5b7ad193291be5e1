package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tasnif/tasnif/classify"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// sampleMistakes are hand-written headlines, wrongly labelled the way a
// news classifier plausibly would (with the terms it would have leaned on).
var sampleMistakes = []Mistake{
	{"sec-017", "وزير الداخلية يبحث مع نظيره التونسي تعزيز التعاون الأمني على الحدود المشتركة", "security", "politics", 0.81,
		[]Term{{"وزير", 1.42}, {"نظير", 0.97}, {"تعاون", 0.66}, {"حدود", 0.31}}},
	{"sec-042", "البرلمان يصادق على مشروع قانون مكافحة الإرهاب بعد نقاش حاد", "security", "politics", 0.74,
		[]Term{{"برلمان", 1.88}, {"يصادق", 1.10}, {"قانون", 0.72}}},
	{"sec-051", "الحكومة تعلن خطة جديدة لمكافحة المخدرات في الأحياء الشعبية", "security", "politics", 0.58,
		[]Term{{"حكومة", 1.21}, {"خطة", 0.64}}},
	{"sec-063", "مجلس الأمن يدعو إلى وقف فوري لإطلاق النار في السودان", "security", "politics", 0.66,
		[]Term{{"مجلس", 1.05}, {"يدعو", 0.71}, {"السودان", 0.22}}},
	{"pol-008", "الرئيس يستقبل قائد أركان الجيش ويبحث معه الوضع في منطقة الساحل", "politics", "security", 0.77,
		[]Term{{"جيش", 1.64}, {"أركان", 1.12}, {"ساحل", 0.48}}},
	{"pol-023", "المعارضة تتهم الشرطة بالتضييق على مسيرة سلمية وسط العاصمة", "politics", "security", 0.63,
		[]Term{{"شرطة", 1.77}, {"مسيرة", 0.52}}},
	{"pol-031", "نواب يطالبون بلجنة تحقيق في صفقة أسلحة مشبوهة", "politics", "security", 0.52,
		[]Term{{"أسلحة", 1.35}, {"تحقيق", 0.93}}},
	{"wea-004", "الحماية المدنية تنقذ عائلة حاصرتها السيول في غرداية", "weather", "security", 0.71,
		[]Term{{"حماية مدنية", 1.51}, {"تنقذ", 1.02}, {"عائلة", 0.40}}},
	{"wea-019", "وفاة شخصين جرفتهما مياه الوادي بعد أمطار طوفانية", "weather", "security", 0.56,
		[]Term{{"وفاة", 1.30}, {"جرف", 0.44}}},
	{"oth-002", "ارتفاع أسعار الخضر والفواكه في الأسواق قبيل شهر رمضان", "other", "politics", 0.49,
		[]Term{{"أسعار", 0.88}, {"أسواق", 0.35}}},
	{"oth-007", "وزارة التربية تعلن تاريخ امتحانات البكالوريا", "other", "politics", 0.45,
		[]Term{{"وزارة", 1.12}, {"تعلن", 0.33}}},
	{"spo-014", "افتتاح ملعب جديد في وهران بحضور والي الولاية", "sports", "other", 0.44,
		[]Term{{"افتتاح", 0.95}, {"والي", 0.61}}},
	{"wea-027", "انقطاع الكهرباء في عدة أحياء بسبب موجة الحر", "weather", "other", 0.47,
		[]Term{{"انقطاع", 0.82}, {"كهرباء", 0.77}}},
	{"spo-020", "Le match JSK–MCA reporté à cause des intempéries", "sports", "weather", 0.61,
		[]Term{{"intempéries", 1.40}, {"reporté", 0.55}}},
}

// sampleSupport is the number of gold items per label.
var sampleSupport = map[string]int{"security": 30, "sports": 25, "politics": 20, "weather": 15, "other": 10}

// sampleItems returns gold and predicted labels and confidences for 100
// items: the mistakes above, the rest right with confidences spread over
// [0.45, 1) and skewed high, as a trained model's are.
func sampleItems() (gold, pred []string, conf []float64) {
	wrong := map[string]int{}
	for _, m := range sampleMistakes {
		wrong[m.Gold]++
	}
	i := 0
	for _, l := range []string{"other", "politics", "security", "sports", "weather"} {
		for range sampleSupport[l] - wrong[l] {
			u := float64((i*37)%100) / 100
			gold, pred = append(gold, l), append(pred, l)
			conf = append(conf, math.Round((0.45+0.549*math.Sqrt(u))*1000)/1000)
			i++
		}
	}
	for _, m := range sampleMistakes {
		gold, pred, conf = append(gold, m.Gold), append(pred, m.Predicted), append(conf, m.Confidence)
	}
	return gold, pred, conf
}

// sampleReport returns a hand-made report; cv adds a 5-fold
// cross-validation over the same items.
func sampleReport(t testing.TB, cv bool) *Report {
	t.Helper()
	gold, pred, conf := sampleItems()
	e, err := classify.Evaluate(gold, pred, conf)
	if err != nil {
		t.Fatal(err)
	}
	r := &Report{
		Title:     "tasnif evaluation",
		Model:     "models/news-2025.tsf",
		ModelInfo: "5 labels, 96,000 features, complement NB",
		Date:      time.Date(2025, 3, 14, 9, 30, 0, 0, time.UTC),
		Inputs:    []string{"testdata/corpus/dev.tsv", "testdata/corpus/headlines.tsv"},
		Docs:      sampleSupport,
		Eval:      e,
		Mistakes:  slices.Clone(sampleMistakes), // tests change them
	}
	if cv {
		const k, seed = 5, 1
		folds, err := classify.StratifiedFolds(gold, k, seed)
		if err != nil {
			t.Fatal(err)
		}
		evals := make([]*classify.Evaluation, k)
		for f := range k {
			var g, p []string
			var c []float64
			for i, fi := range folds {
				if fi == f {
					g, p, c = append(g, gold[i]), append(p, pred[i]), append(c, conf[i])
				}
			}
			if evals[f], err = classify.Evaluate(g, p, c); err != nil {
				t.Fatal(err)
			}
		}
		r.CV = classify.SummarizeCV(evals, e, seed)
	}
	return r
}

func TestSample(t *testing.T) {
	// The fixture is what the golden files and the screenshot show: pin it.
	r := sampleReport(t, false)
	if r.Eval.N != 100 || correct(r.Eval) != 86 {
		t.Fatalf("sample has %d items, %d right; want 100, 86", r.Eval.N, correct(r.Eval))
	}
}

func TestWriteErrors(t *testing.T) {
	writers := map[string]func(*bytes.Buffer, *Report) error{
		"html":     func(b *bytes.Buffer, r *Report) error { return WriteHTML(b, r) },
		"text":     func(b *bytes.Buffer, r *Report) error { return WriteText(b, r) },
		"markdown": func(b *bytes.Buffer, r *Report) error { return WriteMarkdown(b, r) },
		"json":     func(b *bytes.Buffer, r *Report) error { return WriteJSON(b, r) },
	}
	broken := &classify.Evaluation{Labels: []string{"a", "b"}, Classes: []classify.ClassMetrics{{Label: "a"}}}
	ragged := &classify.Evaluation{Labels: []string{"a", "b"}, Classes: make([]classify.ClassMetrics, 2), Confusion: [][]int{{1, 0}, {1}}}
	for name, write := range writers {
		for _, r := range []*Report{nil, {Title: "no evaluation"}, {Eval: broken}, {Eval: ragged}} {
			var b bytes.Buffer
			if err := write(&b, r); err == nil {
				t.Errorf("%s: no error for %+v", name, r)
			}
		}
	}
}

func TestDefaults(t *testing.T) {
	r := sampleReport(t, false)
	r.Title, r.Docs, r.Mistakes = "", nil, nil
	d, err := r.withDefaults()
	if err != nil {
		t.Fatal(err)
	}
	if d.Title != DefaultTitle || d.MaxMistakes != DefaultMaxMistakes || d.MinPrecision != DefaultMinPrecision {
		t.Errorf("defaults %q %d %g", d.Title, d.MaxMistakes, d.MinPrecision)
	}
	if d.Docs["security"] != 30 || d.Mistakes == nil {
		t.Errorf("docs from support %v, mistakes %v", d.Docs, d.Mistakes)
	}
	if r.Title != "" || r.Docs != nil {
		t.Error("withDefaults changed the caller's report")
	}
}

func TestGroups(t *testing.T) {
	r := sampleReport(t, false)
	r.MaxMistakes = 2
	r, _ = r.withDefaults()
	gs := r.groups()
	var got []string
	for _, g := range gs {
		got = append(got, g.Gold+">"+g.Predicted)
	}
	want := []string{"security>politics", "politics>security", "other>politics", "weather>security",
		"sports>other", "sports>weather", "weather>other"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("groups %v, want %v", got, want)
	}
	first := gs[0]
	if first.Total != 4 || len(first.Shown) != 2 || first.More != 2 {
		t.Errorf("first group: total %d, shown %d, more %d", first.Total, len(first.Shown), first.More)
	}
	if first.Shown[0].ID != "sec-017" || first.Shown[1].ID != "sec-042" {
		t.Errorf("most confident first: got %s, %s", first.Shown[0].ID, first.Shown[1].ID)
	}
}

func TestThresholdSentence(t *testing.T) {
	r := sampleReport(t, false)
	for _, tc := range []struct {
		target float64
		want   string
	}{
		{0.95, "Tag items below P=0.75 as uncertain to keep 95% precision: 62 of 100 items (62%) stay tagged, at 96.8% precision."},
		{0.85, "All 100 predictions together already reach 85% precision (86%): no item needs to be tagged uncertain."},
		{1, "Tag items below P=0.85 as uncertain to keep 100% precision: 40 of 100 items (40%) stay tagged, at 100% precision."},
	} {
		r.MinPrecision = tc.target
		d, _ := r.withDefaults()
		if got := d.thresholdSentence(); got != tc.want {
			t.Errorf("target %g:\n got %s\nwant %s", tc.target, got, tc.want)
		}
	}

	e, err := classify.Evaluate([]string{"a", "b", "a"}, []string{"a", "a", "b"}, []float64{0.9, 0.95, 0.4})
	if err != nil {
		t.Fatal(err)
	}
	d, _ := (&Report{Eval: e}).withDefaults()
	want := "No confidence threshold reaches 95% precision; the best, P ≥ 0.45, keeps 2 of 3 items at 50%."
	if got := d.thresholdSentence(); got != want {
		t.Errorf("unreachable:\n got %s\nwant %s", got, want)
	}
	e.Coverage = nil
	if got := d.thresholdSentence(); got != "" {
		t.Errorf("no confidences: %q", got)
	}
}

func TestDirection(t *testing.T) {
	for _, tc := range []struct{ text, dir, lang string }{
		{"الحماية المدنية تنقذ عائلة", "rtl", "ar"},
		{"مباراة JSK و MCA تؤجل", "rtl", "ar"},
		{"Le match JSK–MCA reporté", "auto", ""},
		{"2025", "auto", ""},
		{"", "auto", ""},
	} {
		if dir, lang := direction(tc.text); dir != tc.dir || lang != tc.lang {
			t.Errorf("direction(%q) = %s, %s; want %s, %s", tc.text, dir, lang, tc.dir, tc.lang)
		}
	}
}

func TestPct(t *testing.T) {
	for x, want := range map[float64]string{0.95: "95%", 0.975: "97.5%", 1: "100%", 0: "0%", 2.0 / 3: "66.7%", 0.8567: "85.7%"} {
		if got := pct(x); got != want {
			t.Errorf("pct(%g) = %s, want %s", x, got, want)
		}
	}
}

func TestWriteJSONRoundTrip(t *testing.T) {
	for _, cv := range []bool{false, true} {
		r := sampleReport(t, cv)
		var b bytes.Buffer
		if err := WriteJSON(&b, r); err != nil {
			t.Fatal(err)
		}
		var back Report
		if err := json.Unmarshal(b.Bytes(), &back); err != nil {
			t.Fatalf("decode: %v\n%s", err, b.Bytes())
		}
		want, _ := r.withDefaults()
		if !back.Date.Equal(want.Date) {
			t.Errorf("date %v, want %v", back.Date, want.Date)
		}
		back.Date = want.Date
		if !reflect.DeepEqual(&back, want) {
			t.Errorf("cv=%v: round trip differs:\n got %+v\nwant %+v", cv, back, *want)
		}

		// The fields CI jobs read, by their documented names.
		var doc map[string]any
		if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		for _, key := range []string{"format", "title", "model", "model_info", "date", "inputs", "docs", "evaluation",
			"mistakes", "max_mistakes", "min_precision", "threshold"} {
			if _, ok := doc[key]; !ok {
				t.Errorf("JSON lacks %q", key)
			}
		}
		if _, ok := doc["cv"]; ok != cv {
			t.Errorf("cv present %v, want %v", ok, cv)
		}
		if doc["format"] != JSONFormat {
			t.Errorf("format %v", doc["format"])
		}
		th := doc["threshold"].(map[string]any)
		if th["threshold"] != 0.75 || th["kept"] != 62.0 {
			t.Errorf("threshold %v", th)
		}
		if !bytes.HasPrefix(b.Bytes(), []byte("{\n  \"format\": ")) {
			t.Errorf("not indented by two spaces: %.40s", b.Bytes())
		}
	}
}

func TestWriteJSONNoThreshold(t *testing.T) {
	e, err := classify.Evaluate([]string{"a", "b"}, []string{"b", "a"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := WriteJSON(&b, &Report{Eval: e}); err != nil {
		t.Fatal(err)
	}
	s := b.String()
	for _, want := range []string{`"threshold": null`, `"mistakes": []`, `"inputs": []`} {
		if !strings.Contains(s, want) {
			t.Errorf("JSON lacks %s:\n%s", want, s)
		}
	}
	if strings.Contains(s, `"date"`) || strings.Contains(s, `"cv"`) {
		t.Errorf("unset date or cv written:\n%s", s)
	}
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./report -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := range max(len(gl), len(wl)) {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("%s differs at line %d:\n got %q\nwant %q\n(run go test ./report -update after checking the change)", path, i+1, g, w)
			}
		}
	}
}

func TestWriteTextGolden(t *testing.T) {
	r := sampleReport(t, true)
	r.MaxMistakes = 3
	var b bytes.Buffer
	if err := WriteText(&b, r); err != nil {
		t.Fatal(err)
	}
	golden(t, "report.txt", b.Bytes())
	s := b.String()
	for _, want := range []string{
		"Accuracy 0.860 (86 of 100)",
		"security → politics (4)",
		"… and 1 more",
		"← 95% precision",
		"Cross-validation (5 folds, seed 1)",
		"وزير الداخلية",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	for i, line := range strings.Split(s, "\n") {
		if strings.TrimRight(line, " ") != line {
			t.Errorf("line %d has trailing spaces: %q", i+1, line)
		}
	}
}

func TestWriteMarkdownGolden(t *testing.T) {
	r := sampleReport(t, true)
	r.MaxMistakes = 3
	var b bytes.Buffer
	if err := WriteMarkdown(&b, r); err != nil {
		t.Fatal(err)
	}
	golden(t, "report.md", b.Bytes())
	s := b.String()
	for _, want := range []string{
		"# tasnif evaluation",
		"| label | precision | recall | F1 | support | predicted | documents |",
		"| **security** | · | 4 | **26** |",
		"### security → politics (4)",
		"…and 1 more.",
		"## Cross-validation",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
}

func TestMarkdownEscapes(t *testing.T) {
	for in, want := range map[string]string{
		"<script>alert(1)</script>": `\<script\>alert(1)\</script\>`,
		"a | b":                     `a \| b`,
		"*bold* _it_ `code`":        "\\*bold\\* \\_it\\_ \\`code\\`",
		"line\nbreak":               "line break",
		"[link](x)":                 `\[link\](x)`,
	} {
		if got := md(in); got != want {
			t.Errorf("md(%q) = %q, want %q", in, got, want)
		}
	}
}
