package sqlparse_test

import (
	"strings"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// TestExpansionIsBounded: values may add ExpansionFactor times the file's
// size (at least ExpansionFloor bytes); the placeholders past that are left
// unsubstituted (Refused, unresolved) and one diagnostic sits at the first.
func TestExpansionIsBounded(t *testing.T) {
	val := strings.Repeat("x", 10000)
	n := sqlparse.ExpansionFloor/len(val) + 5 // the file is far below 1 MiB / 16: the floor applies
	src := "COPY t FROM 's3://b' IAM_ROLE '" + strings.Repeat("${a}", n) + "';\nCOPY t FROM 's3://b' IAM_ROLE ${a};\n"
	res := sqlparse.Parse(sqlparse.NewFile("p.sql", []byte(src)), sqlparse.Options{Vars: sqlparse.Vars{"a": val}})
	if len(res.References) != 2 {
		t.Fatalf("references %d", len(res.References))
	}
	phs := res.References[0].Value.Placeholders
	substituted := sqlparse.ExpansionFloor / len(val)
	for i, ph := range phs {
		if want := i < substituted; ph.Resolved != want || ph.Refused == want {
			t.Fatalf("placeholder %d: resolved %v refused %v, want resolved %v", i, ph.Resolved, ph.Refused, want)
		}
	}
	if got := len(res.References[0].Value.Text); got > sqlparse.ExpansionFloor+4*n {
		t.Errorf("text of %d bytes", got)
	}
	if v := res.References[1].Value; v.Form != sqlparse.FormPlaceholder || !v.Placeholders[0].Refused {
		t.Errorf("unquoted placeholder past the budget: %+v", v)
	}
	var diags []sqlparse.Diagnostic
	for _, d := range res.Diagnostics {
		if d.Kind == sqlparse.DiagExpansion {
			diags = append(diags, d)
		}
	}
	if len(diags) != 1 || diags[0].Span != phs[substituted].Span || !strings.Contains(diags[0].Message, "and 5 after it were left unsubstituted") {
		t.Errorf("diagnostics %+v", res.Diagnostics)
	}

	// A file of 128 KiB may grow by 2 MiB: the factor, not the floor.
	big := "COPY t FROM 's3://b' IAM_ROLE '" + strings.Repeat("${a}", 1<<15) + "';\n"
	res = sqlparse.Parse(sqlparse.NewFile("p.sql", []byte(big)), sqlparse.Options{Vars: sqlparse.Vars{"a": strings.Repeat("y", 64)}})
	if len(res.Diagnostics) != 0 || res.References[0].Value.Unresolved() {
		t.Errorf("2 MiB of values into a 128 KiB file: diagnostics %+v", res.Diagnostics)
	}
}

// TestSourceSpanOfRanges: the span of a range of Text is the smallest that
// holds the span of each of its bytes, across copied text, escapes,
// substituted and unresolved placeholders and literals joined across lines.
func TestSourceSpanOfRanges(t *testing.T) {
	src := "COPY t FROM 's3://b' IAM_ROLE 'arn:${a}:x\\n''y${b}{{ c }}z'\n'more';\nCOPY t FROM 's3://b' IAM_ROLE ${a};\nCOPY t FROM 's3://b' IAM_ROLE default;"
	res := sqlparse.Parse(sqlparse.NewFile("p.sql", []byte(src)), sqlparse.Options{Vars: sqlparse.Vars{"a": "'aws'", "c": "cc"}})
	for _, r := range res.References {
		v := r.Value
		for a := 0; a < len(v.Text); a++ {
			want := v.SourceSpan(a, a+1)
			for b := a + 1; b <= len(v.Text); b++ {
				one := v.SourceSpan(b-1, b)
				want = sqlparse.Span{Start: min(want.Start, one.Start), End: max(want.End, one.End)}
				if got := v.SourceSpan(a, b); got != want {
					t.Fatalf("%q [%d, %d): %+v, want %+v", v.Text, a, b, got, want)
				}
			}
		}
	}
}
