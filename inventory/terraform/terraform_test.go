package terraform_test

import (
	"fmt"
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
