package inventory

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/iam"
)

// Several files may define the same role, managed policy or cluster: the
// same export passed twice, one account's data in several files, a get-role
// file next to the full export. Identical definitions are merged; different
// ones are an input error naming both places. Documents are compared by
// their decoded, normalised content, so the same policy as a JSON object
// and URL-encoded is the same policy.

func (b *Builder) addRole(r *Role) error {
	old := b.inv.roles[r.ARN]
	if old == nil {
		b.inv.roles[r.ARN] = r
		b.roles = append(b.roles, r)
		return nil
	}
	if err := compareRoles(old, r); err != nil {
		return err
	}
	if better(r, old) {
		b.inv.roles[r.ARN] = r
		b.roles[slices.Index(b.roles, old)] = r
	}
	return nil
}

// better: r says more than old. A full definition says more than get-role
// output; one whose policies a Terraform plan leaves partly unknown says
// more than any other (the policies will change), and is never replaced.
func better(r, old *Role) bool {
	switch {
	case old.policiesGap != "":
		return false
	case r.policiesGap != "":
		return true
	case !old.PoliciesKnown && !r.PoliciesKnown:
		// an export lacking a list still has the others; get-role output none
		return old.policiesMissing == "" && r.policiesMissing != ""
	}
	return !old.PoliciesKnown && r.PoliciesKnown
}

func compareRoles(old, r *Role) error {
	what := "role " + r.ARN
	at := func(r *Role, member string) Source { return r.memberSource(member) }
	if old.ID != "" && r.ID != "" && old.ID != r.ID {
		return Conflict(what, at(r, "RoleId"), at(old, "RoleId"), "the RoleId (the role was deleted and re-created?)")
	}
	if err := SameDocument(what, r.docs.trust, old.docs.trust, "the trust policy"); err != nil {
		return err
	}
	if old.Boundary != r.Boundary || old.boundaryUnknown != r.boundaryUnknown {
		return Conflict(what, at(r, "PermissionsBoundary"), at(old, "PermissionsBoundary"), "the permissions boundary")
	}
	if !maps.Equal(old.Tags, r.Tags) || old.TagsUnknown != r.TagsUnknown {
		return Conflict(what, at(r, "Tags"), at(old, "Tags"), "the tags")
	}
	if !old.PoliciesKnown || !r.PoliciesKnown {
		return nil // get-role output, or a plan that computes some: nothing more to compare
	}
	if !sameSet(old.docs.inlineNames, r.docs.inlineNames) {
		return Conflict(what, at(r, "RolePolicyList"), at(old, "RolePolicyList"), "the list of inline policies")
	}
	for i, name := range r.docs.inlineNames {
		j := slices.Index(old.docs.inlineNames, name)
		if err := SameDocument(what, r.docs.inline[i], old.docs.inline[j], "inline policy "+Short(name)); err != nil {
			return err
		}
	}
	if !sameSet(old.Attached, r.Attached) {
		return Conflict(what, at(r, "AttachedManagedPolicies"), at(old, "AttachedManagedPolicies"), "the list of attached managed policies")
	}
	return nil
}

func (b *Builder) addPolicy(p *ManagedPolicy) error {
	old := b.inv.policies[p.ARN]
	if old == nil {
		b.inv.policies[p.ARN] = p
		b.policies = append(b.policies, p)
		return nil
	}
	what := "managed policy " + p.ARN
	if err := samePolicy(what, old, p); err != nil {
		return err
	}
	if old.doc.def.absent && !p.doc.def.absent {
		b.inv.policies[p.ARN] = p
		b.policies[slices.Index(b.policies, old)] = p
	}
	return nil
}

// samePolicy compares two definitions of a managed policy: the same
// default version, and the same document for every version both give.
func samePolicy(what string, old, p *ManagedPolicy) error {
	if old.VersionID == "" || p.VersionID == "" {
		// Terraform gives the default version's document without its id.
		return SameDocument(what, p.doc.def, old.doc.def, "the default version")
	}
	if old.VersionID != p.VersionID {
		return Conflict(what, Source{File: p.Source.File, Path: p.Source.Path + ".DefaultVersionId"},
			Source{File: old.Source.File, Path: old.Source.Path + ".DefaultVersionId"},
			"the default version ("+Short(p.VersionID)+" here)")
	}
	for _, v := range p.doc.versions {
		for _, o := range old.doc.versions {
			if o.ID == v.ID {
				if err := SameDocument(what, v.Doc, o.Doc, "version "+Short(v.ID)); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// SameDocument compares two documents by content, equal bytes or equal
// after decoding and normalising, and returns the conflict error for
// definitions of what whose document name differs, or a document's decode
// error.
func SameDocument(what string, here, there Doc, name string) error {
	switch {
	case here.absent || there.absent:
		return nil // one file lacks it: nothing to compare (addPolicy keeps the one that has it)
	case here.unknown || there.unknown:
		if here.unknown && there.unknown {
			return nil
		}
		return Conflict(what, here.source(), there.source(), name+" (not known until a Terraform plan is applied)")
	case bytes.Equal(here.raw, there.raw):
		return nil
	}
	a, err := here.decode()
	if err != nil {
		return err
	}
	b, err := there.decode()
	if err != nil {
		return err
	}
	if canonical(a) != canonical(b) {
		return Conflict(what, here.source(), there.source(), name)
	}
	return nil
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	x, y := slices.Clone(a), slices.Clone(b)
	sort.Strings(x)
	sort.Strings(y)
	return slices.Equal(x, y)
}

// canonical renders a policy so that documents that mean the same compare
// equal: statements in any order, list elements in any order and without
// repeats, a single value or a one-element list, no Version or 2008-10-17.
func canonical(p *iam.Policy) string {
	stmts := make([]string, len(p.Statements))
	for i, st := range p.Statements {
		st.Action, st.NotAction = normList(st.Action), normList(st.NotAction)
		st.Resource, st.NotResource = normList(st.Resource), normList(st.NotResource)
		st.Principal, st.NotPrincipal = normPrincipal(st.Principal), normPrincipal(st.NotPrincipal)
		conds := make([]iam.Condition, len(st.Conditions))
		for j, c := range st.Conditions {
			c.Values = slices.Clone(c.Values)
			sort.Slice(c.Values, func(x, y int) bool {
				if c.Values[x].Kind != c.Values[y].Kind {
					return c.Values[x].Kind < c.Values[y].Kind
				}
				return c.Values[x].Text < c.Values[y].Text
			})
			c.Values = slices.Compact(c.Values)
			conds[j] = c
		}
		st.Conditions = conds
		b, _ := json.Marshal(st)
		stmts[i] = string(b)
	}
	sort.Strings(stmts)
	version := p.Version
	if version == "" {
		version = iam.Version2008
	}
	return version + "\x00" + p.ID + "\x00" + strings.Join(stmts, "\x00")
}

func normList(l []string) []string {
	if l == nil {
		return nil
	}
	out := slices.Clone(l)
	sort.Strings(out)
	return slices.Compact(out)
}

func normPrincipal(p *iam.Principal) *iam.Principal {
	if p == nil {
		return nil
	}
	return &iam.Principal{All: p.All, AWS: normList(p.AWS), Service: normList(p.Service),
		Federated: normList(p.Federated), CanonicalUser: normList(p.CanonicalUser)}
}
