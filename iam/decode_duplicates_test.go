package iam

import (
	"encoding/json"
	"net/url"
	"testing"
)

const ambiguous = "AWS does not document which one applies"

// Two members of one name, at any depth and in any encoding, are an error
// naming the object that holds them: AWS does not say which one it reads.
func TestDecodeRejectsDuplicateMembers(t *testing.T) {
	cases := []struct{ doc, want string }{
		{`{"Version":"2012-10-17","Version":"2012-10-17","Statement":[]}`,
			`policy document: duplicate member "Version" (` + ambiguous + `)`},
		{`{"Statement":[{"Effect":"Deny","Effect":"Allow","Action":"*","Resource":"*"}]}`,
			`Statement[0]: duplicate member "Effect" (` + ambiguous + `)`},
		{`{"Statement":{"Effect":"Allow","Action":"*","Principal":{"AWS":"a","AWS":"b"}}}`,
			`Statement.Principal: duplicate member "AWS" (` + ambiguous + `)`},
		{`{"Statement":[{"Effect":"Allow","Action":"*"},{"Effect":"Allow","Action":"*","Condition":{"StringEquals":{"k":"a"},"StringEquals":{"k":"b"}}}]}`,
			`Statement[1].Condition: duplicate member "StringEquals" (` + ambiguous + `)`},
		{`{"Statement":{"Effect":"Allow","Action":"*","Condition":{"StringEquals":{"k":"a","k":"b"}}}}`,
			`Statement.Condition.StringEquals: duplicate member "k" (` + ambiguous + `)`},
		// Names IAM reads case-insensitively name one thing in two spellings.
		{`{"Statement":{"Effect":"Deny","effect":"Allow","Action":"*"}}`,
			`Statement: duplicate member "effect" (the same as "Effect" in IAM; ` + ambiguous + `)`},
		{`{"Statement":{"Effect":"Allow","Action":"*","Principal":{"AWS":"a","aws":"b"}}}`,
			`Statement.Principal: duplicate member "aws" (the same as "AWS" in IAM; ` + ambiguous + `)`},
		{`{"Statement":{"Effect":"Allow","Action":"*","Condition":{"StringEquals":{"k":"a"},"stringEquals":{"k":"b"}}}}`,
			`Statement.Condition: duplicate member "stringEquals" (the same as "StringEquals" in IAM; ` + ambiguous + `)`},
		{`{"Statement":{"Effect":"Allow","Action":"*","Condition":{"StringEquals":{"aws:username":"a","AWS:UserName":"b"}}}}`,
			`Statement.Condition.StringEquals: duplicate member "AWS:UserName" (the same as "aws:username" in IAM; ` + ambiguous + `)`},
	}
	for _, c := range cases {
		quoted, _ := json.Marshal(c.doc)
		for form, data := range map[string]string{"object": c.doc, "JSON string": string(quoted), "URL-encoded": url.PathEscape(c.doc)} {
			_, err := DecodePolicy([]byte(data))
			if err == nil || err.Error() != c.want {
				t.Errorf("%s, %s:\n got %v\nwant %s", c.doc, form, err, c.want)
			}
		}
	}
}

// The same name under different operators is two conditions, both of
// which apply: not a duplicate.
func TestDecodeSameKeyUnderTwoOperators(t *testing.T) {
	p := mustPolicy(t, `{"Statement":{"Effect":"Allow","Action":"*","Condition":{"StringEquals":{"k":"a"},"StringLike":{"K":"a*"}}}}`)
	if n := len(p.Statements[0].Conditions); n != 2 {
		t.Errorf("%d conditions, want 2", n)
	}
}

// The statement that made a false "ok": whichever Effect AWS would read,
// the tool must not read Allow.
func TestDenyThenAllowNeverAllows(t *testing.T) {
	for _, doc := range []string{
		`{"Statement":[{"Effect":"Deny","Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}`,
		`{"Statement":[{"Effect":"Deny","effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}`,
	} {
		p, err := DecodePolicyString(doc)
		if err == nil || p != nil {
			t.Fatalf("%s: decoded to %+v, want an error", doc, p)
		}
		req := Request{Caller: sessionOf(t, roleA), Action: "sts:AssumeRole", Resource: roleB}
		if r := EvaluateIdentity(req, NamedPolicy{Label: "p", Document: p}); r.Decision == Allowed {
			t.Errorf("%s: evaluates to %v", doc, r.Decision)
		}
	}
}
