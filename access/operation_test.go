package access_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/access"
	"github.com/redshift-preflight/redshift-preflight/chain"
	"github.com/redshift-preflight/redshift-preflight/inventory/load"
	"github.com/redshift-preflight/redshift-preflight/redshift"
)

const (
	a = "arn:aws:iam::123456789012:role/"
	b = "arn:aws:iam::210987654321:role/"
	e = "arn:aws:iam::555555555555:role/"
)

// opsWorld is testdata/world plus the hand-made resource policies and
// account E of testdata/world/ops; withPolicies false leaves out the
// bucket and function policies.
func opsWorld(t *testing.T, withPolicies bool) chain.World {
	t.Helper()
	iamPaths := []string{"../testdata/world/iam", "../testdata/world/ops/iam"}
	if withPolicies {
		iamPaths = append(iamPaths, "../testdata/world/ops/bucket-policy", "../testdata/world/ops/lambda-policy")
	}
	inv, err := load.Load(iamPaths, []string{"../testdata/world/cluster"})
	if err != nil {
		t.Fatal(err)
	}
	cl, err := inv.SelectCluster("")
	if err != nil {
		t.Fatal(err)
	}
	return chain.World{Inventory: inv, Cluster: cl, DBUser: "etl_user"}
}

func s3Target(uri string) *redshift.Target {
	return &redshift.Target{Kind: redshift.TargetS3, URI: uri}
}

// TestOperation pins every check of each operation: "action resource verdict[/reason]".
func TestOperation(t *testing.T) {
	tests := []struct {
		name     string
		policies bool
		noClust  bool
		role     string
		st       access.Statement
		want     []string // one per check
		verdict  string
	}{
		{"COPY from S3, identity allows", false, false, b + "PartnerS3ReadRole",
			access.Statement{Kind: redshift.Copy, Target: s3Target("s3://partner-exports/2024/sales_")},
			[]string{"s3:ListBucket arn:aws:s3:::partner-exports ok", "s3:GetObject arn:aws:s3:::partner-exports/2024/sales_* ok"}, "ok"},
		{"COPY from S3, identity and bucket policy allow", true, false, b + "PartnerS3ReadRole",
			access.Statement{Kind: redshift.Copy, Target: s3Target("s3://partner-exports/2024/sales_")},
			[]string{"s3:ListBucket arn:aws:s3:::partner-exports ok", "s3:GetObject arn:aws:s3:::partner-exports/2024/sales_* ok"}, "ok"},
		{"COPY with manifest and JSONPaths", false, false, b + "PartnerS3ReadRole",
			access.Statement{Kind: redshift.Copy, Target: s3Target("s3://partner-exports/m.manifest"), Manifest: true, JSONPaths: "s3://other-bucket/jp.json"},
			[]string{"s3:GetObject arn:aws:s3:::partner-exports/m.manifest ok", "s3:GetObject arn:aws:s3:::* unknown",
				"s3:GetObject arn:aws:s3:::other-bucket/jp.json fail/PermissionMissing"}, "fail/PermissionMissing"},
		{"COPY MANIFEST: a role that may read only the manifest", false, false, b + "PartnerS3ReadRole",
			access.Statement{Kind: redshift.Copy, Target: s3Target("s3://partner-exports/m.manifest"), Manifest: true},
			[]string{"s3:GetObject arn:aws:s3:::partner-exports/m.manifest ok", "s3:GetObject arn:aws:s3:::* unknown"}, "unknown"},
		{"COPY MANIFEST: a role that may read every object", false, false, e + "OpsReadAllRole",
			access.Statement{Kind: redshift.Copy, Target: s3Target("s3://ops-data/m.manifest"), Manifest: true},
			[]string{"s3:GetObject arn:aws:s3:::ops-data/m.manifest ok", "s3:GetObject arn:aws:s3:::* ok"}, "ok"},
		{"COPY MANIFEST: every object, but a bucket policy in the data does not say", true, false, e + "OpsReadAllRole",
			access.Statement{Kind: redshift.Copy, Target: s3Target("s3://ops-data/m.manifest"), Manifest: true},
			[]string{"s3:GetObject arn:aws:s3:::ops-data/m.manifest ok", "s3:GetObject arn:aws:s3:::* unknown"}, "unknown"},
		{"COPY MANIFEST with a local copy: each entry", false, false, e + "OpsPrefixRole",
			access.Statement{Kind: redshift.Copy, Target: s3Target("s3://ops-data/m.manifest"), Manifest: true, ManifestSupplied: true,
				ManifestEntries: []string{"s3://ops-data/2024/a.csv", "s3://ops-data/2023/b.csv"}},
			[]string{"s3:GetObject arn:aws:s3:::ops-data/m.manifest fail/PermissionMissing", "s3:GetObject arn:aws:s3:::ops-data/2024/a.csv ok",
				"s3:GetObject arn:aws:s3:::ops-data/2023/b.csv fail/PermissionMissing"}, "fail/PermissionMissing"},
		{"COPY MANIFEST with a local copy listing nothing", false, false, e + "OpsReadAllRole",
			access.Statement{Kind: redshift.Copy, Target: s3Target("s3://ops-data/m.manifest"), Manifest: true, ManifestSupplied: true},
			[]string{"s3:GetObject arn:aws:s3:::ops-data/m.manifest ok"}, "ok"},
		{"'?' matches one character: it does not cover the prefix", false, false, e + "OpsQuestionRole",
			access.Statement{Kind: redshift.Copy, Target: s3Target("s3://ops-data/2024/")},
			[]string{"s3:ListBucket arn:aws:s3:::ops-data ok", "s3:GetObject arn:aws:s3:::ops-data/2024/* unknown"}, "unknown"},
		{"a Deny on '?' denies part of the prefix", false, false, e + "OpsQuestionDenyRole",
			access.Statement{Kind: redshift.Copy, Target: s3Target("s3://ops-data/2024/")},
			[]string{"s3:ListBucket arn:aws:s3:::ops-data ok", "s3:GetObject arn:aws:s3:::ops-data/2024/* unknown"}, "unknown"},
		{"an Allow with NotResource excluding a sub-prefix", false, false, e + "OpsNotResourceRole",
			access.Statement{Kind: redshift.Copy, Target: s3Target("s3://ops-data/2024/")},
			[]string{"s3:ListBucket arn:aws:s3:::ops-data ok", "s3:GetObject arn:aws:s3:::ops-data/2024/* unknown"}, "unknown"},
		{"an Allow with NotResource excluding another prefix", false, false, e + "OpsNotResourceRole",
			access.Statement{Kind: redshift.Copy, Target: s3Target("s3://ops-data/2023/")},
			[]string{"s3:ListBucket arn:aws:s3:::ops-data ok", "s3:GetObject arn:aws:s3:::ops-data/2023/* ok"}, "ok"},
		{"a Deny whose condition exempts this role", false, false, e + "OpsExemptDenyRole",
			access.Statement{Kind: redshift.Copy, Target: s3Target("s3://ops-data/2024/")},
			[]string{"s3:ListBucket arn:aws:s3:::ops-data ok", "s3:GetObject arn:aws:s3:::ops-data/2024/* ok"}, "ok"},
		{"s3:prefix is absent on GetObject", false, false, e + "OpsObjectPrefixRole",
			access.Statement{Kind: redshift.Copy, Target: s3Target("s3://ops-data/2024/")},
			[]string{"s3:ListBucket arn:aws:s3:::ops-data ok", "s3:GetObject arn:aws:s3:::ops-data/2024/* fail/PermissionMissing"}, "fail/PermissionMissing"},
		{"COPY and UNLOAD use HTTPS: a TLS-only Deny does not apply", false, false, e + "OpsTlsRole",
			access.Statement{Kind: redshift.Unload, Target: s3Target("s3://ops-data/out/")},
			[]string{"s3:ListBucket arn:aws:s3:::ops-data ok", "s3:GetObject arn:aws:s3:::ops-data/out/* ok", "s3:PutObject arn:aws:s3:::ops-data/out/* ok"}, "ok"},
		{"UNLOAD needs PutObject", false, false, b + "PartnerS3ReadRole",
			access.Statement{Kind: redshift.Unload, Target: s3Target("s3://partner-exports/out/")},
			[]string{"s3:ListBucket arn:aws:s3:::partner-exports ok", "s3:GetObject arn:aws:s3:::partner-exports/out/* ok",
				"s3:PutObject arn:aws:s3:::partner-exports/out/* fail/PermissionMissing"}, "fail/PermissionMissing"},
		{"UNLOAD CLEANPATH against a bucket Deny", true, false, b + "PartnerS3ReadRole",
			access.Statement{Kind: redshift.Unload, Target: s3Target("s3://partner-exports/out/"), Cleanpath: true},
			[]string{"s3:ListBucket arn:aws:s3:::partner-exports ok", "s3:GetObject arn:aws:s3:::partner-exports/out/* ok",
				"s3:PutObject arn:aws:s3:::partner-exports/out/* fail/PermissionMissing", "s3:DeleteObject arn:aws:s3:::partner-exports/out/* fail/PermissionMissing"}, "fail/PermissionMissing"},
		{"s3:prefix condition met", false, false, e + "OpsPrefixRole",
			access.Statement{Kind: redshift.Unload, Target: s3Target("s3://ops-data/2024/q1/")},
			[]string{"s3:ListBucket arn:aws:s3:::ops-data ok", "s3:GetObject arn:aws:s3:::ops-data/2024/q1/* ok", "s3:PutObject arn:aws:s3:::ops-data/2024/q1/* ok"}, "ok"},
		{"s3:prefix condition not met, narrower object grant", false, false, e + "OpsPrefixRole",
			access.Statement{Kind: redshift.Copy, Target: s3Target("s3://ops-data/2023/")},
			[]string{"s3:ListBucket arn:aws:s3:::ops-data fail/PermissionMissing", "s3:GetObject arn:aws:s3:::ops-data/2023/* fail/PermissionMissing"}, "fail/PermissionMissing"},
		{"a grant on a sub-prefix covers part of the prefix", false, false, e + "OpsPrefixRole",
			access.Statement{Kind: redshift.Copy, Target: s3Target("s3://ops-data/20")},
			[]string{"s3:ListBucket arn:aws:s3:::ops-data fail/PermissionMissing", "s3:GetObject arn:aws:s3:::ops-data/20* unknown"}, "fail/PermissionMissing"},
		{"a Deny on part of the prefix is never ok", false, false, e + "OpsPartialDenyRole",
			access.Statement{Kind: redshift.Copy, Target: s3Target("s3://ops-data/2024/")},
			[]string{"s3:ListBucket arn:aws:s3:::ops-data ok", "s3:GetObject arn:aws:s3:::ops-data/2024/* unknown"}, "unknown"},
		{"a Deny elsewhere in the bucket does not matter", false, false, e + "OpsPartialDenyRole",
			access.Statement{Kind: redshift.Copy, Target: s3Target("s3://ops-data/2023/")},
			[]string{"s3:ListBucket arn:aws:s3:::ops-data ok", "s3:GetObject arn:aws:s3:::ops-data/2023/* ok"}, "ok"},
		{"unknowable key", false, false, e + "OpsSourceIpRole",
			access.Statement{Kind: redshift.Copy, Target: s3Target("s3://ops-data/2024/")},
			[]string{"s3:ListBucket arn:aws:s3:::ops-data unknown/ConditionUnverifiable", "s3:GetObject arn:aws:s3:::ops-data/2024/* unknown/ConditionUnverifiable"}, "unknown/ConditionUnverifiable"},
		{"DynamoDB in the cluster's region", false, false, e + "OpsSourceIpRole",
			access.Statement{Kind: redshift.Copy, Target: &redshift.Target{Kind: redshift.TargetDynamoDB, URI: "dynamodb://events"}},
			[]string{"dynamodb:Scan arn:aws:dynamodb:us-east-1:555555555555:table/events ok", "dynamodb:DescribeTable arn:aws:dynamodb:us-east-1:555555555555:table/events ok"}, "ok"},
		{"DynamoDB in another REGION", false, false, e + "OpsSourceIpRole",
			access.Statement{Kind: redshift.Copy, Region: "eu-west-1", Target: &redshift.Target{Kind: redshift.TargetDynamoDB, URI: "dynamodb://events"}},
			[]string{"dynamodb:Scan arn:aws:dynamodb:eu-west-1:555555555555:table/events fail/PermissionMissing", "dynamodb:DescribeTable arn:aws:dynamodb:eu-west-1:555555555555:table/events fail/PermissionMissing"}, "fail/PermissionMissing"},
		{"EMR", false, false, a + "RedshiftClusterRole",
			access.Statement{Kind: redshift.Copy, Target: &redshift.Target{Kind: redshift.TargetEMR, URI: "emr://j-SAMPLE2B500FC/myoutput/part-*"}},
			[]string{"elasticmapreduce:ListInstances arn:aws:elasticmapreduce:us-east-1:123456789012:cluster/j-SAMPLE2B500FC fail/PermissionMissing"}, "fail/PermissionMissing"},
		{"UNLOAD with KMS: key policy not in the data", false, false, e + "OpsSourceIpRole",
			access.Statement{Kind: redshift.Unload, Target: s3Target("s3://ops-data/x/"), Encrypted: true, KMSKeyID: "1234abcd-12ab-34cd-56ef-1234567890ab"},
			[]string{"s3:ListBucket arn:aws:s3:::ops-data unknown/ConditionUnverifiable", "s3:GetObject arn:aws:s3:::ops-data/x/* unknown/ConditionUnverifiable",
				"s3:PutObject arn:aws:s3:::ops-data/x/* unknown/ConditionUnverifiable",
				"kms:GenerateDataKey arn:aws:kms:us-east-1:555555555555:key/1234abcd-12ab-34cd-56ef-1234567890ab unknown/PolicyUnknown"}, "unknown"},
		{"Lambda allowed by its function policy alone (same account, role ARN)", true, false, a + "RedshiftClusterRole",
			access.Statement{Kind: redshift.CreateExternalFunction, Source: redshift.SourceLambda, Target: &redshift.Target{Kind: redshift.TargetLambda, URI: "f_udf"}},
			[]string{"lambda:InvokeFunction arn:aws:lambda:us-east-1:123456789012:function:f_udf ok"}, "ok"},
		{"Lambda without the function policy", false, false, a + "RedshiftClusterRole",
			access.Statement{Kind: redshift.CreateExternalFunction, Source: redshift.SourceLambda, Target: &redshift.Target{Kind: redshift.TargetLambda, URI: "f_udf"}},
			[]string{"lambda:InvokeFunction arn:aws:lambda:us-east-1:123456789012:function:f_udf fail/PermissionMissing"}, "fail/PermissionMissing"},
		{"Lambda by identity policy", false, false, e + "OpsPrefixRole",
			access.Statement{Kind: redshift.CreateExternalFunction, Source: redshift.SourceLambda, Target: &redshift.Target{Kind: redshift.TargetLambda, URI: "udf_score"}},
			[]string{"lambda:InvokeFunction arn:aws:lambda:us-east-1:555555555555:function:udf_score ok"}, "ok"},
		{"Lambda, cluster region unknown", false, true, e + "OpsPrefixRole",
			access.Statement{Kind: redshift.CreateExternalFunction, Source: redshift.SourceLambda, Target: &redshift.Target{Kind: redshift.TargetLambda, URI: "udf_score"}},
			[]string{"lambda:InvokeFunction arn:aws:lambda:<region>:555555555555:function:udf_score unknown"}, "unknown"},
		{"SageMaker UDF", false, false, e + "OpsPrefixRole",
			access.Statement{Kind: redshift.CreateExternalFunction, Source: redshift.SourceSageMaker, Target: &redshift.Target{Kind: redshift.TargetSageMaker, URI: "Churn-EP"}},
			[]string{"sagemaker:InvokeEndpoint arn:aws:sagemaker:us-east-1:555555555555:endpoint/churn-ep fail/PermissionMissing"}, "fail/PermissionMissing"},
		{"federated schema secret", false, false, e + "OpsPrefixRole",
			access.Statement{Kind: redshift.CreateExternalSchema, Source: redshift.SourcePostgres, SecretARN: "arn:aws:secretsmanager:us-east-1:555555555555:secret:pg-AbCdEf"},
			[]string{"secretsmanager:GetSecretValue arn:aws:secretsmanager:us-east-1:555555555555:secret:pg-AbCdEf ok",
				"secretsmanager:GetResourcePolicy arn:aws:secretsmanager:us-east-1:555555555555:secret:pg-AbCdEf fail/PermissionMissing",
				"secretsmanager:DescribeSecret arn:aws:secretsmanager:us-east-1:555555555555:secret:pg-AbCdEf ok",
				"secretsmanager:ListSecretVersionIds arn:aws:secretsmanager:us-east-1:555555555555:secret:pg-AbCdEf fail/PermissionMissing"}, "fail/PermissionMissing"},
		{"Glue catalog: database missing, tables open", false, false, a + "RedshiftClusterRole",
			access.Statement{Kind: redshift.CreateExternalSchema, Source: redshift.SourceDataCatalog, Target: &redshift.Target{Kind: redshift.TargetGlue, URI: "sales"}},
			[]string{"glue:GetDatabase arn:aws:glue:us-east-1:123456789012:database/sales fail/PermissionMissing",
				"glue:GetTables arn:aws:glue:us-east-1:123456789012:table/sales/* unknown",
				"glue:GetTable arn:aws:glue:us-east-1:123456789012:table/sales/* unknown",
				"glue:GetPartitions arn:aws:glue:us-east-1:123456789012:table/sales/* unknown",
				"glue:GetPartition arn:aws:glue:us-east-1:123456789012:table/sales/* unknown",
				"glue:BatchGetPartition arn:aws:glue:us-east-1:123456789012:table/sales/* unknown"}, "fail/PermissionMissing"},
		{"Glue catalog done by CATALOG_ROLE, not IAM_ROLE", false, false, a + "RedshiftClusterRole",
			access.Statement{Kind: redshift.CreateExternalSchema, Source: redshift.SourceDataCatalog, HasCatalogRole: true, Target: &redshift.Target{Kind: redshift.TargetGlue, URI: "sales"}},
			nil, ""},
		{"MSK with IAM authentication", false, false, a + "RedshiftClusterRole",
			access.Statement{Kind: redshift.CreateExternalSchema, Source: redshift.SourceMSK, Auth: "IAM", ClusterARN: "arn:aws:kafka:us-east-1:123456789012:cluster/msk/0b1c"},
			[]string{"kafka-cluster:Connect arn:aws:kafka:us-east-1:123456789012:cluster/msk/0b1c fail/PermissionMissing",
				"kafka-cluster:DescribeTopic arn:aws:kafka:us-east-1:123456789012:topic/msk/0b1c/* unknown",
				"kafka-cluster:ReadData arn:aws:kafka:us-east-1:123456789012:topic/msk/0b1c/* unknown",
				"kafka:GetBootstrapBrokers arn:aws:kafka:us-east-1:123456789012:cluster/msk/0b1c fail/PermissionMissing"}, "fail/PermissionMissing"},
		{"CREATE MODEL", false, false, e + "OpsPrefixRole",
			access.Statement{Kind: redshift.CreateModel, Target: s3Target("s3://ops-data")},
			[]string{"s3:ListBucket arn:aws:s3:::ops-data unknown/ConditionUnverifiable", // Redshift ML's s3:prefix is not known
				"s3:GetObject arn:aws:s3:::ops-data/* unknown", // allowed under 2024/ only
				"s3:PutObject arn:aws:s3:::ops-data/* unknown",
				"s3:DeleteObject arn:aws:s3:::ops-data/* fail/PermissionMissing",
				"sagemaker:CreateAutoMLJob arn:aws:sagemaker:us-east-1:555555555555:automl-job/* unknown",
				"iam:PassRole arn:aws:iam::555555555555:role/OpsPrefixRole fail/PermissionMissing"}, "fail/PermissionMissing"},
		{"CREATE LIBRARY", false, false, b + "PartnerS3ReadRole",
			access.Statement{Kind: redshift.CreateLibrary, Target: s3Target("s3://partner-exports/lib/urlparse.zip")},
			[]string{"s3:ListBucket arn:aws:s3:::partner-exports ok", "s3:GetObject arn:aws:s3:::partner-exports/lib/urlparse.zip ok"}, "ok"},
		{"https library: nothing to check", false, false, b + "PartnerS3ReadRole",
			access.Statement{Kind: redshift.CreateLibrary, Target: &redshift.Target{Kind: redshift.TargetHTTPS, URI: "https://x/y.zip"}}, nil, ""},
		{"role not in the data", false, false, "arn:aws:iam::444444444444:role/AnyRole",
			access.Statement{Kind: redshift.Unload, Target: s3Target("s3://b/u")}, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := opsWorld(t, tt.policies)
			if tt.noClust {
				w.Cluster = nil
			}
			res := access.Operation(w, tt.role, tt.st)
			if tt.want == nil {
				if res != nil {
					t.Fatalf("Operation = %+v, want nil", res)
				}
				return
			}
			if res == nil {
				t.Fatal("Operation = nil")
			}
			var got []string
			for _, c := range res.Checks {
				got = append(got, fmt.Sprintf("%s %s %s", c.Action, c.Resource, verdict(c.Verdict, c.Reason)))
				if c.Verdict != chain.VerdictOK && c.Message == "" {
					t.Errorf("%s: no message", c.Action)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("checks\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(tt.want, "\n     "))
			}
			if v := verdict(res.Verdict, res.Reason); v != tt.verdict {
				t.Errorf("verdict %s, want %s", v, tt.verdict)
			}
		})
	}
}

// TestOperationMessages pins the sentences users read.
func TestOperationMessages(t *testing.T) {
	w := opsWorld(t, true)
	res := access.Operation(w, b+"PartnerS3ReadRole", access.Statement{Kind: redshift.Unload, Target: s3Target("s3://partner-exports/out/"), Cleanpath: true})
	want := []string{
		`PartnerS3ReadRole may not s3:PutObject on arn:aws:s3:::partner-exports/out/*, which UNLOAD needs | add {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::partner-exports/out/*"} to a policy of PartnerS3ReadRole | []`,
		"a Deny in bucket policy of partner-exports \"NoDeletes\" stops PartnerS3ReadRole from s3:DeleteObject on arn:aws:s3:::partner-exports/out/*, which UNLOAD needs |  | [bucket policy of partner-exports \"NoDeletes\"]",
	}
	var got []string
	for _, c := range res.Checks {
		if c.Verdict == chain.VerdictFail {
			got = append(got, fmt.Sprintf("%s | %s | %v", c.Message, c.Help, c.Statements))
		}
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("messages\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
	partial := map[string]string{
		"OpsQuestionDenyRole": `inline policy Ops of role/OpsQuestionDenyRole "NotOneCharacterKeys" denies s3:GetObject on part of arn:aws:s3:::ops-data/2024/*: objects there will be refused`,
		"OpsQuestionRole":     `inline policy Ops of role/OpsQuestionRole "OneCharacterKeys" allows s3:GetObject only on part of arn:aws:s3:::ops-data/2024/*: objects outside that part will be refused`,
	}
	for role, want := range partial {
		res := access.Operation(w, e+role, access.Statement{Kind: redshift.Copy, Target: s3Target("s3://ops-data/2024/")})
		if m := res.Checks[1].Message; m != want {
			t.Errorf("%s: message\n got %s\nwant %s", role, m, want)
		}
	}
	man := access.Operation(w, b+"PartnerS3ReadRole", access.Statement{Kind: redshift.Copy, Target: s3Target("s3://partner-exports/m.manifest"), Manifest: true})
	if c := man.Checks[1]; c.Message != "PartnerS3ReadRole may s3:GetObject only on part of arn:aws:s3:::*; whether it may on the objects the manifest s3://partner-exports/m.manifest lists (its entries are not in the data) cannot be known from the SQL" ||
		c.Help != "pass a local copy of the manifest with --manifest s3://partner-exports/m.manifest=FILE (or the manifests table of .redshift-preflight.toml) to check each object it lists" {
		t.Errorf("manifest: %s | %s", c.Message, c.Help)
	}
	src := access.Operation(w, e+"OpsSourceIpRole", access.Statement{Kind: redshift.Copy, Target: s3Target("s3://ops-data/2024/")})
	if m := src.Checks[1].Message; m != "whether OpsSourceIpRole may s3:GetObject on arn:aws:s3:::ops-data/2024/* depends on aws:SourceIp, which cannot be known offline" {
		t.Errorf("unknown message: %s", m)
	}
}

// verdict spells a verdict with its reason: "fail/PermissionMissing", "ok".
func verdict(v chain.Verdict, r chain.Reason) string {
	if r == chain.NoReason {
		return string(v)
	}
	return fmt.Sprintf("%s/%s", v, r)
}
