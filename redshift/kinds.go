package redshift

import (
	"slices"
	"strings"
)

// StatementKind is a statement that can carry credentials. The zero value
// is a statement that carries none.
type StatementKind uint8

const (
	Copy StatementKind = iota + 1
	CopyJob
	Unload
	CreateExternalSchema
	AlterExternalSchema
	CreateExternalFunction
	CreateModel
	CreateExternalModel
	CreateLibrary
	CreateDatabase
	ShowDatabases
	numKinds
)

// Kind is everything the tool knows about one statement kind
// (redshift-grammar.md §1, §2 and §7).
type Kind struct {
	Name  string // as reports spell it (SPEC §3.1): COPY_JOB
	Words string // as SQL spells it, for messages: COPY ... JOB CREATE

	Clauses []Clause     // the credential clauses of its grammar
	Targets []TargetKind // what it may read, write or call

	// NeedsAuthorization: Redshift refuses the statement without IAM_ROLE
	// or keys — except for the sources and targets listed after it, which
	// reach nothing in AWS (an external schema FROM REDSHIFT, a library
	// FROM 'https://...').
	NeedsAuthorization     bool
	NoAuthorizationSources []Source
	NoAuthorizationTargets []TargetKind

	// NoClauseSources are the variants whose grammar has no credential
	// clause at all (CREATE DATABASE ... FROM INTEGRATION or FROM
	// DATASHARE): a clause written there is a syntax error, not a reference.
	NoClauseSources []Source

	// DefaultAllowed: IAM_ROLE default is accepted (auto-copy jobs refuse it).
	DefaultAllowed bool
	// SessionAllowed: IAM_ROLE 'SESSION' (the caller's federated identity)
	// is accepted; when SessionSources is not empty, only from those.
	SessionAllowed bool
	SessionSources []Source

	// AssumeRole is the FOR-list command of GRANT ASSUMEROLE that governs
	// the statement; "" when none can name it.
	AssumeRole AssumeRoleCommand

	// Example is a statement of this kind that explain checks in place of
	// SQL: {auth} stands for the credential clause, {target} for the
	// target as given, {bucket} for an S3 bucket name (an s3:// prefix
	// removed).
	Example string
	// TargetHelp says how explain's --target names this kind's target.
	TargetHelp string
}

var (
	allClauses = []Clause{IAMRole, Credentials, AccessKeyID, SecretAccessKey, SessionToken, MasterSymmetricKey}
	roleOnly   = []Clause{IAMRole}
)

// kinds is the table: one row per statement kind.
var kinds = [numKinds]Kind{
	Copy: {
		Name: "COPY", Words: "COPY", Clauses: allClauses,
		Targets:            []TargetKind{TargetS3, TargetSSH, TargetEMR, TargetDynamoDB},
		NeedsAuthorization: true, DefaultAllowed: true, AssumeRole: AssumeRoleCopy,
		Example:    "COPY preflight_explain FROM '{target}' {auth};",
		TargetHelp: "s3://bucket/prefix, emr://cluster-id/path or dynamodb://table",
	},
	CopyJob: {
		Name: "COPY_JOB", Words: "COPY ... JOB CREATE", Clauses: roleOnly,
		Targets:            []TargetKind{TargetS3},
		NeedsAuthorization: true, DefaultAllowed: false, AssumeRole: AssumeRoleCopy,
		Example:    "COPY preflight_explain FROM '{target}' {auth} JOB CREATE preflight_explain;",
		TargetHelp: "s3://bucket/prefix",
	},
	Unload: {
		Name: "UNLOAD", Words: "UNLOAD", Clauses: allClauses,
		Targets:            []TargetKind{TargetS3},
		NeedsAuthorization: true, DefaultAllowed: true, AssumeRole: AssumeRoleUnload,
		Example:    "UNLOAD ('SELECT 1') TO '{target}' {auth};",
		TargetHelp: "s3://bucket/prefix",
	},
	CreateExternalSchema: {
		Name: "CREATE_EXTERNAL_SCHEMA", Words: "CREATE EXTERNAL SCHEMA", Clauses: []Clause{IAMRole, CatalogRole},
		Targets:            []TargetKind{TargetGlue, TargetSecret, TargetKafka},
		NeedsAuthorization: true, NoAuthorizationSources: []Source{SourceRedshift, SourceKafka},
		DefaultAllowed: true, SessionAllowed: true, SessionSources: []Source{SourceDataCatalog},
		Example:    "CREATE EXTERNAL SCHEMA preflight_explain FROM DATA CATALOG DATABASE '{target}' {auth};",
		TargetHelp: "the Glue database name",
	},
	AlterExternalSchema: {
		Name: "ALTER_EXTERNAL_SCHEMA", Words: "ALTER EXTERNAL SCHEMA", Clauses: roleOnly,
		DefaultAllowed: true, SessionAllowed: true,
		Example: "ALTER EXTERNAL SCHEMA preflight_explain {auth};",
	},
	CreateExternalFunction: {
		Name: "CREATE_EXTERNAL_FUNCTION", Words: "CREATE EXTERNAL FUNCTION", Clauses: roleOnly,
		Targets:            []TargetKind{TargetLambda, TargetSageMaker},
		NeedsAuthorization: true, DefaultAllowed: true, AssumeRole: AssumeRoleExternalFunction,
		Example:    "CREATE EXTERNAL FUNCTION preflight_explain() RETURNS INT STABLE LAMBDA '{target}' {auth};",
		TargetHelp: "the Lambda function's name or ARN",
	},
	CreateModel: {
		Name: "CREATE_MODEL", Words: "CREATE MODEL", Clauses: roleOnly,
		Targets:            []TargetKind{TargetS3, TargetSageMaker},
		NeedsAuthorization: true, DefaultAllowed: true, AssumeRole: AssumeRoleCreateModel,
		Example:    "CREATE MODEL preflight_explain FROM (SELECT 1) TARGET t FUNCTION preflight_explain {auth} SETTINGS (S3_BUCKET '{bucket}');",
		TargetHelp: "the S3_BUCKET (bucket or s3://bucket)",
	},
	CreateExternalModel: {
		Name: "CREATE_EXTERNAL_MODEL", Words: "CREATE EXTERNAL MODEL", Clauses: roleOnly,
		Targets:            []TargetKind{TargetBedrock},
		NeedsAuthorization: true, DefaultAllowed: true,
		Example:    "CREATE EXTERNAL MODEL preflight_explain FUNCTION preflight_explain {auth} MODEL_TYPE BEDROCK SETTINGS (MODEL_ID '{target}');",
		TargetHelp: "the Bedrock MODEL_ID",
	},
	CreateLibrary: {
		Name: "CREATE_LIBRARY", Words: "CREATE LIBRARY", Clauses: allClauses,
		Targets:            []TargetKind{TargetS3, TargetHTTPS},
		NeedsAuthorization: true, NoAuthorizationTargets: []TargetKind{TargetHTTPS}, DefaultAllowed: true,
		Example:    "CREATE LIBRARY preflight_explain LANGUAGE plpythonu FROM '{target}' {auth};",
		TargetHelp: "s3://bucket/key of the library",
	},
	// CREATE DATABASE ("CREATE DATABASE - Amazon Redshift",
	// https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_DATABASE.html),
	// whose syntax has the alternatives "{ [ FROM INTEGRATION
	// '<integration_id>' ... ] ... } | { FROM { { ARN '<arn>' } { WITH DATA
	// CATALOG SCHEMA '<schema>' | WITH NO DATA CATALOG SCHEMA } } } | {
	// IAM_ROLE {default | 'SESSION' | 'arn:aws:iam::<account-id>:role/<role-name>' } }
	// | { [ WITH PERMISSIONS ] FROM DATASHARE datashare_name OF [ ACCOUNT
	// account_id ] NAMESPACE namespace_guid }": only the ARN and IAM_ROLE
	// forms have a role (docs/sources/sql.md §2).
	CreateDatabase: {
		Name: "CREATE_DATABASE", Words: "CREATE DATABASE", Clauses: roleOnly,
		Targets:         []TargetKind{TargetGlue},
		NoClauseSources: []Source{SourceIntegration, SourceDatashare},
		DefaultAllowed:  true, SessionAllowed: true,
		Example:    "CREATE DATABASE preflight_explain FROM ARN '{target}' WITH NO DATA CATALOG SCHEMA {auth};",
		TargetHelp: "the Glue database ARN",
	},
	// SHOW DATABASES ("SHOW DATABASES - Amazon Redshift",
	// https://docs.aws.amazon.com/redshift/latest/dg/r_SHOW_DATABASES.html):
	// "To show databases from a Data Catalog: SHOW DATABASES FROM DATA
	// CATALOG [ ACCOUNT '<id1>', '<id2>', ... ] [ LIKE '<expression>' ] [
	// IAM_ROLE default | 'SESSION' |
	// 'arn:aws:iam::<account-id>:role/<role-name>' ] [ LIMIT row_limit ]".
	// The role is optional (docs/sources/sql.md §3).
	ShowDatabases: {
		Name: "SHOW_DATABASES", Words: "SHOW DATABASES FROM DATA CATALOG", Clauses: roleOnly,
		Targets:        []TargetKind{TargetGlue},
		DefaultAllowed: true, SessionAllowed: true,
		Example:    "SHOW DATABASES FROM DATA CATALOG ACCOUNT '{target}' {auth};",
		TargetHelp: "the account id of the Glue Data Catalog",
	},
}

// Kinds lists every statement kind in the order of SPEC §3.1.
func Kinds() []StatementKind {
	out := make([]StatementKind, 0, numKinds-1)
	for k := Copy; k < numKinds; k++ {
		out = append(out, k)
	}
	return out
}

// Valid reports whether k is a statement kind (not the zero value).
func (k StatementKind) Valid() bool { return k > 0 && k < numKinds }

// Info is the table row of k; it panics on the zero value, which carries
// no credentials and so has no row.
func (k StatementKind) Info() *Kind {
	if !k.Valid() {
		panic("redshift: no statement kind " + k.String())
	}
	return &kinds[k]
}

func (k StatementKind) String() string {
	if !k.Valid() {
		return ""
	}
	return kinds[k].Name
}

// ParseStatementKind reads a kind as reports spell it, in any case, with
// spaces or dashes for underscores ("create external function").
func ParseStatementKind(s string) (StatementKind, bool) {
	norm := strings.ToUpper(strings.NewReplacer(" ", "_", "-", "_").Replace(strings.TrimSpace(s)))
	for k := Copy; k < numKinds; k++ {
		if kinds[k].Name == norm {
			return k, true
		}
	}
	return 0, false
}

// NeedsAuthorization reports whether Redshift refuses a statement of this
// kind, from this source and with this target (0 when it names none), that
// has no IAM_ROLE or keys.
func (k StatementKind) NeedsAuthorization(src Source, target TargetKind) bool {
	row := k.Info()
	return row.NeedsAuthorization && !slices.Contains(row.NoAuthorizationSources, src) &&
		(target == 0 || !slices.Contains(row.NoAuthorizationTargets, target))
}

// TakesClauses reports whether the grammar of this kind's variant src has
// credential clauses at all.
func (k StatementKind) TakesClauses(src Source) bool {
	return !slices.Contains(k.Info().NoClauseSources, src)
}

// AllowsSession reports whether IAM_ROLE 'SESSION' is accepted in a
// statement of this kind from this source.
func (k StatementKind) AllowsSession(src Source) bool {
	row := k.Info()
	return row.SessionAllowed && (len(row.SessionSources) == 0 || slices.Contains(row.SessionSources, src))
}

// AllowsDefault reports whether IAM_ROLE default is accepted.
func (k StatementKind) AllowsDefault() bool { return k.Info().DefaultAllowed }

// Words spells the kind for messages: CREATE EXTERNAL FUNCTION.
func (k StatementKind) Words() string { return k.Info().Words }
