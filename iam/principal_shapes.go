package iam

import "strings"

// RejectedShape is a shape of principal entry that IAM refuses to save, so
// that an export holding one shows a document IAM never enforced as
// written. Such an entry never names anyone for an Allow. For a Deny it
// follows malformed: it may deny, so the flaw can cost an "ok" but never
// produce one.
type RejectedShape uint8

const (
	// ShapePartialWildcardAWS: "*" or "?" in an "AWS" entry other than "*"
	// itself, e.g. "arn:aws:iam::111122223333:role/etl-*". IAM UG "AWS JSON
	// policy elements: Principal"
	// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html):
	// "You cannot use a wildcard to match part of a principal name or ARN."
	ShapePartialWildcardAWS RejectedShape = iota + 1
	// ShapeWildcardService: "*" or "?" in a "Service" entry, "*" alone or
	// inside the name (redshift.*.amazonaws.com). The same page names all
	// principals only as "Principal": "*" or {"AWS": "*"}, and IAM Access
	// Analyzer's policy check "Unsupported wildcard in principal" reads
	// "Wildcards (*, ?) are not supported with the principal key
	// {{principal_key}}. Replace the wildcard with a valid principal value."
	// (IAM UG "IAM Access Analyzer policy check reference").
	ShapeWildcardService
	// ShapeNotPrincipalAllow: NotPrincipal in an Allow statement. IAM UG
	// "AWS JSON policy elements: NotPrincipal"
	// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html):
	// "NotPrincipal must be used with "Effect":"Deny". Using it with
	// "Effect":"Allow" is not supported." (The 2023 text still described
	// Allow with NotPrincipal as granting everyone not listed; the current
	// page refuses it, and reading it as granting nobody can only cost an ok.)
	ShapeNotPrincipalAllow
	// ShapeNotPrincipalTrust: NotPrincipal in a role trust policy, with any
	// effect. Same page: "You cannot use the NotPrincipal element in an IAM
	// identity-based policy nor in an IAM role trust policy."
	ShapeNotPrincipalTrust
)

func (s RejectedShape) String() string {
	switch s {
	case ShapePartialWildcardAWS:
		return "partial-wildcard-aws"
	case ShapeWildcardService:
		return "wildcard-service"
	case ShapeNotPrincipalAllow:
		return "not-principal-allow"
	case ShapeNotPrincipalTrust:
		return "not-principal-trust"
	}
	return "RejectedShape(?)"
}

// RejectedPrincipal is a principal entry of a rejected shape in a statement
// whose action and resource cover the request, and that could have been
// meant for the caller: an "AWS" entry for an IAM principal, a "Service"
// entry for a service, a NotPrincipal element for anyone.
type RejectedPrincipal struct {
	Ref    StatementRef
	Effect Effect
	Entry  string // the entry as written; "" for a NotPrincipal element
	Shape  RejectedShape
}

// rejectedAWSEntry: "*" alone names everyone [PRIN]; a wildcard anywhere
// else is a partial one.
func rejectedAWSEntry(e string) bool { return e != "*" && strings.ContainsAny(e, "*?") }

// rejectedServiceEntry: a service principal is named exactly; no "Service"
// entry may hold a wildcard.
func rejectedServiceEntry(e string) bool { return strings.ContainsAny(e, "*?") }

// notPrincipalShape reports whether IAM refuses a NotPrincipal element in
// this statement: with Allow anywhere, and in a role trust policy whatever
// the effect.
func notPrincipalShape(effect Effect, roleTrust bool) (RejectedShape, bool) {
	switch {
	case effect == Allow:
		return ShapeNotPrincipalAllow, true
	case roleTrust:
		return ShapeNotPrincipalTrust, true
	}
	return 0, false
}
