package checks

import (
	"fmt"
	"sort"

	"github.com/redshift-preflight/redshift-preflight/chain"
	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// Config is what the rules and the driver need from the command line.
type Config struct {
	MaxChain int // longest allowed chain; <= 0 means 10

	Enable   []string            // opt-in rules to run
	Disable  []string            // rules not to run
	Severity map[string]Severity // per-rule severity overrides

	// World is the IAM and cluster data chains are walked against; nil
	// when none was given (every reference is then unchecked).
	World *chain.World

	// AssumeRole is who runs the SQL, for assumerole-not-granted; with no
	// User no grant is checked.
	AssumeRole AssumeRoleConfig
	// Grants is the ASSUMEROLE state replayed over every file of the run in
	// run order (ReplayGrants, before checking); nil: each file alone.
	Grants *GrantReplay
}

// Validate rejects unknown rule ids in the selection.
func (c *Config) Validate() error {
	for _, list := range [][]string{c.Enable, c.Disable} {
		for _, id := range list {
			if Lookup(id) == nil {
				return fmt.Errorf("unknown rule %q (see 'redshift-preflight rules')", id)
			}
		}
	}
	for id := range c.Severity {
		if Lookup(id) == nil {
			return fmt.Errorf("unknown rule %q in --severity (see 'redshift-preflight rules')", id)
		}
	}
	return nil
}

// enabled reports whether a rule runs under this configuration.
func (c *Config) enabled(r *Rule) bool {
	for _, id := range c.Disable {
		if id == r.ID {
			return false
		}
	}
	if !r.OptIn {
		return true
	}
	for _, id := range c.Enable {
		if id == r.ID {
			return true
		}
	}
	return false
}

func (c *Config) severity(r *Rule) Severity {
	if s, ok := c.Severity[r.ID]; ok {
		return s
	}
	return r.Severity
}

// FileResult is the outcome of checking one file.
type FileResult struct {
	File       *sqlparse.File
	Parsed     *sqlparse.Result
	References []*CheckedReference // in file order
	Findings   []Finding           // sorted by position; Reference indexes References
}

// CheckFile runs every enabled rule over one parsed file and decides the
// verdict of each of its references.
func CheckFile(parsed *sqlparse.Result, cfg *Config) *FileResult {
	refs := make([]*RefInfo, len(parsed.References))
	for i := range parsed.References {
		refs[i] = analyze(i, &parsed.References[i], parsed, cfg)
	}
	var findings []Finding
	pass := &Pass{File: parsed.File, Parsed: parsed, Refs: refs, Config: cfg, findings: &findings}
	pass.runRules(PhaseReference)
	if cfg.World != nil {
		blocked := referenceFailures(findings)
		for _, ri := range refs {
			if ri.walkable() && !blocked[ri.Index] {
				ri.Hops, ri.Walked = chain.Walk(*cfg.World, ri.Roles(), ri.opaque()), true
			}
		}
		for _, ri := range refs {
			ri.evaluateOperation(*cfg.World, refs)
		}
	}
	pass.runRules(PhaseHops)
	pass.applyIgnores()
	pass.runRules(PhaseIgnores)
	for i := range findings {
		findings[i].Severity = cfg.severity(registry[findings[i].Rule])
	}
	findings = sortAndDedupe(findings)
	return &FileResult{
		File: parsed.File, Parsed: parsed,
		References: decideVerdicts(refs, findings, cfg.World != nil),
		Findings:   findings,
	}
}

// runRules runs the enabled rules of one phase.
func (p *Pass) runRules(phase Phase) {
	for _, r := range Rules() {
		if r.Phase == phase && p.Config.enabled(r) {
			p.rule = r
			r.Run(p)
		}
	}
}

// referenceFailures: the references a reference-level error rule failed.
// Their chains are not walked (SPEC §7: hops empty), except for a chain
// that is merely too long, whose hops are still evaluated (§9), or one the
// database user lacks an ASSUMEROLE grant for (the IAM side still matters).
func referenceFailures(findings []Finding) map[int]bool {
	blocked := map[int]bool{}
	for _, f := range findings {
		if f.Reference >= 0 && registry[f.Rule].Severity == Error && f.Rule != "chain-too-long" && f.Rule != "assumerole-not-granted" {
			blocked[f.Reference] = true
		}
	}
	return blocked
}

// sortAndDedupe orders findings by position, then rule, then message, and
// drops exact repeats: rules never have to.
func sortAndDedupe(fs []Finding) []Finding {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Span.Start != b.Span.Start {
			return a.Span.Start < b.Span.Start
		}
		if a.Span.End != b.Span.End {
			return a.Span.End < b.Span.End
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Message < b.Message
	})
	out := fs[:0]
	for i, f := range fs {
		if i > 0 && f.Span == fs[i-1].Span && f.Rule == fs[i-1].Rule && f.Message == fs[i-1].Message {
			continue
		}
		out = append(out, f)
	}
	return out
}
