package iam

// GrantKind is how a resource policy statement names the caller. It
// matters because AWS combines a resource policy with the caller's identity
// policies and boundary differently per kind [EVAL], [§2].
type GrantKind uint8

const (
	// GrantNone: not granted through a resource policy (identity policies
	// alone allowed).
	GrantNone GrantKind = iota
	// GrantDirect names the caller's own role ARN (for a session) or user
	// ARN. Same-account: no identity allow needed, the boundary applies.
	GrantDirect
	// GrantSession names the caller's role session ARN. Same-account:
	// neither identity allow nor boundary is needed.
	GrantSession
	// GrantAccount names the caller's account (id or root ARN): the
	// account delegates to its identity policies, which must allow too.
	GrantAccount
	// GrantWildcard is "*" or {"AWS": "*"}. Same-account: like a session
	// grant, only explicit denies matter.
	GrantWildcard
	// GrantService names the calling service principal.
	GrantService
	// GrantFederated names the caller's identity provider.
	GrantFederated
	grantKindCount
)

func (k GrantKind) String() string {
	switch k {
	case GrantNone:
		return "none"
	case GrantDirect:
		return "direct"
	case GrantSession:
		return "session"
	case GrantAccount:
		return "account"
	case GrantWildcard:
		return "wildcard"
	case GrantService:
		return "service"
	case GrantFederated:
		return "federated"
	}
	return "GrantKind(?)"
}

// Grants holds, per GrantKind, whether an Allow grants the request through
// a principal of that kind. Index it with a GrantKind.
type Grants [grantKindCount]Tri

// Any reports whether some kind grants.
func (g Grants) Any() Tri {
	out := False
	for _, t := range g {
		out = out.Or(t)
	}
	return out
}

func (g *Grants) merge(other Grants) {
	for k, t := range other {
		g[k] = g[k].Or(t)
	}
}

func (g Grants) and(t Tri) Grants {
	for k := range g {
		g[k] = g[k].And(t)
	}
	return g
}

// maybeAll is what an unreadable resource policy might grant.
func maybeAll() Grants {
	var g Grants
	for k := GrantDirect; k < grantKindCount; k++ {
		g[k] = Maybe
	}
	return g
}
