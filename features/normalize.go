package features

import (
	"encoding/binary"
	"slices"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Normalizer is the character filter at the head of the pipeline: it applies
// NFKC and the Arabic orthographic folds chosen in a Config.
//
// NFKC itself comes from golang.org/x/text/unicode/norm. Calling it on every
// text costs about 17 ns a byte (58 MB/s measured on hespress-dev), more than the
// rest of the pipeline together, and almost all news text is already in NFKC.
// So the Normalizer first runs its own quick check, built from x/text's
// per-rune properties: a text whose runes all have no decomposition and never
// combine with a neighbour is already NFKC, and only other texts go through
// x/text. The folds then run in the same pass, from a per-rune table.
//
// A Normalizer is safe for concurrent use.
type Normalizer struct {
	cfg Config
	// low maps each rune below 0x800 (one- and two-byte UTF-8, which covers
	// ASCII, Latin-1 and the whole Arabic block) to its folded form, or to
	// dropRune. Built once per Config.
	low [0x800]rune
	// quickLow marks the runes below 0x800 that the NFKC quick check passes.
	quickLow [0x800]bool
	// two is low for the two-byte runes (0x80 to 0x7FF) as fold's fast
	// path uses it: the folded form's UTF-8 bytes (little-endian, in the
	// low 16 bits), their number in bits 16–17, and flags for the runes it
	// must leave to the general path.
	two [0x800]uint32
}

const (
	twoLenShift = 16
	twoSlow     = 1 << 30 // the folded form is not one or two bytes
	twoNotQuick = 1 << 31 // the rune fails the NFKC quick check
)

const dropRune rune = -1

// NewNormalizer builds the fold tables for cfg.
func NewNormalizer(cfg Config) *Normalizer {
	n := &Normalizer{cfg: cfg}
	for r := rune(0); r < 0x800; r++ {
		n.low[r] = n.foldRune(r)
		n.quickLow[r] = nfkcInert(r) || (cfg.StripTashkeel && isStrippableTashkeel(r))
		if m, ok := nfkcSingleton(r); ok && cfg.NFKC && !n.quickLow[r] {
			// No-break space, above all: one news text in eight has one,
			// and sending it through x/text for that was a third of the cost
			// of normalising a corpus.
			n.low[r], n.quickLow[r] = n.foldRune(m), true
		}
		if r >= 0x80 {
			var e uint32
			switch m := n.low[r]; {
			case m == dropRune:
			case m < utf8.RuneSelf:
				e = uint32(m) | 1<<twoLenShift
			case m < 0x800:
				e = uint32(0xC0|m>>6) | uint32(0x80|m&0x3F)<<8 | 2<<twoLenShift
			default:
				e = twoSlow
			}
			if !n.quickLow[r] {
				e |= twoNotQuick
			}
			n.two[r] = e
		}
	}
	return n
}

// nfkcSingleton reports whether NFKC maps r, wherever it stands, to one
// other NFKC-inert rune m (U+00A0 no-break space to U+0020 space, say): r
// has combining class 0 and never combines with the rune before it, and m
// never combines with anything before it either, so replacing r by m in an
// otherwise inert text is exactly NFKC.
func nfkcSingleton(r rune) (m rune, ok bool) {
	var buf [utf8.UTFMax]byte
	b := buf[:utf8.EncodeRune(buf[:], r)]
	p := norm.NFKC.Properties(b)
	if p.CCC() != 0 || !p.BoundaryBefore() {
		return 0, false
	}
	out := norm.NFKC.Bytes(b)
	m, size := utf8.DecodeRune(out)
	if size != len(out) || m == r || m == utf8.RuneError || !nfkcInert(m) {
		return 0, false
	}
	return m, true
}

// Normalize appends the normalised form of src to dst and returns it.
// Invalid UTF-8 bytes become U+FFFD, which the tokenizer treats as a separator.
func (n *Normalizer) Normalize(dst, src []byte) []byte {
	start := len(dst)
	out, ok := n.fold(dst, src, n.cfg.NFKC)
	if ok {
		return out
	}
	// A rune that NFKC may change: normalise the whole text with x/text, then fold.
	composed := norm.NFKC.Bytes(src)
	out, _ = n.fold(out[:start], composed, false)
	return out
}

// NormalizeString is Normalize for strings, for callers off the hot path.
func (n *Normalizer) NormalizeString(s string) string {
	return string(n.Normalize(nil, []byte(s)))
}

// fold applies the per-rune folds. With checkNFKC set it stops and reports
// false at the first rune that fails the NFKC quick check.
//
// ASCII and the two-byte runes (all of Arabic) take a fast path that
// stores each rune's folded bytes from a table (two) into room made for
// them beforehand, with no branch on what the fold does: on Arabic text,
// where one letter in a dozen changes (ة, ى, the alef forms), copying runs
// of unchanged letters cost more in broken runs than it saved.
func (n *Normalizer) fold(dst, src []byte, checkNFKC bool) ([]byte, bool) {
	lower := n.cfg.LowerLatin
	slow := uint32(twoSlow)
	if checkNFKC {
		slow |= twoNotQuick
	}
	// The fast paths write at most as many bytes as they read, plus one
	// (a two-byte store for a rune that folds to one byte or none).
	j := len(dst)
	dst = slices.Grow(dst, len(src)+1)
	out := dst[:cap(dst)]
	for i := 0; i < len(src); {
		c := src[i]
		if c < utf8.RuneSelf {
			if lower && 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			out[j] = c
			j++
			i++
			continue
		}
		if c >= 0xC2 && c <= 0xDF && i+1 < len(src) && src[i+1]&0xC0 == 0x80 {
			if e := n.two[rune(c&0x1F)<<6|rune(src[i+1]&0x3F)]; e&slow == 0 {
				binary.LittleEndian.PutUint16(out[j:j+2], uint16(e))
				j += int(e >> twoLenShift & 3)
				i += 2
				continue
			}
		}
		// Any other rune, decoded.
		r, size := utf8.DecodeRune(src[i:])
		i += size
		dst = out[:j]
		if r < 0x800 {
			if checkNFKC && !n.quickLow[r] {
				return dst, false
			}
			if m := n.low[r]; m != dropRune {
				dst = utf8.AppendRune(dst, m)
			}
		} else {
			if checkNFKC && !quickHigh(r) {
				return dst, false
			}
			if m := n.foldRune(r); m != dropRune {
				dst = utf8.AppendRune(dst, m)
			}
		}
		// A fold may lengthen a rune: keep room for the rest.
		j = len(dst)
		dst = slices.Grow(dst, len(src)-i+1)
		out = dst[:cap(dst)]
	}
	return out[:j], true
}

// foldRune is the rule table, applied once per rune when the tables are
// built and directly for runes above U+07FF.
func (n *Normalizer) foldRune(r rune) rune {
	c := &n.cfg
	switch {
	case r == utf8.RuneError:
		return r
	case isInvisibleFormat(r):
		return dropRune
	case c.StripTashkeel && isTashkeel(r):
		return dropRune
	case c.StripTatweel && r == 'ـ':
		return dropRune
	case c.UnifyAlef && (r == 'أ' || r == 'إ' || r == 'آ' || r == 'ٱ' || r == 'ٲ' || r == 'ٳ'):
		return 'ا'
	case c.UnifyAlefMaqsura && r == 'ى':
		return 'ي'
	case c.FoldPersian && r == 'ی': // U+06CC Farsi yeh
		if c.UnifyAlefMaqsura {
			return 'ي'
		}
		return 'ى' // Farsi yeh has no dots in final form: its Arabic twin is alef maqsura
	case c.FoldPersian && (r == 'ک' || r == 'ڪ'): // U+06A9 keheh, U+06AA swash kaf
		return 'ك'
	case c.TaaMarbuta && r == 'ة':
		return 'ه'
	case c.ASCIIDigits && r >= '٠' && r <= '٩':
		return '0' + (r - '٠')
	case c.ASCIIDigits && r >= '۰' && r <= '۹':
		return '0' + (r - '۰')
	case c.ASCIIDigits && r == '٫': // Arabic decimal separator
		return '.'
	case c.ASCIIDigits && r == '٬': // Arabic thousands separator
		return ','
	case c.ASCIIDigits && r == '٪':
		return '%'
	case c.LowerLatin && unicode.IsUpper(r):
		return unicode.ToLower(r)
	}
	return r
}

// isTashkeel reports Arabic diacritics: harakat, tanwin, shadda, sukun, the
// extended marks U+0653–U+065F, superscript alef, and the Quranic annotation
// marks.
func isTashkeel(r rune) bool {
	return (r >= 0x064B && r <= 0x065F) || r == 0x0670 ||
		(r >= 0x06D6 && r <= 0x06DC) || (r >= 0x06DF && r <= 0x06E8) || (r >= 0x06EA && r <= 0x06ED)
}

// isStrippableTashkeel reports the diacritics whose removal before NFKC gives
// the same text as removal after it: they never compose with a letter. The
// madda and hamza marks U+0653–U+0655 do compose (ا + ٔ → أ), so text that
// holds them goes through NFKC first.
func isStrippableTashkeel(r rune) bool {
	return isTashkeel(r) && (r < 0x0653 || r > 0x0655)
}

// isInvisibleFormat reports zero-width and bidirectional control characters
// that scraped text carries inside words; they are removed so that they do not
// split a word in two.
func isInvisibleFormat(r rune) bool {
	switch {
	case r == 0x00AD, r == 0x061C, r == 0xFEFF: // soft hyphen, Arabic letter mark, BOM
		return true
	case r >= 0x200B && r <= 0x200F: // zero-width space/joiners, LRM, RLM
		return true
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069: // bidi embeddings and isolates
		return true
	}
	return false
}

// nfkcInert reports whether r passes the NFKC quick check of UAX #15 as a
// starter: NFKC leaves it as it is (NFKC_QC=Yes: precomposed letters such as
// أ and é pass, compatibility characters such as ﻻ do not), its combining
// class is 0, and it never combines with the rune before it. A text made only
// of such runes is already in NFKC; a starter that can take a following mark
// (ا before ٓ) still passes, because the mark itself fails the check.
func nfkcInert(r rune) bool {
	var buf [utf8.UTFMax]byte
	b := buf[:utf8.EncodeRune(buf[:], r)]
	p := norm.NFKC.Properties(b)
	return p.CCC() == 0 && p.BoundaryBefore() && norm.NFKC.IsNormal(b)
}

// The quick-check table for the rest of the Basic Multilingual Plane is built
// lazily, 256 runes at a time (about 20 µs a block, against 6 ms for the whole
// plane): a text touches only a few blocks — general punctuation, Arabic
// presentation forms — and a one-line command should not pay for the rest.
var quickBlocks [256]struct {
	once sync.Once
	bits [4]uint64 // bit r%256 set: rune r is NFKC-inert
}

func quickHigh(r rune) bool {
	if r > 0xFFFF {
		return nfkcInert(r)
	}
	blk := &quickBlocks[r>>8]
	blk.once.Do(func() {
		base := r &^ 0xFF
		for c := rune(0); c < 256; c++ {
			if nfkcInert(base + c) {
				blk.bits[c/64] |= 1 << (c % 64)
			}
		}
	})
	c := r & 0xFF
	return blk.bits[c/64]&(1<<(c%64)) != 0
}
