package inventory

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoad feeds arbitrary bytes as an IAM file and as a cluster file,
// alone and together: Load must not panic, and must return either a
// *LoadError or an inventory whose every accessor works (document errors
// surfacing as *LoadError from DecodeAll).
func FuzzLoad(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/formats/*.json")
	extra, _ := filepath.Glob("testdata/extra/*.json")
	terraform, _ := filepath.Glob("testdata/terraform/*.json")
	seeds = append(append(seeds, extra...), terraform...)
	for i, name := range seeds {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		other, _ := os.ReadFile(seeds[(i+1)%len(seeds)])
		f.Add(data, other)
	}
	f.Add([]byte(gaadWith(roleOK)), []byte(clusterWith(`{"IamRoleArn":"arn:aws:iam::123456789012:role/A","ApplyStatus":"in-sync"}`)))
	f.Add([]byte(`{"namespace":{"namespaceName":"n","iamRoles":["IamRole(iamRoleArn=arn:aws:iam::123456789012:role/A, applyStatus=adding)"]}}`),
		[]byte(`{"workgroups":[{"workgroupName":"w","namespaceName":"n"}]}`))
	// A plan with unknown values and deletions, next to an export that
	// holds the roles it names.
	f.Add([]byte(tfPlan([]string{tfR("aws_iam_role", "a", tfRoleValues("A", "permissions_boundary=", "assume_role_policy=")),
		tfR("aws_iam_role_policy_attachment", "x", `"role":"RedshiftClusterRole"`),
		tfR("aws_redshift_cluster", "c", `"cluster_identifier":"c1","iam_roles":[null]`)},
		[]string{tfC("aws_iam_role_policy", "p", `"delete"`, `{"role":"A","name":"P","policy":`+tfPolicy+`}`, `null`, `{"iam_roles":[true]}`)},
		[]string{tfConf("aws_iam_role_policy_attachment", "x", "role", "aws_iam_role.a.name", "aws_iam_role.a")})),
		[]byte(gaadWith(roleOK)))
	f.Fuzz(func(t *testing.T, iamData, clusterData []byte) {
		for _, files := range [][]string{
			{"iam.json", string(iamData)},
			{"cluster.json", string(clusterData)},
			{"iam.json", string(iamData), "cluster.json", string(clusterData)},
		} {
			inv, err := loadMem(files...)
			if err != nil {
				var le *LoadError
				if !errors.As(err, &le) {
					t.Fatalf("error %v (%T) is not a *LoadError", err, err)
				}
				if le.File == "" || le.Msg == "" {
					t.Fatalf("incomplete error %#v", le)
				}
				continue
			}
			exercise(t, inv)
		}
	})
}

func exercise(t *testing.T, inv *Inventory) {
	if err := inv.DecodeAll(); err != nil {
		var le *LoadError
		if !errors.As(err, &le) {
			t.Fatalf("DecodeAll: %v (%T) is not a *LoadError", err, err)
		}
	}
	for arn := range inv.roles {
		r := inv.Role(arn)
		if r == nil || r.ARN != arn || r.Account == "" || r.Name == "" {
			t.Fatalf("role %q: %+v", arn, r)
		}
		if _, ok := inv.Origin(r.Trust.Label); !ok {
			t.Fatalf("trust label %q has no origin", r.Trust.Label)
		}
		for _, p := range inv.IdentityPolicies(r) {
			if _, ok := inv.Origin(p.Label); !ok {
				t.Fatalf("label %q has no origin", p.Label)
			}
		}
		if b := inv.BoundaryPolicy(r); b != nil {
			if _, ok := inv.Origin(b.Label); !ok {
				t.Fatalf("boundary label %q has no origin", b.Label)
			}
		}
		_ = inv.Decode(arn)
	}
	for _, c := range inv.Clusters {
		if c.ID == "" {
			t.Fatalf("cluster without ID: %+v", c)
		}
		for _, a := range c.Roles {
			if !validStatus(a.Status) {
				t.Fatalf("cluster %s: status %q", c.ID, a.Status)
			}
		}
		_ = c.Gaps()
	}
	_, _ = inv.SelectCluster("")
}
