package collect

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/redshift-preflight/redshift-preflight/inventory/load"
)

// fakeOrg is the organization of the fake: management account 111111111111
// (the caller of these tests), root r-ab12, OU ou-ab12-prod0001 holding
// 222222222222, and an SCP denying sts:AssumeRole attached to that OU.
type fakeOrg struct{}

func (f *fakeAWS) orgAnswer(account, op string, params any) (any, error, bool) {
	if f.org == nil {
		if op == "DescribeOrganization" {
			return nil, &orgtypes.AWSOrganizationsNotInUseException{Message: aws.String("not in use")}, true
		}
		return nil, nil, false
	}
	const full = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
	const deny = `{"Version":"2012-10-17","Statement":[{"Sid":"NoAssume","Effect":"Deny","Action":"sts:AssumeRole","Resource":"*"}]}`
	policy := func(id, name, content string) *orgtypes.Policy {
		return &orgtypes.Policy{Content: aws.String(content), PolicySummary: &orgtypes.PolicySummary{Id: aws.String(id), Name: aws.String(name),
			Type: orgtypes.PolicyTypeServiceControlPolicy, AwsManaged: id == "p-FullAWSAccess"}}
	}
	switch op {
	case "DescribeOrganization":
		return &organizations.DescribeOrganizationOutput{Organization: &orgtypes.Organization{Id: aws.String("o-abcdefghij"),
			MasterAccountId: aws.String("111111111111"), FeatureSet: orgtypes.OrganizationFeatureSetAll}}, nil, true
	case "ListRoots":
		return &organizations.ListRootsOutput{Roots: []orgtypes.Root{{Id: aws.String("r-ab12"), Name: aws.String("Root")}}}, nil, true
	case "ListAccounts":
		return &organizations.ListAccountsOutput{Accounts: []orgtypes.Account{{Id: aws.String("222222222222")}, {Id: aws.String("111111111111")}}}, nil, true
	case "ListOrganizationalUnitsForParent":
		if *params.(*organizations.ListOrganizationalUnitsForParentInput).ParentId == "r-ab12" {
			return &organizations.ListOrganizationalUnitsForParentOutput{OrganizationalUnits: []orgtypes.OrganizationalUnit{{Id: aws.String("ou-ab12-prod0001")}}}, nil, true
		}
		return &organizations.ListOrganizationalUnitsForParentOutput{}, nil, true
	case "ListAccountsForParent":
		if *params.(*organizations.ListAccountsForParentInput).ParentId == "r-ab12" {
			return &organizations.ListAccountsForParentOutput{Accounts: []orgtypes.Account{{Id: aws.String("111111111111")}}}, nil, true
		}
		return &organizations.ListAccountsForParentOutput{Accounts: []orgtypes.Account{{Id: aws.String("222222222222")}}}, nil, true
	case "ListPolicies":
		if params.(*organizations.ListPoliciesInput).Filter != orgtypes.PolicyTypeServiceControlPolicy {
			return &organizations.ListPoliciesOutput{Policies: []orgtypes.PolicySummary{}}, nil, true
		}
		return &organizations.ListPoliciesOutput{Policies: []orgtypes.PolicySummary{*policy("p-noassume01", "NoAssume", deny).PolicySummary,
			*policy("p-FullAWSAccess", "FullAWSAccess", full).PolicySummary}}, nil, true
	case "DescribePolicy":
		id := *params.(*organizations.DescribePolicyInput).PolicyId
		if id == "p-FullAWSAccess" {
			return &organizations.DescribePolicyOutput{Policy: policy(id, "FullAWSAccess", full)}, nil, true
		}
		return &organizations.DescribePolicyOutput{Policy: policy(id, "NoAssume", deny)}, nil, true
	case "ListTargetsForPolicy":
		if *params.(*organizations.ListTargetsForPolicyInput).PolicyId == "p-FullAWSAccess" {
			return &organizations.ListTargetsForPolicyOutput{Targets: []orgtypes.PolicyTargetSummary{{TargetId: aws.String("r-ab12")},
				{TargetId: aws.String("ou-ab12-prod0001")}, {TargetId: aws.String("222222222222")}, {TargetId: aws.String("111111111111")}}}, nil, true
		}
		return &organizations.ListTargetsForPolicyOutput{Targets: []orgtypes.PolicyTargetSummary{{TargetId: aws.String("ou-ab12-prod0001")}}}, nil, true
	}
	return nil, nil, false
}

func runOrgFake(t *testing.T, f *fakeAWS) (*Result, string) {
	t.Helper()
	awsEnv(t)
	dir := t.TempDir()
	res, err := collectWith(t, f, dir)
	if err != nil {
		t.Fatal(err)
	}
	return res, dir
}

func TestCollectOrganizations(t *testing.T) {
	f := newFake()
	f.org = &fakeOrg{}
	res, dir := runOrgFake(t, f)
	if len(res.Gaps) != 0 {
		t.Fatalf("gaps: %v", res.Gaps)
	}
	data, err := os.ReadFile(filepath.Join(dir, OrganizationsFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"MasterAccountId": "111111111111"`, `"ChildId": "222222222222"`, `"Id": "ou-ab12-prod0001"`,
		`"OrganizationPolicyTypes": [
        "SERVICE_CONTROL_POLICY",
        "RESOURCE_CONTROL_POLICY"
    ]`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("organizations.json lacks %s:\n%s", want, data)
		}
	}
	inv, err := load.Load([]string{dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	path, ok := inv.Organization().Path("222222222222")
	if !ok || strings.Join(path, " ") != "r-ab12 ou-ab12-prod0001 222222222222" {
		t.Errorf("path = %v %v", path, ok)
	}
	// a second run writes the same bytes
	_, dir2 := runOrgFake(t, f)
	again, _ := os.ReadFile(filepath.Join(dir2, OrganizationsFile))
	if string(again) != string(data) {
		t.Error("a second run wrote other bytes")
	}
}

// A member account may describe its organization but not list it: each
// refusal is a gap, the file keeps what was read, and the policy types
// whose listing failed are not claimed whole.
func TestCollectOrganizationsDenied(t *testing.T) {
	f := newFake()
	f.org = &fakeOrg{}
	for _, op := range []string{"ListRoots", "ListAccounts", "ListPolicies"} {
		f.fail["111111111111 "+op] = denied("organizations:" + op)
	}
	res, dir := runOrgFake(t, f)
	var calls []string
	for _, g := range res.Gaps {
		calls = append(calls, g.Call+" "+g.Code)
	}
	// ListPolicies is denied for both types: one gap, as gaps are kept once
	want := "organizations:ListAccounts AccessDenied, organizations:ListPolicies AccessDenied, organizations:ListRoots AccessDenied"
	if got := strings.Join(calls, ", "); got != want {
		t.Errorf("gaps\n got %s\nwant %s", got, want)
	}
	inv, err := load.Load([]string{dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	o := inv.Organization()
	if o.ManagementAccount != "111111111111" || o.AccountsListed || o.PolicyTypesListed["SERVICE_CONTROL_POLICY"] {
		t.Errorf("organization = %+v", o)
	}
}

// Not in an organization: no file, no gap.
func TestCollectNoOrganization(t *testing.T) {
	res, dir := runOrgFake(t, newFake())
	if len(res.Gaps) != 0 {
		t.Errorf("gaps: %v", res.Gaps)
	}
	if _, err := os.Stat(filepath.Join(dir, OrganizationsFile)); !os.IsNotExist(err) {
		t.Errorf("organizations.json written: %v", err)
	}
}
