package classify

import (
	"math"
	"testing"
)

// allFiniteOneByOne is the plain definition allFinite must agree with.
func allFiniteOneByOne(w []float32) bool {
	for _, x := range w {
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return false
		}
	}
	return true
}

func TestAllFinite(t *testing.T) {
	bad := []float32{float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN()), math.Float32frombits(0x7F800001), math.Float32frombits(0xFFFFFFFF)}
	good := []float32{0, float32(math.Copysign(0, -1)), 1, -1, math.MaxFloat32, -math.MaxFloat32, math.SmallestNonzeroFloat32, math.Float32frombits(0x7F7FFFFF), math.Float32frombits(0x00800000), math.Float32frombits(0x807FFFFF)}
	for n := 0; n <= 19; n++ { // every position in and past the 8-value blocks
		w := make([]float32, n)
		for i := range w {
			w[i] = good[i%len(good)]
		}
		if !allFinite(w) {
			t.Fatalf("n=%d: finite values reported not finite", n)
		}
		for i := range n {
			for _, b := range bad {
				old := w[i]
				w[i] = b
				if allFinite(w) {
					t.Fatalf("n=%d: %v at %d not found", n, b, i)
				}
				w[i] = old
			}
		}
	}
}

func FuzzAllFinite(f *testing.F) {
	f.Add([]byte{0, 0, 0x80, 0x7F, 1, 2, 3, 4})
	f.Fuzz(func(t *testing.T, data []byte) {
		w := make([]float32, len(data)/4)
		for i := range w {
			w[i] = math.Float32frombits(uint32(data[4*i]) | uint32(data[4*i+1])<<8 | uint32(data[4*i+2])<<16 | uint32(data[4*i+3])<<24)
		}
		if got, want := allFinite(w), allFiniteOneByOne(w); got != want {
			t.Fatalf("allFinite(%v) = %v, want %v", w, got, want)
		}
	})
}

// allFiniteBits is the test allFinite replaced: the exponent bits of one
// value at a time.
func allFiniteBits(w []float32) bool {
	for _, x := range w {
		if math.Float32bits(x)&0x7F800000 == 0x7F800000 {
			return false
		}
	}
	return true
}

// BenchmarkAllFinite checks a big model's weights (318,000 features × 13
// labels), against testing them one by one.
func BenchmarkAllFinite(b *testing.B) {
	w := make([]float32, 318000*13)
	for i := range w {
		w[i] = float32(i%1000) - 500.5
	}
	for _, bc := range []struct {
		name string
		fn   func([]float32) bool
	}{{"pairs", allFinite}, {"one-by-one", allFiniteBits}} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(4 * len(w)))
			for b.Loop() {
				if !bc.fn(w) {
					b.Fatal("not finite")
				}
			}
		})
	}
}
