package chain

import (
	"fmt"
	"strings"
)

// sessionStatements names where Redshift accepts 'SESSION' (redshift-grammar.md §2).
const sessionStatements = "CREATE EXTERNAL SCHEMA ... FROM DATA CATALOG, ALTER EXTERNAL SCHEMA, CREATE DATABASE and SHOW DATABASES FROM DATA CATALOG"

// Check runs the chain-level rules over the elements Split returned:
// KindTooLong (max <= 0 means DefaultMaxChain), KindDefaultInChain,
// KindDefaultQuoted, and ParseRoleARN on every non-opaque element (spans
// shifted to the value).
//
// allowSession: the single-element value "SESSION" (exact upper case) is
// accepted (Redshift allows it for CREATE EXTERNAL SCHEMA ... DATA CATALOG,
// ALTER EXTERNAL SCHEMA, CREATE DATABASE); otherwise "SESSION" is an invalid
// ARN whose message says where SESSION is allowed. 'session' in another case
// is invalid, with a hint at upper case. SESSION as one element of a longer
// chain is invalid everywhere: Redshift documents it only as the whole value.
//
// A "default" element gets KindDefaultInChain / KindDefaultQuoted only (not
// also KindInvalidARN). Opaque elements are skipped: their text is not known.
func Check(elems []Element, max int, allowSession bool) []Problem {
	if max <= 0 {
		max = DefaultMaxChain
	}
	var probs []Problem
	if len(elems) > max {
		probs = append(probs, Problem{
			Kind:    KindTooLong,
			Span:    Span{elems[max].Span.Start, elems[len(elems)-1].Span.End},
			Message: fmt.Sprintf("role chain has %d roles, at most %d are allowed", len(elems), max),
		})
	}
	for _, e := range elems {
		if !e.Opaque {
			probs = append(probs, checkElement(e, len(elems), allowSession)...)
		}
	}
	return append(probs, crossPartition(elems)...)
}

// crossPartition: every role of a chain must be in the partition of the
// first, because a session of one partition cannot assume a role of
// another. IAM User Guide, "Federating AWS identities across AWS
// partitions"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_outbound_cross_partition.html):
// "AWS partitions are hard isolation boundaries with independent instances
// of AWS Identity and Access Management (IAM), so a credential issued in
// one partition isn't valid in another. As a result, direct role
// assumption with the AssumeRole API doesn't work across partition
// boundaries." Elements that are no valid role ARN have their own problems.
func crossPartition(elems []Element) []Problem {
	var probs []Problem
	first := ""
	for _, e := range elems {
		arn, bad := ParseRoleARN(e.Text)
		switch {
		case e.Opaque || len(bad) > 0:
		case first == "":
			first = arn.Partition
		case arn.Partition != first:
			probs = append(probs, Problem{Kind: KindInvalidARN, Span: e.Span,
				Message: fmt.Sprintf("role %s is in partition %s, the chain's first role in %s: a role cannot assume a role of another partition", arn.Name, arn.Partition, first)})
		}
	}
	return probs
}

// checkElement checks one element of a chain of n elements.
func checkElement(e Element, n int, allowSession bool) []Problem {
	if strings.EqualFold(e.Text, "default") {
		return []Problem{defaultProblem(e, n)}
	}
	if strings.EqualFold(e.Text, "session") {
		return sessionProblems(e, n, allowSession)
	}
	_, probs := ParseRoleARN(e.Text)
	shift(probs, e.Span.Start)
	return probs
}

// defaultProblem: default is an unquoted keyword, so in quotes it is neither
// the default role nor, in a chain, a way to name it.
func defaultProblem(e Element, n int) Problem {
	if n > 1 {
		return Problem{KindDefaultInChain, e.Span, "default cannot be part of a role chain: name the default role by its ARN"}
	}
	return Problem{KindDefaultQuoted, e.Span, "quoted default is not the default role keyword: write default without quotes"}
}

func sessionProblems(e Element, n int, allowSession bool) []Problem {
	var msg string
	switch {
	case n > 1:
		msg = fmt.Sprintf("role value %s cannot be part of a role chain: it must be the whole value", e.Text)
	case e.Text == "SESSION" && allowSession:
		return nil
	case e.Text == "SESSION":
		msg = "role value SESSION is only allowed in " + sessionStatements
	case allowSession:
		msg = fmt.Sprintf("role value %s must be upper case: write SESSION", e.Text)
	default:
		msg = fmt.Sprintf("role value %s is not a role ARN, and upper-case SESSION is only allowed in %s", e.Text, sessionStatements)
	}
	return []Problem{{KindInvalidARN, e.Span, msg}}
}
