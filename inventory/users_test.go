package inventory_test

import (
	"strings"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/iam"
	. "github.com/redshift-preflight/redshift-preflight/inventory/internal/invtest"
)

const (
	userARN  = "arn:aws:iam::123456789012:user/ops/deployer"
	allowDoc = `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}}`
)

// userGAAD is an export with one user in two groups, one of them missing,
// managed policies attached to the user and the group, and a boundary.
func userGAAD(userPolicyDoc string) string {
	return `{"UserDetailList":[{"Path":"/ops/","UserName":"deployer","UserId":"AIDA1","Arn":"` + userARN + `",
		"UserPolicyList":[{"PolicyName":"Own","PolicyDocument":` + userPolicyDoc + `}],
		"GroupList":["deployers","gone"],
		"AttachedManagedPolicies":[{"PolicyName":"UserP","PolicyArn":"arn:aws:iam::123456789012:policy/UserP"}],
		"PermissionsBoundary":{"PermissionsBoundaryType":"Policy","PermissionsBoundaryArn":"arn:aws:iam::123456789012:policy/Fence"},
		"Tags":[{"Key":"team","Value":"data"}]}],
	"GroupDetailList":[{"Path":"/","GroupName":"deployers","GroupId":"AGPA1","Arn":"arn:aws:iam::123456789012:group/deployers",
		"GroupPolicyList":[{"PolicyName":"GroupInline","PolicyDocument":` + allowDoc + `}],
		"AttachedManagedPolicies":[{"PolicyName":"GroupP","PolicyArn":"arn:aws:iam::123456789012:policy/GroupP"},
			{"PolicyName":"Missing","PolicyArn":"arn:aws:iam::123456789012:policy/Missing"}]}],
	"RoleDetailList":[],
	"Policies":[` + managedJSON("UserP") + `,` + managedJSON("GroupP") + `,` + managedJSON("Fence") + `]}`
}

func managedJSON(name string) string {
	return `{"PolicyName":"` + name + `","Arn":"arn:aws:iam::123456789012:policy/` + name + `","DefaultVersionId":"v1",
		"PolicyVersionList":[{"VersionId":"v1","IsDefaultVersion":true,"Document":` + allowDoc + `}]}`
}

func TestUserIdentityPolicies(t *testing.T) {
	inv, err := LoadMem("iam/gaad.json", userGAAD(`"%7B%22Statement%22%3A%7B%22Effect%22%3A%22Deny%22%2C%22Action%22%3A%22s3%3A*%22%2C%22Resource%22%3A%22*%22%7D%7D"`))
	if err != nil {
		t.Fatal(err)
	}
	u := inv.User(userARN)
	if u == nil {
		t.Fatal("User: nil")
	}
	if u.Name != "deployer" || u.Path != "/ops/" || u.Account != "123456789012" || u.ID != "AIDA1" || u.Tags["team"] != "data" {
		t.Errorf("user = %+v", u)
	}
	if inv.User("arn:aws:iam::123456789012:user/deployer") != nil {
		t.Error("a user is found under another path")
	}
	type want struct {
		label string
		doc   bool
	}
	wants := []want{
		{"inline policy Own of user/ops/deployer", true},
		{"managed policy arn:aws:iam::123456789012:policy/UserP", true},
		{"inline policy GroupInline of group/deployers", true},
		{"managed policy arn:aws:iam::123456789012:policy/GroupP", true},
		{"managed policy arn:aws:iam::123456789012:policy/Missing", false},
		{"group gone of user/ops/deployer (its policies)", false},
	}
	got := inv.UserIdentityPolicies(u)
	if len(got) != len(wants) {
		t.Fatalf("identity policies: got %d, want %d: %+v", len(got), len(wants), got)
	}
	for i, w := range wants {
		if got[i].Label != w.label || (got[i].Document != nil) != w.doc {
			t.Errorf("policy %d = %q (document %v), want %q (document %v)", i, got[i].Label, got[i].Document != nil, w.label, w.doc)
		}
	}
	if st := got[0].Document.Statements; len(st) != 1 || st[0].Effect != iam.Deny {
		t.Errorf("URL-encoded user policy decoded as %+v", got[0].Document)
	}
	if b := inv.UserBoundaryPolicy(u); b == nil || b.Label != "permissions boundary arn:aws:iam::123456789012:policy/Fence" || b.Document == nil {
		t.Errorf("boundary = %+v", b)
	}

	origins := map[string]string{
		wants[0].label: "inline iam/gaad.json: UserDetailList[0].UserPolicyList[0].PolicyDocument",
		wants[2].label: "inline iam/gaad.json: GroupDetailList[0].GroupPolicyList[0].PolicyDocument",
		wants[4].label: "managed iam/gaad.json: GroupDetailList[0].AttachedManagedPolicies[1] absent",
		wants[5].label: "unknown iam/gaad.json: UserDetailList[0].GroupList[1] absent",
		"permissions boundary arn:aws:iam::123456789012:policy/Fence": "boundary iam/gaad.json: Policies[2].PolicyVersionList[0].Document",
	}
	for label, w := range origins {
		o, ok := inv.Origin(label)
		if !ok {
			t.Errorf("Origin(%q): none", label)
			continue
		}
		s := string(o.Kind) + " " + o.Source.String()
		if o.Absent {
			s += " absent"
		}
		if s != w {
			t.Errorf("Origin(%q) = %q, want %q", label, s, w)
		}
	}
	if err := inv.Decode(userARN); err != nil {
		t.Errorf("Decode: %v", err)
	}
	if err := inv.DecodeAll(); err != nil {
		t.Errorf("DecodeAll: %v", err)
	}
}

// The connect fixture: deployer's only policy comes from its group.
func TestConnectFixtureUsers(t *testing.T) {
	inv := MustLoad(t, []string{"../testdata/world/connect/iam"}, nil)
	u := inv.User("arn:aws:iam::123456789012:user/deployer")
	if u == nil || len(u.Groups) != 1 || u.Groups[0] != "deployers" {
		t.Fatalf("deployer = %+v", u)
	}
	got := inv.UserIdentityPolicies(u)
	if len(got) != 1 || got[0].Label != "inline policy AssumeRedshiftAccess of group/deployers" || got[0].Document == nil {
		t.Errorf("deployer's identity policies = %+v", got)
	}
	if inv.UserBoundaryPolicy(u) != nil {
		t.Error("deployer has no boundary")
	}
	if g := inv.Group("123456789012", "deployers"); g == nil || g.ARN != "arn:aws:iam::123456789012:group/deployers" {
		t.Errorf("group deployers = %+v", g)
	}
	c := inv.User("arn:aws:iam::123456789012:user/contractor")
	if got := inv.UserIdentityPolicies(c); len(got) != 1 || got[0].Document != nil {
		t.Errorf("contractor's identity policies = %+v, want one unknown policy", got)
	}
}

// The same user and group given twice merge; their documents' errors name
// the JSON path and are reported by Decode (for the user) and DecodeAll.
func TestUserGroupMergeAndDecode(t *testing.T) {
	bad := `{"Statement":{"Effect":"allow","Action":"*","Resource":"*"}}`
	data := userGAAD(bad)
	inv, err := LoadMem("iam/a.json", data, "iam/b.json", data)
	if err != nil {
		t.Fatal(err)
	}
	const want = `iam/a.json: UserDetailList[0].UserPolicyList[0].PolicyDocument.Statement.Effect: want "Allow" or "Deny", got "allow"`
	if err := inv.Decode(userARN); err == nil || err.Error() != want {
		t.Errorf("Decode = %v, want %s", err, want)
	}
	if err := inv.DecodeAll(); err == nil || err.Error() != want {
		t.Errorf("DecodeAll = %v, want %s", err, want)
	}
	groupBad := strings.Replace(userGAAD(allowDoc), `"GroupInline","PolicyDocument":`+allowDoc, `"GroupInline","PolicyDocument":`+bad, 1)
	inv, err = LoadMem("iam/a.json", groupBad)
	if err != nil {
		t.Fatal(err)
	}
	const wantGroup = `iam/a.json: GroupDetailList[0].GroupPolicyList[0].PolicyDocument.Statement.Effect: want "Allow" or "Deny", got "allow"`
	if err := inv.Decode(userARN); err == nil || err.Error() != wantGroup {
		t.Errorf("Decode = %v, want %s", err, wantGroup)
	}
	if u := inv.User(userARN); inv.UserIdentityPolicies(u)[2].Document != nil {
		t.Error("a group policy that does not decode must be unknown (nil)")
	}
}
