package corpus

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadAll(t *testing.T) {
	// The same 60 stories in three formats, each detected from its extension.
	paths := []string{"../testdata/examples/stories.jsonl", "../testdata/examples/stories.csv", "../testdata/examples/stories.tsv"}
	recs, err := ReadAll(paths, Options{RequireLabel: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 180 {
		t.Fatalf("%d records, want 180", len(recs))
	}
	for i := range 60 {
		a, b, c := recs[i], recs[60+i], recs[120+i]
		if a.ID != b.ID || a.ID != c.ID || a.Text != b.Text || a.Text != c.Text || a.Label != c.Label {
			t.Fatalf("record %d differs across formats: %+v / %+v / %+v", i, a, b, c)
		}
	}
	// A bad record stops it, naming file and line.
	bad := filepath.Join(t.TempDir(), "bad.jsonl")
	os.WriteFile(bad, []byte("{\"text\": \"a\", \"label\": \"x\"}\n{\"text\": 3}\n"), 0o644)
	if _, err := ReadAll([]string{bad}, Options{RequireLabel: true}); err == nil || !strings.Contains(err.Error(), "bad.jsonl:2") {
		t.Errorf("error %v, want one naming bad.jsonl:2", err)
	}
}
