package terraform_test

import (
	"os"
	"path/filepath"
	"testing"

	. "github.com/redshift-preflight/redshift-preflight/inventory/internal/invtest"
)

// FuzzTerraform feeds arbitrary bytes, starting from terraform show -json
// output, as a file alone and next to an export: the reader must not
// panic, and must return either a *LoadError or a working inventory.
func FuzzTerraform(f *testing.F) {
	seeds, _ := filepath.Glob(TF("*.json"))
	for _, name := range seeds {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(TFPlan([]string{TFR("aws_iam_role", "a", TFRoleValues("A", "permissions_boundary=", "assume_role_policy=")),
		TFR("aws_iam_role_policy_attachment", "x", `"role":"RedshiftClusterRole"`),
		TFR("aws_redshift_cluster", "c", `"cluster_identifier":"c1","iam_roles":[null]`)},
		[]string{TFC("aws_iam_role_policy", "p", `"delete"`, `{"role":"A","name":"P","policy":`+TFPolicy+`}`, `null`, `{"iam_roles":[true]}`)},
		[]string{TFConf("aws_iam_role_policy_attachment", "x", "role", "aws_iam_role.a.name", "aws_iam_role.a")})))
	export := MustRead(f, Fixture("aws-iam-get-account-authorization-details.json"))
	f.Fuzz(func(t *testing.T, data []byte) {
		inv, err := LoadMem("tf.json", string(data))
		CheckLoad(t, inv, err)
		inv, err = LoadMem("tf.json", string(data), "gaad.json", export)
		CheckLoad(t, inv, err)
	})
}
