package models

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// trainingSet is a small labelled set in the project's own words.
var trainingSet = []Example{
	{Title: "المنتخب المغربي يفوز على نظيره الغاني", Text: "فاز المنتخب المغربي لكرة القدم على نظيره الغاني بهدفين دون رد في مباراة ودية", Label: "sports"},
	{Title: "الوداد يتعادل مع الرجاء في الديربي", Text: "انتهت مباراة الديربي بين الوداد والرجاء بالتعادل في الجولة العاشرة من البطولة", Label: "sports"},
	{Title: "مدرب المنتخب يعلن لائحة اللاعبين", Text: "أعلن مدرب المنتخب لائحة اللاعبين المدعوين لمباراة كأس إفريقيا", Label: "sports"},
	{Title: "الحكومة تصادق على مشروع قانون المالية", Text: "صادق مجلس الحكومة على مشروع قانون المالية قبل إحالته على البرلمان", Label: "politics"},
	{Title: "البرلمان يناقش مشروع قانون الإضراب", Text: "ناقش مجلس النواب مشروع القانون التنظيمي للإضراب بحضور وزير التشغيل", Label: "politics"},
	{Title: "وزير الخارجية يستقبل سفير إسبانيا", Text: "استقبل وزير الخارجية سفير إسبانيا وبحث معه العلاقات الثنائية بين البلدين", Label: "politics"},
	{Title: "توقيف مروج مخدرات بمدينة سلا", Text: "أوقفت عناصر الشرطة القضائية بسلا شابا يشتبه في ترويجه المخدرات وحجزت كمية من الشيرا", Label: "security"},
	{Title: "الدرك الملكي يحجز أطنانا من الشيرا", Text: "حجزت عناصر الدرك الملكي أطنانا من مخدر الشيرا وأوقفت ثلاثة مشتبه فيهم", Label: "security"},
	{Title: "حادثة سير مميتة بالطريق الوطنية", Text: "لقي شخصان مصرعهما في حادثة سير بالطريق الوطنية وفتحت الشرطة بحثا", Label: "security"},
}

func testOptions() TrainOptions {
	opt := DefaultTrainOptions()
	opt.TFIDF.MinDF = 1
	opt.Info = Info{Name: "test"}
	return opt
}

func trainTest(t testing.TB) *Model {
	t.Helper()
	m, err := Train(trainingSet, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestTrainPredict(t *testing.T) {
	m := trainTest(t)
	for text, want := range map[string]string{
		"المنتخب يفوز في المباراة":         "sports",
		"البرلمان يصادق على مشروع القانون": "politics",
		"الشرطة توقف مروج المخدرات":        "security",
	} {
		if got := m.Predict(text, 1); got.Label != want {
			t.Errorf("Predict(%q) = %+v, want %s", text, got, want)
		}
	}
	if got := m.Labels(); strings.Join(got, ",") != "politics,security,sports" {
		t.Errorf("labels %q", got)
	}
	if m.Info.Documents != len(trainingSet) {
		t.Errorf("documents %d", m.Info.Documents)
	}
}

func TestTrainErrors(t *testing.T) {
	if _, err := Train(nil, testOptions()); err == nil {
		t.Error("no examples accepted")
	}
	if _, err := Train([]Example{{Text: "a", Label: "x"}, {Text: "b", Label: "x"}}, testOptions()); err == nil {
		t.Error("a single label accepted")
	}
	if _, err := Train([]Example{{Text: "a"}}, testOptions()); err == nil {
		t.Error("an example without a label accepted")
	}
}

func TestRoundTripByteIdentical(t *testing.T) {
	m := trainTest(t)
	data := m.MarshalBinary()
	m2, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(m2.MarshalBinary(), data) {
		t.Error("decode then encode changes the bytes")
	}
	for _, ex := range trainingSet {
		p1, p2 := m.Predict(ex.FullText(), 0), m2.Predict(ex.FullText(), 0)
		if p1.Label != p2.Label || p1.Confidence != p2.Confidence {
			t.Errorf("loaded model predicts %+v, trained %+v", p2, p1)
		}
	}
	// Training again on the same data gives the same bytes, whatever the workers.
	opt := testOptions()
	opt.Workers = 1
	m3, _ := Train(trainingSet, opt)
	if !bytes.Equal(m3.MarshalBinary(), data) {
		t.Error("training is not deterministic")
	}
}

// TestDecodeVersion1 reads a model in the format version 1 wrote (no
// padding before the float arrays), and one whose bytes start at an odd
// address, where the floats cannot be used in place.
func TestDecodeVersion1(t *testing.T) {
	m := trainTest(t)
	v2 := m.MarshalBinary()
	// Version 1: the header, the front-coded vocabulary, the floats.
	head := m.encodeHead()
	hlen, n := binary.Uvarint(head[headerSize:])
	p1 := bytes.Clone(head[headerSize : headerSize+n+int(hlen)])
	p1 = m.Vectorizer.Vocabulary().AppendFrontCoded(p1)
	p1 = appendFloat32s(p1, m.Vectorizer.IDF())
	p1 = appendFloat32s(p1, m.NB.Weights)
	v1 := append([]byte(magic), 1, 0, 0, 0)
	v1 = binary.LittleEndian.AppendUint64(v1, uint64(len(p1)))
	v1 = append(v1, p1...)
	v1 = binary.LittleEndian.AppendUint32(v1, crc32.Checksum(p1, crcTable))
	odd := append([]byte{0}, v2...)[1:]
	for name, data := range map[string][]byte{"version 1": v1, "unaligned": odd} {
		m2, err := Decode(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !bytes.Equal(m2.MarshalBinary(), v2) {
			t.Errorf("%s: decoding then encoding does not give the version 2 file", name)
		}
	}
}

func TestDecodeBadFiles(t *testing.T) {
	good := trainTest(t).MarshalBinary()
	newer := bytes.Clone(good)
	binary.LittleEndian.PutUint32(newer[8:], FormatVersion+1)
	flipped := bytes.Clone(good)
	flipped[len(flipped)/2] ^= 0x40
	// A payload that checksums but is nonsense.
	garbage := append([]byte(magic), 1, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff)
	garbage = binary.LittleEndian.AppendUint32(garbage, crc32.Checksum([]byte{0xff, 0xff, 0xff}, crcTable))
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "not a tasnif model file"},
		{"foreign", []byte("PK\x03\x04 a zip file, not a model"), "not a tasnif model file"},
		{"truncated header", good[:12], "truncated"},
		{"truncated data", good[:len(good)-100], "truncated"},
		{"newer version", newer, "newer than this tasnif reads"},
		{"corrupted byte", flipped, "checksum mismatch"},
		{"trailing bytes", append(bytes.Clone(good), 0), "unexpected bytes"},
		{"garbage payload", garbage, "corrupted model file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode(tt.data)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Decode: %v, want an error containing %q", err, tt.want)
			}
		})
	}
	if _, err := Decode([]byte("nope")); !errors.Is(err, ErrNotModel) {
		t.Errorf("foreign file: %v, want ErrNotModel", err)
	}
}

func TestWriteFileAtomic(t *testing.T) {
	m := trainTest(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "news.tasnif")
	if err := m.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	loaded, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if loaded.Info.Name != "test" {
		t.Errorf("loaded name %q", loaded.Info.Name)
	}
	// Writing into a missing directory fails and leaves nothing behind.
	if err := m.WriteFile(filepath.Join(dir, "missing", "x.tasnif")); err == nil {
		t.Error("write into a missing directory succeeded")
	}
	// A failed write keeps the old file: make the directory read-only.
	if os.Getuid() != 0 { // root ignores permissions
		os.Chmod(dir, 0o500)
		defer os.Chmod(dir, 0o700)
		if err := m.WriteFile(path); err == nil {
			t.Error("write into a read-only directory succeeded")
		}
		if _, err := Load(path); err != nil {
			t.Errorf("old model damaged: %v", err)
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
	if _, err := Load(filepath.Join(dir, "absent.tasnif")); err == nil {
		t.Error("loading a missing file succeeded")
	}
}

func TestDefaultModel(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(m.Labels(), ","); got != "other,politics,security,sports,weather" {
		t.Errorf("default labels %q", got)
	}
	for text, want := range map[string]string{
		"توقعات أحوال الطقس ليوم غد الإثنين":                         "weather",
		"الدرك الملكي يحجز مخدرات بالجديدة":                          "security",
		"المنتخب المغربي يفوز على نظيره الغاني في مباراة ودية":       "sports",
		"وزير الخارجية يستقبل نظيره الإسباني لبحث العلاقات الثنائية": "politics",
	} {
		if got := m.Predict(text, 1); got.Label != want {
			t.Errorf("default model: %q tagged %+v, want %s", text, got, want)
		}
	}
}

func TestConcurrentPredictAndExplain(t *testing.T) {
	m := trainTest(t)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, ex := range trainingSet {
				m.Predict(ex.FullText(), 2)
				m.Explain(ex.Title, 3)
			}
		}()
	}
	wg.Wait()
}

func TestExplain(t *testing.T) {
	m := trainTest(t)
	ex := m.Explain("الشرطة توقف مروج المخدرات", 3)
	if ex.Label != "security" || ex.Against == "security" || len(ex.For) == 0 || len(ex.For) > 3 {
		t.Fatalf("explanation %+v", ex)
	}
	for i := 1; i < len(ex.For); i++ {
		if ex.For[i].Weight > ex.For[i-1].Weight {
			t.Errorf("terms not sorted: %+v", ex.For)
		}
	}
	top := m.TopTerms(3)
	if len(top["sports"]) != 3 {
		t.Errorf("top terms %+v", top)
	}
}

func TestMinConfidence(t *testing.T) {
	m := trainTest(t)
	p := WithMinConfidence(m.Predict("نص لا علاقة له بشيء", 0), 0.99, "other")
	if p.Label != "other" || p.Scores[0].Label == "other" {
		t.Errorf("%+v: want label other with the best guess kept in scores", p)
	}
}

func TestCrossValidate(t *testing.T) {
	var data []Example
	for range 3 {
		data = append(data, trainingSet...)
	}
	cv, outcomes, err := CrossValidate(data, testOptions(), 3, 1, EvalOptions{ExplainMistakes: 2})
	if err != nil {
		t.Fatal(err)
	}
	if cv.K != 3 || len(cv.Folds) != 3 || cv.Pooled.N != len(data) || len(outcomes) != len(data) {
		t.Fatalf("cv %+v", cv)
	}
	for i, o := range outcomes {
		if o.Index != i || o.Gold != data[i].Label {
			t.Fatalf("outcome %d: %+v", i, o)
		}
	}
}

func FuzzDecode(f *testing.F) {
	m, err := Train(trainingSet, testOptions())
	if err != nil {
		f.Fatal(err)
	}
	good := m.MarshalBinary()
	f.Add(good)
	f.Add(good[:40])
	f.Add([]byte(magic))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Decode(data)
		if err != nil {
			return
		}
		m.Predict("المنتخب يفوز", 0)
	})
}

// FuzzDecodePayload fuzzes the section parser behind the checksum, which
// FuzzDecode rarely reaches.
func FuzzDecodePayload(f *testing.F) {
	m, err := Train(trainingSet, testOptions())
	if err != nil {
		f.Fatal(err)
	}
	good := m.MarshalBinary()
	f.Add(good[headerSize : len(good)-4])
	f.Fuzz(func(t *testing.T, payload []byte) {
		for _, version := range []uint32{1, FormatVersion} {
			if m, err := decodePayload(payload, version); err == nil {
				m.Predict("المنتخب يفوز", 0)
			}
		}
	})
}

// TestDefaultModelSize guards the budget of issue 3: the embedded model
// adds no more than 8 MB to the binary.
func TestDefaultModelSize(t *testing.T) {
	if n := len(defaultModel); n > 8<<20 {
		t.Errorf("the embedded model is %.1f MB, over the 8 MB budget", float64(n)/(1<<20))
	}
}

// TestReadFile checks the two-halves read against os.ReadFile, on files
// below and above the size where it starts reading in halves.
func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	for _, size := range []int{0, 1000, 1 << 20, 3<<20 + 7} {
		data := make([]byte, size)
		for i := range data {
			data[i] = byte(i * 7 / 3)
		}
		path := filepath.Join(dir, fmt.Sprint(size))
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := readFile(path)
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("readFile of %d bytes: %d bytes, %v", size, len(got), err)
		}
	}
	if _, err := readFile(filepath.Join(dir, "missing")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("readFile of a missing file: %v", err)
	}
}
