package sqlparse

import "github.com/redshift-preflight/redshift-preflight/redshift"

// Statement is one SQL statement. Kind is zero for statements that carry no credentials.
type Statement struct {
	Kind    redshift.StatementKind
	Span    Span
	Keyword Span // its first keyword

	// Body is the content of the CREATE PROCEDURE or CREATE FUNCTION body
	// (between its dollar quotes) that holds the statement; empty for a
	// statement at the top level of the file (routine.go).
	Body Span

	// Source is the FROM variant of CREATE EXTERNAL SCHEMA (DATA CATALOG,
	// HIVE METASTORE, POSTGRES, ...), LAMBDA or SAGEMAKER for an external
	// function, ARN for CREATE DATABASE ... FROM ARN; empty otherwise.
	Source redshift.Source

	// NeedsAuthorization: Redshift refuses the statement without IAM_ROLE or keys.
	NeedsAuthorization bool

	// Cut is where an unterminated literal, comment or template tag
	// swallows the rest of the statement (its opening character); empty
	// for a statement that ends. Only the clauses before it are read, and
	// Redshift cannot run such a statement.
	Cut Span

	// Invisible is the first invisible character (invisible.go) in the
	// statement's code or before it, since the previous statement ended:
	// Redshift reads it as part of a name, so it cannot run the statement
	// as the tool reads it. Empty when there is none.
	Invisible Span

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
func (s *Statement) AllowsSession() bool { return s.Kind.Valid() && s.Kind.AllowsSession(s.Source) }

// AllowsDefault reports whether IAM_ROLE default is accepted; auto-copy jobs refuse it.
func (s *Statement) AllowsDefault() bool { return !s.Kind.Valid() || s.Kind.AllowsDefault() }

// Reference is one credential clause of one statement.
type Reference struct {
	Statement int // index into Result.Statements
	Clause    redshift.Clause
	Keyword   Span // the clause keyword; for ClauseNone, the statement's first keyword
	Value     Value
	Target    *redshift.Target

	// StrayKey: for a key clause without a usable value, the key material
	// written where the value should be (an unquoted key, the name between
	// double quotes, or the line a never-closed quote opens); it is in
	// Result.Secrets. Empty otherwise.
	StrayKey Span
}
