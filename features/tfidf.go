package features

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
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
	for i := range vocab.Len() {
		f := vocab.blob[vocab.offsets[i]:vocab.offsets[i+1]]
		if n := bytes.Count(f, []byte{' '}) + 1; n > a.cfg.NGrams {
			return nil, fmt.Errorf("feature %q is a %d-gram but the analyser builds at most %d-grams", f, n, a.cfg.NGrams)
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
	st      analysisState
	counts  []float32 // dense, by feature index; zero outside touched
	touched []int32
	values  []float32
	keys    []uint64
}

// encoderCacheTerms bounds an Encoder's token cache (its memory stays in the
// tens of megabytes whatever the input).
const encoderCacheTerms = 1 << 18

// NewEncoder returns an Encoder for v.
func (v *Vectorizer) NewEncoder() *Encoder {
	e := &Encoder{v: v, counts: make([]float32, v.vocab.Len())}
	e.st.init(v.analyzer)
	e.st.limit = encoderCacheTerms
	return e
}

// Encode returns the TF-IDF vector of text. The vector's slices are reused by
// the next call.
func (e *Encoder) Encode(text []byte) Vector {
	ids := e.st.analyze(text)
	e.keys = e.keys[:0]
	for _, id := range ids {
		e.keys = append(e.keys, e.st.terms[id].key)
	}
	e.touched = e.touched[:0]
	forEachNGram(e.keys, e.v.analyzer.cfg.NGrams, func(key uint64) {
		if i, ok := e.v.vocab.lookup(key); ok {
			if e.counts[i] == 0 {
				e.touched = append(e.touched, i)
			}
			e.counts[i]++
		}
	})
	e.values = weigh(e.v, e.touched, e.counts, e.values[:0])
	return Vector{Index: e.touched, Value: e.values}
}

// EncodeString is Encode for a string.
func (e *Encoder) EncodeString(text string) Vector { return e.Encode([]byte(text)) }

// Transform returns a copy of the vector of text; convenient off the hot path.
func (v *Vectorizer) Transform(text string) Vector {
	vec := v.NewEncoder().EncodeString(text)
	return Vector{Index: slices.Clone(vec.Index), Value: slices.Clone(vec.Value)}
}

// weigh turns raw counts of the touched features into TF-IDF weights
// (appended to dst), and zeroes the counts for the next text.
func weigh(v *Vectorizer, touched []int32, counts []float32, dst []float32) []float32 {
	var sumSq float64
	for _, i := range touched {
		tf := counts[i]
		counts[i] = 0
		if v.cfg.SublinearTF && tf > 1 {
			tf = 1 + float32(math.Log(float64(tf)))
		}
		w := tf * v.idf[i]
		dst = append(dst, w)
		sumSq += float64(w) * float64(w)
	}
	if v.cfg.L2Norm && sumSq > 0 {
		inv := float32(1 / math.Sqrt(sumSq))
		for j := range dst {
			dst[j] *= inv
		}
	}
	return dst
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
		seqs    []int32  // term ids of all its texts, concatenated
		docKeys []uint64 // distinct n-gram keys of each of its texts, concatenated
		set     keySet
		keys    []uint64
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
	for w := range ws {
		wk := &worker{}
		wk.st.init(a)
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
					ids := wk.st.analyze([]byte(texts[d]))
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
							wk.docKeys = append(wk.docKeys, k)
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

	// 2. Document frequencies: sort all per-text distinct keys and count runs.
	total := 0
	for _, wk := range ws {
		total += len(wk.docKeys)
	}
	all := make([]uint64, 0, total)
	for _, wk := range ws {
		all = append(all, wk.docKeys...)
		wk.docKeys = nil
	}
	uniq, df := sortedUnique(all)
	all = nil

	// 3. Select features by document frequency.
	n := len(texts)
	maxDF := int(math.Floor(cfg.MaxDF * float64(n)))
	var cand []int // indices into uniq
	for i, d := range df {
		if int(d) >= cfg.MinDF && int(d) <= maxDF {
			cand = append(cand, i)
		}
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

	// 4. Recover the strings of the chosen features from the term sequences.
	chosen := newKeyTable(len(cand))
	for j, i := range cand {
		chosen.insert(uniq[i], int32(j))
	}
	names := make([]string, len(cand))
	missing := len(cand)
	var keys []uint64
	for d := 0; d < n && missing > 0; d++ {
		wk := ws[refs[d].w]
		ids := wk.seqs[refs[d].start:refs[d].end]
		keys = keys[:0]
		for _, id := range ids {
			keys = append(keys, wk.st.terms[id].key)
		}
		for size := 1; size <= maxN; size++ {
			for i := 0; i+size <= len(ids); i++ {
				k := keys[i]
				for j := 1; j < size; j++ {
					k = HashNGram(k, keys[i+j])
				}
				if c, ok := chosen.lookup(k); ok && names[c] == "" {
					parts := make([]string, size)
					for j := range parts {
						parts[j] = wk.st.terms[ids[i+j]].text
					}
					names[c] = strings.Join(parts, " ")
					missing--
				}
			}
		}
	}

	// 5. Index features in string order, and compute idf.
	order := make([]int, len(cand))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(x, y int) int { return strings.Compare(names[x], names[y]) })
	features := make([]string, len(order))
	idf := make([]float32, len(order))
	for j, c := range order {
		features[j] = names[c]
		d := float64(df[cand[c]])
		if cfg.SmoothIDF {
			idf[j] = float32(math.Log((1+float64(n))/(1+d)) + 1)
		} else {
			idf[j] = float32(math.Log(float64(n)/d) + 1)
		}
	}
	vocab, err := NewVocabulary(features)
	if err != nil {
		return nil, nil, err
	}
	vec, err := NewVectorizer(a, cfg, vocab, idf)
	if err != nil {
		return nil, nil, err
	}

	// 6. Vectors of the training texts, from their term sequences.
	vectors := make([]Vector, n)
	next.Store(0)
	for range ws {
		wg.Add(1)
		go func() {
			defer wg.Done()
			counts := make([]float32, vec.vocab.Len())
			var touched []int32
			var keys []uint64
			for {
				lo := int(next.Add(chunk)) - chunk
				if lo >= n {
					return
				}
				for d := lo; d < min(lo+chunk, n); d++ {
					src := ws[refs[d].w]
					keys = keys[:0]
					for _, id := range src.seqs[refs[d].start:refs[d].end] {
						keys = append(keys, src.st.terms[id].key)
					}
					touched = touched[:0]
					forEachNGram(keys, maxN, func(k uint64) {
						if i, ok := vec.vocab.lookup(k); ok {
							if counts[i] == 0 {
								touched = append(touched, i)
							}
							counts[i]++
						}
					})
					idx := slices.Clone(touched)
					vectors[d] = Vector{Index: idx, Value: weigh(vec, idx, counts, make([]float32, 0, len(idx)))}
				}
			}
		}()
	}
	wg.Wait()
	return vec, vectors, nil
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
