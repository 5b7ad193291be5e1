package features

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// TokenFilter transforms the token stream of a text: it may drop tokens or
// narrow their terms. The filters in this package are context-free, which is
// what lets an analyser cache their result per distinct token.
type TokenFilter interface {
	Filter(text []byte, tokens []Token) []Token
}

// LengthFilter drops tokens with fewer than Min or more than Max letters
// (0 disables a bound). One-letter tokens are mostly detached clitics and
// stray letters; very long ones are URLs, base64 or glued garbage.
type LengthFilter struct{ Min, Max int }

// Filter implements TokenFilter.
func (f LengthFilter) Filter(text []byte, tokens []Token) []Token {
	out := tokens[:0]
	for _, t := range tokens {
		n := utf8.RuneCount(t.Term(text))
		if (f.Min > 0 && n < f.Min) || (f.Max > 0 && n > f.Max) {
			continue
		}
		out = append(out, t)
	}
	return out
}

// Analyzer runs the text pipeline of a Config: Normalizer, WordTokenizer,
// then the token filters (length, stop words, stemmer, and stop words again on
// the stems, so that "وهذا" → "هذا" is dropped too).
//
// An Analyzer is immutable and safe for concurrent use; the fast paths
// (Vectorizer encoders and Fit) keep their own per-goroutine caches.
type Analyzer struct {
	cfg       Config
	stopWords []string
	norm      *Normalizer
	tokenizer Tokenizer
	filters   []TokenFilter
}

// NewAnalyzer builds the pipeline for cfg. stopWords is the stop list, as
// written (it is normalised here with cfg's rules); it is used only when
// cfg.StopWords is set. Pass DefaultStopWords() for the built-in list.
func NewAnalyzer(cfg Config, stopWords []string) (*Analyzer, error) {
	if cfg.NGrams == 0 {
		cfg.NGrams = 1
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	a := &Analyzer{cfg: cfg, norm: NewNormalizer(cfg), tokenizer: WordTokenizer{}}
	if cfg.MinRunes > 0 || cfg.MaxRunes > 0 {
		a.filters = append(a.filters, LengthFilter{Min: cfg.MinRunes, Max: cfg.MaxRunes})
	}
	var stop *StopFilter
	if cfg.StopWords {
		a.stopWords = append([]string(nil), stopWords...)
		normalised := make([]string, 0, len(stopWords))
		for _, w := range stopWords {
			if strings.ContainsAny(w, " \t\n") {
				return nil, fmt.Errorf("stop word %q contains a space", w)
			}
			normalised = append(normalised, a.norm.NormalizeString(w))
		}
		stop = NewStopFilter(normalised)
		a.filters = append(a.filters, stop)
	}
	if s := NewStemmer(cfg.Stemmer); s != nil {
		a.filters = append(a.filters, s)
		if stop != nil {
			a.filters = append(a.filters, stop)
		}
	}
	return a, nil
}

// Config returns the analyser's settings.
func (a *Analyzer) Config() Config { return a.cfg }

// StopWords returns the stop list the analyser was built with (empty when
// stop words are off).
func (a *Analyzer) StopWords() []string { return a.stopWords }

// Normalizer returns the analyser's character filter.
func (a *Analyzer) Normalizer() *Normalizer { return a.norm }

// Terms runs the whole chain on text and returns the terms, in order.
func (a *Analyzer) Terms(text string) []string {
	var st analysisState
	st.init(a)
	var out []string
	for _, id := range st.analyze([]byte(text)) {
		out = append(out, st.terms[id].text)
	}
	return out
}

// Features returns the word n-grams 1..cfg.NGrams of text as the strings a
// vocabulary holds: terms joined by one space, n-grams of each size in text
// order.
func (a *Analyzer) Features(text string) []string {
	terms := a.Terms(text)
	var out []string
	for n := 1; n <= a.cfg.NGrams; n++ {
		for i := 0; i+n <= len(terms); i++ {
			out = append(out, strings.Join(terms[i:i+n], " "))
		}
	}
	return out
}

// termInfo is what an analysis state remembers about one distinct token.
type termInfo struct {
	key  uint64 // HashTerm of the analysed term
	text string // the analysed term
}

// dropped marks a token that the filters removed.
const dropped = -1

// maxAnalyzedBytes bounds how much of one text is analysed: 256 MiB, far
// beyond any article, and within the int32 offsets of a Token.
const maxAnalyzedBytes = 256 << 20

// maxCachedToken bounds the tokens an analysis state caches: longer ones are
// analysed every time, so that one pathological "word" cannot fill memory.
const maxCachedToken = 128

// analysisState is the per-goroutine side of an Analyzer: reusable buffers
// and the cache from a token's normalised bytes to its analysed term.
//
// Tokens are identified by a 64-bit hash of their bytes, as they are in an
// Encoder's token cache (see tokenCache): a table of hashes costs a third of
// a Go map of strings, which hashes the token again and compares it through
// a pointer.
type analysisState struct {
	a       *Analyzer
	normBuf []byte
	tokens  []Token
	one     [1]Token
	ids     []int32          // term ids of the last analysed text
	fast    []keySlot        // direct-mapped cache in front of cache: token hash -> term id
	cache   keyTable         // token hash -> term id or dropped; grows
	terms   []termInfo       // by term id
	termIDs map[string]int32 // analysed term -> term id
}

func (st *analysisState) init(a *Analyzer) {
	st.a = a
	st.cache = newKeyTable(512)
	st.termIDs = make(map[string]int32)
}

// withFastCache adds the direct-mapped cache in front of the table, for
// states that analyse many texts (Fit's workers); one-off analyses skip its
// megabyte.
func (st *analysisState) withFastCache() {
	st.fast = make([]keySlot, tokenCacheSlots)
}

// analyze returns the term ids of text in order. The slice is reused by the
// next call.
func (st *analysisState) analyze(text []byte) []int32 {
	a := st.a
	if len(text) > maxAnalyzedBytes {
		text = text[:maxAnalyzedBytes]
	}
	st.normBuf = a.norm.Normalize(st.normBuf[:0], text)
	st.tokens = a.tokenizer.Tokenize(st.normBuf, st.tokens[:0])
	st.ids = st.ids[:0]
	mask := uint64(len(st.fast) - 1)
	for i := range st.tokens {
		tok := st.tokens[i].Term(st.normBuf)
		var id int32
		if len(tok) > maxCachedToken {
			id = st.filterOne(st.tokens[i])
		} else {
			h := hashBytes(tok)
			var slot *keySlot
			if st.fast != nil {
				if slot = &st.fast[h&mask]; slot.key == h {
					if slot.val != dropped {
						st.ids = append(st.ids, slot.val)
					}
					continue
				}
			}
			var ok bool
			if id, ok = st.cache.lookup(h); !ok {
				id = st.filterOne(st.tokens[i])
				st.cache.add(h, id)
			}
			if slot != nil {
				*slot = keySlot{h, id}
			}
		}
		if id != dropped {
			st.ids = append(st.ids, id)
		}
	}
	return st.ids
}

// filterOne runs the token filters on one token and interns the result.
func (st *analysisState) filterOne(t Token) int32 {
	term, ok := st.filter(t)
	if !ok {
		return dropped
	}
	if id, ok := st.termIDs[string(term)]; ok {
		return id
	}
	id := int32(len(st.terms))
	s := string(term)
	st.terms = append(st.terms, termInfo{key: HashTerm(term), text: s})
	st.termIDs[s] = id
	return id
}

// filter runs the token filters on one token of the current text and
// returns its term, or false when a filter drops it.
func (st *analysisState) filter(t Token) ([]byte, bool) {
	st.one[0] = t
	toks := st.one[:]
	for _, f := range st.a.filters {
		if toks = f.Filter(st.normBuf, toks); len(toks) == 0 {
			return nil, false
		}
	}
	return toks[0].Term(st.normBuf), true
}

// HashTerm is the 64-bit key of a single term: FNV-1a, then the splitmix64
// finaliser so that the low bits index a hash table well. Never 0.
func HashTerm(term []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range term {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return nonZero(mix64(h))
}

// HashNGram extends the key of an n-gram by one more term's key.
func HashNGram(prefix, next uint64) uint64 {
	return nonZero(mix64(prefix*0x9E3779B97F4A7C15 + next + 0x632BE59BD9B4E019))
}

// HashFeature is the key of a feature string as a vocabulary holds it: terms
// joined by single spaces.
func HashFeature(feature string) uint64 { return hashFeature([]byte(feature)) }

func hashFeature(f []byte) uint64 {
	var key uint64
	first := true
	for len(f) > 0 {
		term := f
		if i := bytes.IndexByte(f, ' '); i >= 0 {
			term, f = f[:i], f[i+1:]
		} else {
			f = nil
		}
		if k := HashTerm(term); first {
			key, first = k, false
		} else {
			key = HashNGram(key, k)
		}
	}
	return key
}

func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

func nonZero(h uint64) uint64 {
	if h == 0 {
		return 1
	}
	return h
}
