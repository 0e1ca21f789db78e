// Package chain is the role chain: its syntax and its hop walk.
//
// Syntax: Split and Check validate the quoted value of IAM_ROLE and
// CATALOG_ROLE ('arnA,arnB,...') and ParseRoleARN each element. They know
// nothing about SQL: callers pass the content of a quoted value (already
// unescaped, placeholders possibly substituted) and receive Problems
// positioned by byte spans relative to that content.
//
// Hops: Walk evaluates, against a World (the inventory, the cluster and the
// database user), every assumption of a chain as if the earlier ones
// succeeded: Redshift assumes the first role, each role the next
// (iam-semantics.md §9). ConnectHops walks the connect path from a start
// principal. A hop's verdict comes with every Issue found, ordered by the
// precedence of §9, and the policy statements that decided.
//
// Verdict reasons are typed (Reason); package checks maps each to the rule
// that reports it. Principal is who makes a request, with the one role-tag
// context of the tool (Principal.Context), shared with package access.
package chain
