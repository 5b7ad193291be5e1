package features

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/tasnif/tasnif/internal/parallel"
)

// TFIDFConfig holds the vectoriser's settings. A model file stores it.
type TFIDFConfig struct {
	// MinDF drops features found in fewer documents than this.
	MinDF int `json:"min_df"`
	// MaxDF drops features found in more than this fraction of documents
	// (1 keeps all).
	MaxDF float64 `json:"max_df"`
	// MaxFeatures keeps only the features with the highest document
	// frequency (ties broken by key, so the choice is deterministic);
	// 0 keeps all.
	MaxFeatures int `json:"max_features"`
	// SmoothIDF uses idf = ln((1+n)/(1+df)) + 1 instead of ln(n/df) + 1.
	SmoothIDF bool `json:"smooth_idf"`
	// SublinearTF uses 1 + ln(tf) instead of the raw count.
	SublinearTF bool `json:"sublinear_tf"`
	// L2Norm scales each vector to unit length.
	L2Norm bool `json:"l2_norm"`
}

// DefaultTFIDFConfig returns the settings measured best on real news (see
// README.md, "Defaults").
func DefaultTFIDFConfig() TFIDFConfig {
	return TFIDFConfig{MinDF: 2, MaxDF: 1, MaxFeatures: 0, SmoothIDF: true, SublinearTF: true, L2Norm: true}
}

// Validate reports the first setting out of range.
func (c TFIDFConfig) Validate() error {
	if c.MinDF < 1 {
		return fmt.Errorf("min_df must be at least 1, got %d", c.MinDF)
	}
	if !(c.MaxDF > 0 && c.MaxDF <= 1) {
		return fmt.Errorf("max_df must be a fraction in (0, 1], got %g", c.MaxDF)
	}
	if c.MaxFeatures < 0 {
		return fmt.Errorf("max_features must not be negative, got %d", c.MaxFeatures)
	}
	return nil
}

// Vector is a sparse feature vector: Value[i] is the weight of feature
// Index[i]. Indices are distinct, in order of first occurrence in the text.
type Vector struct {
	Index []int32
	Value []float32
}

// Vectorizer maps texts to TF-IDF vectors over a fixed vocabulary. It is
// immutable and safe for concurrent use; encode through NewEncoder, one
// Encoder per goroutine.
type Vectorizer struct {
	analyzer *Analyzer
	cfg      TFIDFConfig
	vocab    *Vocabulary
	idf      []float32
}

// NewVectorizer assembles a vectoriser from its parts, as a model file holds
// them: the vocabulary, and one idf per feature.
func NewVectorizer(a *Analyzer, cfg TFIDFConfig, vocab *Vocabulary, idf []float32) (*Vectorizer, error) {
	if vocab.Len() != len(idf) {
		return nil, fmt.Errorf("vocabulary has %d features but %d idf values", vocab.Len(), len(idf))
	}
	if vocab.maxTerms > a.cfg.NGrams { // find the culprit
		for i := range vocab.Len() {
			f := vocab.FeatureBytes(i)
			if n := bytes.Count(f, space) + 1; n > a.cfg.NGrams {
				return nil, fmt.Errorf("feature %q is a %d-gram but the analyser builds at most %d-grams", f, n, a.cfg.NGrams)
			}
		}
	}
	return &Vectorizer{analyzer: a, cfg: cfg, vocab: vocab, idf: idf}, nil
}

// Analyzer returns the text pipeline.
func (v *Vectorizer) Analyzer() *Analyzer { return v.analyzer }

// Config returns the TF-IDF settings.
func (v *Vectorizer) Config() TFIDFConfig { return v.cfg }

// Vocabulary returns the feature list.
func (v *Vectorizer) Vocabulary() *Vocabulary { return v.vocab }

// IDF returns the inverse document frequency of each feature (read only).
func (v *Vectorizer) IDF() []float32 { return v.idf }

// Encoder turns texts into vectors with a Vectorizer, reusing its buffers and
// a cache of analysed tokens. It is not safe for concurrent use.
type Encoder struct {
	v       *Vectorizer
	st      analysisState // for tokens the cache cannot hold
	cache   tokenCache
	counter docCounter
	keys    []uint64
	feats   []int32   // of a text's terms, as their cache slots had them
	missed  []uint64  // hashes of the tokens of a text the cache missed
	idfs    []float32 // of the features of the text being encoded
	values  []float32
	sink    uint64 // defeats dead-code elimination of the prefetch loops
}

// NewEncoder returns an Encoder for v.
func (v *Vectorizer) NewEncoder() *Encoder {
	e := &Encoder{v: v, cache: newTokenCache(tokenCacheSlots)}
	e.st.init(v.analyzer)
	return e
}

// Encode returns the TF-IDF vector of text. The vector's slices are reused by
// the next call.
//
// Tagging is memory-bound: every token probes the token cache and every
// n-gram the vocabulary, at random places in megabytes of tables. So each
// pass first computes its keys, then touches their slots in a tight loop of
// independent loads — which the processor runs dozens at a time — and only
// then does the lookups, which by now hit the cache. On hespress articles
// this doubles the speed of the lookups.
func (e *Encoder) Encode(text []byte) Vector {
	st := &e.st
	if len(text) > maxAnalyzedBytes {
		text = text[:maxAnalyzedBytes]
	}
	st.normBuf = st.a.norm.Normalize(st.normBuf[:0], text)
	return e.encodeNormalized()
}

// EncodeTitled is EncodeString(title + "\n" + text), or of the one that is
// not empty, without building that string. (Normalisation never crosses a
// line break, so normalising the parts one after the other gives the same
// bytes.)
func (e *Encoder) EncodeTitled(title, text string) Vector {
	st := &e.st
	norm := st.a.norm
	st.normBuf = st.normBuf[:0]
	if title != "" {
		st.normBuf = norm.Normalize(st.normBuf, unsafe.Slice(unsafe.StringData(title), min(len(title), maxAnalyzedBytes)))
		if text != "" {
			st.normBuf = append(st.normBuf, '\n')
		}
	}
	if len(st.normBuf) < maxAnalyzedBytes {
		text = text[:min(len(text), maxAnalyzedBytes-len(st.normBuf))]
		st.normBuf = norm.Normalize(st.normBuf, unsafe.Slice(unsafe.StringData(text), len(text)))
	}
	return e.encodeNormalized()
}

// encodeNormalized is the rest of Encode, on the text in st.normBuf.
func (e *Encoder) encodeNormalized() Vector {
	st := &e.st
	st.tokens = st.a.tokenizer.Tokenize(st.normBuf, st.tokens[:0])
	e.counter.reset(len(st.tokens) * e.v.analyzer.cfg.NGrams)
	vocab := e.v.vocab

	// Tokens: hash, touch the cache slots, then read them.
	e.keys = e.keys[:0]
	for _, tok := range st.tokens {
		if b := tok.Term(st.normBuf); len(b) <= maxCachedToken {
			e.keys = append(e.keys, hashBytes(b))
		} else {
			e.keys = append(e.keys, 0)
		}
	}
	var sink uint64
	for _, h := range e.keys {
		sink += e.cache.slots[h&e.cache.mask].tokHash
	}
	terms := e.keys[:0] // reuse: term keys overwrite token hashes as we go
	feats := e.feats[:0]
	missed := e.missed[:0]
	for i, tok := range st.tokens {
		h := e.keys[i]
		var term *cacheSlot
		if h != 0 {
			term = e.cache.get(h)
			if term.tokHash != h {
				e.analyze(term, h, tok)
				missed = append(missed, h)
			}
		} else {
			var s cacheSlot
			e.analyze(&s, 0, tok)
			s.feature = e.unigram(s.termKey)
			term = &s
		}
		if term.termKey == 0 {
			continue // dropped by the filters
		}
		terms = append(terms, term.termKey)
		feats = append(feats, term.feature)
	}
	// The terms of tokens the cache missed are looked up in the vocabulary
	// together, after a loop touching their slots: a miss cost twice as
	// much when each lookup waited for its own cache miss. Their cache
	// entries get the answer too, if this text has not evicted them.
	if len(missed) > 0 {
		for j, f := range feats {
			if f == unresolved {
				sink += vocab.table.touch(terms[j])
			}
		}
		for j, f := range feats {
			if f == unresolved {
				feats[j] = e.unigram(terms[j])
			}
		}
		for _, h := range missed {
			if s := e.cache.find(h); s != nil && s.feature == unresolved {
				s.feature = e.unigram(s.termKey)
			}
		}
	}
	for _, f := range feats {
		if f >= 0 {
			e.counter.add(f)
		}
	}
	e.feats, e.missed = feats[:0], missed[:0]

	// N-grams: build the keys, touch their vocabulary slots, look them up.
	n := len(terms)
	grams := terms[n:n]
	for size := 2; size <= e.v.analyzer.cfg.NGrams; size++ {
		for i := 0; i+size <= n; i++ {
			k := terms[i]
			for j := 1; j < size; j++ {
				k = HashNGram(k, terms[i+j])
			}
			grams = append(grams, k)
		}
	}
	// Most n-grams are not features: the filter drops them first.
	kept := grams[:0]
	for _, k := range grams {
		if vocab.filter.mayContain(k) {
			kept = append(kept, k)
		}
	}
	for _, k := range kept {
		sink += vocab.table.touch(k)
	}
	for _, k := range kept {
		if f, ok := vocab.lookup(k); ok {
			e.counter.add(f)
		}
	}
	e.sink = sink
	e.keys = terms[:0]
	e.idfs = gatherIDF(e.v, e.counter.features, e.idfs[:0])
	e.values = weighCounts(e.v, e.counter.features, e.counter.counts, e.idfs, e.values[:0])
	return Vector{Index: e.counter.features, Value: e.values}
}

// docCounter counts the features of one text in a small open-addressing
// table that stays in the L1 cache, instead of a dense array the size of
// the vocabulary that every text would scatter over.
type docCounter struct {
	slots    []int32 // index into features + 1; 0: empty
	mask     int32
	features []int32 // distinct features, in order of first occurrence
	counts   []float32
}

func (c *docCounter) reset(n int) {
	size := 64
	for size < 2*n {
		size <<= 1
	}
	if size > cap(c.slots) {
		c.slots = make([]int32, size)
	} else {
		c.slots = c.slots[:size] // not len: it shrinks with short texts
		clear(c.slots)
	}
	c.mask = int32(size - 1)
	c.features, c.counts = c.features[:0], c.counts[:0]
}

func (c *docCounter) add(f int32) {
	for i := (f * -1640531535) & c.mask; ; i = (i + 1) & c.mask { // Fibonacci hashing
		switch s := c.slots[i]; {
		case s == 0:
			c.features = append(c.features, f)
			c.counts = append(c.counts, 1)
			c.slots[i] = int32(len(c.features))
			return
		case c.features[s-1] == f:
			c.counts[s-1]++
			return
		}
	}
}

// unresolved marks a cache slot whose term has not been looked up in the
// vocabulary yet (see encodeNormalized).
const unresolved = -2

// analyze analyses one token into a cache slot: the term's key (0 when the
// filters drop the token); its feature index as a unigram is left
// unresolved, or -1 for a dropped token.
func (e *Encoder) analyze(s *cacheSlot, hash uint64, tok Token) {
	s.tokHash = hash
	s.termKey, s.feature = 0, -1
	term, ok := e.st.filter(tok)
	if !ok {
		return
	}
	s.termKey = HashTerm(term)
	s.feature = unresolved
}

// unigram is the feature index of a term as a unigram, or -1.
func (e *Encoder) unigram(termKey uint64) int32 {
	if f, ok := e.v.vocab.lookup(termKey); ok {
		return f
	}
	return -1
}

// EncodeString is Encode for a string. It does not copy the string: Encode
// only reads its input.
func (e *Encoder) EncodeString(text string) Vector {
	return e.Encode(unsafe.Slice(unsafe.StringData(text), len(text)))
}

// Transform returns a copy of the vector of text; convenient off the hot path.
func (v *Vectorizer) Transform(text string) Vector {
	vec := v.NewEncoder().EncodeString(text)
	return Vector{Index: slices.Clone(vec.Index), Value: slices.Clone(vec.Value)}
}

// weighCounts turns the counts of features (counts[i] is feature
// features[i]'s) into TF-IDF weights appended to dst, which may be
// counts[:0]. idfs, when not nil, holds the features' idf values (see
// gatherIDF).
func weighCounts(v *Vectorizer, features []int32, counts, idfs, dst []float32) []float32 {
	var sumSq float64
	start := len(dst)
	for i, f := range features {
		tf := counts[i]
		if v.cfg.SublinearTF && tf > 1 {
			if tf < float32(len(sublinearTF)) && tf == float32(int(tf)) {
				tf = sublinearTF[int(tf)]
			} else {
				tf = 1 + float32(math.Log(float64(tf)))
			}
		}
		var idf float32
		if idfs != nil {
			idf = idfs[i]
		} else {
			idf = v.idf[f]
		}
		w := tf * idf
		dst = append(dst, w)
		sumSq += float64(w) * float64(w)
	}
	if v.cfg.L2Norm && sumSq > 0 {
		inv := float32(1 / math.Sqrt(sumSq))
		for j := start; j < len(dst); j++ {
			dst[j] *= inv
		}
	}
	return dst
}

// gatherIDF appends the idf values of features to dst, in a loop of
// independent loads: they are scattered over the vocabulary's array,
// mostly cache misses, which the processor overlaps here instead of
// meeting one an iteration in weighCounts, whose loop also calls math.Log.
// Weighing took a third less time so.
func gatherIDF(v *Vectorizer, features []int32, dst []float32) []float32 {
	for _, f := range features {
		dst = append(dst, v.idf[f])
	}
	return dst
}

// sublinearTF[k] is 1 + ln k, exactly as weighCounts computes it for
// other counts: most counts are small whole numbers.
var sublinearTF = func() (t [64]float32) {
	for k := 2; k < len(t); k++ {
		t[k] = 1 + float32(math.Log(float64(k)))
	}
	return t
}()

// tokenCacheSlots is the size of an Encoder's token cache: 64 Ki slots of
// 24 bytes, 1.5 MB, about a core's L2 cache. Zipf's law does the rest: the
// few thousand most frequent tokens are most of any news text.
const tokenCacheSlots = 1 << 16

// tokenCache is a two-way set-associative cache from a token (its
// normalised bytes, by a 64-bit hash) to its analysis (see get). A new token
// evicts the older of its pair's two, so the cache needs no reset and its
// memory is fixed; a Go map of strings cost three times as much per token
// (hashing, probing, comparing the key through a pointer).
//
// Tokens are identified by their 64-bit hash alone, as n-grams are in the
// vocabulary: two distinct tokens with the same hash (odds about 10⁻⁹ among
// hundreds of thousands of tokens) would share one analysis.
type tokenCache struct {
	slots []cacheSlot
	mask  uint64
}

type cacheSlot struct {
	tokHash uint64 // hash of the token's bytes; 0: empty slot
	termKey uint64 // HashTerm of the analysed term; 0: the filters drop the token
	feature int32  // the term's index in the vocabulary as a unigram, -1, or (inside encodeNormalized only) unresolved
}

func newTokenCache(n int) tokenCache {
	slots := make([]cacheSlot, n)
	touchPages(slots)
	return tokenCache{slots: slots, mask: uint64(n-1) &^ 1}
}

// get returns h's slot, or the slot to fill for h. The cache is two-way
// set-associative: a token can sit in either slot of its pair, the most
// recently filled first. A token that misses moves the pair's first entry
// to the second slot, so that two frequent tokens that hash to the same
// pair do not evict each other: on hespress articles, misses fell from 10%
// to 7% of the tokens.
func (c *tokenCache) get(h uint64) *cacheSlot {
	i := h & c.mask
	pair := c.slots[i : i+2 : i+2]
	if pair[0].tokHash == h {
		return &pair[0]
	}
	if pair[1].tokHash == h {
		return &pair[1]
	}
	pair[1] = pair[0]
	return &pair[0]
}

// find returns h's slot, or nil, without moving anything.
func (c *tokenCache) find(h uint64) *cacheSlot {
	i := h & c.mask
	if c.slots[i].tokHash == h {
		return &c.slots[i]
	}
	if c.slots[i+1].tokHash == h {
		return &c.slots[i+1]
	}
	return nil
}

// hashBytes is a fast 64-bit hash of a short byte string (a token), with
// fixed constants so that runs are repeatable. Never 0. It keys the token
// caches only: nothing it returns is stored in a model, so it can change.
//
// Tokens are mostly 4 to 16 bytes: those are read as two overlapping words
// (no loop over bytes) and mixed by two 64×64→128-bit multiplications, the
// high and low halves folded together (as wyhash does). This is 2.2 times
// the speed of mixing 8 bytes at a time with splitmix64's finaliser, which
// was 9% of tagging, and 1.35 times hash/maphash, whose seed is random per
// process (go test ./features -run '^$' -bench HashBytes).
func hashBytes(b []byte) uint64 {
	const (
		k0 = 0xa0761d6478bd642f
		k1 = 0xe7037ed1a0b428db
		k2 = 0x8ebc6af09c88c6e3
	)
	n := len(b)
	seed := uint64(n) * k2
	var x, y uint64
	switch {
	case n > 16:
		last := b[n-16:]
		for ; len(b) > 16; b = b[16:] {
			hi, lo := bits.Mul64(binary.LittleEndian.Uint64(b)^k0, binary.LittleEndian.Uint64(b[8:])^seed)
			seed = hi ^ lo
		}
		x, y = binary.LittleEndian.Uint64(last), binary.LittleEndian.Uint64(last[8:])
	case n >= 8:
		x, y = binary.LittleEndian.Uint64(b), binary.LittleEndian.Uint64(b[n-8:])
	case n >= 4:
		x, y = uint64(binary.LittleEndian.Uint32(b)), uint64(binary.LittleEndian.Uint32(b[n-4:]))
	case n > 0:
		x = uint64(b[0])<<16 | uint64(b[n>>1])<<8 | uint64(b[n-1])
	}
	hi, lo := bits.Mul64(x^k0, y^seed^k1)
	hi, lo = bits.Mul64(hi^k1, lo^k0)
	return nonZero(hi ^ lo)
}

// forEachNGram calls fn with the key of every n-gram, n = 1..maxN, of a
// sequence of term keys: all unigrams first, then the bigrams, and so on.
func forEachNGram(keys []uint64, maxN int, fn func(uint64)) {
	for _, k := range keys {
		fn(k)
	}
	for n := 2; n <= maxN; n++ {
		for i := 0; i+n <= len(keys); i++ {
			k := keys[i]
			for j := 1; j < n; j++ {
				k = HashNGram(k, keys[i+j])
			}
			fn(k)
		}
	}
}

// FitOptions tune how Fit runs; they never change its result.
type FitOptions struct {
	// Workers is the number of goroutines analysing texts (0: one per CPU).
	Workers int
	// Progress, when set, is called from time to time with the number of
	// texts analysed so far (from several goroutines; it must be safe for
	// concurrent use).
	Progress func(done int)
	// Titles, when set, holds a title for each text: text i is then
	// analysed as Titles[i] + "\n" + texts[i] (just texts[i] when the title
	// is empty), without that string being built. Training on a corpus of
	// titled stories so saves a copy of the whole corpus.
	Titles []string
}

// Fit learns a vocabulary and idf from texts and returns the vectoriser with
// the TF-IDF vector of every text. The result does not depend on the number
// of workers: the same texts and settings give the same vectoriser.
func Fit(a *Analyzer, cfg TFIDFConfig, texts []string, opt FitOptions) (*Vectorizer, []Vector, error) {
	if err := cfg.Validate(); err != nil {
		return nil, nil, err
	}
	if len(texts) == 0 {
		return nil, nil, errors.New("no documents to learn a vocabulary from")
	}
	if opt.Titles != nil && len(opt.Titles) != len(texts) {
		return nil, nil, fmt.Errorf("%d titles for %d texts", len(opt.Titles), len(texts))
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	maxN := a.cfg.NGrams

	// 1. Analyse every text once, in parallel: each worker keeps its own
	// term table, and records per text the sequence of its term ids and the
	// distinct n-gram keys (for document frequencies).
	type worker struct {
		st      analysisState
		seqs    []int32      // term ids of all its texts, concatenated
		docKeys dfPartitions // distinct n-gram keys of each of its texts
		set     keySet
		keys    []uint64
		joined  []byte // title + "\n" + text, with FitOptions.Titles
	}
	type docRef struct {
		w          int32
		start, end int // its term ids are ws[w].seqs[start:end]
	}
	ws := make([]*worker, workers)
	refs := make([]docRef, len(texts))
	var next atomic.Int64
	const chunk = 32
	var wg sync.WaitGroup
	totalBytes := 0
	for _, t := range texts {
		totalBytes += len(t)
	}
	for _, t := range opt.Titles {
		totalBytes += len(t)
	}
	for w := range ws {
		// About one term per 8 bytes of Arabic text, and 1.5 distinct
		// n-grams per term: preallocate so that appends do not copy.
		share := totalBytes/workers + 1
		wk := &worker{seqs: make([]int32, 0, share/8)}
		wk.docKeys.init(share / 8 * maxN * 3 / 4)
		wk.st.init(a)
		wk.st.withFastCache()
		ws[w] = wk
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				lo := int(next.Add(chunk)) - chunk
				if lo >= len(texts) {
					return
				}
				if opt.Progress != nil && lo > 0 {
					opt.Progress(lo)
				}
				for d := lo; d < min(lo+chunk, len(texts)); d++ {
					// analyze only reads the text: no copy of it.
					text := unsafe.Slice(unsafe.StringData(texts[d]), len(texts[d]))
					if opt.Titles != nil && opt.Titles[d] != "" {
						wk.joined = append(append(append(wk.joined[:0], opt.Titles[d]...), '\n'), text...)
						text = wk.joined
					}
					ids := wk.st.analyze(text)
					start := len(wk.seqs)
					wk.seqs = append(wk.seqs, ids...)
					refs[d] = docRef{int32(w), start, len(wk.seqs)}
					wk.keys = wk.keys[:0]
					for _, id := range ids {
						wk.keys = append(wk.keys, wk.st.terms[id].key)
					}
					wk.set.reset(len(wk.keys) * maxN)
					forEachNGram(wk.keys, maxN, func(k uint64) {
						if wk.set.add(k) {
							wk.docKeys.add(k)
						}
					})
				}
			}
		}()
	}
	wg.Wait()
	if opt.Progress != nil {
		opt.Progress(len(texts))
	}

	// 2. Document frequencies: count how many texts hold each key. The
	// keys are split by their top bits into partitions small enough to
	// count in a cache-resident table, and the partitions are counted in
	// parallel. The order of the distinct keys within a partition depends on
	// which worker analysed which text, but nothing below depends on it:
	// features end up indexed in string order.
	docKeys := make([]*dfPartitions, len(ws))
	for w, wk := range ws {
		docKeys[w] = &wk.docKeys
	}
	// 3. Select features by document frequency: min-df and max-df while
	// counting (most keys are seen once, and are dropped there), then
	// max-features.
	n := len(texts)
	maxDF := int(math.Floor(cfg.MaxDF * float64(n)))
	uniq, df := documentFrequencies(docKeys, workers, cfg.MinDF, maxDF)
	for _, wk := range ws {
		wk.docKeys = dfPartitions{}
	}
	// The keys just counted, a third of the memory Fit has used so far, are
	// garbage now: collected here, their pages serve the next steps, which
	// would otherwise fault in fresh ones (page faults were a fifth of
	// training's CPU time). A collection costs a few milliseconds: worth
	// it for a corpus, not for a few texts.
	if totalBytes > 8<<20 {
		runtime.GC()
	}
	cand := make([]int, len(uniq)) // indices into uniq
	for i := range cand {
		cand[i] = i
	}
	if cfg.MaxFeatures > 0 && len(cand) > cfg.MaxFeatures {
		slices.SortFunc(cand, func(x, y int) int {
			if df[x] != df[y] {
				return int(df[y] - df[x])
			}
			if uniq[x] < uniq[y] {
				return -1
			}
			return 1
		})
		cand = cand[:cfg.MaxFeatures]
		slices.Sort(cand)
	}
	if len(cand) == 0 {
		return nil, nil, fmt.Errorf("no feature occurs in at least %d documents: lower min_df or add data", cfg.MinDF)
	}

	// 4. One parallel pass over the term sequences: count each text's chosen
	// n-grams under provisional indices (the candidates' order), and record
	// the string of each chosen n-gram the first time a worker meets it.
	chosen := newKeyTable(len(cand))
	chosenKeys := make([]uint64, len(cand))
	for j, i := range cand {
		chosen.insert(uniq[i], int32(j))
		chosenKeys[j] = uniq[i]
	}
	// Most n-gram occurrences are of n-grams not chosen (seen in one text
	// only): the filter answers those without touching the table.
	filter := newKeyFilter(chosenKeys)
	chosenKeys = nil
	// The first worker to meet a chosen n-gram claims it and writes its
	// string; the others, which have the same string, skip it.
	names := make([]string, len(cand))
	claimed := make([]atomic.Bool, len(cand))
	type textCounts struct {
		features []int32 // provisional indices
		counts   []float32
	}
	counted := make([]textCounts, n)
	sinks := make([]uint64, workers) // defeats dead-code elimination of the touch loops
	next.Store(0)
	for w := range ws {
		wg.Add(1)
		go func() {
			defer wg.Done()
			seen := make([]bool, len(cand))
			var keys []uint64
			var parts []string
			var dc docCounter
			var sink uint64
			defer func() { sinks[w] = sink }()
			for {
				lo := int(next.Add(chunk)) - chunk
				if lo >= n {
					return
				}
				for d := lo; d < min(lo+chunk, n); d++ {
					src := ws[refs[d].w]
					ids := src.seqs[refs[d].start:refs[d].end]
					keys = keys[:0]
					for _, id := range ids {
						keys = append(keys, src.st.terms[id].key)
					}
					dc.reset(len(ids) * maxN)
					// As in Encoder.Encode: all the keys first, then a loop
					// touching their table slots, whose cache misses the
					// processor overlaps, then the lookups.
					for size := 2; size <= maxN; size++ {
						for i := 0; i+size <= len(ids); i++ {
							k := keys[i]
							for j := 1; j < size; j++ {
								k = HashNGram(k, keys[i+j])
							}
							keys = append(keys, k)
						}
					}
					for _, k := range keys {
						if filter.mayContain(k) {
							sink += chosen.touch(k)
						}
					}
					size, start := 1, 0 // the n-grams of keys[start:] have size terms
					for x, k := range keys {
						if x-start > len(ids)-size {
							start, size = x, size+1
						}
						if !filter.mayContain(k) {
							continue
						}
						c, ok := chosen.lookup(k)
						if !ok {
							continue
						}
						dc.add(c)
						if !seen[c] {
							seen[c] = true
							if claimed[c].CompareAndSwap(false, true) {
								i := x - start
								parts = parts[:0]
								for j := range size {
									parts = append(parts, src.st.terms[ids[i+j]].text)
								}
								names[c] = strings.Join(parts, " ")
							}
						}
					}
					counted[d] = textCounts{slices.Clone(dc.features), slices.Clone(dc.counts)}
				}
			}
		}()
	}
	wg.Wait()
	claimed = nil

	// 5. Index features in string order, and compute idf.
	order := sortedStrings(names)
	size := 0
	for _, name := range names {
		size += len(name)
	}
	if size > math.MaxUint32 {
		return nil, nil, errors.New("vocabulary too large")
	}
	// The vocabulary is built here from the keys already known: sorted and
	// distinct by construction, nothing to check or hash again.
	vocab := &Vocabulary{n: len(order), blob: make([]byte, size), offsets: make([]uint32, len(order)+1), maxTerms: maxN}
	for j, c := range order {
		vocab.offsets[j+1] = vocab.offsets[j] + uint32(len(names[c]))
	}
	keys := make([]uint64, len(order))
	idf := make([]float32, len(order))
	final := make([]int32, len(cand)) // provisional index -> final index
	parallel.Ranges(len(order), workers, 1024, func(lo, hi int) {
		for j := lo; j < hi; j++ {
			c := order[j]
			copy(vocab.blob[vocab.offsets[j]:], names[c])
			keys[j] = uniq[cand[c]]
			final[c] = int32(j)
			d := float64(df[cand[c]])
			if cfg.SmoothIDF {
				idf[j] = float32(math.Log((1+float64(n))/(1+d)) + 1)
			} else {
				idf[j] = float32(math.Log(float64(n)/d) + 1)
			}
		}
	})
	if dup := vocab.index(keys); dup >= 0 {
		return nil, nil, vocab.duplicateKey(dup)
	}
	vec, err := NewVectorizer(a, cfg, vocab, idf)
	if err != nil {
		return nil, nil, err
	}

	// 6. The vectors, with their final indices.
	vectors := make([]Vector, n)
	parallel.Ranges(n, workers, 1024, func(lo, hi int) {
		for d := lo; d < hi; d++ {
			tc := &counted[d]
			for i, c := range tc.features {
				tc.features[i] = final[c]
			}
			// The counts become the weights, in place.
			vectors[d] = Vector{Index: tc.features, Value: weighCounts(vec, tc.features, tc.counts, nil, tc.counts[:0])}
			counted[d] = textCounts{}
		}
	})
	return vec, vectors, nil
}

// sortedStrings returns the indices of names in the strings' byte order.
// Each string's first sixteen bytes, read as a big-endian number, sort it
// against most others without reaching its bytes, which sit at random
// places in memory: only strings that share their first sixteen bytes (a
// bigram's first word and more) are compared in full. Three times faster
// than sorting the strings.
func sortedStrings(names []string) []int {
	type entry struct {
		hi, lo uint64
		index  int
	}
	entries := make([]entry, len(names))
	for i, s := range names {
		var p [16]byte // shorter strings pad with zero bytes, so a string
		copy(p[:], s)  // sorts before any string it is a prefix of
		entries[i] = entry{binary.BigEndian.Uint64(p[:8]), binary.BigEndian.Uint64(p[8:]), i}
	}
	sortParallel(entries, func(x, y entry) int {
		switch {
		case x.hi != y.hi:
			return cmp.Compare(x.hi, y.hi)
		case x.lo != y.lo:
			return cmp.Compare(x.lo, y.lo)
		}
		return strings.Compare(names[x.index], names[y.index])
	})
	order := make([]int, len(entries))
	for i, e := range entries {
		order[i] = e.index
	}
	return order
}

// sortParallel sorts s with cmp, the two halves on two goroutines and then
// merged: sorting hundreds of thousands of feature strings is a visible part
// of training. The result is the same as a sequential sort's for any cmp
// that is a total order.
func sortParallel[T any](s []T, cmp func(a, b T) int) {
	if len(s) < 1<<14 || runtime.GOMAXPROCS(0) < 2 {
		slices.SortFunc(s, cmp)
		return
	}
	mid := len(s) / 2
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); slices.SortFunc(s[:mid], cmp) }()
	slices.SortFunc(s[mid:], cmp)
	wg.Wait()
	merged := make([]T, 0, len(s))
	i, j := 0, mid
	for i < mid && j < len(s) {
		if cmp(s[j], s[i]) < 0 {
			merged = append(merged, s[j])
			j++
		} else {
			merged = append(merged, s[i])
			i++
		}
	}
	merged = append(merged, s[i:mid]...)
	merged = append(merged, s[j:]...)
	copy(s, merged)
}

// keySet is a set of non-zero 64-bit keys for one text at a time: reset is
// O(1) (a generation stamp), so the set is reused across texts.
type keySet struct {
	keys  []uint64
	stamp []uint32
	gen   uint32
	mask  uint64
}

// reset empties the set and makes room for about n keys.
func (s *keySet) reset(n int) {
	if 2*n > len(s.keys) {
		size := 1024
		for size < 2*n {
			size <<= 1
		}
		s.keys, s.stamp, s.gen, s.mask = make([]uint64, size), make([]uint32, size), 0, uint64(size-1)
	}
	s.gen++
	if s.gen == 0 { // wrapped: clear the stamps once every 4 billion texts
		clear(s.stamp)
		s.gen = 1
	}
}

// add inserts k and reports whether it was new.
func (s *keySet) add(k uint64) bool {
	for i := k & s.mask; ; i = (i + 1) & s.mask {
		if s.stamp[i] != s.gen {
			s.stamp[i], s.keys[i] = s.gen, k
			return true
		}
		if s.keys[i] == k {
			return false
		}
	}
}

// dfPartitionBits is how many top bits of a key choose its partition when
// counting document frequencies: 256 partitions of the few million keys of
// a corpus keep each partition's table within a core's L2 cache.
const dfPartitionBits = 8

// dfPartitions holds keys split by their top bits, one slice per
// partition, for documentFrequencies.
type dfPartitions [1 << dfPartitionBits][]uint64

// init preallocates room for about n keys.
func (p *dfPartitions) init(n int) {
	for b := range p {
		p[b] = make([]uint64, 0, n>>dfPartitionBits+16)
	}
}

func (p *dfPartitions) add(k uint64) {
	b := k >> (64 - dfPartitionBits)
	p[b] = append(p[b], k)
}

// documentFrequencies counts the keys of ps (one set per worker of Fit,
// holding each text's distinct keys) and returns the distinct keys that
// minDF to maxDF texts hold, with their counts, partition by partition.
func documentFrequencies(ps []*dfPartitions, workers, minDF, maxDF int) (uniq []uint64, df []int32) {
	const parts = 1 << dfPartitionBits
	// Count each partition in an open-addressing table, in parallel.
	type result struct {
		keys []uint64
		df   []int32
	}
	results := make([]result, parts)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			type slot struct {
				key   uint64
				count int32
			}
			var table []slot
			for {
				b := int(next.Add(1)) - 1
				if b >= parts {
					return
				}
				n := 0
				for _, p := range ps {
					n += len(p[b])
				}
				size := 64
				for size < 2*n {
					size <<= 1
				}
				if size > cap(table) {
					table = make([]slot, size)
				} else {
					table = table[:size] // reused: fresh memory costs a page fault a page
					clear(table)
				}
				mask := uint64(size - 1)
				for _, p := range ps {
					for _, k := range p[b] {
						// The top bits are the partition's: probe with the low ones.
						for j := k & mask; ; j = (j + 1) & mask {
							if s := &table[j]; s.key == k {
								s.count++
								break
							} else if s.key == 0 {
								*s = slot{k, 1}
								break
							}
						}
					}
					p[b] = nil
				}
				kept := 0
				for _, s := range table {
					if s.key != 0 && int(s.count) >= minDF && int(s.count) <= maxDF {
						kept++
					}
				}
				r := result{make([]uint64, 0, kept), make([]int32, 0, kept)}
				for _, s := range table {
					if s.key != 0 && int(s.count) >= minDF && int(s.count) <= maxDF {
						r.keys, r.df = append(r.keys, s.key), append(r.df, s.count)
					}
				}
				results[b] = r
			}
		})
	}
	wg.Wait()
	total := 0
	for _, r := range results {
		total += len(r.keys)
	}
	uniq, df = make([]uint64, 0, total), make([]int32, 0, total)
	for _, r := range results {
		uniq, df = append(uniq, r.keys...), append(df, r.df...)
	}
	return uniq, df
}
