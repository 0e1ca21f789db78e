package iam

import (
	"strings"
	"testing"
)

const (
	acct      = "123456789012"
	otherAcct = "210987654321"
	roleA     = "arn:aws:iam::123456789012:role/RoleA"
	roleB     = "arn:aws:iam::123456789012:role/RoleB"
	roleX     = "arn:aws:iam::210987654321:role/RoleX"
	dbUserARN = "arn:aws:redshift:us-east-1:123456789012:dbuser:analytics-cluster/etl_user"
)

// mustPolicy decodes a policy written in a test, failing the test if it
// does not decode.
func mustPolicy(t testing.TB, doc string) *Policy {
	t.Helper()
	p, err := DecodePolicyString(doc)
	if err != nil {
		t.Fatalf("decode %s: %v", doc, err)
	}
	return p
}

func named(t testing.TB, label, doc string) NamedPolicy {
	t.Helper()
	return NamedPolicy{Label: label, Document: mustPolicy(t, doc)}
}

func sessionOf(t testing.TB, roleARN string) Caller {
	t.Helper()
	c, err := RoleSessionCaller(roleARN, "")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// refs renders statement results as "label#index:sid" for compact expected values.
func refs(list []StatementResult) string {
	var parts []string
	for _, sr := range list {
		parts = append(parts, sr.Ref.String())
	}
	return strings.Join(parts, ", ")
}

// identityDoc wraps statements in a 2012-10-17 document.
func identityDoc(statements string) string {
	return `{"Version":"2012-10-17","Statement":[` + statements + `]}`
}
