package models

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"
)

func BenchmarkScratchTag(b *testing.B) {
	m, err := Load("/tmp/w/cur3.tasnif")
	if err != nil {
		b.Fatal(err)
	}
	f, _ := os.Open("/work/shared/data/hespress-dev/hespress-dev.jsonl")
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	type rec struct{ Title, Text string }
	var recs []rec
	var size int64
	for sc.Scan() {
		var r rec
		json.Unmarshal(sc.Bytes(), &r)
		recs = append(recs, r)
		size += int64(len(r.Title) + len(r.Text))
	}
	t := m.NewTagger()
	b.SetBytes(size)
	for b.Loop() {
		for _, r := range recs {
			t.TagTitled(r.Title, r.Text, 1)
		}
	}
	b.ReportMetric(float64(len(recs))*float64(b.N)/b.Elapsed().Seconds(), "docs/s")
}

func BenchmarkScratchTagCold(b *testing.B) {
	m, err := Load("/tmp/w/cur3.tasnif")
	if err != nil {
		b.Fatal(err)
	}
	f, _ := os.Open("/work/shared/data/hespress-dev/hespress-dev.jsonl")
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	type rec struct{ Title, Text string }
	var recs []rec
	var size int64
	for sc.Scan() {
		var r rec
		json.Unmarshal(sc.Bytes(), &r)
		recs = append(recs, r)
		size += int64(len(r.Title) + len(r.Text))
	}
	recs = recs[:len(recs)/2] // one worker's share
	b.SetBytes(size / 2)
	for b.Loop() {
		t := m.NewTagger()
		for _, r := range recs {
			t.TagTitled(r.Title, r.Text, 1)
		}
	}
	b.ReportMetric(float64(len(recs))*float64(b.N)/b.Elapsed().Seconds(), "docs/s")
}
