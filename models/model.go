package models

import (
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/tasnif/tasnif/classify"
	"github.com/tasnif/tasnif/features"
)

// Model is a trained topic classifier: the text pipeline and TF-IDF
// vocabulary (package features) and the naive Bayes parameters (package
// classify), with a name and training facts. A Model is immutable and safe
// for concurrent use.
type Model struct {
	Info       Info
	Vectorizer *features.Vectorizer
	NB         *classify.NaiveBayes

	taggers sync.Pool // of *Tagger, for the concurrent convenience methods
}

// Info describes a model: what it is and how it was trained. None of it
// affects predictions.
type Info struct {
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	// Documents is the number of training documents (stories), and
	// PerLabel their number per label, in label order. NB.Docs counts the
	// texts the classifier learned from, which includes title examples.
	Documents int   `json:"documents"`
	PerLabel  []int `json:"per_label,omitempty"`
	// OutOfFoldAccuracy estimates accuracy on unseen text from the training
	// data alone (k-fold, computed while calibrating; NaN-free: 0 when
	// unknown).
	OutOfFoldAccuracy float64 `json:"out_of_fold_accuracy,omitempty"`
	// Sources says where the training data came from (and the attribution
	// its licences ask for).
	Sources string `json:"sources,omitempty"`
}

// Example is one labelled text: a story with an optional title.
type Example struct {
	Title string
	Text  string
	Label string
}

// FullText is what the model reads for an example: the title and the text,
// one per line, or whichever is present.
func (e Example) FullText() string {
	switch {
	case e.Title == "":
		return e.Text
	case e.Text == "":
		return e.Title
	}
	return e.Title + "\n" + e.Text
}

// TrainOptions are all the settings of training; the zero value is not
// valid, start from DefaultTrainOptions.
type TrainOptions struct {
	Analysis  features.Config
	StopWords []string // nil: features.DefaultStopWords()
	TFIDF     features.TFIDFConfig
	NB        classify.Options
	Info      Info // name, description and sources to record
	// TitleExamples also trains on the title of every example that has
	// both a title and a text, as an example of its own: a model that only
	// ever saw full articles tags headlines poorly.
	TitleExamples bool
	Workers       int // 0: one per CPU; never changes the result
	// Progress, when set, receives the number of texts analysed so far.
	Progress func(done int)
}

// DefaultTrainOptions returns the settings measured best on real Arabic news.
func DefaultTrainOptions() TrainOptions {
	return TrainOptions{
		Analysis:      features.DefaultConfig(),
		TFIDF:         features.DefaultTFIDFConfig(),
		NB:            classify.DefaultOptions(),
		TitleExamples: true,
	}
}

// Train learns a model from labelled examples. The same examples (in the
// same order) and options give the same model, byte for byte once encoded.
func Train(examples []Example, opt TrainOptions) (*Model, error) {
	if len(examples) == 0 {
		return nil, errors.New("no training examples")
	}
	stop := opt.StopWords
	if stop == nil {
		stop = features.DefaultStopWords()
	}
	analyzer, err := features.NewAnalyzer(opt.Analysis, stop)
	if err != nil {
		return nil, fmt.Errorf("analysis settings: %w", err)
	}
	if err := opt.NB.Validate(); err != nil {
		return nil, err
	}
	labelSet := map[string]bool{}
	for i, ex := range examples {
		if ex.Label == "" {
			return nil, fmt.Errorf("example %d has no label", i+1)
		}
		labelSet[ex.Label] = true
	}
	labels := make([]string, 0, len(labelSet))
	for l := range labelSet {
		labels = append(labels, l)
	}
	sort.Strings(labels)
	if len(labels) < 2 {
		return nil, fmt.Errorf("training needs at least 2 labels, the data has only %q", labels[0])
	}
	// Each example's text is its FullText, passed as title and text apart
	// so that Fit need not have the whole corpus copied into new strings.
	texts := make([]string, 0, len(examples))
	titles := make([]string, 0, len(examples))
	classes := make([]int, 0, len(examples))
	for _, ex := range examples {
		c, _ := slices.BinarySearch(labels, ex.Label)
		if ex.Text == "" {
			texts, titles = append(texts, ex.Title), append(titles, "")
		} else {
			texts, titles = append(texts, ex.Text), append(titles, ex.Title)
		}
		classes = append(classes, c)
		if opt.TitleExamples && ex.Title != "" && strings.TrimSpace(ex.Text) != "" {
			texts, titles, classes = append(texts, ex.Title), append(titles, ""), append(classes, c)
		}
	}
	vec, vectors, err := features.Fit(analyzer, opt.TFIDF, texts, features.FitOptions{Workers: opt.Workers, Progress: opt.Progress, Titles: titles})
	if err != nil {
		return nil, err
	}
	// Fit's working memory is garbage now; collected, it serves the naive
	// Bayes counts and weights instead of fresh pages (see Fit).
	if len(vectors) > 5000 {
		runtime.GC()
	}
	nb, oof, err := classify.TrainWithEstimate(vectors, classes, labels, vec.Vocabulary().Len(), opt.NB)
	if err != nil {
		return nil, err
	}
	info := opt.Info
	info.Documents = len(examples)
	info.PerLabel = make([]int, len(labels))
	for _, ex := range examples {
		c, _ := slices.BinarySearch(labels, ex.Label)
		info.PerLabel[c]++
	}
	info.OutOfFoldAccuracy = oof
	return New(info, vec, nb)
}

// New assembles a model from its parts and checks that they fit together.
func New(info Info, vec *features.Vectorizer, nb *classify.NaiveBayes) (*Model, error) {
	if err := nb.Check(); err != nil {
		return nil, err
	}
	if nb.NumFeatures != vec.Vocabulary().Len() {
		return nil, fmt.Errorf("classifier has %d features, vocabulary %d", nb.NumFeatures, vec.Vocabulary().Len())
	}
	return &Model{Info: info, Vectorizer: vec, NB: nb}, nil
}

// Labels returns the model's labels, sorted.
func (m *Model) Labels() []string { return m.NB.Labels }

// Tagger classifies texts with a model, reusing buffers and a token cache
// between calls: the fast way to tag many texts. A Tagger is not safe for
// concurrent use; make one per goroutine.
type Tagger struct {
	m     *Model
	enc   *features.Encoder
	probs []float64
}

// NewTagger returns a Tagger for m.
func (m *Model) NewTagger() *Tagger {
	return &Tagger{m: m, enc: m.Vectorizer.NewEncoder(), probs: make([]float64, 0, len(m.NB.Labels))}
}

// Probabilities returns the probability of each label (in Labels order) for
// text. The slice is reused by the next call.
func (t *Tagger) Probabilities(text []byte) []float64 {
	t.probs = t.m.NB.Probabilities(t.enc.Encode(text), t.probs)
	return t.probs
}

// Tag classifies text and returns the top k labels (all when k <= 0).
func (t *Tagger) Tag(text []byte, k int) classify.Prediction {
	return t.m.NB.PredictionFrom(t.Probabilities(text), k)
}

// TagString is Tag for a string, without copying it.
func (t *Tagger) TagString(text string, k int) classify.Prediction {
	t.probs = t.m.NB.Probabilities(t.enc.EncodeString(text), t.probs)
	return t.m.NB.PredictionFrom(t.probs, k)
}

// TagTitled is TagString(title + "\n" + text), the text of a story with a
// title (either may be empty), without building that string.
func (t *Tagger) TagTitled(title, text string, k int) classify.Prediction {
	t.probs = t.m.NB.Probabilities(t.enc.EncodeTitled(title, text), t.probs)
	return t.m.NB.PredictionFrom(t.probs, k)
}

// Predict classifies text and returns the top k labels (all when k <= 0).
// It is safe for concurrent use; for many texts, a Tagger per goroutine is
// faster.
func (m *Model) Predict(text string, k int) classify.Prediction {
	t := m.tagger()
	defer m.taggers.Put(t)
	return t.TagString(text, k)
}

func (m *Model) tagger() *Tagger {
	if t, ok := m.taggers.Get().(*Tagger); ok {
		return t
	}
	return m.NewTagger()
}

// WithMinConfidence returns p with its label replaced by fallback when the
// best label's probability is below min. The scores keep the best guess.
func WithMinConfidence(p classify.Prediction, min float64, fallback string) classify.Prediction {
	if p.Confidence < min {
		p.Label = fallback
	}
	return p
}
