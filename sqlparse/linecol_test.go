package sqlparse_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// describe renders what a parse found with line:column positions, the way
// reports show them: statements (kind, source, target of their first
// reference, cut), references (clause at keyword, value at value start,
// form), diagnostics (position, reference, message) and secrets (span).
func describe(res *sqlparse.Result) []string {
	pos := func(off int) string {
		p := res.File.Position(off)
		return fmt.Sprintf("%d:%d", p.Line, p.Column)
	}
	var out []string
	for _, st := range res.Statements {
		if !st.Kind.Valid() {
			continue
		}
		s := strings.TrimSpace(fmt.Sprintf("stmt %s %s %s", pos(st.Keyword.Start), st.Kind, st.Source))
		if st.Cut.Len() > 0 {
			s += " cut@" + pos(st.Cut.Start)
		}
		out = append(out, s)
	}
	for _, r := range res.References {
		s := fmt.Sprintf("ref %s %s value@%s form=%d %q", pos(r.Keyword.Start), r.Clause, pos(r.Value.Span.Start), r.Value.Form, r.Value.Text)
		if r.Target != nil {
			s += fmt.Sprintf(" target=%s:%s", r.Target.Kind, r.Target.URI)
		}
		out = append(out, s)
	}
	for _, d := range res.Diagnostics {
		out = append(out, fmt.Sprintf("diag %s-%s ref=%d %s", pos(d.Span.Start), pos(d.Span.End), d.Reference, d.Message))
	}
	for _, s := range res.Secrets {
		out = append(out, fmt.Sprintf("secret %s-%s", pos(s.Start), pos(s.End)))
	}
	return out
}

// TestLineColumnPositions pins, in line:column, the references and diagnostics of
// statements cut off by an unterminated literal, of clauses without a
// usable value (at their keyword), and of the CREATE DATABASE and SHOW
// DATABASES forms.
func TestLineColumnPositions(t *testing.T) {
	cases := []struct {
		name, src string
		want      []string
	}{{
		name: "a quote that never closes keeps the key clause before it, masked",
		src:  "COPY t FROM 's3://b/p'\nACCESS_KEY_ID 'AKIAIOSFODNN7EXAMPLE'\nSECRET_ACCESS_KEY 'wJalrXUtnFEMI/K7MDENG;\nSELECT 1;\n",
		want: []string{
			"stmt 1:1 COPY cut@3:19",
			`ref 2:1 ACCESS_KEY_ID value@2:15 form=2 "AKIAIOSFODNN7EXAMPLE" target=s3:s3://b/p`,
			`ref 3:1 SECRET_ACCESS_KEY value@3:1 form=0 "" target=s3:s3://b/p`,
			"diag 3:19-3:20 ref=-1 unterminated quoted string",
			"secret 2:16-2:36",
			"secret 3:19-3:42",
		},
	}, {
		name: "an unterminated block comment cuts after a complete clause",
		src:  "UNLOAD ('select 1') TO 's3://b/u/' IAM_ROLE default /* note\n",
		want: []string{
			"stmt 1:1 UNLOAD cut@1:53",
			`ref 1:36 IAM_ROLE value@1:45 form=1 "default" target=s3:s3://b/u/`,
			"diag 1:53-1:54 ref=-1 unterminated block comment",
		},
	}, {
		name: "a missing value is at the keyword, whatever follows",
		src:  "COPY t FROM 's3://b/p' IAM_ROLE 42;\nCOPY t FROM 's3://b/p' CREDENTIALS\n  iam_role 'arn:aws:iam::123456789012:role/A';\nCOPY t FROM 's3://b/p' MASTER_SYMMETRIC_KEY ENCRYPTED IAM_ROLE default;\nCOPY t FROM 's3://b/p' SESSION_TOKEN FQoGZXIvYXdzEJr ACCESS_KEY_ID 'a' SECRET_ACCESS_KEY 'b'",
		want: []string{
			"stmt 1:1 COPY", "stmt 2:1 COPY", "stmt 4:1 COPY", "stmt 5:1 COPY",
			`ref 1:24 IAM_ROLE value@1:24 form=0 "" target=s3:s3://b/p`,
			`ref 2:24 CREDENTIALS value@2:24 form=0 "" target=s3:s3://b/p`,
			`ref 3:3 IAM_ROLE value@3:12 form=2 "arn:aws:iam::123456789012:role/A" target=s3:s3://b/p`,
			`ref 4:24 MASTER_SYMMETRIC_KEY value@4:24 form=0 "" target=s3:s3://b/p`,
			`ref 4:55 IAM_ROLE value@4:64 form=1 "default" target=s3:s3://b/p`,
			`ref 5:24 SESSION_TOKEN value@5:24 form=0 "" target=s3:s3://b/p`,
			`ref 5:54 ACCESS_KEY_ID value@5:68 form=2 "a" target=s3:s3://b/p`,
			`ref 5:72 SECRET_ACCESS_KEY value@5:90 form=2 "b" target=s3:s3://b/p`,
			"diag 1:24-1:32 ref=0 IAM_ROLE needs a value: default or a quoted role ARN, not 42",
			"diag 2:24-2:35 ref=1 CREDENTIALS needs a quoted value, not iam_role",
			"diag 4:24-4:44 ref=3 MASTER_SYMMETRIC_KEY needs a quoted value, not ENCRYPTED",
			"diag 5:24-5:37 ref=5 SESSION_TOKEN needs a quoted value; its value is not quoted",
			"secret 5:38-5:53", "secret 5:69-5:70", "secret 5:91-5:92",
		},
	}, {
		name: "CREATE DATABASE has a role in its FROM ARN and IAM_ROLE forms only",
		src: "CREATE DATABASE a;\n" +
			"CREATE DATABASE b IAM_ROLE 'SESSION';\n" +
			"CREATE DATABASE c FROM ARN 'arn:aws:glue:us-east-1:123456789012:database/g' WITH NO DATA CATALOG SCHEMA IAM_ROLE default;\n" +
			"CREATE DATABASE d FROM INTEGRATION 'id' IAM_ROLE default;\n" +
			"CREATE DATABASE e FROM DATASHARE s OF NAMESPACE 'n' IAM_ROLE 'SESSION';\n" +
			"CREATE DATABASE f WITH PERMISSIONS FROM DATASHARE s OF NAMESPACE 'n';\n",
		want: []string{
			"stmt 1:1 CREATE_DATABASE", "stmt 2:1 CREATE_DATABASE", "stmt 3:1 CREATE_DATABASE ARN",
			"stmt 4:1 CREATE_DATABASE INTEGRATION", "stmt 5:1 CREATE_DATABASE DATASHARE", "stmt 6:1 CREATE_DATABASE DATASHARE",
			`ref 2:19 IAM_ROLE value@2:28 form=2 "SESSION"`,
			`ref 3:105 IAM_ROLE value@3:114 form=1 "default" target=glue:arn:aws:glue:us-east-1:123456789012:database/g`,
			"diag 4:41-4:49 ref=-1 CREATE DATABASE ... FROM INTEGRATION takes no IAM_ROLE",
			"diag 5:53-5:61 ref=-1 CREATE DATABASE ... FROM DATASHARE takes no IAM_ROLE",
		},
	}, {
		name: "SHOW DATABASES FROM DATA CATALOG has an optional role; the ACCOUNT list is its target",
		src: "SHOW DATABASES;\nSHOW DATABASES LIKE 'dev%';\n" +
			"SHOW DATABASES FROM DATA CATALOG ACCOUNT '123456789012', '234567890123' LIKE 'a%' IAM_ROLE 'arn:aws:iam::123456789012:role/R' LIMIT 5;\n" +
			"SHOW DATABASES FROM DATA CATALOG IAM_ROLE SESSION;\n" +
			"show databases from data catalog;\n",
		want: []string{
			"stmt 3:1 SHOW_DATABASES", "stmt 4:1 SHOW_DATABASES", "stmt 5:1 SHOW_DATABASES",
			`ref 3:83 IAM_ROLE value@3:92 form=2 "arn:aws:iam::123456789012:role/R" target=glue:123456789012,234567890123`,
			`ref 4:34 IAM_ROLE value@4:34 form=0 ""`,
			"diag 4:34-4:42 ref=1 IAM_ROLE needs a value: default or a quoted role ARN, not SESSION without quotes",
		},
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := describe(parse(tc.src, nil))
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(tc.want, "\n\t"))
			}
		})
	}
}

// A view of a file (a YAML hook with the rest blanked) is parsed, but its
// lines, columns and excerpts are the file's as written: a character that
// the view blanked into several spaces still counts as one.
func TestViewPositionsAreTheFilesAsWritten(t *testing.T) {
	shown := []byte("# é\non-run-end: [\"UNLOAD ('x') TO 's3://b/' IAM_ROLE 'r'\"]\n")
	sql := bytes.Clone(shown)
	hook := bytes.Index(shown, []byte("UNLOAD"))
	for i := range sql { // blank all but the hook's SQL, as a layout does
		if sql[i] != '\n' && (i < hook || i >= bytes.LastIndexByte(shown, '\'')+1) {
			sql[i] = ' '
		}
	}
	f := sqlparse.NewView("dbt_project.yml", sql, shown)
	off := bytes.Index(shown, []byte("IAM_ROLE"))
	if got, want := f.Position(off), (sqlparse.Position{Line: 2, Column: off - 5 + 1}); got != want {
		t.Errorf("Position = %+v, want %+v", got, want)
	}
	if got := f.Position(4); got != (sqlparse.Position{Line: 1, Column: 4}) {
		t.Errorf("Position after é = %+v, want 1:4 (é is one character)", got)
	}
	if got := string(f.Line(2)); got != strings.TrimSuffix(string(shown[5:]), "\n") {
		t.Errorf("Line(2) = %q, want the line as written", got)
	}
	if g := sqlparse.NewView("x", sql, shown[:5]); g.Shown != nil {
		t.Errorf("a view of another length than the file must not be shown")
	}
}
