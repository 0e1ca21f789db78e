package inventory

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/iam"
)

// Role returns the role with exactly this ARN (case-sensitive), or nil.
func (inv *Inventory) Role(arn string) *Role {
	r := inv.roles[arn]
	if r != nil {
		r.ensure()
	}
	return r
}

// Supplied reports whether any role or customer-managed policy of the account is in the data.
func (inv *Inventory) Supplied(account string) bool { return inv.accounts[account] }

// Accounts lists the supplied accounts, sorted.
func (inv *Inventory) Accounts() []string {
	return slices.Sorted(maps.Keys(inv.accounts))
}

// ListsAllRoles reports whether a get-account-authorization-details export
// of the account was loaded, so that a role missing from the data is
// really missing. An account supplied only through get-role output is
// Supplied but not listed: a role absent from it may exist. So is an
// account whose IAM data collect could not read (IAMGap).
func (inv *Inventory) ListsAllRoles(account string) bool {
	if !inv.listed[account] {
		return false
	}
	_, gap := inv.IAMGap(account)
	return !gap
}

// PlannedRole reports whether a Terraform plan in the data creates a role
// whose ARN the plan does not know yet (it is known after apply) and that
// may be arn: the same path and name, or a name that the role's
// name_prefix allows, in any account. The hop walk should then say
// unknown rather than role-not-found for arn. Source is the plan's
// resource.
func (inv *Inventory) PlannedRole(arn string) (Source, bool) {
	a, ok := SplitARN(arn)
	if !ok || a.Service != "iam" || !strings.HasPrefix(a.Resource, "role/") {
		return Source{}, false
	}
	path, name := SplitResource(a.Resource, "role/")
	for _, p := range inv.planned {
		if p.Matches(path, name) {
			return p.Source, true
		}
	}
	return Source{}, false
}

// Policy returns a managed policy by ARN, or nil.
func (inv *Inventory) Policy(arn string) *ManagedPolicy {
	p := inv.policies[arn]
	if p != nil {
		p.ensure()
	}
	return p
}

// Origin explains an iam.NamedPolicy label produced by this inventory.
// Source.Line is the line the document starts on.
func (inv *Inventory) Origin(label string) (PolicyOrigin, bool) {
	o, ok := inv.origin(label)
	if ok && o.doc != nil {
		o.Source = o.doc.Source()
	}
	return o.PolicyOrigin, ok
}

// StatementSource is where statement index (as iam.StatementRef counts
// it) of the document behind label is: the document's path with
// Statement[index], or Statement for a single statement object, and the
// line the statement starts on (for a document held in a JSON string, the
// line of the string). ok is false when the label names no document in
// the data, or the document has no such statement.
func (inv *Inventory) StatementSource(label string, index int) (Source, bool) {
	o, ok := inv.origin(label)
	if !ok || o.doc == nil {
		return Source{}, false
	}
	return o.doc.statementSource(index)
}

func (inv *Inventory) origin(label string) (origin, bool) {
	inv.roleOrigins.Do(inv.registerRoleOrigins)
	o, ok := inv.origins[label]
	return o, ok
}

// IdentityPolicies are a role's inline policies followed by the default
// versions of its attached managed policies. An attached policy whose
// document is not in the data comes with a nil Document, which the
// evaluator treats as unknown.
//
// For a role whose permission policies are not in the data (PoliciesKnown
// false) the list ends with one policy with a nil Document.
func (inv *Inventory) IdentityPolicies(r *Role) []iam.NamedPolicy {
	r.ensure()
	out := append([]iam.NamedPolicy(nil), r.Inline...)
	for _, arn := range r.Attached {
		out = append(out, inv.managed(arn, KindManaged, r.ARN))
	}
	if !r.PoliciesKnown {
		label := r.unknownLabel
		if label == "" {
			label = "permission policies of " + r.ARN + " (not in the data)"
		}
		out = append(out, iam.NamedPolicy{Label: label})
	}
	return out
}

// BoundaryPolicy is the role's permissions boundary, or nil when it has none.
// When a Terraform plan does not know the boundary yet, it is a policy with
// a nil Document, which the evaluator treats as unknown.
func (inv *Inventory) BoundaryPolicy(r *Role) *iam.NamedPolicy {
	if r.boundaryUnknown {
		return &iam.NamedPolicy{Label: r.boundaryLabel}
	}
	if r.Boundary == "" {
		return nil
	}
	p := inv.managed(r.Boundary, KindBoundary, r.ARN)
	return &p
}

// managed builds the NamedPolicy of a managed policy used as kind; the
// loader registered the origin of its label when it read the policy.
func (inv *Inventory) managed(arn string, kind PolicyKind, role string) iam.NamedPolicy {
	np := iam.NamedPolicy{Label: ManagedLabel(kind, arn)}
	if p := inv.policies[arn]; p != nil {
		p.ensure()
		np.Document = p.Document
	}
	return np
}

// ManagedLabel is the label of a managed policy used as an identity policy
// (KindManaged) or as a permissions boundary (KindBoundary).
func ManagedLabel(kind PolicyKind, arn string) string {
	if kind == KindBoundary {
		return "permissions boundary " + arn
	}
	return "managed policy " + arn
}

// SelectCluster picks the cluster the SQL runs on: the one named by id, or
// the only one when id is empty. id is a cluster identifier or workgroup
// name, or the ARN of one cluster (arn:aws:redshift:REGION:ACCOUNT:cluster:ID),
// workgroup or namespace.
//
// The data may hold several accounts (collect reads clusters in each one
// it reaches). An identifier that two accounts or regions both use is an
// input error, never a pick: the verdicts depend on the cluster's account,
// region and roles, so choosing one would answer for a cluster the user
// may not mean, and answering unknown for every reference would hide a
// question only the user can settle. The message names each cluster's
// ARN, which --cluster-id takes to choose one.
//
// An id that names nothing is *ClusterNotFound.
func (inv *Inventory) SelectCluster(id string) (*Cluster, error) {
	if id != "" {
		var found []*Cluster
		for _, c := range inv.Clusters {
			if c.names(id) {
				found = append(found, c)
			}
		}
		switch len(found) {
		case 0:
			return nil, &ClusterNotFound{ID: id, Have: inv.clusterIDs(), Gaps: inv.ClusterListGaps()}
		case 1:
			return found[0], nil
		}
		where := make([]string, len(found))
		for i, c := range found {
			where[i] = c.Source.String()
			if arn := c.ARN(); arn != "" {
				where[i] = arn + " (" + where[i] + ")"
			}
		}
		return nil, fmt.Errorf("--cluster-id %s: several clusters or workgroups have this name (%s); give the ARN of the one the SQL runs on as --cluster-id, or the data of one account and region only",
			id, strings.Join(where, "; "))
	}
	switch len(inv.Clusters) {
	case 0:
		return nil, nil
	case 1:
		return inv.Clusters[0], nil
	}
	return nil, fmt.Errorf("the cluster data holds several clusters (%s); choose one with --cluster-id", inv.clusterIDs())
}

// names reports whether id is the cluster's identifier (workgroup name) or
// one of its ARNs.
func (c *Cluster) names(id string) bool {
	if !strings.HasPrefix(id, "arn:") {
		return c.ID == id
	}
	return id == c.ARN() || id == c.Namespace || id == c.WorkgroupARN
}

// ARN is the cluster's own ARN: a provisioned cluster's
// arn:PARTITION:redshift:REGION:ACCOUNT:cluster:ID (made from its parts;
// "" when the data lacks them), a workgroup's workgroupArn, else the
// namespace ARN.
func (c *Cluster) ARN() string {
	switch {
	case c.Serverless && c.WorkgroupARN != "":
		return c.WorkgroupARN
	case c.Serverless:
		return c.Namespace
	case c.Partition == "" || c.Region == "" || c.Account == "":
		return ""
	}
	return "arn:" + c.Partition + ":redshift:" + c.Region + ":" + c.Account + ":cluster:" + c.ID
}

// ClusterNotFound: --cluster-id names no cluster or workgroup in the data.
// Gaps are the cluster lists collect could not read: the cluster may be
// in one of them.
type ClusterNotFound struct {
	ID, Have string
	Gaps     []Gap
}

func (e *ClusterNotFound) Error() string {
	return fmt.Sprintf("--cluster-id %s: no such cluster or workgroup in the cluster data (have: %s)", e.ID, e.Have)
}

// ClusterListGaps are the gaps of calls that list clusters or workgroups
// (redshift:DescribeClusters, redshift-serverless:List*), and the gaps
// that left a whole account unread (its identity or role).
func (inv *Inventory) ClusterListGaps() []Gap {
	var out []Gap
	for _, g := range inv.gaps {
		switch g.Call {
		case "redshift:DescribeClusters", "redshift-serverless:ListWorkgroups", "redshift-serverless:ListNamespaces",
			"sts:AssumeRole", "sts:GetCallerIdentity":
			out = append(out, g)
		}
	}
	return out
}

func (inv *Inventory) clusterIDs() string {
	ids := make([]string, len(inv.Clusters))
	for i, c := range inv.Clusters {
		ids[i] = c.ID
	}
	return strings.Join(ids, ", ")
}

// Roles lists every role, sorted by ARN, for listings and tests; checks
// look roles up by ARN.
func (inv *Inventory) Roles() []*Role {
	out := make([]*Role, 0, len(inv.roles))
	for _, arn := range slices.Sorted(maps.Keys(inv.roles)) {
		out = append(out, inv.Role(arn))
	}
	return out
}

// Policies lists every managed policy in the data, sorted by ARN.
func (inv *Inventory) Policies() []*ManagedPolicy {
	out := make([]*ManagedPolicy, 0, len(inv.policies))
	for _, arn := range slices.Sorted(maps.Keys(inv.policies)) {
		out = append(out, inv.Policy(arn))
	}
	return out
}

// ListedAccounts lists, sorted, the accounts for which ListsAllRoles holds.
func (inv *Inventory) ListedAccounts() []string {
	var out []string
	for _, a := range slices.Sorted(maps.Keys(inv.listed)) {
		if inv.ListsAllRoles(a) {
			out = append(out, a)
		}
	}
	return out
}

// Labels lists, sorted, every label that Origin explains.
func (inv *Inventory) Labels() []string {
	inv.roleOrigins.Do(inv.registerRoleOrigins)
	return slices.Sorted(maps.Keys(inv.origins))
}
