package checks

import (
	"fmt"
	"slices"
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

// GrantState is the ASSUMEROLE state at one point of the run: a version of
// the replay's log. It never changes once a GrantTracker has handed it out.
type GrantState struct {
	log     *grantLog
	version int
}

// grantLog is every change a replay made, per key and in version order, so
// that the state before each statement is a version number and not a copy:
// copying the state at every GRANT statement was quadratic (5,000 GRANT
// statements to one user took 2 GB).
type grantLog struct {
	version int
	grants  grantHistory // nil site: PUBLIC's grant on ALL before any revoke
	// exceptions: a chain revoked from a grantee that keeps a grant on ALL.
	exceptions grantHistory
	// revokedFromPublic: per command, where PUBLIC last lost ASSUMEROLE on
	// ALL roles (REVOKE ... ON ALL FROM PUBLIC).
	revokedFromPublic map[redshift.AssumeRoleCommand][]logEntry
	// byRole: the chain grants ever made to a grantee for a command, per
	// role of the chain, for the near misses a denial lists.
	byRole map[roleKey][]grantKey
}

type roleKey struct {
	who     granteeKey
	command redshift.AssumeRoleCommand
	role    string
}

// logEntry is one change of a key: from version on, present (at site) or not.
type logEntry struct {
	version int
	site    *GrantSite
	present bool
}

// grantHistory is a map with every version of every key, and the keys
// present now per grantee and command (REVOKE ... ON ALL drops them all).
type grantHistory struct {
	changes map[grantKey][]logEntry
	live    map[whoCommand]map[grantKey]bool
}

type whoCommand struct {
	who     granteeKey
	command redshift.AssumeRoleCommand
}

func newGrantHistory() grantHistory {
	return grantHistory{changes: map[grantKey][]logEntry{}, live: map[whoCommand]map[grantKey]bool{}}
}

// at is the key at a version: its site and whether it is present.
func (h *grantHistory) at(k grantKey, version int) (*GrantSite, bool) {
	return entryAt(h.changes[k], version)
}

func entryAt(list []logEntry, version int) (*GrantSite, bool) {
	i := sort.Search(len(list), func(i int) bool { return list[i].version > version }) - 1
	if i < 0 {
		return nil, false
	}
	return list[i].site, list[i].present
}

func (h *grantHistory) record(k grantKey, e logEntry) {
	list := h.changes[k]
	if n := len(list); n > 0 && list[n-1].version == e.version {
		list[n-1] = e
	} else {
		list = append(list, e)
	}
	h.changes[k] = list
}

func (h *grantHistory) set(k grantKey, site *GrantSite, version int) {
	h.record(k, logEntry{version, site, true})
	wc := whoCommand{k.who, k.command}
	if h.live[wc] == nil {
		h.live[wc] = map[grantKey]bool{}
	}
	h.live[wc][k] = true
}

func (h *grantHistory) del(k grantKey, version int) {
	wc := whoCommand{k.who, k.command}
	if h.live[wc][k] {
		h.record(k, logEntry{version: version})
		delete(h.live[wc], k)
	}
}

// dropWhere deletes every key of one grantee and command; each key present
// is deleted once, so all drops together cost no more than the grants.
func (h *grantHistory) dropWhere(who granteeKey, cmd redshift.AssumeRoleCommand, version int) {
	wc := whoCommand{who, cmd}
	for k := range h.live[wc] {
		h.record(k, logEntry{version: version})
	}
	delete(h.live, wc)
}

// Restricted reports whether REVOKE ASSUMEROLE ON ALL FROM PUBLIC has run
// for the command, and where.
func (s *GrantState) Restricted(command redshift.AssumeRoleCommand) (bool, *GrantSite) {
	site, ok := entryAt(s.log.revokedFromPublic[command], s.version)
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
	if _, ok := s.log.grants.at(grantKey{who, target, command}, s.version); ok {
		return true
	}
	_, all := s.log.grants.at(grantKey{who, RoleTarget{All: true}, command}, s.version)
	_, revoked := s.log.exceptions.at(grantKey{who, target, command}, s.version)
	return all && !revoked
}

// GrantTracker replays GRANT and REVOKE ASSUMEROLE statements in run order.
type GrantTracker struct {
	log *grantLog
	// only: the grantees whose grants are kept; nil keeps all. A replay
	// for one user keeps its candidates only, so a GRANT to thousands of
	// grantees costs one lookup per grantee, not a state entry per chain.
	only map[granteeKey]bool
	// The grants of one statement share their TO list (sqlparse.Grant):
	// it is filtered once per statement, not once per chain.
	lastList *sqlparse.Grantee
	lastKept []granteeKey
}

// NewGrantTracker starts from Redshift's default (PUBLIC may use every
// role for every command), or from the restricted state when REVOKE ...
// FROM PUBLIC ran before the run (site nil: the configuration).
func NewGrantTracker(restricted bool) *GrantTracker {
	l := &grantLog{grants: newGrantHistory(), exceptions: newGrantHistory(),
		revokedFromPublic: map[redshift.AssumeRoleCommand][]logEntry{}, byRole: map[roleKey][]grantKey{}}
	for _, cmd := range redshift.AssumeRoleCommands {
		if restricted {
			l.revokedFromPublic[cmd] = []logEntry{{site: &GrantSite{}, present: true}}
		} else {
			l.grants.set(grantKey{public, RoleTarget{All: true}, cmd}, nil, 0)
		}
	}
	return &GrantTracker{log: l}
}

// State is the current state; later Apply calls do not change it.
func (t *GrantTracker) State() *GrantState {
	return &GrantState{log: t.log, version: t.log.version}
}

// Apply replays one grant or revoke that ran at site.
func (t *GrantTracker) Apply(g *sqlparse.Grant, site *GrantSite) {
	l := t.log
	l.version++
	v := l.version
	target := RoleTarget{All: g.All, Default: g.Default, Chain: g.Chain}
	for _, who := range t.kept(g.Grantees) {
		for _, cmd := range expandCommands(g.Commands) {
			k := grantKey{who, target, cmd}
			switch {
			case !g.Revoke:
				l.indexRoles(k)
				l.grants.set(k, site, v)
				l.exceptions.del(k, v)
				if target.All { // ALL again covers what was revoked from it
					l.exceptions.dropWhere(who, cmd, v)
				}
			case target.All:
				l.grants.dropWhere(who, cmd, v)
				l.exceptions.dropWhere(who, cmd, v)
				if who == public {
					l.revokedFromPublic[cmd] = append(l.revokedFromPublic[cmd], logEntry{v, site, true})
				}
			default:
				l.grants.del(k, v)
				if _, all := l.grants.at(grantKey{who, RoleTarget{All: true}, cmd}, v); all {
					l.exceptions.set(k, site, v)
				}
			}
		}
	}
}

// kept is the grantees of a TO or FROM list whose grants the tracker keeps.
func (t *GrantTracker) kept(list []sqlparse.Grantee) []granteeKey {
	if len(list) == 0 {
		return nil
	}
	if &list[0] == t.lastList {
		return t.lastKept
	}
	var out []granteeKey
	for _, ge := range list {
		if who := (granteeKey{ge.Kind, ge.Name}); t.only == nil || t.only[who] {
			out = append(out, who)
		}
	}
	t.lastList, t.lastKept = &list[0], out
	return out
}

// indexRoles files a chain grant under each of its roles the first time
// the key is granted.
func (l *grantLog) indexRoles(k grantKey) {
	if k.target.All || k.target.Default || len(l.grants.changes[k]) > 0 {
		return
	}
	for _, r := range uniqueRoles(k.target.Chain) {
		rk := roleKey{k.who, k.command, r}
		l.byRole[rk] = append(l.byRole[rk], k)
	}
}

func uniqueRoles(chain string) []string {
	roles := strings.Split(chain, ",")
	slices.Sort(roles)
	return slices.Compact(roles)
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
	} else if site, ok := s.log.exceptions.at(grantKey{public, target, command}, s.version); ok {
		reason = "ASSUMEROLE on it was revoked from PUBLIC in " + site.String()
		notes = append(notes, "REVOKE ASSUMEROLE ON "+target.String()+" FROM PUBLIC ran at "+site.String())
	} else {
		reason = "ASSUMEROLE is restricted"
	}
	return reason, append(notes, s.nearMisses(c, target, command)...)
}

// nearMisses lists grants the user holds that look like they should help
// but do not: the same target for other commands, and other chains that
// share a role with this one (a chain grant must be used whole). The
// chains are found through the role index, and at most nearMissScan of
// them are examined, so that thousands of denials among thousands of
// grants on overlapping chains stay linear.
func (s *GrantState) nearMisses(c *AssumeRoleConfig, target RoleTarget, command redshift.AssumeRoleCommand) []string {
	mine := uniqueCandidates(c)
	var notes []string
	var cmds []string
	for _, cmd := range redshift.AssumeRoleCommands {
		if cmd != command && s.grantedTo(mine, grantKey{target: target, command: cmd}) {
			cmds = append(cmds, string(cmd))
		}
	}
	seen := map[grantKey]bool{}
	more := false
	if !target.Default && !target.All {
	scan:
		for _, r := range uniqueRoles(target.Chain) {
			for _, who := range mine {
				for _, k := range s.log.byRole[roleKey{who, command, r}] {
					if seen[k] || k.target == target {
						continue
					}
					if len(seen) == nearMissScan {
						more = true
						break scan
					}
					seen[k] = true
					if site, ok := s.log.grants.at(k, s.version); ok && site != nil {
						notes = append(notes, fmt.Sprintf("the grant on %s to %s at %s does not cover this chain: a chain grant must be used whole",
							k.target, granteeName(k.who), site))
					}
				}
			}
		}
	}
	sort.Strings(notes)
	if len(cmds) > 0 {
		notes = append([]string{fmt.Sprintf("%s may use it for %s only", c.User, strings.Join(cmds, ", "))}, notes...)
	}
	switch {
	case more:
		notes = append(notes[:min(len(notes), 3)], "and more grants on other chains")
	case len(notes) > 3:
		notes = append(notes[:3], fmt.Sprintf("and %d more grants on other chains", len(notes)-3))
	}
	return notes
}

// nearMissScan bounds the chain grants one denial examines.
const nearMissScan = 64

// grantedTo: one of the grantees holds the key's target for its command,
// by a grant in the files (not Redshift's default grant to PUBLIC).
func (s *GrantState) grantedTo(grantees []granteeKey, k grantKey) bool {
	for _, who := range grantees {
		k.who = who
		if site, ok := s.log.grants.at(k, s.version); ok && site != nil {
			return true
		}
	}
	return false
}

func uniqueCandidates(c *AssumeRoleConfig) []granteeKey {
	var out []granteeKey
	for _, who := range c.candidates() {
		if !slices.Contains(out, who) {
			out = append(out, who)
		}
	}
	return out
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
	return ReplayGrantsSteps(files, nil, cfg)
}

// ReplayGrantsSteps is ReplayGrants when a tool's files place some of the
// files in the run (steps, as RunOrderSteps reads them).
func ReplayGrantsSteps(files []*sqlparse.Result, steps []int, cfg AssumeRoleConfig) *GrantReplay {
	if !cfg.checks() {
		return nil
	}
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.File.Name
	}
	r := &GrantReplay{files: map[*sqlparse.File]*fileGrants{}}
	t := NewGrantTracker(cfg.Restricted)
	t.only = map[granteeKey]bool{}
	for _, who := range cfg.candidates() {
		t.only[who] = true
	}
	for _, i := range RunOrderSteps(names, steps) {
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
