package features

import (
	"fmt"
	"slices"
	"strings"
)

// Vocabulary is the list of features (n-grams as strings, terms joined by a
// space) a vectoriser knows, sorted, with a hash table from a feature's
// 64-bit key to its index. The strings live in one byte slice so that a large
// vocabulary costs few allocations to load.
type Vocabulary struct {
	blob    []byte   // all feature strings, concatenated in index order
	offsets []uint32 // feature i is blob[offsets[i]:offsets[i+1]]
	table   keyTable
}

// NewVocabulary builds a vocabulary from sorted, distinct feature strings.
func NewVocabulary(features []string) (*Vocabulary, error) {
	v := &Vocabulary{offsets: make([]uint32, 1, len(features)+1)}
	size := 0
	for _, f := range features {
		size += len(f)
	}
	v.blob = make([]byte, 0, size)
	for i, f := range features {
		if i > 0 && features[i-1] >= f {
			return nil, fmt.Errorf("vocabulary not sorted or not distinct at %q", f)
		}
		if f == "" || strings.HasPrefix(f, " ") || strings.HasSuffix(f, " ") || strings.Contains(f, "  ") {
			return nil, fmt.Errorf("malformed feature %q", f)
		}
		v.blob = append(v.blob, f...)
		v.offsets = append(v.offsets, uint32(len(v.blob)))
	}
	v.table = newKeyTable(len(features))
	for i, f := range features {
		if !v.table.insert(HashFeature(f), int32(i)) {
			return nil, fmt.Errorf("two features share a 64-bit key (%q)", f)
		}
	}
	return v, nil
}

// Len returns the number of features.
func (v *Vocabulary) Len() int { return len(v.offsets) - 1 }

// Feature returns feature i's string.
func (v *Vocabulary) Feature(i int) string { return string(v.blob[v.offsets[i]:v.offsets[i+1]]) }

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
// well mixed) to int32 values, at most half full. A key and its value share
// one slot, so a lookup costs one cache miss; it is several times faster than
// a Go map for this one job, which is the inner loop of tagging.
type keyTable struct {
	slots []keySlot
	mask  uint64
}

type keySlot struct {
	key uint64
	val int32
}

func newKeyTable(n int) keyTable {
	size := 16
	for size < 2*n {
		size <<= 1
	}
	return keyTable{slots: make([]keySlot, size), mask: uint64(size - 1)}
}

// insert adds key; it reports false when the key is already there.
func (t *keyTable) insert(key uint64, val int32) bool {
	for i := key & t.mask; ; i = (i + 1) & t.mask {
		switch t.slots[i].key {
		case 0:
			t.slots[i] = keySlot{key, val}
			return true
		case key:
			return false
		}
	}
}

func (t *keyTable) lookup(key uint64) (int32, bool) {
	for i := key & t.mask; ; i = (i + 1) & t.mask {
		switch s := t.slots[i]; s.key {
		case key:
			return s.val, true
		case 0:
			return 0, false
		}
	}
}

// sortedUnique sorts keys and returns the distinct keys with their counts.
func sortedUnique(keys []uint64) (uniq []uint64, counts []int32) {
	radixSort(keys)
	for i := 0; i < len(keys); {
		j := i + 1
		for j < len(keys) && keys[j] == keys[i] {
			j++
		}
		uniq = append(uniq, keys[i])
		counts = append(counts, int32(j-i))
		i = j
	}
	return uniq, counts
}

// radixSort sorts 64-bit keys with four passes of 16 bits: several times
// faster than slices.Sort on the millions of n-gram keys a corpus yields.
func radixSort(keys []uint64) {
	if len(keys) < 1<<12 {
		slices.Sort(keys)
		return
	}
	buf := make([]uint64, len(keys))
	src, dst := keys, buf
	var count [1 << 16]int
	for shift := uint(0); shift < 64; shift += 16 {
		clear(count[:])
		for _, k := range src {
			count[(k>>shift)&0xFFFF]++
		}
		sum := 0
		for i, c := range count {
			count[i] = sum
			sum += c
		}
		for _, k := range src {
			d := (k >> shift) & 0xFFFF
			dst[count[d]] = k
			count[d]++
		}
		src, dst = dst, src
	}
	// Four passes: the sorted keys are back in the caller's slice.
}
