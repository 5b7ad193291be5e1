package corpus

import (
	"strings"
	"testing"
)

func TestJSONL(t *testing.T) {
	tests := []struct {
		name  string
		opt   Options
		input string
		want  []step
	}{
		{
			name:  "all fields",
			input: `{"id": "a1", "title": "عنوان", "text": "نص الخبر", "label": "sports", "kind": "headline"}` + "\n",
			want:  []step{rec(1, "نص الخبر", "id=a1", "title=عنوان", "label=sports")},
		},
		{
			name:  "text only, no final newline",
			input: `{"text": "one"}` + "\n" + `{"text": "two"}`,
			want:  []step{rec(1, "one"), rec(2, "two")},
		},
		{
			name:  "blank lines skipped, line numbers kept",
			input: "\n   \n\t\r\n" + `{"text": "x"}` + "\n\n" + `{"text": "y"}` + "\n\n",
			want:  []step{rec(4, "x"), rec(6, "y")},
		},
		{
			name:  "BOM and CRLF",
			input: "\ufeff" + `{"text": "a"}` + "\r\n" + `{"text": "b"}` + "\r\n",
			want:  []step{rec(1, "a"), rec(2, "b")},
		},
		{
			name:  "numeric ids keep their JSON text",
			input: `{"id": 42, "text": "a"}` + "\n" + `{"id": -1.50e+3, "text": "b"}` + "\n" + `{"id": null, "text": "c"}` + "\n",
			want:  []step{rec(1, "a", "id=42"), rec(2, "b", "id=-1.50e+3"), rec(3, "c")},
		},
		{
			name:  "escapes",
			input: `{"text": "a\"b\\c\/d\n\te\u00e9\u0627 \ud83d\ude00", "title": "\u0041"}` + "\n",
			want:  []step{rec(1, "a\"b\\c/d\n\teéا 😀", "title=A")},
		},
		{
			name:  "escaped keys are matched",
			input: `{"te\u0078t": "x"}` + "\n",
			want:  []step{rec(1, "x")},
		},
		{
			name:  "null title, label trimmed",
			input: `{"text": "x", "title": null, "label": " politics "}` + "\n",
			want:  []step{rec(1, "x", "label=politics")},
		},
		{
			name: "wrong types and missing fields",
			input: strings.Join([]string{
				`{"title": "no text"}`,
				`{"text": 12}`,
				`{"text": null}`,
				`{"text": ["a"]}`,
				`{"text": "x", "title": 3}`,
				`{"text": "x", "label": true}`,
				`{"text": "x", "id": {"a": 1}}`,
				`{"text": "x", "label": {}}`,
				`{"text": "ok"}`,
			}, "\n"),
			want: []step{
				recErr(`in.jsonl:1: missing field "text"`),
				recErr(`in.jsonl:2: field "text" is a number, want a string`),
				recErr(`in.jsonl:3: field "text" is null, want a string`),
				recErr(`in.jsonl:4: field "text" is an array, want a string`),
				recErr(`in.jsonl:5: field "title" is a number, want a string`),
				recErr(`in.jsonl:6: field "label" is a boolean, want a string`),
				recErr(`in.jsonl:7: field "id" is an object, want a string or a number`),
				recErr(`in.jsonl:8: field "label" is an object, want a string`),
				rec(9, "ok"),
			},
		},
		{
			name: "invalid JSON, then go on",
			input: strings.Join([]string{
				`{"text": "a"}`,
				`{"text": "b"`,
				`not json`,
				`[{"text": "c"}]`,
				`"text"`,
				`{"text": "d"} trailing`,
				`{"text": "e"}`,
			}, "\n"),
			want: []step{
				rec(1, "a"),
				recErr(`in.jsonl:2: invalid JSON: cannot parse object: unexpected end of object`),
				recErr(`in.jsonl:3: invalid JSON: `),
				recErr(`in.jsonl:4: invalid record: an array, want a JSON object`),
				recErr(`in.jsonl:5: invalid record: a string, want a JSON object`),
				recErr(`in.jsonl:6: invalid JSON: unexpected tail`),
				rec(7, "e"),
			},
		},
		{
			name: "invalid UTF-8 and bad escapes",
			input: strings.Join([]string{
				"{\"text\": \"ab\xffcd\"}",
				"{\"text\": \"\xd8\"}",
				`{"text": "\ud800"}`,
				`{"text": "\udc00x"}`,
				`{"text": "\ud800\u0041"}`,
				`{"text": "\ud800\ud800"}`,
				`{"text": "x", "title": "\ud83d"}`,
				`{"text": "\x41"}`,
				`{"text": "\u12"}`,
				`{"text": "\uzzzz"}`,
				`{"text": "fine"}`,
			}, "\n"),
			want: []step{
				recErr(`in.jsonl:1: invalid UTF-8 at byte 13`),
				recErr(`in.jsonl:2: invalid UTF-8 at byte 11`),
				recErr(`in.jsonl:3: field "text": invalid UTF-8: unpaired UTF-16 surrogate \ud800`),
				recErr(`in.jsonl:4: field "text": invalid UTF-8: unpaired UTF-16 surrogate \udc00`),
				recErr(`in.jsonl:5: field "text": invalid UTF-8: unpaired UTF-16 surrogate \ud800`),
				recErr(`in.jsonl:6: field "text": invalid UTF-8: unpaired UTF-16 surrogate \ud800`),
				recErr(`in.jsonl:7: field "title": invalid UTF-8: unpaired UTF-16 surrogate \ud83d`),
				recErr(`in.jsonl:8: field "text": invalid escape "\\x"`),
				recErr(`in.jsonl:9: field "text": invalid escape "\\u12"`),
				recErr(`in.jsonl:10: field "text": invalid escape "\\uzzzz"`),
				rec(11, "fine"),
			},
		},
		{
			name:  "invalid numbers as ids",
			input: `{"id": NaN, "text": "a"}` + "\n" + `{"id": 01, "text": "b"}` + "\n" + `{"id": 7, "text": "c"}` + "\n",
			want: []step{
				recErr(`in.jsonl:1: field "id": invalid JSON number "NaN"`),
				recErr(`in.jsonl:2: field "id": invalid JSON number "01"`),
				rec(3, "c", "id=7"),
			},
		},
		{
			name: "labels required",
			opt:  Options{RequireLabel: true},
			input: strings.Join([]string{
				`{"text": "a", "label": "sports"}`,
				`{"text": "b"}`,
				`{"text": "c", "label": null}`,
				`{"text": "d", "label": ""}`,
				`{"text": "e", "label": "  "}`,
				`{"text": "f", "label": 3}`,
				`{"text": "g", "label": "weather"}`,
			}, "\n"),
			want: []step{
				rec(1, "a", "label=sports"),
				recErr(`in.jsonl:2: missing field "label"`),
				recErr(`in.jsonl:3: missing field "label"`),
				recErr(`in.jsonl:4: missing field "label"`),
				recErr(`in.jsonl:5: missing field "label"`),
				recErr(`in.jsonl:6: field "label" is a number, want a string`),
				rec(7, "g", "label=weather"),
			},
		},
		{
			name:  "custom fields, title disabled",
			opt:   Options{TextField: "body", TitleField: "-", LabelField: "topic", IDField: "uid"},
			input: `{"uid": "u", "title": "ignored", "body": "b", "topic": "t", "text": "not this"}` + "\n" + `{"text": "x"}` + "\n",
			want: []step{
				rec(1, "b", "id=u", "label=t"),
				recErr(`in.jsonl:2: missing field "body"`),
			},
		},
		{
			name:  "custom title field",
			opt:   Options{TitleField: "headline"},
			input: `{"headline": "h", "title": "not this", "text": "b"}` + "\n",
			want:  []step{rec(1, "b", "title=h")},
		},
		{
			name:  "same field for text and title",
			opt:   Options{TitleField: "text"},
			input: `{"text": "\u0627\n"}` + "\n",
			want:  []step{rec(1, "ا\n", "title=ا\n")},
		},
		{
			name: "long lines skipped",
			opt:  Options{MaxLineBytes: 20},
			input: strings.Join([]string{
				`{"text": "short"}`,
				`{"text": "a line longer than twenty bytes"}`,
				`{"text": "12345678"}` + "\r", // 20 bytes before "\r\n"
				`{"text": "123456789"}`,
				`{"text": "end"}`,
			}, "\n"),
			want: []step{
				rec(1, "short"),
				recErr(`in.jsonl:2: line longer than 20 bytes (skipped)`),
				rec(3, "12345678"),
				recErr(`in.jsonl:4: line longer than 20 bytes (skipped)`),
				rec(5, "end"),
			},
		},
		{
			name:  "empty input",
			input: "",
			want:  nil,
		},
		{
			name:  "only a BOM",
			input: "\ufeff",
			want:  nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := tt.opt
			opt.Format = JSONL
			got, err := readString(t, "in.jsonl", tt.input, opt)
			if err != nil {
				t.Fatal(err)
			}
			checkSteps(t, got, tt.want, "in.jsonl")
		})
	}
}

func TestUnquoteJSON(t *testing.T) {
	for _, in := range []string{"", "abc", `\"`, `a\\b`, `\u0000`, `\ud83d\ude00x`, `\uffff`, `\u00E9\u00e9`} {
		got, err := unquoteJSON([]byte(in))
		if err != nil {
			t.Errorf("unquoteJSON(%q): %v", in, err)
			continue
		}
		want := strings.NewReplacer(`\"`, `"`, `\\`, `\`, `\u0000`, "\x00", `\ud83d\ude00`, "😀", `\uffff`, "\uffff", `\u00E9`, "é", `\u00e9`, "é").Replace(in)
		if got != want {
			t.Errorf("unquoteJSON(%q) = %q, want %q", in, got, want)
		}
	}
	for _, in := range []string{`\`, `a\`, `\u`, `\u123`, `\ud800`, `\ud800\`, `\ud800\u`, `\ud800\udbff`, `\q`, "\\\u0627"} {
		if got, err := unquoteJSON([]byte(in)); err == nil {
			t.Errorf("unquoteJSON(%q) = %q, want an error", in, got)
		}
	}
}

func TestIsJSONNumber(t *testing.T) {
	for _, s := range []string{"0", "-0", "7", "-12", "1.5", "0.25", "1e3", "1E+3", "-2.5e-10"} {
		if !isJSONNumber([]byte(s)) {
			t.Errorf("isJSONNumber(%q) = false", s)
		}
	}
	for _, s := range []string{"", "-", "01", "+1", "1.", ".5", "1e", "1e+", "NaN", "Inf", "-inf", "0x10", "1_000"} {
		if isJSONNumber([]byte(s)) {
			t.Errorf("isJSONNumber(%q) = true", s)
		}
	}
}
