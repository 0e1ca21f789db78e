package load_test

import (
	"os"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/iam"
	. "github.com/redshift-preflight/redshift-preflight/inventory/internal/invtest"
)

const orgsFixture = "../testdata/orgs/organizations.json"

func TestOrganizationsBundle(t *testing.T) {
	inv := MustLoad(t, []string{orgsFixture}, nil)
	o := inv.Organization()
	if o == nil || o.ID != "o-abcdefghij" || o.ManagementAccount != "111111111111" {
		t.Fatalf("organization = %+v", o)
	}
	path, ok := o.Path("123456789012")
	if !ok || len(path) != 3 || path[0] != "r-ab12" || path[1] != "ou-ab12-prod0001" || path[2] != "123456789012" {
		t.Errorf("Path = %v, %v", path, ok)
	}
	if _, ok := o.Path("222222222222"); ok {
		t.Error("an account without parents has a path")
	}
	if o.Member("222222222222") != iam.False || o.Member("123456789012") != iam.True {
		t.Error("membership from list-accounts is wrong")
	}
	if got := o.Attached("SERVICE_CONTROL_POLICY", "ou-ab12-prod0001"); len(got) != 1 || got[0].Policy.Label != "SCP FullAWSAccess (p-FullAWSAccess)" {
		t.Errorf("Attached = %v", got)
	}
}

// The CLI outputs as they are: describe-organization, list-roots and
// list-accounts, each its own file, merge into one organization.
func TestOrganizationsCLIOutputs(t *testing.T) {
	inv, err := LoadMem(
		"describe-organization.json", `{"Organization":{"Id":"o-abcdefghij","MasterAccountId":"111111111111","FeatureSet":"ALL"}}`,
		"list-roots.json", `{"Roots":[{"Id":"r-ab12","Name":"Root"}]}`,
		"list-accounts.json", `{"Accounts":[{"Id":"123456789012"}]}`)
	if err != nil {
		t.Fatal(err)
	}
	o := inv.Organization()
	if o.ManagementAccount != "111111111111" || len(o.Roots) != 1 || !o.AccountsListed {
		t.Errorf("organization = %+v", o)
	}
}

func TestOrganizationsErrors(t *testing.T) {
	pol := func(summary, content, targets string) string {
		return `{"OrganizationPolicies":[{"Policy":{"PolicySummary":` + summary + content + `}` + targets + `}]}`
	}
	okSummary := `{"Id":"p-abcdefgh","Name":"X","Type":"SERVICE_CONTROL_POLICY"}`
	tests := []struct{ name, data, want string }{
		{"bad organization id", `{"Organization":{"Id":"x","MasterAccountId":"111111111111"}}`,
			`f.json: Organization.Id: want an organization id (o-...), got "x"`},
		{"bad management account", `{"Organization":{"Id":"o-abcdefghij","MasterAccountId":"1"}}`,
			`f.json: Organization.MasterAccountId: want a 12-digit account id, got "1"`},
		{"two parents", `{"OrganizationParents":[{"ChildId":"123456789012","Parents":[{"Id":"r-ab12"},{"Id":"r-cd34"}]}]}`,
			`f.json: OrganizationParents[0].Parents: want exactly one parent, got 2`},
		{"list-policies instead of describe-policy", pol(okSummary, ``, `,"Targets":[]`),
			`f.json: OrganizationPolicies[0].Policy: missing Content: give describe-policy output, not list-policies`},
		{"no targets", pol(okSummary, `,"Content":"{}"`, ``),
			`f.json: OrganizationPolicies[0]: missing Targets (list-targets-for-policy's answer)`},
		{"content not a policy", pol(okSummary, `,"Content":"{\"Statement\":[{\"Effect\":\"Maybe\",\"Action\":\"*\",\"Resource\":\"*\"}]}"`, `,"Targets":[]`),
			`f.json: OrganizationPolicies[0].Policy.Content: Statement[0].Effect: want "Allow" or "Deny", got "Maybe"`},
		{"other policy type", pol(`{"Id":"p-abcdefgh","Name":"X","Type":"TAG_POLICY"}`, `,"Content":"{}"`, `,"Targets":[]`),
			`f.json: OrganizationPolicies[0].Policy.PolicySummary.Type: want SERVICE_CONTROL_POLICY or RESOURCE_CONTROL_POLICY, got "TAG_POLICY"`},
		{"bad target", pol(okSummary, `,"Content":"{\"Statement\":[]}"`, `,"Targets":[{"TargetId":"nope"}]`),
			`f.json: OrganizationPolicies[0].Targets[0].TargetId: want a root, OU or account id, got "nope"`},
		{"format", `{"OrganizationsFormat":2}`,
			`f.json: OrganizationsFormat: organizations.json format 2 is not one this version reads (1): collect again with this version`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadMem("f.json", tc.data)
			if le := AsLoadError(t, err); le.Error() != tc.want {
				t.Errorf("\n got %s\nwant %s", le.Error(), tc.want)
			}
		})
	}
	_, err := LoadMem("a.json", `{"Organization":{"Id":"o-abcdefghij","MasterAccountId":"111111111111"}}`,
		"b.json", `{"Organization":{"Id":"o-abcdefghij","MasterAccountId":"222222222222"}}`)
	if le := AsLoadError(t, err); le.Error() != "b.json: the management account is 222222222222 here and 111111111111 in another file: give the data of one organization" {
		t.Errorf("clash: %s", le.Error())
	}
}

// FuzzOrganizations feeds arbitrary bytes as Organizations data beside the
// bundle fixture: no panic, a *LoadError or a working inventory.
func FuzzOrganizations(f *testing.F) {
	bundle, err := os.ReadFile(orgsFixture)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(bundle)
	f.Add([]byte(`{"Organization":{"Id":"o-abcdefghij","MasterAccountId":"111111111111"},"Roots":[{"Id":"r-ab12"}],"Accounts":[]}`))
	f.Add([]byte(`{"OrganizationParents":[{"ChildId":"ou-ab12-prod0001","Parents":[{"Id":"ou-ab12-prod0001"}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		inv, err := LoadMem("org.json", string(data), "bundle.json", string(bundle))
		CheckLoad(t, inv, err)
		if err == nil {
			if o := inv.Organization(); o != nil {
				o.Path("123456789012")
				o.Path("ou-ab12-prod0001")
			}
		}
	})
}
