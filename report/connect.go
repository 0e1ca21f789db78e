package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/checks"
)

type connectJSON struct {
	Version    int              `json:"version"`
	Connection connectionJSON   `json:"connection"`
	Findings   []connectFinding `json:"findings"`
}

type connectionJSON struct {
	Start      string         `json:"start"`
	Chain      []string       `json:"chain"`
	DBUser     string         `json:"db_user"`
	DBName     string         `json:"db_name"`
	Hops       []jsonHop      `json:"hops"`
	Permission permissionJSON `json:"permission"`
	Verdict    string         `json:"verdict"`
	Reason     string         `json:"reason,omitempty"`
}

type permissionJSON struct {
	Action    string           `json:"action"`
	Resources []string         `json:"resources"`
	Verdict   string           `json:"verdict"`
	Reason    string           `json:"reason,omitempty"`
	Checks    []jsonOpCheck    `json:"checks"`
	Others    []permissionPath `json:"alternatives"`
}

// permissionPath is an alternative way of getting credentials that did not decide.
type permissionPath struct {
	Action    string        `json:"action"`
	Resources []string      `json:"resources"`
	Verdict   string        `json:"verdict"`
	Reason    string        `json:"reason,omitempty"`
	Checks    []jsonOpCheck `json:"checks"`
}

type connectFinding struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
}

// ConnectJSON writes a connect check as one JSON object (SPEC §10); arrays
// are never null.
func ConnectJSON(w io.Writer, c *checks.Connection) error {
	req := c.Request
	p := c.Permission
	out := connectJSON{Version: 1, Findings: findingsJSON(c.Findings), Connection: connectionJSON{
		Start: req.Start, Chain: nonNil(req.Chain), DBUser: req.DBUser, DBName: req.DBName,
		Hops: jsonHops(c.Hops), Verdict: string(c.Verdict), Reason: string(c.Reason),
		Permission: permissionJSON{Action: p.Action, Resources: nonNil(p.Resources), Verdict: string(p.Verdict),
			Reason: string(p.Reason), Checks: jsonChecks(p.Checks), Others: []permissionPath{}},
	}}
	for _, alt := range p.Alternatives {
		out.Connection.Permission.Others = append(out.Connection.Permission.Others, permissionPath{Action: alt.Action,
			Resources: nonNil(alt.Resources), Verdict: string(alt.Verdict), Reason: string(alt.Reason), Checks: jsonChecks(alt.Checks)})
	}
	return encodeJSON(w, out)
}

// findingsJSON lists findings that have no position: rule, severity, message.
func findingsJSON(fs []checks.Finding) []connectFinding {
	out := []connectFinding{}
	for _, f := range fs {
		out = append(out, connectFinding{Rule: string(f.Rule), Severity: f.Severity.String(), Message: f.Message})
	}
	return out
}

// ConnectText writes a connect check for people, like explain: each hop
// with its verdict and deciding statements, then the permission, action by
// action, then the verdict.
func ConnectText(w io.Writer, c *checks.Connection, opt TextOptions) error {
	p := newTextPrinter(w, opt)
	req := c.Request
	p.printf("%s %s\n", p.style.bold("start:"), req.Start)
	p.printf("%s %s\n", p.style.bold("chain:"), strings.Join(req.Chain, ","))
	if cl := c.Cluster; cl != nil {
		kind := "cluster:"
		if cl.Serverless {
			kind = "workgroup:"
		}
		p.printf("%s %s (account %s, region %s)\n", p.style.bold(kind), cl.ID, orDash(cl.Account), orDash(cl.Region))
	}
	p.printf("%s %s\n", p.style.bold("database:"), database(req))
	for i, h := range c.Hops {
		p.hop(i, h)
	}
	perm := c.Permission
	p.printf("\n%s %s → %s\n", p.style.bold("permission:"), shortRole(perm.Role), perm.Action)
	for _, gap := range perm.Gaps {
		p.issue(gap)
	}
	for _, chk := range perm.Checks {
		p.check(chk)
	}
	if perm.Note != "" {
		p.printf("  note: %s\n", perm.Note)
	}
	for _, alt := range perm.Alternatives {
		v := string(alt.Verdict)
		if alt.Reason != "" {
			v += " (" + string(alt.Reason) + ")"
		}
		if perm.Verdict == checks.VerdictOK {
			v += ", not needed"
		}
		p.printf("  alternative %s on %s: %s\n", alt.Action, orDash(strings.Join(alt.Resources, ", ")), p.verdict(alt.Verdict, v))
		if alt.Note != "" && alt.Verdict != checks.VerdictFail {
			p.printf("    note: %s\n", alt.Note)
		}
	}
	p.printf("\n%s %s\n", p.style.bold("verdict:"), p.verdictWithReason(c.Verdict, c.Reason))
	return p.flush()
}

// database spells what a connection asks for: "analytics as analyst
// (auto-create; groups etl)".
func database(req checks.ConnectRequest) string {
	db := fmt.Sprintf("%s as %s", req.DBName, req.DBUser)
	var extra []string
	if req.AutoCreate {
		extra = append(extra, "auto-create")
	}
	if len(req.DBGroups) > 0 {
		extra = append(extra, "groups "+strings.Join(req.DBGroups, ", "))
	}
	if len(extra) > 0 {
		db += " (" + strings.Join(extra, "; ") + ")"
	}
	return db
}
