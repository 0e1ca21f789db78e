package inventory

import (
	"fmt"
	"strings"
	"sync"

	"github.com/redshift-preflight/redshift-preflight/iam"
)

// Inventory is everything the IAM and cluster data say. It is read-only
// once built, so files can be checked against it concurrently.
//
// Policy documents are decoded on first use (see Decode): the accessors
// that hand out a *Role or a policy (Role, NearestRole, Policy,
// IdentityPolicies, BoundaryPolicy) decode that role's or policy's
// documents first, once, safely from several goroutines.
type Inventory struct {
	roles    map[string]*Role          // by exact role ARN
	users    map[string]*User          // by exact user ARN
	groups   map[string]*Group         // by groupKey (account and name)
	policies map[string]*ManagedPolicy // by policy ARN
	accounts map[string]bool           // accounts whose roles or policies are in the data
	origins  map[string]origin         // by iam.NamedPolicy label
	listed   map[string]bool           // accounts whose role list an authorization-details export gave
	planned  []PlannedRoleDef          // roles a Terraform plan creates, whose ARN it does not know
	gaps     []Gap                     // calls collect could not make (gaps.json)
	org      *Organization             // Organizations data (orgs.go); nil when none
	Clusters []*Cluster
	// resources are bucket and function policies by kind and name (see resource.go).
	resources map[string]*resourcePolicy
	// buckets are bucket regions and owners by name (bucket_facts.go).
	buckets map[string]*BucketFacts
	// kms holds KMS aliases and key facts (kms_keys.go); nil when none.
	kms *kmsIndex

	roleOrigins sync.Once // registers the labels of role documents in origins
}

// origin is a PolicyOrigin with the document it names, if the data holds
// it, from which Origin and StatementSource count lines.
type origin struct {
	PolicyOrigin
	doc *Doc
}

// Role is one IAM role.
type Role struct {
	ARN, Name, Path, Account, ID string
	Trust                        iam.NamedPolicy   // AssumeRolePolicyDocument
	Inline                       []iam.NamedPolicy // RolePolicyList
	Attached                     []string          // managed policy ARNs
	Boundary                     string            // permissions boundary policy ARN, or ""
	Tags                         map[string]string
	Source                       Source
	// PoliciesKnown is false when the data holds the role's trust policy
	// but not all its permission policies: aws iam get-role output (Inline
	// and Attached are then empty), a Terraform plan that computes some
	// of them at apply, or an authorization-details entry without
	// RolePolicyList or AttachedManagedPolicies (Inline and Attached then
	// hold the known ones).
	// IdentityPolicies then ends with one policy whose Document is nil, so
	// that the evaluator says unknown instead of finding no allow.
	PoliciesKnown bool
	// TagsUnknown: a Terraform plan does not know all of the role's tags
	// until apply (tags_all unknown). Tags holds the known ones; any other
	// aws:PrincipalTag/* key may be present, so it is unknown, not absent.
	TagsUnknown bool

	docs         *roleDocs // raw documents, decoded once on first use
	unknownLabel string    // label of the unknown permission policies
	policiesGap  string    // why PoliciesKnown is false, for that label ("" for get-role output)
	// policiesMissing: which policy lists an export that should have them
	// lacks (RoleDef.PoliciesMissing); unlike policiesGap, a complete
	// definition of the role in another file replaces it.
	policiesMissing string

	// A Terraform plan that does not know the permissions boundary yet:
	// BoundaryPolicy returns a policy with a nil Document (unknown).
	boundaryUnknown bool
	boundaryLabel   string

	// Terraform roles: where the members of the definition are (see
	// memberSource), and where each attached policy was attached.
	memberPaths map[string]string
	attachedSrc []Source
}

// ManagedPolicy is a customer- or AWS-managed policy; Document is its default
// version, nil when the version's document is not in the data.
type ManagedPolicy struct {
	ARN, Name string
	Document  *iam.Policy
	Source    Source
	VersionID string // the default version's VersionId; "" from Terraform, which does not name it

	doc *policyDoc // raw default version, decoded once on first use
}

// PolicyKind says what role a policy document plays.
type PolicyKind string

const (
	KindTrust    PolicyKind = "trust"
	KindInline   PolicyKind = "inline"
	KindManaged  PolicyKind = "managed"
	KindBoundary PolicyKind = "boundary"
	// KindUnknown stands for a role's permission policies when the data
	// does not list them (aws iam get-role output).
	KindUnknown PolicyKind = "unknown"
)

// PolicyOrigin tells where the document behind an iam.NamedPolicy label
// came from, for explanations: file, role, policy name. Role is "" for
// managed policies and boundaries: one label serves every role they are
// attached to.
type PolicyOrigin struct {
	Kind   PolicyKind
	Role   string // role ARN the policy belongs to (trust, inline) or is attached to; a user's or group's ARN for theirs
	Name   string // policy name (inline) or ARN (managed, boundary)
	Source Source
	// Absent: the document is not in the data (an attached policy missing
	// from Policies[], or permission policies get-role does not give);
	// Source is then where the data refers to it.
	Absent bool
}

// Cluster is a provisioned cluster or a serverless workgroup with its namespace.
type Cluster struct {
	ID         string // ClusterIdentifier, or the serverless workgroup name
	Serverless bool
	Namespace  string // namespace ARN
	Partition  string
	Account    string
	Region     string
	Roles      []Association
	Default    string // default IAM role ARN, or ""
	Source     Source
	Tags       map[string]string // provisioned clusters only (describe-clusters Tags, Terraform tags_all)
	// WorkgroupARN is a serverless workgroup's workgroupArn, "" when the data lacks it.
	WorkgroupARN string
	// WorkgroupID is a serverless workgroup's workgroupId, which forms the
	// external id Redshift passes (ExternalID); "" when the data lacks it.
	WorkgroupID string

	// RegionUnknown: no ARN or endpoint address in the data names the
	// region; Region is "" and the dbuser ARN (sts:ExternalId) is unknown.
	RegionUnknown bool
	// WorkgroupUnknown: a serverless namespace that no workgroup in the
	// data names; ID is then the namespace name, and the workgroupId that
	// forms the external id (ExternalID) is unknown.
	WorkgroupUnknown bool
	// RolesIncomplete: Roles may lack roles that are associated with the
	// cluster, because a Terraform plan does not know them until apply
	// (iam_roles computed from the ARN of a role the plan creates, say).
	// A role not in Roles is then unknown, not not-associated; a role in
	// Roles is associated as its Status says.
	RolesIncomplete bool
	// DefaultUnknown: a Terraform plan does not know the default IAM role
	// until apply; Default is then "", and IAM_ROLE default is unknown
	// rather than failing for want of a default role.
	DefaultUnknown bool

	rolesGap, defaultGap string // why RolesIncomplete and DefaultUnknown, for Gaps
}

// Association is one role associated with a cluster.
type Association struct {
	RoleARN string
	Status  string // "in-sync", "adding" or "removing"
}

// Apply statuses of a cluster's role association [BOTO ClusterIamRole].
const (
	StatusInSync   = "in-sync"
	StatusAdding   = "adding"
	StatusRemoving = "removing"
)

// ValidStatus reports whether s is an apply status AWS reports.
func ValidStatus(s string) bool {
	return s == StatusInSync || s == StatusAdding || s == StatusRemoving
}

// DBUserARNKnown reports whether DBUserARN can be formed from the data:
// partition, region, account and cluster (workgroup) name are all known.
func (c *Cluster) DBUserARNKnown() bool {
	return c.Partition != "" && c.Region != "" && c.Account != "" && !c.WorkgroupUnknown
}

// ExternalIDKnown reports whether ExternalID can be formed from the data:
// the dbuser ARN's partition, region and account, and for a serverless
// workgroup its workgroupId.
func (c *Cluster) ExternalIDKnown() bool {
	if c.Serverless {
		return c.Partition != "" && c.Region != "" && c.Account != "" && c.WorkgroupID != ""
	}
	return c.DBUserARNKnown()
}

// ExternalIDGap says, for messages, why ExternalID cannot be formed, with
// the export that would supply what is missing; "" when it can.
func (c *Cluster) ExternalIDGap() string {
	const add = "add aws redshift-serverless get-workgroup (or list-workgroups) output with --cluster: its workgroupId forms the external id"
	switch {
	case c.ExternalIDKnown():
		return ""
	case c.Serverless && c.WorkgroupUnknown:
		return "no workgroup in the cluster data uses namespace " + c.ID + "; " + add
	case c.Serverless && c.Partition != "" && c.Region != "" && c.Account != "":
		return "the workgroupId of workgroup " + c.ID + " is not in the cluster data; " + add
	}
	return strings.Join(c.Gaps(), "; ")
}

// Gaps names, for messages, what the cluster data leaves unknown; empty
// when nothing is.
func (c *Cluster) Gaps() []string {
	var out []string
	if c.Account == "" {
		out = append(out, "account: no namespace ARN or associated role ARN in the cluster data")
	}
	if c.RegionUnknown {
		out = append(out, "region: no namespace ARN or endpoint address in the cluster data")
	}
	if c.WorkgroupUnknown {
		out = append(out, "workgroup: no workgroup in the cluster data uses namespace "+c.ID+
			" (add aws redshift-serverless get-workgroup output); its name stands in for the workgroup's")
	}
	if c.RolesIncomplete {
		why := c.rolesGap
		if why == "" {
			why = "the data does not list every role associated with the cluster"
		}
		out = append(out, "roles: "+why)
	}
	if c.DefaultUnknown {
		why := c.defaultGap
		if why == "" {
			why = "the data does not say which role is the cluster's default"
		}
		out = append(out, "default role: "+why)
	}
	return out
}

// Association returns the cluster's association of a role, if any.
func (c *Cluster) Association(roleARN string) (Association, bool) {
	for _, a := range c.Roles {
		if a.RoleARN == roleARN {
			return a, true
		}
	}
	return Association{}, false
}

// DBUserARN is the database user's ARN as a provisioned cluster names it,
// arn:aws:redshift:REGION:ACCOUNT:dbuser:CLUSTER/USER: the resource of
// redshift:GetClusterCredentials (the connect path), and the external id
// Redshift passes for a provisioned cluster (ExternalID). A serverless
// workgroup's external id is not this (see ExternalID), and its connect
// path is redshift-serverless:GetCredentials on the workgroup.
func (c *Cluster) DBUserARN(user string) string {
	return fmt.Sprintf("arn:%s:redshift:%s:%s:dbuser:%s/%s", c.Partition, c.Region, c.Account, c.ID, user)
}

// ExternalID is the sts:ExternalId Redshift passes when it assumes a role
// for the database user (iam-semantics.md §7): the dbuser ARN, which for
// Redshift Serverless names the workgroup by account and workgroupId, not
// by name. Redshift Management Guide, "Restricting access to IAM roles"
// (https://docs.aws.amazon.com/redshift/latest/mgmt/authorizing-redshift-service-database-users.html):
// "The ARN for a database user is in the format:
// arn:aws:redshift:region:account-id:dbuser:cluster-name/user-name. For
// Amazon Redshift Serverless use the following ARN format.
// arn:aws:redshift:region:account-id:dbuser:serverless-account-id-workgroup-id/user-name"
// Valid only when ExternalIDKnown.
func (c *Cluster) ExternalID(user string) string {
	if c.Serverless {
		return fmt.Sprintf("arn:%s:redshift:%s:%s:dbuser:serverless-%s-%s/%s", c.Partition, c.Region, c.Account, c.Account, c.WorkgroupID, user)
	}
	return c.DBUserARN(user)
}
