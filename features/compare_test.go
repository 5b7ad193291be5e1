package features_test

// This file measures tasnif's text pipeline against the libraries it could
// have used instead, on correctness and on speed. The numbers in README.md
// ("Tokeniser" and the dependency table) come from here:
//
//	go test ./features -run 'Compare' -v                   # correctness tables
//	go test ./features -run '^$' -bench 'Compare' -benchmem # speed
//
// Tokenizers compared, all on the same input (the text after tasnif's
// Normalizer with DefaultConfig, as the pipeline runs them):
//
//   - tasnif's WordTokenizer;
//   - prose v2 (github.com/jdkato/prose/v2), the dependency the project brief
//     names: NewDocument with tagging, extraction and segmentation off;
//   - prose v3 (github.com/jdkato/prose/v3/tokenize) with its default English
//     affixes, with Arabic punctuation added to its prefix and suffix lists,
//     and with "." and "'" added as split cases too;
//   - bleve's Unicode tokenizer (UAX #29 word boundaries, blevesearch/segment);
//   - strings.Fields, the naive baseline.
//
// The other tokenizers return punctuation as tokens of their own; tasnif drops
// it. To score them fairly every tokenizer's output goes through the same
// filter, which keeps the tokens holding at least one letter or digit.
//
// The prose and bleve packages are test-only dependencies: nothing outside
// this file imports them. The correctness comparisons run in well under a
// second and skip in -short mode; the assertions on tasnif itself always run.

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/blevesearch/bleve/v2/analysis"
	bleveAr "github.com/blevesearch/bleve/v2/analysis/lang/ar"
	bleveUnicode "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	prosev2 "github.com/jdkato/prose/v2"
	prosev3 "github.com/jdkato/prose/v3/tokenize"

	"github.com/tasnif/tasnif/features"
)

// tokenCase is one hand-written correctness case. want holds the expected
// words in ordinary spelling; they are compared after tasnif's Normalizer
// (DefaultConfig), as the tokens are, so "أخرى" stands for "اخري".
type tokenCase struct {
	kind string // what the case is about, for the failure summary
	in   string
	want []string
}

var tokenCases = []tokenCase{
	// Arabic punctuation glued to words.
	{"arabic-punct", "قال، إن الحكومة ستقرر", []string{"قال", "إن", "الحكومة", "ستقرر"}},
	{"arabic-punct", "الحكومة؛ والبرلمان؛ والقضاء", []string{"الحكومة", "والبرلمان", "والقضاء"}},
	{"arabic-punct", "هل يتأهل المنتخب؟", []string{"هل", "يتأهل", "المنتخب"}},
	{"arabic-punct", "«المغرب أولا»", []string{"المغرب", "أولا"}},
	{"arabic-punct", "قال: «لا تراجع».", []string{"قال", "لا", "تراجع"}},
	{"arabic-punct", "لماذا؟!الجواب", []string{"لماذا", "الجواب"}},
	{"arabic-punct", "السؤال،الجواب؛النتيجة", []string{"السؤال", "الجواب", "النتيجة"}},
	// Quotes and brackets.
	{"quotes-brackets", "\"الوزير\" و'الحكومة'", []string{"الوزير", "و", "الحكومة"}},
	{"quotes-brackets", "“الأغلبية” ‘متماسكة’", []string{"الأغلبية", "متماسكة"}},
	{"quotes-brackets", "(وزارة الداخلية)", []string{"وزارة", "الداخلية"}},
	{"quotes-brackets", "[تحديث] {ملحق} الخبر", []string{"تحديث", "ملحق", "الخبر"}},
	{"quotes-brackets", "« la réforme »", []string{"la", "réforme"}},
	// Ellipses and dashes.
	{"dashes-ellipsis", "انتظر…ثم عاد", []string{"انتظر", "ثم", "عاد"}},
	{"dashes-ellipsis", "الأسئلة الشفوية..وزير الصحة", []string{"الأسئلة", "الشفوية", "وزير", "الصحة"}},
	{"dashes-ellipsis", "الرباط – الدار البيضاء", []string{"الرباط", "الدار", "البيضاء"}},
	{"dashes-ellipsis", "الرباط—فاس", []string{"الرباط", "فاس"}},
	{"dashes-ellipsis", "Casablanca-Settat", []string{"casablanca", "settat"}},
	// Full stops glued between words (scraped paragraphs).
	{"glued-stop", "الحادث.واستمع", []string{"الحادث", "واستمع"}},
	{"glued-stop", "وقع الحادث.واستمع المحققون إلى الشهود.وأكد المصدر", []string{"وقع", "الحادث", "واستمع", "المحققون", "إلى", "الشهود", "وأكد", "المصدر"}},
	{"glued-stop", "نهاية الفقرة.Le ministre", []string{"نهاية", "الفقرة", "le", "ministre"}},
	{"glued-stop", "في المائة.وأضاف", []string{"في", "المائة", "وأضاف"}},
	{"glued-stop", "سنة 2026.وقال", []string{"سنة", "2026", "وقال"}},
	// Numbers.
	{"number", "ارتفع بـ3.5 في المائة", []string{"ارتفع", "ب", "3.5", "في", "المائة"}},
	{"number", "تراجع بنسبة 0,8 نقطة", []string{"تراجع", "بنسبة", "0,8", "نقطة"}},
	{"number", "في سنة 2026.", []string{"في", "سنة", "2026"}},
	{"number", "عام ٢٠٢٦", []string{"عام", "2026"}},
	{"number", "٣٫٥ مليار درهم", []string{"3.5", "مليار", "درهم"}},
	{"number", "10.000 درهم", []string{"10.000", "درهم"}},
	{"number", "الفترة 2020–2026", []string{"الفترة", "2020", "2026"}},
	{"number", "انتهت المباراة (2-1)", []string{"انتهت", "المباراة", "2", "1"}},
	{"number", "كوفيد-19", []string{"كوفيد", "19"}},
	// Percent.
	{"percent", "بنسبة 12%", []string{"بنسبة", "12"}},
	{"percent", "ب70.4%", []string{"ب", "70.4"}},
	{"percent", "ارتفع ٪٥", []string{"ارتفع", "5"}},
	{"percent", "نمو 2.5%.", []string{"نمو", "2.5"}},
	// Hashtags.
	{"hashtag", "#كلمة_أخرى", []string{"كلمة", "أخرى"}},
	{"hashtag", "#المغرب #كأس_العالم", []string{"المغرب", "كأس", "العالم"}},
	// French and English in Arabic text.
	{"latin", "l'économie marocaine", []string{"l", "économie", "marocaine"}},
	{"latin", "Le Maroc a signé un accord.", []string{"le", "maroc", "a", "signé", "un", "accord"}},
	{"latin", "The government said on Monday", []string{"the", "government", "said", "on", "monday"}},
	{"latin", "قال رئيس الحكومة (Aziz Akhannouch) إن", []string{"قال", "رئيس", "الحكومة", "aziz", "akhannouch", "إن"}},
	{"latin", "قمة COP22 بمراكش", []string{"قمة", "cop22", "بمراكش"}},
	{"latin", "شبكة 5G", []string{"شبكة", "5g"}},
	{"latin", "الـCAN", []string{"ال", "can"}},
	// URLs and other separators.
	{"url", "المصدر: https://www.hespress.com/politique", []string{"المصدر", "https", "www", "hespress", "com", "politique"}},
	{"url", "وزارة الصحة/الداخلية", []string{"وزارة", "الصحة", "الداخلية"}},
	{"url", "عاجل|الحكومة", []string{"عاجل", "الحكومة"}},
	// Emoji.
	{"emoji", "مبروك 🎉🇲🇦 للمنتخب", []string{"مبروك", "للمنتخب"}},
	{"emoji", "مبروك🎉", []string{"مبروك"}},
	{"emoji", "!!!عاجل!!!", []string{"عاجل"}},
	// What the Normalizer must have made safe before tokenising.
	{"normalised", "الـمـغـرب", []string{"المغرب"}},
	{"normalised", "مَدْرَسَةٌ جَدِيدَةٌ", []string{"مدرسة", "جديدة"}},
	{"normalised", "الم\u200cغرب\u200f يفوز", []string{"المغرب", "يفوز"}},
	{"normalised", "ﻻ تراجع", []string{"لا", "تراجع"}},
	{"normalised", "المغرب\u00a0يفوز\tاليوم\nغدا", []string{"المغرب", "يفوز", "اليوم", "غدا"}},
}

// comparedTokenizer is one tokenizer under comparison.
type comparedTokenizer struct {
	name string
	// tokens returns the tokens of a normalised text, as the tokenizer gives
	// them (punctuation tokens included); s and b hold the same text.
	tokens func(s string, b []byte) []string
	// count tokenises and returns the number of tokens, converting nothing
	// that the tokenizer itself does not need: this is what the benchmarks time.
	count func(s string, b []byte) int
}

// Arabic affixes for prose v3: its English lists plus the Arabic, French and
// typographic marks that the correctness cases use.
var (
	proseV3ArPrefixes = []string{"$", "(", `"`, "[", "“", "‘", "«", "‹", "{", "'", "#", "„", "…"}
	proseV3ArSuffixes = []string{",", ")", `"`, "]", "!", ";", ".", "?", ":", "'", "”", "’",
		"،", "؛", "؟", "»", "›", "}", "…", "%"}
	proseV3Contractions = []string{"'ll", "'s", "'re", "'m", "n't", "’ll", "’s", "’re", "’m", "n’t"}
)

var comparedTokenizers = sync.OnceValue(func() []comparedTokenizer {
	proseV3 := prosev3.New()
	proseV3Ar := prosev3.New(prosev3.UsingPrefixes(proseV3ArPrefixes), prosev3.UsingSuffixes(proseV3ArSuffixes))
	proseV3ArSplit := prosev3.New(prosev3.UsingPrefixes(append(slices.Clip(proseV3ArPrefixes), ".")),
		prosev3.UsingSuffixes(proseV3ArSuffixes),
		prosev3.UsingSplitCases(append(slices.Clip(proseV3Contractions), ".", "'")))
	bleve := bleveUnicode.NewUnicodeTokenizer()
	v3 := func(tk *prosev3.Tokenizer) (func(string, []byte) []string, func(string, []byte) int) {
		return func(s string, _ []byte) []string {
				var out []string
				for _, t := range tk.Tokenize(s) {
					out = append(out, t.Text)
				}
				return out
			}, func(s string, _ []byte) int {
				return len(tk.Tokenize(s))
			}
	}
	v3tok, v3count := v3(proseV3)
	v3arTok, v3arCount := v3(proseV3Ar)
	v3splitTok, v3splitCount := v3(proseV3ArSplit)
	proseV2Doc := func(s string) *prosev2.Document {
		doc, err := prosev2.NewDocument(s, prosev2.WithTagging(false), prosev2.WithExtraction(false), prosev2.WithSegmentation(false))
		if err != nil {
			panic(err)
		}
		return doc
	}
	var tasnifBuf []features.Token // reused, as the Analyzer reuses its buffer; benchmarks are sequential
	return []comparedTokenizer{
		{
			name: "tasnif WordTokenizer",
			tokens: func(_ string, b []byte) []string {
				var out []string
				for _, t := range (features.WordTokenizer{}).Tokenize(b, nil) {
					out = append(out, string(t.Term(b)))
				}
				return out
			},
			count: func(_ string, b []byte) int {
				tasnifBuf = features.WordTokenizer{}.Tokenize(b, tasnifBuf[:0])
				return len(tasnifBuf)
			},
		},
		{
			name: "prose v2",
			tokens: func(s string, _ []byte) []string {
				var out []string
				for _, t := range proseV2Doc(s).Tokens() {
					out = append(out, t.Text)
				}
				return out
			},
			count: func(s string, _ []byte) int { return len(proseV2Doc(s).Tokens()) },
		},
		{name: "prose v3 (default affixes)", tokens: v3tok, count: v3count},
		{name: "prose v3 (Arabic affixes)", tokens: v3arTok, count: v3arCount},
		{name: "prose v3 (Arabic affixes, split at . and ')", tokens: v3splitTok, count: v3splitCount},
		{
			name: "bleve unicode (UAX#29)",
			tokens: func(_ string, b []byte) []string {
				var out []string
				for _, t := range bleve.Tokenize(b) {
					out = append(out, string(t.Term))
				}
				return out
			},
			count: func(_ string, b []byte) int { return len(bleve.Tokenize(b)) },
		},
		{
			name:   "strings.Fields",
			tokens: func(s string, _ []byte) []string { return strings.Fields(s) },
			count:  func(s string, _ []byte) int { return len(strings.Fields(s)) },
		},
	}
})

// wordTokens keeps the tokens that hold a letter or a digit: the same
// punctuation filter for every tokenizer.
func wordTokens(toks []string) []string {
	var out []string
	for _, t := range toks {
		if strings.IndexFunc(t, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
			out = append(out, t)
		}
	}
	return out
}

var defaultNormalizer = sync.OnceValue(func() *features.Normalizer { return features.NewNormalizer(features.DefaultConfig()) })

// caseInput returns a case's normalised input and its normalised expectation.
func caseInput(c tokenCase) (string, []string) {
	n := defaultNormalizer()
	want := make([]string, len(c.want))
	for i, w := range c.want {
		want[i] = n.NormalizeString(w)
	}
	return n.NormalizeString(c.in), want
}

// TestCompareTokenizerCases asserts that tasnif's Normalizer and
// WordTokenizer get every hand-written case right, then (outside -short)
// scores the other tokenizers on the same cases and logs the table.
func TestCompareTokenizerCases(t *testing.T) {
	if len(tokenCases) < 40 {
		t.Fatalf("only %d cases", len(tokenCases))
	}
	tokenizers := comparedTokenizers()
	for _, c := range tokenCases {
		in, want := caseInput(c)
		if got := wordTokens(tokenizers[0].tokens(in, []byte(in))); !slices.Equal(got, want) {
			t.Errorf("tasnif on %q (normalised %q): got %q, want %q", c.in, in, got, want)
		}
	}
	if testing.Short() {
		t.Skip("-short: not scoring prose, bleve and strings.Fields")
	}
	var table strings.Builder
	fmt.Fprintf(&table, "\n%-46s %8s %6s  %s\n", "tokenizer", "right", "%", "failed cases by kind")
	for _, tk := range tokenizers {
		right := 0
		failedKinds := map[string]int{}
		var failures []string
		for _, c := range tokenCases {
			in, want := caseInput(c)
			got := wordTokens(tk.tokens(in, []byte(in)))
			if slices.Equal(got, want) {
				right++
				continue
			}
			failedKinds[c.kind]++
			failures = append(failures, fmt.Sprintf("    [%s] %q: got %q, want %q", c.kind, in, got, want))
		}
		var kinds []string
		for k, n := range failedKinds {
			kinds = append(kinds, fmt.Sprintf("%s %d", k, n))
		}
		sort.Strings(kinds)
		fmt.Fprintf(&table, "%-46s %4d/%-3d %5.0f%%  %s\n", tk.name, right, len(tokenCases),
			100*float64(right)/float64(len(tokenCases)), strings.Join(kinds, ", "))
		if len(failures) > 0 {
			t.Logf("%s fails %d cases:\n%s", tk.name, len(failures), strings.Join(failures, "\n"))
		}
	}
	t.Log(table.String())
}

// corpusTexts are the project's own texts (title and body), read once.
var corpusTexts = sync.OnceValues(func() ([]string, error) {
	files, err := filepath.Glob("../testdata/corpus/*.jsonl")
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("no corpus files in ../testdata/corpus (%v)", err)
	}
	var texts []string
	for _, f := range files {
		ts, err := readJSONL(f)
		if err != nil {
			return nil, err
		}
		texts = append(texts, ts...)
	}
	return texts, nil
})

// hespressPath is the optional real-news set in the shared data directory.
const hespressPath = "../../shared/data/hespress-dev/hespress-dev.jsonl"

var hespressTexts = sync.OnceValues(func() ([]string, error) { return readJSONL(hespressPath) })

func readJSONL(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var texts []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<26)
	for sc.Scan() {
		var d struct{ Title, Text string }
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			return nil, fmt.Errorf("%s: %v", path, err)
		}
		if d.Title != "" {
			d.Text = d.Title + "\n" + d.Text
		}
		texts = append(texts, d.Text)
	}
	return texts, sc.Err()
}

func mustCorpus(tb testing.TB) []string {
	tb.Helper()
	texts, err := corpusTexts()
	if err != nil {
		tb.Fatal(err)
	}
	return texts
}

// isArabicWord reports a non-empty word made of Arabic letters only.
func isArabicWord(w string) bool {
	for _, r := range w {
		if !unicode.Is(unicode.Arabic, r) || !unicode.IsLetter(r) {
			return false
		}
	}
	return w != ""
}

// corpusWords returns the Arabic words of the corpus as cfg's Analyzer gives
// them: distinct (sorted), and with withRunning set also every occurrence in
// order, for the benchmarks.
func corpusWords(tb testing.TB, cfg features.Config, withRunning bool) (running, distinct []string) {
	tb.Helper()
	a, err := features.NewAnalyzer(cfg, nil)
	if err != nil {
		tb.Fatal(err)
	}
	seen := make(map[string]bool, 1<<15)
	for _, text := range mustCorpus(tb) {
		for _, w := range a.Terms(text) {
			if !isArabicWord(w) {
				continue
			}
			if withRunning {
				running = append(running, w)
			}
			if !seen[w] {
				seen[w] = true
				distinct = append(distinct, w)
			}
		}
	}
	sort.Strings(distinct)
	return running, distinct
}

// noStemCfg is the default analysis without stemming or stop words: the
// normalised words a stemmer sees.
func noStemCfg() features.Config {
	cfg := features.DefaultConfig()
	cfg.Stemmer, cfg.StopWords, cfg.MinRunes, cfg.NGrams = features.StemmerNone, false, 0, 1
	return cfg
}

// rawCfg tokenises without any normalisation, for the normaliser comparison.
func rawCfg() features.Config { return features.Config{NGrams: 1} }

// bleveLikeCfg switches on exactly the folds bleve's Arabic normaliser makes
// (it has no switches: all of them, always).
func bleveLikeCfg() features.Config {
	return features.Config{StripTashkeel: true, StripTatweel: true, UnifyAlef: true, UnifyAlefMaqsura: true, TaaMarbuta: true, NGrams: 1}
}

func bleveStem(f *bleveAr.ArabicStemmerFilter, tok *analysis.Token, w []byte) []byte {
	tok.Term = w
	return f.Filter(analysis.TokenStream{tok})[0].Term
}

func bleveNormalize(f *bleveAr.ArabicNormalizeFilter, tok *analysis.Token, w []byte) []byte {
	tok.Term = w
	return f.Filter(analysis.TokenStream{tok})[0].Term
}

// TestCompareLight10WithBleve asserts that tasnif's Light10 stems every
// normalised Arabic word of the corpus exactly as bleve's ar stemmer (a port
// of Lucene's ArabicStemmer, the same light10 algorithm) does. It runs twice:
// with the default taa marbuta fold (ة → ه) and without it, so that the ة
// suffixes are exercised too.
func TestCompareLight10WithBleve(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the bleve stemmer comparison")
	}
	bf := bleveAr.NewArabicStemmerFilter()
	var tok analysis.Token
	ours := features.Light10()
	for _, taa := range []bool{true, false} {
		cfg := noStemCfg()
		cfg.TaaMarbuta = taa
		_, words := corpusWords(t, cfg, false)
		if len(words) < 300 {
			t.Fatalf("only %d distinct Arabic words in the corpus", len(words))
		}
		changed, disagree := 0, 0
		for _, w := range words {
			got := ours.StemString(w)
			want := string(bleveStem(bf, &tok, []byte(w)))
			if got != w {
				changed++
			}
			if got != want {
				disagree++
				if disagree <= 20 {
					t.Errorf("taa marbuta fold %v: Light10(%q) = %q, bleve ar stemmer gives %q", taa, w, got, want)
				}
			}
		}
		t.Logf("taa marbuta fold %v: %d distinct normalised Arabic words, Light10 changes %d, disagreements with bleve: %d",
			taa, len(words), changed, disagree)
	}
}

// normaliserProbes are words that exercise the rules where tasnif's
// Normalizer and bleve's ar normaliser differ by design.
var normaliserProbes = []string{
	"ٱلله",          // alef wasla: tasnif folds it to ا, bleve keeps it
	"هٰذا",          // superscript alef: tasnif strips it, bleve keeps it
	"مُسْتَشْفَىٰ",  // harakat and superscript alef
	"ا\u0654حمد",    // decomposed hamza: NFKC composes أ, then ا
	"ﻻ",             // lam-alef ligature: NFKC
	"کتاب",          // Persian keheh
	"ی",             // Farsi yeh
	"٢٠٢٦",          // Arabic-Indic digits
	"الم\u200cغرب",  // zero-width non-joiner
	"المغرب\u200f",  // right-to-left mark
	"الـمـغـرب",     // tatweel: both strip it
	"مَدْرَسَةٌ",    // tashkeel and taa marbuta: both
	"إلى",           // alef with hamza below and alef maqsura: both
	"آخر",           // alef madda: both
	"COVID",         // Latin: tasnif lower-cases (LowerLatin)
	"قرآن\u0653",    // madda mark U+0653: tasnif strips it (it is tashkeel), bleve keeps it
	"سَلَامٌ\u0656", // subscript alef U+0656
}

// TestCompareNormalizerWithBleve compares tasnif's Normalizer with bleve's ar
// normaliser. Two properties are asserted:
//
//   - with the same folds switched on (tashkeel, tatweel, alef, alef maqsura,
//     taa marbuta), the two agree on every distinct raw Arabic word of the
//     corpus;
//   - tasnif's output under DefaultConfig is a fixed point of bleve's
//     normaliser: tasnif does everything bleve does.
//
// The probe words where they differ by design are logged.
func TestCompareNormalizerWithBleve(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the bleve normaliser comparison")
	}
	bf := bleveAr.NewArabicNormalizeFilter()
	var tok analysis.Token
	same := features.NewNormalizer(bleveLikeCfg())
	def := defaultNormalizer()
	_, words := corpusWords(t, rawCfg(), false)
	changed, disagree := 0, 0
	for _, w := range words {
		got := same.NormalizeString(w)
		want := string(bleveNormalize(bf, &tok, []byte(w)))
		if got != w {
			changed++
		}
		if got != want {
			disagree++
			if disagree <= 20 {
				t.Errorf("bleve's folds: tasnif Normalize(%q) = %q, bleve ar normaliser gives %q", w, got, want)
			}
		}
	}
	t.Logf("%d distinct raw Arabic words: the folds change %d of them; disagreements with bleve: %d", len(words), changed, disagree)
	for _, w := range append(slices.Clone(words), normaliserProbes...) {
		d := def.NormalizeString(w)
		if b := string(bleveNormalize(bf, &tok, []byte(d))); b != d {
			t.Errorf("DefaultConfig output %q of %q is not a fixed point of bleve's normaliser: %q", d, w, b)
		}
	}
	var diff strings.Builder
	for _, w := range normaliserProbes {
		ours, theirs := def.NormalizeString(w), string(bleveNormalize(bf, &tok, []byte(w)))
		mark := "same"
		if ours != theirs {
			mark = "DIFFERENT"
		}
		fmt.Fprintf(&diff, "    %-9s %-22q tasnif %-18q bleve %q\n", mark, w, ours, theirs)
	}
	t.Logf("probe words, tasnif DefaultConfig vs bleve ar normaliser:\n%s", diff.String())
}

// benchSet is a text set to benchmark on: the project's corpus, always, and
// the shared hespress-dev stories when present.
type benchSet struct {
	name  string
	texts func() ([]string, error)
}

var benchSets = []benchSet{
	{"corpus", corpusTexts},
	{"hespress", hespressTexts},
}

func loadBenchSet(b *testing.B, set benchSet) []string {
	b.Helper()
	texts, err := set.texts()
	if err != nil || len(texts) == 0 {
		if set.name == "hespress" {
			b.Skipf("%s not present (%v): the real-news benchmarks need the shared data; the corpus ones still run", hespressPath, err)
		}
		b.Fatal(err)
	}
	return texts
}

// BenchmarkCompareTokenize times each tokenizer over every text of a set,
// normalised beforehand (the Normalizer's own cost is in the
// "tasnif Normalizer+WordTokenizer" row). MB/s counts normalised bytes;
// allocs/doc is the heap allocations per text.
func BenchmarkCompareTokenize(b *testing.B) {
	for _, set := range benchSets {
		b.Run(set.name, func(b *testing.B) {
			texts := loadBenchSet(b, set)
			n := defaultNormalizer()
			strs := make([]string, len(texts))
			bufs := make([][]byte, len(texts))
			raw := make([][]byte, len(texts))
			var size, rawSize int64
			for i, t := range texts {
				bufs[i] = n.Normalize(nil, []byte(t))
				strs[i] = string(bufs[i])
				raw[i] = []byte(t)
				size += int64(len(bufs[i]))
				rawSize += int64(len(t))
			}
			run := func(b *testing.B, size int64, one func(i int) int) {
				b.SetBytes(size)
				b.ReportAllocs()
				var before, after runtime.MemStats
				runtime.ReadMemStats(&before)
				loops, tokens := 0, 0
				for b.Loop() {
					loops++
					for i := range texts {
						tokens += one(i)
					}
				}
				runtime.ReadMemStats(&after)
				docs := float64(loops * len(texts))
				b.ReportMetric(float64(after.Mallocs-before.Mallocs)/docs, "allocs/doc")
				b.ReportMetric(float64(tokens)/docs, "tokens/doc")
			}
			for _, tk := range comparedTokenizers() {
				b.Run(strings.ReplaceAll(tk.name, " ", "_"), func(b *testing.B) {
					run(b, size, func(i int) int { return tk.count(strs[i], bufs[i]) })
				})
			}
			b.Run("tasnif_Normalizer+WordTokenizer", func(b *testing.B) {
				var nb []byte
				var toks []features.Token
				run(b, rawSize, func(i int) int {
					nb = n.Normalize(nb[:0], raw[i])
					toks = features.WordTokenizer{}.Tokenize(nb, toks[:0])
					return len(toks)
				})
			})
		})
	}
}

// BenchmarkCompareNormalizeWord times tasnif's Normalizer and bleve's ar
// normaliser on one raw Arabic word per op, cycling through every word
// occurrence of the corpus.
func BenchmarkCompareNormalizeWord(b *testing.B) {
	words, _ := corpusWords(b, rawCfg(), true)
	bw := toBytes(words)
	b.Run("tasnif_bleve-folds", func(b *testing.B) {
		n := features.NewNormalizer(bleveLikeCfg())
		var buf []byte
		benchWords(b, bw, func(w []byte) { buf = n.Normalize(buf[:0], w) })
	})
	b.Run("tasnif_DefaultConfig", func(b *testing.B) {
		n := defaultNormalizer()
		var buf []byte
		benchWords(b, bw, func(w []byte) { buf = n.Normalize(buf[:0], w) })
	})
	b.Run("bleve_ar", func(b *testing.B) {
		f := bleveAr.NewArabicNormalizeFilter()
		var tok analysis.Token
		benchWords(b, bw, func(w []byte) { bleveNormalize(f, &tok, w) })
	})
}

// BenchmarkCompareStemWord times tasnif's Light10 (and its default Light) and
// bleve's ar stemmer on one normalised Arabic word per op, cycling through
// every word occurrence of the corpus.
func BenchmarkCompareStemWord(b *testing.B) {
	words, _ := corpusWords(b, noStemCfg(), true)
	bw := toBytes(words)
	b.Run("tasnif_Light10", func(b *testing.B) {
		s := features.Light10()
		benchWords(b, bw, func(w []byte) { s.Stem(w) })
	})
	b.Run("tasnif_Light", func(b *testing.B) {
		s := features.Light()
		benchWords(b, bw, func(w []byte) { s.Stem(w) })
	})
	b.Run("bleve_ar", func(b *testing.B) {
		f := bleveAr.NewArabicStemmerFilter()
		var tok analysis.Token
		benchWords(b, bw, func(w []byte) { bleveStem(f, &tok, w) })
	})
}

func toBytes(words []string) [][]byte {
	out := make([][]byte, len(words))
	for i, w := range words {
		out[i] = []byte(w)
	}
	return out
}

// benchWords runs fn on one word per op; ns/op is ns/word and allocs/op is
// allocs/word.
func benchWords(b *testing.B, words [][]byte, fn func([]byte)) {
	var size int64
	for _, w := range words {
		size += int64(len(w))
	}
	b.SetBytes(size / int64(len(words))) // mean word length
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		fn(words[i])
		if i++; i == len(words) {
			i = 0
		}
	}
}
