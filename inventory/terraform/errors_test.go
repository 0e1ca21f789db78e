package terraform_test

import (
	"strings"
	"testing"

	. "github.com/redshift-preflight/redshift-preflight/inventory/internal/invtest"
)

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
		{"workgroup_id not an id", []string{"tf.json", state(TFR("aws_redshiftserverless_workgroup", "w", `"workgroup_name":"wg","namespace_name":"n","workgroup_id":"a b"`))},
			`tf.json: values.root_module.resources[0].values.workgroup_id: want the workgroup's id (a UUID such as 1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d), got "a b"`},
		{"workgroup_id not a string", []string{"tf.json", state(TFR("aws_redshiftserverless_workgroup", "w", `"workgroup_name":"wg","namespace_name":"n","workgroup_id":1`))},
			`tf.json: values.root_module.resources[0].values.workgroup_id: want a string, got number`},
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
