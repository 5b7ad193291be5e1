package report

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/tasnif/tasnif/classify"
)

func writeHTML(t *testing.T, r *Report) string {
	t.Helper()
	var b bytes.Buffer
	if err := WriteHTML(&b, r); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestWriteHTML(t *testing.T) {
	s := writeHTML(t, sampleReport(t, true))
	for _, want := range []string{
		"<!DOCTYPE html>",
		`<meta charset="utf-8">`,
		"Content-Security-Policy",
		// summary
		"<title>tasnif evaluation — models/news-2025.tsf</title>",
		"5 labels, 96,000 features, complement NB",
		"2025-03-14 09:30 UTC",
		"testdata/corpus/headlines.tsv",
		`<div class="v">86%</div>`,
		// per class
		`<table class="metrics sortable">`,
		`<svg xmlns="http://www.w3.org/2000/svg" class="chart classes"`,
		// confusion matrix: the security row of counts, 4 of them to politics
		`<table class="heatmap counts">`,
		`<table class="heatmap shares">`,
		`title="gold security, predicted politics: 4"><a href="#mistakes-1">4</a></td>`,
		`title="13.3% of gold security predicted politics (4 of 30)"`,
		// calibration and coverage
		`class="chart reliability"`,
		`class="chart coverage"`,
		"Tag items below P=0.75 as uncertain to keep 95% precision",
		"P ≥ 0.75 keeps 62%",
		// cross-validation
		`<table class="cv">`,
		"fold 5",
		"pooled",
		`class="chart cv"`,
		// mistakes
		`<details class="group" id="mistakes-1" open>`,
		`<p class="text" dir="rtl" lang="ar">وزير الداخلية يبحث مع نظيره التونسي تعزيز التعاون الأمني على الحدود المشتركة</p>`,
		`<p class="text" dir="auto">Le match JSK–MCA reporté à cause des intempéries</p>`,
		`<span class="t" dir="rtl" lang="ar">برلمان</span><span class="w">&#43;1.88</span>`,
		`<span class="t" dir="auto">intempéries</span>`,
		"confidence <b>0.81</b>",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("HTML lacks %s", want)
		}
	}
	if n := strings.Count(s, "<svg "); n != 4 {
		t.Errorf("%d charts, want 4", n)
	}
	// Counts: every cell of the 5×5 matrix is there.
	counts := s[strings.Index(s, `<table class="heatmap counts">`):]
	counts = counts[:strings.Index(counts, "</table>")]
	if n := strings.Count(counts, "<td class=\"right") + strings.Count(counts, "<td class=\"wrong"); n != 25 {
		t.Errorf("count heatmap has %d cells, want 25", n)
	}
	// Self-contained: nothing is fetched. The SVG namespace is a name, not
	// a request.
	if m := regexp.MustCompile(`(?i)(src|href)\s*=\s*"(https?:)?//`).FindString(s); m != "" {
		t.Errorf("external reference %s", m)
	}
	if strings.Contains(s, "<link rel=\"stylesheet\"") || strings.Contains(s, "@import") {
		t.Error("external stylesheet")
	}
}

func TestWriteHTMLEscapes(t *testing.T) {
	r := sampleReport(t, false)
	r.Title = `<b>bold</b> & "title"`
	r.Mistakes = append([]Mistake{{
		ID: `x"><img src=x>`, Text: `تحذير <script>alert("x")</script> من رياح قوية`,
		Gold: "weather", Predicted: "security", Confidence: 0.9,
		Terms: []Term{{"<i>term</i>", 1}},
	}}, r.Mistakes...)
	s := writeHTML(t, r)
	for _, bad := range []string{`<script>alert`, `<img src=x>`, `<i>term</i>`, `<b>bold</b>`} {
		if strings.Contains(s, bad) {
			t.Errorf("HTML holds unescaped %s", bad)
		}
	}
	for _, want := range []string{`&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;`, `&lt;i&gt;term&lt;/i&gt;`, `&lt;b&gt;bold&lt;/b&gt; &amp; &#34;title&#34;`} {
		if !strings.Contains(s, want) {
			t.Errorf("HTML lacks escaped %s", want)
		}
	}
	// The only script element is the page's own.
	if n := strings.Count(s, "<script"); n != 1 {
		t.Errorf("%d script elements, want 1", n)
	}
}

func TestWriteHTMLArabicLabels(t *testing.T) {
	// Labels can be in any script: they sit in <bdi> in tables and as
	// escaped text in the charts.
	e, err := classify.Evaluate([]string{"رياضة", "أمن", "رياضة", "<x>"}, []string{"رياضة", "رياضة", "رياضة", "أمن"}, []float64{0.9, 0.6, 0.8, 0.7})
	if err != nil {
		t.Fatal(err)
	}
	s := writeHTML(t, &Report{Eval: e})
	for _, want := range []string{`<bdi>رياضة</bdi>`, `class="label">رياضة</text>`, `&lt;x&gt;`, "No mistakes to show."} {
		if !strings.Contains(s, want) {
			t.Errorf("HTML lacks %s", want)
		}
	}
	if strings.Contains(s, "<x>") {
		t.Error("label not escaped")
	}
}

func TestWriteHTMLCaps(t *testing.T) {
	r := sampleReport(t, false)
	r.MaxMistakes = 1
	s := writeHTML(t, r)
	if !strings.Contains(s, `<p class="more">and 3 more</p>`) {
		t.Error(`no "and 3 more" for the group of 4`)
	}
	if n := strings.Count(s, `<li class="mistake">`); n != 7 {
		t.Errorf("%d mistakes shown, want one per group, 7", n)
	}
}

func TestWriteHTMLLongText(t *testing.T) {
	r := sampleReport(t, false)
	r.Mistakes[0].Text = strings.Repeat("نص طويل جدا ", 60)
	s := writeHTML(t, r)
	if !strings.Contains(s, `<details class="text" dir="rtl" lang="ar"><summary>`) {
		t.Error("long text not folded")
	}
}

func TestWriteHTMLWithoutConfidence(t *testing.T) {
	e, err := classify.Evaluate([]string{"a", "b", "b"}, []string{"a", "b", "a"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := writeHTML(t, &Report{Eval: e, Mistakes: []Mistake{{ID: "1", Text: "x", Gold: "b", Predicted: "a"}}})
	if n := strings.Count(s, "<svg "); n != 1 {
		t.Errorf("%d charts without confidences, want 1", n)
	}
	if strings.Contains(s, `id="confidence"`) {
		t.Error("confidence section without confidences")
	}
}
