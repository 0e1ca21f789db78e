package terraform_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/inventory"
	. "github.com/redshift-preflight/redshift-preflight/inventory/internal/invtest"
)

// Golden dumps of the example state and plan (formats/README.md), alone
// and as the only input on either side.
func TestTerraformGolden(t *testing.T) {
	tests := []struct {
		name          string
		iam, clusters []string
	}{
		{"terraform-state", []string{TF("terraform-show-state.json")}, nil},
		{"terraform-plan", nil, []string{TF("terraform-show-plan.json")}},
		{"terraform-same-world-state", []string{TF("same-world-state.json")}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			Golden(t, tt.name, Dump(t, MustLoad(t, tt.iam, tt.clusters), true))
		})
	}
}

// One file holds IAM and cluster data: it is read the same on either side,
// and once when given on both.
func TestTerraformEitherSide(t *testing.T) {
	f := TF("terraform-show-state.json")
	want := Dump(t, MustLoad(t, []string{f}, nil), true)
	for name, inv := range map[string]*inventory.Inventory{
		"--cluster":       MustLoad(t, nil, []string{f}),
		"--iam --cluster": MustLoad(t, []string{f}, []string{f}),
	} {
		if got := Dump(t, inv, true); got != want {
			t.Errorf("%s: differs from --iam:\n%s", name, LineDiff(want, got))
		}
	}
}

// facts renders what the hop walk reads from an inventory, leaving out
// where it came from (files, JSON paths, policy labels and version ids).
func facts(t *testing.T, inv *inventory.Inventory) string {
	t.Helper()
	if err := inv.DecodeAll(); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "accounts %v\n", inv.Accounts())
	for _, r := range inv.Roles() {
		fmt.Fprintf(&b, "role %s account=%s path=%s name=%s id=%s policies-known=%v tags-unknown=%v tags={%s}\n",
			r.ARN, r.Account, r.Path, r.Name, r.ID, r.PoliciesKnown, r.TagsUnknown, Tags(r.Tags))
		fmt.Fprintf(&b, "  trust %s\n", DocText(r.Trust.Document))
		inline := make([]string, len(r.Inline))
		for i, p := range r.Inline {
			inline[i] = fmt.Sprintf("  inline %s %s\n", policyName(inv, p.Label), DocText(p.Document))
		}
		sort.Strings(inline)
		b.WriteString(strings.Join(inline, ""))
		attached := slices.Sorted(slices.Values(r.Attached))
		for _, a := range attached {
			fmt.Fprintf(&b, "  attached %s\n", a)
		}
		if bp := inv.BoundaryPolicy(r); bp != nil {
			fmt.Fprintf(&b, "  boundary %s %s\n", r.Boundary, DocText(bp.Document))
		}
		ids := inv.IdentityPolicies(r)
		docs := make([]string, len(ids))
		for i, p := range ids {
			docs[i] = DocText(p.Document)
		}
		sort.Strings(docs)
		fmt.Fprintf(&b, "  identity policies %d: %s\n", len(docs), strings.Join(docs, " | "))
	}
	for _, p := range inv.Policies() {
		fmt.Fprintf(&b, "policy %s name=%s %s\n", p.ARN, p.Name, DocText(p.Document))
	}
	clusters := slices.Clone(inv.Clusters)
	sort.Slice(clusters, func(i, j int) bool { return clusters[i].ID < clusters[j].ID })
	for _, c := range clusters {
		fmt.Fprintf(&b, "cluster %s serverless=%v partition=%s account=%s region=%s namespace=%s default=%s default-unknown=%v roles-incomplete=%v tags={%s}\n",
			c.ID, c.Serverless, c.Partition, c.Account, c.Region, c.Namespace, c.Default, c.DefaultUnknown, c.RolesIncomplete, Tags(c.Tags))
		for _, a := range sortedRoles(c.Roles) {
			fmt.Fprintf(&b, "  role %s %s\n", a.RoleARN, a.Status)
		}
		for _, g := range c.Gaps() {
			fmt.Fprintf(&b, "  unknown %s\n", g)
		}
		if c.DBUserARNKnown() {
			fmt.Fprintf(&b, "  dbuser %s\n", c.DBUserARN("etl_user"))
		}
	}
	return b.String()
}

// THE property: the same account described by the AWS CLI exports and by
// a Terraform state gives the same facts.
//
// The example state in formats/ does not describe the same world as the
// CLI exports (it lacks RedshiftSpectrumRole, InvokeUdfLambdas and
// RedshiftUnloadSpectrumPolicy, tags RedshiftS3ReadRole, associates one
// role only and has other RoleIds), so testdata/terraform/same-world-state.json
// describes that world: root and child modules, inline policies from
// inline_policy and from aws_iam_role_policy, attachments from
// managed_policy_arns and aws_iam_role_policy_attachment, associations from
// aws_redshift_cluster and aws_redshift_cluster_iam_roles, documents in
// another key order.
//
// One fact cannot be said in Terraform: describe-clusters shows
// RedshiftUnloadRole being associated (ApplyStatus adding), a state that
// Terraform waits out and never records. It is taken off the CLI side.
func TestTerraformSameWorldAsCLI(t *testing.T) {
	cli := MustLoad(t, []string{Fixture("aws-iam-get-account-authorization-details.json")}, []string{Fixture("aws-redshift-describe-clusters.json")})
	c := cli.Clusters[0]
	pending := inventory.Association{RoleARN: "arn:aws:iam::123456789012:role/RedshiftUnloadRole", Status: inventory.StatusAdding}
	if k := slices.Index(c.Roles, pending); k < 0 {
		t.Fatalf("the CLI fixture no longer has the pending association: %+v", c.Roles)
	} else {
		c.Roles = slices.Delete(c.Roles, k, k+1)
	}
	tf := MustLoad(t, []string{TF("same-world-state.json")}, nil)
	want, got := facts(t, cli), facts(t, tf)
	if got != want {
		t.Errorf("Terraform facts differ from the CLI exports':\n%s\n--- CLI\n%s--- Terraform\n%s", LineDiff(want, got), want, got)
	}
	if !strings.Contains(want, "inline InvokeUdfLambdas") || !strings.Contains(want, "service-role/RedshiftSpectrumRole in-sync") {
		t.Errorf("the comparison misses facts:\n%s", want)
	}
	// What legitimately differs: a state does not list every role of the
	// account, so a role missing from it is unknown rather than missing.
	if !cli.ListsAllRoles("123456789012") || tf.ListsAllRoles("123456789012") || !tf.Supplied("123456789012") {
		t.Errorf("ListsAllRoles: CLI %v, Terraform %v", cli.ListsAllRoles("123456789012"), tf.ListsAllRoles("123456789012"))
	}

	// The two descriptions merge as duplicates (no conflicting definition),
	// the managed policies although Terraform does not name their version.
	both := MustLoad(t, []string{Fixture("aws-iam-get-account-authorization-details.json"), TF("same-world-state.json")}, nil)
	if got := facts(t, both); got != facts(t, MustLoad(t, []string{TF("same-world-state.json")}, nil)) {
		t.Errorf("merged:\n%s", got)
	}
	if p := both.Policy("arn:aws:iam::123456789012:policy/RedshiftS3ReadPolicy"); p.VersionID != "v1" {
		t.Errorf("kept %+v, want the export's (the first)", p)
	}
}

// The example state: name→role resolution, the role policy resource and
// inline_policy naming the same policy, the cluster_iam_roles resource of a
// cluster the state does not hold (in a child module), the namespace.
func TestTerraformStateFixture(t *testing.T) {
	inv := MustLoad(t, []string{TF("terraform-show-state.json")}, nil)
	file := TF("terraform-show-state.json")
	r := inv.Role("arn:aws:iam::123456789012:role/RedshiftClusterRole")
	if len(r.Inline) != 1 || r.Inline[0].Document == nil || r.Inline[0].Document.Statements[0].Sid != "ChainToS3Role" {
		t.Fatalf("inline %+v", r.Inline)
	}
	if o, _ := inv.Origin(r.Inline[0].Label); o.Source.String() != file+": "+"values.root_module.resources[3].values.policy" {
		t.Errorf("the aws_iam_role_policy resource defines the policy, got origin %+v", o)
	}
	s3 := inv.Role("arn:aws:iam::123456789012:role/RedshiftS3ReadRole")
	if !slices.Equal(s3.Attached, []string{"arn:aws:iam::123456789012:policy/RedshiftS3ReadPolicy"}) || !s3.PoliciesKnown {
		t.Errorf("attached %v known %v", s3.Attached, s3.PoliciesKnown)
	}
	if o, _ := inv.Origin(r.Trust.Label); o.Source.String() != file+": "+"values.root_module.resources[1].values.assume_role_policy" {
		t.Errorf("trust origin %+v", o)
	}
	if inv.Role("arn:aws:iam::123456789012:role/service-role/RedshiftSpectrumRole") != nil || !inv.Supplied("123456789012") ||
		inv.ListsAllRoles("123456789012") {
		t.Error("a role that the state does not hold must be unknown, not missing")
	}
	legacy, err := inv.SelectCluster("legacy-cluster")
	if err != nil {
		t.Fatal(err)
	}
	if legacy.Source.Path != "values.root_module.child_modules[0].resources[0]" || legacy.Account != "123456789012" || !legacy.RegionUnknown ||
		len(legacy.Roles) != 1 || legacy.Roles[0] != (inventory.Association{RoleARN: "arn:aws:iam::123456789012:role/RedshiftS3ReadRole", Status: inventory.StatusInSync}) {
		t.Errorf("legacy-cluster %+v", legacy)
	}
	ns, _ := inv.SelectCluster("analytics-serverless")
	if ns == nil || !ns.Serverless || ns.Default != "arn:aws:iam::123456789012:role/RedshiftClusterRole" || len(ns.Roles) != 2 || !ns.WorkgroupUnknown {
		t.Errorf("namespace %+v", ns)
	}
}

// The example plan: the cluster's iam_roles is unknown (it names a role the
// plan creates), so its association list is incomplete; the role the plan
// creates has no ARN yet, so it is a planned role, not a role.
func TestTerraformPlanFixture(t *testing.T) {
	file := TF("terraform-show-plan.json")
	inv := MustLoad(t, nil, []string{file})
	c, err := inv.SelectCluster("analytics-cluster")
	if err != nil {
		t.Fatal(err)
	}
	if !c.RolesIncomplete || len(c.Roles) != 0 || c.DefaultUnknown || c.Default != "arn:aws:iam::123456789012:role/RedshiftClusterRole" {
		t.Errorf("cluster %+v", c)
	}
	const gap = "roles: the Terraform plan computes iam_roles of aws_redshift_cluster.analytics at apply " +
		"(from aws_iam_role.redshiftclusterrole.arn, aws_iam_role.redshiftunloadrole.arn), so a role not listed may be associated"
	if g := c.Gaps(); !slices.Equal(g, []string{gap}) {
		t.Errorf("gaps %q", g)
	}
	const unload = "arn:aws:iam::123456789012:role/RedshiftUnloadRole"
	if inv.Role(unload) != nil {
		t.Error("a role whose ARN the plan does not know is in the inventory")
	}
	for arn, want := range map[string]bool{
		unload: true,
		"arn:aws:iam::210987654321:role/RedshiftUnloadRole":       true, // the account is not known either
		"arn:aws:iam::123456789012:role/other/RedshiftUnloadRole": false,
		"arn:aws:iam::123456789012:role/RedshiftUnloadRole2":      false,
		"arn:aws:iam::123456789012:role/RedshiftClusterRole":      false,
		"arn:aws:iam::123456789012:user/RedshiftUnloadRole":       false,
		"not an arn": false,
		"arn:aws:iam::123456789012:role/service-role/RedshiftUnload": false,
	} {
		src, ok := inv.PlannedRole(arn)
		if ok != want || ok && src.String() != file+": "+"planned_values.root_module.resources[3]" {
			t.Errorf("PlannedRole(%s) = %v %v", arn, src, ok)
		}
	}
	// Unchanged parts of the plan are facts like any other.
	if r := inv.Role("arn:aws:iam::123456789012:role/RedshiftClusterRole"); r == nil || !r.PoliciesKnown || len(r.Inline) != 1 {
		t.Errorf("RedshiftClusterRole %+v", r)
	}
}

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
			"iam.json", GAADWith(`{"RoleName":"C","Path":"/","Arn":"arn:aws:iam::123456789012:role/C","AssumeRolePolicyDocument":`+TrustOK+`}`))
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

// Load errors from Terraform input, with their exact messages: file, JSON
// path, and never a value other than a name or an ARN (none at all when
// the attribute is sensitive).
func TestTerraformErrors(t *testing.T) {
	const secret = "s3cr3t-Passw0rd"
	state := TFState
	mod := func(resources ...string) string {
		return `{"format_version":"1.0","values":{"root_module":{"resources":[],"child_modules":[{"address":"module.m","resources":[` +
			strings.Join(resources, ",") + `]}]}}}`
	}
	tests := []struct {
		name  string
		files []string
		want  string
	}{
		{"role ARN", []string{"tf.json", state(TFR("aws_iam_role", "a", TFRoleValues("A", `arn="arn:aws:iam::123456789012:user/A"`)))},
			`tf.json: values.root_module.resources[0].values.arn: want a role ARN arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME, got "arn:aws:iam::123456789012:user/A"`},
		{"missing arn", []string{"tf.json", state(TFR("aws_iam_role", "a", TFRoleValues("A", "arn=")))},
			`tf.json: values.root_module.resources[0]: missing arn`},
		{"arn of the wrong kind", []string{"tf.json", state(TFR("aws_iam_role", "a", TFRoleValues("A", "arn=12")))},
			`tf.json: values.root_module.resources[0].values.arn: want a string, got number`},
		{"name does not match", []string{"tf.json", state(TFR("aws_iam_role", "a", TFRoleValues("A", `name="B"`)))},
			`tf.json: values.root_module.resources[0].values.name: name "B" does not match arn "arn:aws:iam::123456789012:role/A"`},
		{"path does not match", []string{"tf.json", state(TFR("aws_iam_role", "a", TFRoleValues("A", `path="/x/"`)))},
			`tf.json: values.root_module.resources[0].values.path: path "/x/" does not match arn "arn:aws:iam::123456789012:role/A"`},
		{"missing trust policy", []string{"tf.json", state(TFR("aws_iam_role", "a", TFRoleValues("A", "assume_role_policy=")))},
			`tf.json: values.root_module.resources[0]: missing assume_role_policy`},
		{"trust policy null", []string{"tf.json", state(TFR("aws_iam_role", "a", TFRoleValues("A", "assume_role_policy=null")))},
			`tf.json: values.root_module.resources[0].values.assume_role_policy: want a policy document (a JSON string), got null`},
		{"trust policy of the wrong kind", []string{"tf.json", mod(TFR("aws_iam_role", "a", TFRoleValues("A", "assume_role_policy=[]")))},
			`tf.json: values.root_module.child_modules[0].resources[0].values.assume_role_policy: want a policy document (an object, a JSON string or a URL-encoded string), got array`},
		{"inline policy twice", []string{"tf.json", state(TFR("aws_iam_role", "a", TFRoleValues("A", `inline_policy=[{"name":"P","policy":`+TFPolicy+`},{"name":"P","policy":`+TFPolicy+`}]`)))},
			`tf.json: values.root_module.resources[0].values.inline_policy[1].name: inline policy "P" given twice`},
		{"inline policy without policy", []string{"tf.json", state(TFR("aws_iam_role", "a", TFRoleValues("A", `inline_policy=[{"name":"P"}]`)))},
			`tf.json: values.root_module.resources[0].values.inline_policy[0]: missing policy`},
		{"managed policy ARN", []string{"tf.json", state(TFR("aws_iam_role", "a", TFRoleValues("A", `managed_policy_arns=["`+policyP+`","P"]`)))},
			`tf.json: values.root_module.resources[0].values.managed_policy_arns[1]: want a managed policy ARN arn:PARTITION:iam::ACCOUNT:policy/[PATH/]NAME, got "P"`},
		{"boundary", []string{"tf.json", state(TFR("aws_iam_role", "a", TFRoleValues("A", `permissions_boundary="arn:aws:iam::123456789012:role/B"`)))},
			`tf.json: values.root_module.resources[0].values.permissions_boundary: want a managed policy ARN arn:PARTITION:iam::ACCOUNT:policy/[PATH/]NAME, got "arn:aws:iam::123456789012:role/B"`},
		{"sensitive boundary", []string{"tf.json", state(TFR("aws_iam_role", "a", TFRoleValues("A", `permissions_boundary="`+secret+`"`), `{"permissions_boundary":true}`))},
			`tf.json: values.root_module.resources[0].values.permissions_boundary: want a managed policy ARN arn:PARTITION:iam::ACCOUNT:policy/[PATH/]NAME, got a value marked sensitive (not shown)`},
		{"role policy without role", []string{"tf.json", state(TFR("aws_iam_role_policy", "p", `"name":"P","policy":`+TFPolicy))},
			`tf.json: values.root_module.resources[0]: missing role`},
		{"role policy without policy", []string{"tf.json", state(TFR("aws_iam_role", "a", TFRoleValues("A")), TFR("aws_iam_role_policy", "p", `"role":"A","name":"P"`))},
			`tf.json: values.root_module.resources[1]: missing policy`},
		{"two role policy resources disagree", []string{"tf.json", state(TFR("aws_iam_role", "a", TFRoleValues("A")),
			TFR("aws_iam_role_policy", "p", `"role":"A","name":"P","policy":`+TFPolicy),
			TFR("aws_iam_role_policy", "p2", `"role":"A","name":"P","policy":`+TFTrust))},
			`tf.json: values.root_module.resources[2].values.policy: conflicting definitions of role arn:aws:iam::123456789012:role/A: inline policy "P" differs from the one at tf.json: values.root_module.resources[1].values.policy`},
		{"attachment policy ARN", []string{"tf.json", state(TFR("aws_iam_role_policy_attachment", "x", `"role":"A","policy_arn":"P"`))},
			`tf.json: values.root_module.resources[0].values.policy_arn: want a managed policy ARN arn:PARTITION:iam::ACCOUNT:policy/[PATH/]NAME, got "P"`},
		{"managed policy name", []string{"tf.json", state(TFR("aws_iam_policy", "p", `"arn":"`+policyP+`","name":"Q","path":"/","policy":`+TFPolicy))},
			`tf.json: values.root_module.resources[0].values.name: name "Q" does not match arn "arn:aws:iam::123456789012:policy/P"`},
		{"managed policy without policy", []string{"tf.json", state(TFR("aws_iam_policy", "p", `"arn":"`+policyP+`"`))},
			`tf.json: values.root_module.resources[0]: missing policy`},
		{"cluster without identifier", []string{"tf.json", state(TFR("aws_redshift_cluster", "c", `"iam_roles":[]`))},
			`tf.json: values.root_module.resources[0]: missing cluster_identifier`},
		{"cluster ARN of another cluster", []string{"tf.json", state(TFR("aws_redshift_cluster", "c", `"cluster_identifier":"c1","arn":"arn:aws:redshift:us-east-1:123456789012:cluster:c2"`))},
			`tf.json: values.root_module.resources[0].values.arn: want arn:PARTITION:redshift:REGION:ACCOUNT:cluster:c1, got "arn:aws:redshift:us-east-1:123456789012:cluster:c2"`},
		{"cluster role", []string{"tf.json", mod(TFR("aws_redshift_cluster", "c", `"cluster_identifier":"c1","iam_roles":["`+roleA+`","IamRole(applyStatus=in-sync, iamRoleArn=`+roleB+`)"]`))},
			`tf.json: values.root_module.child_modules[0].resources[0].values.iam_roles[1]: want a role ARN arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME, got "IamRole(applyStatus=in-sync, iamRoleArn=arn:aws:iam::123456789012:role/B)"`},
		{"sensitive default role", []string{"tf.json", state(TFR("aws_redshift_cluster", "c", `"cluster_identifier":"c1","default_iam_role_arn":"`+secret+`"`, `{"default_iam_role_arn":true}`))},
			`tf.json: values.root_module.resources[0].values.default_iam_role_arn: want a role ARN arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME, got a value marked sensitive (not shown)`},
		{"two default roles", []string{"tf.json", state(TFR("aws_redshift_cluster", "c", `"cluster_identifier":"c1","iam_roles":["`+roleA+`","`+roleB+`"],"default_iam_role_arn":"`+roleA+`"`),
			TFR("aws_redshift_cluster_iam_roles", "r", `"cluster_identifier":"c1","iam_role_arns":["`+roleB+`"],"default_iam_role_arn":"`+roleB+`"`))},
			`tf.json: values.root_module.resources[1].values.default_iam_role_arn: conflicting definitions of cluster c1: the default IAM role differs from the one at tf.json: values.root_module.resources[0].values.default_iam_role_arn`},
		{"cluster roles of one of two clusters", []string{"tf.json", state(TFR("aws_redshift_cluster", "c", `"cluster_identifier":"c1"`), TFR("aws_redshift_cluster", "d", `"cluster_identifier":"c1"`),
			TFR("aws_redshift_cluster_iam_roles", "r", `"cluster_identifier":"c1","iam_role_arns":["`+roleB+`"]`))},
			`tf.json: values.root_module.resources[2].values.cluster_identifier: several aws_redshift_cluster resources in the file have the identifier "c1", so which one aws_redshift_cluster_iam_roles.r belongs to cannot be told`},
		{"cluster roles of several accounts", []string{"tf.json", state(TFR("aws_redshift_cluster_iam_roles", "r", `"cluster_identifier":"c1","iam_role_arns":["`+roleB+`","arn:aws:iam::210987654321:role/C"]`))},
			`tf.json: values.root_module.resources[0]: the associated roles are in several accounts (123456789012, 210987654321) and no namespace ARN gives the cluster's own; a role can only be associated with a cluster of its account`},
		{"namespace role", []string{"tf.json", state(TFR("aws_redshiftserverless_namespace", "n", `"namespace_name":"n","iam_roles":["RedshiftClusterRole"]`))},
			`tf.json: values.root_module.resources[0].values.iam_roles[0]: want "IamRole(applyStatus=STATUS, iamRoleArn=ARN)" or a role ARN, got "RedshiftClusterRole"`},
		{"namespace ARN", []string{"tf.json", state(TFR("aws_redshiftserverless_namespace", "n", `"namespace_name":"n","arn":"arn:aws:redshift:us-east-1:123456789012:namespace:x"`))},
			`tf.json: values.root_module.resources[0].values.arn: want arn:PARTITION:redshift-serverless:REGION:ACCOUNT:namespace/ID, got "arn:aws:redshift:us-east-1:123456789012:namespace:x"`},
		{"workgroup without its namespace", []string{"tf.json", state(TFR("aws_redshiftserverless_workgroup", "w", `"workgroup_name":"wg","namespace_name":"n"`))},
			`tf.json: values.root_module.resources[0]: workgroup "wg" uses namespace "n", which is not in the cluster data: add aws redshift-serverless get-namespace output for it`},
		{"resources not an array", []string{"tf.json", `{"format_version":"1.0","values":{"root_module":{"resources":{}}}}`},
			`tf.json: values.root_module.resources: want an array, got object`},
		{"values not an object", []string{"tf.json", `{"format_version":"1.0","values":{"root_module":{"resources":[{"type":"aws_iam_role","values":[]}]}}}`},
			`tf.json: values.root_module.resources[0].values: want an object, got array`},
		{"sensitive_values of the wrong kind", []string{"tf.json", `{"format_version":"1.0","values":{"root_module":{"resources":[{"type":"aws_iam_role","values":{},"sensitive_values":{"tags":"x"}}]}}}`},
			`tf.json: values.root_module.resources[0].sensitive_values.tags: want true, false, an object or an array, got string`},
		{"after_unknown of the wrong kind", []string{"tf.json", TFPlan(nil, []string{TFC("aws_iam_role", "a", `"create"`, `null`, `{}`, `{"arn":1}`)}, nil)},
			`tf.json: resource_changes[0].change.after_unknown.arn: want true, false, an object or an array, got number`},
		{"format 2", []string{"tf.json", `{"format_version":"2.0","values":{}}`},
			`tf.json: format_version: format "2.0" is not supported: this tool reads terraform show -json format 1.x`},
		{"not terraform show", []string{"tf.json", `{"format_version":"1.0","provider_schemas":{}}`},
			`tf.json: Terraform JSON output other than terraform show -json: a state has "values", a plan "planned_values"; give the output of terraform show -json (state) or terraform show -json PLANFILE`},
		{"values without format_version", []string{"tf.json", `{"values":{"root_module":{}}}`},
			`tf.json: not a recognised AWS export: expected the JSON output of aws iam get-account-authorization-details, aws iam get-role, aws redshift describe-clusters, aws redshift-serverless get-namespace, list-namespaces, get-workgroup or list-workgroups, or terraform show -json (a state or a saved plan) (top-level keys: "values")`},
		{"terraform and an AWS export in one file", []string{"tf.json", `{"format_version":"1.0","values":{},"Clusters":[]}`},
			`tf.json: ambiguous export: the top-level keys are those of aws redshift describe-clusters and terraform show -json (state) output; give each export its own file`},
		{"state and plan in one file", []string{"tf.json", `{"format_version":"1.0","values":{},"planned_values":{}}`},
			`tf.json: ambiguous export: the top-level keys are those of terraform show -json (state) and terraform show -json (plan) output; give each export its own file`},
		{"state and export differ", []string{"state.json", MustRead(t, TF("terraform-show-state.json")), "gaad.json", MustRead(t, Fixture("aws-iam-get-account-authorization-details.json"))},
			`gaad.json: RoleDetailList[0].RoleId: conflicting definitions of role arn:aws:iam::123456789012:role/RedshiftClusterRole: the RoleId (the role was deleted and re-created?) differs from the one at state.json: values.root_module.resources[1].values.unique_id`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadMem(tt.files...)
			if err == nil {
				t.Fatalf("no error, want %s", tt.want)
			}
			AsLoadError(t, err)
			if err.Error() != tt.want {
				t.Errorf("error\n got %s\nwant %s", err, tt.want)
			}
			if strings.Contains(err.Error(), secret) {
				t.Errorf("the error shows a sensitive value")
			}
		})
	}
}

// Policy documents are JSON strings, decoded on first use; their errors
// have the full path, and no content when the attribute is sensitive.
func TestTerraformDecodeErrors(t *testing.T) {
	bad := Q(`{"Version":"2012-10-17","Statement":[{"Effect":"allow","Principal":{"Service":"redshift.amazonaws.com"},"Action":"sts:AssumeRole"}]}`)
	state := `{"format_version":"1.0","values":{"root_module":{"resources":[],"child_modules":[{"address":"module.m","resources":[` +
		TFR("aws_iam_role", "a", TFRoleValues("A")) + `,` + TFR("aws_iam_role", "b", TFRoleValues("B")) + `,` + TFR("aws_iam_role", "c", TFRoleValues("C")) + `,` +
		TFR("aws_iam_role", "d", TFRoleValues("D", "assume_role_policy="+bad)) + `,` +
		TFR("aws_iam_role", "e", TFRoleValues("E", `inline_policy=[{"name":"P","policy":`+bad+`}]`), `{"inline_policy":[{"policy":true}]}`) + `]}]}}}`
	inv, err := LoadMem("tf.json", state)
	if err != nil {
		t.Fatal(err)
	}
	const want = `tf.json: values.root_module.child_modules[0].resources[3].values.assume_role_policy.Statement[0].Effect: want "Allow" or "Deny", got "allow"`
	if err := inv.DecodeAll(); err == nil || err.Error() != want {
		t.Errorf("DecodeAll: %v, want %s", err, want)
	}
	const wantE = `tf.json: values.root_module.child_modules[0].resources[4].values.inline_policy[0].policy.Statement[0].Effect: ` +
		`not a valid policy document (the attribute is marked sensitive, so the problem is not shown)`
	if err := inv.Decode("arn:aws:iam::123456789012:role/E"); err == nil || err.Error() != wantE {
		t.Errorf("Decode: %v, want %s", err, wantE)
	}
}

// An empty state is printed as format_version alone: no data, no error.
func TestTerraformEmptyState(t *testing.T) {
	for _, data := range []string{`{"format_version":"1.0"}`, `{"format_version":"1.0","terraform_version":"1.9.8"}`,
		`{"format_version":"1.0","terraform_version":"1.9.8","values":null}`, `{"format_version":"1.0","values":{"root_module":null}}`} {
		inv, err := LoadMem("tf.json", data)
		if err != nil || len(inv.Roles())+len(inv.Clusters) != 0 {
			t.Errorf("%s: %v", data, err)
		}
	}
}

// The same state passed twice, or a state and a copy, is one definition.
func TestTerraformDuplicateFiles(t *testing.T) {
	dir := t.TempDir()
	copyPath := WriteFile(t, dir, "copy.json", []byte(MustRead(t, TF("same-world-state.json"))))
	inv := MustLoad(t, []string{TF("same-world-state.json"), copyPath}, nil)
	if len(inv.Clusters) != 1 || len(inv.Roles()) != 3 {
		t.Errorf("clusters %d roles %d", len(inv.Clusters), len(inv.Roles()))
	}
}

// policyName is the name of the inline policy behind a label.
func policyName(inv *inventory.Inventory, label string) string {
	o, _ := inv.Origin(label)
	return o.Name
}

// inlineNames are the names of a role's inline policies.
func inlineNames(inv *inventory.Inventory, r *inventory.Role) []string {
	var out []string
	for _, p := range r.Inline {
		out = append(out, policyName(inv, p.Label))
	}
	return out
}

// policiesGap says why a role's permission policies are not all known, as
// the label of the unknown policy standing for them says: "permission
// policies of ROLE (GAP)"; "" when they are known.
func policiesGap(inv *inventory.Inventory, r *inventory.Role) string {
	if r.PoliciesKnown {
		return ""
	}
	_, gap, _ := strings.Cut(unknownLabel(inv, r), " (")
	return strings.TrimSuffix(gap, ")")
}

func sortedRoles(list []inventory.Association) []inventory.Association {
	out := slices.Clone(list)
	sort.Slice(out, func(i, j int) bool { return out[i].RoleARN < out[j].RoleARN })
	return out
}

// unknownLabel is the label of the policy standing for a role's unknown
// permission policies, "" when they are known.
func unknownLabel(inv *inventory.Inventory, r *inventory.Role) string {
	if r.PoliciesKnown {
		return ""
	}
	ids := inv.IdentityPolicies(r)
	return ids[len(ids)-1].Label
}
