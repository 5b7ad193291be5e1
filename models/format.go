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

	"github.com/tasnif/tasnif/classify"
	"github.com/tasnif/tasnif/features"
)

// The model file format, version 1. All integers are little-endian.
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
//	features  the vocabulary, sorted, front-coded: for each feature the
//	          uvarint length of the prefix shared with the previous one, the
//	          uvarint length of the rest, and the rest's bytes
//	idf       one float32 per feature
//	weights   float32, feature-major (features × labels)
//
// Everything a tagger needs is stored precomputed (log-probabilities, not
// counts), so loading is a checksum and a few copies. Encoding has no
// timestamps or map iteration, so the same model always gives the same bytes.
const (
	magic = "TASNIF\x00M"
	// FormatVersion is the newest model format this build reads and the one it writes.
	FormatVersion = 1
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

// Encode writes the model in the file format.
func (m *Model) Encode(w io.Writer) error {
	_, err := w.Write(m.MarshalBinary())
	return err
}

// MarshalBinary returns the model file's bytes.
func (m *Model) MarshalBinary() []byte {
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
	var p []byte
	p = binary.AppendUvarint(p, uint64(len(hj)))
	p = append(p, hj...)
	vocab := vec.Vocabulary()
	prev := ""
	for i := range vocab.Len() {
		f := vocab.Feature(i)
		shared := commonPrefix(prev, f)
		p = binary.AppendUvarint(p, uint64(shared))
		p = binary.AppendUvarint(p, uint64(len(f)-shared))
		p = append(p, f[shared:]...)
		prev = f
	}
	for _, x := range vec.IDF() {
		p = binary.LittleEndian.AppendUint32(p, math.Float32bits(x))
	}
	for _, x := range nb.Weights {
		p = binary.LittleEndian.AppendUint32(p, math.Float32bits(x))
	}
	out := make([]byte, 0, headerSize+len(p)+4)
	out = append(out, magic...)
	out = binary.LittleEndian.AppendUint32(out, FormatVersion)
	out = binary.LittleEndian.AppendUint64(out, uint64(len(p)))
	out = append(out, p...)
	return binary.LittleEndian.AppendUint32(out, crc32.Checksum(p, crcTable))
}

func commonPrefix(a, b string) int {
	n := min(len(a), len(b))
	for i := range n {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}

// Decode reads a model from the file format. A truncated, corrupted,
// foreign or newer-version file gives an error that says which; Decode
// never panics on any input.
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
	if crc32.Checksum(payload, crcTable) != binary.LittleEndian.Uint32(data[headerSize+int(n):]) {
		return nil, errors.New("corrupted model file: checksum mismatch")
	}
	m, err := decodePayload(payload)
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

func (r *reader) float32s(n uint64) []float32 {
	if n > uint64(len(r.b))/4 {
		if r.err == nil {
			r.err = fmt.Errorf("array of %d floats does not fit in %d bytes", n, len(r.b))
		}
		return nil
	}
	raw := r.bytes(4 * n)
	out := make([]float32, n)
	for i := range out {
		out[i] = math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:]))
	}
	return out
}

func decodePayload(p []byte) (*Model, error) {
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
	// Undo the front coding straight into one blob: no string per feature.
	offsets := make([]uint32, 1, F+1)
	blob := make([]byte, 0, len(p)) // front coding roughly halves the strings; append grows it
	prevLen := uint64(0)
	for i := range F {
		shared := r.uvarint()
		rest := r.bytes(r.uvarint())
		if r.err != nil {
			return nil, fmt.Errorf("vocabulary entry %d: %w", i, r.err)
		}
		if shared > prevLen {
			return nil, fmt.Errorf("vocabulary entry %d: shares %d bytes with a %d-byte entry", i, shared, prevLen)
		}
		start := len(blob)
		blob = append(blob, blob[start-int(prevLen):start-int(prevLen)+int(shared)]...)
		blob = append(blob, rest...)
		if len(blob) > math.MaxUint32 {
			return nil, errors.New("vocabulary too large")
		}
		offsets = append(offsets, uint32(len(blob)))
		prevLen = uint64(len(blob) - start)
	}
	// The rest is two independent jobs of similar size: hashing the
	// vocabulary into its lookup table, and decoding (then checking) the
	// float arrays. Doing them at once halves a big model's load time.
	type vocabResult struct {
		v   *features.Vocabulary
		err error
	}
	vocabDone := make(chan vocabResult, 1)
	go func() {
		v, err := features.VocabularyFromBlob(blob, offsets)
		vocabDone <- vocabResult{v, err}
	}()
	idf := r.float32s(uint64(F))
	weights := r.float32s(uint64(F) * uint64(C))
	vr := <-vocabDone
	if r.err != nil {
		return nil, r.err
	}
	if len(r.b) != 0 {
		return nil, fmt.Errorf("%d bytes left after the weights", len(r.b))
	}
	if vr.err != nil {
		return nil, vr.err
	}
	for _, x := range idf {
		if f := float64(x); math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, errors.New("idf is not finite")
		}
	}
	analyzer, err := features.NewAnalyzer(h.Analysis, h.StopWords)
	if err != nil {
		return nil, fmt.Errorf("analysis settings: %w", err)
	}
	if err := h.TFIDF.Validate(); err != nil {
		return nil, err
	}
	vec, err := features.NewVectorizer(analyzer, h.TFIDF, vr.v, idf)
	if err != nil {
		return nil, err
	}
	if err := h.NB.Validate(); err != nil {
		return nil, err
	}
	nb := &classify.NaiveBayes{
		Labels: h.Labels, Docs: h.Docs, LogPrior: h.LogPrior, Weights: weights,
		NumFeatures: F, Temperature: h.Temperature, Options: h.NB,
	}
	return New(h.Info, vec, nb)
}

// Load reads a model file.
func Load(path string) (*Model, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	m, err := Decode(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
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
	if _, err = tmp.Write(m.MarshalBinary()); err != nil {
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
