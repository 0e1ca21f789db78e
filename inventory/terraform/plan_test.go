package terraform_test

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/inventory"
	. "github.com/redshift-preflight/redshift-preflight/inventory/internal/invtest"
)

const (
	acct    = "123456789012"
	roleA   = "arn:aws:iam::123456789012:role/A"
	roleB   = "arn:aws:iam::123456789012:role/B"
	policyP = "arn:aws:iam::123456789012:policy/P"
)

// Values the plan does not know make the facts they feed unknown: never an
// error, never a guess.
func TestTerraformPlanUnknowns(t *testing.T) {
	cluster := func(extra string) string {
		return `"cluster_identifier":"c1","arn":"arn:aws:redshift:us-east-1:123456789012:cluster:c1"` + extra
	}
	t.Run("iam_roles element unknown", func(t *testing.T) {
		inv, err := LoadMem("plan.json", TFPlan(
			[]string{TFR("aws_redshift_cluster", "c", cluster(`,"iam_roles":["`+roleA+`",null],"default_iam_role_arn":"`+roleA+`"`))},
			[]string{TFC("aws_redshift_cluster", "c", `"update"`, `null`, `{}`, `{"iam_roles":[false,true]}`)}, nil))
		if err != nil {
			t.Fatal(err)
		}
		c := inv.Clusters[0]
		if !c.RolesIncomplete || len(c.Roles) != 1 || c.Roles[0] != (inventory.Association{RoleARN: roleA, Status: inventory.StatusInSync}) || c.DefaultUnknown {
			t.Errorf("%+v", c)
		}
		if g := c.Gaps(); len(g) != 1 || g[0] != "roles: the Terraform plan computes iam_roles of aws_redshift_cluster.c at apply, so a role not listed may be associated" {
			t.Errorf("gaps %q", g)
		}
	})
	t.Run("default role unknown", func(t *testing.T) {
		inv, err := LoadMem("plan.json", TFPlan(
			[]string{TFR("aws_redshift_cluster", "c", cluster(`,"iam_roles":["`+roleA+`"]`))},
			nil, []string{TFConf("aws_redshift_cluster", "c", "default_iam_role_arn", "aws_iam_role.b.arn", "aws_iam_role.b")}))
		if err != nil {
			t.Fatal(err)
		}
		c := inv.Clusters[0]
		if c.RolesIncomplete || !c.DefaultUnknown || c.Default != "" {
			t.Errorf("%+v", c)
		}
		if g := c.Gaps(); len(g) != 1 || g[0] != "default role: the Terraform plan computes default_iam_role_arn of aws_redshift_cluster.c at apply (from aws_iam_role.b.arn)" {
			t.Errorf("gaps %q", g)
		}
	})
	t.Run("role documents, boundary and tags unknown", func(t *testing.T) {
		inv, err := LoadMem("plan.json", TFPlan([]string{
			TFR("aws_iam_role", "a", TFRoleValues("A", "assume_role_policy=", "permissions_boundary=", "tags_all=",
				`inline_policy=[{"name":"known","policy":`+TFPolicy+`},{"name":"later"}]`)),
		}, []string{TFC("aws_iam_role", "a", `"update"`, `null`, `{}`, `{"assume_role_policy":true,"permissions_boundary":true,"tags_all":true,"inline_policy":[{},{"policy":true}]}`)}, nil))
		if err != nil {
			t.Fatal(err)
		}
		r := inv.Role(roleA)
		if err := inv.DecodeAll(); err != nil {
			t.Fatalf("an unknown document is not an error: %v", err)
		}
		if r.Trust.Document != nil || len(r.Inline) != 2 || r.Inline[0].Document == nil || r.Inline[1].Document != nil || !r.PoliciesKnown || !r.TagsUnknown {
			t.Errorf("role %+v", r)
		}
		for _, label := range []string{r.Trust.Label, r.Inline[1].Label} {
			if o, ok := inv.Origin(label); !ok || !o.Absent {
				t.Errorf("%q: origin %+v", label, o)
			}
		}
		bp := inv.BoundaryPolicy(r)
		if bp == nil || bp.Document != nil || bp.Label != "permissions boundary of role/A (not known until the Terraform plan is applied)" {
			t.Fatalf("boundary %+v", bp)
		}
		if o, ok := inv.Origin(bp.Label); !ok || o.Source.Path != "planned_values.root_module.resources[0].values.permissions_boundary" || !o.Absent {
			t.Errorf("boundary origin %+v", o)
		}
	})
	t.Run("policy lists unknown", func(t *testing.T) {
		inv, err := LoadMem("plan.json", TFPlan([]string{
			TFR("aws_iam_role", "a", TFRoleValues("A", "inline_policy=", `managed_policy_arns=["`+policyP+`",null]`)),
		}, []string{TFC("aws_iam_role", "a", `"update"`, `null`, `{}`, `{"inline_policy":true,"managed_policy_arns":[false,true]}`)}, nil))
		if err != nil {
			t.Fatal(err)
		}
		r := inv.Role(roleA)
		ids := inv.IdentityPolicies(r)
		const want = "permission policies of role/A (not all known: the Terraform plan computes inline_policy of aws_iam_role.a at apply; " +
			"the Terraform plan computes managed_policy_arns of aws_iam_role.a at apply)"
		if r.PoliciesKnown || !slices.Equal(r.Attached, []string{policyP}) || len(ids) != 2 || ids[1].Label != want || ids[1].Document != nil {
			t.Errorf("role %+v, identity %+v", r, ids)
		}
		if o, ok := inv.Origin(want); !ok || o.Kind != inventory.KindUnknown || !o.Absent {
			t.Errorf("origin %+v", o)
		}
	})
	t.Run("role policy and attachment values unknown", func(t *testing.T) {
		inv, err := LoadMem("plan.json", TFPlan([]string{
			TFR("aws_iam_role", "a", TFRoleValues("A")),
			TFR("aws_iam_role", "b", TFRoleValues("B")),
			TFR("aws_iam_role_policy", "p", `"role":"A","name":"P"`),
			TFR("aws_iam_role_policy_attachment", "x", `"role":"B"`),
		}, nil, nil))
		if err != nil {
			t.Fatal(err)
		}
		a, b := inv.Role(roleA), inv.Role(roleB)
		if !a.PoliciesKnown || len(a.Inline) != 1 || a.Inline[0].Document != nil || a.Inline[0].Label != "inline policy P of role/A" {
			t.Errorf("A: %+v", a)
		}
		ids := inv.IdentityPolicies(b)
		if unknown := ids[len(ids)-1].Label; b.PoliciesKnown || unknown != "permission policies of role/B (not all known: the Terraform plan computes policy_arn of aws_iam_role_policy_attachment.x at apply)" {
			t.Errorf("B: %+v %q", b, unknown)
		}
	})
	t.Run("unknown role of a role the plan creates", func(t *testing.T) {
		inv, err := LoadMem("plan.json", TFPlan([]string{
			TFR("aws_iam_role", "a", TFRoleValues("A")),
			TFR("aws_iam_role", "new", TFRoleValues("New", "arn=", "name=", `name_prefix="etl-"`)),
			TFR("aws_iam_role_policy_attachment", "x", `"policy_arn":"`+policyP+`"`),
		}, nil, []string{TFConf("aws_iam_role_policy_attachment", "x", "role", "aws_iam_role.new.name", "aws_iam_role.new")}))
		if err != nil {
			t.Fatal(err)
		}
		if r := inv.Role(roleA); !r.PoliciesKnown {
			t.Errorf("A: %q", unknownLabel(inv, r))
		}
		if _, ok := inv.PlannedRole("arn:aws:iam::123456789012:role/etl-20240101"); !ok {
			t.Error("a role with name_prefix etl- may be arn:...:role/etl-20240101")
		}
		if _, ok := inv.PlannedRole(roleA); ok {
			t.Error("PlannedRole(A)")
		}
	})
	t.Run("unknown role of another role", func(t *testing.T) {
		inv, err := LoadMem("plan.json", TFPlan([]string{
			TFR("aws_iam_role", "a", TFRoleValues("A")),
			TFR("aws_iam_role_policy_attachment", "x", `"policy_arn":"`+policyP+`"`),
		}, nil, []string{TFConf("aws_iam_role_policy_attachment", "x", "role", "data.aws_iam_role.d.name", "data.aws_iam_role.d")}),
			"iam.json", GAADWith(`{"RoleName":"C","Path":"/","Arn":"arn:aws:iam::123456789012:role/C","AssumeRolePolicyDocument":`+TrustOK+
				`,"RolePolicyList":[],"AttachedManagedPolicies":[]}`))
		if err != nil {
			t.Fatal(err)
		}
		const want = "permission policies of role/A (not all known: the Terraform plan computes role of aws_iam_role_policy_attachment.x at apply " +
			"(from data.aws_iam_role.d.name), so it may change the policies of any role)"
		if r := inv.Role(roleA); r.PoliciesKnown || unknownLabel(inv, r) != want {
			t.Errorf("A: %q", unknownLabel(inv, r))
		}
		const wantC = "permission policies of role/C (not all known: aws_iam_role_policy_attachment.x (aws_iam_role_policy_attachment in plan.json) " +
			"changes the policies of a role the Terraform plan does not name until apply)"
		if r := inv.Role("arn:aws:iam::123456789012:role/C"); r.PoliciesKnown || unknownLabel(inv, r) != wantC {
			t.Errorf("C in another file: %q", unknownLabel(inv, r))
		}
	})
	t.Run("serverless namespace", func(t *testing.T) {
		inv, err := LoadMem("plan.json", TFPlan([]string{
			TFR("aws_redshiftserverless_namespace", "n", `"namespace_name":"ns","arn":"arn:aws:redshift-serverless:eu-west-1:123456789012:namespace/x"`),
			TFR("aws_redshiftserverless_workgroup", "w", `"workgroup_name":"wg","namespace_name":"ns","arn":"arn:aws:redshift-serverless:eu-west-1:123456789012:workgroup/y"`),
		}, nil, nil))
		if err != nil {
			t.Fatal(err)
		}
		c := inv.Clusters[0]
		if c.ID != "wg" || !c.Serverless || !c.RolesIncomplete || !c.DefaultUnknown || c.Region != "eu-west-1" || c.WorkgroupUnknown {
			t.Errorf("%+v", c)
		}
		if c.WorkgroupID != "" || c.ExternalIDKnown() { // workgroup_id is known after apply
			t.Errorf("workgroup id %q", c.WorkgroupID)
		}
	})
	t.Run("serverless workgroup_id", func(t *testing.T) {
		inv, err := LoadMem("state.json", TFState(
			TFR("aws_redshiftserverless_namespace", "n", `"namespace_name":"ns","arn":"arn:aws:redshift-serverless:eu-west-1:123456789012:namespace/x"`),
			TFR("aws_redshiftserverless_workgroup", "w", `"workgroup_name":"wg","namespace_name":"ns","workgroup_id":"0b1c2d3e","arn":"arn:aws:redshift-serverless:eu-west-1:123456789012:workgroup/0b1c2d3e"`),
		))
		if err != nil {
			t.Fatal(err)
		}
		const want = "arn:aws:redshift:eu-west-1:123456789012:dbuser:serverless-123456789012-0b1c2d3e/etl_user"
		if c := inv.Clusters[0]; !c.ExternalIDKnown() || c.ExternalID("etl_user") != want {
			t.Errorf("external id %q", c.ExternalID("etl_user"))
		}
	})
	t.Run("a deposed object's change is not the current one's", func(t *testing.T) {
		deposed := `{"address":"aws_redshift_cluster.c","mode":"managed","type":"aws_redshift_cluster","name":"c","deposed":"00000001",` +
			`"change":{"actions":["delete"],"before":{},"after":null,"after_unknown":{"iam_roles":true}}}`
		inv, err := LoadMem("plan.json", TFPlan(
			[]string{TFR("aws_redshift_cluster", "c", cluster(`,"iam_roles":["`+roleA+`"],"default_iam_role_arn":""`))},
			[]string{TFC("aws_redshift_cluster", "c", `"create"`, `null`, `{}`, `{}`), deposed}, nil))
		if err != nil {
			t.Fatal(err)
		}
		if c := inv.Clusters[0]; c.RolesIncomplete || len(c.Roles) != 1 {
			t.Errorf("%+v", c)
		}
	})
	t.Run("a cluster the plan cannot name is left out", func(t *testing.T) {
		inv, err := LoadMem("plan.json", TFPlan([]string{TFR("aws_redshift_cluster", "c", `"iam_roles":["`+roleA+`"]`)}, nil, nil))
		if err != nil || len(inv.Clusters) != 0 {
			t.Errorf("%v %+v", err, inv)
		}
	})
	t.Run("plan without planned_values", func(t *testing.T) {
		inv, err := LoadMem("plan.json", `{"format_version":"1.2","resource_changes":[`+
			TFC("aws_redshift_cluster", "c", `"create"`, `null`, `{`+cluster(`,"default_iam_role_arn":"`+roleA+`"`)+`}`, `{"iam_roles":true}`)+`]}`)
		if err != nil {
			t.Fatal(err)
		}
		c := inv.Clusters[0]
		if c.Source.Path != "resource_changes[0]" || !c.RolesIncomplete || c.Default != roleA || c.Account != acct {
			t.Errorf("%+v", c)
		}
	})
}

// Resources that apply deletes take their policy or association away from
// what the role or cluster still shows; a replaced one comes back.
func TestTerraformPlanDeletes(t *testing.T) {
	roleWith := TFRoleValues("A", `inline_policy=[{"name":"Old","policy":`+TFPolicy+`},{"name":"Kept","policy":`+TFPolicy+`}]`,
		`managed_policy_arns=["`+policyP+`","arn:aws:iam::aws:policy/ReadOnlyAccess"]`)
	inv, err := LoadMem("plan.json", TFPlan([]string{
		TFR("aws_iam_role", "a", roleWith),
		TFR("aws_iam_role_policy", "kept", `"role":"A","name":"Kept","policy":`+TFPolicy),
		TFR("aws_redshift_cluster", "c", `"cluster_identifier":"c1","iam_roles":["`+roleA+`","`+roleB+`"],"default_iam_role_arn":"`+roleB+`"`),
	}, []string{
		TFC("aws_iam_role_policy", "old", `"delete"`, `{"role":"A","name":"Old","policy":`+TFPolicy+`}`, `null`, `{}`),
		TFC("aws_iam_role_policy", "kept", `"delete","create"`, `{"role":"A","name":"Kept","policy":`+TFPolicy+`}`, `{}`, `{}`),
		TFC("aws_iam_role_policy_attachment", "p", `"delete"`, `{"role":"A","policy_arn":"`+policyP+`"}`, `null`, `{}`),
		TFC("aws_redshift_cluster_iam_roles", "r", `"delete"`, `{"cluster_identifier":"c1","iam_role_arns":["`+roleB+`"],"default_iam_role_arn":"`+roleB+`"}`, `null`, `{}`),
	}, nil))
	if err != nil {
		t.Fatal(err)
	}
	r := inv.Role(roleA)
	if !slices.Equal(inlineNames(inv, r), []string{"Kept"}) || !slices.Equal(r.Attached, []string{"arn:aws:iam::aws:policy/ReadOnlyAccess"}) || !r.PoliciesKnown {
		t.Errorf("inline %v attached %v", inlineNames(inv, r), r.Attached)
	}
	c := inv.Clusters[0]
	if len(c.Roles) != 1 || c.Roles[0].RoleARN != roleA || c.Default != "" || c.DefaultUnknown {
		t.Errorf("cluster %+v", c)
	}
}

// A role policy or attachment names its role by name, resolved in its own
// file; a name the file does not hold is checked against the roles of
// other files once everything is read.
func TestTerraformRoleNames(t *testing.T) {
	t.Run("by name and by ARN", func(t *testing.T) {
		inv, err := LoadMem("s.json", TFState(
			TFR("aws_iam_role", "a", TFRoleValues("A")),
			TFR("aws_iam_role_policy", "p", `"role":"A","name":"P","policy":`+TFPolicy),
			TFR("aws_iam_role_policy_attachment", "x", `"role":"`+roleA+`","policy_arn":"`+policyP+`"`),
		))
		if err != nil {
			t.Fatal(err)
		}
		r := inv.Role(roleA)
		if !r.PoliciesKnown || len(r.Inline) != 1 || !slices.Equal(r.Attached, []string{policyP}) {
			t.Errorf("%+v", r)
		}
		o, _ := inv.Origin(inventory.ManagedLabel(inventory.KindManaged, policyP))
		if !o.Absent || o.Source.String() != "s.json: values.root_module.resources[2].values.policy_arn" {
			t.Errorf("origin of the absent attached policy %+v", o)
		}
	})
	t.Run("by id", func(t *testing.T) {
		inv, err := LoadMem("s.json", TFState(
			TFR("aws_iam_role", "a", TFRoleValues("A")),
			TFR("aws_iam_role_policy", "p", `"id":"A:P","policy":`+TFPolicy),
		))
		if err != nil || inlineNames(inv, inv.Role(roleA))[0] != "P" {
			t.Fatalf("%v", err)
		}
	})
	t.Run("same name in two accounts", func(t *testing.T) {
		inv, err := LoadMem("s.json", TFState(
			TFR("aws_iam_role", "a", TFRoleValues("A")),
			TFR("aws_iam_role", "a2", TFRoleValues("A", `arn="arn:aws:iam::210987654321:role/A"`)),
			TFR("aws_iam_role_policy", "p", `"role":"A","name":"P","policy":`+TFPolicy),
		))
		if err != nil {
			t.Fatal(err)
		}
		for _, arn := range []string{roleA, "arn:aws:iam::210987654321:role/A"} {
			r := inv.Role(arn)
			want := `not all known: aws_iam_role_policy.p (aws_iam_role_policy) names role "A", and several roles in s.json have that name`
			if r.PoliciesKnown || len(r.Inline) != 0 || policiesGap(inv, r) != want {
				t.Errorf("%s: %q", arn, policiesGap(inv, r))
			}
		}
	})
	gaad := Fixture("aws-iam-get-account-authorization-details.json")
	const cluster = "arn:aws:iam::123456789012:role/RedshiftClusterRole"
	policyOf := func(name, doc string) string {
		return TFR("aws_iam_role_policy", "p", `"role":"RedshiftClusterRole","name":"`+name+`","policy":`+doc)
	}
	chain := Q(`{"Version":"2012-10-17","Statement":[{"Sid":"ChainToS3Role","Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::123456789012:role/RedshiftS3ReadRole"}]}`)
	tests := []struct {
		name, state string
		known       bool
		gap         string
	}{
		{"role in another file shows the policy", TFState(policyOf("AllowRoleChaining", chain)), true, ""},
		{"role in another file shows the attachment", TFState(TFR("aws_iam_role_policy_attachment", "x",
			`"role":"RedshiftS3ReadRole","policy_arn":"arn:aws:iam::123456789012:policy/RedshiftS3ReadPolicy"`)), true, ""},
		{"another document", TFState(policyOf("AllowRoleChaining", TFPolicy)), false,
			`not all known: aws_iam_role_policy.p (aws_iam_role_policy in tf.json) gives inline policy "AllowRoleChaining" of a role named "RedshiftClusterRole", and this definition does not agree`},
		{"a policy the export does not show", TFState(policyOf("New", TFPolicy)), false,
			`not all known: aws_iam_role_policy.p (aws_iam_role_policy in tf.json) gives inline policy "New" of a role named "RedshiftClusterRole", and this definition does not agree`},
		{"a plan deletes it", TFPlan(nil, []string{TFC("aws_iam_role_policy", "p", `"delete"`, `{"role":"RedshiftClusterRole","name":"AllowRoleChaining","policy":`+chain+`}`, `null`, `{}`)}, nil), false,
			`not all known: aws_iam_role_policy.p (aws_iam_role_policy in tf.json) takes away inline policy "AllowRoleChaining" of a role named "RedshiftClusterRole", and this definition does not agree`},
		{"a plan deletes what is not there", TFPlan(nil, []string{TFC("aws_iam_role_policy", "p", `"delete"`, `{"role":"RedshiftClusterRole","name":"Gone","policy":`+chain+`}`, `null`, `{}`)}, nil), true, ""},
		{"a policy the plan computes", TFPlan([]string{TFR("aws_iam_role_policy", "p", `"role":"RedshiftClusterRole","name":"AllowRoleChaining"`)}, nil, nil), false,
			`not all known: aws_iam_role_policy.p (aws_iam_role_policy in tf.json) gives inline policy "AllowRoleChaining" of a role named "RedshiftClusterRole", and this definition does not agree`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, order := range [][]string{{gaad, WriteFile(t, dir, "tf.json", []byte(tt.state))}, {WriteFile(t, dir, "tf.json", []byte(tt.state)), gaad}} {
				inv := MustLoad(t, order, nil)
				r := inv.Role(cluster)
				if r.PoliciesKnown != tt.known || policiesGap(inv, r) != strings.ReplaceAll(tt.gap, "tf.json", filepath.Join(dir, "tf.json")) {
					t.Errorf("known %v gap %q", r.PoliciesKnown, policiesGap(inv, r))
				}
				if s3 := inv.Role("arn:aws:iam::123456789012:role/RedshiftS3ReadRole"); !s3.PoliciesKnown {
					t.Errorf("another role: %q", policiesGap(inv, s3))
				}
			}
		})
	}
}

// A Terraform plan whose policies are partly unknown is not replaced by
// an export of today's role, whichever comes first.
func TestTerraformPlanRoleKeptOverExport(t *testing.T) {
	const arn = "arn:aws:iam::123456789012:role/RedshiftS3ReadRole"
	trust := Q(`{"Version":"2012-10-17","Statement":[{"Sid":"AllowRedshiftClusterRoleToChain","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/RedshiftClusterRole"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"arn:aws:redshift:us-east-1:123456789012:dbuser:analytics-cluster/etl_user"}}}]}`)
	plan := TFPlan([]string{TFR("aws_iam_role", "r", TFRoleValues("RedshiftS3ReadRole", "assume_role_policy="+trust, "managed_policy_arns="))}, nil, nil)
	dir := t.TempDir()
	tf := WriteFile(t, dir, "plan.json", []byte(plan))
	gaad := Fixture("aws-iam-get-account-authorization-details.json")
	for _, order := range [][]string{{gaad, tf}, {tf, gaad}} {
		inv := MustLoad(t, order, nil)
		if r := inv.Role(arn); r.PoliciesKnown || r.Source.File != tf {
			t.Errorf("%v: kept %s (known %v)", order, r.Source, r.PoliciesKnown)
		}
	}
}
