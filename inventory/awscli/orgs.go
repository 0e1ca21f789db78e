package awscli

import (
	"regexp"
	"strconv"
	"sync"

	"github.com/redshift-preflight/redshift-preflight/iam"
	"github.com/redshift-preflight/redshift-preflight/inventory"
	"github.com/redshift-preflight/redshift-preflight/inventory/internal/jsonpull"
)

// AWS Organizations data (inventory/orgs.go). Three AWS CLI outputs are
// read as they are, by their one top-level member:
//
//	aws organizations describe-organization   Organization (Id, MasterAccountId)
//	aws organizations list-roots              Roots
//	aws organizations list-accounts           Accounts
//
// list-parents and list-targets-for-policy do not name the child or the
// policy they answer for, so they come wrapped, as collect writes them in
// organizations.json (and as jq can build them):
//
//	OrganizationParents  [{"ChildId": ID, "Parents": <list-parents' Parents>}]
//	OrganizationPolicies [{"Policy": <describe-policy's Policy>, "Targets": <list-targets-for-policy's Targets>}]
//	OrganizationPolicyTypes  the policy types whose policies are all listed
//	OrganizationsFormat  1

var (
	// Compiled on first use: a bounded repetition compiles into one
	// instruction per repeat (2,500 allocations for these four), which
	// every start of the program would pay, though only Organizations data
	// needs them.
	orgIDPattern    = lazyRegexp(`^o-[a-z0-9]{10,32}$`)
	rootIDPattern   = lazyRegexp(`^r-[0-9a-z]{4,32}$`)
	ouIDPattern     = lazyRegexp(`^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$`)
	policyIDPattern = lazyRegexp(`^p-[0-9a-zA-Z_]{8,128}$`)
)

func badID(kind, got string) error {
	return inventory.DataError("want " + kind + ", got " + inventory.Short(got))
}

// DescribeOrganization reads describe-organization's Organization.
func DescribeOrganization(r *jsonpull.Reader, f *inventory.File) error {
	var o struct{ Id, MasterAccountId string }
	if err := r.Decode(&o); err != nil {
		return err
	}
	switch {
	case !orgIDPattern().MatchString(o.Id):
		return inventory.Within(badID("an organization id (o-...)", o.Id), "Id")
	case !accountID(o.MasterAccountId):
		return inventory.Within(badID("a 12-digit account id", o.MasterAccountId), "MasterAccountId")
	}
	var d inventory.OrgDef
	d.ID, d.ManagementAccount = o.Id, o.MasterAccountId
	f.AddOrganization(&d)
	return nil
}

// ListRoots reads list-roots' Roots.
func ListRoots(r *jsonpull.Reader, f *inventory.File) error {
	var d inventory.OrgDef
	err := decodeList(r, "Roots", func(root *struct{ Id string }, _ string) error {
		if !rootIDPattern().MatchString(root.Id) {
			return inventory.Within(badID("a root id (r-...)", root.Id), "Id")
		}
		d.Roots = append(d.Roots, root.Id)
		return nil
	})
	if err != nil {
		return err
	}
	f.AddOrganization(&d)
	return nil
}

// ListAccounts reads list-accounts' Accounts: the organization's accounts,
// all of them (the CLI fetches every page).
func ListAccounts(r *jsonpull.Reader, f *inventory.File) error {
	d := inventory.OrgDef{}
	d.Accounts, d.AccountsListed = map[string]bool{}, true
	err := decodeList(r, "Accounts", func(a *struct{ Id string }, _ string) error {
		if !accountID(a.Id) {
			return inventory.Within(badID("a 12-digit account id", a.Id), "Id")
		}
		d.Accounts[a.Id] = true
		return nil
	})
	if err != nil {
		return err
	}
	f.AddOrganization(&d)
	return nil
}

// OrganizationParents reads the bundle's list-parents answers.
func OrganizationParents(r *jsonpull.Reader, f *inventory.File) error {
	d := inventory.OrgDef{Parents: map[string]string{}}
	type parent struct{ Id, Type string }
	err := decodeList(r, "OrganizationParents", func(c *struct {
		ChildId string
		Parents []parent
	}, _ string) error {
		switch {
		case !accountID(c.ChildId) && !ouIDPattern().MatchString(c.ChildId):
			return inventory.Within(badID("an account or OU id", c.ChildId), "ChildId")
		case len(c.Parents) != 1:
			// list-parents: "In the current release, a child can have only a single parent."
			return inventory.Within(inventory.DataError("want exactly one parent, got "+strconv.Itoa(len(c.Parents))), "Parents")
		case !rootIDPattern().MatchString(c.Parents[0].Id) && !ouIDPattern().MatchString(c.Parents[0].Id):
			return inventory.Within(badID("a root or OU id", c.Parents[0].Id), "Parents[0].Id")
		}
		d.Parents[c.ChildId] = c.Parents[0].Id
		return nil
	})
	if err != nil {
		return err
	}
	f.AddOrganization(&d)
	return nil
}

// orgPolicy is one bundle entry: describe-policy's Policy and
// list-targets-for-policy's Targets.
type orgPolicy struct {
	Policy struct {
		PolicySummary struct{ Id, Name, Type string }
		Content       *string
	}
	Targets *[]struct{ TargetId string }
}

// OrganizationPolicies reads the bundle's policies with their targets.
// The content is decoded now: a policy that cannot be read is an input
// error naming its path, never a policy that says nothing.
func OrganizationPolicies(r *jsonpull.Reader, f *inventory.File) error {
	var d inventory.OrgDef
	err := decodeList(r, "OrganizationPolicies", func(p *orgPolicy, base string) error {
		op, err := readOrgPolicy(p, f.Source(base))
		if err != nil {
			return err
		}
		d.Policies = append(d.Policies, op)
		return nil
	})
	if err != nil {
		return err
	}
	f.AddOrganization(&d)
	return nil
}

func readOrgPolicy(p *orgPolicy, src inventory.Source) (*inventory.OrgPolicy, error) {
	s := p.Policy.PolicySummary
	switch {
	case !policyIDPattern().MatchString(s.Id):
		return nil, inventory.Within(badID("a policy id (p-...)", s.Id), "Policy.PolicySummary.Id")
	case s.Type != inventory.SCPType && s.Type != inventory.RCPType:
		return nil, inventory.Within(inventory.DataError("want SERVICE_CONTROL_POLICY or RESOURCE_CONTROL_POLICY, got "+inventory.Short(s.Type)), "Policy.PolicySummary.Type")
	case p.Policy.Content == nil:
		return nil, inventory.Within(inventory.DataError("missing Content: give describe-policy output, not list-policies"), "Policy")
	case p.Targets == nil:
		return nil, inventory.DataError("missing Targets (list-targets-for-policy's answer)")
	}
	doc, err := iam.DecodePolicyString(*p.Policy.Content)
	if err != nil {
		return nil, inventory.Within(inventory.DataError(err.Error()), "Policy.Content")
	}
	kind := "SCP"
	if s.Type == inventory.RCPType {
		kind = "RCP"
	}
	op := &inventory.OrgPolicy{ID: s.Id, Name: s.Name, Type: s.Type, Source: src,
		Policy: iam.NamedPolicy{Label: kind + " " + s.Name + " (" + s.Id + ")", Document: doc}}
	for i, t := range *p.Targets {
		if !accountID(t.TargetId) && !ouIDPattern().MatchString(t.TargetId) && !rootIDPattern().MatchString(t.TargetId) {
			return nil, inventory.Within(badID("a root, OU or account id", t.TargetId), inventory.IndexPath("Targets", i)+".TargetId")
		}
		op.Targets = append(op.Targets, t.TargetId)
	}
	return op, nil
}

// OrganizationPolicyTypes reads which policy types the bundle lists whole.
func OrganizationPolicyTypes(r *jsonpull.Reader, f *inventory.File) error {
	var types []string
	if err := r.Decode(&types); err != nil {
		return err
	}
	d := inventory.OrgDef{}
	d.PolicyTypesListed = map[string]bool{}
	for i, t := range types {
		if t != inventory.SCPType && t != inventory.RCPType {
			return inventory.WithinIndex(inventory.DataError("want SERVICE_CONTROL_POLICY or RESOURCE_CONTROL_POLICY, got "+inventory.Short(t)), i)
		}
		d.PolicyTypesListed[t] = true
	}
	f.AddOrganization(&d)
	return nil
}

// OrganizationsFormat reads organizations.json's format, which must be 1.
func OrganizationsFormat(r *jsonpull.Reader, f *inventory.File) error {
	var v int
	if err := r.Decode(&v); err != nil {
		return err
	}
	if v != 1 {
		return inventory.DataError("organizations.json format " + strconv.Itoa(v) + " is not one this version reads (1): collect again with this version")
	}
	return nil
}

func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
