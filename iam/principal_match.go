package iam

import "strings"

// principalMatch is how a statement's Principal or NotPrincipal element
// relates to the caller.
type principalMatch struct {
	scope   Tri      // the statement applies to the caller
	grants  Grants   // through which kinds of principal (Allow statements)
	unknown []string // entries that could not be decided
}

// matchPrincipalElement evaluates Principal or NotPrincipal; ok is false
// when the statement has neither.
func matchPrincipalElement(st *Statement, c Caller) (principalMatch, bool) {
	switch {
	case st.Principal != nil:
		listed, unknown := listedKinds(st.Principal, c)
		return principalMatch{scope: listed.Any(), grants: listed, unknown: unknown}, true
	case st.NotPrincipal != nil:
		if st.Effect == Deny && c.HasBoundary {
			// "NotPrincipal + Deny always denies boundary-carrying principals" [PB], [§6].
			return principalMatch{scope: True}, true
		}
		listed, unknown := listedKinds(st.NotPrincipal, c)
		m := principalMatch{scope: excluded(listed, c).Not(), unknown: unknown}
		m.grants[GrantNotPrincipal] = m.scope
		return m, true
	}
	return principalMatch{}, false
}

// listedKinds reports, per kind, whether an entry of p names the caller
// that way. Entries are OR-ed [PRIN].
func listedKinds(p *Principal, c Caller) (Grants, []string) {
	var g Grants
	var unknown []string
	note := func(k GrantKind, t Tri, entry string) {
		g[k] = g[k].Or(t)
		if t == Maybe {
			unknown = append(unknown, entry)
		}
	}
	if p.All {
		g[GrantWildcard] = True
	}
	for _, e := range p.AWS {
		k, t := matchAWSEntry(e, c)
		note(k, t, e)
	}
	for _, e := range p.Service {
		note(GrantService, matchServiceEntry(e, c), e)
	}
	for _, e := range p.Federated {
		note(GrantFederated, triOf(c.Type == FederatedPrincipal && e == c.Name), e)
	}
	// CanonicalUser names S3 canonical ids, which no Caller carries.
	g[GrantNone] = False
	return g, unknown
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
	if !ok || region == "" || strings.Contains(region, ".") {
		return "", false
	}
	return region, true
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
