package sqlparse

// StatementKind names a statement that can carry credentials, as reports spell it.
type StatementKind string

const (
	StmtCopy                   StatementKind = "COPY"
	StmtCopyJob                StatementKind = "COPY_JOB"
	StmtUnload                 StatementKind = "UNLOAD"
	StmtCreateExternalSchema   StatementKind = "CREATE_EXTERNAL_SCHEMA"
	StmtAlterExternalSchema    StatementKind = "ALTER_EXTERNAL_SCHEMA"
	StmtCreateExternalFunction StatementKind = "CREATE_EXTERNAL_FUNCTION"
	StmtCreateModel            StatementKind = "CREATE_MODEL"
	StmtCreateExternalModel    StatementKind = "CREATE_EXTERNAL_MODEL"
	StmtCreateLibrary          StatementKind = "CREATE_LIBRARY"
	StmtCreateDatabase         StatementKind = "CREATE_DATABASE"
)

// Statement is one SQL statement. Kind is empty for statements that carry no credentials.
type Statement struct {
	Kind    StatementKind
	Span    Span
	Keyword Span // its first keyword

	// Source is the FROM variant of CREATE EXTERNAL SCHEMA ("DATA CATALOG",
	// "HIVE METASTORE", "POSTGRES", ...) or "LAMBDA"/"SAGEMAKER" for an
	// external function; empty otherwise.
	Source string

	// NeedsAuthorization: Redshift refuses the statement without IAM_ROLE or keys.
	NeedsAuthorization bool

	// Options are the statement's options that decide which AWS permissions
	// it needs, by upper-case name (see options.go): flags (MANIFEST,
	// ENCRYPTED, CLEANPATH, CREATE EXTERNAL DATABASE) map to "", valued
	// options (KMS_KEY_ID, SECRET_ARN, CLUSTER_ARN, REGION, CATALOG_ID,
	// AUTHENTICATION, AUTO, JSONPATHS) to their value. nil when none is given.
	Options map[string]string
}

// Option returns an option's value and whether the statement gives it.
func (s *Statement) Option(name string) (string, bool) {
	v, ok := s.Options[name]
	return v, ok
}

// AllowsSession reports whether IAM_ROLE 'SESSION' is accepted (the caller's
// federated identity): DATA CATALOG external schemas and CREATE DATABASE.
func (s *Statement) AllowsSession() bool {
	switch s.Kind {
	case StmtCreateExternalSchema:
		return s.Source == "DATA CATALOG"
	case StmtAlterExternalSchema, StmtCreateDatabase:
		return true
	}
	return false
}

// AllowsDefault reports whether IAM_ROLE default is accepted; auto-copy jobs refuse it.
func (s *Statement) AllowsDefault() bool { return s.Kind != StmtCopyJob }

// Clause names a credential clause as reports spell it.
type Clause string

const (
	ClauseIAMRole            Clause = "IAM_ROLE"
	ClauseCatalogRole        Clause = "CATALOG_ROLE"
	ClauseCredentials        Clause = "CREDENTIALS"
	ClauseAccessKeyID        Clause = "ACCESS_KEY_ID"
	ClauseSecretAccessKey    Clause = "SECRET_ACCESS_KEY"
	ClauseSessionToken       Clause = "SESSION_TOKEN"
	ClauseMasterSymmetricKey Clause = "MASTER_SYMMETRIC_KEY"
	ClauseNone               Clause = "NONE" // synthetic: the statement needs authorization and has none
)

// IsRole reports whether the clause's value is a role chain.
func (c Clause) IsRole() bool { return c == ClauseIAMRole || c == ClauseCatalogRole }

// IsKey reports whether the clause's value is key material.
func (c Clause) IsKey() bool {
	return c == ClauseAccessKeyID || c == ClauseSecretAccessKey || c == ClauseSessionToken || c == ClauseMasterSymmetricKey
}

// Authorizes reports whether the clause, on its own or with its partners,
// gives the statement its AWS authorization.
func (c Clause) Authorizes() bool {
	return c == ClauseIAMRole || c == ClauseCredentials || c == ClauseAccessKeyID ||
		c == ClauseSecretAccessKey || c == ClauseSessionToken
}

var clauseWords = map[string]Clause{
	"IAM_ROLE":             ClauseIAMRole,
	"CATALOG_ROLE":         ClauseCatalogRole,
	"CREDENTIALS":          ClauseCredentials,
	"ACCESS_KEY_ID":        ClauseAccessKeyID,
	"SECRET_ACCESS_KEY":    ClauseSecretAccessKey,
	"SESSION_TOKEN":        ClauseSessionToken,
	"MASTER_SYMMETRIC_KEY": ClauseMasterSymmetricKey,
}

// Target is what the statement reads, writes or calls.
type Target struct {
	Kind string // s3, lambda, sagemaker, glue, kinesis, kafka, secret, dynamodb, emr, ssh, https, bedrock
	URI  string
}

// Reference is one credential clause of one statement.
type Reference struct {
	Statement int // index into Result.Statements
	Clause    Clause
	Keyword   Span // the clause keyword; for ClauseNone, the statement's first keyword
	Value     Value
	Target    *Target
}
