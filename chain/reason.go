package chain

// Reason is what decided a verdict: a hop's, or (in package access) an
// operation's or a connection's permission. Package checks maps every
// reason to the rule that reports it, so rule ids live in one place.
type Reason uint8

const (
	// NoReason marks a gap no rule covers on its own: no cluster data, a
	// placeholder without a value, a value that is not a role ARN.
	NoReason Reason = iota
	ReasonNotAssociated
	ReasonAssociationRemoving
	ReasonAssociationPending
	ReasonNoDefaultRole
	ReasonRoleNotFound
	ReasonRoleUnknown
	ReasonTrustMissing
	ReasonTrustRegion
	ReasonTrustExternalID
	ReasonAssumePermission
	ReasonExplicitDeny
	ReasonBoundaryDeny
	ReasonPolicyUnknown
	ReasonConditionUnverifiable
	ReasonTrustWildcardPrincipal
	// ReasonPermissionMissing: the last role of a chain may not do what
	// its statement does (package access).
	ReasonPermissionMissing
	// ReasonConnectPermission: the access role of a connection may not get
	// database credentials (package access).
	ReasonConnectPermission
	// ReasonSCPDeny, ReasonRCPDeny: an Organizations service or resource
	// control policy refuses the request (orgs.go).
	ReasonSCPDeny
	ReasonRCPDeny
	// ReasonBucketNotFound: the bucket an operation uses did not exist when
	// the data was collected (package access).
	ReasonBucketNotFound
	numReasons
)

var reasonNames = [numReasons]string{
	NoReason: "NoReason", ReasonNotAssociated: "NotAssociated", ReasonAssociationRemoving: "AssociationRemoving",
	ReasonAssociationPending: "AssociationPending", ReasonNoDefaultRole: "NoDefaultRole", ReasonRoleNotFound: "RoleNotFound",
	ReasonRoleUnknown: "RoleUnknown", ReasonTrustMissing: "TrustMissing", ReasonTrustRegion: "TrustRegion",
	ReasonTrustExternalID: "TrustExternalID", ReasonAssumePermission: "AssumePermission", ReasonExplicitDeny: "ExplicitDeny",
	ReasonBoundaryDeny: "BoundaryDeny", ReasonPolicyUnknown: "PolicyUnknown", ReasonConditionUnverifiable: "ConditionUnverifiable",
	ReasonTrustWildcardPrincipal: "TrustWildcardPrincipal", ReasonPermissionMissing: "PermissionMissing",
	ReasonConnectPermission: "ConnectPermission", ReasonSCPDeny: "SCPDeny", ReasonRCPDeny: "RCPDeny",
	ReasonBucketNotFound: "BucketNotFound",
}

// String names the reason for test failures and debugging; reports name
// the rule instead.
func (r Reason) String() string {
	if r >= numReasons {
		return "Reason(?)"
	}
	return reasonNames[r]
}

// Reasons lists every reason but NoReason, for tests that check each has a rule.
func Reasons() []Reason {
	out := make([]Reason, 0, numReasons-1)
	for r := NoReason + 1; r < numReasons; r++ {
		out = append(out, r)
	}
	return out
}

// The precedence among several problems on one hop (iam-semantics.md §9):
// the first failing reason of failOrder decides a failing hop, and of
// unknownOrder an unknown one. boundaryDenyExplicit stands for a
// boundary-deny caused by an explicit Deny, which outranks a missing trust.
const boundaryDenyExplicit = numReasons

var (
	failOrder = []Reason{
		ReasonNotAssociated, ReasonAssociationRemoving, ReasonRoleNotFound, ReasonExplicitDeny, ReasonSCPDeny, ReasonRCPDeny,
		boundaryDenyExplicit, ReasonTrustMissing, ReasonTrustRegion, ReasonTrustExternalID,
		ReasonAssumePermission, ReasonBoundaryDeny, ReasonNoDefaultRole,
	}
	unknownOrder = []Reason{
		ReasonRoleUnknown, ReasonAssociationPending, ReasonPolicyUnknown, ReasonConditionUnverifiable, NoReason,
	}
)
