package checks

import (
	"errors"
	"fmt"
	"sort"

	"github.com/redshift-preflight/redshift-preflight/access"
	"github.com/redshift-preflight/redshift-preflight/chain"
	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// ConnectRequest is one connection to check (SPEC §10): a principal outside
// Redshift (an EC2 instance's service, a role, a user) assumes Chain in
// order, and the last role asks for database credentials.
type ConnectRequest struct {
	Start      string // a service principal (ec2.amazonaws.com) or an IAM role or user ARN
	Chain      []string
	DBUser     string
	DBName     string
	DBGroups   []string
	AutoCreate bool
}

// FieldError is a connection field that cannot be used; Field is its name
// as the configuration spells it (start, chain), so that the command line
// can say --start and the configuration file where the key is.
type FieldError struct {
	Field string
	Msg   string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Msg }

// Validate checks that the request names a usable start and role ARNs.
func (r ConnectRequest) Validate() error {
	if err := chain.ValidateStart(r.Start); err != nil {
		return &FieldError{Field: "start", Msg: err.Error()}
	}
	for _, role := range r.Chain {
		if _, probs := chain.ParseRoleARN(role); role == "" || len(probs) > 0 {
			return &FieldError{Field: "chain", Msg: fmt.Sprintf("%q is not a role ARN (arn:aws:iam::ACCOUNT:role/NAME)", role)}
		}
	}
	return nil
}

// ConnectOptions is everything connect does.
type ConnectOptions struct {
	Request ConnectRequest
	Rules   RuleOptions
	Data    DataOptions // the database user is the request's
}

// Connection is the outcome of one connect check.
type Connection struct {
	Request    ConnectRequest
	Cluster    *Cluster
	Hops       []Hop
	Permission Permission
	Verdict    Verdict
	Reason     RuleID // the rule that decided a fail or unknown verdict, when exactly one did
	// Findings are the issues that name a rule, under the rule selection
	// and severities; they carry no file.
	Findings []Finding
	Summary  Summary
	Notes    []string // what the data cannot support
}

// Permission is the verdict on the access role's permission: the path that
// decided and the other ways of getting credentials that were evaluated.
type Permission struct {
	CredentialPath
	Role         string // the access role's ARN
	Alternatives []CredentialPath
}

// CredentialPath is one way of getting database credentials.
type CredentialPath struct {
	Action    string
	Resources []string
	Note      string // what using this path means; "" for nothing special
	Checks    []Check
	Gaps      []Issue // what the data lacks to form the path's requests
	Verdict   Verdict
	Reason    RuleID
}

// Connect is the connect pipeline: it loads the data and checks one
// connection.
func Connect(opts ConnectOptions) (*Connection, error) {
	if err := opts.Rules.Validate(); err != nil {
		return nil, err
	}
	if err := opts.Request.Validate(); err != nil {
		return nil, err
	}
	if len(opts.Data.Cluster) == 0 {
		return nil, errors.New("connect needs cluster data: pass --cluster (describe-clusters, or get-namespace and get-workgroup output)")
	}
	data := opts.Data
	data.DBUser = opts.Request.DBUser // chain.ConnectHops passes no external id: Redshift makes none of these hops
	world, notes, err := loadWorld(data)
	if err != nil {
		return nil, err
	}
	if world.Cluster == nil {
		return nil, errors.New("connect needs cluster data: the --cluster data holds no cluster or workgroup")
	}
	cfg := &Config{Rules: opts.Rules, World: world}
	c, err := connect(cfg, opts.Request, nil, sqlparse.Span{})
	if c != nil {
		c.Notes = notes
	}
	return c, err
}

// connect checks one connection against cfg.World; its findings point at
// span of file (a configuration's [[connections]] table), or nowhere.
func connect(cfg *Config, req ConnectRequest, file *sqlparse.File, span sqlparse.Span) (*Connection, error) {
	w := cfg.World
	if err := w.Inventory.Decode(append([]string{req.Start}, req.Chain...)...); err != nil {
		return nil, err
	}
	d := cfg.describer()
	hops := chain.ConnectHops(*w, req.Start, req.Chain)
	perm := permission(*w, req)
	c := &Connection{Request: req, Cluster: clusterOf(w), Hops: d.hops(hops), Permission: d.permission(perm)}
	c.Verdict, c.Reason = connectVerdict(hops, perm)
	c.Findings = connectFindings(cfg, hops, perm, file, span)
	c.Summary = countFindings(c.Findings)
	return c, nil
}

// permission decides the access role's permission; a chain with no role
// has none to decide with.
func permission(w chain.World, req ConnectRequest) access.Permission {
	if len(req.Chain) == 0 {
		issue := chain.Issue{Reason: chain.ReasonConnectPermission, Verdict: chain.VerdictFail,
			Message: "the chain names no role to get database credentials with"}
		return access.Permission{CredentialPath: access.CredentialPath{Verdict: chain.VerdictFail,
			Reason: chain.ReasonConnectPermission, Issues: []chain.Issue{issue}}}
	}
	login := access.Login{DBUser: req.DBUser, DBName: req.DBName, DBGroups: req.DBGroups, AutoCreate: req.AutoCreate}
	return access.Credentials(w, req.Chain[len(req.Chain)-1], login)
}

// connectVerdict: fail if a hop or the permission fails, else unknown if any
// is unknown, else ok; the reason when exactly one rule decided (a problem
// no rule covers counts as one more, so it is never hidden behind another's).
func connectVerdict(hops []chain.Hop, perm access.Permission) (Verdict, RuleID) {
	var fails, unknowns []chain.Reason
	note := func(v chain.Verdict, r chain.Reason) {
		switch v {
		case chain.VerdictFail:
			fails = appendReason(fails, r)
		case chain.VerdictUnknown:
			unknowns = appendReason(unknowns, r)
		}
	}
	for _, h := range hops {
		note(h.Verdict, h.Reason)
	}
	note(perm.Verdict, perm.Reason)
	one := func(list []chain.Reason) RuleID {
		if len(list) == 1 {
			return ruleIDOf(list[0])
		}
		return ""
	}
	switch {
	case len(fails) > 0:
		return VerdictFail, one(fails)
	case len(unknowns) > 0:
		return VerdictUnknown, one(unknowns)
	}
	return VerdictOK, ""
}

func appendReason(list []chain.Reason, r chain.Reason) []chain.Reason {
	for _, x := range list {
		if x == r {
			return list
		}
	}
	return append(list, r)
}

// connectFindings turns a connection's issues into findings, one per issue
// and warning that names a rule: the hops' (hop rules) and the deciding
// permission path's. Issues of disabled rules are dropped.
func connectFindings(cfg *Config, hops []chain.Hop, perm access.Permission, file *sqlparse.File, span sqlparse.Span) []Finding {
	var issues []chain.Issue
	for _, h := range hops {
		issues = append(append(issues, h.Issues...), h.Warnings...)
	}
	issues = append(issues, perm.Issues...)
	d := cfg.describer()
	out := []Finding{}
	for _, issue := range issues {
		r := ruleOf(issue.Reason)
		if r == nil || !cfg.Rules.enabled(r) {
			continue
		}
		out = append(out, Finding{Rule: r.ID, Severity: cfg.Rules.severity(r), File: file, Span: span,
			Message: issue.Message, Help: issue.Help, Notes: d.notes("decided by", issue.Statements), Reference: -1})
	}
	return out
}

func (d describer) permission(p access.Permission) Permission {
	out := Permission{CredentialPath: d.path(p.CredentialPath), Role: p.Role}
	for _, alt := range p.Alternatives {
		out.Alternatives = append(out.Alternatives, d.path(alt))
	}
	return out
}

func (d describer) path(p access.CredentialPath) CredentialPath {
	return CredentialPath{Action: p.Action, Resources: nonNil(p.Resources), Note: p.Note, Checks: d.checks(p.Checks),
		Gaps: d.issues(p.Gaps), Verdict: verdictOf(p.Verdict), Reason: ruleIDOf(p.Reason)}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// ConnectionsFile is the [[connections]] tables of a configuration file.
type ConnectionsFile struct {
	Path    string
	Data    []byte // the file's text, for the excerpts of findings
	Entries []ConnectionEntry
}

// ConnectionEntry is one [[connections]] table and where its header is:
// the byte offsets of [[connections]] in the file, where findings point.
type ConnectionEntry struct {
	Request                ConnectRequest
	HeaderStart, HeaderEnd int
}

// checkConnections evaluates the configuration's connections after the SQL
// files and adds their findings under the configuration file's name,
// pointing at each table's [[connections]] header.
func checkConnections(res *Results, cf *ConnectionsFile, cfg *Config) error {
	if cf == nil || len(cf.Entries) == 0 {
		return nil
	}
	w := cfg.World
	if w == nil {
		res.Notes = append(res.Notes, fmt.Sprintf("%s lists connections, and without --iam and --cluster they are not checked", cf.Path))
		return nil
	}
	if w.Cluster == nil {
		return fmt.Errorf("%s: [[connections]] need cluster data: pass --cluster", cf.Path)
	}
	file := sqlparse.NewFile(cf.Path, cf.Data)
	fr := &FileResult{File: file}
	for _, e := range cf.Entries {
		if err := e.Request.Validate(); err != nil {
			return fmt.Errorf("%s:%d: [[connections]] %v", cf.Path, file.Position(e.HeaderStart).Line, err)
		}
		c, err := connect(cfg, e.Request, file, sqlparse.Span{Start: e.HeaderStart, End: e.HeaderEnd})
		if err != nil {
			return err
		}
		fr.Findings = append(fr.Findings, c.Findings...)
	}
	sort.SliceStable(fr.Findings, func(i, j int) bool { return fr.Findings[i].Span.Start < fr.Findings[j].Span.Start })
	if len(fr.Findings) > 0 {
		res.addFile(fr)
	}
	return nil
}
