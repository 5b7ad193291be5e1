package models

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"path/filepath"
	"sync"
	"unsafe"

	"github.com/tasnif/tasnif/classify"
	"github.com/tasnif/tasnif/features"
)

// The model file format, version 2. All integers are little-endian.
//
//	offset  size  field
//	0       8     magic "TASNIF\x00M"
//	8       4     format version (uint32)
//	12      8     payload length in bytes (uint64)
//	20      n     payload
//	20+n    4     CRC-32C (Castagnoli) of the payload
//
// The payload is, in order:
//
//	header    uvarint length + JSON (fileHeader: info, analysis and TF-IDF
//	          settings, stop words, naive Bayes options, labels, document
//	          counts, log priors, temperature, number of features)
//	padding   0 to 7 zero bytes, so that what follows starts at a file
//	          offset that is a multiple of 8
//	keys      one uint64 per feature: the features' 64-bit keys, in the
//	          order that rebuilds the lookup table slot for slot
//	          (features.Vocabulary.TableOrder)
//	order     one int32 per feature: the feature index of each key
//	idf       one float32 per feature
//	weights   float32, feature-major (features × labels)
//	features  the vocabulary, sorted, front-coded: for each feature the
//	          uvarint length of the prefix shared with the previous one, the
//	          uvarint length of the rest, and the rest's bytes
//
// Version 1 had the front-coded features right after the header, then idf
// and weights, and no keys: its files are still read (hashing the
// features, which version 2 spares).
//
// Everything a tagger needs is stored precomputed (log-probabilities, not
// counts; the lookup table's keys in its own order, not only the strings),
// so loading is a checksum and three jobs at once: inserting the keys
// (sweeping the table in order, nothing hashed or sorted), decoding the
// strings, checking the floats. On little-endian machines the aligned
// arrays, nine tenths of a big model, are used where they lie in the
// file's bytes, without a copy. Encoding has no timestamps or map
// iteration, so the same model always gives the same bytes.
const (
	magic = "TASNIF\x00M"
	// FormatVersion is the newest model format this build reads and the one it writes.
	FormatVersion = 2
	headerSize    = 8 + 4 + 8
)

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// ErrNotModel is returned when data does not start with the model file magic.
var ErrNotModel = errors.New("not a tasnif model file")

// fileHeader is the JSON section of the payload.
type fileHeader struct {
	Info        Info                 `json:"info"`
	Analysis    features.Config      `json:"analysis"`
	StopWords   []string             `json:"stop_words"`
	TFIDF       features.TFIDFConfig `json:"tfidf"`
	NB          classify.Options     `json:"naive_bayes"`
	Labels      []string             `json:"labels"`
	Docs        []int                `json:"docs"`
	LogPrior    []float64            `json:"log_prior"`
	Temperature float64              `json:"temperature"`
	NumFeatures int                  `json:"num_features"`
}

// Encode writes the model in the file format. The float arrays, most of a
// big model, go to w straight from the model's memory: the file is never
// built whole in memory.
func (m *Model) Encode(w io.Writer) error {
	head := m.encodeHead()
	idf, weights := m.Vectorizer.IDF(), m.NB.Weights
	vocab := m.Vectorizer.Vocabulary()
	tail := vocab.AppendFrontCoded(make([]byte, 0, vocab.FrontCodedSize()))
	binary.LittleEndian.PutUint64(head[12:], uint64(len(head)-headerSize+4*(len(idf)+len(weights))+len(tail)))
	crc := crc32.Update(0, crcTable, head[headerSize:])
	if _, err := w.Write(head); err != nil {
		return err
	}
	var chunk []byte
	for _, xs := range [][]float32{idf, weights} {
		for len(xs) > 0 {
			n := min(len(xs), 1<<18) // 1 MB at a time
			chunk = appendFloat32s(chunk[:0], xs[:n])
			xs = xs[n:]
			crc = crc32.Update(crc, crcTable, chunk)
			if _, err := w.Write(chunk); err != nil {
				return err
			}
		}
	}
	if _, err := w.Write(tail); err != nil {
		return err
	}
	crc = crc32.Update(crc, crcTable, tail)
	_, err := w.Write(binary.LittleEndian.AppendUint32(nil, crc))
	return err
}

// MarshalBinary returns the model file's bytes.
func (m *Model) MarshalBinary() []byte {
	var b bytes.Buffer
	b.Grow(headerSize + 4*(len(m.Vectorizer.IDF())+len(m.NB.Weights)) + 4<<20)
	m.Encode(&b) // a bytes.Buffer does not fail
	return b.Bytes()
}

// encodeHead returns the file up to the float arrays: the envelope (with
// the payload length left 0), the JSON header, the padding and the lookup
// table's order.
func (m *Model) encodeHead() []byte {
	nb, vec := m.NB, m.Vectorizer
	h := fileHeader{
		Info: m.Info, Analysis: vec.Analyzer().Config(), StopWords: vec.Analyzer().StopWords(),
		TFIDF: vec.Config(), NB: nb.Options, Labels: nb.Labels, Docs: nb.Docs,
		LogPrior: nb.LogPrior, Temperature: nb.Temperature, NumFeatures: nb.NumFeatures,
	}
	if h.StopWords == nil {
		h.StopWords = []string{}
	}
	hj, err := json.Marshal(h)
	if err != nil {
		// Only non-finite floats fail to marshal, and New/Check reject those.
		panic(fmt.Sprintf("models: encoding header: %v", err))
	}
	vocab := vec.Vocabulary()
	out := make([]byte, 0, headerSize+binary.MaxVarintLen64+len(hj)+7+12*vocab.Len())
	out = append(out, magic...)
	out = binary.LittleEndian.AppendUint32(out, FormatVersion)
	out = binary.LittleEndian.AppendUint64(out, 0) // the payload length, set by Encode
	out = binary.AppendUvarint(out, uint64(len(hj)))
	out = append(out, hj...)
	for len(out)%8 != 0 {
		out = append(out, 0)
	}
	keys, order := vocab.TableOrder()
	for _, k := range keys {
		out = binary.LittleEndian.AppendUint64(out, k)
	}
	for _, f := range order {
		out = binary.LittleEndian.AppendUint32(out, uint32(f))
	}
	return out
}

// appendFloat32s appends xs little-endian: on a little-endian machine, a
// copy of their memory.
func appendFloat32s(dst []byte, xs []float32) []byte {
	if littleEndian && len(xs) > 0 {
		return append(dst, unsafe.Slice((*byte)(unsafe.Pointer(&xs[0])), 4*len(xs))...)
	}
	for _, x := range xs {
		dst = binary.LittleEndian.AppendUint32(dst, math.Float32bits(x))
	}
	return dst
}

// Decode reads a model from the file format. A truncated, corrupted,
// foreign or newer-version file gives an error that says which; Decode
// never panics on any input. The model may use data's memory (its float
// arrays, on little-endian machines), so data must not change afterwards.
func Decode(data []byte) (*Model, error) {
	if len(data) < len(magic) || string(data[:len(magic)]) != magic {
		return nil, ErrNotModel
	}
	if len(data) < headerSize {
		return nil, fmt.Errorf("truncated model file: %d bytes, the header alone is %d", len(data), headerSize)
	}
	version := binary.LittleEndian.Uint32(data[8:])
	if version > FormatVersion {
		return nil, fmt.Errorf("model file format %d is newer than this tasnif reads (up to %d): upgrade tasnif", version, FormatVersion)
	}
	if version == 0 {
		return nil, errors.New("corrupted model file: format version 0")
	}
	n := binary.LittleEndian.Uint64(data[12:])
	if have := uint64(len(data) - headerSize); n > have || have-n < 4 {
		return nil, fmt.Errorf("truncated model file: %d bytes, expected %d", len(data), headerSize+n+4)
	} else if have-n > 4 {
		return nil, fmt.Errorf("corrupted model file: %d unexpected bytes after the data", have-n-4)
	}
	payload := data[headerSize : headerSize+int(n)]
	// The checksum runs beside the decoding, which is safe on any bytes;
	// a model from a payload that fails it is thrown away.
	sumOK := make(chan bool, 1)
	go func() {
		sumOK <- crc32.Checksum(payload, crcTable) == binary.LittleEndian.Uint32(data[headerSize+int(n):])
	}()
	m, err := decodePayload(payload, version)
	if !<-sumOK {
		return nil, errors.New("corrupted model file: checksum mismatch")
	}
	if err != nil {
		return nil, fmt.Errorf("corrupted model file: %w", err)
	}
	return m, nil
}

// reader is a bounds-checked cursor over the payload.
type reader struct {
	b   []byte
	err error
}

func (r *reader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = errors.New("bad varint")
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) bytes(n uint64) []byte {
	if r.err != nil {
		return nil
	}
	if n > uint64(len(r.b)) {
		r.err = fmt.Errorf("section needs %d bytes, %d left", n, len(r.b))
		return nil
	}
	out := r.b[:n:n]
	r.b = r.b[n:]
	return out
}

// float32s returns the next n little-endian float32s. On a little-endian
// machine, when they are aligned (always in a version 2 file read into
// memory by Load or embedded), the slice is the input's own bytes.
func (r *reader) float32s(n uint64) []float32 {
	return readArray(r, n, func(b []byte) float32 { return math.Float32frombits(binary.LittleEndian.Uint32(b)) })
}

// uint64s returns the next n little-endian uint64s, as float32s does.
func (r *reader) uint64s(n uint64) []uint64 { return readArray(r, n, binary.LittleEndian.Uint64) }

// int32s returns the next n little-endian int32s, as float32s does.
func (r *reader) int32s(n uint64) []int32 {
	return readArray(r, n, func(b []byte) int32 { return int32(binary.LittleEndian.Uint32(b)) })
}

// readArray returns the next n little-endian numbers: the input's own bytes
// when the machine is little-endian and they are aligned, else decoded one
// by one.
func readArray[T float32 | uint64 | int32](r *reader, n uint64, decode func([]byte) T) []T {
	size := uint64(unsafe.Sizeof(T(0)))
	raw := r.array(n, size)
	if len(raw) == 0 {
		return []T{}
	}
	if littleEndian && uintptr(unsafe.Pointer(&raw[0]))%uintptr(size) == 0 {
		return unsafe.Slice((*T)(unsafe.Pointer(&raw[0])), n)
	}
	out := make([]T, n)
	for i := range out {
		out[i] = decode(raw[uint64(i)*size:])
	}
	return out
}

// array returns the bytes of the next n items of size bytes, or nil.
func (r *reader) array(n, size uint64) []byte {
	if n > uint64(len(r.b))/size {
		if r.err == nil {
			r.err = fmt.Errorf("array of %d items does not fit in %d bytes", n, len(r.b))
		}
		return nil
	}
	raw := r.bytes(size * n)
	if n == 0 || r.err != nil {
		return nil
	}
	return raw
}

// littleEndian reports whether this machine stores numbers as the file does.
var littleEndian = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

// padding skips the zero bytes that align the next section.
func (r *reader) padding(n int) {
	for range n {
		if b := r.bytes(1); r.err == nil && b[0] != 0 {
			r.err = errors.New("non-zero padding")
		}
	}
}

func decodePayload(p []byte, version uint32) (*Model, error) {
	r := &reader{b: p}
	hj := r.bytes(r.uvarint())
	if r.err != nil {
		return nil, fmt.Errorf("header: %w", r.err)
	}
	var h fileHeader
	dec := json.NewDecoder(bytes.NewReader(hj))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&h); err != nil {
		return nil, fmt.Errorf("header: %w", err)
	}
	F, C := h.NumFeatures, len(h.Labels)
	if F < 0 || F > len(p) || C > 1<<16 {
		return nil, fmt.Errorf("header: implausible sizes (%d features, %d labels)", F, C)
	}
	if version == 1 {
		return decodeVersion1(r, h)
	}
	// Three independent jobs, run at once: building the lookup table from
	// the stored order, decoding the strings, checking the floats and the
	// settings.
	r.padding((8 - (headerSize+len(p)-len(r.b))%8) % 8)
	keys := r.uint64s(uint64(F))
	order := r.int32s(uint64(F))
	idf := r.float32s(uint64(F))
	weights := r.float32s(uint64(F) * uint64(C))
	if r.err != nil {
		return nil, r.err
	}
	type checked struct {
		m   decoded
		err error
	}
	done := make(chan checked, 1)
	go func() {
		m, err := check(h, idf, weights)
		done <- checked{m, err}
	}()
	vocab, rest, err := features.DecodeVocabulary(r.b, F, keys, order)
	c := <-done
	switch {
	case err != nil:
		return nil, fmt.Errorf("vocabulary: %w", err)
	case len(rest) != 0:
		return nil, fmt.Errorf("%d bytes left after the vocabulary", len(rest))
	case c.err != nil:
		return nil, c.err
	}
	return assemble(h, vocab, c.m)
}

// decodeVersion1 decodes the rest of a version 1 payload: the front-coded
// vocabulary, then the floats.
func decodeVersion1(r *reader, h fileHeader) (*Model, error) {
	F, C := h.NumFeatures, len(h.Labels)
	blob, offsets, rest, err := features.DecodeFrontCoded(r.b, F)
	if err != nil {
		return nil, fmt.Errorf("vocabulary: %w", err)
	}
	r.b = rest
	idf := r.float32s(uint64(F))
	weights := r.float32s(uint64(F) * uint64(C))
	if r.err != nil {
		return nil, r.err
	}
	if len(r.b) != 0 {
		return nil, fmt.Errorf("%d bytes left after the weights", len(r.b))
	}
	vocab, err := features.VocabularyFromBlob(blob, offsets)
	if err != nil {
		return nil, err
	}
	m, err := check(h, idf, weights)
	if err != nil {
		return nil, err
	}
	return assemble(h, vocab, m)
}

// assemble makes the model from its decoded parts.
func assemble(h fileHeader, vocab *features.Vocabulary, m decoded) (*Model, error) {
	vec, err := features.NewVectorizer(m.analyzer, h.TFIDF, vocab, m.idf)
	if err != nil {
		return nil, err
	}
	return &Model{Info: h.Info, Vectorizer: vec, NB: m.nb}, nil
}

// decoded is what check returns.
type decoded struct {
	analyzer *features.Analyzer
	idf      []float32
	nb       *classify.NaiveBayes
}

// check checks the float arrays and the settings, and makes the analyser
// and the classifier of them.
func check(h fileHeader, idf, weights []float32) (decoded, error) {
	F := h.NumFeatures
	for _, x := range idf {
		if f := float64(x); math.IsNaN(f) || math.IsInf(f, 0) {
			return decoded{}, errors.New("idf is not finite")
		}
	}
	analyzer, err := features.NewAnalyzer(h.Analysis, h.StopWords)
	if err != nil {
		return decoded{}, fmt.Errorf("analysis settings: %w", err)
	}
	if err := h.TFIDF.Validate(); err != nil {
		return decoded{}, err
	}
	if err := h.NB.Validate(); err != nil {
		return decoded{}, err
	}
	nb := &classify.NaiveBayes{
		Labels: h.Labels, Docs: h.Docs, LogPrior: h.LogPrior, Weights: weights,
		NumFeatures: F, Temperature: h.Temperature, Options: h.NB,
	}
	if err := nb.Check(); err != nil {
		return decoded{}, err
	}
	return decoded{analyzer, idf, nb}, nil
}

// Load reads a model file.
func Load(path string) (*Model, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, err
	}
	m, err := Decode(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// readFile is os.ReadFile that reads a big file's two halves at once:
// most of the cost is the kernel copying into fresh memory, page by page,
// which two cores do in half the time.
func readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	size := st.Size()
	if !st.Mode().IsRegular() || size < 1<<20 || int64(int(size)) != size {
		return io.ReadAll(f)
	}
	data := make([]byte, size)
	half := size / 2
	var wg sync.WaitGroup
	var errs [2]error
	for i, part := range [2][2]int64{{0, half}, {half, size}} {
		wg.Go(func() {
			_, errs[i] = f.ReadAt(data[part[0]:part[1]], part[0])
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err // the file shrank while being read, or an I/O error
		}
	}
	// The file may have grown meanwhile: what is past the size read is not
	// part of this model, and Decode reports the mismatch if there is one.
	return data, nil
}

// WriteFile writes the model to path atomically: to a temporary file in the
// same directory, synced, then renamed over path. A crash or a full disk
// leaves either the old file or the new one, never half a model.
func (m *Model) WriteFile(path string) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = m.Encode(tmp); err != nil {
		return err
	}
	if err = tmp.Chmod(0o644); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
