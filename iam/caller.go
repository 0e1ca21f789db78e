package iam

import (
	"errors"
	"strings"
)

// PrincipalType is the kind of principal making a request.
type PrincipalType uint8

const (
	// ServicePrincipal: an AWS service acting itself, e.g. redshift.amazonaws.com.
	ServicePrincipal PrincipalType = iota + 1
	// RoleSessionPrincipal: a session of an IAM role (an assumed role).
	RoleSessionPrincipal
	// UserPrincipal: an IAM user.
	UserPrincipal
	// AccountPrincipal: the account's root user.
	AccountPrincipal
	// FederatedPrincipal: a web identity or SAML provider's user.
	FederatedPrincipal
	// AnonymousPrincipal: an unauthenticated caller.
	AnonymousPrincipal
)

func (t PrincipalType) String() string {
	switch t {
	case ServicePrincipal:
		return "Service"
	case RoleSessionPrincipal:
		return "AssumedRole"
	case UserPrincipal:
		return "User"
	case AccountPrincipal:
		return "Account"
	case FederatedPrincipal:
		return "Federated"
	case AnonymousPrincipal:
		return "Anonymous"
	}
	return "PrincipalType(?)"
}

// Caller is the principal a request comes from. Build it with one of the
// constructors; the fields are exported so results can be explained.
type Caller struct {
	Type      PrincipalType
	Partition string // "aws", "aws-cn", ...; "" for services and federation
	Account   string // "" for services and federation
	// Name is the service principal (Service), the provider (Federated),
	// the role name (RoleSession) or the user name (User).
	Name string
	// ARN is the role ARN with its path (RoleSession; "" when only the
	// session ARN is known), the user ARN or the root ARN.
	ARN string
	// SessionName is the role session's name; "" when it cannot be known
	// (Redshift does not document the names it uses).
	SessionName string
	// Region is where a service principal acts; "" when unknown.
	Region string
	// HasBoundary: the caller has a permissions boundary, which makes a
	// Deny with NotPrincipal apply to it always [PB], [§6]. Authorize sets
	// it when given a boundary.
	HasBoundary bool
}

// ServiceCaller is a service principal such as "redshift.amazonaws.com"
// acting in region (or "" when the region is unknown).
func ServiceCaller(service, region string) Caller {
	return Caller{Type: ServicePrincipal, Name: service, Region: region}
}

// RoleSessionCaller is a session of the role roleARN; sessionName may be ""
// when it cannot be known.
func RoleSessionCaller(roleARN, sessionName string) (Caller, error) {
	a, err := ParseARN(roleARN)
	if err != nil {
		return Caller{}, err
	}
	name, ok := a.roleName()
	if !ok || a.Account == "" {
		return Caller{}, errors.New("not an IAM role ARN: " + quote(roleARN))
	}
	return Caller{Type: RoleSessionPrincipal, Partition: a.Partition, Account: a.Account,
		Name: name, ARN: roleARN, SessionName: sessionName}, nil
}

// UserCaller is the IAM user userARN.
func UserCaller(userARN string) (Caller, error) {
	a, err := ParseARN(userARN)
	if err != nil {
		return Caller{}, err
	}
	name, ok := a.userName()
	if !ok || a.Account == "" {
		return Caller{}, errors.New("not an IAM user ARN: " + quote(userARN))
	}
	return Caller{Type: UserPrincipal, Partition: a.Partition, Account: a.Account, Name: name, ARN: userARN}, nil
}

// AccountCaller is the root user of account in partition.
func AccountCaller(partition, account string) Caller {
	return Caller{Type: AccountPrincipal, Partition: partition, Account: account,
		ARN: "arn:" + partition + ":iam::" + account + ":root"}
}

// FederatedCaller is a user of the identity provider (a provider name such
// as "cognito-identity.amazonaws.com" or a SAML/OIDC provider ARN).
func FederatedCaller(provider string) Caller {
	return Caller{Type: FederatedPrincipal, Name: provider}
}

// AnonymousCaller is an unauthenticated request.
func AnonymousCaller() Caller { return Caller{Type: AnonymousPrincipal} }

// ParseCaller reads a principal as a user would name it: a service
// principal ("ec2.amazonaws.com"), an account id, or an ARN of a role (its
// session, name unknown), a role session, a user or an account root.
func ParseCaller(s string) (Caller, error) {
	switch {
	case IsAccountID(s):
		return AccountCaller("aws", s), nil
	case !strings.HasPrefix(s, "arn:") && isServicePrincipal(s):
		return ServiceCaller(s, ""), nil
	}
	a, err := ParseARN(s)
	if err != nil {
		return Caller{}, err
	}
	if _, ok := a.roleName(); ok {
		return RoleSessionCaller(s, "")
	}
	if _, ok := a.userName(); ok {
		return UserCaller(s)
	}
	if a.isAccountRoot() {
		return AccountCaller(a.Partition, a.Account), nil
	}
	if role, session, ok := a.assumedRole(); ok && a.Account != "" {
		return Caller{Type: RoleSessionPrincipal, Partition: a.Partition, Account: a.Account,
			Name: role, SessionName: session}, nil
	}
	return Caller{}, errors.New("not a service principal, account, role, role session or user: " + quote(s))
}

// isServicePrincipal recognises NAME.amazonaws.com (and .amazonaws.com.cn),
// with or without a region label.
func isServicePrincipal(s string) bool {
	name, _, ok := strings.Cut(s, ".")
	return ok && name != "" && (strings.HasSuffix(s, ".amazonaws.com") || strings.HasSuffix(s, ".amazonaws.com.cn"))
}

// SessionARN is the role session's STS ARN, or "" when this is not a role
// session or its name is unknown.
func (c Caller) SessionARN() string {
	if c.Type != RoleSessionPrincipal || c.SessionName == "" {
		return ""
	}
	return "arn:" + c.Partition + ":sts::" + c.Account + ":assumed-role/" + c.Name + "/" + c.SessionName
}

// hasIdentitySide reports whether the caller's own account evaluates
// identity policies for it; services, federated and anonymous callers are
// authorized by resource policies alone.
func (c Caller) hasIdentitySide() bool {
	switch c.Type {
	case RoleSessionPrincipal, UserPrincipal, AccountPrincipal:
		return true
	}
	return false
}

func (c Caller) String() string {
	switch c.Type {
	case ServicePrincipal, FederatedPrincipal:
		return c.Name
	case RoleSessionPrincipal:
		if s := c.SessionARN(); s != "" {
			return s
		}
		if c.ARN != "" {
			return c.ARN + " (session)"
		}
		return "arn:" + c.Partition + ":sts::" + c.Account + ":assumed-role/" + c.Name + "/*"
	case UserPrincipal, AccountPrincipal:
		return c.ARN
	case AnonymousPrincipal:
		return "anonymous"
	}
	return "unknown principal"
}

// PrincipalContext returns a context holding the global keys that the
// caller determines [KEYS]: aws:PrincipalArn (a role session's is the role
// ARN), aws:PrincipalAccount, aws:PrincipalType, aws:username (absent for
// role sessions), aws:PrincipalIsAWSService and, for a service principal,
// aws:PrincipalServiceName. An IAM principal's request is taken to be made
// with its own credentials, directly or by a service acting for it (as
// Redshift does with a role session), which fixes the keys of
// setIAMPrincipalCall. Every other key stays unknown; add what the
// situation makes known (tags, sts:ExternalId, ...).
func PrincipalContext(c Caller) *Context {
	ctx := NewContext()
	switch c.Type {
	case ServicePrincipal:
		setServicePrincipalCall(ctx, c.Name)
	case RoleSessionPrincipal:
		if c.ARN != "" {
			ctx.Set("aws:PrincipalArn", c.ARN)
		}
		ctx.Set("aws:PrincipalAccount", c.Account).Set("aws:PrincipalType", "AssumedRole").
			SetAbsent("aws:username")
		setIAMPrincipalCall(ctx)
	case UserPrincipal:
		ctx.Set("aws:PrincipalArn", c.ARN).Set("aws:PrincipalAccount", c.Account).
			Set("aws:PrincipalType", "User").Set("aws:username", c.Name)
		setIAMPrincipalCall(ctx)
	case AccountPrincipal:
		ctx.Set("aws:PrincipalArn", c.ARN).Set("aws:PrincipalAccount", c.Account).
			Set("aws:PrincipalType", "Account").SetAbsent("aws:username")
		setIAMPrincipalCall(ctx)
	}
	return ctx
}

// setServicePrincipalCall records what IAM UG "AWS global condition context
// keys" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html)
// fixes for a call a service principal makes itself, such as Redshift
// assuming the first role of a chain:
//
//   - aws:PrincipalIsAWSService: "The request context key is set to true
//     when a service uses a service principal to perform a direct action on
//     your resources."
//   - aws:PrincipalServiceName: "This key is present in the request when the
//     call is made by an AWS service principal." and "When a service
//     principal makes a direct request to your resource, the
//     aws:PrincipalServiceName key contains the name of the service
//     principal."
//
// aws:SourceArn and aws:SourceAccount stay unknown: the current page says
// aws:SourceAccount "is only available when the call to your resource is
// made directly by an AWS service principal", and what Redshift passes is
// not documented (iam-semantics.md §7).
func setServicePrincipalCall(ctx *Context, service string) {
	ctx.Set("aws:PrincipalIsAWSService", "true").Set("aws:PrincipalServiceName", service)
}

// setIAMPrincipalCall records what the same page fixes for a request made
// with an IAM principal's credentials, by its own code or by a service
// acting for it, such as Redshift assuming the next role of a chain with a
// role session:
//
//   - aws:PrincipalIsAWSService is false: "The context key is set to false
//     if the service uses the credentials of an IAM principal to make a
//     request on the principal's behalf." Its Availability: "This key is
//     present in the request context for all signed API requests that use
//     AWS credentials."
//   - aws:PrincipalServiceName is absent: "This key is not present in any
//     other situation, including the following: ... If the service uses the
//     credentials of an IAM principal to make a request on the principal's
//     behalf. If the call is made directly by an IAM principal."
//   - aws:CalledVia is absent: "This key is present in the request when a
//     service that supports aws:CalledVia uses the credentials of an IAM
//     principal to make a request to another service. ... This key is also
//     not present when the principal makes the call directly." Redshift is
//     not among the service principals the page lists for aws:CalledVia
//     (athena, cloud9, cloudformation, databrew, dataexchange, dynamodb,
//     kms, servicecatalog-appregistry, sqlworkbench in the 2023 text).
//   - aws:SourceArn and aws:SourceAccount are absent: each "is included in
//     the request context only if accessing a resource triggers an AWS
//     service to call another service on behalf of the resource owner",
//     and the current page adds that aws:SourceAccount "is only available
//     when the call to your resource is made directly by an AWS service
//     principal".
func setIAMPrincipalCall(ctx *Context) {
	ctx.Set("aws:PrincipalIsAWSService", "false").
		SetAbsent("aws:PrincipalServiceName", "aws:CalledVia", "aws:SourceArn", "aws:SourceAccount")
}
