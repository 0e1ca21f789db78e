package checks

import (
	"fmt"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/chain"
	"github.com/redshift-preflight/redshift-preflight/iam"
	"github.com/redshift-preflight/redshift-preflight/inventory"
)

// chainRole is a role a walked chain assumes that exists in the inventory,
// with the hop that assumes it.
type chainRole struct {
	hop  int // index in RefInfo.Hops
	role *inventory.Role
}

// chainRoles are the roles of a walked reference that are in the IAM data,
// in chain order (a role named twice comes twice).
func (p *Pass) chainRoles(ri *RefInfo) []chainRole {
	if p.Config.World == nil || p.Config.World.Inventory == nil {
		return nil
	}
	var out []chainRole
	for i, h := range ri.Hops {
		if h.To == "" {
			continue
		}
		if r := p.Config.World.Inventory.Role(h.To); r != nil {
			out = append(out, chainRole{hop: i, role: r})
		}
	}
	return out
}

// eachIdentityStatement calls f for every Allow statement of the identity
// policies of every role the reference's chain uses, once per (role,
// statement) and reference.
func (p *Pass) eachIdentityStatement(f func(ri *RefInfo, cr chainRole, ref iam.StatementRef, st *iam.Statement)) {
	for _, ri := range p.Refs {
		seen := map[string]bool{}
		for _, cr := range p.chainRoles(ri) {
			for _, np := range p.Config.World.Inventory.IdentityPolicies(cr.role) {
				if np.Document == nil {
					continue
				}
				for i := range np.Document.Statements {
					st := &np.Document.Statements[i]
					key := fmt.Sprintf("%s\x00%s\x00%d", cr.role.ARN, np.Label, i)
					if st.Effect != iam.Allow || seen[key] {
						continue
					}
					seen[key] = true
					f(ri, cr, iam.StatementRef{Policy: np.Label, Index: i, Sid: st.Sid}, st)
				}
			}
		}
	}
}

func runBroadIdentityPolicy(p *Pass) {
	p.eachIdentityStatement(func(ri *RefInfo, cr chainRole, ref iam.StatementRef, st *iam.Statement) {
		if !anyResource(st) {
			return
		}
		var what string
		switch {
		case st.NotAction != nil:
			what = "every action except " + quoteList(st.NotAction)
		default:
			var broad []string
			for _, a := range st.Action {
				if a == "*" || strings.EqualFold(a, "redshift:*") {
					broad = append(broad, a)
				}
			}
			if len(broad) == 0 {
				return
			}
			what = quoteList(broad)
		}
		p.reportAdvice(ri, cr,
			fmt.Sprintf("%s's identity policy allows %s on every resource (\"Resource\": \"*\")", cr.role.Name, what),
			"grant only the actions this role's statements need (COPY from S3: s3:GetObject, s3:ListBucket) on the resources they use",
			p.describe.note("granted by", ref))
	})
}

func runAssumeRoleAny(p *Pass) {
	p.eachIdentityStatement(func(ri *RefInfo, cr chainRole, ref iam.StatementRef, st *iam.Statement) {
		if !anyResource(st) || !st.CoversAction("sts:AssumeRole") || p.assumeRoleCapped(cr.role) {
			return
		}
		help := "list the role ARNs this role chains to in Resource"
		if next := cr.hop + 1; next < len(ri.Hops) && ri.Hops[next].To != "" {
			help = fmt.Sprintf("list the role ARNs this role chains to in Resource, e.g. %q", ri.Hops[next].To)
		}
		p.reportAdvice(ri, cr,
			fmt.Sprintf("%s may assume any role: its identity policy allows sts:AssumeRole on \"Resource\": \"*\"", cr.role.Name),
			help, p.describe.note("granted by", ref))
	})
}

// runTrustNoExternalID reports each unrestricted trust statement of a
// first role; the run reports it once, at its first use, with the number of
// references (mergeAdvisories): the same cluster role serves most of them.
func runTrustNoExternalID(p *Pass) {
	for _, ri := range p.Refs {
		roles := p.chainRoles(ri)
		if len(roles) == 0 || roles[0].hop != 0 || ri.Hops[0].From != "redshift" {
			continue
		}
		role := roles[0].role
		if role.Trust.Document == nil || redshiftRefused(ri.Hops[0]) {
			continue
		}
		for i := range role.Trust.Document.Statements {
			st := &role.Trust.Document.Statements[i]
			if st.Effect != iam.Allow || !trustsRedshift(st.Principal) || !st.CoversAction("sts:AssumeRole") || hasExternalID(st) {
				continue
			}
			ref := iam.StatementRef{Policy: role.Trust.Label, Index: i, Sid: st.Sid}
			p.reportAdvice(ri, roles[0],
				fmt.Sprintf("%s trusts the Redshift service for every database user; restrict it to the database users that need it", role.Name),
				fmt.Sprintf(`add "Condition": {"StringEquals": {"sts:ExternalId": [%q]}} to the statement, one ARN per database user`, p.dbUserPattern()),
				p.describe.note("allowed by", ref))
		}
	}
}

// redshiftRefused: the trust policy certainly keeps Redshift out (a Deny,
// no applicable Allow, or only other regions), so no database user can use
// the role through it and an unrestricted Allow is not worth a remark.
func redshiftRefused(h chain.Hop) bool {
	for _, i := range h.Issues {
		switch i.Reason {
		case chain.ReasonExplicitDeny, chain.ReasonTrustMissing, chain.ReasonTrustRegion:
			return true
		}
	}
	return false
}

// assumeRoleCapped: something else certainly keeps the role from assuming
// any role it likes: an unconditional Deny of sts:AssumeRole on "*" in its
// identity policies, or a permissions boundary that allows sts:AssumeRole
// on no more than some resources. The Allow is then moot, not dangerous.
func (p *Pass) assumeRoleCapped(r *inventory.Role) bool {
	inv := p.Config.World.Inventory
	for _, np := range inv.IdentityPolicies(r) {
		if np.Document == nil {
			continue
		}
		for i := range np.Document.Statements {
			st := &np.Document.Statements[i]
			if st.Effect == iam.Deny && len(st.Conditions) == 0 && anyResource(st) && st.CoversAction("sts:AssumeRole") {
				return true
			}
		}
	}
	b := inv.BoundaryPolicy(r)
	if b == nil || b.Document == nil {
		return false
	}
	for i := range b.Document.Statements {
		st := &b.Document.Statements[i]
		if st.Effect == iam.Allow && anyResource(st) && st.CoversAction("sts:AssumeRole") {
			return false
		}
	}
	return true
}

// dbUserPattern is the dbuser ARN Redshift passes as sts:ExternalId
// (inventory.Cluster.ExternalID), with what the data knows filled in.
func (p *Pass) dbUserPattern() string {
	if w := p.Config.World; w != nil {
		return chain.ExternalIDPattern(w.Cluster, w.DBUser)
	}
	return chain.ExternalIDPattern(nil, "")
}

// anyResource: the statement's Resource element includes "*".
func anyResource(st *iam.Statement) bool {
	for _, r := range st.Resource {
		if r == "*" {
			return true
		}
	}
	return false
}

// trustsRedshift: the principal names the Redshift service, globally or in
// a region.
func trustsRedshift(pr *iam.Principal) bool {
	if pr == nil {
		return false
	}
	for _, s := range pr.Service {
		if s == chain.RedshiftService {
			return true
		}
		if _, ok := iam.RegionalServiceRegion(s, chain.RedshiftService); ok {
			return true
		}
	}
	return false
}

// hasExternalID: some condition of the statement tests sts:ExternalId,
// whatever the operator.
func hasExternalID(st *iam.Statement) bool {
	for _, c := range st.Conditions {
		if strings.EqualFold(c.Key, "sts:ExternalId") {
			return true
		}
	}
	return false
}

func quoteList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = fmt.Sprintf("%q", x)
	}
	return strings.Join(q, ", ")
}
