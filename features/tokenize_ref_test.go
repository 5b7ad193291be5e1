package features

import (
	"slices"
	"testing"
	"unicode/utf8"
)

// tokenizePerRune is WordTokenizer.Tokenize written plainly: every rune
// decoded and classified on its own, with no inner loop over the letters
// of an Arabic word. The tests check that Tokenize gives the same tokens.
func tokenizePerRune(text []byte) []Token {
	var (
		dst     []Token
		start   = -1
		kind    TokenKind
		prevEnd int
	)
	emit := func(end int) {
		if start >= 0 {
			dst = append(dst, Token{Start: int32(start), End: int32(end), Kind: kind})
			start = -1
		}
	}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRune(text[i:])
		cls := classify(r)
		if r == utf8.RuneError && size == 1 {
			cls = classSep
		}
		switch cls {
		case classArabic:
			if start >= 0 && kind != Arabic {
				emit(prevEnd)
			}
			if start < 0 {
				start, kind = i, Arabic
			}
		case classLetter:
			if start >= 0 && kind == Arabic {
				emit(prevEnd)
			}
			if start < 0 {
				start, kind = i, Latin
			} else if kind == Number {
				kind = Latin
			}
		case classDigit:
			if start >= 0 && kind == Arabic {
				emit(prevEnd)
			}
			if start < 0 {
				start, kind = i, Number
			}
		case classMark:
		case classNumSep:
			if !(start >= 0 && kind == Number && i+size < len(text) && isASCIIDigitOrDigit(text[i+size:])) {
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

func TestTokenizeMatchesPerRune(t *testing.T) {
	for _, s := range tokenizeSeeds {
		if got, want := (WordTokenizer{}).Tokenize([]byte(s), nil), tokenizePerRune([]byte(s)); !slices.Equal(got, want) {
			t.Errorf("Tokenize(%q) = %v, per rune %v", s, got, want)
		}
	}
}

var tokenizeSeeds = []string{
	"", "المغرب يفوز على مصر 2-1", "الحادث.واستمع", "3.5 و٣٫٥ و100km", "ب70.4 l'économie",
	"مَدْرَسَةٌ", "ـالمغربـ", "\xd8\xa7\xd8", "\xd8\xa7\xff\xd8\xa8", "ابجد\u200cهوز", "ﻻ ۱۲ ڤ", "a\u0301b",
}

func FuzzTokenizeMatchesPerRune(f *testing.F) {
	for _, s := range tokenizeSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := (WordTokenizer{}).Tokenize([]byte(s), nil), tokenizePerRune([]byte(s)); !slices.Equal(got, want) {
			t.Fatalf("Tokenize(%q) = %v, per rune %v", s, got, want)
		}
	})
}
