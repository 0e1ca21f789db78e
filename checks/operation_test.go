package checks

import (
	"strings"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/chain"
	"github.com/redshift-preflight/redshift-preflight/inventory/load"
	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

func TestPermissionMissingRule(t *testing.T) {
	inv, err := load.Load([]string{"../testdata/world/iam", "../testdata/world/ops/bucket-policy"}, []string{"../testdata/world/cluster"})
	if err != nil {
		t.Fatal(err)
	}
	cl, _ := inv.SelectCluster("")
	const a, b = "arn:aws:iam::123456789012:role/", "arn:aws:iam::210987654321:role/"
	src := "UNLOAD ('select 1') TO 's3://partner-exports/out/' IAM_ROLE '" + a + "RedshiftClusterRole," + b + "PartnerS3ReadRole' CLEANPATH;\n" +
		"UNLOAD ('select 1') TO 's3://partner-exports/out/' IAM_ROLE '" + a + "RedshiftClusterRole," + a + "GhostTrustRole';\n"
	cfg := &Config{World: &chain.World{Inventory: inv, Cluster: cl, DBUser: "etl_user"}}
	res := CheckFile(sqlparse.Parse(sqlparse.NewFile("x.sql", []byte(src)), sqlparse.Options{}), cfg)
	var got []Finding
	for _, f := range res.Findings {
		if f.Rule == PermissionMissing {
			got = append(got, f)
		}
	}
	if len(got) != 2 {
		t.Fatalf("%d permission-missing findings, want 2: %+v", len(got), got)
	}
	for _, f := range got {
		if text := src[f.Span.Start:f.Span.End]; text != b+"PartnerS3ReadRole" || f.Reference != 0 {
			t.Errorf("finding on %q (reference %d), want the last role of reference 0", text, f.Reference)
		}
	}
	if got[1].Message != "a Deny in bucket policy of partner-exports \"NoDeletes\" stops PartnerS3ReadRole from s3:DeleteObject on arn:aws:s3:::partner-exports/out/*, which UNLOAD needs" {
		t.Errorf("message %q", got[1].Message)
	}
	if len(got[1].Notes) != 1 || got[1].Notes[0] != `decided by bucket policy of partner-exports "NoDeletes" (../testdata/world/ops/bucket-policy/partner-exports.json:2: Policy)` {
		t.Errorf("notes %q", got[1].Notes)
	}
	r0, r1 := res.References[0], res.References[1]
	if r0.Verdict != VerdictOK || r0.Operation == nil || r0.Operation.Verdict != VerdictFail {
		t.Errorf("reference 0: verdict %s, operation %+v; want the chain's ok and a failing operation", r0.Verdict, r0.Operation)
	}
	if r1.Verdict != VerdictFail || r1.Operation != nil {
		t.Errorf("reference 1: verdict %s, operation %+v; a failing hop leaves the operation unevaluated", r1.Verdict, r1.Operation)
	}
}

// An operation check the data cannot decide (here KMS: key policies are never
// supplied) is reported as permission-unknown, never passed silently.
func TestPermissionUnknownRule(t *testing.T) {
	inv, err := load.Load([]string{"../testdata/world/iam"}, []string{"../testdata/world/cluster"})
	if err != nil {
		t.Fatal(err)
	}
	cl, _ := inv.SelectCluster("")
	const a, b = "arn:aws:iam::123456789012:role/", "arn:aws:iam::210987654321:role/"
	src := "UNLOAD ('select 1') TO 's3://partner-exports/out/' IAM_ROLE '" + a + "RedshiftClusterRole," + b +
		"PartnerS3ReadRole' ENCRYPTED KMS_KEY_ID '1234abcd-12ab-34cd-56ef-1234567890ab';\n"
	cfg := &Config{World: &chain.World{Inventory: inv, Cluster: cl, DBUser: "etl_user"}}
	res := CheckFile(sqlparse.Parse(sqlparse.NewFile("x.sql", []byte(src)), sqlparse.Options{}), cfg)
	var unknown []Finding
	for _, f := range res.Findings {
		if f.Rule == PermissionUnknown {
			unknown = append(unknown, f)
		}
	}
	if len(unknown) != 1 || !strings.Contains(unknown[0].Message, "kms:GenerateDataKey") || unknown[0].Severity != Warning {
		t.Fatalf("permission-unknown findings %+v, want one warning about kms:GenerateDataKey", unknown)
	}
	if text := src[unknown[0].Span.Start:unknown[0].Span.End]; text != b+"PartnerS3ReadRole" {
		t.Errorf("finding on %q, want the last role", text)
	}
}
