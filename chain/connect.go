package chain

import (
	"errors"
	"fmt"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/iam"
	"github.com/redshift-preflight/redshift-preflight/inventory"
)

// ReasonConnectPermission: the access role (the last of a connect chain)
// may not get database credentials.
const ReasonConnectPermission = "connect-permission-missing"

// Actions of the connect path (iam-semantics.md §7, "Connect path").
const (
	ActionGetClusterCredentials        = "redshift:GetClusterCredentials"
	ActionGetClusterCredentialsWithIAM = "redshift:GetClusterCredentialsWithIAM"
	ActionCreateClusterUser            = "redshift:CreateClusterUser"
	ActionJoinGroup                    = "redshift:JoinGroup"
	ActionServerlessGetCredentials     = "redshift-serverless:GetCredentials"
)

// ConnectRequest is one connection to check: a principal outside Redshift
// (an EC2 instance's service, a role, a user) assumes Chain in order, and
// the last role asks for database credentials.
type ConnectRequest struct {
	Start      string // a service principal (ec2.amazonaws.com) or an IAM role or user ARN
	Chain      []string
	DBUser     string
	DBName     string
	DBGroups   []string
	AutoCreate bool
}

// PermissionCheck is one action on one resource that the access role needs.
type PermissionCheck struct {
	Action   string
	Resource string
	Verdict  Verdict
	Reason   string
	Issues   []Issue  // why it is not ok, most important first
	Deciding []Decide // the statements that decided
}

// CredentialPath is one way of getting database credentials: the
// credentials action with its resources, and everything it needs.
type CredentialPath struct {
	Action    string   // redshift:GetClusterCredentials, ...WithIAM or redshift-serverless:GetCredentials
	Resources []string // the resources of Action
	Note      string   // what using this path means, e.g. which database user it yields; "" for none
	Checks    []PermissionCheck
	Verdict   Verdict
	Reason    string
	Issues    []Issue // data gaps of the path, then the checks' issues
}

// Permission is the verdict on the access role's permission: the path that
// decided (the first that works, else the first undecided one, else the
// primary one, GetClusterCredentials) and the other paths evaluated.
type Permission struct {
	CredentialPath
	Role         string // the access role's ARN
	Alternatives []CredentialPath
}

// ConnectResult is a whole connect check.
type ConnectResult struct {
	Request    ConnectRequest
	Hops       []Hop
	Permission Permission
	Verdict    Verdict
	Reason     string // the rule that decided a fail or unknown verdict, when exactly one did
}

// Issues lists every issue and warning of the result, for findings: the
// hops' in order, then the deciding permission path's.
func (r *ConnectResult) Issues() []Issue {
	var out []Issue
	for _, h := range r.Hops {
		out = append(out, h.Issues...)
		out = append(out, h.Warnings...)
	}
	return append(out, r.Permission.Issues...)
}

// ValidateStart reports whether start can begin a connect path: a service
// principal, or the ARN of an IAM role or user.
func ValidateStart(start string) error {
	if !strings.HasPrefix(start, "arn:") {
		if c, err := iam.ParseCaller(start); err == nil && c.Type == iam.ServicePrincipal {
			return nil
		}
		return fmt.Errorf("--start %q: want a service principal such as ec2.amazonaws.com, or an IAM role or user ARN", start)
	}
	c, err := iam.ParseCaller(start)
	if err == nil && (c.Type == iam.UserPrincipal || (c.Type == iam.RoleSessionPrincipal && c.ARN != "")) {
		return nil
	}
	return errors.New("--start " + start + ": want an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME) or user ARN (arn:aws:iam::ACCOUNT:user/NAME)")
}

// Connect checks that req.Start, through the roles of req.Chain, may get
// database credentials for req.DBUser on req.DBName of w.Cluster
// (SPEC §10). Every hop is evaluated as if the earlier ones succeeded, and
// the permission as if every hop did. Connect hops are made by the
// caller's code, not by Redshift: no cluster association is needed and no
// sts:ExternalId is passed (iam-semantics.md §9, "Other start principals").
func Connect(w World, req ConnectRequest) ConnectResult {
	res := ConnectResult{Request: req, Hops: []Hop{}}
	hw := w
	hw.DBUser = "" // sts:ExternalId is Redshift's, and Redshift makes none of these hops
	for i, role := range req.Chain {
		if i == 0 {
			res.Hops = append(res.Hops, hw.startHop(req.Start, role))
		} else {
			res.Hops = append(res.Hops, hw.roleHop(req.Chain[i-1], role, true))
		}
	}
	if len(req.Chain) > 0 {
		res.Permission = w.permission(req, req.Chain[len(req.Chain)-1])
	} else {
		res.Permission.Verdict = VerdictFail
		res.Permission.Issues = []Issue{{Reason: ReasonConnectPermission, Verdict: VerdictFail,
			Message: "the chain names no role to get database credentials with"}}
		res.Permission.Reason = ReasonConnectPermission
	}
	res.Verdict, res.Reason = res.decide()
	return res
}

// startHop: the start principal assumes the first role.
func (w World) startHop(start, roleARN string) Hop {
	if err := ValidateStart(start); err != nil {
		h := Hop{From: start, To: roleARN}
		h.add(Issue{Verdict: VerdictUnknown, Message: err.Error()})
		return h.decide()
	}
	caller, _ := iam.ParseCaller(start)
	switch caller.Type {
	case iam.RoleSessionPrincipal:
		return w.roleHop(start, roleARN, true)
	case iam.UserPrincipal:
		return w.userHop(caller, roleARN)
	}
	h := Hop{From: start, To: roleARN}
	role := h.lookup(w.Inventory, roleARN)
	if role != nil {
		// The service acts wherever the instance runs: region unknown, so a
		// regional Service entry is undecided. It passes no external id.
		ctx := iam.NewContext().SetAbsent("sts:ExternalId")
		auth := iam.AuthorizeAssumeRole(iam.ServiceCaller(start, ""), roleARN, role.Trust, nil, nil, ctx)
		h.judge(auth, judgeInput{from: start, to: role, toARN: roleARN, world: w, connect: true, service: start})
	}
	return h.decide()
}

// userHop: an IAM user assumes the first role. The user's identity
// policies are its own, its groups' and the managed policies attached to
// either (inventory.UserIdentityPolicies); a user not in the IAM data, or
// a group of it that is not, leaves its side unknown: the hop can then
// fail on the trust policy, but never be ok.
func (w World) userHop(caller iam.Caller, roleARN string) Hop {
	h := Hop{From: caller.ARN, To: roleARN}
	inv := w.Inventory
	role := h.lookup(inv, roleARN)
	ctx := iam.PrincipalContext(caller)
	trust := iam.NamedPolicy{Label: "unknown trust policy of " + roleARN}
	if role != nil {
		trust = role.Trust
	}
	var identity []iam.NamedPolicy
	var boundary *iam.NamedPolicy
	if user := inv.User(caller.ARN); user != nil {
		identity, boundary = inv.UserIdentityPolicies(user), inv.UserBoundaryPolicy(user)
		for k, v := range user.Tags {
			ctx.Set("aws:PrincipalTag/"+k, v)
		}
		ctx.SetAbsentPrefix("aws:PrincipalTag/")
	} else {
		identity = []iam.NamedPolicy{{Label: "permission policies of user " + caller.Name}}
		boundary = &iam.NamedPolicy{Label: "permissions boundary of user " + caller.Name}
	}
	auth := iam.AuthorizeAssumeRole(caller, roleARN, trust, identity, boundary, ctx)
	h.judge(auth, judgeInput{from: caller.Name, to: role, toARN: roleARN, world: w, connect: true, fromARN: caller.ARN})
	return h.decide()
}

// permission evaluates every way the access role may get credentials.
func (w World) permission(req ConnectRequest, roleARN string) Permission {
	paths := w.credentialPaths(req, roleARN)
	p := Permission{Role: roleARN}
	chosen := -1
	for _, want := range []Verdict{VerdictOK, VerdictUnknown} {
		for i := range paths {
			if chosen < 0 && paths[i].Verdict == want {
				chosen = i
			}
		}
	}
	if chosen < 0 {
		chosen = 0
	}
	p.CredentialPath = paths[chosen]
	for i := range paths {
		if i != chosen {
			p.Alternatives = append(p.Alternatives, paths[i])
		}
	}
	return p
}

// credentialPaths builds and evaluates the paths, the primary one first.
func (w World) credentialPaths(req ConnectRequest, roleARN string) []CredentialPath {
	c := w.Cluster
	if c != nil && c.Serverless {
		path := CredentialPath{Action: ActionServerlessGetCredentials, Resources: []string{}}
		if c.WorkgroupARN == "" {
			path.gap(fmt.Sprintf("the ARN of workgroup %s is not in the cluster data, so redshift-serverless:GetCredentials on it cannot be checked", c.ID),
				"add aws redshift-serverless get-workgroup output with --cluster")
			return []CredentialPath{path.decide()}
		}
		path.Resources = []string{c.WorkgroupARN}
		path.Note = "Redshift Serverless maps the caller to the database user IAMR:" + display(roleARN) + "; --db-user, --auto-create and --db-groups do not apply"
		path.add(w, roleARN, ActionServerlessGetCredentials, c.WorkgroupARN, serverlessContext)
		return []CredentialPath{path.decide()}
	}
	primary := CredentialPath{Action: ActionGetClusterCredentials, Resources: []string{}}
	withIAM := CredentialPath{Action: ActionGetClusterCredentialsWithIAM, Resources: []string{},
		Note: "GetClusterCredentialsWithIAM connects as the database user IAMR:" + display(roleARN) + ", not " + req.DBUser}
	switch {
	case c == nil:
		primary.gap("no cluster data was given, so the database user's ARN is not known", "pass describe-clusters output with --cluster")
		withIAM.gap("no cluster data was given, so the database's ARN is not known", "pass describe-clusters output with --cluster")
		return []CredentialPath{primary.decide(), withIAM.decide()}
	case !c.DBUserARNKnown():
		msg := fmt.Sprintf("the ARNs of cluster %s's database users cannot be formed (%s)", c.ID, strings.Join(c.Gaps(), "; "))
		primary.gap(msg, "")
		withIAM.gap(msg, "")
		return []CredentialPath{primary.decide(), withIAM.decide()}
	}
	dbuser := c.DBUserARN(req.DBUser)
	dbname := fmt.Sprintf("arn:%s:redshift:%s:%s:dbname:%s/%s", c.Partition, c.Region, c.Account, c.ID, req.DBName)
	known := func(ctx *iam.Context) {
		ctx.Set("redshift:DbUser", req.DBUser).Set("redshift:DbName", req.DBName)
	}
	primary.Resources = []string{dbuser, dbname}
	primary.add(w, roleARN, ActionGetClusterCredentials, dbuser, known)
	primary.add(w, roleARN, ActionGetClusterCredentials, dbname, known)
	if req.AutoCreate {
		primary.add(w, roleARN, ActionCreateClusterUser, dbuser, known)
	}
	for _, g := range req.DBGroups {
		group := fmt.Sprintf("arn:%s:redshift:%s:%s:dbgroup:%s/%s", c.Partition, c.Region, c.Account, c.ID, g)
		primary.add(w, roleARN, ActionJoinGroup, group, known)
	}
	paths := []CredentialPath{primary.decide()}
	if len(req.DBGroups) == 0 { // WithIAM takes the groups from the role's tags, not from the request
		withIAM.Resources = []string{dbname}
		withIAM.add(w, roleARN, ActionGetClusterCredentialsWithIAM, dbname, func(ctx *iam.Context) {
			ctx.Set("redshift:DbName", req.DBName)
		})
		paths = append(paths, withIAM.decide())
	}
	return paths
}

func serverlessContext(*iam.Context) {}

// gap records that the data cannot decide the path.
func (p *CredentialPath) gap(message, help string) {
	p.Issues = append(p.Issues, Issue{Verdict: VerdictUnknown, Message: message, Help: help})
}

// add evaluates one action of the access role on one resource.
func (p *CredentialPath) add(w World, roleARN, action, resource string, known func(*iam.Context)) {
	pc := PermissionCheck{Action: action, Resource: resource}
	inv := w.Inventory
	role := inv.Role(roleARN)
	caller, err := iam.RoleSessionCaller(roleARN, "")
	switch {
	case err != nil:
		pc.Issues = []Issue{{Verdict: VerdictUnknown, Message: err.Error()}}
	case role == nil:
		pc.Issues = []Issue{{Verdict: VerdictUnknown,
			Message: fmt.Sprintf("the permissions of %s are not in the IAM data, so whether it may call %s cannot be checked", display(roleARN), action)}}
	default:
		ctx := iam.PrincipalContext(caller)
		for k, v := range role.Tags {
			ctx.Set("aws:PrincipalTag/"+k, v)
		}
		if !role.TagsUnknown {
			ctx.SetAbsentPrefix("aws:PrincipalTag/")
		}
		// redshift:DurationSeconds and aws:ResourceTag/* (dbuser, dbname and
		// dbgroup carry no tags, §7) stay unknown.
		known(ctx)
		auth := iam.Authorize(iam.Access{
			Request:  iam.Request{Caller: caller, Action: action, Resource: resource, Context: ctx},
			Identity: inv.IdentityPolicies(role),
			Boundary: inv.BoundaryPolicy(role),
		})
		pc.Deciding = decides(auth.Deciding)
		pc.Issues = permissionIssues(auth, role, action, resource)
	}
	pc.Verdict = VerdictOK
	if len(pc.Issues) > 0 {
		pc.Verdict, pc.Reason = pc.Issues[0].Verdict, pc.Issues[0].Reason
	}
	p.Checks = append(p.Checks, pc)
}

// permissionIssues explains a decision on one action of the access role.
func permissionIssues(auth iam.Authorization, role *inventory.Role, action, resource string) []Issue {
	what := fmt.Sprintf("%s on %s", action, shortResource(resource))
	switch auth.Decision {
	case iam.Allowed:
		return nil
	case iam.ExplicitDeny:
		var refs []iam.StatementRef
		where := "a policy"
		for _, r := range []*iam.Result{auth.Identity, auth.Boundary} {
			if r != nil && r.Deny == iam.True {
				refs = refsOf(r, iam.Deny)
				break
			}
		}
		if len(refs) > 0 {
			where = refs[0].String()
		}
		return []Issue{{Reason: ReasonConnectPermission, Verdict: VerdictFail, Statements: refs,
			Message: fmt.Sprintf("a Deny in %s stops %s from calling %s", where, role.Name, what)}}
	case iam.ImplicitDeny:
		issue := Issue{Reason: ReasonConnectPermission, Verdict: VerdictFail}
		switch {
		case auth.CrossAccount == iam.True:
			issue.Message = fmt.Sprintf("%s is in account %s, not the cluster's: Redshift gives database credentials only to principals of the cluster's account", role.Name, role.Account)
			issue.Help = "use an access role in the cluster's account at the end of the chain"
		case auth.Lacking == iam.PermissionsBoundary:
			issue.Message = fmt.Sprintf("the permissions boundary of %s does not allow %s", role.Name, what)
			issue.Help = "allow " + action + " in the boundary policy " + role.Boundary
		default:
			issue.Message = fmt.Sprintf("%s's permissions do not allow %s", role.Name, what)
			if keys, refs := nearMiss(auth.Identity); len(keys) > 0 {
				issue.Message += fmt.Sprintf(" (an Allow covers it, but its condition on %s is not met)", strings.Join(keys, ", "))
				issue.Statements = refs
			}
			issue.Help = fmt.Sprintf(`add {"Effect": "Allow", "Action": "%s", "Resource": "%s"} to a policy of %s`, action, resource, role.Name)
		}
		return []Issue{issue}
	}
	if labels := auth.UnknownPolicies(); len(labels) > 0 {
		return []Issue{{Reason: ReasonPolicyUnknown, Verdict: VerdictUnknown,
			Message: fmt.Sprintf("%s is not in the IAM data, so whether %s may call %s cannot be decided", strings.Join(labels, ", "), role.Name, what),
			Help:    "export the policy with get-account-authorization-details (include AWSManagedPolicy in --filter)"}}
	}
	keys := auth.UnknownKeys()
	issue := Issue{Reason: ReasonConditionUnverifiable, Verdict: VerdictUnknown, Keys: keys, Statements: refsOfAll(auth.Deciding)}
	if len(keys) > 0 {
		issue.Message = fmt.Sprintf("whether %s may call %s depends on %s, which cannot be known offline", role.Name, what, strings.Join(keys, ", "))
	} else {
		issue.Message = fmt.Sprintf("whether %s may call %s cannot be decided from the data", role.Name, what)
	}
	return []Issue{issue}
}

// nearMiss: the Allows whose principal, action and resource cover the
// request but whose condition certainly fails, and the keys that failed.
func nearMiss(r *iam.Result) ([]string, []iam.StatementRef) {
	if r == nil {
		return nil, nil
	}
	var keys []string
	var refs []iam.StatementRef
	for _, c := range r.Candidates {
		if c.Effect != iam.Allow || c.Scope != iam.True || c.Condition != iam.False {
			continue
		}
		refs = append(refs, c.Ref)
		for _, k := range c.FailedKeys {
			if !containsFold(keys, k) {
				keys = append(keys, k)
			}
		}
	}
	return keys, refs
}

// shortResource: dbuser:analytics-cluster/analyst for messages.
func shortResource(arn string) string {
	if a, err := iam.ParseARN(arn); err == nil {
		return a.Resource
	}
	return arn
}

// decide sets the path's verdict: fail if a check fails, else unknown if
// anything is undecided, else ok.
func (p CredentialPath) decide() CredentialPath {
	for _, c := range p.Checks {
		p.Issues = append(p.Issues, c.Issues...)
	}
	h := Hop{Issues: p.Issues}.decide() // the hop precedence orders the issues
	p.Issues, p.Verdict, p.Reason = h.Issues, h.Verdict, h.Reason
	if p.Issues == nil {
		p.Issues = []Issue{}
	}
	return p
}

// decide: fail if a hop or the permission fails, else unknown if any is
// unknown, else ok; the reason when exactly one rule decided.
func (r *ConnectResult) decide() (Verdict, string) {
	var fails, unknowns []string
	anyFail, anyUnknown := false, false
	note := func(v Verdict, reason string) {
		switch v {
		case VerdictFail:
			anyFail = true
			fails = appendReason(fails, reason)
		case VerdictUnknown:
			anyUnknown = true
			unknowns = appendReason(unknowns, reason)
		}
	}
	for _, h := range r.Hops {
		note(h.Verdict, h.Reason)
	}
	note(r.Permission.Verdict, r.Permission.Reason)
	one := func(list []string) string {
		if len(list) == 1 {
			return list[0]
		}
		return ""
	}
	switch {
	case anyFail:
		return VerdictFail, one(fails)
	case anyUnknown:
		return VerdictUnknown, one(unknowns)
	}
	return VerdictOK, ""
}

// appendReason keeps distinct reasons; a reason-less problem counts as one
// more, so that it is never hidden behind another's id.
func appendReason(list []string, reason string) []string {
	for _, x := range list {
		if x == reason {
			return list
		}
	}
	return append(list, reason)
}
