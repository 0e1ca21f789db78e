package inventory_test

import (
	"strings"
	"testing"

	. "github.com/redshift-preflight/redshift-preflight/inventory/internal/invtest"
)

// Documents are decoded on first use: Decode and DecodeAll report a
// document that iam.DecodePolicy rejects with the full JSON path; the
// accessor leaves that document nil (unknown), never empty.
func TestDecodeErrors(t *testing.T) {
	role := func(name, trust string) string {
		return `{"Arn":"arn:aws:iam::123456789012:role/` + name + `","AssumeRolePolicyDocument":` + trust + `}`
	}
	bad := role("D", strings.Replace(TrustOK, `"Effect":"Allow"`, `"Effect":"allow"`, 1))
	inv, err := LoadMem("iam/prod.json", GAADWith(RoleOK, role("B", TrustOK), role("C", TrustOK), bad))
	if err != nil {
		t.Fatal(err)
	}
	const want = `iam/prod.json: RoleDetailList[3].AssumeRolePolicyDocument.Statement[0].Effect: want "Allow" or "Deny", got "allow"`
	if err := inv.Decode("arn:aws:iam::123456789012:role/A"); err != nil {
		t.Errorf("Decode of a good role: %v", err)
	}
	for name, err := range map[string]error{
		"Decode":    inv.Decode("arn:aws:iam::123456789012:role/A", "arn:aws:iam::123456789012:role/D", "arn:aws:iam::123456789012:role/none"),
		"DecodeAll": inv.DecodeAll(),
	} {
		if err == nil || err.Error() != want {
			t.Errorf("%s: %v, want %s", name, err, want)
		}
		AsLoadError(t, err)
	}
	if r := inv.Role("arn:aws:iam::123456789012:role/D"); r.Trust.Document != nil {
		t.Error("undecodable trust policy is not nil")
	}

	// Managed policy documents, including URL-encoded ones.
	inv, err = LoadMem("iam/p.json", `{"Policies":[{"Arn":"arn:aws:iam::123456789012:policy/P","PolicyVersionList":[`+
		`{"VersionId":"v1","IsDefaultVersion":true,"Document":"%7B%22Statement%22%3A%5B%5D%2C%22Bogus%22%3A1%7D"}]}]}`)
	if err != nil {
		t.Fatal(err)
	}
	const wantP = `iam/p.json: Policies[0].PolicyVersionList[0].Document.Bogus: unknown element (want one of Version, Id, Statement)`
	if err := inv.DecodeAll(); err == nil || err.Error() != wantP {
		t.Errorf("DecodeAll: %v, want %s", err, wantP)
	}
}
