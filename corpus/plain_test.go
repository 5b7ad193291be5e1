package corpus

import (
	"strings"
	"testing"
)

func TestFastText(t *testing.T) {
	tests := []struct {
		name  string
		opt   Options
		input string
		want  []step
	}{
		{
			name:  "labels and text",
			input: "__label__sports الوداد يفوز\n__label__politics\t نص  آخر \r\n",
			want:  []step{rec(1, "الوداد يفوز", "label=sports"), rec(2, "نص  آخر", "label=politics")},
		},
		{
			name:  "only the first label counts",
			input: "__label__a __label__b  __label__c text __label__d\n",
			want:  []step{rec(1, "text __label__d", "label=a")},
		},
		{
			name:  "empty and blank lines skipped",
			input: "\n  \n__label__a x\n\t\n__label__b y",
			want:  []step{rec(3, "x", "label=a"), rec(5, "y", "label=b")},
		},
		{
			name:  "a label without text",
			input: "__label__a\n",
			want:  []step{rec(1, "", "label=a")},
		},
		{
			name:  "no label: the whole line is the text",
			input: "just text here \n__label__x labelled\n",
			want:  []step{rec(1, "just text here"), rec(2, "labelled", "label=x")},
		},
		{
			name:  "no label when labels are required",
			opt:   Options{RequireLabel: true},
			input: "__label__a x\nno label\n__labelX__ y\n__label__b z\n",
			want: []step{
				rec(1, "x", "label=a"),
				recErr(`in.ft:2: no label (want "__label__name text")`),
				recErr(`in.ft:3: no label`),
				rec(4, "z", "label=b"),
			},
		},
		{
			name:  "empty label",
			input: "__label__ text\n__label__a ok\n",
			want: []step{
				recErr(`in.ft:1: empty label "__label__"`),
				rec(2, "ok", "label=a"),
			},
		},
		{
			name:  "BOM, invalid UTF-8, long lines",
			opt:   Options{MaxLineBytes: 20},
			input: "\ufeff__label__a x\n__label__b \xfe\n__label__c far too long a line\n__label__d y\n",
			want: []step{
				rec(1, "x", "label=a"),
				recErr("in.ft:2: invalid UTF-8 at byte 12"),
				recErr("in.ft:3: line longer than 20 bytes (skipped)"),
				rec(4, "y", "label=d"),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := tt.opt
			opt.Format = FastText
			got, err := readString(t, "in.ft", tt.input, opt)
			if err != nil {
				t.Fatal(err)
			}
			checkSteps(t, got, tt.want, "in.ft")
		})
	}
}

func TestLines(t *testing.T) {
	tests := []struct {
		name  string
		opt   Options
		input string
		want  []step
	}{
		{
			name:  "every line, empty ones too",
			input: "one\n\n  three  \n\n",
			want:  []step{rec(1, "one"), rec(2, ""), rec(3, "  three  "), rec(4, "")},
		},
		{
			name:  "CRLF, BOM, no final newline",
			input: "\ufeffa\r\nb\r\n\r\nc",
			want:  []step{rec(1, "a"), rec(2, "b"), rec(3, ""), rec(4, "c")},
		},
		{
			name:  "a lone CR is text",
			input: "a\rb\n",
			want:  []step{rec(1, "a\rb")},
		},
		{
			name:  "bad lines keep their place",
			opt:   Options{MaxLineBytes: 10},
			input: "ok\n\xc3\x28 bad\nthis line is too long\nخبر\n",
			want: []step{
				rec(1, "ok"),
				recErr("in.txt:2: invalid UTF-8 at byte 1"),
				recErr("in.txt:3: line longer than 10 bytes (skipped)"),
				rec(4, "خبر"),
			},
		},
		{
			name:  "a line of exactly MaxLineBytes",
			opt:   Options{MaxLineBytes: 3},
			input: "abc\r\nabcd\nab",
			want:  []step{rec(1, "abc"), recErr("in.txt:2: line longer than 3 bytes"), rec(3, "ab")},
		},
		{
			name:  "empty input",
			input: "",
		},
		{
			name:  "one newline",
			input: "\n",
			want:  []step{rec(1, "")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := tt.opt
			opt.Format = Lines
			got, err := readString(t, "in.txt", tt.input, opt)
			if err != nil {
				t.Fatal(err)
			}
			checkSteps(t, got, tt.want, "in.txt")
		})
	}
}

func TestUnlabelledFormatsRejectRequireLabel(t *testing.T) {
	for _, f := range []Format{Lines, Page} {
		_, err := NewReader(strings.NewReader("x\n"), "in", Options{Format: f, RequireLabel: true})
		if err == nil || !strings.Contains(err.Error(), "has no labels") {
			t.Errorf("%s with RequireLabel: error = %v, want one saying it has no labels", f, err)
		}
	}
}
