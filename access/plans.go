package access

import (
	"strings"

	"github.com/redshift-preflight/redshift-preflight/iam"
	"github.com/redshift-preflight/redshift-preflight/redshift"
)

// planners hold, for every statement kind, what the chain's last role must
// be allowed to do (redshift-grammar.md §5). TestEveryKindHasAPlanner
// keeps this table complete when a kind is added to package redshift.
var planners = map[redshift.StatementKind]func(*planner){
	redshift.Copy:                   planCopy,
	redshift.CopyJob:                planCopy,
	redshift.Unload:                 planUnload,
	redshift.CreateExternalSchema:   planSchema,
	redshift.AlterExternalSchema:    planSchema,
	redshift.CreateExternalFunction: planFunction,
	redshift.CreateModel:            planModel,
	redshift.CreateExternalModel:    planExternalModel,
	redshift.CreateLibrary:          planLibrary,
	redshift.CreateDatabase:         planDatabase,
	redshift.ShowDatabases:          planShowDatabases,
}

// planCopy: COPY reads the S3 prefix (or one manifest and the objects it
// lists, or one SSH manifest object), scans a DynamoDB table or lists an EMR cluster's instances,
// and reads its JSONPaths file.
func planCopy(p *planner) {
	st, t := p.st, p.st.Target
	p.https = true
	switch {
	case t == nil:
	case t.Kind == redshift.TargetS3 && st.Manifest:
		p.s3Object(t.URI, "s3:GetObject")
		p.manifestEntries(t.URI)
	case t.Kind == redshift.TargetSSH:
		p.s3Object(t.URI, "s3:GetObject")
	case t.Kind == redshift.TargetS3:
		p.s3Prefix(t.URI, "s3:ListBucket", "s3:GetObject")
		p.bucketKey(t.URI)
	case t.Kind == redshift.TargetDynamoDB:
		table := strings.TrimPrefix(t.URI[len("dynamodb://"):], "/")
		for _, a := range []string{"dynamodb:Scan", "dynamodb:DescribeTable"} {
			p.regional(a, "dynamodb", st.Region, p.account, "table/"+table)
		}
	case t.Kind == redshift.TargetEMR:
		id, _, _ := strings.Cut(t.URI[len("emr://"):], "/")
		p.regional("elasticmapreduce:ListInstances", "elasticmapreduce", st.Region, p.account, "cluster/"+id)
	}
	if st.JSONPaths != "" {
		p.s3Object(st.JSONPaths, "s3:GetObject")
	}
}

// planUnload: UNLOAD writes the S3 prefix (and deletes with CLEANPATH, and
// uses the KMS key of KMS_KEY_ID).
func planUnload(p *planner) {
	st, t := p.st, p.st.Target
	if t == nil || t.Kind != redshift.TargetS3 {
		return
	}
	p.https = true
	actions := []string{"s3:ListBucket", "s3:GetObject", "s3:PutObject"}
	if st.Cleanpath {
		actions = append(actions, "s3:DeleteObject")
	}
	p.s3Prefix(t.URI, actions...)
	if st.KMSKeyID != "" || st.KMSKeyGiven {
		p.kms(st.KMSKeyID, "kms:GenerateDataKey")
	}
}

// planLibrary: CREATE LIBRARY reads its S3 object; from https it needs nothing.
func planLibrary(p *planner) {
	if t := p.st.Target; t != nil && t.Kind == redshift.TargetS3 {
		p.s3Object(t.URI, "s3:ListBucket", "s3:GetObject")
	}
}

// planFunction: an external function invokes its Lambda function or
// SageMaker endpoint.
func planFunction(p *planner) {
	t := p.st.Target
	if t == nil {
		return
	}
	switch t.Kind {
	case redshift.TargetLambda:
		p.lambda(t.URI)
	case redshift.TargetSageMaker:
		p.regional("sagemaker:InvokeEndpoint", "sagemaker", "", p.account, "endpoint/"+strings.ToLower(t.URI))
	}
}

// planExternalModel: CREATE EXTERNAL MODEL invokes its Bedrock model.
func planExternalModel(p *planner) {
	if t := p.st.Target; t != nil && t.Kind == redshift.TargetBedrock {
		p.regional("bedrock:InvokeModel", "bedrock", "", "", "foundation-model/"+t.URI)
	}
}

// planDatabase: CREATE DATABASE ... FROM ARN reads the Glue database, unless
// a CATALOG_ROLE does.
func planDatabase(p *planner) {
	if t := p.st.Target; t != nil && t.Kind == redshift.TargetGlue && !p.st.HasCatalogRole {
		p.add(Request{Action: "glue:GetDatabase", Resource: t.URI})
	}
}

// planShowDatabases: SHOW DATABASES FROM DATA CATALOG lists the databases
// of each ACCOUNT's Glue Data Catalog, or of the cluster's account ("SHOW
// DATABASES - Amazon Redshift",
// https://docs.aws.amazon.com/redshift/latest/dg/r_SHOW_DATABASES.html:
// "Omitting this parameter indicates that Amazon Redshift should show the
// databases from the account that owns the cluster."). The Glue API that
// lists them is GetDatabases ("GetDatabases - AWS Glue",
// https://docs.aws.amazon.com/goto/WebAPI/glue-2017-03-31/GetDatabases:
// "Retrieves all databases defined in a given Data Catalog."); the Redshift
// guide names no action, so both the catalog and its databases are asked
// for, which can only make the check stricter (docs/sources/sql.md §3).
func planShowDatabases(p *planner) {
	var accounts []string
	if t := p.st.Target; t != nil && t.Kind == redshift.TargetGlue && t.URI != "" {
		accounts = strings.Split(t.URI, ",")
	} else if p.w.Cluster != nil && p.w.Cluster.Account != "" {
		accounts = []string{p.w.Cluster.Account}
	} else {
		accounts = []string{p.account}
	}
	for _, acct := range accounts {
		p.regional("glue:GetDatabases", "glue", "", acct, "catalog")
		p.regional("glue:GetDatabases", "glue", "", acct, "database/*")
		p.last().Open = "the databases of the catalog"
	}
}

// planSchema: an external schema reads the Glue catalog (through its
// CATALOG_ROLE when it has one), the Secrets Manager secret of a federated
// schema, Kinesis streams, or an MSK cluster.
func planSchema(p *planner) {
	st, t := p.st, p.st.Target
	switch st.Source {
	case redshift.SourceDataCatalog:
		if st.HasCatalogRole && !st.CatalogRole || t == nil || t.Kind != redshift.TargetGlue {
			return
		}
		acct := p.account
		if st.CatalogID != "" {
			acct = st.CatalogID
		}
		db := t.URI
		p.regional("glue:GetDatabase", "glue", st.Region, acct, "database/"+db)
		if st.CreateDB {
			p.regional("glue:CreateDatabase", "glue", st.Region, acct, "database/"+db)
		}
		for _, a := range []string{"glue:GetTables", "glue:GetTable", "glue:GetPartitions", "glue:GetPartition", "glue:BatchGetPartition"} {
			p.regional(a, "glue", st.Region, acct, "table/"+db+"/*")
			p.last().Open = "the tables of " + db
		}
	case redshift.SourcePostgres, redshift.SourceMySQL:
		if st.SecretARN == "" {
			return
		}
		for _, a := range []string{"secretsmanager:GetSecretValue", "secretsmanager:GetResourcePolicy", "secretsmanager:DescribeSecret", "secretsmanager:ListSecretVersionIds"} {
			p.add(Request{Action: a, Resource: st.SecretARN})
		}
	case redshift.SourceKinesis:
		for _, a := range []string{"kinesis:DescribeStreamSummary", "kinesis:GetShardIterator", "kinesis:GetRecords", "kinesis:ListShards", "kinesis:DescribeStream"} {
			p.regional(a, "kinesis", "", p.account, "stream/*")
			p.last().Open = "the streams that materialized views will read"
		}
		p.add(Request{Action: "kinesis:ListStreams", Resource: "*"})
	case redshift.SourceMSK:
		planMSK(p)
	}
}

func planMSK(p *planner) {
	st := p.st
	if st.ClusterARN == "" {
		return
	}
	if st.Auth == "IAM" {
		p.add(Request{Action: "kafka-cluster:Connect", Resource: st.ClusterARN})
		if topics, ok := mskTopics(st.ClusterARN); ok {
			for _, a := range []string{"kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"} {
				p.add(Request{Action: a, Resource: topics, Open: "the topics that materialized views will read"})
			}
		}
	}
	p.add(Request{Action: "kafka:GetBootstrapBrokers", Resource: st.ClusterARN})
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

// planModel: CREATE MODEL uses its S3 bucket (or invokes its SageMaker
// endpoint), creates a SageMaker job, passes its role, and uses its KMS key.
func planModel(p *planner) {
	st, t := p.st, p.st.Target
	if t == nil {
		return
	}
	switch t.Kind {
	case redshift.TargetSageMaker:
		ep, _, _ := strings.Cut(t.URI, ":")
		p.regional("sagemaker:InvokeEndpoint", "sagemaker", "", p.account, "endpoint/"+strings.ToLower(ep))
		return
	case redshift.TargetS3:
		bucket := strings.TrimSuffix(t.URI[len("s3://"):], "/")
		p.add(p.s3Request("s3:ListBucket", bucket, bucket))
		for _, a := range []string{"s3:GetObject", "s3:PutObject", "s3:DeleteObject"} {
			p.s3Objects(a, bucket, "", true)
		}
	}
	job, kind := "sagemaker:CreateAutoMLJob", "automl-job/*"
	if st.AutoOff {
		job, kind = "sagemaker:CreateTrainingJob", "training-job/*"
	}
	p.regional(job, "sagemaker", "", p.account, kind)
	p.last().Open = "the jobs Redshift ML names itself"
	p.add(Request{Action: "iam:PassRole", Resource: p.role})
	if st.KMSKeyID != "" || st.KMSKeyGiven {
		p.kms(st.KMSKeyID, "kms:GenerateDataKey")
	}
}
