package iam

import "testing"

// A prefix request stands for every object under the prefix: a statement
// applies for certain only if its resource scope covers all of them.
func TestEvaluatePrefixRequest(t *testing.T) {
	const data = "arn:aws:s3:::bucket/data/"
	allowAll := `{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}`
	cases := []struct {
		name, statements string
		ctx              *Context
		want             Decision
		partial          bool // the deciding statement covers part of the prefix
	}{
		{"Allow on the prefix", `{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/data/*"}`, nil, Allowed, false},
		{"Allow ? covers one-character keys only", `{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/data/?"}`, nil, Unknown, true},
		{"Allow on a sub-prefix", `{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/data/2024/*"}`, nil, Unknown, true},
		{"Allow elsewhere", `{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/other/*"}`, nil, ImplicitDeny, false},
		{"Allow with NotResource excluding a sub-prefix",
			`{"Effect":"Allow","Action":"s3:GetObject","NotResource":"arn:aws:s3:::bucket/data/secret/*"}`, nil, Unknown, true},
		{"Allow with NotResource elsewhere",
			`{"Effect":"Allow","Action":"s3:GetObject","NotResource":"arn:aws:s3:::bucket/other/*"}`, nil, Allowed, false},
		{"Allow with NotResource excluding the whole prefix",
			`{"Effect":"Allow","Action":"s3:GetObject","NotResource":"arn:aws:s3:::bucket/*"}`, nil, ImplicitDeny, false},
		{"Deny ? denies one-character keys only", allowAll + `,{"Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/data/?"}`, nil, Unknown, true},
		{"Deny on the whole prefix", allowAll + `,{"Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/d*"}`, nil, ExplicitDeny, false},
		{"Deny whose condition is certainly false does not apply",
			allowAll + `,{"Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/data/secret/*",
				"Condition":{"ArnNotEquals":{"aws:PrincipalArn":"` + roleA + `"}}}`,
			PrincipalContext(sessionOf(t, roleA)), Allowed, false},
		{"Deny whose condition holds denies part",
			allowAll + `,{"Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/data/secret/*",
				"Condition":{"ArnNotEquals":{"aws:PrincipalArn":"` + roleB + `"}}}`,
			PrincipalContext(sessionOf(t, roleA)), Unknown, true},
		// s3:prefix is a ListBucket key: absent on GetObject.
		{"Allow conditioned on s3:prefix does not apply to GetObject",
			`{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*","Condition":{"StringLike":{"s3:prefix":"data/*"}}}`,
			NewContext().SetAbsent("s3:prefix"), ImplicitDeny, false},
		{"Deny unless s3:prefix denies GetObject",
			allowAll + `,{"Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*","Condition":{"StringNotLike":{"s3:prefix":"data/*"}}}`,
			NewContext().SetAbsent("s3:prefix"), ExplicitDeny, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req := Request{Caller: sessionOf(t, roleA), Action: "s3:GetObject", Resource: data, ResourcePrefix: true, Context: tc.ctx}
			r := EvaluateIdentity(req, named(t, "p", identityDoc(tc.statements)))
			if r.Decision != tc.want {
				t.Fatalf("decision %v, want %v (deciding %s)", r.Decision, tc.want, refs(r.Deciding))
			}
			partial := false
			for _, sr := range r.Deciding {
				partial = partial || sr.Partial
			}
			if partial != tc.partial {
				t.Errorf("partial %v, want %v", partial, tc.partial)
			}
		})
	}
}

// Without ResourcePrefix the same text is one literal ARN.
func TestEvaluatePrefixRequestIsOptIn(t *testing.T) {
	req := Request{Caller: sessionOf(t, roleA), Action: "s3:GetObject", Resource: "arn:aws:s3:::bucket/data/"}
	p := named(t, "p", identityDoc(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/data/?*"}`))
	if d := EvaluateIdentity(req, p).Decision; d != ImplicitDeny {
		t.Errorf("one ARN: %v, want implicit deny", d)
	}
	req.ResourcePrefix = true
	if d := EvaluateIdentity(req, p).Decision; d != Unknown {
		t.Errorf("prefix: %v, want unknown", d)
	}
}
