package chain

import (
	"fmt"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/iam"
	"github.com/redshift-preflight/redshift-preflight/inventory"
	"github.com/redshift-preflight/redshift-preflight/redshift"
)

// Operation permissions (SPEC §9): the last role of a chain must be allowed
// to do what the statement does. The actions per operation are those of
// redshift-grammar.md §5; each is evaluated by iam.Authorize against the
// last role's identity policies and boundary and, when the data holds it,
// the bucket or function policy.

// ReasonPermissionMissing is the reason (and rule id) of a failing
// operation check.
const ReasonPermissionMissing = "permission-missing"

// OperationRequest describes a statement's operation; the checks package
// fills it from the parsed statement, so that chain need not know SQL.
type OperationRequest struct {
	Kind   redshift.StatementKind
	Source redshift.Source // CREATE EXTERNAL SCHEMA's FROM variant, LAMBDA or SAGEMAKER
	Target *redshift.Target
	// CatalogRole: the chain is the statement's CATALOG_ROLE, which does the
	// catalog's work; HasCatalogRole: the statement has one, so IAM_ROLE does not.
	CatalogRole, HasCatalogRole bool

	Manifest   bool   // COPY ... MANIFEST: the target is a manifest file
	JSONPaths  string // COPY ... JSON 's3://...': the JSONPaths file
	Encrypted  bool   // ENCRYPTED
	KMSKeyID   string // UNLOAD / CREATE MODEL KMS_KEY_ID
	Cleanpath  bool   // UNLOAD ... CLEANPATH
	SecretARN  string // SECRET_ARN
	ClusterARN string // CLUSTER_ARN (MSK)
	Region     string // REGION: where the bucket or table is; "" for the cluster's
	CatalogID  string // CATALOG_ID: the Glue catalog's account
	Auth       string // AUTHENTICATION (upper case): NONE, IAM, MTLS; "" when not given
	CreateDB   bool   // CREATE EXTERNAL DATABASE IF NOT EXISTS
	AutoOff    bool   // CREATE MODEL ... AUTO OFF
}

// OperationCheck is one action on one resource.
type OperationCheck struct {
	Action   string
	Resource string
	Verdict  Verdict
	Reason   string // permission-missing for fail; policy-unknown or condition-unverifiable for unknown when one applies
	Message  string
	Help     string
	// Statements are the policy statements that decided.
	Statements []iam.StatementRef
	Keys       []string // condition keys that could not be known
}

// OperationResult is the verdict on what the last role must be allowed to do.
type OperationResult struct {
	Role    string // the last role's ARN
	Checks  []OperationCheck
	Verdict Verdict
	Reason  string // the reason shared by every check that decided the verdict, or ""
}

// opCheck is a planned check before evaluation.
type opCheck struct {
	action, resource string
	ctx              func(*iam.Context)
	resourcePolicy   *iam.NamedPolicy
	mustAllow        bool   // KMS: the key policy must allow the caller
	ownerUnknown     bool   // S3: the bucket's account is not in the data
	open             string // the resource stands for resources the SQL does not name (streams, topics, jobs): say which
	unknown          string // the resource cannot be formed: why
}

// Operation evaluates what the statement needs from the chain's last role
// (a role ARN that the inventory holds). It returns nil when the statement
// names nothing the IAM data can decide (no target, an https library, a
// Hive metastore schema) or the role is not in the data.
func Operation(w World, last string, req OperationRequest) *OperationResult {
	if w.Inventory == nil {
		return nil
	}
	role := w.Inventory.Role(last)
	if role == nil {
		return nil
	}
	roleARN, probs := ParseRoleARN(last)
	if len(probs) > 0 {
		return nil
	}
	o := opPlanner{w: w, req: req, partition: roleARN.Partition, account: roleARN.Account, role: last}
	if w.Cluster != nil {
		o.region = w.Cluster.Region
	}
	o.plan()
	if len(o.checks) == 0 {
		return nil
	}
	caller, err := iam.RoleSessionCaller(last, "")
	if err != nil {
		return nil
	}
	res := &OperationResult{Role: last}
	for _, c := range o.checks {
		res.Checks = append(res.Checks, o.evaluate(c, caller, role))
	}
	res.decide()
	return res
}

type opPlanner struct {
	w                  World
	req                OperationRequest
	partition, account string
	region             string // the cluster's region
	role               string
	checks             []opCheck
}

func (o *opPlanner) add(c opCheck) { o.checks = append(o.checks, c) }

// plan lists the checks of grammar.md §5 for the statement.
func (o *opPlanner) plan() {
	r := o.req
	t := r.Target
	switch r.Kind {
	case redshift.Copy, redshift.CopyJob:
		switch {
		case t == nil:
		case t.Kind == redshift.TargetS3 && r.Manifest, t.Kind == redshift.TargetSSH:
			o.s3Object(t.URI, "s3:GetObject")
		case t.Kind == redshift.TargetS3:
			o.s3Prefix(t.URI, "s3:ListBucket", "s3:GetObject")
		case t.Kind == redshift.TargetDynamoDB:
			table := strings.TrimPrefix(t.URI[len("dynamodb://"):], "/")
			for _, a := range []string{"dynamodb:Scan", "dynamodb:DescribeTable"} {
				o.regional(a, "dynamodb", r.Region, o.account, "table/"+table)
			}
		case t.Kind == redshift.TargetEMR:
			id, _, _ := strings.Cut(t.URI[len("emr://"):], "/")
			o.regional("elasticmapreduce:ListInstances", "elasticmapreduce", r.Region, o.account, "cluster/"+id)
		}
		if r.JSONPaths != "" {
			o.s3Object(r.JSONPaths, "s3:GetObject")
		}
	case redshift.Unload:
		if t == nil || t.Kind != redshift.TargetS3 {
			return
		}
		actions := []string{"s3:ListBucket", "s3:GetObject", "s3:PutObject"}
		if r.Cleanpath {
			actions = append(actions, "s3:DeleteObject")
		}
		o.s3Prefix(t.URI, actions...)
		if r.KMSKeyID != "" {
			o.kms(r.KMSKeyID, "kms:GenerateDataKey")
		}
	case redshift.CreateLibrary:
		if t != nil && t.Kind == redshift.TargetS3 {
			o.s3Object(t.URI, "s3:ListBucket", "s3:GetObject")
		}
	case redshift.CreateExternalFunction:
		if t == nil {
			return
		}
		switch t.Kind {
		case redshift.TargetLambda:
			o.lambda(t.URI)
		case redshift.TargetSageMaker:
			o.regional("sagemaker:InvokeEndpoint", "sagemaker", "", o.account, "endpoint/"+strings.ToLower(t.URI))
		}
	case redshift.CreateExternalSchema, redshift.AlterExternalSchema:
		o.schema()
	case redshift.CreateModel:
		o.model()
	case redshift.CreateExternalModel:
		if t != nil && t.Kind == redshift.TargetBedrock {
			o.regional("bedrock:InvokeModel", "bedrock", "", "", "foundation-model/"+t.URI)
		}
	case redshift.CreateDatabase:
		if t != nil && t.Kind == redshift.TargetGlue && !r.HasCatalogRole {
			o.add(opCheck{action: "glue:GetDatabase", resource: t.URI})
		}
	}
}

func (o *opPlanner) schema() {
	r, t := o.req, o.req.Target
	switch r.Source {
	case redshift.SourceDataCatalog:
		if r.HasCatalogRole && !r.CatalogRole || t == nil || t.Kind != redshift.TargetGlue {
			return
		}
		acct := o.account
		if r.CatalogID != "" {
			acct = r.CatalogID
		}
		db := t.URI
		o.regional("glue:GetDatabase", "glue", r.Region, acct, "database/"+db)
		if r.CreateDB {
			o.regional("glue:CreateDatabase", "glue", r.Region, acct, "database/"+db)
		}
		for _, a := range []string{"glue:GetTables", "glue:GetTable", "glue:GetPartitions", "glue:GetPartition", "glue:BatchGetPartition"} {
			o.regional(a, "glue", r.Region, acct, "table/"+db+"/*")
			o.checks[len(o.checks)-1].open = "the tables of " + db
		}
	case redshift.SourcePostgres, redshift.SourceMySQL:
		if r.SecretARN == "" {
			return
		}
		for _, a := range []string{"secretsmanager:GetSecretValue", "secretsmanager:GetResourcePolicy", "secretsmanager:DescribeSecret", "secretsmanager:ListSecretVersionIds"} {
			o.add(opCheck{action: a, resource: r.SecretARN})
		}
	case redshift.SourceKinesis:
		for _, a := range []string{"kinesis:DescribeStreamSummary", "kinesis:GetShardIterator", "kinesis:GetRecords", "kinesis:ListShards", "kinesis:DescribeStream"} {
			o.regional(a, "kinesis", "", o.account, "stream/*")
			o.checks[len(o.checks)-1].open = "the streams that materialized views will read"
		}
		o.add(opCheck{action: "kinesis:ListStreams", resource: "*"})
	case redshift.SourceMSK:
		if r.ClusterARN == "" {
			return
		}
		if r.Auth == "IAM" {
			o.add(opCheck{action: "kafka-cluster:Connect", resource: r.ClusterARN})
			if topics, ok := mskTopics(r.ClusterARN); ok {
				for _, a := range []string{"kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"} {
					o.add(opCheck{action: a, resource: topics, open: "the topics that materialized views will read"})
				}
			}
		}
		o.add(opCheck{action: "kafka:GetBootstrapBrokers", resource: r.ClusterARN})
	}
}

// mskTopics turns arn:...:kafka:R:A:cluster/NAME/UUID into the ARN pattern
// of its topics, arn:...:kafka:R:A:topic/NAME/UUID/*.
func mskTopics(clusterARN string) (string, bool) {
	a, err := iam.ParseARN(clusterARN)
	if err != nil || !strings.HasPrefix(a.Resource, "cluster/") {
		return "", false
	}
	a.Resource = "topic/" + strings.TrimPrefix(a.Resource, "cluster/") + "/*"
	return a.String(), true
}

func (o *opPlanner) model() {
	r, t := o.req, o.req.Target
	if t == nil {
		return
	}
	switch t.Kind {
	case redshift.TargetSageMaker:
		ep, _, _ := strings.Cut(t.URI, ":")
		o.regional("sagemaker:InvokeEndpoint", "sagemaker", "", o.account, "endpoint/"+strings.ToLower(ep))
		return
	case redshift.TargetS3:
		bucket := strings.TrimSuffix(t.URI[len("s3://"):], "/")
		o.add(opCheck{action: "s3:ListBucket", resource: o.s3ARN(bucket), ownerUnknown: o.bucketOwnerUnknown(bucket), resourcePolicy: o.w.Inventory.BucketPolicy(bucket)})
		for _, a := range []string{"s3:GetObject", "s3:PutObject", "s3:DeleteObject"} {
			o.add(opCheck{action: a, resource: o.s3ARN(bucket + "/*"), ownerUnknown: o.bucketOwnerUnknown(bucket), resourcePolicy: o.w.Inventory.BucketPolicy(bucket)})
		}
	}
	job, kind := "sagemaker:CreateAutoMLJob", "automl-job/*"
	if r.AutoOff {
		job, kind = "sagemaker:CreateTrainingJob", "training-job/*"
	}
	o.regional(job, "sagemaker", "", o.account, kind)
	o.checks[len(o.checks)-1].open = "the jobs Redshift ML names itself"
	o.add(opCheck{action: "iam:PassRole", resource: o.role})
	if r.KMSKeyID != "" {
		o.kms(r.KMSKeyID, "kms:GenerateDataKey")
	}
}

// regional adds a check on arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE;
// region "" is the cluster's, which may be unknown.
func (o *opPlanner) regional(action, service, region, account, resource string) {
	if region == "" {
		region = o.region
	}
	c := opCheck{action: action, resource: fmt.Sprintf("arn:%s:%s:%s:%s:%s", o.partition, service, region, account, resource)}
	if region == "" {
		c.resource = fmt.Sprintf("arn:%s:%s:<region>:%s:%s", o.partition, service, account, resource)
		c.unknown = "the cluster's region is not known (no cluster data, or none of its ARNs names it)"
	}
	o.add(c)
}

func (o *opPlanner) lambda(name string) {
	if strings.HasPrefix(name, "arn:") {
		o.add(opCheck{action: "lambda:InvokeFunction", resource: name, resourcePolicy: o.w.Inventory.FunctionPolicy(name)})
		return
	}
	o.regional("lambda:InvokeFunction", "lambda", "", o.account, "function:"+name)
	c := &o.checks[len(o.checks)-1]
	if c.unknown == "" {
		c.resourcePolicy = o.w.Inventory.FunctionPolicy(c.resource)
	}
}

// kms adds a KMS action on the key: a key policy must always allow the
// caller, and key policies are not in the data, so the check is unknown
// unless the role's own policies refuse.
func (o *opPlanner) kms(key, action string) {
	c := opCheck{action: action, mustAllow: true}
	switch {
	case strings.HasPrefix(key, "arn:"):
		c.resource = key
	default:
		res := "key/" + key
		if strings.HasPrefix(key, "alias/") {
			res = key
		}
		o.regional(action, "kms", "", o.account, res)
		c.resource, c.unknown = o.checks[len(o.checks)-1].resource, o.checks[len(o.checks)-1].unknown
		o.checks = o.checks[:len(o.checks)-1]
	}
	c.resourcePolicy = &iam.NamedPolicy{Label: "key policy of " + key + " (not in the data)"}
	o.add(c)
}

// s3Parts splits s3://bucket/key.
func s3Parts(uri string) (bucket, key string, ok bool) {
	if len(uri) < 5 || !strings.EqualFold(uri[:5], "s3://") {
		return "", "", false
	}
	bucket, key, _ = strings.Cut(uri[5:], "/")
	return bucket, key, bucket != ""
}

func (o *opPlanner) s3ARN(res string) string { return "arn:" + o.partition + ":s3:::" + res }

// bucketOwnerUnknown: S3 ARNs name no account. Without a bucket policy the
// role's policies decide alone (the bucket is taken to be in the role's
// account: resource policies count only when supplied, SPEC §9); with one,
// whether the request is cross-account is unknown.
func (o *opPlanner) bucketOwnerUnknown(bucket string) bool {
	return o.w.Inventory.BucketPolicy(bucket) != nil
}

// s3Prefix: objects under the prefix (bucket/prefix*) and the bucket
// listing, with s3:prefix set to the prefix.
func (o *opPlanner) s3Prefix(uri string, actions ...string) {
	bucket, prefix, ok := s3Parts(uri)
	if !ok {
		return
	}
	for _, a := range actions {
		c := opCheck{action: a, resourcePolicy: o.w.Inventory.BucketPolicy(bucket), ownerUnknown: o.bucketOwnerUnknown(bucket)}
		if strings.EqualFold(a, "s3:ListBucket") {
			c.resource = o.s3ARN(bucket)
			if prefix != "" { // listing a whole bucket may send no prefix at all: leave it unknown
				c.ctx = func(ctx *iam.Context) { ctx.Set("s3:prefix", prefix) }
			}
		} else {
			c.resource = o.s3ARN(bucket + "/" + prefix + "*")
		}
		o.add(c)
	}
}

// s3Object: one named object (a manifest, a JSONPaths file, a library).
func (o *opPlanner) s3Object(uri string, actions ...string) {
	bucket, key, ok := s3Parts(uri)
	if !ok {
		return
	}
	for _, a := range actions {
		c := opCheck{action: a, resourcePolicy: o.w.Inventory.BucketPolicy(bucket), ownerUnknown: o.bucketOwnerUnknown(bucket)}
		if strings.EqualFold(a, "s3:ListBucket") {
			c.resource = o.s3ARN(bucket)
			c.ctx = func(ctx *iam.Context) { ctx.Set("s3:prefix", key) }
		} else {
			c.resource = o.s3ARN(bucket + "/" + key)
		}
		o.add(c)
	}
}

// evaluate decides one check.
func (o *opPlanner) evaluate(c opCheck, caller iam.Caller, role *inventory.Role) OperationCheck {
	out := OperationCheck{Action: c.action, Resource: c.resource}
	what := o.what()
	name := display(o.role)
	if c.unknown != "" {
		out.Verdict = VerdictUnknown
		out.Message = fmt.Sprintf("whether %s may %s, which %s needs, cannot be checked: %s", name, c.action, what, c.unknown)
		return out
	}
	ctx := iam.PrincipalContext(caller)
	for k, v := range role.Tags {
		ctx.Set("aws:PrincipalTag/"+k, v)
	}
	if !role.TagsUnknown {
		ctx.SetAbsentPrefix("aws:PrincipalTag/")
	}
	if c.ctx != nil {
		c.ctx(ctx)
	}
	access := iam.Access{
		Request:           iam.Request{Caller: caller, Action: c.action, Resource: c.resource, Context: ctx},
		Identity:          o.w.Inventory.IdentityPolicies(role),
		Boundary:          o.w.Inventory.BoundaryPolicy(role),
		ResourcePolicy:    c.resourcePolicy,
		ResourceMustAllow: c.mustAllow,
	}
	if a, err := iam.ParseARN(c.resource); err == nil && a.Service == "s3" && !c.ownerUnknown {
		access.ResourceAccount = o.account
	}
	auth := iam.Authorize(access)
	out.Statements = refsOfAll(auth.Deciding)
	target := fmt.Sprintf("%s on %s", c.action, c.resource)
	switch auth.Decision {
	case iam.Allowed:
		out.Verdict = VerdictOK
		if ref, ok := partialDeny(append(access.Identity, optional(access.Boundary, c.resourcePolicy)...), c.action, c.resource); ok {
			// The request stands for every object under a prefix; a Deny on
			// part of it refuses some of them: never report that as ok.
			out.Verdict = VerdictUnknown
			out.Statements = append(out.Statements, ref)
			out.Message = fmt.Sprintf("%s may %s, but %s denies it on part of that prefix: objects there will be refused", name, target, ref)
		}
	case iam.ExplicitDeny:
		out.Verdict, out.Reason = VerdictFail, ReasonPermissionMissing
		where := "a policy"
		if len(out.Statements) > 0 {
			where = out.Statements[0].String()
		}
		out.Message = fmt.Sprintf("a Deny in %s stops %s from %s, which %s needs", where, name, target, what)
	case iam.ImplicitDeny:
		if c.open != "" {
			out.Verdict = VerdictUnknown
			out.Message = fmt.Sprintf("%s may not %s on every resource matching %s; whether it may on %s cannot be known from the SQL", name, c.action, c.resource, c.open)
			return out
		}
		out.Verdict, out.Reason = VerdictFail, ReasonPermissionMissing
		out.Message = fmt.Sprintf("%s may not %s, which %s needs", name, target, what)
		out.Help = fmt.Sprintf("allow %s on %s in a policy of %s", c.action, c.resource, name)
		switch auth.Lacking {
		case iam.ResourcePolicy:
			if c.resourcePolicy != nil && auth.CrossAccount == iam.True {
				out.Help = fmt.Sprintf("%s is in another account: its %s must allow %s too", c.resource, c.resourcePolicy.Label, o.role)
			}
		case iam.PermissionsBoundary:
			out.Help = fmt.Sprintf("the permissions boundary %s of %s must allow %s too", role.Boundary, name, c.action)
		}
	default:
		out.Verdict = VerdictUnknown
		out.Keys = auth.UnknownKeys()
		labels := auth.UnknownPolicies()
		switch {
		case len(labels) > 0:
			out.Reason = ReasonPolicyUnknown
			out.Message = fmt.Sprintf("%s is not in the data, so whether %s may %s cannot be decided", strings.Join(labels, ", "), name, target)
		case len(out.Keys) > 0:
			out.Reason = ReasonConditionUnverifiable
			out.Message = fmt.Sprintf("whether %s may %s depends on %s, which cannot be known offline", name, target, strings.Join(out.Keys, ", "))
		case auth.CrossAccount == iam.Maybe:
			out.Message = fmt.Sprintf("whether %s may %s depends on whether the bucket is in %s's account, which the data does not say", name, target, name)
		default:
			out.Message = fmt.Sprintf("whether %s may %s cannot be decided from the data", name, target)
		}
	}
	return out
}

// what names the operation for messages: "UNLOAD", "CREATE EXTERNAL FUNCTION".
func (o *opPlanner) what() string { return strings.ReplaceAll(o.req.Kind.String(), "_", " ") }

// decide: fail if a check fails, else unknown if one is, else ok; the
// reason when all the deciding checks share one.
func (r *OperationResult) decide() {
	r.Verdict = VerdictOK
	var reasons []string
	for _, v := range []Verdict{VerdictFail, VerdictUnknown} {
		for _, c := range r.Checks {
			if c.Verdict == v {
				r.Verdict = v
				if !containsFold(reasons, c.Reason) {
					reasons = append(reasons, c.Reason)
				}
			}
		}
		if r.Verdict == v {
			break
		}
	}
	if len(reasons) == 1 {
		r.Reason = reasons[0]
	}
}

// optional lists the policies that are present.
func optional(ps ...*iam.NamedPolicy) []iam.NamedPolicy {
	var out []iam.NamedPolicy
	for _, p := range ps {
		if p != nil {
			out = append(out, *p)
		}
	}
	return out
}

// partialDeny finds a Deny statement for action whose resources overlap the
// objects under a prefix request ("arn:aws:s3:::bucket/prefix*") without
// being matched by the request itself, which the evaluator compares as one
// literal ARN. Conditions are not weighed: the answer is then "unknown".
func partialDeny(policies []iam.NamedPolicy, action, resource string) (iam.StatementRef, bool) {
	prefix, isPrefix := strings.CutSuffix(resource, "*")
	if !isPrefix {
		return iam.StatementRef{}, false
	}
	for _, p := range policies {
		if p.Document == nil {
			continue
		}
		for i, st := range p.Document.Statements {
			if st.Effect != iam.Deny || !st.CoversAction(action) {
				continue
			}
			if resourceOverlaps(st, prefix, resource) {
				return iam.StatementRef{Policy: p.Label, Index: i, Sid: st.Sid}, true
			}
		}
	}
	return iam.StatementRef{}, false
}

func resourceOverlaps(st iam.Statement, prefix, resource string) bool {
	if st.NotResource != nil { // denies all but these: overlaps unless they cover the whole prefix
		for _, r := range st.NotResource {
			if iam.MatchResource(r, resource) {
				return false
			}
		}
		return true
	}
	for _, r := range st.Resource {
		if iam.MatchResourcePrefix(r, prefix) {
			return true
		}
	}
	return false
}
