package batch_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tasnif/tasnif/batch"
	"github.com/tasnif/tasnif/corpus"
	"github.com/tasnif/tasnif/models"
)

// trainingSet is a small labelled set written for these tests.
var trainingSet = []models.Example{
	{Title: "المنتخب يفوز على ضيفه", Text: "فاز المنتخب الوطني لكرة القدم على ضيفه بهدفين في مباراة ودية بالملعب الكبير", Label: "sports"},
	{Title: "الوداد يتعادل مع الرجاء", Text: "انتهت مباراة الديربي بالتعادل في الجولة العاشرة من البطولة الاحترافية", Label: "sports"},
	{Title: "العداءة تحطم الرقم القياسي", Text: "حطمت العداءة الرقم القياسي في سباق ألف وخمسمائة متر خلال البطولة القارية لألعاب القوى", Label: "sports"},
	{Title: "مدرب الفريق يعلن التشكيلة", Text: "أعلن مدرب الفريق لائحة اللاعبين المدعوين لمباراة الكأس أمام النادي المنافس", Label: "sports"},
	{Title: "البرلمان يصادق على قانون المالية", Text: "صادق مجلس النواب على مشروع قانون المالية بعد نقاش طويل بين الأغلبية والمعارضة", Label: "politics"},
	{Title: "وزير الخارجية يستقبل نظيره", Text: "استقبل وزير الخارجية نظيره البرتغالي لبحث تعزيز التعاون الثنائي بين الحكومتين", Label: "politics"},
	{Title: "الحكومة تعلن خطة جديدة", Text: "أعلنت الحكومة خطة جديدة لدعم التشغيل بعد مصادقة المجلس الوزاري ومشاورات مع الأحزاب", Label: "politics"},
	{Title: "الانتخابات التشريعية المقبلة", Text: "دعت الأحزاب السياسية إلى مشاركة واسعة في الانتخابات التشريعية المقبلة والتصويت", Label: "politics"},
	{Title: "توقيف مروج مخدرات", Text: "أوقفت عناصر الشرطة القضائية شابا يشتبه في ترويجه المخدرات وحجزت كمية من الشيرا", Label: "security"},
	{Title: "تفكيك شبكة للتهريب", Text: "فككت المصالح الأمنية شبكة إجرامية لتهريب المخدرات عبر الميناء وأوقفت خمسة مشتبه فيهم", Label: "security"},
	{Title: "سرقة وكالة بنكية", Text: "أوقفت الشرطة ثلاثة أشخاص يشتبه في تورطهم في سرقة وكالة بنكية تحت التهديد بالسلاح", Label: "security"},
	{Title: "الدرك يحجز أطنانا من الشيرا", Text: "حجزت عناصر الدرك أطنانا من مخدر الشيرا وفتحت النيابة العامة تحقيقا في القضية", Label: "security"},
	{Title: "أمطار رعدية بالمناطق الشمالية", Text: "توقعت مديرية الأرصاد الجوية أمطارا رعدية ورياحا قوية بالمناطق الشمالية نهاية الأسبوع", Label: "weather"},
	{Title: "موجة حر تضرب الجنوب", Text: "تشهد المناطق الجنوبية موجة حر مع درجات حرارة مرتفعة تفوق الأربعين حسب نشرة الأرصاد", Label: "weather"},
	{Title: "تساقطات ثلجية بالمرتفعات", Text: "تعرف المرتفعات تساقطات ثلجية وانخفاضا في درجات الحرارة مع طقس بارد وضباب كثيف", Label: "weather"},
	{Title: "توقعات الطقس ليوم غد", Text: "توقعات أحوال الطقس ليوم غد سماء غائمة وزخات مطرية متفرقة ورياح معتدلة", Label: "weather"},
}

var (
	modelOnce sync.Once
	testModel *models.Model
	modelErr  error
)

// smallModel trains the test model once per test binary.
func smallModel(t testing.TB) *models.Model {
	t.Helper()
	modelOnce.Do(func() {
		opt := models.DefaultTrainOptions()
		opt.TFIDF.MinDF = 1
		opt.Info = models.Info{Name: "batch-test"}
		testModel, modelErr = models.Train(trainingSet, opt)
	})
	if modelErr != nil {
		t.Fatal(modelErr)
	}
	return testModel
}

// headlines are phrases the generated records are built from.
var headlines = []string{
	"المنتخب يفوز في المباراة النهائية للبطولة",
	"البرلمان يناقش مشروع قانون جديد للحكومة",
	"الشرطة توقف مشتبها فيه بترويج المخدرات",
	"أمطار غزيرة ورياح قوية حسب الأرصاد الجوية",
	"مدرب المنتخب يعلن لائحة اللاعبين",
	"وزير الخارجية يبحث التعاون مع نظيره",
	"تفكيك شبكة إجرامية للتهريب",
	"انخفاض درجات الحرارة وتساقطات ثلجية",
	"", // an empty text is a record like any other
}

// generate returns n records with ids "r00000"…, their texts varied so
// that neighbouring records get different scores.
func generate(n int) []corpus.Record {
	recs := make([]corpus.Record, n)
	for i := range recs {
		a := headlines[i%len(headlines)]
		b := headlines[(i*7+3)%len(headlines)]
		text := a
		if i%3 == 0 {
			text = a + " " + b
		}
		if i%5 == 0 {
			text += fmt.Sprintf(" رقم %d", i)
		}
		recs[i] = corpus.Record{ID: fmt.Sprintf("r%05d", i), Text: text, Source: "gen", Line: i + 1}
	}
	return recs
}

// sliceSource yields records, and a *corpus.RecordError at the indexes in
// bad (which count as input positions of their own).
type sliceSource struct {
	recs  []corpus.Record
	bad   map[int]bool
	i     int
	delay time.Duration
	// closed is set by tests once Run has returned: Next must not be called
	// after that.
	closed   atomic.Bool
	lateCall atomic.Bool
}

func (s *sliceSource) Next() (corpus.Record, error) {
	if s.closed.Load() {
		s.lateCall.Store(true)
	}
	if s.delay > 0 {
		time.Sleep(s.delay)
	}
	if s.i >= len(s.recs) {
		return corpus.Record{}, io.EOF
	}
	i := s.i
	s.i++
	if s.bad[i] {
		return corpus.Record{}, &corpus.RecordError{Source: "gen", Line: i + 1, Err: errors.New("bad record")}
	}
	return s.recs[i], nil
}

// endless yields records for ever.
type endless struct{ n int }

func (e *endless) Next() (corpus.Record, error) {
	e.n++
	return corpus.Record{ID: fmt.Sprint(e.n), Text: headlines[e.n%len(headlines)]}, nil
}

// errSource fails after n records with a non-record error.
type errSource struct {
	n   int
	err error
}

func (e *errSource) Next() (corpus.Record, error) {
	if e.n == 0 {
		return corpus.Record{}, e.err
	}
	e.n--
	return corpus.Record{Text: headlines[e.n%len(headlines)]}, nil
}

// collect runs src and returns the results, copied.
func collect(t *testing.T, m *models.Model, src batch.Source, opt batch.Options) ([]batch.Result, batch.Stats, error) {
	t.Helper()
	var out []batch.Result
	stats, err := batch.Run(context.Background(), m, src, func(r *batch.Result) error {
		out = append(out, *r)
		return nil
	}, opt)
	return out, stats, err
}

// jsonl renders results as the JSONL writer does.
func jsonl(t *testing.T, results []batch.Result, opt batch.WriterOptions) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := batch.NewWriter(&buf, batch.JSONL, opt)
	for i := range results {
		if err := w.Write(&results[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestRunOrderAndDeterminism(t *testing.T) {
	m := smallModel(t)
	n := 5000
	if testing.Short() {
		n = 1000
	}
	recs := generate(n)

	// The reference: every record tagged on its own, in order.
	want := make([]batch.Result, len(recs))
	for i, r := range recs {
		want[i] = batch.Result{Record: r, Prediction: m.Predict(r.FullText(), 3)}
	}
	wantOut := jsonl(t, want, batch.WriterOptions{WithText: true})
	labels := map[string]bool{}
	for _, r := range want {
		labels[r.Prediction.Label] = true
	}
	if len(labels) < 3 {
		t.Fatalf("the generated records get only the labels %v: the test would not see reordering", labels)
	}

	for _, workers := range []int{1, 2, 8} {
		for _, size := range []int{1, 7, 256} {
			t.Run(fmt.Sprintf("workers=%d/chunk=%d", workers, size), func(t *testing.T) {
				for run := range 2 {
					got, stats, err := collect(t, m, &sliceSource{recs: recs}, batch.Options{Workers: workers, ChunkSize: size, TopK: 3})
					if err != nil {
						t.Fatal(err)
					}
					if stats.Records != n || stats.Bad != 0 {
						t.Fatalf("stats %+v, want %d records", stats, n)
					}
					if len(got) != n {
						t.Fatalf("%d results, want %d", len(got), n)
					}
					for i := range got {
						if got[i].Record.ID != recs[i].ID {
							t.Fatalf("run %d: result %d has id %q, want %q", run, i, got[i].Record.ID, recs[i].ID)
						}
						if got[i].Prediction.Label != want[i].Prediction.Label {
							t.Fatalf("run %d: result %d (%s) label %q, want %q", run, i, recs[i].ID, got[i].Prediction.Label, want[i].Prediction.Label)
						}
					}
					if out := jsonl(t, got, batch.WriterOptions{WithText: true}); !bytes.Equal(out, wantOut) {
						t.Fatalf("run %d: output differs from the sequential reference", run)
					}
				}
			})
		}
	}
}

func TestRunStatsBytes(t *testing.T) {
	m := smallModel(t)
	recs := []corpus.Record{{Title: "عنوان", Text: "نص الخبر"}, {Text: "أمطار"}}
	_, stats, err := collect(t, m, &sliceSource{recs: recs}, batch.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := int64(len("عنوان") + len("نص الخبر") + len("أمطار"))
	if stats.Bytes != want || stats.Records != 2 {
		t.Errorf("stats %+v, want 2 records, %d bytes", stats, want)
	}
}

func TestRunEmpty(t *testing.T) {
	m := smallModel(t)
	got, stats, err := collect(t, m, &sliceSource{}, batch.Options{})
	if err != nil || len(got) != 0 || stats != (batch.Stats{}) {
		t.Errorf("empty source: %d results, %+v, %v", len(got), stats, err)
	}
}

func TestRunBadRecords(t *testing.T) {
	m := smallModel(t)
	recs := generate(100)
	bad := map[int]bool{3: true, 40: true, 41: true, 99: true}
	boom := errors.New("handler says stop")

	t.Run("nil handler stops", func(t *testing.T) {
		for _, size := range []int{1, 7, 256} {
			got, stats, err := collect(t, m, &sliceSource{recs: recs, bad: bad}, batch.Options{Workers: 3, ChunkSize: size})
			var re *corpus.RecordError
			if !errors.As(err, &re) || re.Line != 4 {
				t.Fatalf("chunk %d: err %v, want the RecordError of line 4", size, err)
			}
			if len(got) != 3 || stats.Records != 3 || stats.Bad != 0 {
				t.Errorf("chunk %d: %d results, stats %+v; want the 3 records before the bad one", size, len(got), stats)
			}
			for i, r := range got {
				if r.Record.ID != recs[i].ID {
					t.Errorf("result %d: id %q", i, r.Record.ID)
				}
			}
		}
	})

	t.Run("handler skips", func(t *testing.T) {
		var lines []int
		got, stats, err := collect(t, m, &sliceSource{recs: recs, bad: bad}, batch.Options{
			Workers: 4, ChunkSize: 5,
			OnBadRecord: func(e *corpus.RecordError) error {
				lines = append(lines, e.Line)
				return nil
			},
		})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(lines, []int{4, 41, 42, 100}) {
			t.Errorf("handler saw lines %v, want them in input order", lines)
		}
		if stats.Bad != 4 || stats.Records != 96 || len(got) != 96 {
			t.Errorf("stats %+v, %d results; want 4 bad, 96 tagged", stats, len(got))
		}
		j := 0
		for i, r := range recs {
			if bad[i] {
				continue
			}
			if got[j].Record.ID != r.ID {
				t.Fatalf("result %d: id %q, want %q", j, got[j].Record.ID, r.ID)
			}
			j++
		}
	})

	t.Run("handler stops", func(t *testing.T) {
		calls := 0
		got, stats, err := collect(t, m, &sliceSource{recs: recs, bad: bad}, batch.Options{
			Workers: 2, ChunkSize: 7,
			OnBadRecord: func(e *corpus.RecordError) error {
				calls++
				if e.Line == 41 {
					return fmt.Errorf("wrapped: %w", boom)
				}
				return nil
			},
		})
		if !errors.Is(err, boom) {
			t.Fatalf("err %v, want the handler's", err)
		}
		if calls != 2 || stats.Bad != 1 || stats.Records != 39 || len(got) != 39 {
			t.Errorf("%d calls, stats %+v, %d results; want 2 calls, 1 skipped, 39 tagged", calls, stats, len(got))
		}
	})

	t.Run("source error", func(t *testing.T) {
		fail := errors.New("disk on fire")
		got, stats, err := collect(t, m, &errSource{n: 10, err: fail}, batch.Options{ChunkSize: 3})
		if !errors.Is(err, fail) || len(got) != 10 || stats.Records != 10 {
			t.Errorf("err %v, %d results, %+v; want the source's error after 10 results", err, len(got), stats)
		}
	})
}

// settle waits for the goroutine count to come back to at most max.
func settle(max int) int {
	deadline := time.Now().Add(3 * time.Second)
	for {
		n := runtime.NumGoroutine()
		if n <= max || time.Now().After(deadline) {
			return n
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// runWithin runs f and fails the test if it does not return in time.
func runWithin(t *testing.T, d time.Duration, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(d):
		buf := make([]byte, 1<<20)
		buf = buf[:runtime.Stack(buf, true)]
		t.Fatalf("Run did not return within %v (deadlock?)\n%s", d, buf)
	}
}

func TestRunEmitErrorStops(t *testing.T) {
	m := smallModel(t)
	recs := generate(3000)
	boom := errors.New("emit failed")
	before := runtime.NumGoroutine()
	for _, workers := range []int{1, 2, 8} {
		for _, size := range []int{1, 7, 256} {
			for _, failAt := range []int{1, 2, 100, 2999} {
				name := fmt.Sprintf("workers=%d/chunk=%d/fail=%d", workers, size, failAt)
				calls := 0
				var stats batch.Stats
				var err error
				runWithin(t, 20*time.Second, func() {
					stats, err = batch.Run(context.Background(), m, &sliceSource{recs: recs}, func(r *batch.Result) error {
						calls++
						if calls == failAt {
							return boom
						}
						return nil
					}, batch.Options{Workers: workers, ChunkSize: size})
				})
				if err != boom {
					t.Errorf("%s: err %v, want the emit error itself", name, err)
				}
				if calls != failAt || stats.Records != failAt-1 {
					t.Errorf("%s: emit called %d times, %d records counted; want %d and %d", name, calls, stats.Records, failAt, failAt-1)
				}
			}
		}
	}
	if n := settle(before + 2); n > before+2 {
		t.Errorf("%d goroutines before, %d after: Run leaks goroutines", before, n)
	}
}

// TestRunDoesNotOutliveItself checks that Run has stopped using the source
// (and the bad-record handler) when it returns, even when it stops early:
// callers close their inputs right after.
func TestRunDoesNotOutliveItself(t *testing.T) {
	m := smallModel(t)
	recs := generate(200)
	boom := errors.New("emit failed")
	for i := range 30 {
		src := &sliceSource{recs: recs, delay: 200 * time.Microsecond, bad: map[int]bool{1: true, 50: true}}
		var handlerAfter atomic.Bool
		calls := 0
		_, err := batch.Run(context.Background(), m, src, func(r *batch.Result) error {
			calls++
			if calls == 5 {
				return boom
			}
			return nil
		}, batch.Options{Workers: 1 + i%2, ChunkSize: 1, OnBadRecord: func(*corpus.RecordError) error {
			if src.closed.Load() {
				handlerAfter.Store(true)
			}
			return nil
		}})
		src.closed.Store(true)
		if err != boom {
			t.Fatalf("err %v", err)
		}
		time.Sleep(2 * time.Millisecond)
		if src.lateCall.Load() || handlerAfter.Load() {
			t.Fatalf("run %d: the source or the handler was called after Run returned", i)
		}
	}
}

func TestRunContext(t *testing.T) {
	m := smallModel(t)
	before := runtime.NumGoroutine()

	t.Run("cancelled before", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		for _, workers := range []int{1, 4} {
			var err error
			runWithin(t, 10*time.Second, func() {
				_, err = batch.Run(ctx, m, &endless{}, func(*batch.Result) error { return nil }, batch.Options{Workers: workers, ChunkSize: 3})
			})
			if !errors.Is(err, context.Canceled) {
				t.Errorf("workers %d: err %v, want context.Canceled", workers, err)
			}
		}
	})

	t.Run("cancelled during an endless input", func(t *testing.T) {
		for _, workers := range []int{1, 2, 8} {
			for _, size := range []int{1, 7, 256} {
				ctx, cancel := context.WithCancel(context.Background())
				var err error
				emitted := 0
				runWithin(t, 20*time.Second, func() {
					_, err = batch.Run(ctx, m, &endless{}, func(*batch.Result) error {
						emitted++
						if emitted == 500 {
							cancel()
						}
						return nil
					}, batch.Options{Workers: workers, ChunkSize: size})
				})
				cancel()
				if !errors.Is(err, context.Canceled) {
					t.Errorf("workers %d chunk %d: err %v, want context.Canceled", workers, size, err)
				}
			}
		}
	})

	t.Run("deadline", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
		defer cancel()
		var err error
		runWithin(t, 10*time.Second, func() {
			_, err = batch.Run(ctx, m, &endless{}, func(*batch.Result) error { return nil }, batch.Options{Workers: 2})
		})
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("err %v, want context.DeadlineExceeded", err)
		}
	})

	t.Run("emit error with cancelled context", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		boom := errors.New("emit failed")
		var err error
		runWithin(t, 10*time.Second, func() {
			_, err = batch.Run(ctx, m, &endless{}, func(*batch.Result) error {
				cancel()
				return boom
			}, batch.Options{Workers: 3, ChunkSize: 2})
		})
		if err != boom {
			t.Errorf("err %v, want the emit error", err)
		}
	})

	if n := settle(before + 2); n > before+2 {
		t.Errorf("%d goroutines before, %d after: Run leaks goroutines", before, n)
	}
}

func TestRunMinConfidence(t *testing.T) {
	m := smallModel(t)
	recs := generate(200)
	plain, _, err := collect(t, m, &sliceSource{recs: recs}, batch.Options{TopK: 2})
	if err != nil {
		t.Fatal(err)
	}
	confs := make([]float64, len(plain))
	for i, r := range plain {
		confs[i] = r.Prediction.Confidence
	}
	slices.Sort(confs)
	threshold := confs[len(confs)/2]
	if confs[0] == confs[len(confs)-1] {
		t.Fatal("all confidences are equal: the test needs a spread")
	}

	got, _, err := collect(t, m, &sliceSource{recs: recs}, batch.Options{TopK: 2, MinConfidence: threshold, Fallback: "unsure"})
	if err != nil {
		t.Fatal(err)
	}
	fallbacks := 0
	for i, r := range got {
		p, orig := r.Prediction, plain[i].Prediction
		if orig.Confidence < threshold {
			fallbacks++
			if p.Label != "unsure" {
				t.Errorf("%s: confidence %g < %g but label %q", r.Record.ID, orig.Confidence, threshold, p.Label)
			}
		} else if p.Label != orig.Label {
			t.Errorf("%s: confidence %g >= %g but label %q, want %q", r.Record.ID, orig.Confidence, threshold, p.Label, orig.Label)
		}
		// The scores and confidence keep the best guess.
		if p.Confidence != orig.Confidence || p.Scores[0].Label != orig.Label || len(p.Scores) != 2 {
			t.Errorf("%s: prediction %+v, want the scores of %+v", r.Record.ID, p, orig)
		}
	}
	if fallbacks == 0 || fallbacks == len(got) {
		t.Errorf("%d of %d fall back: the threshold does not split the records", fallbacks, len(got))
	}
}

func TestRunTopK(t *testing.T) {
	m := smallModel(t)
	recs := generate(20)
	nLabels := len(m.Labels())
	for _, explain := range []int{0, 3} {
		for k, want := range map[int]int{0: nLabels, 1: 1, 2: 2, nLabels: nLabels, nLabels + 5: nLabels, -1: nLabels} {
			got, _, err := collect(t, m, &sliceSource{recs: recs}, batch.Options{TopK: k, ExplainTerms: explain})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range got {
				p := r.Prediction
				if len(p.Scores) != want {
					t.Fatalf("explain %d, TopK %d: %d scores, want %d", explain, k, len(p.Scores), want)
				}
				if p.Scores[0].Label != p.Label || p.Scores[0].P != p.Confidence {
					t.Fatalf("TopK %d: first score %+v is not the label %q (%g)", k, p.Scores[0], p.Label, p.Confidence)
				}
				for i := 1; i < len(p.Scores); i++ {
					if p.Scores[i].P > p.Scores[i-1].P {
						t.Fatalf("TopK %d: scores not sorted: %+v", k, p.Scores)
					}
				}
			}
		}
	}
}

func TestRunExplain(t *testing.T) {
	m := smallModel(t)
	recs := generate(50)
	plain, _, err := collect(t, m, &sliceSource{recs: recs}, batch.Options{TopK: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range plain {
		if r.Explanation != nil {
			t.Fatal("an explanation without ExplainTerms")
		}
	}
	got, _, err := collect(t, m, &sliceSource{recs: recs}, batch.Options{TopK: 1, ExplainTerms: 2, Workers: 3, ChunkSize: 4})
	if err != nil {
		t.Fatal(err)
	}
	withTerms := 0
	for i, r := range got {
		ex := r.Explanation
		if ex == nil {
			t.Fatalf("%s: no explanation", r.Record.ID)
		}
		if r.Prediction.Label != plain[i].Prediction.Label || r.Prediction.Confidence != plain[i].Prediction.Confidence {
			t.Errorf("%s: explained prediction %+v differs from %+v", r.Record.ID, r.Prediction, plain[i].Prediction)
		}
		if ex.Label != r.Prediction.Label || ex.Against == ex.Label || ex.Against == "" {
			t.Errorf("%s: explanation of %q against %q, prediction %q", r.Record.ID, ex.Label, ex.Against, r.Prediction.Label)
		}
		if len(ex.For) > 2 || len(ex.Opposing) > 2 {
			t.Errorf("%s: %d/%d terms, want at most 2 a side", r.Record.ID, len(ex.For), len(ex.Opposing))
		}
		for _, tw := range ex.For {
			if tw.Weight <= 0 || tw.Term == "" {
				t.Errorf("%s: term for the label %+v", r.Record.ID, tw)
			}
		}
		if len(ex.For) > 0 {
			withTerms++
		}
	}
	if withTerms == 0 {
		t.Error("no explanation has terms")
	}
}

func loadCorpus(tb testing.TB) ([]corpus.Record, int64) {
	tb.Helper()
	paths, err := filepath.Glob("../testdata/corpus/*.jsonl")
	if err != nil || len(paths) == 0 {
		tb.Skip("no ../testdata/corpus/*.jsonl")
	}
	recs, err := corpus.ReadAll(paths, corpus.Options{Format: corpus.JSONL})
	if err != nil {
		tb.Fatal(err)
	}
	var size int64
	for _, rec := range recs {
		size += int64(len(rec.Title) + len(rec.Text))
	}
	return recs, size
}

// BenchmarkRun tags the corpus with the embedded model, the results
// dropped ("discard") or written as JSON Lines ("jsonl").
func BenchmarkRun(b *testing.B) {
	m, err := models.Default()
	if err != nil {
		b.Fatal(err)
	}
	recs, size := loadCorpus(b)
	for _, out := range []string{"discard", "jsonl"} {
		b.Run(out, func(b *testing.B) {
			b.SetBytes(size)
			b.ReportAllocs()
			for b.Loop() {
				emit := func(*batch.Result) error { return nil }
				w := batch.NewWriter(io.Discard, batch.JSONL, batch.WriterOptions{})
				if out == "jsonl" {
					emit = w.Write
				}
				stats, err := batch.Run(context.Background(), m, &sliceSource{recs: recs}, emit, batch.Options{})
				if err != nil || stats.Records != len(recs) {
					b.Fatal(stats, err)
				}
				if err := w.Flush(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(recs)), "records/op")
		})
	}
}
