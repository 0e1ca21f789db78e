package checks

import (
	"github.com/redshift-preflight/redshift-preflight/chain"
	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// The connect path (SPEC §10): its findings come from chain.Connect through
// ConnectFindings, not from SQL, so the rule's Run reports nothing.
func init() {
	register(&Rule{ID: chain.ReasonConnectPermission, Severity: Error,
		Title: "the access role may not get database credentials",
		Doc: `Reports a connection (redshift-preflight connect, or a [[connections]] table
of the config file) whose last role may not get database credentials:
redshift:GetClusterCredentials on the database user's ARN
(arn:aws:redshift:REGION:ACCOUNT:dbuser:CLUSTER/USER) and on the database's
(...:dbname:CLUSTER/DB), evaluated with redshift:DbUser and redshift:DbName
known; redshift:CreateClusterUser on the user with --auto-create, and
redshift:JoinGroup on each ...:dbgroup:CLUSTER/GROUP with --db-groups.
redshift:GetClusterCredentialsWithIAM on the database (which connects as
IAMR:ROLE) is accepted instead when no groups are requested; for Redshift
Serverless, redshift-serverless:GetCredentials on the workgroup. A Deny, a
missing Allow, a permissions boundary, or an access role in another account
than the cluster's fails it. Conditions the data cannot decide (aws:ResourceTag:
dbuser and dbname resources carry no tags; redshift:DurationSeconds) make
the connection unknown instead (condition-unverifiable).

Fix: allow the actions on those ARNs in a policy of the access role, e.g.
{"Effect": "Allow", "Action": "redshift:GetClusterCredentials", "Resource":
["arn:aws:redshift:us-east-1:123456789012:dbuser:my-cluster/${redshift:DbUser}",
"arn:aws:redshift:us-east-1:123456789012:dbname:my-cluster/analytics"]}`,
		Run: func(*Pass) {}, Phase: PhaseHops})
}

// ConnectFindings turns a connect result into findings, one per issue and
// warning that names a rule: the hops' (hop rules) and the permission's.
// They point at span of file (the config's [[connections]] table; nil for
// the connect command, which has no file) and use the configuration's rule
// selection and severities. Issues the configuration disables are dropped.
func ConnectFindings(res *chain.ConnectResult, file *sqlparse.File, span sqlparse.Span, cfg *Config) []Finding {
	if cfg == nil {
		cfg = &Config{}
	}
	out := []Finding{}
	for _, issue := range res.Issues() {
		r := registry[issue.Reason]
		if r == nil || !cfg.enabled(r) {
			continue
		}
		p := &Pass{Config: cfg}
		out = append(out, Finding{Rule: r.ID, Severity: cfg.severity(r), File: file, Span: span,
			Message: issue.Message, Help: issue.Help, Notes: p.statementNotes(issue), Reference: -1})
	}
	return out
}

// AddFile appends the result of a file that is not SQL (the config file's
// [[connections]]) after Collect, counting its findings but not the file.
func (r *Results) AddFile(fr *FileResult) {
	r.Files = append(r.Files, fr)
	for _, f := range fr.Findings {
		r.Summary.count(f.Severity)
	}
}
