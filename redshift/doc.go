// Package redshift is the vocabulary the other packages share about
// Redshift's credential statements: the statement kinds, their credential
// clauses, the sources of CREATE EXTERNAL SCHEMA and EXTERNAL FUNCTION, the
// kinds of targets a statement reads, writes or calls, and the commands of
// GRANT ASSUMEROLE's FOR list.
//
// Everything is a typed constant, so a misspelt kind does not compile, and
// every fact about a statement kind is one row of one table (kinds.go).
// Adding a statement kind is one row here, its grammar in sqlparse (how it
// is recognised, where its target is) and its operation planner in package
// access (a test there checks every kind has one).
//
// The facts come from reference/redshift-grammar.md, which cites the
// Database Developer Guide page of each.
//
// It imports nothing of this module, so the parser, the checks and the
// printers can all depend on it.
package redshift
