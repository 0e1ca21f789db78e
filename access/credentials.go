package access

import (
	"fmt"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/chain"
	"github.com/redshift-preflight/redshift-preflight/iam"
)

// Actions of the connect path (iam-semantics.md §7, "Connect path").
const (
	ActionGetClusterCredentials        = "redshift:GetClusterCredentials"
	ActionGetClusterCredentialsWithIAM = "redshift:GetClusterCredentialsWithIAM"
	ActionCreateClusterUser            = "redshift:CreateClusterUser"
	ActionJoinGroup                    = "redshift:JoinGroup"
	ActionServerlessGetCredentials     = "redshift-serverless:GetCredentials"
)

// Login is what a connection asks for: database credentials for DBUser
// on DBName, optionally creating the user and joining groups.
type Login struct {
	DBUser, DBName string
	DBGroups       []string
	AutoCreate     bool
}

// CredentialPath is one way of getting database credentials: the
// credentials action with its resources, and everything it needs.
type CredentialPath struct {
	Action    string   // redshift:GetClusterCredentials, ...WithIAM or redshift-serverless:GetCredentials
	Resources []string // the resources of Action
	Note      string   // what using this path means, e.g. which database user it yields; "" for none
	Checks    []Check
	Gaps      []chain.Issue // what the data lacks to even form the path's requests
	Verdict   chain.Verdict
	Reason    chain.Reason
	Issues    []chain.Issue // the gaps, then every check that is not ok, most important first
}

// Permission is the verdict on the access role's permission: the path that
// decided (the first that works, else the first undecided one, else the
// primary one, GetClusterCredentials) and the other paths evaluated.
type Permission struct {
	CredentialPath
	Role         string // the access role's ARN
	Alternatives []CredentialPath
}

// Credentials decides whether the role roleARN (the last of a connect
// chain) may get database credentials for the login on w.Cluster.
func Credentials(w chain.World, roleARN string, login Login) Permission {
	paths := credentialPaths(w, roleARN, login)
	p := Permission{Role: roleARN}
	chosen := -1
	for _, want := range []chain.Verdict{chain.VerdictOK, chain.VerdictUnknown} {
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
func credentialPaths(w chain.World, roleARN string, login Login) []CredentialPath {
	c := w.Cluster
	b := pathBuilder{w: w, role: roleARN, login: login}
	if c != nil && c.Serverless {
		path := CredentialPath{Action: ActionServerlessGetCredentials, Resources: []string{}}
		if c.WorkgroupARN == "" {
			path.gap(fmt.Sprintf("the ARN of workgroup %s is not in the cluster data, so redshift-serverless:GetCredentials on it cannot be checked", c.ID),
				"add aws redshift-serverless get-workgroup output with --cluster")
			return []CredentialPath{path.decide()}
		}
		path.Resources = []string{c.WorkgroupARN}
		path.Note = "Redshift Serverless maps the caller to the database user IAMR:" + shortRole(roleARN) + "; --db-user, --auto-create and --db-groups do not apply"
		b.add(&path, ActionServerlessGetCredentials, c.WorkgroupARN, nil)
		return []CredentialPath{path.decide()}
	}
	primary := CredentialPath{Action: ActionGetClusterCredentials, Resources: []string{}}
	withIAM := CredentialPath{Action: ActionGetClusterCredentialsWithIAM, Resources: []string{},
		Note: "GetClusterCredentialsWithIAM connects as the database user IAMR:" + shortRole(roleARN) + ", not " + login.DBUser}
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
	dbuser := c.DBUserARN(login.DBUser)
	dbname := fmt.Sprintf("arn:%s:redshift:%s:%s:dbname:%s/%s", c.Partition, c.Region, c.Account, c.ID, login.DBName)
	known := func(ctx *iam.Context) {
		ctx.Set("redshift:DbUser", login.DBUser).Set("redshift:DbName", login.DBName)
	}
	primary.Resources = []string{dbuser, dbname}
	b.add(&primary, ActionGetClusterCredentials, dbuser, known)
	b.add(&primary, ActionGetClusterCredentials, dbname, known)
	if login.AutoCreate {
		b.add(&primary, ActionCreateClusterUser, dbuser, known)
	}
	for _, g := range login.DBGroups {
		group := fmt.Sprintf("arn:%s:redshift:%s:%s:dbgroup:%s/%s", c.Partition, c.Region, c.Account, c.ID, g)
		b.add(&primary, ActionJoinGroup, group, known)
	}
	paths := []CredentialPath{primary.decide()}
	if len(login.DBGroups) == 0 { // WithIAM takes the groups from the role's tags, not from the request
		withIAM.Resources = []string{dbname}
		b.add(&withIAM, ActionGetClusterCredentialsWithIAM, dbname, func(ctx *iam.Context) {
			ctx.Set("redshift:DbName", login.DBName)
		})
		paths = append(paths, withIAM.decide())
	}
	return paths
}

// pathBuilder evaluates the requests of the paths for one access role.
type pathBuilder struct {
	w     chain.World
	role  string
	login Login
}

// add evaluates one action of the access role on one resource.
// redshift:DurationSeconds and aws:ResourceTag/* (dbuser, dbname and
// dbgroup carry no tags, iam-semantics.md §7) stay unknown.
func (b pathBuilder) add(p *CredentialPath, action, resource string, known func(*iam.Context)) {
	req := Request{Action: action, Resource: resource, Known: known,
		FailReason: chain.ReasonConnectPermission, Purpose: "connecting as " + b.login.DBUser,
		CrossAccount:     fmt.Sprintf("%s is in another account than the cluster: Redshift gives database credentials only to principals of the cluster's account", shortRole(b.role)),
		CrossAccountHelp: "use an access role in the cluster's account at the end of the chain"}
	who, err := chain.RoleSession(b.w.Inventory, b.role)
	if err != nil {
		p.Checks = append(p.Checks, Check{Action: action, Resource: resource, Verdict: chain.VerdictUnknown, Message: err.Error()})
		return
	}
	p.Checks = append(p.Checks, Evaluate(b.w.Inventory, who, req))
}

// gap records that the data cannot decide the path.
func (p *CredentialPath) gap(message, help string) {
	p.Gaps = append(p.Gaps, chain.Issue{Verdict: chain.VerdictUnknown, Message: message, Help: help})
}

// decide sets the path's verdict: fail if a check fails, else unknown if
// anything is undecided, else ok.
func (p CredentialPath) decide() CredentialPath {
	issues := append([]chain.Issue(nil), p.Gaps...)
	for _, c := range p.Checks {
		if c.Verdict != chain.VerdictOK {
			issues = append(issues, c.Issue())
		}
	}
	p.Issues, p.Verdict, p.Reason = chain.Conclude(issues)
	return p
}

// Issue is the check as a problem of the hop-walk kind, for findings.
func (c Check) Issue() chain.Issue {
	return chain.Issue{Reason: c.Reason, Verdict: c.Verdict, Message: c.Message, Help: c.Help, Statements: c.Statements, Keys: c.Keys}
}

// shortRole: the role's name, for messages.
func shortRole(arn string) string {
	if i := strings.LastIndex(arn, "/"); i >= 0 {
		return arn[i+1:]
	}
	return arn
}
