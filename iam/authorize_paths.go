package iam

// accessFacts are the three-valued facts Authorize combines.
type accessFacts struct {
	deny     Tri    // an explicit Deny applies somewhere
	identity Tri    // identity policies allow
	boundary Tri    // the boundary allows (True when there is none)
	grants   Grants // the resource policy allows, per kind of principal
}

// addCallerSide evaluates the caller's identity policies and boundary.
func (f *accessFacts) addCallerSide(req *Request, a Access) (identity, boundary *Result) {
	switch {
	case req.Caller.Type == AccountPrincipal:
		// The root user holds every permission in its own account [EVAL];
		// it has no identity policies to evaluate.
		f.identity = True
		return nil, nil
	case !req.Caller.hasIdentitySide():
		return nil, nil
	}
	identity = f.addIdentity(evaluate(req, identityMode, a.Identity))
	if a.Boundary != nil {
		boundary = f.addBoundary(evaluate(req, identityMode, []NamedPolicy{*a.Boundary}))
	}
	return identity, boundary
}

func (f *accessFacts) addIdentity(r Result) *Result {
	f.identity, f.deny = r.Allow, f.deny.Or(r.Deny)
	return &r
}

func (f *accessFacts) addBoundary(r Result) *Result {
	f.boundary, f.deny = r.Allow, f.deny.Or(r.Deny)
	return &r
}

func (f *accessFacts) addResource(r Result) *Result {
	f.grants, f.deny = r.Grants, f.deny.Or(r.Deny)
	return &r
}

// grantPaths holds, per way of being allowed, whether it allows. Index
// GrantNone is the identity-policies-only path.
type grantPaths [grantKindCount]Tri

// pathOrder lists the ways from most to least specific, so the reported
// way is the narrowest that works and "*" is named only as the last resort.
var pathOrder = []GrantKind{GrantDirect, GrantSession, GrantService, GrantFederated,
	GrantAccount, GrantNone, GrantWildcard}

func (p grantPaths) any() Tri {
	out := False
	for _, t := range p {
		out = out.Or(t)
	}
	return out
}

func (p grantPaths) first() GrantKind {
	for _, k := range pathOrder {
		if p[k] == True {
			return k
		}
	}
	return GrantNone
}

// paths computes each way of being allowed for a same-account
// (cross=False) or cross-account (cross=True) request, per the table in
// iam-semantics.md §2.
func (f accessFacts) paths(c Caller, cross Tri, mustAllow bool) grantPaths {
	var p grantPaths
	if !c.hasIdentitySide() {
		copy(p[:], f.grants[:])
		p[GrantNone] = False
		return p
	}
	identitySide := f.identity.And(f.boundary)
	if cross == True {
		for k := range p {
			p[k] = f.grants[k].And(identitySide)
		}
		p[GrantNone] = False
		return p
	}
	for _, k := range []GrantKind{GrantSession, GrantWildcard, GrantService, GrantFederated} {
		p[k] = f.grants[k] // only explicit denies can stop these
	}
	p[GrantDirect] = f.grants[GrantDirect].And(f.boundary)
	p[GrantAccount] = f.grants[GrantAccount].And(identitySide)
	p[GrantNone] = identitySide.And(triOf(!mustAllow))
	return p
}

// lacking names the first missing allow once no path allows: the resource
// policy when one was needed and grants nothing, else identity policies
// when every remaining path needs them, else the boundary. The order
// follows the hop-rule precedence in iam-semantics.md §9.
func (f accessFacts) lacking(c Caller, cross Tri, mustAllow bool) PolicyType {
	needResource := !c.hasIdentitySide() || cross != False || mustAllow
	if needResource && f.grants.Any() == False {
		return ResourcePolicy
	}
	if !c.hasIdentitySide() {
		return ResourcePolicy
	}
	bypass := f.grants[GrantSession].Or(f.grants[GrantWildcard]).Or(f.grants[GrantService]).Or(f.grants[GrantFederated])
	identityNeeded := cross != False || (f.grants[GrantDirect] == False && bypass == False)
	if identityNeeded && f.identity == False {
		return IdentityPolicy
	}
	if f.boundary == False {
		return PermissionsBoundary
	}
	return NoPolicyType
}
