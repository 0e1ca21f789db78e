package chain_test

import (
	"strings"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/chain"
	"github.com/redshift-preflight/redshift-preflight/inventory/load"
)

// memWorld loads in-memory files (name, content, name, content...) without cluster data.
func memWorld(t *testing.T, files ...string) chain.World {
	t.Helper()
	var names []string
	data := map[string]string{}
	for i := 0; i+1 < len(files); i += 2 {
		names = append(names, files[i])
		data[files[i]] = files[i+1]
	}
	inv, err := load.Files(names, func(name string) ([]byte, error) { return []byte(data[name]), nil })
	if err != nil {
		t.Fatal(err)
	}
	return chain.World{Inventory: inv, DBUser: "etl_user"}
}

// gaadRole is a RoleDetailList entry with this trust policy and no permission policies.
func gaadRole(arn, trust string) string {
	name := arn[strings.LastIndex(arn, "/")+1:]
	return `{"RoleName":"` + name + `","Arn":"` + arn + `","AssumeRolePolicyDocument":` + trust +
		`,"RolePolicyList":[],"AttachedManagedPolicies":[]}`
}

// A hop out of a role that is not in the data: the target's trust policy
// still decides a fail (iam-semantics.md §9 precedence), never an ok.
func TestHopFromUnknownRole(t *testing.T) {
	const prev = d + "Gone" // account 444444444444 is not in the data
	const samePrev = a + "Gone"
	trust := func(stmts string) string { return `{"Version":"2012-10-17","Statement":[` + stmts + `]}` }
	allow := func(principal string) string {
		return `{"Effect":"Allow","Principal":{"AWS":"` + principal + `"},"Action":"sts:AssumeRole"}`
	}
	tests := []struct {
		name, from, trust, want string
	}{
		{"trust names another role", prev, trust(allow(b + "Other")), "fail/TrustMissing unknown/RoleUnknown"},
		{"trust names the previous role", prev, trust(allow(prev)), "unknown/RoleUnknown"},
		{"trust names the previous role's account", prev, trust(allow("arn:aws:iam::444444444444:root")), "unknown/RoleUnknown"},
		{"trust allows it and denies every AWS principal", prev,
			trust(allow(prev) + `,{"Effect":"Deny","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}`), "fail/ExplicitDeny unknown/RoleUnknown"},
		{"trust condition on the unknown role's tag", prev,
			trust(`{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:PrincipalTag/team":"data"}}}`), "unknown/RoleUnknown"},
		// Same account, trust naming the role ARN: only the boundary could
		// stop it, and the boundary of a role not in the data is unknown.
		{"same account, trust names the previous role", samePrev, trust(allow(samePrev)), "unknown/RoleUnknown"},
		{"same account, trust names another role", samePrev, trust(allow(a + "Other")), "fail/TrustMissing unknown/RoleUnknown"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := memWorld(t, "iam.json", `{"RoleDetailList":[`+gaadRole(b+"Target", tc.trust)+`,`+gaadRole(a+"Other", trust(""))+`],"Policies":[]}`)
			if strings.HasPrefix(tc.from, a) { // put the target in the previous role's account
				w = memWorld(t, "iam.json", `{"RoleDetailList":[`+gaadRole(a+"Target", tc.trust)+`],"Policies":[]}`)
			}
			target := b + "Target"
			if strings.HasPrefix(tc.from, a) {
				target = a + "Target"
			}
			hops := chain.Walk(w, []string{a + "First", tc.from, target}, nil)
			h := hops[2]
			var got []string
			for _, i := range h.Issues {
				got = append(got, string(i.Verdict)+"/"+i.Reason.String())
			}
			if strings.Join(got, " ") != tc.want {
				t.Errorf("issues = %s, want %s", strings.Join(got, " "), tc.want)
				logIssues(t, h)
			}
		})
	}
}

// IAM data gaps (an export entry without a policy list, a default version
// without its document) make the hops that need those policies
// policy-unknown: a missing list could hide a Deny.
func TestHopWithPolicyGaps(t *testing.T) {
	const target = a + "Target"
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"` + a + `Prev"},"Action":"sts:AssumeRole"}]}`
	prev := func(members string) string {
		return `{"RoleName":"Prev","Arn":"` + a + `Prev","AssumeRolePolicyDocument":{"Version":"2012-10-17","Statement":[]}` + members + `}`
	}
	const managed = `"AttachedManagedPolicies":[{"PolicyArn":"arn:aws:iam::123456789012:policy/M"}]`
	tests := []struct {
		name, prev, policies, want string
	}{
		{"complete export", prev(`,"RolePolicyList":[],"AttachedManagedPolicies":[]`), ``, "ok"},
		{"no RolePolicyList", prev(`,"AttachedManagedPolicies":[]`), ``, "unknown/PolicyUnknown"},
		{"no AttachedManagedPolicies", prev(`,"RolePolicyList":[]`), ``, "unknown/PolicyUnknown"},
		{"default version without its document", prev(`,"RolePolicyList":[],` + managed),
			`{"Arn":"arn:aws:iam::123456789012:policy/M","DefaultVersionId":"v1","PolicyVersionList":[{"VersionId":"v1","IsDefaultVersion":true}]}`, "unknown/PolicyUnknown"},
		{"default version by DefaultVersionId", prev(`,"RolePolicyList":[],` + managed),
			`{"Arn":"arn:aws:iam::123456789012:policy/M","DefaultVersionId":"v1","PolicyVersionList":[{"VersionId":"v1","Document":{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"sts:*","Resource":"*"}]}}]}`,
			"fail/ExplicitDeny"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := memWorld(t, "iam.json", `{"RoleDetailList":[`+tc.prev+`,`+gaadRole(target, trust)+`],"Policies":[`+tc.policies+`]}`)
			h := chain.Walk(w, []string{a + "First", a + "Prev", target}, nil)[2]
			if got := verdictOf(h); got != tc.want {
				t.Errorf("hop = %s, want %s", got, tc.want)
				logIssues(t, h)
			}
		})
	}
}
