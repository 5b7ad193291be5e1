package features

import (
	"bytes"
	"fmt"
	"maps"
	"math/bits"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestNormalizer(t *testing.T) {
	all := DefaultConfig()
	tests := []struct {
		name string
		cfg  Config
		in   string
		want string
	}{
		{"tashkeel stripped", all, "مَدْرَسَةٌ", "مدرسه"},
		{"tanwin and shadda", all, "جدًّا", "جدا"},
		{"tatweel stripped", all, "الـمـغـرب", "المغرب"},
		{"alef forms unified", all, "أحمد إلى آخر ٱلله", "احمد الي اخر الله"},
		{"alef maqsura", all, "مستشفى على", "مستشفي علي"},
		{"taa marbuta", all, "الحكومة المغربية", "الحكومه المغربيه"},
		{"Arabic-Indic digits", all, "٢٠٢٦ و۱۴", "2026 و14"},
		{"decimal and percent signs", all, "٣٫٥٪", "3.5%"},
		{"Latin lower-cased", all, "COVID et l'ONEE", "covid et l'onee"},
		{"accented Latin lower-cased", all, "École À", "école à"},
		{"NFKC folds the lam-alef ligature", all, "ﻻ", "لا"},
		{"NFKC folds presentation forms", all, "ﺍﻟﻤﻐﺮﺏ", "المغرب"},
		{"NFKC composes alef and hamza mark", Config{NFKC: true}, "ا\u0654", "أ"},
		{"composed hamza then unified", all, "ا\u0654حمد", "احمد"},
		{"zero-width and bidi marks removed", all, "الم\u200cغرب\u200f", "المغرب"},
		{"Persian letters folded", all, "کتاب ی", "كتاب ي"},
		{"Farsi yeh to maqsura when yeh fold off", Config{FoldPersian: true}, "ی", "ى"},
		{"nothing when all off", Config{}, "أَحْمَد ـ ٢ ﻻ", "أَحْمَد ـ ٢ ﻻ"},
		{"only alef on", Config{UnifyAlef: true}, "أحمدُ مدرسة", "احمدُ مدرسة"},
		{"invalid UTF-8 becomes U+FFFD", all, "ab\xffc", "ab\uFFFDc"},
		{"empty", all, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := NewNormalizer(tt.cfg).NormalizeString(tt.in)
			if got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestNormalizerMatchesNFKC checks the quick path against x/text on text
// that mixes every kind of rune the quick check has to judge.
func TestNormalizerMatchesNFKC(t *testing.T) {
	cfg := Config{NFKC: true}
	n := NewNormalizer(cfg)
	inputs := []string{
		"المغرب يفوز", "ﻻ إله", "e\u0301té", "“quoted” … – —", "ﷺ", "Ⅻ ½ ﬁ", "ا\u0653", "١٢٣", "한국어", "Å", "ﺏﺎﻟﻤﻐﺮﺏ",
	}
	// Every rune of the fold table, alone and beside letters and marks
	// that combine: "\u00a0" (no-break space) is one of the runes the
	// quick path maps itself.
	for r := rune(0); r < 0x800; r++ {
		c := string(r)
		inputs = append(inputs, c, "a"+c+"b", "ا"+c+"ب", c+"\u0301", c+"\u0654", "ي"+c)
		if !isInvisibleFormat(r) { // removed after NFKC: "e\u00ad\u0301" stays decomposed
			inputs = append(inputs, "e"+c+"\u0301")
		}
	}
	for _, in := range inputs {
		if got, want := n.NormalizeString(in), referenceNFKC(in); got != want {
			t.Errorf("Normalize(%q) = %q, x/text NFKC gives %q", in, got, want)
		}
	}
}

// referenceNFKC is what a Normalizer with only NFKC on must give: x/text's
// NFKC of the text without the invisible format characters, which every
// Normalizer removes.
func referenceNFKC(s string) string {
	return norm.NFKC.String(strings.Map(func(r rune) rune {
		if isInvisibleFormat(r) {
			return -1
		}
		return r
	}, s))
}

// FuzzNormalizerMatchesNFKC checks the quick path against x/text on any
// valid UTF-8.
func FuzzNormalizerMatchesNFKC(f *testing.F) {
	for _, s := range []string{"المغرب\u00a0يفوز", "ª\u0301", "ﻻ إله", "e\u0301té", "ϓ", "…"} {
		f.Add(s)
	}
	n := NewNormalizer(Config{NFKC: true})
	f.Fuzz(func(t *testing.T, in string) {
		if !utf8.ValidString(in) {
			return
		}
		if got, want := n.NormalizeString(in), referenceNFKC(in); got != want {
			t.Errorf("Normalize(%q) = %q, x/text NFKC gives %q", in, got, want)
		}
	})
}

func TestTokenizer(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"المغرب يفوز", []string{"المغرب", "يفوز"}},
		{"قال، إن الحكومة؛ هل؟ «نعم»", []string{"قال", "إن", "الحكومة", "هل", "نعم"}},
		{"الحادث.واستمع المحققون", []string{"الحادث", "واستمع", "المحققون"}},
		{"الحادث .واستمع", []string{"الحادث", "واستمع"}},
		{"بنسبة 0,8% خلال 2026.", []string{"بنسبة", "0,8", "خلال", "2026"}},
		{"ارتفع 3.5 في المائة", []string{"ارتفع", "3.5", "في", "المائة"}},
		{"ب70.4%", []string{"ب", "70.4"}},
		{"كوفيد-19 و\"كوفيد19\"", []string{"كوفيد", "19", "و", "كوفيد", "19"}},
		{"قمة COP22 بمراكش", []string{"قمة", "COP22", "بمراكش"}},
		{"l'économie marocaine", []string{"l", "économie", "marocaine"}},
		{"الـbac", []string{"الـ", "bac"}},
		{"(المغرب) [تونس] {مصر}", []string{"المغرب", "تونس", "مصر"}},
		{"#عاصي_الحلاني", []string{"عاصي", "الحلاني"}},
		{"٢٠٢٦م", []string{"٢٠٢٦", "م"}},
		{"مَدْرَسَةٌ", []string{"مَدْرَسَةٌ"}},
		{"a\xffb", []string{"a", "b"}},
		{"", nil},
		{"   ...  ", nil},
	}
	for _, tt := range tests {
		var got []string
		text := []byte(tt.in)
		for _, tok := range (WordTokenizer{}).Tokenize(text, nil) {
			got = append(got, string(tok.Term(text)))
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Tokenize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTokenKinds(t *testing.T) {
	text := []byte("المغرب COP22 2026 4g")
	toks := WordTokenizer{}.Tokenize(text, nil)
	want := []TokenKind{Arabic, Latin, Number, Latin}
	for i, tok := range toks {
		if tok.Kind != want[i] {
			t.Errorf("token %q: kind %v, want %v", tok.Term(text), tok.Kind, want[i])
		}
	}
}

func TestStemmers(t *testing.T) {
	tests := []struct {
		stemmer *AffixStemmer
		in      string
		want    string
	}{
		// light: the article and clitic chains, sound plurals.
		{Light(), "المنتخب", "منتخب"},
		{Light(), "والمنتخب", "منتخب"},
		{Light(), "بالمغرب", "مغرب"},
		{Light(), "للأمن", "أمن"},
		{Light(), "وبالمدينه", "مدينه"},
		{Light(), "فللحكومه", "حكومه"},
		{Light(), "المباريات", "مباري"},
		{Light(), "اللاعبون", "لاعب"},
		{Light(), "المسؤولين", "مسؤول"},
		{Light(), "قانون", "قانون"}, // a stem of three letters is too short for ون
		{Light(), "مليون", "مليون"},
		{Light(), "وزير", "وزير"}, // light10 would strip the و
		{Light(), "وطني", "وطني"},
		{Light(), "ال", "ال"},
		{Light(), "الي", "الي"},
		{Light(), "bac", "bac"},
		// light10 as Larkey et al. and Lucene define it.
		{Light10(), "والمدرسة", "مدرس"},
		{Light10(), "وزير", "زير"},
		{Light10(), "كتابها", "كتاب"},
		{Light10(), "المعلمون", "معلم"},
		{Light10(), "ولد", "ولد"},
		{Light10(), "سيارات", "سيار"},
	}
	for _, tt := range tests {
		if got := tt.stemmer.StemString(tt.in); got != tt.want {
			t.Errorf("Stem(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestStemmerFilterOnlyArabic(t *testing.T) {
	text := []byte("المغرب alpha")
	toks := WordTokenizer{}.Tokenize(text, nil)
	out := Light().Filter(text, toks)
	if string(out[0].Term(text)) != "مغرب" || string(out[1].Term(text)) != "alpha" {
		t.Errorf("Filter = %q, %q", out[0].Term(text), out[1].Term(text))
	}
}

func TestAnalyzerTerms(t *testing.T) {
	a, err := NewAnalyzer(DefaultConfig(), DefaultStopWords())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		in   string
		want []string
	}{
		{"أعلنت الحكومة المغربية، اليوم، عن إجراءات جديدة لدعم المقاولات.", []string{"اعلنت", "حكومه", "مغربيه", "يوم", "اجراء", "جديده", "لدعم", "مقاول"}},
		{"وهذا هو الفريق الذي فاز في المباراة", []string{"فريق", "فاز", "مباراه"}},
		{"La police a arrêté le suspect à Casablanca", []string{"police", "arrêté", "suspect", "casablanca"}},
		{"قال إن المنتخب سيلعب في 2026", []string{"قال", "منتخب", "سيلعب", "2026"}},
		{"ب", nil},
	}
	for _, tt := range tests {
		if got := a.Terms(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Terms(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestAnalyzerFeatures(t *testing.T) {
	cfg := DefaultConfig()
	cfg.NGrams = 3
	a, err := NewAnalyzer(cfg, DefaultStopWords())
	if err != nil {
		t.Fatal(err)
	}
	got := a.Features("المنتخب المغربي يفوز")
	want := []string{"منتخب", "مغربي", "يفوز", "منتخب مغربي", "مغربي يفوز", "منتخب مغربي يفوز"}
	if !slices.Equal(got, want) {
		t.Errorf("Features = %q, want %q", got, want)
	}
}

func TestAnalyzerStopWordsNormalised(t *testing.T) {
	// "إلى" in the list must also drop the normalised "الى".
	a, _ := NewAnalyzer(DefaultConfig(), []string{"إلى"})
	if got := a.Terms("ذهب الى الرباط"); slices.Contains(got, "الي") || slices.Contains(got, "الى") {
		t.Errorf("stop word kept: %q", got)
	}
	if _, err := NewAnalyzer(DefaultConfig(), []string{"two words"}); err == nil {
		t.Error("a stop word with a space was accepted")
	}
}

func TestConfigValidate(t *testing.T) {
	bad := []Config{
		{NGrams: 0},
		{NGrams: 5},
		{NGrams: 1, Stemmer: "porter"},
		{NGrams: 1, MinRunes: 5, MaxRunes: 2},
		{NGrams: 1, MinRunes: -1},
	}
	for _, c := range bad {
		if c.Validate() == nil {
			t.Errorf("Validate(%+v) = nil, want an error", c)
		}
	}
	if err := DefaultConfig().Validate(); err != nil {
		t.Errorf("default config: %v", err)
	}
}

func TestLengthFilterDropsRunawayTokens(t *testing.T) {
	a, _ := NewAnalyzer(DefaultConfig(), nil)
	long := strings.Repeat("ب", 100)
	if got := a.Terms("كلمة " + long + " أخرى"); !slices.Equal(got, []string{"كلمه", "اخري"}) {
		t.Errorf("Terms = %q", got)
	}
}

var testDocs = []string{
	"المنتخب المغربي يفوز على نظيره الغاني في مباراة ودية",
	"الحكومة تصادق على مشروع قانون المالية",
	"المنتخب يستعد لمباراة الحسم في كأس إفريقيا",
	"البرلمان يناقش مشروع قانون الإضراب",
	"توقعات أحوال الطقس: أمطار رعدية في الأطلس",
	"أمطار غزيرة وثلوج مرتقبة في الأطلس المتوسط",
}

func TestFit(t *testing.T) {
	a, _ := NewAnalyzer(DefaultConfig(), DefaultStopWords())
	cfg := DefaultTFIDFConfig()
	v, vecs, err := Fit(a, cfg, testDocs, FitOptions{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	feats := v.Vocabulary().Features()
	// min_df 2: only features found in two documents or more.
	for _, want := range []string{"منتخب", "مشروع", "مشروع قانون", "امطار", "اطلس"} {
		if !slices.Contains(feats, want) {
			t.Errorf("vocabulary lacks %q: %q", want, feats)
		}
	}
	if slices.Contains(feats, "غاني") {
		t.Errorf("vocabulary holds a feature found once: %q", feats)
	}
	if !slices.IsSorted(feats) {
		t.Errorf("vocabulary not sorted: %q", feats)
	}
	if len(vecs) != len(testDocs) {
		t.Fatalf("%d vectors for %d documents", len(vecs), len(testDocs))
	}
	// Each vector has unit length, and equals what an Encoder computes.
	enc := v.NewEncoder()
	for i, d := range testDocs {
		var sum float64
		for _, x := range vecs[i].Value {
			sum += float64(x) * float64(x)
		}
		if len(vecs[i].Value) > 0 && (sum < 0.999 || sum > 1.001) {
			t.Errorf("doc %d: squared norm %g", i, sum)
		}
		got := enc.EncodeString(d)
		if !slices.Equal(got.Index, vecs[i].Index) || !slices.Equal(got.Value, vecs[i].Value) {
			t.Errorf("doc %d: encoder %v, fit %v", i, got, vecs[i])
		}
	}
}

func TestFitIDFAndOptions(t *testing.T) {
	a, _ := NewAnalyzer(Config{NGrams: 1}, nil)
	docs := []string{"a b", "a c", "a b", "d"}
	cfg := TFIDFConfig{MinDF: 1, MaxDF: 1, SmoothIDF: true}
	v, _, err := Fit(a, cfg, docs, FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// Single letters pass here: Config{} has no length filter.
	idf := map[string]float32{}
	for i, f := range v.Vocabulary().Features() {
		idf[f] = v.IDF()[i]
	}
	// smooth idf = ln((1+n)/(1+df)) + 1 with n = 4.
	if got := idf["a"]; got < 1.223 || got > 1.224 { // ln(5/4)+1
		t.Errorf("idf(a) = %g", got)
	}
	if got := idf["d"]; got < 1.916 || got > 1.917 { // ln(5/2)+1
		t.Errorf("idf(d) = %g", got)
	}
	// max_df 0.5 drops "a" (in 3 of 4 documents).
	cfg.MaxDF = 0.5
	v, _, _ = Fit(a, cfg, docs, FitOptions{})
	if v.Vocabulary().Index("a") >= 0 {
		t.Error("max_df kept a feature found in 75% of documents")
	}
	// max_features 1 keeps the most frequent.
	cfg.MaxDF, cfg.MaxFeatures = 1, 1
	v, _, _ = Fit(a, cfg, docs, FitOptions{})
	if got := v.Vocabulary().Features(); !slices.Equal(got, []string{"a"}) {
		t.Errorf("max_features 1 kept %q", got)
	}
	// Raw tf, plain idf, no norm: "b b" weighs 2 × (ln(2/1) + 1).
	cfg = TFIDFConfig{MinDF: 1, MaxDF: 1}
	v, _, _ = Fit(a, cfg, []string{"b b", "c"}, FitOptions{})
	vec := v.Transform("b b")
	if len(vec.Value) != 1 || vec.Value[0] < 3.386 || vec.Value[0] > 3.387 {
		t.Errorf("raw tf vector %v, want one value 3.3863", vec)
	}
}

func TestFitErrors(t *testing.T) {
	a, _ := NewAnalyzer(DefaultConfig(), nil)
	if _, _, err := Fit(a, DefaultTFIDFConfig(), nil, FitOptions{}); err == nil {
		t.Error("no documents: want an error")
	}
	if _, _, err := Fit(a, DefaultTFIDFConfig(), []string{"كلمة", "أخرى"}, FitOptions{}); err == nil {
		t.Error("no feature reaches min_df: want an error")
	}
	if _, _, err := Fit(a, TFIDFConfig{MinDF: 0, MaxDF: 1}, []string{"x"}, FitOptions{}); err == nil {
		t.Error("min_df 0: want an error")
	}
}

func TestFitDeterministic(t *testing.T) {
	a, _ := NewAnalyzer(DefaultConfig(), DefaultStopWords())
	var docs []string
	for i := 0; i < 300; i++ {
		docs = append(docs, testDocs[i%len(testDocs)]+" "+testDocs[(i*7)%len(testDocs)])
	}
	v1, vec1, _ := Fit(a, DefaultTFIDFConfig(), docs, FitOptions{Workers: 1})
	v2, vec2, _ := Fit(a, DefaultTFIDFConfig(), docs, FitOptions{Workers: 4})
	if !slices.Equal(v1.Vocabulary().Features(), v2.Vocabulary().Features()) || !slices.Equal(v1.IDF(), v2.IDF()) {
		t.Fatal("vocabulary depends on the number of workers")
	}
	for i := range vec1 {
		if !slices.Equal(vec1[i].Index, vec2[i].Index) || !slices.Equal(vec1[i].Value, vec2[i].Value) {
			t.Fatalf("vector %d depends on the number of workers", i)
		}
	}
}

func TestHashFeatureMatchesStream(t *testing.T) {
	terms := []string{"منتخب", "مغربي", "يفوز"}
	keys := make([]uint64, len(terms))
	for i, term := range terms {
		keys[i] = HashTerm([]byte(term))
	}
	var streamed []uint64
	forEachNGram(keys, 3, func(k uint64) { streamed = append(streamed, k) })
	var fromStrings []uint64
	for n := 1; n <= 3; n++ {
		for i := 0; i+n <= len(terms); i++ {
			fromStrings = append(fromStrings, HashFeature(strings.Join(terms[i:i+n], " ")))
		}
	}
	if !slices.Equal(streamed, fromStrings) {
		t.Errorf("n-gram keys from the stream %x differ from keys of their strings %x", streamed, fromStrings)
	}
}

func TestNewVectorizerRejects(t *testing.T) {
	a, _ := NewAnalyzer(Config{NGrams: 1}, nil)
	for _, feats := range [][]string{{"b", "a"}, {"a", "a"}, {""}, {"a  b"}, {" a"}} {
		if _, err := NewVocabulary(feats); err == nil {
			t.Errorf("NewVocabulary(%q) = nil error", feats)
		}
	}
	bigram, _ := NewVocabulary([]string{"a b"})
	if _, err := NewVectorizer(a, DefaultTFIDFConfig(), bigram, []float32{1}); err == nil {
		t.Error("a bigram accepted by a unigram analyser")
	}
	one, _ := NewVocabulary([]string{"a"})
	if _, err := NewVectorizer(a, DefaultTFIDFConfig(), one, nil); err == nil {
		t.Error("idf of the wrong length accepted")
	}
	if _, err := VocabularyFromBlob([]byte("ab"), []uint32{0, 3}); err == nil {
		t.Error("offsets beyond the blob accepted")
	}
}

// TestDocumentFrequencies counts keys spread over workers' partitions
// against a map, with min-df and max-df.
func TestDocumentFrequencies(t *testing.T) {
	var ps [3]dfPartitions
	for i := range ps {
		ps[i].init(1000)
	}
	want := map[uint64]int32{}
	x := uint64(1)
	for i := range 20000 {
		x = x*6364136223846793005 + 1442695040888963407
		k := x | 1
		if i%3 == 0 {
			k = uint64(i%50)<<58 | 12345 // a few keys seen many times, in many partitions
		}
		ps[i%3].add(k)
		want[k]++
	}
	uniq, df := documentFrequencies([]*dfPartitions{&ps[0], &ps[1], &ps[2]}, 2, 2, 100)
	got := map[uint64]int32{}
	for i, k := range uniq {
		got[k] = df[i]
	}
	for k, n := range want {
		if n < 2 || n > 100 {
			delete(want, k)
		}
	}
	if !maps.Equal(got, want) {
		t.Fatalf("%d keys counted, want %d", len(got), len(want))
	}
}

func TestEncoderCacheEviction(t *testing.T) {
	a, _ := NewAnalyzer(DefaultConfig(), nil)
	v, _, _ := Fit(a, DefaultTFIDFConfig(), testDocs, FitOptions{})
	e := v.NewEncoder()
	e.cache = newTokenCache(4) // tokens evict each other all the time
	want := v.Transform(testDocs[0])
	for i := 0; i < 20; i++ {
		e.EncodeString(testDocs[i%len(testDocs)])
	}
	got := e.EncodeString(testDocs[0])
	if !slices.Equal(got.Index, want.Index) || !slices.Equal(got.Value, want.Value) {
		t.Errorf("after cache resets: %v, want %v", got, want)
	}
}

func FuzzAnalyzer(f *testing.F) {
	for _, s := range []string{"المغرب يفوز", "ﻻ ١٢٫٥٪", "a\xffb", "الحادث.واستمع", "ا\u0654", strings.Repeat("ب", 300)} {
		f.Add(s)
	}
	a, _ := NewAnalyzer(DefaultConfig(), DefaultStopWords())
	v, _, _ := Fit(a, DefaultTFIDFConfig(), testDocs, FitOptions{})
	e := v.NewEncoder()
	f.Fuzz(func(t *testing.T, s string) {
		terms := a.Terms(s)
		for _, term := range terms {
			if !utf8.ValidString(term) || term == "" || strings.ContainsAny(term, " \t\n") {
				t.Fatalf("bad term %q from %q", term, s)
			}
		}
		vec := e.EncodeString(s)
		if len(vec.Index) != len(vec.Value) {
			t.Fatal("index and value lengths differ")
		}
		seen := map[int32]bool{}
		for _, i := range vec.Index {
			if seen[i] || int(i) >= v.Vocabulary().Len() {
				t.Fatalf("bad index %d", i)
			}
			seen[i] = true
		}
	})
}

// TestKeyTable builds tables small and large, with keys crowded at the end
// of the table (probes that wrap) and before its middle, and checks every
// key is found, absent keys are not, and a duplicate is reported.
// keyWithHome returns a key whose home slot in a table of size slots is
// home; distinct seeds below 2⁶⁴/size give distinct keys.
func keyWithHome(home, size, seed uint64) uint64 {
	q, r := bits.Div64(home, 0, size) // q = ⌊home·2⁶⁴/size⌋
	if r != 0 {
		q++
	}
	return q + seed
}

func TestKeyTable(t *testing.T) {
	for _, n := range []int{10, 1000, 1 << 15, 100000} {
		keys := make([]uint64, n)
		x := uint64(n)
		for i := range keys {
			x = mix64(x + 0x9E3779B97F4A7C15)
			keys[i] = nonZero(x)
		}
		// Crowd some keys onto a few home slots: at the end of the table
		// (probes that wrap), and just before its middle.
		size := uint64(len(newKeyTable(n).slots))
		for i := 0; i < n/10; i++ {
			home := size - 1 - uint64(i%3)
			if i%2 == 0 {
				home = size/2 - 1 - uint64(i%3)
			}
			keys[i] = keyWithHome(home, size, uint64(i))
		}
		tab, dup := buildKeyTable(keys)
		for i := 0; i < n/10; i++ {
			if home := size - 1 - uint64(i%3); i%2 == 1 && tab.home(keys[i]) != int(home) {
				t.Fatalf("n=%d: key %d's home is %d, want %d", n, i, tab.home(keys[i]), home)
			}
		}
		if dup >= 0 {
			t.Fatalf("n=%d: duplicate reported at %d among distinct keys", n, dup)
		}
		for i, k := range keys {
			if v, ok := tab.lookup(k); !ok || int(v) != i {
				t.Fatalf("n=%d: key %d found as %d, %v", n, i, v, ok)
			}
		}
		for i := range 1000 {
			if _, ok := tab.lookup(nonZero(mix64(uint64(i) + 12345))); ok && !slices.Contains(keys, nonZero(mix64(uint64(i)+12345))) {
				t.Fatalf("n=%d: absent key found", n)
			}
		}
		withDup := append(slices.Clone(keys), keys[n/2])
		if _, dup := buildKeyTable(withDup); dup != n && dup != n/2 {
			t.Fatalf("n=%d: duplicate reported at %d, want %d or %d", n, dup, n/2, n)
		}
	}
}

// TestFitTitles checks that FitOptions.Titles gives what joining each title
// to its text would.
func TestFitTitles(t *testing.T) {
	a, _ := NewAnalyzer(DefaultConfig(), DefaultStopWords())
	titles := make([]string, len(testDocs))
	joined := make([]string, len(testDocs))
	for i, d := range testDocs {
		if i%3 != 0 {
			titles[i] = testDocs[(i+1)%len(testDocs)]
			joined[i] = titles[i] + "\n" + d
		} else {
			joined[i] = d
		}
	}
	cfg := DefaultTFIDFConfig()
	cfg.MinDF = 1
	v1, vecs1, err := Fit(a, cfg, joined, FitOptions{Workers: 3})
	if err != nil {
		t.Fatal(err)
	}
	v2, vecs2, err := Fit(a, cfg, testDocs, FitOptions{Workers: 2, Titles: titles})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(v1.Vocabulary().Features(), v2.Vocabulary().Features()) || !slices.Equal(v1.IDF(), v2.IDF()) {
		t.Fatal("vocabularies differ")
	}
	if !reflect.DeepEqual(vecs1, vecs2) {
		t.Fatal("vectors differ")
	}
	if _, _, err := Fit(a, cfg, testDocs, FitOptions{Titles: titles[1:]}); err == nil {
		t.Fatal("Fit took fewer titles than texts")
	}
}

// FuzzEncodeTitled checks EncodeTitled against encoding the joined string.
func FuzzEncodeTitled(f *testing.F) {
	for _, p := range [][2]string{{"", ""}, {"عنوان", ""}, {"", "نص"}, {"ﻻ عنوان", "المنتخب يفوز"}, {"e", "\u0301 x"}, {"a\xff", "\xc2b"}} {
		f.Add(p[0], p[1])
	}
	a, _ := NewAnalyzer(DefaultConfig(), DefaultStopWords())
	v, _, _ := Fit(a, DefaultTFIDFConfig(), testDocs, FitOptions{})
	e1, e2 := v.NewEncoder(), v.NewEncoder()
	f.Fuzz(func(t *testing.T, title, text string) {
		joined := title + "\n" + text
		switch {
		case title == "":
			joined = text
		case text == "":
			joined = title
		}
		want := e1.EncodeString(joined)
		if got := e2.EncodeTitled(title, text); !reflect.DeepEqual(got, want) && !(len(got.Index) == 0 && len(want.Index) == 0) {
			t.Fatalf("EncodeTitled(%q, %q) = %v, EncodeString of the joined text %v", title, text, got, want)
		}
		// The normalised text itself, which decides the tokens whatever
		// the vocabulary.
		if got, want := e2.st.normBuf, e1.st.normBuf; string(got) != string(want) {
			t.Fatalf("EncodeTitled(%q, %q) normalised to %q, the joined text to %q", title, text, got, want)
		}
	})
}

// TestFrontCoded round-trips a vocabulary through its front coding.
func TestFrontCoded(t *testing.T) {
	v, err := NewVocabulary([]string{"ب", "بيت", "بيت كبير", "بيوت", "كتاب"})
	if err != nil {
		t.Fatal(err)
	}
	data := append(v.AppendFrontCoded(nil), "rest"...)
	if len(data)-4 > v.FrontCodedSize() {
		t.Fatalf("front coding is %d bytes, FrontCodedSize says at most %d", len(data)-4, v.FrontCodedSize())
	}
	blob, offsets, rest, err := DecodeFrontCoded(data, v.Len())
	if err != nil || string(rest) != "rest" {
		t.Fatalf("DecodeFrontCoded: rest %q, %v", rest, err)
	}
	v2, err := VocabularyFromBlob(blob, offsets)
	if err != nil || !slices.Equal(v2.Features(), v.Features()) {
		t.Fatalf("decoded %q, %v; want %q", v2.Features(), err, v.Features())
	}
}

// FuzzDecodeFrontCoded feeds the decoder bytes that are not a front coding,
// and checks that scanFrontCoded, which checks features without decoding
// them, agrees with checkFeatures on the decoded features.
func FuzzDecodeFrontCoded(f *testing.F) {
	v, _ := NewVocabulary([]string{"a", "ab", "b"})
	f.Add(v.AppendFrontCoded(nil), 3)
	f.Add([]byte{0, 1, 'a', 5, 0}, 2)
	f.Add([]byte{0, 3, 'a', ' ', 'b', 1, 3, ' ', 'c', 'd', 0, 1, 'b'}, 3)
	f.Add([]byte{0, 2, 'a', 'b', 1, 1, 'b', 0, 1, 'c'}, 3)      // a coding that shares less than it could
	f.Add([]byte{0, 2, 'a', ' ', 2, 2, ' ', 'b', 0, 1, 'c'}, 3) // a double space across the shared prefix
	f.Fuzz(func(t *testing.T, data []byte, n int) {
		blob, offsets, rest, err := DecodeFrontCoded(data, n)
		_, fusedRest, fusedTerms, fusedErr := scanFrontCoded(data, n, true)
		if err != nil {
			if fusedErr == nil {
				t.Fatalf("decoding: %v; checking found nothing wrong", err)
			}
			return
		}
		if len(offsets) != n+1 || int(offsets[n]) != len(blob) {
			t.Fatalf("%d offsets ending at %d for %d features in %d bytes", len(offsets), offsets[len(offsets)-1], n, len(blob))
		}
		terms, checkErr := checkFeatures(blob, offsets)
		if (checkErr == nil) != (fusedErr == nil) || (checkErr != nil && checkErr.Error() != fusedErr.Error()) {
			t.Fatalf("checkFeatures: %v; scanFrontCoded: %v", checkErr, fusedErr)
		}
		if checkErr == nil && (terms != fusedTerms || len(rest) != len(fusedRest)) {
			t.Fatalf("checkFeatures: %d terms at most, %d bytes left; scanFrontCoded: %d, %d", terms, len(rest), fusedTerms, len(fusedRest))
		}
		VocabularyFromBlob(blob, offsets) // must not panic
	})
}

// TestDecodeVocabulary rebuilds a vocabulary from its front coding and
// table order, and refuses orders that are not a vocabulary's.
func TestDecodeVocabulary(t *testing.T) {
	words := make([]string, 5000)
	for i := range words {
		words[i] = fmt.Sprintf("ك%05d", i)
	}
	v, err := NewVocabulary(words)
	if err != nil {
		t.Fatal(err)
	}
	data := v.AppendFrontCoded(nil)
	keys, order := v.TableOrder()
	v2, rest, err := DecodeVocabulary(data, v.Len(), keys, order)
	if err != nil || len(rest) != 0 {
		t.Fatalf("DecodeVocabulary: %v (%d bytes left)", err, len(rest))
	}
	if !slices.Equal(v2.table.slots, v.table.slots) {
		t.Error("the table is not rebuilt slot for slot")
	}
	if v2.Len() != len(words) || v2.coded == nil {
		t.Fatalf("Len = %d, strings decoded at once: %v", v2.Len(), v2.coded == nil)
	}
	// The strings are decoded on first use, once, whichever goroutines ask.
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := g; i < len(words); i += 4 {
				if got := v2.Feature(i); got != words[i] {
					t.Errorf("Feature(%d) = %q, want %q", i, got, words[i])
					return
				}
			}
		})
	}
	wg.Wait()
	for i, w := range words {
		if v2.Index(w) != i {
			t.Fatalf("Index(%q) = %d, want %d", w, v2.Index(w), i)
		}
	}
	if again := v2.AppendFrontCoded(nil); !bytes.Equal(again, data) {
		t.Error("the decoded vocabulary codes differently")
	}
	bad := map[string]func(k []uint64, o []int32){
		"zero key":        func(k []uint64, o []int32) { k[3] = 0 },
		"repeated key":    func(k []uint64, o []int32) { k[3] = k[4] },
		"repeated index":  func(k []uint64, o []int32) { o[3] = o[4] },
		"index too large": func(k []uint64, o []int32) { o[3] = int32(len(o)) },
		"negative index":  func(k []uint64, o []int32) { o[3] = -1 },
	}
	for name, spoil := range bad {
		k, o := slices.Clone(keys), slices.Clone(order)
		spoil(k, o)
		if _, _, err := DecodeVocabulary(data, v.Len(), k, o); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, _, err := DecodeVocabulary(data, v.Len(), keys[1:], order); err == nil {
		t.Error("too few keys accepted")
	}
}

// TestHashBytes checks that the token hash separates what tokens differ
// by: every length from 0 to 40, every one-byte change at every position,
// every prefix; and that its low bits (the token cache's slot) spread.
func TestHashBytes(t *testing.T) {
	seen := map[uint64]string{}
	add := func(b []byte) {
		h := hashBytes(b)
		if h == 0 {
			t.Fatalf("hashBytes(%q) = 0", b)
		}
		if prev, ok := seen[h]; ok && prev != string(b) {
			t.Fatalf("hashBytes(%q) = hashBytes(%q)", b, prev)
		}
		seen[h] = string(b)
	}
	base := []byte("الحكومه المغربيه تعلن عن اجراءات جديده")
	for n := 0; n <= 40 && n <= len(base); n++ {
		b := slices.Clone(base[:n])
		add(b)
		for i := range n {
			for _, d := range []byte{1, 2, 0x80} {
				b[i] ^= d
				add(slices.Clone(b))
				b[i] ^= d
			}
		}
	}
	var buckets [64]int
	for i := range 64 * 1000 {
		buckets[hashBytes(fmt.Appendf(nil, "tok%d", i))&63]++
	}
	for i, c := range buckets {
		if c < 800 || c > 1200 {
			t.Fatalf("low bits badly spread: bucket %d has %d of 64000 keys", i, c)
		}
	}
}
