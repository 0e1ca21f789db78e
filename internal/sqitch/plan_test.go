package sqitch

import (
	"reflect"
	"strings"
	"testing"
)

const header = "%syntax-version=1.0.0\n%project=p\n"

func TestReadPlan(t *testing.T) {
	tests := []struct {
		name, src string
		want      []Change
		project   string
	}{
		{"changes and comments", header + "\n# a comment\na 2024-01-01T00:00:00Z Ann <a@x> # note\n+b [a] 2024-01-02T00:00:00Z Ann Example <a@x>\n",
			[]Change{{Name: "a", Line: 5}, {Name: "b", Line: 6}}, "p"},
		{"crlf, dependencies with tags and projects", header + "a 2024-01-01T00:00:00Z A <a@x>\r\nb [a !c other:d@t] 2024-01-01T00:00:00Z A <a@x>\r\n",
			[]Change{{Name: "a", Line: 3}, {Name: "b", Line: 4}}, "p"},
		{"rework after tags", header + "a 2024-01-01T00:00:00Z A <a@x>\n@v1 2024-01-01T00:00:00Z A <a@x>\nb 2024-01-01T00:00:00Z A <a@x>\n@v2 2024-01-01T00:00:00Z A <a@x> # two\na [a@v1] 2024-01-01T00:00:00Z A <a@x>\n",
			[]Change{{Name: "a", Line: 3, ReworkTags: []string{"v1", "v2"}}, {Name: "b", Line: 5}, {Name: "a", Line: 7}}, "p"},
		{"names with slashes and unicode", "x/y 2024-01-01T00:00:00Z A <a@x>\n阱阪阬92 2024-01-01T00:00:00Z A <a@x>\n",
			[]Change{{Name: "x/y", Line: 1}, {Name: "阱阪阬92", Line: 2}}, ""},
		{"empty", "", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ReadPlan("sqitch.plan", tt.src)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(p.Changes, tt.want) || p.Project != tt.project {
				t.Errorf("got %+v %q, want %+v %q", p.Changes, p.Project, tt.want, tt.project)
			}
		})
	}
}

func TestReadPlanErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{header + "a 2024-01-01 A <a@x>\n", "sqitch.plan:3: not a change"},
		{header + "a 2024-01-01T00:00:00Z A\n", "sqitch.plan:3: not a change"},
		{"@v1 2024-01-01T00:00:00Z A <a@x>\n", "sqitch.plan:1: tag @v1 comes before any change"},
		{"a 2024-01-01T00:00:00Z A <a@x>\n@v1 2024-01-01T00:00:00Z A <a@x>\n@v1 2024-01-01T00:00:00Z A <a@x>\n", "sqitch.plan:3: tag @v1 is already declared on line 2"},
		{"a 2024-01-01T00:00:00Z A <a@x>\n\na 2024-01-01T00:00:00Z A <a@x>\n", "sqitch.plan:3: change a is already planned on line 1"},
		{"-a 2024-01-01T00:00:00Z A <a@x>\n", "sqitch.plan:1: change a is marked -"},
		{"+@v1 2024-01-01T00:00:00Z A <a@x>\n", "sqitch.plan:1: a tag cannot be marked +"},
		{"a 2024-01-01T00:00:00Z A <a@x>\n@v/1 2024-01-01T00:00:00Z A <a@x>\n", `sqitch.plan:2: tag name "v/1" must not contain '/'`},
		{"-x- 2024-01-01T00:00:00Z A <a@x>\n", `sqitch.plan:1: change name "x-" must not begin or end with punctuation`},
		{"x! 2024-01-01T00:00:00Z A <a@x>\n", `sqitch.plan:1: change name "x!" must not begin or end with punctuation`},
		{"x^6 2024-01-01T00:00:00Z A <a@x>\n", `sqitch.plan:1: change name "x^6" must not end in`},
		{"a:b 2024-01-01T00:00:00Z A <a@x>\n", `sqitch.plan:1: change name "a:b" must not contain`},
		{"%\n", "sqitch.plan:1: malformed pragma"},
	}
	for _, tt := range tests {
		_, err := ReadPlan("sqitch.plan", tt.src)
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%q: error %v, want %s", tt.src, err, tt.want)
		}
	}
}

// FuzzReadPlan: any plan is read or rejected with its file and line,
// never a panic; every change's line holds its name.
func FuzzReadPlan(f *testing.F) {
	f.Add(header + "a 2024-01-01T00:00:00Z A <a@x>\n@v1 2024-01-01T00:00:00Z A <a@x>\na [a@v1] 2024-01-01T00:00:00Z A <a@x> # n\n")
	f.Add("@v1 2024-01-01T00:00:00Z A <a@x>\n")
	f.Add("%project\n+b [a 2024-01-01T00:00:00Z <>\n")
	f.Fuzz(func(t *testing.T, src string) {
		p, err := ReadPlan("sqitch.plan", src)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "sqitch.plan:") {
				t.Fatalf("error without file and line: %v", err)
			}
			return
		}
		lines := strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n")
		for _, c := range p.Changes {
			if c.Line < 1 || c.Line > len(lines) || !strings.Contains(lines[c.Line-1], c.Name) {
				t.Fatalf("change %q at line %d: %q", c.Name, c.Line, lines)
			}
		}
	})
}
