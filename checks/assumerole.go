package checks

import (
	"fmt"
	"sort"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/redshift"
	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// ASSUMEROLE grants (redshift-grammar.md §7, iam-semantics.md §7): by
// default every database user may use every role associated with the
// cluster; once a superuser runs REVOKE ASSUMEROLE ON ALL FROM PUBLIC FOR
// ALL, a user needs a grant (to itself, a group it belongs to, a role it
// holds, or PUBLIC) on the exact chain it uses, for the command it runs.
//
// The grants of all files are replayed once, sequentially, in run order
// (ReplayGrants); the per-file rule then reads the state before each
// statement, so files can still be checked in parallel.

// AssumeRoleConfig says who runs the SQL and what the database looked like
// before the first file of the run.
type AssumeRoleConfig struct {
	User      string   // --db-user; "" means grants are not checked
	Groups    []string // groups the user belongs to
	Roles     []string // roles granted to the user
	Superuser bool     // superusers always keep ASSUMEROLE: nothing is checked
	// Restricted: REVOKE ASSUMEROLE ON ALL FROM PUBLIC FOR ALL already ran
	// before the files of this run.
	Restricted bool
}

// checks reports whether grants are checked at all.
func (c *AssumeRoleConfig) checks() bool { return c.User != "" && !c.Superuser }

// GrantSite is where a GRANT or REVOKE ran; a nil File means the
// configuration ([assumerole] restricted = true).
type GrantSite struct {
	File *sqlparse.File
	Span sqlparse.Span // the GRANT or REVOKE keyword
}

// String is "file:line", or a pointer to the configuration.
func (s *GrantSite) String() string {
	if s == nil || s.File == nil {
		return "the configuration ([assumerole] restricted = true)"
	}
	return fmt.Sprintf("%s:%d", s.File.Name, s.File.Position(s.Span.Start).Line)
}

// RoleTarget is what a reference or a grant names: a chain (used whole) or
// default; a grant may also name ALL.
type RoleTarget struct {
	All, Default bool
	Chain        string
}

func (t RoleTarget) String() string {
	switch {
	case t.All:
		return "ALL"
	case t.Default:
		return "default"
	}
	return "'" + t.Chain + "'"
}

type granteeKey struct {
	kind sqlparse.GranteeKind
	name string
}

type grantKey struct {
	who     granteeKey
	target  RoleTarget
	command redshift.AssumeRoleCommand // one of redshift.AssumeRoleCommands, never ALL
}

var public = granteeKey{kind: sqlparse.GranteePublic}

// GrantState is the ASSUMEROLE state at one point of the run. It never
// changes once a GrantTracker has handed it out.
type GrantState struct {
	grants map[grantKey]*GrantSite // nil site: PUBLIC's grant on ALL before any revoke
	// exceptions: a chain revoked from a grantee that keeps a grant on ALL.
	exceptions map[grantKey]*GrantSite
	// revokedFromPublic: per command, where PUBLIC last lost ASSUMEROLE on
	// ALL roles (REVOKE ... ON ALL FROM PUBLIC).
	revokedFromPublic map[redshift.AssumeRoleCommand]*GrantSite
}

func (s *GrantState) clone() *GrantState {
	c := &GrantState{
		grants:            make(map[grantKey]*GrantSite, len(s.grants)),
		exceptions:        make(map[grantKey]*GrantSite, len(s.exceptions)),
		revokedFromPublic: make(map[redshift.AssumeRoleCommand]*GrantSite, len(s.revokedFromPublic)),
	}
	for k, v := range s.grants {
		c.grants[k] = v
	}
	for k, v := range s.exceptions {
		c.exceptions[k] = v
	}
	for k, v := range s.revokedFromPublic {
		c.revokedFromPublic[k] = v
	}
	return c
}

// Restricted reports whether REVOKE ASSUMEROLE ON ALL FROM PUBLIC has run
// for the command, and where.
func (s *GrantState) Restricted(command redshift.AssumeRoleCommand) (bool, *GrantSite) {
	site, ok := s.revokedFromPublic[command]
	return ok, site
}

// candidates are the grantees whose grants the user enjoys: the user, its
// groups, its roles, PUBLIC. Names are compared as Redshift stores them:
// an unquoted name folds to lower case.
func (c *AssumeRoleConfig) candidates() []granteeKey {
	var out []granteeKey
	add := func(kind sqlparse.GranteeKind, name string) {
		out = append(out, granteeKey{kind, name})
		if low := strings.ToLower(name); low != name {
			out = append(out, granteeKey{kind, low})
		}
	}
	add(sqlparse.GranteeUser, c.User)
	for _, g := range c.Groups {
		add(sqlparse.GranteeGroup, g)
	}
	for _, r := range c.Roles {
		add(sqlparse.GranteeRole, r)
	}
	return append(out, public)
}

// Allows reports whether the user may use the target for the command.
// A chain grant covers exactly that chain; a grant on ALL covers every
// chain and default except those revoked from that grantee since.
func (s *GrantState) Allows(c *AssumeRoleConfig, target RoleTarget, command redshift.AssumeRoleCommand) bool {
	if c.Superuser {
		return true
	}
	for _, who := range c.candidates() {
		if s.allows(who, target, command) {
			return true
		}
	}
	return false
}

func (s *GrantState) allows(who granteeKey, target RoleTarget, command redshift.AssumeRoleCommand) bool {
	if _, ok := s.grants[grantKey{who, target, command}]; ok {
		return true
	}
	_, all := s.grants[grantKey{who, RoleTarget{All: true}, command}]
	_, revoked := s.exceptions[grantKey{who, target, command}]
	return all && !revoked
}

// GrantTracker replays GRANT and REVOKE ASSUMEROLE statements in run order.
type GrantTracker struct {
	cur    *GrantState
	shared bool // cur was handed out by State: copy before changing it
}

// NewGrantTracker starts from Redshift's default (PUBLIC may use every
// role for every command), or from the restricted state when REVOKE ...
// FROM PUBLIC ran before the run (site nil: the configuration).
func NewGrantTracker(restricted bool) *GrantTracker {
	s := &GrantState{grants: map[grantKey]*GrantSite{}, exceptions: map[grantKey]*GrantSite{}, revokedFromPublic: map[redshift.AssumeRoleCommand]*GrantSite{}}
	for _, cmd := range redshift.AssumeRoleCommands {
		if restricted {
			s.revokedFromPublic[cmd] = &GrantSite{}
		} else {
			s.grants[grantKey{public, RoleTarget{All: true}, cmd}] = nil
		}
	}
	return &GrantTracker{cur: s}
}

// State is the current state; later Apply calls do not change it.
func (t *GrantTracker) State() *GrantState {
	t.shared = true
	return t.cur
}

// Apply replays one grant or revoke that ran at site.
func (t *GrantTracker) Apply(g *sqlparse.Grant, site *GrantSite) {
	if t.shared {
		t.cur, t.shared = t.cur.clone(), false
	}
	s := t.cur
	target := RoleTarget{All: g.All, Default: g.Default, Chain: g.Chain}
	for _, ge := range g.Grantees {
		who := granteeKey{ge.Kind, ge.Name}
		for _, cmd := range expandCommands(g.Commands) {
			k := grantKey{who, target, cmd}
			switch {
			case !g.Revoke:
				s.grants[k] = site
				delete(s.exceptions, k)
				if target.All { // ALL again covers what was revoked from it
					s.dropWhere(s.exceptions, who, cmd)
				}
			case target.All:
				s.dropWhere(s.grants, who, cmd)
				s.dropWhere(s.exceptions, who, cmd)
				if who == public {
					s.revokedFromPublic[cmd] = site
				}
			default:
				delete(s.grants, k)
				if _, all := s.grants[grantKey{who, RoleTarget{All: true}, cmd}]; all {
					s.exceptions[k] = site
				}
			}
		}
	}
}

// dropWhere deletes every entry of m for one grantee and command.
func (s *GrantState) dropWhere(m map[grantKey]*GrantSite, who granteeKey, cmd redshift.AssumeRoleCommand) {
	for k := range m {
		if k.who == who && k.command == cmd {
			delete(m, k)
		}
	}
}

func expandCommands(cmds []redshift.AssumeRoleCommand) []redshift.AssumeRoleCommand {
	var out []redshift.AssumeRoleCommand
	for _, c := range cmds {
		if c == redshift.AssumeRoleAll {
			return redshift.AssumeRoleCommands
		}
		out = append(out, c)
	}
	return out
}

// denial explains why the user may not use the target: the reason for the
// message, and notes (where PUBLIC lost it, near-miss grants).
func (s *GrantState) denial(c *AssumeRoleConfig, target RoleTarget, command redshift.AssumeRoleCommand) (reason string, notes []string) {
	if restricted, site := s.Restricted(command); restricted {
		if site.File == nil {
			reason = "the configuration says ASSUMEROLE was revoked from PUBLIC"
			notes = append(notes, "[assumerole] restricted = true: REVOKE ASSUMEROLE ON ALL FROM PUBLIC FOR ALL ran before these migrations")
		} else {
			reason = "ASSUMEROLE was revoked from PUBLIC in " + site.String()
			notes = append(notes, "REVOKE ASSUMEROLE ON ALL FROM PUBLIC ran at "+site.String())
		}
	} else if site, ok := s.exceptions[grantKey{public, target, command}]; ok {
		reason = "ASSUMEROLE on it was revoked from PUBLIC in " + site.String()
		notes = append(notes, "REVOKE ASSUMEROLE ON "+target.String()+" FROM PUBLIC ran at "+site.String())
	} else {
		reason = "ASSUMEROLE is restricted"
	}
	return reason, append(notes, s.nearMisses(c, target, command)...)
}

// nearMisses lists grants the user holds that look like they should help
// but do not: the same target for other commands, and other chains that
// share a role with this one (a chain grant must be used whole).
func (s *GrantState) nearMisses(c *AssumeRoleConfig, target RoleTarget, command redshift.AssumeRoleCommand) []string {
	mine := map[granteeKey]bool{}
	for _, who := range c.candidates() {
		mine[who] = true
	}
	roles := map[string]bool{}
	if !target.Default {
		for _, r := range strings.Split(target.Chain, ",") {
			roles[r] = true
		}
	}
	otherCommands := map[redshift.AssumeRoleCommand]bool{}
	var notes []string
	for k, site := range s.grants {
		if !mine[k.who] || site == nil {
			continue
		}
		switch {
		case k.target == target && k.command != command:
			otherCommands[k.command] = true
		case k.command == command && !k.target.All && !k.target.Default && k.target != target && sharesRole(k.target.Chain, roles):
			notes = append(notes, fmt.Sprintf("the grant on %s to %s at %s does not cover this chain: a chain grant must be used whole",
				k.target, granteeName(k.who), site))
		}
	}
	sort.Strings(notes)
	if len(otherCommands) > 0 {
		var cmds []string
		for _, cmd := range redshift.AssumeRoleCommands {
			if otherCommands[cmd] {
				cmds = append(cmds, string(cmd))
			}
		}
		notes = append([]string{fmt.Sprintf("%s may use it for %s only", c.User, strings.Join(cmds, ", "))}, notes...)
	}
	if len(notes) > 3 {
		notes = append(notes[:3], fmt.Sprintf("and %d more grants on other chains", len(notes)-3))
	}
	return notes
}

func sharesRole(chain string, roles map[string]bool) bool {
	for _, r := range strings.Split(chain, ",") {
		if roles[r] {
			return true
		}
	}
	return false
}

func granteeName(who granteeKey) string {
	switch who.kind {
	case sqlparse.GranteePublic:
		return "PUBLIC"
	case sqlparse.GranteeUser:
		return who.name
	}
	return strings.ToUpper(string(who.kind)) + " " + who.name
}

// GrantReplay is the grant state before every statement of every file of
// a run, computed once by ReplayGrants.
type GrantReplay struct {
	files map[*sqlparse.File]*fileGrants
}

type fileGrants struct {
	start *GrantState  // before the file's first statement
	after []stmtGrants // after each statement that holds grants, in order
}

type stmtGrants struct {
	stmt  int
	state *GrantState
}

// ReplayGrants replays the GRANT/REVOKE ASSUMEROLE statements of all files
// in run order (RunOrder). It is sequential and must run before the files
// are checked; nil when the configuration checks no grants.
func ReplayGrants(files []*sqlparse.Result, cfg AssumeRoleConfig) *GrantReplay {
	if !cfg.checks() {
		return nil
	}
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.File.Name
	}
	r := &GrantReplay{files: map[*sqlparse.File]*fileGrants{}}
	t := NewGrantTracker(cfg.Restricted)
	for _, i := range RunOrder(names) {
		res := files[i]
		fg := &fileGrants{start: t.State()}
		for k := range res.Grants {
			g := &res.Grants[k]
			t.Apply(g, &GrantSite{File: res.File, Span: g.Keyword})
			if k+1 == len(res.Grants) || res.Grants[k+1].Statement != g.Statement {
				fg.after = append(fg.after, stmtGrants{g.Statement, t.State()})
			}
		}
		r.files[res.File] = fg
	}
	return r
}

// Before is the state just before statement stmt of file f: every grant of
// the files that run earlier and of earlier statements of f. ok is false
// for a file that is not part of the run (an undo migration).
func (r *GrantReplay) Before(f *sqlparse.File, stmt int) (state *GrantState, ok bool) {
	fg := r.files[f]
	if fg == nil {
		return nil, false
	}
	n := sort.Search(len(fg.after), func(i int) bool { return fg.after[i].stmt >= stmt })
	if n == 0 {
		return fg.start, true
	}
	return fg.after[n-1].state, true
}
