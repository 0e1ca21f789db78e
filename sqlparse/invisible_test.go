package sqlparse_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// invisibleCases: an invisible character in code is white space to the
// lexer, so the statement it touches is read, and a syntax diagnostic at
// the character says Redshift reads it as part of a name. Columns count
// characters, so each invisible character is one column.
var invisibleCases = []struct {
	name, src string
	want      []string
}{{
	name: "a byte order mark before a later statement hides nothing",
	src:  "SELECT 1;\n\ufeffCOPY t FROM 's3://b/p' ACCESS_KEY_ID 'AKIAIOSFODNN7EXAMPLE';\n",
	want: []string{
		"stmt 2:2 COPY",
		`ref 2:25 ACCESS_KEY_ID value@2:39 form=2 "AKIAIOSFODNN7EXAMPLE" target=s3:s3://b/p`,
		`diag 2:1-2:2 ref=-1 invisible character \ufeff (byte order mark) in SQL: Redshift reads it as part of a name, not as white space`,
		"secret 2:40-2:60",
	},
}, {
	name: "a zero width space after the previous statement belongs to the next",
	src:  "SELECT 1;\u200b COPY t FROM 's3://b/p' IAM_ROLE default;",
	want: []string{
		"stmt 1:12 COPY",
		`ref 1:35 IAM_ROLE value@1:44 form=1 "default" target=s3:s3://b/p`,
		`diag 1:10-1:11 ref=-1 invisible character \u200b (zero width space) in SQL: Redshift reads it as part of a name, not as white space`,
	},
}, {
	name: "no-break spaces between clauses: the key clause is read and masked",
	src:  "COPY t FROM 's3://b/p'\u00a0ACCESS_KEY_ID\u00a0'AKIAIOSFODNN7EXAMPLE'\u00a0SECRET_ACCESS_KEY 'wJalrXUtnFEMI/K7MDENG';",
	want: []string{
		"stmt 1:1 COPY",
		`ref 1:24 ACCESS_KEY_ID value@1:38 form=2 "AKIAIOSFODNN7EXAMPLE" target=s3:s3://b/p`,
		`ref 1:61 SECRET_ACCESS_KEY value@1:79 form=2 "wJalrXUtnFEMI/K7MDENG" target=s3:s3://b/p`,
		`diag 1:23-1:24 ref=-1 invisible character \u00a0 (no-break space) in SQL: Redshift reads it as part of a name, not as white space (and 2 more up to the end of this statement)`,
		"secret 1:39-1:59",
		"secret 1:80-1:101",
	},
}, {
	name: "a run of several counts each character",
	src:  "COPY t FROM 's3://b/p' IAM_ROLE\u2003\u200d\u3000default;",
	want: []string{
		"stmt 1:1 COPY",
		`ref 1:24 IAM_ROLE value@1:35 form=1 "default" target=s3:s3://b/p`,
		`diag 1:32-1:33 ref=-1 invisible character \u2003 (a Unicode space) in SQL: Redshift reads it as part of a name, not as white space (and 2 more up to the end of this statement)`,
	},
}, {
	name: "after the last statement",
	src:  "COPY t FROM 's3://b/p' IAM_ROLE default;\n\u2060",
	want: []string{
		"stmt 1:1 COPY",
		`ref 1:24 IAM_ROLE value@1:33 form=1 "default" target=s3:s3://b/p`,
		`diag 2:1-2:2 ref=-1 invisible character \u2060 (word joiner) in SQL: Redshift reads it as part of a name, not as white space`,
	},
}, {
	name: "inside strings, identifiers and comments they are text",
	src:  "-- \u200b\nCOPY \"t\u00a0\" FROM 's3://b/p' IAM_ROLE 'arn:aws:iam::123456789012:role/R\u00a0';",
	want: []string{
		"stmt 2:1 COPY",
		`ref 2:27 IAM_ROLE value@2:36 form=2 "arn:aws:iam::123456789012:role/R\u00a0" target=s3:s3://b/p`,
	},
}}

func TestInvisibleCharacters(t *testing.T) {
	for _, tc := range invisibleCases {
		t.Run(tc.name, func(t *testing.T) {
			got := describe(parse(tc.src, nil))
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(tc.want, "\n\t"))
			}
		})
	}
}

// Statement.Invisible points at the first invisible character before or in
// the statement, so that checks fail its references.
func TestStatementInvisible(t *testing.T) {
	res := parse("SELECT 1;\u200b\nCOPY t FROM 's3://b/p' IAM_ROLE default;\nCOPY t FROM 's3://b/p' IAM_ROLE default;", nil)
	var got []string
	for _, st := range res.Statements {
		got = append(got, fmt.Sprint(st.Invisible))
	}
	if want := "[{0 0} {9 12} {0 0}]"; fmt.Sprint(got) != want {
		t.Errorf("Invisible spans %v, want %s", got, want)
	}
}

// Bidirectional controls are recorded outside comments only, each at its
// character, and DescribeInvisible escapes them.
func TestBidiControls(t *testing.T) {
	src := "-- \u202e comment\nCOPY t\u202e FROM 's3://b/\u2066p\u2069' /* \u202d */ IAM_ROLE default; -- \u200f\nSELECT '\u061c\u200e';"
	res := parse(src, nil)
	var got []string
	for _, b := range res.BidiControls {
		p := res.File.Position(b.Span.Start)
		got = append(got, fmt.Sprintf("%d:%d %s %q", p.Line, p.Column, sqlparse.DescribeInvisible(b.Rune), clip(src, b.Span)))
	}
	want := []string{
		`2:7 \u202e (right-to-left override) "\u202e"`,
		`2:22 \u2066 (left-to-right isolate) "\u2066"`,
		`2:24 \u2069 (pop directional isolate) "\u2069"`,
		`3:9 \u061c (arabic letter mark) "\u061c"`,
		`3:10 \u200e (left-to-right mark) "\u200e"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
	for _, d := range []string{sqlparse.DescribeInvisible(0x202E), sqlparse.DescribeInvisible(0x1234)} {
		if strings.ContainsFunc(d, func(r rune) bool { return r > 0x7e }) {
			t.Errorf("DescribeInvisible = %q: not plain ASCII", d)
		}
	}
}

// A comment after nothing but invisible characters starts its line: it is
// not trailing code, so an ignore directive there covers the next statement.
func TestCommentAfterInvisibleIsNotTrailing(t *testing.T) {
	res := parse("\u00a0\u200b -- preflight-ignore hardcoded-secret\nSELECT 1; -- trailing", nil)
	if len(res.Comments) != 2 || res.Comments[0].Trailing || !res.Comments[1].Trailing {
		t.Errorf("comments %+v: want the first leading, the second trailing", res.Comments)
	}
}
