package features

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// The serialised form of a vocabulary, as model files hold it: its features
// in index order (sorted), front-coded — for each, the uvarint length of the
// prefix it shares with the one before, the uvarint length of the rest, and
// the rest's bytes. News vocabularies share long prefixes (a bigram's first
// word), which this halves.

// AppendFrontCoded appends the vocabulary's features, front-coded, to dst.
func (v *Vocabulary) AppendFrontCoded(dst []byte) []byte {
	var prev []byte
	for i := range v.Len() {
		f := v.FeatureBytes(i)
		shared := 0
		for shared < min(len(prev), len(f)) && prev[shared] == f[shared] {
			shared++
		}
		dst = binary.AppendUvarint(dst, uint64(shared))
		dst = binary.AppendUvarint(dst, uint64(len(f)-shared))
		dst = append(dst, f[shared:]...)
		prev = f
	}
	return dst
}

// FrontCodedSize returns an upper bound of AppendFrontCoded's length.
func (v *Vocabulary) FrontCodedSize() int {
	blob, _ := v.decoded()
	return len(blob) + 2*binary.MaxVarintLen32*v.Len()
}

// DecodeFrontCoded reads n front-coded features (as AppendFrontCoded
// writes them) from the start of data, into the blob and offsets that
// VocabularyFromBlob takes, and returns the bytes after them. It checks
// the coding, not the features: VocabularyFromBlob does that. Malformed
// data gives an error, never a panic.
func DecodeFrontCoded(data []byte, n int) (blob []byte, offsets []uint32, rest []byte, err error) {
	size, _, _, err := scanFrontCoded(data, n, false)
	if err != nil {
		return nil, nil, nil, err
	}
	// Straight into one blob, sized exactly: no string per feature.
	blob = make([]byte, 0, size)
	offsets = make([]uint32, 1, n+1)
	prevLen := 0
	for range n {
		shared, k := binary.Uvarint(data) // scanFrontCoded checked every entry
		data = data[k:]
		r, k := binary.Uvarint(data)
		start := len(blob)
		blob = append(blob, blob[start-prevLen:start-prevLen+int(shared)]...)
		blob = append(blob, data[k:k+int(r)]...)
		data = data[k+int(r):]
		offsets = append(offsets, uint32(len(blob)))
		prevLen = len(blob) - start
	}
	return blob, offsets, data, nil
}

var space = []byte{' '}

// scanFrontCoded checks n front-coded features at the start of data and
// returns the bytes they decode to (sizing a blob exactly spares a big
// model's load megabytes of allocation), the bytes after them, and the
// most terms a feature has. It always checks the coding; with check set it
// also checks the features, as checkFeatures does (sorted, distinct, well
// formed), without keeping them: each is built over the one before in one
// small buffer. That is how a model's vocabulary is checked when it loads,
// its strings being decoded only if something asks for them: tagging
// never does, and decoding 318,000 features into fresh memory was a sixth
// of loading a model that size.
//
// A feature shares its first bytes with the one before, so it sorts after
// it when its own bytes sort after the rest of that one; and only its own
// bytes need looking at for spaces (its shared prefix was checked as part
// of the feature before).
func scanFrontCoded(data []byte, n int, check bool) (size int, rest []byte, maxTerms int, err error) {
	if n < 0 || n > len(data) {
		return 0, nil, 0, fmt.Errorf("%d features do not fit in %d bytes", n, len(data))
	}
	var (
		prevLen      int
		f            []byte     // with check: the feature, over the one before
		prefixSpaces = []int{0} // with check: prefixSpaces[k] is the spaces in f[:k]
		maxSpaces    int
	)
	for i := range n {
		shared, k := binary.Uvarint(data)
		if k <= 0 {
			return 0, nil, 0, fmt.Errorf("vocabulary entry %d: bad varint", i)
		}
		data = data[k:]
		r, k := binary.Uvarint(data)
		if k <= 0 || r > uint64(len(data)-k) {
			return 0, nil, 0, fmt.Errorf("vocabulary entry %d: needs more bytes than there are", i)
		}
		if shared > uint64(prevLen) {
			return 0, nil, 0, fmt.Errorf("vocabulary entry %d: shares %d bytes with a %d-byte entry", i, shared, prevLen)
		}
		own := data[k : k+int(r)]
		data = data[k+int(r):]
		prevLen = int(shared) + len(own)
		if size += prevLen; uint64(size) > math.MaxUint32 {
			return 0, nil, 0, errors.New("vocabulary too large")
		}
		if !check {
			continue
		}
		sorted := i == 0 || bytes.Compare(f[shared:], own) < 0
		p := int(shared)
		f = append(f[:p], own...)
		if !sorted {
			return 0, nil, 0, fmt.Errorf("vocabulary not sorted or not distinct at %q", f)
		}
		// Spaces: counted on from the prefix's, a double one looked for
		// from the byte before the feature's own.
		prefixSpaces = prefixSpaces[:p+1]
		spaces := prefixSpaces[p]
		malformed := len(f) == 0 || f[0] == ' ' || f[len(f)-1] == ' '
		for q := p; q < len(f); q++ {
			if f[q] == ' ' {
				spaces++
				malformed = malformed || (q > 0 && f[q-1] == ' ')
			}
			prefixSpaces = append(prefixSpaces, spaces)
		}
		if malformed {
			return 0, nil, 0, fmt.Errorf("malformed feature %q", f)
		}
		maxSpaces = max(maxSpaces, spaces)
	}
	return size, data, maxSpaces + 1, nil
}

// TableOrder returns the vocabulary's keys with their feature indices, in
// an order that, inserted one after the other into an empty table of the
// same size, rebuilds the lookup table slot for slot, sweeping it nearly
// in order: a model file stores them so that loading neither hashes the
// strings nor sorts the keys.
//
// That order is the table's own, from a slot after an empty one (so that
// no run of occupied slots is split by the table's end): with linear
// probing, a key's slot is then free when its turn comes, and every slot
// between its home and it already taken.
func (v *Vocabulary) TableOrder() (keys []uint64, features []int32) {
	t := &v.table
	size := len(t.slots)
	start := 0
	for start < size && t.slots[start].key != 0 {
		start++
	}
	keys, features = make([]uint64, 0, v.Len()), make([]int32, 0, v.Len())
	for j := 1; j <= size; j++ {
		if s := t.slots[(start+j)%size]; s.key != 0 {
			keys, features = append(keys, s.key), append(features, s.val)
		}
	}
	return keys, features
}

// DecodeVocabulary reads n front-coded features from the start of data and
// returns the vocabulary and the bytes after them, its lookup table built
// from keys and features as TableOrder returned them (stored beside the
// strings), at the same time as the strings are checked: loading hashes
// nothing. The strings themselves are decoded from data, which the
// vocabulary keeps and which must not change, the first time one is asked
// for (see scanFrontCoded).
//
// The keys are trusted as the strings are — a checksum, not this function,
// guards a file against corruption — but malformed data gives an error,
// never a panic: every feature index must appear once, every key be
// distinct and non-zero, the strings sorted, distinct and well formed.
func DecodeVocabulary(data []byte, n int, keys []uint64, features []int32) (*Vocabulary, []byte, error) {
	if len(keys) != n || len(features) != n {
		return nil, nil, fmt.Errorf("%d keys and %d indices for %d features", len(keys), len(features), n)
	}
	v := &Vocabulary{n: n}
	built := make(chan error, 1)
	go func() { built <- v.insertAll(keys, features) }()
	_, rest, maxTerms, err := scanFrontCoded(data, n, true)
	if berr := <-built; err == nil {
		err = berr
	}
	if err != nil {
		return nil, nil, err
	}
	v.coded, v.maxTerms = data[:len(data)-len(rest):len(data)-len(rest)], maxTerms
	return v, rest, nil
}

// decoded returns the features' blob and offsets, decoding them first if
// the vocabulary was loaded with DecodeVocabulary.
func (v *Vocabulary) decoded() (blob []byte, offsets []uint32) {
	v.decode.Do(func() {
		if v.coded == nil {
			return
		}
		var err error
		if v.blob, v.offsets, _, err = DecodeFrontCoded(v.coded, v.n); err != nil {
			panic("features: vocabulary coding changed after it was checked: " + err.Error())
		}
		v.coded = nil
	})
	return v.blob, v.offsets
}

// insertAll builds the table and the filter from keys in TableOrder.
func (v *Vocabulary) insertAll(keys []uint64, features []int32) error {
	n := len(keys)
	seen := make([]bool, n)
	touchPages(seen)
	t := newKeyTable(n)
	for j, k := range keys {
		f := features[j]
		if k == 0 || f < 0 || int(f) >= n || seen[f] {
			return fmt.Errorf("vocabulary table entry %d: key %#x for feature %d", j, k, f)
		}
		seen[f] = true
		if !t.insert(k, f) {
			return fmt.Errorf("vocabulary table entry %d: a key twice", j)
		}
	}
	v.table, v.filter = t, newKeyFilter(keys)
	return nil
}

// checkFeatures checks the features of a blob and its offsets: in order,
// sorted, distinct, well formed (no empty feature, no space at either end
// or twice in a row). It returns the most terms a feature has.
func checkFeatures(blob []byte, offsets []uint32) (maxTerms int, err error) {
	maxSpaces := 0
	for i := 1; i < len(offsets); i++ {
		if offsets[i-1] > offsets[i] {
			return 0, errors.New("vocabulary offsets out of order")
		}
		f := blob[offsets[i-1]:offsets[i]]
		if i > 1 && bytes.Compare(blob[offsets[i-2]:offsets[i-1]], f) >= 0 {
			return 0, fmt.Errorf("vocabulary not sorted or not distinct at %q", f)
		}
		if len(f) == 0 || f[0] == ' ' || f[len(f)-1] == ' ' || bytes.Contains(f, []byte("  ")) {
			return 0, fmt.Errorf("malformed feature %q", f)
		}
		maxSpaces = max(maxSpaces, bytes.Count(f, space))
	}
	return maxSpaces + 1, nil
}
