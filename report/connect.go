package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/chain"
	"github.com/redshift-preflight/redshift-preflight/checks"
	"github.com/redshift-preflight/redshift-preflight/iam"
	"github.com/redshift-preflight/redshift-preflight/inventory"
)

// Connection is one connect check (SPEC §10), for the connect command.
type Connection struct {
	Result    *chain.ConnectResult
	Cluster   *inventory.Cluster
	Findings  []checks.Finding     // from checks.ConnectFindings; no file positions
	Inventory *inventory.Inventory // to name where each deciding statement came from; may be nil
}

type connectJSON struct {
	Version    int               `json:"version"`
	Connection connectionJSON    `json:"connection"`
	Findings   []connectFindJSON `json:"findings"`
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
	Checks    []permCheckJSON  `json:"checks"`
	Others    []permissionPath `json:"alternatives"`
}

// permissionPath is an alternative way of getting credentials that did not decide.
type permissionPath struct {
	Action    string          `json:"action"`
	Resources []string        `json:"resources"`
	Verdict   string          `json:"verdict"`
	Reason    string          `json:"reason,omitempty"`
	Checks    []permCheckJSON `json:"checks"`
}

type permCheckJSON struct {
	Action   string `json:"action"`
	Resource string `json:"resource"`
	Verdict  string `json:"verdict"`
	Reason   string `json:"reason,omitempty"`
}

type connectFindJSON struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
}

// ConnectJSON writes a connect check as one JSON object (SPEC §10); arrays
// are never null.
func ConnectJSON(w io.Writer, c *Connection) error {
	r := c.Result
	req := r.Request
	out := connectJSON{Version: 1, Findings: []connectFindJSON{}, Connection: connectionJSON{
		Start: req.Start, Chain: nonNil(req.Chain), DBUser: req.DBUser, DBName: req.DBName,
		Hops: jsonHops(checks.WalkedHops(r.Hops)), Verdict: string(r.Verdict), Reason: r.Reason,
	}}
	p := r.Permission
	out.Connection.Permission = permissionJSON{Action: p.Action, Resources: nonNil(p.Resources),
		Verdict: string(p.Verdict), Reason: p.Reason, Checks: checksJSON(p.Checks), Others: []permissionPath{}}
	for _, alt := range p.Alternatives {
		out.Connection.Permission.Others = append(out.Connection.Permission.Others, permissionPath{Action: alt.Action,
			Resources: nonNil(alt.Resources), Verdict: string(alt.Verdict), Reason: alt.Reason, Checks: checksJSON(alt.Checks)})
	}
	for _, f := range c.Findings {
		out.Findings = append(out.Findings, connectFindJSON{Rule: f.Rule, Severity: f.Severity.String(), Message: f.Message})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func checksJSON(cs []chain.PermissionCheck) []permCheckJSON {
	out := []permCheckJSON{}
	for _, c := range cs {
		out = append(out, permCheckJSON{Action: c.Action, Resource: c.Resource, Verdict: string(c.Verdict), Reason: c.Reason})
	}
	return out
}

// ConnectText writes a connect check for people, like explain: each hop
// with its verdict and deciding statements, then the permission, action by
// action, then the verdict.
func ConnectText(w io.Writer, c *Connection, opt TextOptions) error {
	p := &textPrinter{w: w, style: newStyle(opt.Color)}
	ex := &Explanation{Inventory: c.Inventory}
	r := c.Result
	req := r.Request
	p.printf("%s %s\n", p.style.bold("start:"), req.Start)
	p.printf("%s %s\n", p.style.bold("chain:"), strings.Join(req.Chain, ","))
	if cl := c.Cluster; cl != nil {
		kind := "cluster:"
		if cl.Serverless {
			kind = "workgroup:"
		}
		p.printf("%s %s (account %s, region %s)\n", p.style.bold(kind), cl.ID, orDash(cl.Account), orDash(cl.Region))
	}
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
	p.printf("%s %s\n", p.style.bold("database:"), db)
	for i, h := range r.Hops {
		ex.hopText(p, i, h)
	}
	perm := r.Permission
	p.printf("\n%s %s → %s\n", p.style.bold("permission:"), shortRole(perm.Role), perm.Action)
	for _, issue := range perm.Issues {
		if !fromCheck(perm.Checks, issue) { // data gaps of the whole path
			ex.issueText(p, issue)
		}
	}
	for _, chk := range perm.Checks {
		ex.checkText(p, chk)
	}
	if perm.Note != "" {
		p.printf("  note: %s\n", perm.Note)
	}
	for _, alt := range perm.Alternatives {
		v := string(alt.Verdict)
		if alt.Reason != "" {
			v += " (" + alt.Reason + ")"
		}
		if perm.Verdict == chain.VerdictOK {
			v += ", not needed"
		}
		p.printf("  alternative %s on %s: %s\n", alt.Action, orDash(strings.Join(alt.Resources, ", ")), p.verdict(string(alt.Verdict), v))
		if alt.Note != "" && alt.Verdict != chain.VerdictFail {
			p.printf("    note: %s\n", alt.Note)
		}
	}
	verdict := string(r.Verdict)
	if r.Reason != "" {
		verdict += " (" + r.Reason + ")"
	}
	p.printf("\n%s %s\n", p.style.bold("verdict:"), p.verdict(string(r.Verdict), verdict))
	return p.err
}

func (ex *Explanation) checkText(p *textPrinter, c chain.PermissionCheck) {
	p.printf("  %s on %s: %s\n", c.Action, c.Resource, p.verdict(string(c.Verdict), string(c.Verdict)))
	for _, i := range c.Issues {
		rule := ""
		if i.Reason != "" {
			rule = " " + p.style.dim("["+i.Reason+"]")
		}
		p.printf("    %s%s\n", i.Message, rule)
		for _, r := range i.Statements {
			p.printf("      decided by %s\n", ex.where(r.Policy, r.Index, r.Sid))
		}
		if i.Help != "" {
			p.printf("      help: %s\n", i.Help)
		}
	}
	if c.Verdict == chain.VerdictOK {
		for _, d := range c.Deciding {
			verb := "allowed"
			if d.Effect == iam.Deny {
				verb = "denied"
			}
			p.printf("    %s by %s\n", verb, ex.where(d.Ref.Policy, d.Ref.Index, d.Ref.Sid))
		}
	}
}

// fromCheck: the issue belongs to one of the path's checks.
func fromCheck(cs []chain.PermissionCheck, issue chain.Issue) bool {
	for _, c := range cs {
		for _, i := range c.Issues {
			if i.Message == issue.Message && i.Reason == issue.Reason {
				return true
			}
		}
	}
	return false
}
