package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkColdTagOneHeadline measures what a user waits for when tagging
// one headline: a whole tasnif process, loading the embedded model cold,
// tagging one line and exiting (issue 3: under 100 ms). The binary is built
// once, outside the timing.
func BenchmarkColdTagOneHeadline(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "tasnif")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	for b.Loop() {
		cmd := exec.Command(bin, "tag")
		cmd.Stdin = strings.NewReader("الدرك الملكي يحجز مخدرات بالجديدة\n")
		out, err := cmd.Output()
		if err != nil || !strings.Contains(string(out), `"label":"security"`) {
			b.Fatalf("tag: %v: %s", err, out)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/process")
}
