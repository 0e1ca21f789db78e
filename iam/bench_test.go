package iam

import (
	"strings"
	"testing"
)

func BenchmarkMatchAction(b *testing.B) {
	for b.Loop() {
		MatchAction("iam:*AccessKey*", "iam:ListAccessKeys")
	}
}

func BenchmarkMatchResource(b *testing.B) {
	for b.Loop() {
		MatchResource("arn:aws:iam::*:role/service-role/*", "arn:aws:iam::123456789012:role/service-role/RedshiftSpectrumRole")
	}
}

// BenchmarkMatchPathological shows the automaton's linear cost on the input
// that makes backtracking matchers exponential.
func BenchmarkMatchPathological(b *testing.B) {
	pattern, text := pathological(40), strings.Repeat("a", 10_000)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		MatchAction(pattern, text)
	}
}

// benchPolicies is a realistic identity side: a few policies, a dozen
// statements, conditions that need the context.
func benchPolicies(b *testing.B) []NamedPolicy {
	return []NamedPolicy{
		named(b, "AllowRoleChaining", identityDoc(`{"Sid":"Chain","Effect":"Allow","Action":"sts:AssumeRole","Resource":["`+roleB+`","arn:aws:iam::123456789012:role/service-role/*"]}`)),
		named(b, "S3Read", identityDoc(`{"Effect":"Allow","Action":["s3:GetObject","s3:ListBucket","s3:GetBucketLocation"],"Resource":["arn:aws:s3:::bucket","arn:aws:s3:::bucket/*"]},
			{"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::export/${aws:username}/*"}`)),
		named(b, "Glue", identityDoc(`{"Effect":"Allow","Action":["glue:Get*","glue:CreateTable","athena:*"],"Resource":"*"}`)),
		named(b, "Guard", identityDoc(`{"Effect":"Deny","NotAction":["s3:*","glue:*","sts:*","athena:*","lambda:InvokeFunction"],"Resource":"*"},
			{"Effect":"Deny","Action":"sts:AssumeRole","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalAccount":"123456789012"}}},
			{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/env":"sandbox"}}}`)),
		named(b, "Lambda", identityDoc(`{"Effect":"Allow","Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:us-east-1:123456789012:function:redshift-udf-*"}`)),
	}
}

func BenchmarkEvaluateIdentity(b *testing.B) {
	policies := benchPolicies(b)
	caller := sessionOf(b, roleA)
	req := Request{Caller: caller, Action: "sts:AssumeRole", Resource: roleB,
		Context: PrincipalContext(caller).SetAbsentPrefix("aws:PrincipalTag/")}
	for b.Loop() {
		if r := EvaluateIdentity(req, policies...); r.Decision != Allowed {
			b.Fatal(r.Decision)
		}
	}
}

func BenchmarkAuthorizeAssumeRole(b *testing.B) {
	policies := benchPolicies(b)
	caller := sessionOf(b, roleA)
	trust := named(b, "trust", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"`+roleA+`"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"`+dbUserARN+`"}}}}`)
	ctx := PrincipalContext(caller).SetAbsentPrefix("aws:PrincipalTag/").Set("sts:ExternalId", dbUserARN)
	for b.Loop() {
		if a := AuthorizeAssumeRole(caller, roleB, trust, policies, nil, ctx); a.Decision != Allowed {
			b.Fatal(a.Decision)
		}
	}
}

func BenchmarkDecodePolicyURLEncoded(b *testing.B) {
	doc := []byte(`"%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Sid%22%3A%22AllowRedshiftClusterRoleToChain%22%2C%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22AWS%22%3A%22arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FRedshiftClusterRole%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%2C%22Condition%22%3A%7B%22StringEquals%22%3A%7B%22sts%3AExternalId%22%3A%22arn%3Aaws%3Aredshift%3Aus-east-1%3A123456789012%3Adbuser%3Aanalytics-cluster%2Fetl_user%22%7D%7D%7D%5D%7D"`)
	b.SetBytes(int64(len(doc)))
	for b.Loop() {
		if _, err := DecodePolicy(doc); err != nil {
			b.Fatal(err)
		}
	}
}
