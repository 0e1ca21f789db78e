// Package iam reads AWS IAM policy documents and evaluates requests against
// them offline, with three-valued logic so that data that cannot decide a
// question yields "unknown" instead of a guess. It is generic AWS IAM and
// knows nothing about Redshift; section tags such as [EVAL] refer to
// shared/reference/iam-semantics.md, which cites the AWS documentation.
//
// # Documents
//
// DecodePolicy accepts a document as a JSON object, as a JSON string holding
// the JSON text, or URL-encoded (decoded with url.PathUnescape so "+" stays
// "+") [§8]. The model keeps every shape AWS allows: Statement as object or
// list; Action, NotAction, Resource, NotResource and principal entries as
// string or list; Principal as "*" or {"AWS"|"Service"|"Federated"|
// "CanonicalUser": ...}; condition values with their JSON kind. Errors are
// *DecodeError values naming the JSON path, e.g.
// "Statement[2].Condition.StringEquals: want an object of condition keys,
// got array". Unknown elements are errors, as in IAM; condition operators
// and keys are free-form, as in IAM. Two members of one object with the
// same name, or with names IAM reads as one (element names, operators and
// condition keys compare case-insensitively), are errors too: AWS does not
// document which one applies, and the decoder never picks one. Only the default version of a managed
// policy counts [§1]: DefaultVersion picks it from a PolicyVersionList.
//
// # Matching
//
// Actions match case-insensitively with '*' and '?' [ACT]. Resources match
// per ARN segment: wildcards stay inside the colon-separated segments
// unless a '*' ends its segment, the first five segments compare
// case-insensitively and the resource part exactly [RES]. Principals match
// as [PRIN] describes: an account id or root ARN names the whole account; a
// role ARN names the role's sessions (by partition, account and role name);
// a session ARN one session; "*" and {"AWS": "*"} everyone; service
// principals exactly, including regional forms for the caller's region.
// Entries IAM refuses to save (RejectedShape: a partial wildcard in an
// "AWS" principal, any wildcard in a "Service" principal, NotPrincipal with
// Allow or in a role trust policy) name no one for an Allow and apply for a
// Deny, so such a flaw can cost an "allowed" but never produce one;
// Result.Rejected lists those that could have named the caller.
// All wildcard matching is a set-of-states automaton: time is linear in
// the text for a given pattern, with no backtracking blow-up.
//
// A Request may stand for every resource under a prefix (ResourcePrefix,
// e.g. every object a COPY reads): CoverResourcePrefix decides whether a
// pattern matches all, some or none of the ARNs that start with it, and a
// Resource element that covers only some makes the statement Maybe
// (StatementResult.Partial): some objects would be allowed or denied and
// others not.
//
// # Three values
//
// Every test yields a Tri: True, False or Maybe. A request Context records
// for each condition key whether it is present (with values), absent, or
// unknowable offline; a key never mentioned is unknowable. A condition on
// an unknowable key is Maybe, and Maybe propagates by Kleene's rules: AND
// with False is False, OR with True is True, otherwise Maybe. Conditions
// follow [COND], [CONDOPS] and [MULTI]: operators AND-ed, keys AND-ed,
// values OR-ed (negated operators: no value matches), ...IfExists, Null,
// ForAnyValue and ForAllValues (true on an absent key), policy variables
// only under Version 2012-10-17 [VARS], [VER]. A value an operator does not
// document (a Numeric value that is no number, a Date outside the W3C
// profile of ISO 8601 and epoch seconds, a Bool or Null value other than
// true or false in any case) makes its test Maybe, never "no match".
//
// PrincipalContext records the keys the IAM global condition key
// reference fixes for a caller: aws:PrincipalIsAWSService and
// aws:PrincipalServiceName for a service principal's own call; for an IAM
// principal's call aws:PrincipalIsAWSService false and no
// aws:PrincipalServiceName, aws:CalledVia, aws:SourceArn or
// aws:SourceAccount.
//
// A set of statements yields two facts, "some Deny applies" and "some
// Allow applies", and a Decision by "explicit deny > allow > implicit
// deny" [EVAL]:
//
//	ExplicitDeny  a Deny certainly applies
//	Allowed       an Allow certainly applies and no Deny can
//	ImplicitDeny  no Allow can apply (even if a Deny only might)
//	Unknown       anything else: a Deny that might apply blocks an Allow
//	              from becoming Allowed, and an Allow that might apply is
//	              not enough
//
// A false "allowed" is the one answer this package must never give, so
// every gap in the data (an unknowable key, an unknown session name, a
// missing policy document, an undocumented corner of the semantics) becomes
// Maybe, and every Result names its deciding statements and, for Maybe,
// the condition keys and principals involved.
//
// # Combining policy types
//
// EvaluateIdentity evaluates identity policies or a boundary;
// EvaluateResource a resource policy such as a role trust policy, also
// reporting how each Allow named the caller (GrantKind). Authorize
// combines them by [EVAL], [XACCT] and the sts:AssumeRole table of [§2]:
// cross-account needs both sides; same-account, a grant to the caller's
// role ARN needs only the boundary, a grant to the account needs identity
// allow too, a grant to the session or "*" needs nothing else; a role trust
// policy (ResourceMustAllow) must always allow the caller itself.
// AuthorizeAssumeRole is the sts:AssumeRole case. The Authorization keeps
// each policy type's Result, so a caller can name which one failed
// (Lacking) and apply its own precedence of reasons ([§9]).
package iam
