package inventory

import (
	"strings"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/iam"
)

func TestCanonicalIgnoresOrder(t *testing.T) {
	a := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":"*"},{"Effect":"Deny","Action":"iam:*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/x":["b","a"]}}}]}`
	b := `{"Statement":[{"Effect":"Deny","Action":["iam:*"],"Resource":["*"],"Condition":{"StringEquals":{"aws:PrincipalTag/x":["a","b","a"]}}},{"Resource":"*","Effect":"Allow","Action":["s3:ListBucket","s3:GetObject"]}],"Version":"2012-10-17"}`
	c := strings.Replace(a, "s3:ListBucket", "s3:PutObject", 1)
	pa, pb, pc := mustDecode(t, a), mustDecode(t, b), mustDecode(t, c)
	if canonical(pa) != canonical(pb) {
		t.Errorf("reordered documents differ:\n%s\n%s", canonical(pa), canonical(pb))
	}
	if canonical(pa) == canonical(pc) {
		t.Error("different documents compare equal")
	}
}

func mustDecode(t *testing.T, doc string) *iam.Policy {
	t.Helper()
	p, err := iam.DecodePolicy([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	return p
}
