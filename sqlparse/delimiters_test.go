package sqlparse_test

import (
	"strings"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// TestCustomDelimiters: placeholders written with a Flyway project's own
// prefix and suffix are found in code and in strings, at their exact
// bytes, substituted (names ignoring case), or left unresolved.
func TestCustomDelimiters(t *testing.T) {
	vars := sqlparse.Vars{"role": "arn:aws:iam::123456789012:role/R", "bucket": "s3://b", "def": "default"}
	type ph struct {
		raw, name  string
		start, end int
		resolved   bool
	}
	tests := []struct {
		name, src string
		d         sqlparse.Delimiters
		text      string // the first reference's value
		want      []ph
	}{
		{"in a string", "COPY t FROM 's3://b/x' IAM_ROLE '#[role]';", sqlparse.Delimiters{Prefix: "#[", Suffix: "]"},
			"arn:aws:iam::123456789012:role/R", []ph{{"#[role]", "role", 33, 40, true}}},
		{"names ignore case", "COPY t FROM 's3://b/x' IAM_ROLE '#[ROLE]';", sqlparse.Delimiters{Prefix: "#[", Suffix: "]"},
			"arn:aws:iam::123456789012:role/R", []ph{{"#[ROLE]", "ROLE", 33, 40, true}}},
		{"bare", "COPY t FROM 's3://b/x' IAM_ROLE @@def@@;", sqlparse.Delimiters{Prefix: "@@", Suffix: "@@"},
			"default", []ph{{"@@def@@", "def", 32, 39, true}}},
		{"two in one string, one unknown", "COPY t FROM 's3://b/x' IAM_ROLE '%{role},%{other}';", sqlparse.Delimiters{Prefix: "%{", Suffix: "}"},
			"arn:aws:iam::123456789012:role/R,%{other}", []ph{{"%{role}", "role", 33, 40, true}, {"%{other}", "other", 41, 49, false}}},
		{"no suffix on the line: text", "COPY t FROM 's3://b/x' IAM_ROLE '#[role\n]';", sqlparse.Delimiters{Prefix: "#[", Suffix: "]"},
			"#[role\n]", nil},
		{"empty name: text", "COPY t FROM 's3://b/x' IAM_ROLE '#[]';", sqlparse.Delimiters{Prefix: "#[", Suffix: "]"},
			"#[]", nil},
		{"${} is text with other delimiters", "COPY t FROM 's3://b/x' IAM_ROLE '${role}';", sqlparse.Delimiters{Prefix: "#[", Suffix: "]"},
			"${role}", nil},
		{"${} is read with Flyway's own", "COPY t FROM 's3://b/x' IAM_ROLE '${role}';", sqlparse.Delimiters{Prefix: "${", Suffix: "}"},
			"arn:aws:iam::123456789012:role/R", []ph{{"${role}", "role", 33, 40, true}}},
		{"zero delimiters: #[ is text", "COPY t FROM 's3://b/x' IAM_ROLE '#[role]';", sqlparse.Delimiters{},
			"#[role]", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := sqlparse.Parse(sqlparse.NewFile("f.sql", []byte(tt.src)), sqlparse.Options{Vars: vars, Delimiters: tt.d})
			var iam *sqlparse.Reference
			for i := range res.References {
				if res.References[i].Clause.String() == "IAM_ROLE" {
					iam = &res.References[i]
				}
			}
			if iam == nil {
				t.Fatalf("no IAM_ROLE reference: %+v", res.References)
			}
			if iam.Value.Text != tt.text {
				t.Errorf("text %q, want %q", iam.Value.Text, tt.text)
			}
			var got []ph
			for _, p := range iam.Value.Placeholders {
				got = append(got, ph{p.Raw, p.Name, p.Span.Start, p.Span.End, p.Resolved})
			}
			if len(got) != len(tt.want) {
				t.Fatalf("placeholders %+v, want %+v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("placeholder %d: %+v, want %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

// FuzzCustomDelimiters: with any delimiters, parsing never panics, stays
// within the work budget, and every placeholder is the exact bytes of its
// span.
func FuzzCustomDelimiters(f *testing.F) {
	f.Add("COPY t FROM '#[b]' IAM_ROLE '#[role]'; UNLOAD ('x') TO 's' IAM_ROLE #[r];", "#[", "]")
	f.Add("COPY t FROM '@@b@@' IAM_ROLE @@role@@ -- @@x", "@@", "@@")
	f.Add("CREATE PROCEDURE p() AS $$ BEGIN COPY t FROM 's' IAM_ROLE '%{r}'; END $$ LANGUAGE plpgsql;", "%{", "}")
	f.Add(strings.Repeat("#[", 200)+"]", "#[", "]")
	f.Fuzz(func(t *testing.T, src, prefix, suffix string) {
		d := sqlparse.Delimiters{Prefix: prefix, Suffix: suffix}
		var res *sqlparse.Result
		work := sqlparse.CountWorkForTest(func() {
			res = sqlparse.Parse(sqlparse.NewFile("f.sql", []byte(src)), sqlparse.Options{Vars: sqlparse.Vars{"role": "x"}, Delimiters: d})
		})
		checkWorkBudget(t, "parsing", []byte(src), work)
		for _, r := range res.References {
			for _, p := range r.Value.Placeholders {
				if p.Span.Start < 0 || p.Span.End > len(src) || src[p.Span.Start:p.Span.End] != p.Raw {
					t.Fatalf("placeholder %q at %v is not its bytes", p.Raw, p.Span)
				}
			}
		}
	})
}
