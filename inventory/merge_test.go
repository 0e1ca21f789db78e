package inventory_test

import (
	"strings"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/inventory"
	. "github.com/redshift-preflight/redshift-preflight/inventory/internal/invtest"
	"github.com/redshift-preflight/redshift-preflight/inventory/load"
)

func TestConflicts(t *testing.T) {
	gaad := Fixture("aws-iam-get-account-authorization-details.json")
	dir := t.TempDir()
	changed := func(name, old, new string) string {
		data := MustRead(t, gaad)
		if !strings.Contains(data, old) {
			t.Fatalf("%q not in %s", old, gaad)
		}
		return WriteFile(t, dir, name, []byte(strings.Replace(data, old, new, 1)))
	}
	trust := changed("trust.json", "analytics-cluster/etl_user", "analytics-cluster/other_user")
	inline := changed("inline.json", "redshift-udf-*", "redshift-udf-v2-*")
	version := changed("version.json", `"s3:GetBucketLocation",
                                    "s3:ListBucket"`, `"s3:ListBucket"`)
	reordered := changed("reordered.json", `"s3:GetObject",
                                    "s3:GetBucketLocation",`, `"s3:GetBucketLocation",
                                    "s3:GetObject",`)
	tests := []struct {
		name          string
		iam, clusters []string
		want          string
	}{
		{"trust policy", []string{gaad, trust}, nil,
			trust + `: RoleDetailList[1].AssumeRolePolicyDocument: conflicting definitions of role arn:aws:iam::123456789012:role/RedshiftS3ReadRole: ` +
				`the trust policy differs from the one at ` + gaad + `: RoleDetailList[1].AssumeRolePolicyDocument`},
		{"inline policy", []string{gaad, inline}, nil,
			inline + `: RoleDetailList[0].RolePolicyList[1].PolicyDocument: conflicting definitions of role arn:aws:iam::123456789012:role/RedshiftClusterRole: ` +
				`inline policy "InvokeUdfLambdas" differs from the one at ` + gaad + `: RoleDetailList[0].RolePolicyList[1].PolicyDocument`},
		{"managed policy version", []string{gaad, version}, nil,
			version + `: Policies[0].PolicyVersionList[0].Document: conflicting definitions of managed policy arn:aws:iam::123456789012:policy/RedshiftS3ReadPolicy: ` +
				`version "v1" differs from the one at ` + gaad + `: Policies[0].PolicyVersionList[0].Document`},
		{"attached policies (urlencoded fixture adds one)", []string{gaad, Fixture("aws-iam-get-account-authorization-details.urlencoded.json")}, nil,
			Fixture("aws-iam-get-account-authorization-details.urlencoded.json") + `: RoleDetailList[2].AttachedManagedPolicies: conflicting definitions of role arn:aws:iam::123456789012:role/service-role/RedshiftSpectrumRole: ` +
				`the list of attached managed policies differs from the one at ` + gaad + `: RoleDetailList[2].AttachedManagedPolicies`},
		{"get-role trust differs", []string{trust, Fixture("aws-iam-get-role.json")}, nil,
			Fixture("aws-iam-get-role.json") + `: Role.AssumeRolePolicyDocument: conflicting definitions of role arn:aws:iam::123456789012:role/RedshiftS3ReadRole: ` +
				`the trust policy differs from the one at ` + trust + `: RoleDetailList[1].AssumeRolePolicyDocument`},
		{"cluster", nil, []string{Fixture("aws-redshift-describe-clusters.json"), Fixture("aws-redshift-describe-clusters.moto.json")},
			Fixture("aws-redshift-describe-clusters.moto.json") + `: Clusters[0]: conflicting definitions of cluster analytics-cluster: the description differs from the one at ` +
				Fixture("aws-redshift-describe-clusters.json") + `: Clusters[0]`},
		{"namespace", nil, []string{Fixture("aws-redshift-serverless-get-namespace.json"), Fixture("aws-redshift-serverless-list-namespaces.json")},
			Fixture("aws-redshift-serverless-list-namespaces.json") + `: namespaces[0]: conflicting definitions of serverless namespace analytics-serverless: the description differs from the one at ` +
				Fixture("aws-redshift-serverless-get-namespace.json") + `: namespace`},
		// Same content, other order of list elements: accepted.
		{"reordered actions are the same", []string{gaad, reordered}, nil, ""},
		// Identical definitions: accepted.
		{"identical files", []string{gaad, WriteFile(t, dir, "copy.json", []byte(MustRead(t, gaad)))},
			[]string{Fixture("aws-redshift-describe-clusters.json"), WriteFile(t, dir, "c.json", []byte(MustRead(t, Fixture("aws-redshift-describe-clusters.json"))))}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := load.Load(tt.iam, tt.clusters)
			got := ""
			if err != nil {
				AsLoadError(t, err)
				got = err.Error()
			}
			if got != tt.want {
				t.Errorf("error\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

// get-role output gives the trust policy only: the role's permission
// policies are unknown, and its account is supplied but not listed. A full
// export of the same role, in either order, replaces it.
func TestGetRoleMerge(t *testing.T) {
	const arn = "arn:aws:iam::123456789012:role/RedshiftS3ReadRole"
	gaad, getRole := Fixture("aws-iam-get-account-authorization-details.json"), Fixture("aws-iam-get-role.json")
	inv := MustLoad(t, []string{getRole}, nil)
	r := inv.Role(arn)
	ids := inv.IdentityPolicies(r)
	if r.PoliciesKnown || len(ids) != 1 || ids[0].Document != nil {
		t.Fatalf("get-role: PoliciesKnown %v, identity %+v", r.PoliciesKnown, ids)
	}
	if o, ok := inv.Origin(ids[0].Label); !ok || o.Kind != inventory.KindUnknown || o.Role != arn || !o.Absent {
		t.Errorf("origin of %q: %+v", ids[0].Label, o)
	}
	if !inv.Supplied("123456789012") || inv.ListsAllRoles("123456789012") {
		t.Errorf("Supplied %v ListsAllRoles %v", inv.Supplied("123456789012"), inv.ListsAllRoles("123456789012"))
	}
	for _, order := range [][]string{{gaad, getRole}, {getRole, gaad}} {
		inv := MustLoad(t, order, nil)
		r := inv.Role(arn)
		if !r.PoliciesKnown || r.Source.File != gaad || len(inv.IdentityPolicies(r)) != 1 || !inv.ListsAllRoles("123456789012") {
			t.Errorf("%v: kept %s, PoliciesKnown %v", order, r.Source, r.PoliciesKnown)
		}
	}
}
