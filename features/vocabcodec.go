package features

import (
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
func (v *Vocabulary) FrontCodedSize() int { return len(v.blob) + 2*binary.MaxVarintLen32*v.Len() }

// DecodeFrontCoded reads n front-coded features (as AppendFrontCoded
// writes them) from the start of data, into the blob and offsets that
// VocabularyFromBlob takes, and returns the bytes after them. It checks
// the coding, not the features: VocabularyFromBlob does that. Malformed
// data gives an error, never a panic.
func DecodeFrontCoded(data []byte, n int) (blob []byte, offsets []uint32, rest []byte, err error) {
	if n < 0 || n > len(data) {
		return nil, nil, nil, fmt.Errorf("%d features do not fit in %d bytes", n, len(data))
	}
	size, err := frontCodedSize(data, n)
	if err != nil {
		return nil, nil, nil, err
	}
	// Straight into one blob, sized exactly: no string per feature.
	blob = make([]byte, 0, size)
	offsets = make([]uint32, 1, n+1)
	prevLen := 0
	for range n {
		shared, k := binary.Uvarint(data) // frontCodedSize checked every entry
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

// frontCodedSize checks n front-coded entries at the start of b and
// returns the bytes they decode to: sizing the blob exactly spares a big
// model's load megabytes of allocation.
func frontCodedSize(b []byte, n int) (int, error) {
	total, prev := 0, 0
	for i := range n {
		shared, k := binary.Uvarint(b)
		if k <= 0 {
			return 0, fmt.Errorf("vocabulary entry %d: bad varint", i)
		}
		b = b[k:]
		rest, k := binary.Uvarint(b)
		if k <= 0 || rest > uint64(len(b)-k) {
			return 0, fmt.Errorf("vocabulary entry %d: needs more bytes than there are", i)
		}
		if shared > uint64(prev) {
			return 0, fmt.Errorf("vocabulary entry %d: shares %d bytes with a %d-byte entry", i, shared, prev)
		}
		b = b[k+int(rest):]
		prev = int(shared) + int(rest)
		if total += prev; uint64(total) > math.MaxUint32 {
			return 0, errors.New("vocabulary too large")
		}
	}
	return total, nil
}
