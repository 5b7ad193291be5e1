package features

import (
	"errors"
	"fmt"
	"math/bits"
	"runtime"
	"sync"

	"github.com/tasnif/tasnif/internal/parallel"
)

// Vocabulary is the list of features (n-grams as strings, terms joined by a
// space) a vectoriser knows, sorted, with a hash table from a feature's
// 64-bit key to its index. The strings live in one byte slice so that a large
// vocabulary costs few allocations; one loaded from a model file
// (DecodeVocabulary) keeps them front-coded until one is asked for.
type Vocabulary struct {
	n       int       // features
	blob    []byte    // all feature strings, concatenated in index order; see decoded
	offsets []uint32  // feature i is blob[offsets[i]:offsets[i+1]]
	coded   []byte    // the features front-coded, until decoded into blob (DecodeVocabulary)
	decode  sync.Once // decodes coded
	table   keyTable
	filter  keyFilter
	// maxTerms bounds the terms of a feature (spaces + 1), for
	// NewVectorizer's check that its analyser can build every feature.
	maxTerms int
}

// keyFilter answers "certainly not there" for most keys that are not in a
// set, from a bitset small enough to stay in a core's L2 cache (12 bits a
// key): two bits of one 64-bit word per key, a false positive rate of about
// 2%. Most n-grams a text holds are not features; the filter spares their
// lookups the cache misses of a table many times its size.
type keyFilter struct {
	words []uint64
	mask  uint64
}

func newKeyFilter(keys []uint64) keyFilter {
	n := 16
	for n*64 < 12*len(keys) {
		n <<= 1
	}
	f := keyFilter{words: make([]uint64, n), mask: uint64(n - 1)}
	touchPages(f.words)
	for _, k := range keys {
		f.words[(k>>32)&f.mask] |= filterBits(k)
	}
	return f
}

// filterBits are the two bits of k's word. The key's low bits index the
// hash tables; the filter uses others.
func filterBits(k uint64) uint64 { return 1<<((k>>20)&63) | 1<<((k>>26)&63) }

func (f *keyFilter) mayContain(k uint64) bool {
	b := filterBits(k)
	return f.words[(k>>32)&f.mask]&b == b
}

// NewVocabulary builds a vocabulary from sorted, distinct feature strings.
func NewVocabulary(features []string) (*Vocabulary, error) {
	size := 0
	for _, f := range features {
		size += len(f)
	}
	blob := make([]byte, 0, size)
	offsets := make([]uint32, 1, len(features)+1)
	for _, f := range features {
		blob = append(blob, f...)
		offsets = append(offsets, uint32(len(blob)))
	}
	return VocabularyFromBlob(blob, offsets)
}

// VocabularyFromBlob builds a vocabulary whose feature i is
// blob[offsets[i]:offsets[i+1]]: the layout model files decode to without
// one allocation per feature. The features must be sorted and distinct; the
// vocabulary keeps blob and offsets.
func VocabularyFromBlob(blob []byte, offsets []uint32) (*Vocabulary, error) {
	if len(offsets) == 0 || offsets[0] != 0 || int(offsets[len(offsets)-1]) != len(blob) {
		return nil, errors.New("vocabulary offsets do not cover the features")
	}
	maxTerms, err := checkFeatures(blob, offsets)
	if err != nil {
		return nil, err
	}
	v := &Vocabulary{n: len(offsets) - 1, blob: blob, offsets: offsets, maxTerms: maxTerms}
	keys := make([]uint64, v.Len())
	// Hashing the features is most of loading a big version 1 model.
	parallel.Ranges(len(keys), runtime.GOMAXPROCS(0), 1<<12, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			keys[i] = hashFeature(v.FeatureBytes(i))
		}
	})
	if dup := v.index(keys); dup >= 0 {
		return nil, v.duplicateKey(dup)
	}
	return v, nil
}

// index builds the lookup structures from the features' keys. It returns
// the index of a feature whose key another one has, or -1.
func (v *Vocabulary) index(keys []uint64) (dup int) {
	if v.table, dup = buildKeyTable(keys); dup < 0 {
		v.filter = newKeyFilter(keys)
	}
	return dup
}

// duplicateKey is the error of a vocabulary with two features of one key.
func (v *Vocabulary) duplicateKey(i int) error {
	return fmt.Errorf("two features share a 64-bit key (%q)", v.Feature(i))
}

// Len returns the number of features.
func (v *Vocabulary) Len() int { return v.n }

// Feature returns feature i's string.
func (v *Vocabulary) Feature(i int) string { return string(v.FeatureBytes(i)) }

// FeatureBytes returns feature i's bytes: a view of the vocabulary's
// memory, which must not be modified.
func (v *Vocabulary) FeatureBytes(i int) []byte {
	blob, offsets := v.decoded()
	return blob[offsets[i]:offsets[i+1]:offsets[i+1]]
}

// Features returns all feature strings in index order.
func (v *Vocabulary) Features() []string {
	out := make([]string, v.Len())
	for i := range out {
		out[i] = v.Feature(i)
	}
	return out
}

// Index returns the index of a feature string, or -1.
func (v *Vocabulary) Index(feature string) int {
	i, ok := v.table.lookup(HashFeature(feature))
	if !ok || v.Feature(int(i)) != feature {
		return -1
	}
	return int(i)
}

// lookup finds a feature by key.
func (v *Vocabulary) lookup(key uint64) (int32, bool) { return v.table.lookup(key) }

// keyTable is an open-addressing hash table from non-zero 64-bit keys (already
// well mixed) to int32 values, at most 60% full. Most lookups while tagging
// are for n-grams that are not in the vocabulary, and with linear probing a
// miss costs 1/(1−load)² probes; but a keyFilter answers most of those
// first, so the table can be fuller, and smaller, than that alone would
// want. A key and its value share one slot, so a lookup costs one cache
// miss; it is several times faster than a Go map for this one job, which is
// the inner loop of tagging.
//
// A key's home slot is the high half of key × size (Lemire's "fastrange")
// rather than key mod a power of two, so that the table can have any size:
// rounding up to a power of two made a 318,000-feature vocabulary's table
// 30% full and 16 MB, where 60% is 8.5 MB — less memory to fault in when a
// model loads, and fewer cache and TLB misses when it tags.
type keyTable struct {
	slots []keySlot
	n     int // keys inserted
}

type keySlot struct {
	key uint64
	val int32
}

// buildKeyTable makes a table mapping keys[i] to i. It inserts the keys in
// the order of their home slots, so that the writes sweep the table nearly
// sequentially instead of missing the cache on every key: loading a model's
// vocabulary is three times faster so. It returns the index of a duplicate
// key, or -1.
func buildKeyTable(keys []uint64) (keyTable, int) {
	t := newKeyTable(len(keys))
	// Counting sort of the key indices by the top 16 bits of their home slot.
	shift := uint(max(0, bits.Len(uint(len(t.slots)-1))-16))
	var count [1<<16 + 1]int32
	for _, k := range keys {
		count[t.home(k)>>shift+1]++
	}
	for i := 1; i < len(count); i++ {
		count[i] += count[i-1]
	}
	order := make([]int32, len(keys))
	for i, k := range keys {
		b := t.home(k) >> shift
		order[count[b]] = int32(i)
		count[b]++
	}
	for _, i := range order {
		if !t.insert(keys[i], i) {
			return t, int(i)
		}
	}
	return t, -1
}

// newKeyTable makes an empty table for n keys, at most 60% full.
func newKeyTable(n int) keyTable {
	return newKeyTableSize(max(16, n*5/3+1))
}

func newKeyTableSize(size int) keyTable {
	slots := make([]keySlot, size)
	touchPages(slots)
	return keyTable{slots: slots}
}

// home is key's home slot: the slot its probe starts from.
func (t *keyTable) home(key uint64) int {
	hi, _ := bits.Mul64(key, uint64(len(t.slots)))
	return int(hi)
}

// insert adds key; it reports false when the key is already there.
func (t *keyTable) insert(key uint64, val int32) bool {
	for i := t.home(key); ; {
		switch t.slots[i].key {
		case 0:
			t.slots[i] = keySlot{key, val}
			t.n++
			return true
		case key:
			return false
		}
		if i++; i == len(t.slots) {
			i = 0
		}
	}
}

// add inserts a key that lookup has just reported missing, first doubling
// the table when it is half full: for a table filled as keys come, whose
// final size is not known (an analyser's cache of distinct tokens).
func (t *keyTable) add(key uint64, val int32) {
	if 2*(t.n+1) > len(t.slots) {
		old := t.slots
		*t = newKeyTableSize(2 * len(old))
		for _, s := range old {
			if s.key != 0 {
				t.insert(s.key, s.val)
			}
		}
	}
	t.insert(key, val)
}

func (t *keyTable) lookup(key uint64) (int32, bool) {
	for i := t.home(key); ; {
		switch s := t.slots[i]; s.key {
		case key:
			return s.val, true
		case 0:
			return 0, false
		}
		if i++; i == len(t.slots) {
			i = 0
		}
	}
}

// touch reads key's home slot, so that the cache miss of a lookup to come
// overlaps others: loops touch the slots of many keys, then look them up.
func (t *keyTable) touch(key uint64) uint64 { return t.slots[t.home(key)].key }
