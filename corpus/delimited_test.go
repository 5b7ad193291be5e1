package corpus

import (
	"strings"
	"testing"
)

func TestCSV(t *testing.T) {
	tests := []struct {
		name  string
		opt   Options
		input string
		want  []step
	}{
		{
			name:  "all columns, any order",
			input: "label,text,id,title,extra\nsports,نص,a1,عنوان,x\n",
			want:  []step{rec(2, "نص", "id=a1", "title=عنوان", "label=sports")},
		},
		{
			name:  "text only, no final newline",
			input: "text\none\ntwo",
			want:  []step{rec(2, "one"), rec(3, "two")},
		},
		{
			name:  "quoted fields with commas, quotes and newlines",
			input: "id,text\n1,\"a, b\"\n2,\"he said \"\"hi\"\"\nand left\"\n3,c\n",
			want: []step{
				rec(2, "a, b", "id=1"),
				rec(3, "he said \"hi\"\nand left", "id=2"),
				rec(5, "c", "id=3"),
			},
		},
		{
			name:  "BOM, CRLF, spaces around header names, empty lines",
			input: "\ufeff id , text \r\n\r\n1,a\r\n\r\n2,b\r\n",
			want:  []step{rec(3, "a", "id=1"), rec(5, "b", "id=2")},
		},
		{
			name: "wrong field counts, then go on",
			input: "id,text,label\n" +
				"1,a,x\n" +
				"2,b\n" +
				"3,c,x,extra\n" +
				"4,d,y\n",
			want: []step{
				rec(2, "a", "id=1", "label=x"),
				recErr("in.csv:3: 2 fields, but the header has 3"),
				recErr("in.csv:4: 4 fields, but the header has 3"),
				rec(5, "d", "id=4", "label=y"),
			},
		},
		{
			name: "bad quoting is strict, then go on",
			input: "id,text\n" +
				"1,a \"quoted\" word\n" +
				"2,\"closed\"junk\n" +
				"3,fine\n",
			want: []step{
				recErr(`in.csv:2: bare " in non-quoted-field (byte 5)`),
				recErr(`in.csv:3: extraneous or missing " in quoted-field (byte 10)`),
				rec(4, "fine", "id=3"),
			},
		},
		{
			name:  "unterminated quote swallows the rest",
			input: "id,text\n1,ok\n2,\"open\n3,x\n",
			want: []step{
				rec(2, "ok", "id=1"),
				recErr(`in.csv:3: extraneous or missing " in quoted-field (line 4, byte 5)`),
			},
		},
		{
			name:  "invalid UTF-8",
			input: "id,text\n1,\"ab\xffc\"\n2,ok\n",
			want: []step{
				recErr(`in.csv:2: column "text": invalid UTF-8 at byte 3`),
				rec(3, "ok", "id=2"),
			},
		},
		{
			name:  "labels required",
			opt:   Options{RequireLabel: true},
			input: "text,label\na,sports\nb,\nc,  \nd, weather \n",
			want: []step{
				rec(2, "a", "label=sports"),
				recErr(`in.csv:3: empty "label" column`),
				recErr(`in.csv:4: empty "label" column`),
				rec(5, "d", "label=weather"),
			},
		},
		{
			name:  "custom columns, title disabled",
			opt:   Options{TextField: "body", TitleField: "-", LabelField: "topic", IDField: "uid"},
			input: "uid,title,body,topic\nu,t,b,x\n",
			want:  []step{rec(2, "b", "id=u", "label=x")},
		},
		{
			name:  "duplicate column: the first counts",
			input: "text,text\na,b\n",
			want:  []step{rec(2, "a")},
		},
		{
			name:  "empty input",
			input: "",
		},
		{
			name:  "header only",
			input: "id,text\r\n",
		},
		{
			name: "long records cut and skipped",
			opt:  Options{MaxLineBytes: 16},
			input: "id,text\n" +
				"1,short\n" +
				"2,this text is far too long\n" +
				"3,\"quoted and long, with\na newline inside\"\n" +
				"4,\"short\nquoted\"\n" +
				"5,\"long and \"\"quoted\"\"\",\"x\"\n" +
				"6,end\n",
			want: []step{
				rec(2, "short", "id=1"),
				recErr("in.csv:3: record longer than 16 bytes (skipped)"),
				recErr("in.csv:4: record longer than 16 bytes (skipped)"),
				rec(6, "short\nquoted", "id=4"),
				recErr("in.csv:8: record longer than 16 bytes (skipped)"),
				rec(9, "end", "id=6"),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := tt.opt
			opt.Format = CSV
			got, err := readString(t, "in.csv", tt.input, opt)
			if err != nil {
				t.Fatal(err)
			}
			checkSteps(t, got, tt.want, "in.csv")
		})
	}
}

func TestCSVHeaderErrors(t *testing.T) {
	tests := []struct {
		name  string
		opt   Options
		input string
		want  string
	}{
		{
			name:  "no text column",
			input: "id,body,label\n1,x,y\n",
			want:  `in.csv:1: no column "text" in the header (its columns: "id", "body", "label")`,
		},
		{
			name:  "no custom text column",
			opt:   Options{TextField: "content"},
			input: "id,text\n",
			want:  `in.csv:1: no column "content" in the header (its columns: "id", "text")`,
		},
		{
			name:  "no label column when labels are required",
			opt:   Options{RequireLabel: true},
			input: "text,topic\n",
			want:  `in.csv:1: no column "label" in the header (its columns: "text", "topic")`,
		},
		{
			name:  "bad quoting in the header",
			input: "\"text\n",
			want:  `in.csv:1: bad header row: extraneous or missing " in quoted-field`,
		},
		{
			name:  "invalid UTF-8 in the header",
			input: "id,te\xffxt\n",
			want:  `in.csv:1: header column 2: invalid UTF-8 at byte 3`,
		},
		{
			name:  "header too long",
			opt:   Options{MaxLineBytes: 8},
			input: "id,title,text\n",
			want:  `in.csv:1: header row longer than 8 bytes`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := tt.opt
			opt.Format = CSV
			_, err := NewReader(strings.NewReader(tt.input), "in.csv", opt)
			if err == nil || err.Error() != tt.want {
				t.Errorf("NewReader error = %v, want %s", err, tt.want)
			}
			if _, ok := err.(*RecordError); ok {
				t.Errorf("a header error ends reading, so it must not be a *RecordError")
			}
		})
	}
}

func TestTSV(t *testing.T) {
	tests := []struct {
		name  string
		opt   Options
		input string
		want  []step
	}{
		{
			name:  "plain",
			input: "id\ttitle\ttext\tlabel\n1\tعنوان\tنص الخبر\tsports\n2\t\tنص\tweather\n",
			want: []step{
				rec(2, "نص الخبر", "id=1", "title=عنوان", "label=sports"),
				rec(3, "نص", "id=2", "label=weather"),
			},
		},
		{
			name:  "quotes are text",
			input: "id\ttext\n1\the said \"hi\" twice\n2\t\"quoted\"\n3\tlast\n",
			want: []step{
				rec(2, "he said \"hi\" twice", "id=1"),
				rec(3, "\"quoted\"", "id=2"),
				rec(4, "last", "id=3"),
			},
		},
		{
			// The case that decided against quoting: a headline that
			// opens with a quoted word stays one record.
			name:  "a leading quote is text",
			input: "id\ttext\n1\t\"الوداد\" يفوز\n2\tnext\n3\t\"closed\"\n4\tlast\n",
			want: []step{
				rec(2, "\"الوداد\" يفوز", "id=1"),
				rec(3, "next", "id=2"),
				rec(4, "\"closed\"", "id=3"),
				rec(5, "last", "id=4"),
			},
		},
		{
			name:  "blank lines skipped, CRLF accepted",
			input: "id\ttext\r\n1\ta\r\n\r\n2\tb\r\n",
			want: []step{
				rec(2, "a", "id=1"),
				rec(4, "b", "id=2"),
			},
		},
		{
			name:  "commas are text",
			input: "text\na, b, c\n",
			want:  []step{rec(2, "a, b, c")},
		},
		{
			name:  "wrong field count",
			input: "id\ttext\n1\ta\tb\n2\tc\n",
			want: []step{
				recErr("in.tsv:2: 3 fields, but the header has 2"),
				rec(3, "c", "id=2"),
			},
		},
		{
			name:  "long rows cut",
			opt:   Options{MaxLineBytes: 10},
			input: "id\ttext\n1\tshort\n2\ta long \"row\" here\n3\tend\n",
			want: []step{
				rec(2, "short", "id=1"),
				recErr("in.tsv:3: line longer than 10 bytes (skipped)"),
				rec(4, "end", "id=3"),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := tt.opt
			opt.Format = TSV
			got, err := readString(t, "in.tsv", tt.input, opt)
			if err != nil {
				t.Fatal(err)
			}
			checkSteps(t, got, tt.want, "in.tsv")
		})
	}
}

// TestLimiterKeepsShortRecords checks that the limiter passes input
// through unchanged when no record is too long.
func TestLimiterKeepsShortRecords(t *testing.T) {
	in := "a,\"b\"\"c\nd\",e\r\n\"x\"\"\",y\n\n,,\n\"\"\n"
	{
		l := newLimiter(strings.NewReader(in), ',', len(in))
		var b strings.Builder
		buf := make([]byte, 3) // small reads, to cross chunk ends
		for {
			n, err := l.Read(buf)
			b.Write(buf[:n])
			if err != nil {
				break
			}
		}
		if b.String() != in {
			t.Errorf("limiter changed the input:\n got %q\nwant %q", b.String(), in)
		}
		if len(l.cuts) != 0 {
			t.Errorf("cuts = %v, want none", l.cuts)
		}
	}
}
