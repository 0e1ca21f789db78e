package chain_test

import (
	"strings"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/chain"
	"github.com/redshift-preflight/redshift-preflight/iam"
	"github.com/redshift-preflight/redshift-preflight/inventory"
	"github.com/redshift-preflight/redshift-preflight/inventory/load"
)

// The organization of these tests: management account 111111111111,
// root r-ab12 with OU ou-ab12-prod0001 holding member 123456789012;
// 222222222222 sits under the root directly.
const (
	mgmt   = "111111111111"
	member = "123456789012"
	other  = "222222222222"
	rootID = "r-ab12"
	prodOU = "ou-ab12-prod0001"
	full   = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
)

// orgPolicy is one OrganizationPolicies entry of a bundle.
func orgPolicy(id, name, ptype, content string, targets ...string) string {
	ts := make([]string, len(targets))
	for i, t := range targets {
		ts[i] = `{"TargetId":"` + t + `"}`
	}
	q := strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(content)
	return `{"Policy":{"PolicySummary":{"Id":"` + id + `","Name":"` + name + `","Type":"` + ptype + `"},"Content":"` + q + `"},"Targets":[` + strings.Join(ts, ",") + `]}`
}

// orgWorld loads the organization with these policies, and the
// describe-organization and list-accounts outputs unless left out.
func orgWorld(t *testing.T, describe bool, parents string, policies ...string) *inventory.Inventory {
	t.Helper()
	names := []string{"organizations.json", "accounts.json"}
	files := map[string]string{
		"organizations.json": `{"OrganizationsFormat":1,"OrganizationPolicyTypes":["SERVICE_CONTROL_POLICY","RESOURCE_CONTROL_POLICY"],"Roots":[{"Id":"r-ab12"}],"OrganizationParents":` + parents +
			`,"OrganizationPolicies":[` + strings.Join(policies, ",") + `]}`,
		"accounts.json": `{"Accounts":[{"Id":"111111111111"},{"Id":"123456789012"},{"Id":"222222222222"}]}`,
	}
	if describe {
		names = append(names, "org.json")
		files["org.json"] = `{"Organization":{"Id":"o-abcdefghij","MasterAccountId":"111111111111"}}`
	}
	inv, err := load.Files(names, func(n string) ([]byte, error) { return []byte(files[n]), nil })
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

const treeParents = `[{"ChildId":"123456789012","Parents":[{"Id":"ou-ab12-prod0001","Type":"ORGANIZATIONAL_UNIT"}]},
	{"ChildId":"ou-ab12-prod0001","Parents":[{"Id":"r-ab12","Type":"ROOT"}]},
	{"ChildId":"222222222222","Parents":[{"Id":"r-ab12","Type":"ROOT"}]},
	{"ChildId":"111111111111","Parents":[{"Id":"r-ab12","Type":"ROOT"}]}]`

// fullEverywhere is FullAWSAccess on every target of the tree.
var fullEverywhere = orgPolicy("p-FullAWSAccess", "FullAWSAccess", inventory.SCPType, full, rootID, prodOU, member, other, mgmt)

func session(t *testing.T, account, path, name string) chain.Principal {
	t.Helper()
	caller, err := iam.RoleSessionCaller("arn:aws:iam::"+account+":role"+path+name, "")
	if err != nil {
		t.Fatal(err)
	}
	return chain.Principal{Caller: caller, Role: &inventory.Role{Account: account, Path: path, Name: name}}
}

// outcome spells an issue for the tables: "ok", "fail/SCPDeny", "unknown/PolicyUnknown".
func outcome(i *chain.Issue) string {
	if i == nil {
		return "ok"
	}
	return string(i.Verdict) + "/" + i.Reason.String()
}

func TestSCPIssue(t *testing.T) {
	denyAssume := orgPolicy("p-denyassume1", "NoAssume", inventory.SCPType,
		`{"Statement":{"Sid":"NoCrossAssume","Effect":"Deny","Action":"sts:AssumeRole","Resource":"arn:aws:iam::222222222222:role/*"}}`, prodOU)
	s3Only := orgPolicy("p-s3only0001", "S3Only", inventory.SCPType,
		`{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`, prodOU)
	fullNotProd := orgPolicy("p-FullAWSAccess", "FullAWSAccess", inventory.SCPType, full, rootID, member, other, mgmt)
	withAssume := orgPolicy("p-s3assume01", "S3AndAssume", inventory.SCPType,
		`{"Statement":[{"Effect":"Allow","Action":["s3:*","sts:AssumeRole"],"Resource":"*"}]}`, prodOU)
	denyIP := orgPolicy("p-denyip0001", "DenyOutsideVPN", inventory.SCPType,
		`{"Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]}`, rootID)
	onlyRoot := orgPolicy("p-FullAWSAccess", "FullAWSAccess", inventory.SCPType, full, rootID)
	assume := iam.Request{Action: "sts:AssumeRole", Resource: "arn:aws:iam::222222222222:role/Target"}
	tests := []struct {
		name     string
		describe bool
		parents  string
		policies []string
		who      chain.Principal
		want     string
		message  string
	}{
		{name: "deny list: a Deny on the OU", describe: true, parents: treeParents, policies: []string{fullEverywhere, denyAssume},
			who: session(t, member, "/", "Load"), want: "fail/SCPDeny",
			message: `a Deny in SCP NoAssume (p-denyassume1) "NoCrossAssume" stops Load from doing sts:AssumeRole on arn:aws:iam::222222222222:role/Target: SCPs refuse whatever identity and resource policies allow`},
		{name: "allow list without the action", describe: true, parents: treeParents, policies: []string{fullNotProd, s3Only},
			who: session(t, member, "/", "Load"), want: "fail/SCPDeny",
			message: "no SCP attached to OU ou-ab12-prod0001 allows sts:AssumeRole, so Load doing sts:AssumeRole on arn:aws:iam::222222222222:role/Target is refused: every level from the root to the account must allow it"},
		{name: "allow list with the action", describe: true, parents: treeParents, policies: []string{fullNotProd, withAssume},
			who: session(t, member, "/", "Load"), want: "ok"},
		{name: "account outside the allow-list OU", describe: true, parents: treeParents, policies: []string{fullNotProd, s3Only},
			who: session(t, other, "/", "Load"), want: "ok"},
		{name: "management account exempt", describe: true, parents: treeParents, policies: []string{fullNotProd, s3Only, denyAssume,
			orgPolicy("p-denyall0001", "DenyAll", inventory.SCPType, `{"Statement":{"Effect":"Deny","Action":"*","Resource":"*"}}`, rootID)},
			who: session(t, mgmt, "/", "Admin"), want: "ok"},
		{name: "service-linked role exempt", describe: true, parents: treeParents, policies: []string{fullEverywhere, denyAssume},
			who: session(t, member, "/aws-service-role/redshift.amazonaws.com/", "AWSServiceRoleForRedshift"), want: "ok"},
		{name: "service principal: no account, no SCP", describe: true, parents: treeParents, policies: []string{fullEverywhere, denyAssume},
			who: chain.Principal{Caller: iam.ServiceCaller("redshift.amazonaws.com", "")}, want: "ok"},
		{name: "OU path unknown", describe: true, parents: `[{"ChildId":"123456789012","Parents":[{"Id":"ou-ab12-prod0001","Type":"ORGANIZATIONAL_UNIT"}]}]`,
			policies: []string{fullEverywhere}, who: session(t, member, "/", "Load"), want: "unknown/PolicyUnknown",
			message: "the OU path of account 123456789012 is not in the Organizations data, so the SCPs that apply to Load are not known and whether Load may sts:AssumeRole on arn:aws:iam::222222222222:role/Target cannot be checked"},
		{name: "management account unknown", parents: treeParents, policies: []string{fullEverywhere},
			who: session(t, member, "/", "Load"), want: "unknown/PolicyUnknown"},
		{name: "account not in the organization", describe: true, parents: treeParents, policies: []string{fullEverywhere, denyAssume},
			who: session(t, "999999999999", "/", "Outsider"), want: "ok"},
		{name: "a level without any SCP in the data", describe: true, parents: treeParents, policies: []string{onlyRoot},
			who: session(t, member, "/", "Load"), want: "unknown/PolicyUnknown",
			message: "no SCP attached to OU ou-ab12-prod0001 is in the Organizations data (AWS keeps at least one at every level), so whether Load may sts:AssumeRole on arn:aws:iam::222222222222:role/Target cannot be checked"},
		{name: "SCPs not enabled (listed whole, none)", describe: true, parents: treeParents, policies: nil,
			who: session(t, member, "/", "Load"), want: "ok"},
		{name: "a Deny on a condition that cannot be known", describe: true, parents: treeParents, policies: []string{fullEverywhere, denyIP},
			who: session(t, member, "/", "Load"), want: "unknown/ConditionUnverifiable"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			inv := orgWorld(t, tc.describe, tc.parents, tc.policies...)
			req := assume
			req.Caller = tc.who.Caller
			req.Context = tc.who.Context()
			got := chain.SCPIssue(inv, tc.who, req, tc.who.Name())
			if outcome(got) != tc.want {
				t.Fatalf("got %s, want %s (%+v)", outcome(got), tc.want, got)
			}
			if tc.message != "" && got.Message != tc.message {
				t.Errorf("message\n got %s\nwant %s", got.Message, tc.message)
			}
		})
	}
}

func TestRCPIssue(t *testing.T) {
	rcpFull := orgPolicy("p-RCPFullAWSAccess", "RCPFullAWSAccess", inventory.RCPType,
		`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}`, rootID, prodOU, member, other, mgmt)
	lockBucket := orgPolicy("p-lockbucket1", "LockArchive", inventory.RCPType,
		`{"Statement":[{"Sid":"NoWrites","Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::archive/*"}]}`, prodOU)
	perimeter := orgPolicy("p-perimeter1", "Perimeter", inventory.RCPType,
		`{"Statement":[{"Sid":"OrgOnly","Effect":"Deny","Principal":"*","Action":["s3:*","sts:*","lambda:*"],"Resource":"*","Condition":{"StringNotEqualsIfExists":{"aws:PrincipalOrgID":"o-abcdefghij"}}}]}`, rootID)
	put := iam.Request{Action: "s3:PutObject", Resource: "arn:aws:s3:::archive/unload/", ResourcePrefix: true}
	tests := []struct {
		name     string
		policies []string
		who      chain.Principal
		req      iam.Request
		account  string
		want     string
	}{
		{name: "a Deny on the bucket's account", policies: []string{rcpFull, lockBucket}, who: session(t, other, "/", "Unload"), req: put, account: member, want: "fail/RCPDeny"},
		{name: "the bucket in the management account", policies: []string{rcpFull, lockBucket}, who: session(t, other, "/", "Unload"), req: put, account: mgmt, want: "ok"},
		{name: "the bucket in another OU", policies: []string{rcpFull, lockBucket}, who: session(t, member, "/", "Unload"), req: put, account: other, want: "ok"},
		{name: "the bucket's account unknown", policies: []string{rcpFull, lockBucket}, who: session(t, other, "/", "Unload"), req: put, account: "", want: "unknown/PolicyUnknown"},
		{name: "a service RCPs do not cover", policies: []string{rcpFull, perimeter}, who: session(t, "999999999999", "/", "Outsider"),
			req: iam.Request{Action: "lambda:InvokeFunction", Resource: "arn:aws:lambda:us-east-1:123456789012:function:f"}, account: member, want: "ok"},
		{name: "perimeter: a caller of the organization", policies: []string{rcpFull, perimeter}, who: session(t, other, "/", "Unload"), req: put, account: member, want: "ok"},
		{name: "perimeter: a caller whose organization is unknown", policies: []string{rcpFull, perimeter}, who: session(t, "999999999999", "/", "Outsider"),
			req: put, account: member, want: "unknown/ConditionUnverifiable"},
		{name: "the bucket's account unknown, no Deny on it", policies: []string{rcpFull, lockBucket}, who: session(t, other, "/", "Unload"),
			req: iam.Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::archive/unload/", ResourcePrefix: true}, account: "", want: "ok"},
		{name: "only RCPFullAWSAccess: nothing to check", policies: []string{rcpFull}, who: session(t, other, "/", "Unload"), req: put, account: "", want: "ok"},
		{name: "service-linked role", policies: []string{rcpFull, lockBucket}, who: session(t, other, "/aws-service-role/x.amazonaws.com/", "SLR"), req: put, account: member, want: "ok"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			inv := orgWorld(t, true, treeParents, append([]string{fullEverywhere}, tc.policies...)...)
			req := tc.req
			req.Caller, req.Context = tc.who.Caller, tc.who.Context()
			got := chain.RCPIssue(inv, tc.who, req, tc.account, tc.who.Name())
			if outcome(got) != tc.want {
				t.Fatalf("got %s, want %s (%+v)", outcome(got), tc.want, got)
			}
		})
	}
}

// Policies from a bundle that does not say it lists a type whole may miss
// a Deny: unknown, never ok.
func TestGuardrailsPoliciesNotListedWhole(t *testing.T) {
	files := map[string]string{
		"org.json": `{"Organization":{"Id":"o-abcdefghij","MasterAccountId":"111111111111"},"OrganizationParents":` + treeParents +
			`,"OrganizationPolicies":[` + fullEverywhere + `]}`,
	}
	inv, err := load.Files([]string{"org.json"}, func(n string) ([]byte, error) { return []byte(files[n]), nil })
	if err != nil {
		t.Fatal(err)
	}
	who := session(t, member, "/", "Load")
	req := iam.Request{Caller: who.Caller, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k", Context: who.Context()}
	if got := chain.SCPIssue(inv, who, req, "Load"); outcome(got) != "unknown/PolicyUnknown" {
		t.Errorf("SCP: %s", outcome(got))
	}
	if got := chain.RCPIssue(inv, who, req, other, "Load"); outcome(got) != "unknown/PolicyUnknown" {
		t.Errorf("RCP: %s", outcome(got))
	}
}
