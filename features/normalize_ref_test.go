package features

import (
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// foldPerRune is the fold loop written plainly: one rune at a time, each
// decoded and looked up in the rune tables. The tests check that fold's
// fast path (the folded bytes of two-byte runes from a table of their own)
// gives the same bytes.
func (n *Normalizer) foldPerRune(dst, src []byte, checkNFKC bool) ([]byte, bool) {
	lower := n.cfg.LowerLatin
	for i := 0; i < len(src); {
		c := src[i]
		if c < utf8.RuneSelf {
			if lower && 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			i++
			continue
		}
		var (
			r    rune
			size int
		)
		// Two-byte runes (all of Arabic) decoded inline: a call per rune
		// would cost as much as the rest of the loop.
		if c&0xE0 == 0xC0 && c >= 0xC2 && i+1 < len(src) && src[i+1]&0xC0 == 0x80 {
			r, size = rune(c&0x1F)<<6|rune(src[i+1]&0x3F), 2
		} else {
			r, size = utf8.DecodeRune(src[i:])
		}
		i += size
		if r < 0x800 {
			if checkNFKC && !n.quickLow[r] {
				return dst, false
			}
			switch m := n.low[r]; {
			case m == dropRune:
			case m < utf8.RuneSelf:
				dst = append(dst, byte(m))
			case m < 0x800:
				dst = append(dst, 0xC0|byte(m>>6), 0x80|byte(m)&0x3F)
			default:
				dst = utf8.AppendRune(dst, m)
			}
			continue
		}
		if checkNFKC && !quickHigh(r) {
			return dst, false
		}
		if m := n.foldRune(r); m != dropRune {
			dst = utf8.AppendRune(dst, m)
		}
	}
	return dst, true
}

// normalizePerRune is Normalize with foldPerRune.
func (n *Normalizer) normalizePerRune(src []byte) []byte {
	out, ok := n.foldPerRune(nil, src, n.cfg.NFKC)
	if ok {
		return out
	}
	out, _ = n.foldPerRune(nil, norm.NFKC.Bytes(src), false)
	return out
}

// referenceConfigs are the settings the fold tests run under: the default,
// none of the folds, and NFKC alone.
var referenceConfigs = []Config{DefaultConfig(), {}, {NFKC: true}, {LowerLatin: true, StripTatweel: true}}

func TestFoldMatchesPerRune(t *testing.T) {
	inputs := []string{"", "المغرب يفوز", "ABC déjà Vu", "أإآ ىة ـــ", "جداً، \u00a0«نعم»", "ﻻ ١٢٫٥٪", "a\xffb\xc2", "\xdf", "Ⅻ e\u0301"}
	for r := rune(0x80); r < 0x800; r++ {
		inputs = append(inputs, "ب"+string(r)+"ت A")
	}
	for _, cfg := range referenceConfigs {
		n := NewNormalizer(cfg)
		for _, in := range inputs {
			if got, want := n.Normalize(nil, []byte(in)), n.normalizePerRune([]byte(in)); string(got) != string(want) {
				t.Fatalf("%+v: Normalize(%q) = %q, per rune %q", cfg, in, got, want)
			}
		}
	}
}

func FuzzFoldMatchesPerRune(f *testing.F) {
	for _, s := range []string{"المغرب\u00a0يفوز", "ABC", "أإآ ىة ـ", "\xff\xc2", "ﻻ"} {
		f.Add(s)
	}
	normalizers := make([]*Normalizer, len(referenceConfigs))
	for i, cfg := range referenceConfigs {
		normalizers[i] = NewNormalizer(cfg)
	}
	f.Fuzz(func(t *testing.T, in string) {
		for _, n := range normalizers {
			if got, want := n.Normalize(nil, []byte(in)), n.normalizePerRune([]byte(in)); string(got) != string(want) {
				t.Fatalf("%+v: Normalize(%q) = %q, per rune %q", n.cfg, in, got, want)
			}
		}
	})
}
