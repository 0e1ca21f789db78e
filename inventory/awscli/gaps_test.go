package awscli_test

import (
	"strings"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/iam"
	"github.com/redshift-preflight/redshift-preflight/inventory"
	. "github.com/redshift-preflight/redshift-preflight/inventory/internal/invtest"
)

// labels names each policy, with "?" after one whose document is unknown.
func labels(list []iam.NamedPolicy) string {
	var out []string
	for _, p := range list {
		s := p.Label
		if p.Document == nil {
			s += " ?"
		}
		out = append(out, s)
	}
	return strings.Join(out, " | ")
}

// An authorization-details entry lacking a policy list has unknown
// policies, not none (a missing list could hide a Deny); the lists it has
// are still read.
func TestExportPolicyListsMissing(t *testing.T) {
	const inline = `"RolePolicyList":[{"PolicyName":"I","PolicyDocument":` + allowDoc + `}]`
	const attached = `"AttachedManagedPolicies":[{"PolicyArn":"arn:aws:iam::aws:policy/P"}]`
	role := func(members string) string {
		return strings.Replace(RoleOK, `{"RoleName"`, `{`+members+`"RoleName"`, 1)
	}
	tests := []struct {
		name, role, want string
	}{
		{"both lists", role(inline + "," + attached + ","),
			"inline policy I of role/A | managed policy arn:aws:iam::aws:policy/P ?"},
		{"no RolePolicyList", role(attached + ","),
			"managed policy arn:aws:iam::aws:policy/P ? | permission policies of role/A (not in the data: the get-account-authorization-details entry has no RolePolicyList) ?"},
		{"no AttachedManagedPolicies", role(inline + ","),
			"inline policy I of role/A | permission policies of role/A (not in the data: the get-account-authorization-details entry has no AttachedManagedPolicies) ?"},
		{"neither", RoleOK,
			"permission policies of role/A (not in the data: the get-account-authorization-details entry has no RolePolicyList and AttachedManagedPolicies) ?"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			inv, err := LoadMem("iam.json", GAADWith(tc.role))
			if err != nil {
				t.Fatal(err)
			}
			r := inv.Role("arn:aws:iam::123456789012:role/A")
			if got := labels(inv.IdentityPolicies(r)); got != tc.want {
				t.Errorf("identity policies\n got %s\nwant %s", got, tc.want)
			}
			if r.PoliciesKnown != (tc.name == "both lists") {
				t.Errorf("PoliciesKnown = %v", r.PoliciesKnown)
			}
		})
	}
	t.Run("a complete definition in another file replaces it", func(t *testing.T) {
		inv, err := LoadMem("a.json", GAADWith(RoleOK), "b.json", GAADWith(role(inline+","+attached+",")))
		if err != nil {
			t.Fatal(err)
		}
		if r := inv.Role("arn:aws:iam::123456789012:role/A"); !r.PoliciesKnown {
			t.Errorf("the complete definition was not kept")
		}
	})
}

// Users and groups: the same for UserPolicyList, AttachedManagedPolicies,
// GroupList, GroupPolicyList.
func TestExportUserPolicyListsMissing(t *testing.T) {
	const user = `{"UserDetailList":[{"UserName":"u","Arn":"arn:aws:iam::123456789012:user/u","GroupList":["g"],"AttachedManagedPolicies":[]}],` +
		`"GroupDetailList":[{"GroupName":"g","Arn":"arn:aws:iam::123456789012:group/g","GroupPolicyList":[]}]}`
	inv, err := LoadMem("iam.json", user)
	if err != nil {
		t.Fatal(err)
	}
	const want = "permission policies of user/u (not in the data: the get-account-authorization-details entry has no UserPolicyList) ? | " +
		"permission policies of group/g (not in the data: the get-account-authorization-details entry has no AttachedManagedPolicies) ?"
	if got := labels(inv.UserIdentityPolicies(inv.User("arn:aws:iam::123456789012:user/u"))); got != want {
		t.Errorf("identity policies\n got %s\nwant %s", got, want)
	}
	for _, label := range []string{"permission policies of user/u (not in the data: the get-account-authorization-details entry has no UserPolicyList)"} {
		if o, ok := inv.Origin(label); !ok || !o.Absent || o.Kind != inventory.KindUnknown {
			t.Errorf("Origin(%q) = %+v, %v", label, o, ok)
		}
	}
}

// The default version: IsDefaultVersion, else DefaultVersionId; a default
// version the export lacks, or whose Document it lacks, is unknown (the
// hops that need it are policy-unknown), not an input error.
func TestExportDefaultVersion(t *testing.T) {
	const arn = "arn:aws:iam::123456789012:policy/P"
	doc := func(action string) string {
		return `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"` + action + `","Resource":"*"}}`
	}
	policy := func(defaultID, versions string) string {
		return `{"Policies":[{"Arn":"` + arn + `",` + defaultID + `"PolicyVersionList":[` + versions + `]}]}`
	}
	tests := []struct {
		name, file, want string // want: the default version's action, or "?" for unknown
	}{
		{"marked", policy(`"DefaultVersionId":"v2",`, `{"VersionId":"v1","IsDefaultVersion":false,"Document":`+doc("s3:v1")+`},{"VersionId":"v2","IsDefaultVersion":true,"Document":`+doc("s3:v2")+`}`), "s3:v2"},
		{"marked, no DefaultVersionId", policy(``, `{"VersionId":"v1","IsDefaultVersion":true,"Document":`+doc("s3:v1")+`}`), "s3:v1"},
		{"no IsDefaultVersion: DefaultVersionId", policy(`"DefaultVersionId":"v1",`, `{"VersionId":"v1","Document":`+doc("s3:v1")+`},{"VersionId":"v2","Document":`+doc("s3:v2")+`}`), "s3:v1"},
		{"default version without Document", policy(`"DefaultVersionId":"v2",`, `{"VersionId":"v1","Document":`+doc("s3:v1")+`},{"VersionId":"v2"}`), "?"},
		{"marked default version without Document", policy(``, `{"VersionId":"v1","IsDefaultVersion":true}`), "?"},
		{"default version not in the list", policy(`"DefaultVersionId":"v3",`, `{"VersionId":"v1","IsDefaultVersion":false,"Document":`+doc("s3:v1")+`}`), "?"},
		{"another version without Document", policy(`"DefaultVersionId":"v2",`, `{"VersionId":"v1"},{"VersionId":"v2","Document":`+doc("s3:v2")+`}`), "s3:v2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			inv, err := LoadMem("iam.json", tc.file)
			if err != nil {
				t.Fatal(err)
			}
			if err := inv.DecodeAll(); err != nil {
				t.Fatal(err)
			}
			p := inv.Policy(arn)
			got := "?"
			if p.Document != nil {
				got = p.Document.Statements[0].Action[0]
			}
			if got != tc.want {
				t.Errorf("default version %s, want %s", got, tc.want)
			}
			o, ok := inv.Origin(inventory.ManagedLabel(inventory.KindManaged, arn))
			if !ok || o.Absent != (tc.want == "?") {
				t.Errorf("Origin = %+v, %v", o, ok)
			}
		})
	}
	t.Run("a file that has the document replaces one that lacks it", func(t *testing.T) {
		inv, err := LoadMem("a.json", policy(`"DefaultVersionId":"v1",`, `{"VersionId":"v1"}`),
			"b.json", policy(`"DefaultVersionId":"v1",`, `{"VersionId":"v1","Document":`+doc("s3:v1")+`}`))
		if err != nil {
			t.Fatal(err)
		}
		if inv.Policy(arn).Document == nil {
			t.Error("the default version is still unknown")
		}
	})
}
