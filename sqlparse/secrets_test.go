package sqlparse_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// straySecretCases: key material no credential clause holds is a stray
// secret, positioned in line:column, with the key that names it and
// whether it sits in a comment. What a clause holds is not a stray.
var straySecretCases = []struct {
	name, src string
	want      []string
}{{
	name: "a commented-out key clause",
	src:  "COPY t FROM 's3://b/p' IAM_ROLE default;\n-- ACCESS_KEY_ID 'AKIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'\n",
	want: []string{"2:19-2:39 aws_access_key_id comment", "2:60-2:100 aws_secret_access_key comment"},
}, {
	name: "shell, CLI and JSON spellings in a block comment",
	src:  "/* export AWS_SESSION_TOKEN=FwoGZXIvYXdzEJr//////////wEaDEXAMPLETOKEN\n   \"SecretAccessKey\": \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\", \"AccessKeyId\": \"ASIAIOSFODNN7EXAMPLE\" */",
	want: []string{"1:29-1:70 token comment", "2:24-2:64 aws_secret_access_key comment", "2:83-2:103 aws_access_key_id comment"},
}, {
	name: "after the cut of a string that never ends",
	src:  "COPY t FROM 's3://b/p' IAM_ROLE default DELIMITER '|;\nSECRET_ACCESS_KEY\u00a0'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';",
	want: []string{"2:20-2:60 aws_secret_access_key"},
}, {
	name: "an access key id anywhere, even glued to a word; one character short is none",
	src:  "SELECT 'AKIAIOSFODNN7EXAMPLE', XAKIAIOSFODNN7EXAMPLE, AKIAIOSFODNN7EXAMPL;",
	want: []string{"1:9-1:29 aws_access_key_id", "1:33-1:53 aws_access_key_id"},
}, {
	name: "what clauses hold and placeholders are no strays; a short value after a key name is one",
	src: "COPY t FROM 's3://b/p' ACCESS_KEY_ID 'AKIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY '${secret}';\n" +
		"-- SECRET_ACCESS_KEY :secret, token={{ var('t') }}, token expiry 3600, session_token=abc\n",
	want: []string{"2:86-2:89 token comment"},
}}

func TestStraySecrets(t *testing.T) {
	for _, tc := range straySecretCases {
		t.Run(tc.name, func(t *testing.T) {
			res := parse(tc.src, nil)
			var got []string
			for _, s := range res.StraySecrets {
				a, b := res.File.Position(s.Span.Start), res.File.Position(s.Span.End)
				g := fmt.Sprintf("%d:%d-%d:%d %s", a.Line, a.Column, b.Line, b.Column, s.Key)
				if s.Comment {
					g += " comment"
				}
				got = append(got, g)
				if !coveredBy(s.Span, res.Secrets) {
					t.Errorf("stray %v is not in Secrets %v", s.Span, res.Secrets)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(tc.want, "\n\t"))
			}
		})
	}
}

func TestCredentialSecrets(t *testing.T) {
	text := "aws_iam_role=arn:a,AWS_ACCESS_KEY_ID=AK,x=y,token=T;Secret_Access_Key=S;master_symmetric_key=;aws_iam_role=r"
	var got []string
	for _, p := range sqlparse.CredentialSecrets(text) {
		got = append(got, fmt.Sprintf("%s=%s", text[p.KeyText[0]:p.KeyText[1]], text[p.ValueText[0]:p.ValueText[1]]))
	}
	if want := "[AWS_ACCESS_KEY_ID=AK token=T Secret_Access_Key=S]"; fmt.Sprint(got) != want {
		t.Errorf("got %v, want %s", got, want)
	}
}

// Shown masks the parts of a value that come from secret spans, and only
// those.
func TestShown(t *testing.T) {
	src := "COPY t FROM 's3://b/p' CREDENTIALS 'aws_iam_role=arn:aws:iam::123456789012:role/A,aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';"
	res := parse(src, nil)
	v := &res.References[0].Value
	want := "aws_iam_role=arn:aws:iam::123456789012:role/A,aws_secret_access_key=wJal********************************EKEY"
	if got := res.Shown(v, 0, len(v.Text)); got != want {
		t.Errorf("Shown = %q, want %q", got, want)
	}
}
