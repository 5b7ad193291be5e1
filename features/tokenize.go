package features

import (
	"encoding/binary"
	"unicode"
	"unicode/utf8"
)

// TokenKind says what a token is made of.
type TokenKind uint8

const (
	// Arabic is a word in Arabic script.
	Arabic TokenKind = iota + 1
	// Latin is a word in another script, Latin mostly (French and English in
	// Moroccan news), possibly with digits inside ("cop22", "4g").
	Latin
	// Number is a run of digits, with decimal or thousands separators kept
	// when digits follow them ("3.5", "0,8", "10.000").
	Number
)

func (k TokenKind) String() string {
	switch k {
	case Arabic:
		return "arabic"
	case Latin:
		return "latin"
	case Number:
		return "number"
	}
	return "unknown"
}

// Token is one word of a normalised text: its term is text[Start:End].
// Token filters may narrow the range (a light stemmer only ever strips
// affixes) but never widen it, so no filter allocates. A Token holds no
// pointer, which keeps the garbage collector's write barriers out of the
// tokenizer's inner loop.
type Token struct {
	Start, End int32
	Kind       TokenKind
}

// Term returns the token's bytes in text.
func (t Token) Term(text []byte) []byte { return text[t.Start:t.End:t.End] }

// Tokenizer splits a normalised text into tokens, appending them to dst.
type Tokenizer interface {
	Tokenize(text []byte, dst []Token) []Token
}

// WordTokenizer is the tokenizer for Arabic news text. A token is a maximal
// run of letters of one script, or of digits. Everything else separates
// tokens: spaces, all punctuation (، ؛ ؟ « » " ' ( ) [ ] - _ / …), emoji and
// invalid bytes. In particular:
//
//   - a full stop between two words splits them: scraped pages glue
//     paragraphs as "الحادث.واستمع", which is two words;
//   - a full stop, comma, ٫ or ٬ between two digits stays inside the number
//     ("3.5", "0,8");
//   - Arabic letters and digits do not mix: "ب70" is "ب" and "70", and
//     "كوفيد19" is "كوفيد" and "19";
//   - Latin letters and digits do mix ("cop22", "4g", "mp3"), as in the
//     French and English acronyms of Moroccan news;
//   - an Arabic word next to a Latin one splits ("الـbac" → "ال", "bac").
//
// Combining marks that normalisation kept (when tashkeel is not stripped)
// stay with their letter.
//
// WordTokenizer is the measured choice among prose v2/v3, bleve's Unicode
// tokenizer and strings.Fields: see README.md, "Tokeniser".
type WordTokenizer struct{}

// charClass classifies a rune for the tokenizer.
type charClass uint8

const (
	classSep charClass = iota
	classArabic
	classLetter // a letter of another script
	classDigit
	classMark   // a combining mark: continues the current token
	classNumSep // . , ٫ ٬ : inside a number when digits surround it
)

// lowClass classifies the runes below 0x800 once; higher runes ask package unicode.
var lowClass = func() (t [0x800]charClass) {
	for r := rune(0); r < 0x800; r++ {
		t[r] = classifySlow(r)
	}
	return t
}()

// arabicPair marks the byte pairs that are one two-byte rune of class
// classArabic, indexed by the pair read as a big-endian uint16: the inner
// loop of Tokenize, over the letters of an Arabic word, then costs one
// load and one table test a letter instead of checking the UTF-8 form and
// decoding first. The letters' pairs (0xD8xx, 0xD9xx) share a few cache
// lines of its 64 KB.
var arabicPair [1 << 16]bool

func init() {
	for c := 0xC2; c <= 0xDF; c++ {
		for d := 0x80; d <= 0xBF; d++ {
			arabicPair[c<<8|d] = lowClass[rune(c&0x1F)<<6|rune(d&0x3F)] == classArabic
		}
	}
}

func classifySlow(r rune) charClass {
	switch {
	case r == '.' || r == ',' || r == '٫' || r == '٬':
		return classNumSep
	case r >= '0' && r <= '9':
		return classDigit
	case r < utf8.RuneSelf:
		if ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') {
			return classLetter
		}
		return classSep
	case r == utf8.RuneError:
		return classSep
	case unicode.IsDigit(r):
		return classDigit
	case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r):
		return classMark
	case r == 'ـ': // tatweel is a letter of the Common script in Unicode; keep it inside Arabic words
		return classArabic
	case unicode.IsLetter(r):
		if unicode.Is(unicode.Arabic, r) {
			return classArabic
		}
		return classLetter
	}
	return classSep
}

// maxTextBytes bounds the text one Tokenize call reads (offsets are int32);
// the analyser never passes more (see maxAnalyzedBytes).
const maxTextBytes = 1<<31 - 1

func classify(r rune) charClass {
	if r < 0x800 {
		return lowClass[r]
	}
	return classifySlow(r)
}

// Tokenize implements Tokenizer.
func (WordTokenizer) Tokenize(text []byte, dst []Token) []Token {
	var (
		start   = -1 // start of the current token, -1 when outside one
		kind    TokenKind
		prevEnd int // end of the last rune added to the current token
	)
	emit := func(end int) {
		if start >= 0 {
			dst = append(dst, Token{Start: int32(start), End: int32(end), Kind: kind})
			start = -1
		}
	}
	if len(text) > maxTextBytes {
		text = text[:maxTextBytes]
	}
	for i := 0; i < len(text); {
		var (
			cls  charClass
			size = 1
		)
		// Decode inline: ASCII and the two-byte runes (all of Arabic) are
		// nearly every rune, and a call per rune costs as much as the rest.
		if c := text[i]; c < utf8.RuneSelf {
			cls = lowClass[c]
		} else if c&0xE0 == 0xC0 && c >= 0xC2 && i+1 < len(text) && text[i+1]&0xC0 == 0x80 {
			cls, size = lowClass[rune(c&0x1F)<<6|rune(text[i+1]&0x3F)], 2
		} else {
			var r rune
			r, size = utf8.DecodeRune(text[i:])
			cls = classify(r)
		}
		switch cls {
		case classArabic:
			if start >= 0 && kind != Arabic {
				emit(prevEnd)
			}
			if start < 0 {
				start, kind = i, Arabic
			}
			// The rest of an Arabic word in one tight loop: most of a
			// text's bytes are two-byte Arabic letters.
			for j := i + size; j+1 < len(text) && arabicPair[binary.BigEndian.Uint16(text[j:j+2])]; j += 2 {
				size += 2
			}
		case classLetter:
			if start >= 0 && kind == Arabic {
				emit(prevEnd)
			}
			if start < 0 {
				start, kind = i, Latin
			} else if kind == Number {
				kind = Latin // "4g", "100km"
			}
		case classDigit:
			if start >= 0 && kind == Arabic {
				emit(prevEnd)
			}
			if start < 0 {
				start, kind = i, Number
			}
		case classMark:
			// A mark continues the token it follows (prevEnd moves on
			// below); with no token before it, it carries nothing.
		case classNumSep:
			// Inside a number only when a digit follows: "3.5" stays whole,
			// "2026." and "الحادث.واستمع" split.
			inNumber := start >= 0 && kind == Number && i+size < len(text) && isASCIIDigitOrDigit(text[i+size:])
			if !inNumber {
				emit(prevEnd)
			}
		default:
			emit(prevEnd)
		}
		i += size
		if start >= 0 {
			prevEnd = i
		}
	}
	emit(prevEnd)
	return dst
}

func isASCIIDigitOrDigit(b []byte) bool {
	if c := b[0]; c < utf8.RuneSelf {
		return '0' <= c && c <= '9'
	}
	r, _ := utf8.DecodeRune(b)
	return classify(r) == classDigit
}
