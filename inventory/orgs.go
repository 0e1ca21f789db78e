package inventory

import (
	"fmt"
	"slices"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/iam"
)

// AWS Organizations data: the organization's management account, its
// tree (roots, OUs, accounts and who is whose parent) and its service
// control policies (SCPs) and resource control policies (RCPs) with the
// targets each is attached to. It comes from the AWS CLI's
// describe-organization, list-roots and list-accounts output as they are,
// and from the bundle collect writes (organizations.json), which adds the
// answers that do not name what they are about: list-parents per child
// and describe-policy with list-targets-for-policy per policy (see
// docs/sources/organizations.md). Several files merge into one
// organization; two that disagree are an input error.

// Policy types as Organizations spells them.
const (
	SCPType = "SERVICE_CONTROL_POLICY"
	RCPType = "RESOURCE_CONTROL_POLICY"
)

// OrgPolicy is one SCP or RCP.
type OrgPolicy struct {
	ID, Name, Type string
	Policy         iam.NamedPolicy // Label "SCP Name (p-id)"
	Targets        []string        // root, OU and account ids it is attached to
	Source         Source
}

// Organization is what the data says about one organization. Fields are
// "" or empty when the data does not say.
type Organization struct {
	ID                string
	ManagementAccount string
	Roots             []string
	// Accounts are the organization's accounts when list-accounts output
	// (or the bundle) lists them: AccountsListed is then true.
	Accounts       map[string]bool
	AccountsListed bool
	parents        map[string]string // child id (account or OU) -> parent id
	policies       []*OrgPolicy
	byID           map[string]*OrgPolicy
	// PolicyTypesListed: the type's policies were listed as a whole (the
	// bundle says so), so a target without one of them is a fact, not a gap.
	PolicyTypesListed map[string]bool
}

// OrgDef is what one file says about the organization.
type OrgDef struct {
	Organization
	Parents  map[string]string
	Policies []*OrgPolicy
}

// AddOrganization records what the file says about the organization.
func (f *File) AddOrganization(d *OrgDef) { f.orgs = append(f.orgs, d) }

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// addOrganization merges a file's organization data into the inventory's.
func (b *Builder) addOrganization(f *File) error {
	for _, d := range f.orgs {
		if b.inv.org == nil {
			b.inv.org = &Organization{parents: map[string]string{}, byID: map[string]*OrgPolicy{}, PolicyTypesListed: map[string]bool{}}
		}
		if err := b.inv.org.merge(f.Name(), d); err != nil {
			return err
		}
	}
	return nil
}

// merge adds what one reader found; file names the file in errors.
func (o *Organization) merge(file string, d *OrgDef) error {
	clash := func(what, a, c string) error {
		return &LoadError{File: file, Msg: fmt.Sprintf("the %s is %s here and %s in another file: give the data of one organization", what, c, a)}
	}
	switch {
	case o.ID != "" && d.ID != "" && o.ID != d.ID:
		return clash("organization id", o.ID, d.ID)
	case o.ManagementAccount != "" && d.ManagementAccount != "" && o.ManagementAccount != d.ManagementAccount:
		return clash("management account", o.ManagementAccount, d.ManagementAccount)
	}
	o.ID, o.ManagementAccount = or(o.ID, d.ID), or(o.ManagementAccount, d.ManagementAccount)
	for _, r := range d.Roots {
		if !slices.Contains(o.Roots, r) {
			o.Roots = append(o.Roots, r)
		}
	}
	if d.AccountsListed {
		o.AccountsListed = true
		if o.Accounts == nil {
			o.Accounts = map[string]bool{}
		}
		for a := range d.Accounts {
			o.Accounts[a] = true
		}
	}
	for c, p := range d.Parents {
		if q, ok := o.parents[c]; ok && q != p {
			return clash("parent of "+c, q, p)
		}
		o.parents[c] = p
	}
	for _, p := range d.Policies {
		if o.byID[p.ID] != nil {
			continue // the same policy in two files: the first one counts
		}
		o.byID[p.ID] = p
		o.policies = append(o.policies, p)
	}
	for t, ok := range d.PolicyTypesListed {
		o.PolicyTypesListed[t] = o.PolicyTypesListed[t] || ok
	}
	return nil
}

// Organization is the Organizations data, or nil when none was given.
func (inv *Inventory) Organization() *Organization { return inv.org }

// Path is the chain of targets whose policies apply to an account, from
// its root down to the account itself, and whether the data knows it
// whole (every parent up to a root).
func (o *Organization) Path(account string) ([]string, bool) {
	path := []string{account}
	for id := account; ; {
		p, ok := o.parents[id]
		if !ok {
			return nil, false
		}
		path = append(path, p)
		if strings.HasPrefix(p, "r-") {
			break
		}
		if len(path) > 8 { // Organizations nests OUs five deep: a longer chain is a cycle in the data
			return nil, false
		}
		id = p
	}
	slices.Reverse(path)
	return path, true
}

// Member says whether account is in the organization: True when the data
// places it in the tree or lists it, False when list-accounts output lists
// the organization's accounts without it, Maybe otherwise.
func (o *Organization) Member(account string) iam.Tri {
	if _, ok := o.parents[account]; ok || o.Accounts[account] {
		return iam.True
	}
	if o.AccountsListed {
		return iam.False
	}
	return iam.Maybe
}

// Attached are the policies of a type attached to a target, in data order.
func (o *Organization) Attached(policyType, target string) []*OrgPolicy {
	var out []*OrgPolicy
	for _, p := range o.policies {
		if p.Type == policyType && slices.Contains(p.Targets, target) {
			out = append(out, p)
		}
	}
	return out
}

// HasPolicies says whether the data holds any policy of the type.
func (o *Organization) HasPolicies(policyType string) bool {
	return slices.ContainsFunc(o.policies, func(p *OrgPolicy) bool { return p.Type == policyType })
}

// TargetName spells a target id for messages: "root r-ab12", "OU
// ou-ab12-cd34ef56", "account 111111111111".
func TargetName(id string) string {
	switch {
	case strings.HasPrefix(id, "r-"):
		return "root " + id
	case strings.HasPrefix(id, "ou-"):
		return "OU " + id
	}
	return "account " + id
}

// HasDeny says whether a policy of the type in the data has a Deny statement.
func (o *Organization) HasDeny(policyType string) bool {
	for _, p := range o.policies {
		if p.Type != policyType || p.Policy.Document == nil {
			continue
		}
		for _, st := range p.Policy.Document.Statements {
			if st.Effect == iam.Deny {
				return true
			}
		}
	}
	return false
}

// Policies are the policies of a type, in data order.
func (o *Organization) Policies(policyType string) []*OrgPolicy {
	var out []*OrgPolicy
	for _, p := range o.policies {
		if p.Type == policyType {
			out = append(out, p)
		}
	}
	return out
}
