package features

import (
	"errors"
	"fmt"
)

// Config holds the settings of every analysis step. A model file stores it so
// that tagging analyses text exactly as training did. The zero value turns
// every step off; DefaultConfig gives the settings measured best on real news.
type Config struct {
	// Character normalisation (Normalizer).
	NFKC             bool `json:"nfkc"`               // Unicode NFKC: folds presentation forms such as ﻻ, ligatures, full-width letters
	StripTashkeel    bool `json:"strip_tashkeel"`     // remove harakat, tanwin, shadda, sukun, superscript alef
	StripTatweel     bool `json:"strip_tatweel"`      // remove the kashida ـ
	UnifyAlef        bool `json:"unify_alef"`         // أ إ آ ٱ → ا
	UnifyAlefMaqsura bool `json:"unify_alef_maqsura"` // ى → ي
	TaaMarbuta       bool `json:"taa_marbuta"`        // ة → ه
	FoldPersian      bool `json:"fold_persian"`       // Persian/Urdu letter variants used in Arabic text: ی → ي, ک → ك
	ASCIIDigits      bool `json:"ascii_digits"`       // Arabic-Indic and Persian digits (and ٫ ٬ ٪) → ASCII
	LowerLatin       bool `json:"lower_latin"`        // lower-case Latin (and other cased) letters

	// Token filters.
	StopWords bool   `json:"stop_words"` // drop function words (the list is stored with the model)
	Stemmer   string `json:"stemmer"`    // "light" (default), "light10" or "none"
	MinRunes  int    `json:"min_runes"`  // drop tokens shorter than this many letters (0: keep all)
	MaxRunes  int    `json:"max_runes"`  // drop tokens longer than this (0: no limit); guards against runaway "words"

	// NGrams is the largest word n-gram: 1 gives single terms, 2 adds pairs of
	// adjacent terms, 3 adds triples.
	NGrams int `json:"ngrams"`
}

// MaxNGrams is the largest n-gram size an analyser builds.
const MaxNGrams = 4

// DefaultConfig returns the analysis settings the shipped model uses. They were
// chosen by measurement on real Arabic news (see README.md, "Defaults").
func DefaultConfig() Config {
	return Config{
		NFKC:             true,
		StripTashkeel:    true,
		StripTatweel:     true,
		UnifyAlef:        true,
		UnifyAlefMaqsura: true,
		TaaMarbuta:       true,
		FoldPersian:      true,
		ASCIIDigits:      true,
		LowerLatin:       true,
		StopWords:        true,
		Stemmer:          StemmerLight,
		MinRunes:         2,
		MaxRunes:         40,
		NGrams:           2,
	}
}

// Stemmer names accepted in Config.Stemmer.
const (
	StemmerNone    = "none"
	StemmerLight10 = "light10"
	StemmerLight   = "light"
)

// Validate reports the first setting that is out of range.
func (c Config) Validate() error {
	switch c.Stemmer {
	case StemmerNone, StemmerLight10, StemmerLight, "":
	default:
		return fmt.Errorf("unknown stemmer %q (want light, light10 or none)", c.Stemmer)
	}
	if c.NGrams < 1 || c.NGrams > MaxNGrams {
		return fmt.Errorf("ngrams must be between 1 and %d, got %d", MaxNGrams, c.NGrams)
	}
	if c.MinRunes < 0 || c.MaxRunes < 0 {
		return errors.New("min_runes and max_runes must not be negative")
	}
	if c.MaxRunes > 0 && c.MinRunes > c.MaxRunes {
		return fmt.Errorf("min_runes (%d) is larger than max_runes (%d)", c.MinRunes, c.MaxRunes)
	}
	return nil
}
