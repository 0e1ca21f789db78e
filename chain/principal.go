package chain

import (
	"github.com/redshift-preflight/redshift-preflight/iam"
	"github.com/redshift-preflight/redshift-preflight/inventory"
)

// Principal is who makes a request: a session of a role, an IAM user, or
// a service. Role or User is nil when the data does not hold it.
type Principal struct {
	Caller iam.Caller
	Role   *inventory.Role
	User   *inventory.User
}

// RoleSession is a session of the role with this ARN; Role is nil when the
// inventory does not hold it.
func RoleSession(inv *inventory.Inventory, roleARN string) (Principal, error) {
	caller, err := iam.RoleSessionCaller(roleARN, "")
	if err != nil {
		return Principal{}, err
	}
	return Principal{Caller: caller, Role: inv.Role(roleARN)}, nil
}

// UserPrincipal is the IAM user of caller; User is nil when the inventory
// does not hold it.
func UserPrincipal(inv *inventory.Inventory, caller iam.Caller) Principal {
	return Principal{Caller: caller, User: inv.User(caller.ARN)}
}

// Context is the request context the principal fixes: the aws:Principal*
// keys of its caller and its tags as aws:PrincipalTag/*. Tag keys the data
// does not name are absent, unless the data does not know every tag (a
// Terraform plan computes some at apply), when they are unknown.
func (p Principal) Context() *iam.Context {
	ctx := iam.PrincipalContext(p.Caller)
	var tags map[string]string
	known := false
	switch {
	case p.Role != nil:
		tags, known = p.Role.Tags, !p.Role.TagsUnknown
	case p.User != nil:
		tags, known = p.User.Tags, true
	}
	for k, v := range tags {
		ctx.Set("aws:PrincipalTag/"+k, v)
	}
	if known {
		ctx.SetAbsentPrefix("aws:PrincipalTag/")
	}
	return ctx
}

// Policies are the principal's identity policies and permissions boundary.
// A principal the data does not hold gets one policy and a boundary with
// nil documents, which the evaluator treats as unknown, never as "none".
func (p Principal) Policies(inv *inventory.Inventory) (identity []iam.NamedPolicy, boundary *iam.NamedPolicy) {
	switch {
	case p.Role != nil:
		return inv.IdentityPolicies(p.Role), inv.BoundaryPolicy(p.Role)
	case p.User != nil:
		return inv.UserIdentityPolicies(p.User), inv.UserBoundaryPolicy(p.User)
	case p.Caller.Type == iam.UserPrincipal:
		return []iam.NamedPolicy{{Label: "permission policies of user " + p.Caller.Name}},
			&iam.NamedPolicy{Label: "permissions boundary of user " + p.Caller.Name}
	}
	// A role session whose role is not in the data: whether the role has a
	// permissions boundary is unknown too, and a nil boundary would read as
	// "none" (a same-account trust naming the role ARN would then allow).
	return []iam.NamedPolicy{{Label: "permission policies of " + p.Caller.String() + " (not in the data)"}},
		&iam.NamedPolicy{Label: "permissions boundary of " + p.Caller.String() + " (not in the data)"}
}

// Name is how messages call the principal: a role's or user's name.
func (p Principal) Name() string {
	if p.Caller.Name != "" {
		return p.Caller.Name
	}
	return display(p.Caller.ARN)
}
