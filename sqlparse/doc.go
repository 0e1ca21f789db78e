// Package sqlparse finds the credential clauses of Amazon Redshift SQL.
//
// It is a lenient, position-exact front end: a Redshift lexical layer (backslash
// escapes, dollar quotes, nested comments, template placeholders) splits a file
// into statements and masks everything that pg_query's PostgreSQL scanner would
// misread; pg_query's scanner then tokenizes only the statements that can carry
// a credential clause, and a token-level matcher extracts References. Problems
// are returned as positioned Diagnostics, never as errors that abort a file:
// a statement whose end an unterminated literal swallows is read up to the
// literal (Statement.Cut), and a clause without a usable value is a
// Reference whose empty value sits at its keyword. The dollar-quoted body of
// CREATE PROCEDURE and CREATE FUNCTION is read again as SQL (routine.go):
// its statements are Statements with Body set, a name or || expression in a
// clause there is opaque, and EXECUTE of SQL built at run time is listed in
// Result.DynamicSQL, not read.
//
// All positions are byte offsets into the original file (Span, half-open);
// File.Position turns them into 1-based lines and columns counted in Unicode
// characters, as the reports need.
//
// Statement kinds, clauses and targets are the typed constants of package
// redshift; package redact finds and masks key material, so that the
// secret spans sqlparse records are what every printer masks. These two
// leaves are the only packages of this module sqlparse imports; how each kind
// is recognised and where its target is (classify.go, options.go) is the
// grammar, which lives here.
package sqlparse
