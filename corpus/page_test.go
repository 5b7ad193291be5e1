package corpus

import (
	"os"
	"strings"
	"testing"
)

func headline(line, index int, text string) step {
	return step{Rec: Record{Text: text, Line: line, Kind: "headline", Index: index}}
}

func article(line int, title, text string) step {
	return step{Rec: Record{Title: title, Text: text, Line: line, Kind: "article", Index: 1}}
}

// TestSamplePage reads testdata/pages/sample-page.txt, an invented page
// laid out like the real ones: a ticker whose headlines are separated by
// runs of spaces, tabs and no-break spaces, boilerplate, CRLF lines, then
// an article.
func TestSamplePage(t *testing.T) {
	const path = "../testdata/pages/sample-page.txt"
	r, err := Open(path, Options{Format: Page})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	got, err := readSteps(t, r)
	if err != nil {
		t.Fatal(err)
	}
	// The ticker's headlines, one a line: one holds a no-break space,
	// which does not split it.
	heads := readLines(t, "../testdata/pages/sample-page.headlines.txt")
	var want []step
	for i, h := range heads {
		want = append(want, headline(1, i+1, h))
	}
	want = append(want, article(8,
		"تفكيك شبكة لتهريب المخدرات عبر ميناء مدينة ساحلية",
		"أعلنت المديرية العامة للأمن أن عناصرها تمكنوا، مساء أمس، من تفكيك شبكة إجرامية تنشط في تهريب المخدرات عبر الميناء، وحجز أزيد من طنين من مخدر الشيرا مخبأة داخل شاحنة لنقل الفواكه.\n"+
			"وأوضح بلاغ أمني أن العملية أسفرت عن توقيف خمسة مشتبه فيهم، بينهم سائق الشاحنة، فيما يجري البحث عن شركاء آخرين في إطار تحقيق تشرف عليه النيابة العامة المختصة."))
	checkSteps(t, got, want, path)
}

// TestRealPage reads the news page the users gave as an example. It lives
// outside the repository, so the test skips when it is absent.
func TestRealPage(t *testing.T) {
	const path = "../../shared/examples/news-page.txt"
	if _, err := os.Stat(path); err != nil {
		t.Skip("../shared not present: the real example page is kept outside the repository (", err, ")")
	}
	r, err := Open(path, Options{Format: Page})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	got, err := readSteps(t, r)
	if err != nil {
		t.Fatal(err)
	}
	heads, articles := 0, 0
	for _, s := range got {
		switch {
		case s.Err != "":
			t.Errorf("unexpected error: %s", s.Err)
		case s.Rec.Kind == "headline":
			heads++
			if s.Rec.Index != heads || s.Rec.Line != 1 || s.Rec.Text == "" || s.Rec.Text != strings.TrimSpace(s.Rec.Text) {
				t.Errorf("headline %d: %+v", heads, s.Rec)
			}
		case s.Rec.Kind == "article":
			articles++
			a := s.Rec
			// The page's layout: the title on line 14, seven paragraphs.
			if a.Title == "" || a.Line != 14 || a.Index != 1 || strings.Count(a.Text, "\n") != 6 {
				t.Errorf("article: %+v", a)
			}
			for _, b := range DefaultBoilerplate() {
				if strings.Contains(a.Text, b) || a.Title == b {
					t.Errorf("article keeps boilerplate %q", b)
				}
			}
			if strings.Contains(a.Text, "\n\n") || a.Text != strings.TrimSpace(a.Text) {
				t.Errorf("article body has empty lines or untrimmed ends")
			}
		default:
			t.Errorf("record of unknown kind: %+v", s.Rec)
		}
	}
	if heads != 51 || articles != 1 {
		t.Errorf("got %d headlines and %d articles, want 51 and 1", heads, articles)
	}
}

func TestPage(t *testing.T) {
	tests := []struct {
		name  string
		opt   Options
		input string
		want  []step
	}{
		{
			name:  "no ticker: the first line is the title",
			input: "\nعنوان الخبر\n\nفقرة أولى\nفقرة  ثانية\n",
			want:  []step{article(2, "عنوان الخبر", "فقرة أولى\nفقرة  ثانية")},
		},
		{
			name:  "ticker only",
			input: "خبر أول  خبر ثان\n\nشكرا على الإبلاغ!\n",
			want:  []step{headline(1, 1, "خبر أول"), headline(1, 2, "خبر ثان")},
		},
		{
			name:  "a ticker after empty lines; empty items dropped",
			input: "\n\n  a  \u00a0 \t b\t\t\tc \u00a0\u2003d  \n",
			want:  []step{headline(3, 1, "a"), headline(3, 2, "b"), headline(3, 3, "c"), headline(3, 4, "d")},
		},
		{
			name:  "title without body",
			input: "a  b\nTitle\n",
			want:  []step{headline(1, 1, "a"), headline(1, 2, "b"), article(2, "Title", "")},
		},
		{
			name:  "boilerplate before the ticker is skipped",
			input: "انقر هنا لقراءة الخبر من مصدره.\nx  y\nT\nbody\n",
			want:  []step{headline(2, 1, "x"), headline(2, 2, "y"), article(3, "T", "body")},
		},
		{
			name:  "a single line with one item is a title",
			input: "  only a title  ",
			want:  []step{article(1, "only a title", "")},
		},
		{
			name:  "custom boilerplate",
			opt:   Options{Boilerplate: []string{" Ad ", ""}},
			input: "h1  h2\nAd\nشكرا على الإبلاغ!\nbody line\n",
			want: []step{
				headline(1, 1, "h1"), headline(1, 2, "h2"),
				article(3, "شكرا على الإبلاغ!", "body line"),
			},
		},
		{
			name:  "bad lines are reported and dropped",
			opt:   Options{MaxLineBytes: 12},
			input: "h1  h2\nTitle\nok line\nbad \xff\na line that is too long\nlast\n",
			want: []step{
				headline(1, 1, "h1"), headline(1, 2, "h2"),
				recErr("in.page:4: invalid UTF-8 at byte 5"),
				recErr("in.page:5: line longer than 12 bytes (skipped)"),
				article(2, "Title", "ok line\nlast"),
			},
		},
		{
			name:  "article too long",
			opt:   Options{MaxLineBytes: 10},
			input: "Title\n123456\n7890\nabc\n",
			want:  []step{recErr("in.page:1: article longer than 10 bytes")},
		},
		{
			name:  "empty page",
			input: "\n\n \n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := tt.opt
			opt.Format = Page
			got, err := readString(t, "in.page", tt.input, opt)
			if err != nil {
				t.Fatal(err)
			}
			checkSteps(t, got, tt.want, "in.page")
		})
	}
}

func TestSplitTicker(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"one item", []string{"one item"}},
		{"a  b", []string{"a", "b"}},
		{"a \u00a0b", []string{"a", "b"}},
		{"a\u00a0b", []string{"a\u00a0b"}},
		{"  a  ", []string{"a"}},
		{"a\t\tb   c", []string{"a", "b", "c"}},
	}
	for _, tt := range tests {
		got := splitTicker(tt.in)
		if strings.Join(got, "|") != strings.Join(tt.want, "|") || len(got) != len(tt.want) {
			t.Errorf("splitTicker(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDefaultBoilerplateIsACopy(t *testing.T) {
	b := DefaultBoilerplate()
	b[0] = "changed"
	if DefaultBoilerplate()[0] == "changed" {
		t.Error("DefaultBoilerplate returns shared storage")
	}
}

// readLines returns the lines of a test fixture.
func readLines(t *testing.T, path string) []string {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
}
