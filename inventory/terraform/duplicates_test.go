package terraform_test

import (
	"strings"
	"testing"

	. "github.com/redshift-preflight/redshift-preflight/inventory/internal/invtest"
)

const ambiguous = " (AWS does not document which one applies)"

// Two members of one name in terraform show -json output are an input
// error naming the object that holds them, in the file and in the policy
// documents its strings hold.
func TestTerraformDuplicateMembers(t *testing.T) {
	WantErrors(t, []ErrorCase{
		{"resource values", []string{"tf.json", TFState(TFR("aws_iam_role", "a", TFRoleValues("A")+`,"arn":"arn:aws:iam::123456789012:role/B"`))},
			`tf.json: values.root_module.resources[0].values: duplicate member "arn"` + ambiguous},
		{"resource", []string{"tf.json", TFState(`{"type":"aws_iam_role","type":"aws_iam_policy","values":{}}`)},
			`tf.json: values.root_module.resources[0]: duplicate member "type"` + ambiguous},
		{"plan change", []string{"tf.json", TFPlan(nil, []string{strings.Replace(TFC("aws_iam_role", "a", `"create"`, `null`, `{}`, `{}`), `"after":{}`, `"after":{},"after":null`, 1)}, nil)},
			`tf.json: resource_changes[0].change: duplicate member "after"` + ambiguous},
	})
	inv, err := LoadMem("tf.json", TFState(TFR("aws_iam_role", "a", TFRoleValues("A",
		`assume_role_policy=`+Q(`{"Statement":[{"Effect":"Deny","Effect":"Allow","Principal":{"Service":"redshift.amazonaws.com"},"Action":"sts:AssumeRole"}]}`)))))
	if err != nil {
		t.Fatal(err)
	}
	const want = `tf.json: values.root_module.resources[0].values.assume_role_policy.Statement[0]: duplicate member "Effect"` + ambiguous
	if err := inv.Decode(roleA); err == nil || err.Error() != want {
		t.Errorf("Decode:\n got %v\nwant %s", err, want)
	}
	if r := inv.Role(roleA); r.Trust.Document != nil {
		t.Errorf("the ambiguous trust policy decoded to %+v, want unknown (nil)", r.Trust.Document)
	}
}
