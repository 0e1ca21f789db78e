package checks

import (
	"github.com/redshift-preflight/redshift-preflight/chain"
	"github.com/redshift-preflight/redshift-preflight/redshift"
)

// Operation permissions (SPEC §9): once the chain works (every hop ok or
// unknown), its last role must be allowed to do what the statement does.
func init() {
	register(&Rule{ID: chain.ReasonPermissionMissing, Severity: Error, Phase: PhaseHops,
		Title: "the last role may not do what the statement does",
		Doc: `Reports a chain whose last role lacks a permission the statement needs, as
the Redshift documentation lists them: COPY from S3 reads the prefix
(s3:GetObject on bucket/prefix*, s3:ListBucket on the bucket; s3:GetObject on
a manifest or JSONPaths file), COPY from DynamoDB or EMR needs
dynamodb:Scan and DescribeTable or elasticmapreduce:ListInstances, UNLOAD
writes the prefix (s3:ListBucket, GetObject, PutObject; DeleteObject with
CLEANPATH; kms:GenerateDataKey with KMS_KEY_ID), CREATE EXTERNAL FUNCTION
invokes the Lambda function (arn:aws:lambda:<cluster region>:<last role's
account>:function:<name>) or SageMaker endpoint, CREATE EXTERNAL SCHEMA reads
the Glue catalog, the Secrets Manager secret (SECRET_ARN), Kinesis or MSK,
CREATE MODEL uses its S3 bucket and SageMaker, CREATE LIBRARY reads its S3
object.

The last role's identity policies and permissions boundary are evaluated,
with the bucket policy (aws s3api get-bucket-policy output) or the Lambda
function policy (aws lambda get-policy output) when given with --iam;
across accounts both sides must allow. An outcome the data cannot decide is
reported by permission-unknown instead. The operation is not evaluated when
a hop of the chain fails.`,
		Run: runPermissionMissing,
	})
	register(&Rule{ID: "permission-unknown", Severity: Warning, Phase: PhaseHops,
		Title: "the data cannot decide whether the last role may do what the statement does",
		Doc: `Reports an operation permission of the last role (see permission-missing)
that the data cannot decide: it depends on a condition key that cannot be
known offline, on a policy document that is not in the data (an AWS-managed
policy exported without --filter AWSManagedPolicy, a KMS key policy), on a
resource the SQL does not name (Glue tables, Kinesis streams, MSK topics), on
whether a bucket is in the role's account, or a Deny covers part of the
prefix the statement reads or writes. The check is never reported as ok; the
JSON "operation" block lists it as unknown.`,
		Run: runPermissionUnknown,
	})
}

func runPermissionUnknown(p *Pass) {
	for _, ri := range p.Refs {
		if ri.Operation == nil {
			continue
		}
		for _, c := range ri.Operation.Checks {
			if c.Verdict == chain.VerdictUnknown {
				p.ReportNotes(ri.Index, ri.hopSpan(len(ri.Hops)-1), c.Message, c.Help,
					p.statementNotes(chain.Issue{Statements: c.Statements}))
			}
		}
	}
}

func runPermissionMissing(p *Pass) {
	for _, ri := range p.Refs {
		op := ri.Operation
		if op == nil {
			continue
		}
		for _, c := range op.Checks {
			if c.Verdict != chain.VerdictFail {
				continue
			}
			p.ReportNotes(ri.Index, ri.hopSpan(len(ri.Hops)-1), c.Message, c.Help,
				p.statementNotes(chain.Issue{Statements: c.Statements}))
		}
	}
}

// evaluateOperation decides the operation of a walked reference whose hops
// all work or are unknown.
func (ri *RefInfo) evaluateOperation(w chain.World, refs []*RefInfo) {
	if !ri.Walked || len(ri.Hops) == 0 {
		return
	}
	for _, h := range ri.Hops {
		if h.Verdict == chain.VerdictFail {
			return
		}
	}
	last := ri.Hops[len(ri.Hops)-1].To
	if last == "" {
		return
	}
	ri.Operation = chain.Operation(w, last, operationRequest(ri, refs))
}

// operationRequest describes the reference's statement for chain.Operation.
func operationRequest(ri *RefInfo, refs []*RefInfo) chain.OperationRequest {
	st := ri.Statement
	req := chain.OperationRequest{Kind: st.Kind, Source: st.Source, CatalogRole: ri.Ref.Clause == redshift.CatalogRole}
	req.Target = ri.Ref.Target
	for _, o := range refs {
		if o.Ref.Statement == ri.Ref.Statement && o.Ref.Clause == redshift.CatalogRole {
			req.HasCatalogRole = true
		}
	}
	opt := func(name string) string { v, _ := st.Option(name); return v }
	has := func(name string) bool { _, ok := st.Option(name); return ok }
	req.Manifest, req.Encrypted, req.Cleanpath = has("MANIFEST"), has("ENCRYPTED"), has("CLEANPATH")
	req.JSONPaths, req.KMSKeyID = opt("JSONPATHS"), opt("KMS_KEY_ID")
	req.SecretARN, req.ClusterARN = opt("SECRET_ARN"), opt("CLUSTER_ARN")
	req.Region, req.CatalogID, req.Auth = opt("REGION"), opt("CATALOG_ID"), opt("AUTHENTICATION")
	req.CreateDB, req.AutoOff = has("CREATE EXTERNAL DATABASE"), opt("AUTO") == "OFF"
	return req
}
