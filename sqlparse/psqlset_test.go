package sqlparse_test

import (
	"strings"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// TestPsqlSet: \set lines apply, in order, to later :NAME, :'NAME' and
// :"NAME"; --var (psql -v) holds before the first; \unset and a
// `command` leave no value; a \set inside a string is no \set.
func TestPsqlSet(t *testing.T) {
	const arn = "arn:aws:iam::123456789012:role/"
	tests := []struct {
		name, src string
		vars      sqlparse.Vars
		want      []string // each reference's value, "?" when unresolved
	}{
		{"in order", "COPY t FROM 's3://b/k' IAM_ROLE :'r';\n\\set r '" + arn + "A'\nCOPY t FROM 's3://b/k' IAM_ROLE :'r';\n\\set r " + arn + "B\nCOPY t FROM 's3://b/k' IAM_ROLE :'r';\n",
			nil, []string{"?", arn + "A", arn + "B"}},
		{"var before the first", "COPY t FROM 's3://b/k' IAM_ROLE :'r';\n\\set r '" + arn + "A'\nCOPY t FROM 's3://b/k' IAM_ROLE :'r';\n",
			sqlparse.Vars{"r": arn + "V"}, []string{arn + "V", arn + "A"}},
		{"concatenated, quotes, escapes and earlier variables", "\\set acct 123456789012\n\\set r arn:aws:iam:: :acct ':role/it''s\\n'\nCOPY t FROM 's3://b/k' IAM_ROLE :'r';\n",
			nil, []string{"arn:aws:iam::123456789012:role/it's\n"}},
		{"unset and command", "\\set r '" + arn + "A'\n\\unset r\nCOPY t FROM 's3://b/k' IAM_ROLE :'r';\n\\set r `cat role`\nCOPY t FROM 's3://b/k' IAM_ROLE :'r';\n",
			sqlparse.Vars{"r": arn + "V"}, []string{"?", "?"}},
		{"case-sensitive", "\\set R '" + arn + "A'\nCOPY t FROM 's3://b/k' IAM_ROLE :'r';\n", nil, []string{"?"}},
		{"inside a string", "SELECT '\n\\set r x\n';\nCOPY t FROM 's3://b/k' IAM_ROLE :'r';\n", nil, []string{"?"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := sqlparse.Parse(sqlparse.NewFile("f.sql", []byte(tt.src)), sqlparse.Options{Vars: tt.vars})
			var got []string
			for _, r := range res.References {
				v := r.Value.Text
				if r.Value.Unresolved() {
					v = "?"
				}
				got = append(got, v)
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("values %q, want %q", got, tt.want)
			}
		})
	}
}

func FuzzPsqlSet(f *testing.F) {
	f.Add("\\set r 'a''b\\n' c :x `d`\nCOPY t FROM 's3://b/k' IAM_ROLE :'r';\n")
	f.Add("\\set\n\\set 'q' x\n\\unset\n\\set r\nSELECT :r;")
	f.Add("\\set r \"x\nCOPY t FROM 's3://b/k' IAM_ROLE :\"r\";")
	f.Fuzz(func(t *testing.T, src string) {
		res := sqlparse.Parse(sqlparse.NewFile("f.sql", []byte(src)), sqlparse.Options{Vars: sqlparse.Vars{"r": "v"}})
		for _, r := range res.References {
			for _, p := range r.Value.Placeholders {
				if p.Span.Start < 0 || p.Span.End > len(src) || p.Span.Start > p.Span.End {
					t.Fatalf("placeholder span %v outside the file", p.Span)
				}
			}
		}
	})
}
