package checks

import (
	"math/rand"
	"strings"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// naiveSilenced is how directives were matched before the index: the first
// directive in file order that covers the finding and names its rule or
// every rule.
func naiveSilenced(dirs []*directive, f Finding) (dir, rule int) {
	for i, d := range dirs {
		if !d.file && (d.scope.Len() == 0 || !d.scope.Contains(f.Span.Start)) {
			continue
		}
		if len(d.rules) == 0 {
			return i, -1
		}
		for k := range d.rules {
			if d.rules[k].id == f.Rule {
				return i, k
			}
		}
	}
	return -1, -1
}

// TestDirectiveIndexMatchesDefinition compares the index with the
// definition on random files mixing statement, trailing and file
// directives, repeated rules and findings at every statement.
func TestDirectiveIndexMatchesDefinition(t *testing.T) {
	pieces := []string{
		"COPY t FROM 's3://b' IAM_ROLE 'a';", "COPY t FROM 's3://b' IAM_ROLE 'a';", "\n", " ",
		"/* preflight-ignore invalid-role-arn */", "-- preflight-ignore chain-too-long, invalid-role-arn\n",
		"/* preflight-ignore */", "/* preflight-ignore invalid-role-arn invalid-role-arn */",
		"-- preflight-ignore-file chain-too-long\n", "/* preflight-ignore-file */",
	}
	rules := []RuleID{"invalid-role-arn", "chain-too-long", "hardcoded-secret"}
	rng := rand.New(rand.NewSource(1))
	for range 500 {
		var b strings.Builder
		if rng.Intn(4) == 0 {
			b.WriteString("\uFEFF")
		}
		for range rng.Intn(30) {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		res := sqlparse.Parse(sqlparse.NewFile("p.sql", []byte(b.String())), sqlparse.Options{})
		var findings []Finding
		for _, st := range res.Statements {
			for _, at := range []int{st.Span.Start, st.Span.End - 1} {
				findings = append(findings, Finding{File: res.File, Span: sqlparse.Span{Start: at, End: at + 1}, Rule: rules[rng.Intn(len(rules))]})
			}
		}
		findings = append(findings, Finding{File: res.File, Span: sqlparse.Span{}, Rule: rules[0]}) // in a byte order mark
		dirs := parseDirectives(res)
		ix := indexDirectives(dirs)
		for _, f := range findings {
			wantDir, wantRule := naiveSilenced(dirs, f)
			gotDir, gotRule := ix.find(f)
			if gotDir != wantDir || gotRule != wantRule {
				t.Fatalf("%q: finding %+v: index says directive %d rule %d, definition %d rule %d", b.String(), f.Span, gotDir, gotRule, wantDir, wantRule)
			}
		}
	}
}

// TestParseDirectiveForms: the directive word may be followed by a colon;
// each rule's span covers its id.
func TestParseDirectiveForms(t *testing.T) {
	tests := []struct {
		src   string
		file  bool
		rules []string
	}{
		{"-- preflight-ignore chain-whitespace\nSELECT 1;", false, []string{"chain-whitespace"}},
		{"-- preflight-ignore: chain-whitespace, default-quoted -- why\nSELECT 1;", false, []string{"chain-whitespace", "default-quoted"}},
		{"-- preflight-ignore:chain-whitespace\nSELECT 1;", false, []string{"chain-whitespace"}},
		{"/* preflight-ignore: chain-whitespace */ SELECT 1;", false, []string{"chain-whitespace"}},
		{"-- preflight-ignore-file: hardcoded-secret\n", true, []string{"hardcoded-secret"}},
		{"-- preflight-ignore-file:\n", true, nil},
	}
	for _, tt := range tests {
		res := sqlparse.Parse(sqlparse.NewFile("p.sql", []byte(tt.src)), sqlparse.Options{})
		dirs := parseDirectives(res)
		if len(dirs) != 1 || dirs[0].file != tt.file || len(dirs[0].rules) != len(tt.rules) {
			t.Fatalf("%q: got %+v", tt.src, dirs)
		}
		for i, r := range dirs[0].rules {
			if string(r.id) != tt.rules[i] || tt.src[r.span.Start:r.span.End] != tt.rules[i] {
				t.Errorf("%q: rule %d is %q at %q", tt.src, i, r.id, tt.src[r.span.Start:r.span.End])
			}
		}
	}
}
