package iam

import "strings"

// principalMatch is how a statement's Principal or NotPrincipal element
// relates to the caller.
type principalMatch struct {
	scope    Tri                 // the statement applies to the caller
	grants   Grants              // through which kinds of principal (Allow statements)
	unknown  []string            // entries that could not be decided
	rejected []RejectedPrincipal // entries of rejected shapes (Ref and Effect unset)
}

// matchPrincipalElement evaluates Principal or NotPrincipal; ok is false
// when the statement has neither. roleTrust: the statement is in a role
// trust policy.
func matchPrincipalElement(st *Statement, c Caller, roleTrust bool) (principalMatch, bool) {
	switch {
	case st.Principal != nil:
		l := listPrincipals(st.Principal, c, malformed(st.Effect))
		return principalMatch{scope: l.kinds.Any().Or(l.rejectedNames), grants: l.kinds, unknown: l.unknown, rejected: l.rejected}, true
	case st.NotPrincipal != nil:
		if shape, bad := notPrincipalShape(st.Effect, roleTrust); bad {
			return principalMatch{scope: malformed(st.Effect), rejected: []RejectedPrincipal{{Shape: shape}}}, true
		}
		if c.HasBoundary {
			// "NotPrincipal + Deny always denies boundary-carrying principals" [PB], [§6].
			return principalMatch{scope: True}, true
		}
		// A rejected entry exempts nobody: the Deny keeps applying.
		l := listPrincipals(st.NotPrincipal, c, False)
		return principalMatch{scope: excluded(l.kinds, c).Not(), unknown: l.unknown, rejected: l.rejected}, true
	}
	return principalMatch{}, false
}

// rejectedIn names the statement the rejected entries belong to.
func (m principalMatch) rejectedIn(ref StatementRef, effect Effect) []RejectedPrincipal {
	if len(m.rejected) == 0 {
		return nil
	}
	out := make([]RejectedPrincipal, 0, len(m.rejected))
	for _, r := range m.rejected {
		r.Ref, r.Effect = ref, effect
		out = append(out, r)
	}
	return out
}

// principalList is what a Principal or NotPrincipal element says of the caller.
type principalList struct {
	kinds         Grants   // per kind, whether an entry names the caller that way
	unknown       []string // entries that could not be decided
	rejected      []RejectedPrincipal
	rejectedNames Tri // whether the rejected entries name the caller
}

// listPrincipals evaluates the entries of p, which are OR-ed [PRIN]. An
// entry of a rejected shape that could be meant for the caller names it as
// rejectedNames says.
func listPrincipals(p *Principal, c Caller, rejectedNames Tri) principalList {
	l := principalList{rejectedNames: False}
	note := func(k GrantKind, t Tri, entry string) {
		l.kinds[k] = l.kinds[k].Or(t)
		if t == Maybe {
			l.unknown = append(l.unknown, entry)
		}
	}
	reject := func(entry string, shape RejectedShape) {
		l.rejected = append(l.rejected, RejectedPrincipal{Entry: entry, Shape: shape})
		l.rejectedNames = rejectedNames
	}
	if p.All {
		l.kinds[GrantWildcard] = True
	}
	for _, e := range p.AWS {
		switch {
		case !rejectedAWSEntry(e):
			k, t := matchAWSEntry(e, c)
			note(k, t, e)
		case c.hasIdentitySide():
			reject(e, ShapePartialWildcardAWS)
		}
	}
	for _, e := range p.Service {
		switch {
		case !rejectedServiceEntry(e):
			note(GrantService, matchServiceEntry(e, c), e)
		case c.Type == ServicePrincipal:
			reject(e, ShapeWildcardService)
		}
	}
	for _, e := range p.Federated {
		note(GrantFederated, triOf(c.Type == FederatedPrincipal && e == c.Name), e)
	}
	// CanonicalUser names S3 canonical ids, which no Caller carries.
	l.kinds[GrantNone] = False
	return l
}

// matchAWSEntry decides whether one "AWS" entry names the caller [PRIN]:
// "*" names everyone; an account id or root ARN names the account; a role
// ARN names the role and its sessions, matched by partition, account and
// role name (a session ARN has no role path); a session ARN names one
// session, undecidable when the session name is unknown.
func matchAWSEntry(e string, c Caller) (GrantKind, Tri) {
	if e == "*" {
		return GrantWildcard, True
	}
	if !c.hasIdentitySide() {
		return GrantNone, False
	}
	if IsAccountID(e) {
		return GrantAccount, triOf(e == c.Account)
	}
	a, err := ParseARN(e)
	if err != nil || a.Partition != c.Partition || a.Account != c.Account {
		// Also a stale unique id (AROA...) of a deleted role: matches nothing.
		return GrantNone, False
	}
	if a.isAccountRoot() {
		return GrantAccount, True
	}
	switch c.Type {
	case RoleSessionPrincipal:
		if name, ok := a.roleName(); ok {
			return GrantDirect, triOf(name == c.Name)
		}
		if role, session, ok := a.assumedRole(); ok && role == c.Name {
			if c.SessionName == "" {
				return GrantSession, Maybe
			}
			return GrantSession, triOf(session == c.SessionName)
		}
	case UserPrincipal:
		if name, ok := a.userName(); ok {
			return GrantDirect, triOf(name == c.Name)
		}
	}
	return GrantNone, False
}

// matchServiceEntry compares a "Service" entry with a service caller,
// exactly (service principals are case-sensitive [SLR]), also accepting the
// regional form NAME.REGION.amazonaws.com for the caller's region [PRIN],
// [RS-AUTH]. With the region unknown a regional entry is undecidable.
func matchServiceEntry(e string, c Caller) Tri {
	if c.Type != ServicePrincipal {
		return False
	}
	if e == c.Name {
		return True
	}
	region, ok := RegionalServiceRegion(e, c.Name)
	switch {
	case !ok:
		return False
	case c.Region == "":
		return Maybe
	}
	return triOf(region == c.Region)
}

// RegionalServiceRegion reports whether entry is the regional form of the
// service principal service (redshift.us-east-1.amazonaws.com for
// redshift.amazonaws.com) and returns its region.
func RegionalServiceRegion(entry, service string) (string, bool) {
	name, domain, ok := strings.Cut(service, ".")
	if !ok {
		return "", false
	}
	rest, ok := strings.CutPrefix(entry, name+".")
	if !ok {
		return "", false
	}
	region, ok := strings.CutSuffix(rest, "."+domain)
	if !ok || !isRegionName(region) {
		return "", false
	}
	return region, true
}

// isRegionName: region codes are lowercase letters, digits and hyphens
// (us-east-1, us-gov-west-1); "*" or a dotted label is no region, so
// redshift.*.amazonaws.com is not a regional form.
func isRegionName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// excluded reports whether NotPrincipal lists every identity the caller
// presents. AWS checks a role session as its session ARN, its role ARN and
// its account, and a user as its ARN and account, so a NotPrincipal must
// list all of them to exempt the caller [NOTPRIN].
func excluded(listed Grants, c Caller) Tri {
	all := listed[GrantWildcard]
	kinds := identityKinds(c)
	if len(kinds) == 0 {
		return all
	}
	out := True
	for _, k := range kinds {
		out = out.And(listed[k].Or(all))
	}
	return out
}

func identityKinds(c Caller) []GrantKind {
	switch c.Type {
	case RoleSessionPrincipal:
		return []GrantKind{GrantSession, GrantDirect, GrantAccount}
	case UserPrincipal:
		return []GrantKind{GrantDirect, GrantAccount}
	case AccountPrincipal:
		return []GrantKind{GrantAccount}
	case ServicePrincipal:
		return []GrantKind{GrantService}
	case FederatedPrincipal:
		return []GrantKind{GrantFederated}
	}
	return nil
}
