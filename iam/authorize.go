package iam

// PolicyType names the kinds of policy Authorize combines.
type PolicyType uint8

const (
	NoPolicyType PolicyType = iota
	IdentityPolicy
	PermissionsBoundary
	ResourcePolicy
)

func (t PolicyType) String() string {
	switch t {
	case IdentityPolicy:
		return "identity"
	case PermissionsBoundary:
		return "boundary"
	case ResourcePolicy:
		return "resource"
	}
	return "none"
}

// Access is everything that decides one request: the caller's identity
// side and the resource's policy.
type Access struct {
	Request Request
	// Identity are the caller's identity-based policies: inline policies and
	// the default versions of attached managed policies.
	Identity []NamedPolicy
	// Boundary is the caller's permissions boundary; nil when it has none.
	Boundary *NamedPolicy
	// ResourcePolicy is the resource's policy (for sts:AssumeRole, the role's
	// trust policy); nil when the resource has none.
	ResourcePolicy *NamedPolicy
	// ResourceAccount owns the resource; "" takes the account field of
	// Request.Resource. When neither names one (S3 ARNs carry no account),
	// whether the request is cross-account is undecided.
	ResourceAccount string
	// ResourceMustAllow: in the same account an identity allow alone is
	// not enough, the resource policy must allow the caller too. True for
	// role trust policies and KMS key policies [EVAL].
	ResourceMustAllow bool
	// RoleTrustPolicy: ResourcePolicy is a role trust policy, where IAM
	// refuses NotPrincipal with any effect [NOTPRIN].
	RoleTrustPolicy bool
}

// Authorization is the combined decision and what each policy type said.
type Authorization struct {
	Decision Decision
	// CrossAccount: the caller's account differs from the resource's.
	CrossAccount Tri
	// Identity and Boundary are nil for callers without identity policies
	// (services, federated and anonymous callers, the root user) and when
	// there is no boundary; Resource is nil when there is no resource policy.
	Identity *Result
	Boundary *Result
	Resource *Result
	// Via tells, for Allowed, which grant made it: the most specific one
	// that certainly works; GrantNone when identity policies alone allowed,
	// GrantWildcard only when nothing narrower did.
	Via GrantKind
	// Lacking tells, when no way of allowing the request is open (whatever
	// the denies), the first policy type whose allow is missing, in the
	// order resource policy, identity policies, boundary.
	Lacking PolicyType
	// Deciding are the statements, across all policy types, that decided.
	Deciding []StatementResult
}

// Authorize combines identity policies, permissions boundary and resource
// policy the way AWS does [EVAL], [XACCT], [§2]:
//
//   - any explicit Deny wins;
//   - cross-account, the identity side (identity allow and boundary) and the
//     resource policy must both allow;
//   - same account, an allow through the resource policy naming the
//     caller's session, "*", a service or a provider needs nothing else;
//     one naming the caller's role or user ARN needs the boundary to allow;
//     one naming the account needs identity allow and boundary; and without
//     ResourceMustAllow, identity allow and boundary suffice on their own;
//   - callers without an identity side need the resource policy alone.
//
// Every fact is three-valued, so an undecidable condition anywhere on a
// path makes the result Unknown unless another path certainly decides.
func Authorize(a Access) Authorization {
	req := a.Request
	if a.Boundary != nil {
		req.Caller.HasBoundary = true
	}
	var out Authorization
	f := accessFacts{deny: False, identity: False, boundary: True}
	out.Identity, out.Boundary = f.addCallerSide(&req, a)
	if a.ResourcePolicy != nil {
		out.Resource = f.addResource(evaluatePolicies(&req, resourceMode, a.RoleTrustPolicy, []NamedPolicy{*a.ResourcePolicy}))
	}
	out.CrossAccount = crossAccount(req, a.ResourceAccount)
	same := f.paths(req.Caller, False, a.ResourceMustAllow)
	cross := f.paths(req.Caller, True, a.ResourceMustAllow)
	allowed := eitherWay(out.CrossAccount, same.any(), cross.any())
	out.Decision = decide(f.deny, allowed)
	if allowed == False {
		out.Lacking = f.lacking(req.Caller, out.CrossAccount, a.ResourceMustAllow)
	}
	if out.Decision == Allowed {
		out.Via = pick(out.CrossAccount, same, cross).first()
	}
	out.Deciding = out.deciding()
	return out
}

// AuthorizeAssumeRole decides whether caller may call sts:AssumeRole on
// roleARN, whose trust policy is trust, given the caller's identity
// policies and boundary (nil for none) [§2]. The root user cannot assume
// roles at all (STS AssumeRole API reference: it must be called with IAM
// user or role credentials), whatever the trust policy says.
func AuthorizeAssumeRole(caller Caller, roleARN string, trust NamedPolicy, identity []NamedPolicy,
	boundary *NamedPolicy, ctx *Context) Authorization {
	if caller.Type == AccountPrincipal {
		return Authorization{Decision: ImplicitDeny, CrossAccount: crossAccount(Request{Caller: caller, Resource: roleARN}, ""),
			Lacking: IdentityPolicy}
	}
	return Authorize(Access{
		Request:           Request{Caller: caller, Action: "sts:AssumeRole", Resource: roleARN, Context: ctx},
		Identity:          identity,
		Boundary:          boundary,
		ResourcePolicy:    &trust,
		ResourceMustAllow: true,
		RoleTrustPolicy:   true,
	})
}

// UnknownKeys lists the condition keys (and policy-variable keys) that left
// deciding statements undecided, each once.
func (a Authorization) UnknownKeys() []string {
	var keys []string
	for _, sr := range a.Deciding {
		for _, k := range sr.UnknownKeys {
			keys = appendKey(keys, k)
		}
	}
	return keys
}

// UnknownPolicies lists the labels of policies, of any type, whose
// documents were missing.
func (a Authorization) UnknownPolicies() []string {
	var labels []string
	for _, r := range []*Result{a.Identity, a.Boundary, a.Resource} {
		if r != nil {
			labels = append(labels, r.UnknownPolicies...)
		}
	}
	return labels
}

func crossAccount(req Request, resourceAccount string) Tri {
	if !req.Caller.hasIdentitySide() {
		return False
	}
	if resourceAccount == "" {
		if a, err := ParseARN(req.Resource); err == nil {
			resourceAccount = a.Account
		}
	}
	if resourceAccount == "" {
		return Maybe
	}
	return triOf(req.Caller.Account != resourceAccount)
}

// eitherWay resolves a fact that depends on whether the request is
// cross-account when that itself may be undecided.
func eitherWay(cross, ifSame, ifCross Tri) Tri {
	switch {
	case cross == False:
		return ifSame
	case cross == True, ifSame == ifCross:
		return ifCross
	}
	return Maybe
}

func pick(cross Tri, same, crossPaths grantPaths) grantPaths {
	if cross == True {
		return crossPaths
	}
	return same
}

func (out *Authorization) deciding() []StatementResult {
	var list []StatementResult
	for _, r := range []*Result{out.Identity, out.Boundary, out.Resource} {
		if r != nil {
			list = append(list, decidingStatements(out.Decision, r.Candidates)...)
		}
	}
	return list
}
