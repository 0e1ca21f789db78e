package checks

import (
	"fmt"
	"slices"

	"github.com/redshift-preflight/redshift-preflight/chain"
)

// RuleOptions select and weigh the rules, as --enable, --disable,
// --severity and --max-chain (and their configuration keys) say.
type RuleOptions struct {
	Enable   []RuleID            // opt-in rules to run
	Disable  []RuleID            // rules not to run
	Severity map[RuleID]Severity // per-rule severity overrides
	MaxChain int                 // longest allowed chain; <= 0 means chain.DefaultMaxChain
}

// Validate rejects unknown rule ids in the selection.
func (o *RuleOptions) Validate() error {
	for _, list := range [][]RuleID{o.Enable, o.Disable} {
		for _, id := range list {
			if Lookup(id) == nil {
				return fmt.Errorf("unknown rule %q (see 'redshift-preflight rules')", id)
			}
		}
	}
	for id := range o.Severity {
		if Lookup(id) == nil {
			return fmt.Errorf("unknown rule %q in --severity (see 'redshift-preflight rules')", id)
		}
	}
	return nil
}

// enabled reports whether a rule runs under these options.
func (o *RuleOptions) enabled(r *Rule) bool {
	if slices.Contains(o.Disable, r.ID) {
		return false
	}
	return !r.OptIn || slices.Contains(o.Enable, r.ID)
}

func (o *RuleOptions) severity(r *Rule) Severity {
	if s, ok := o.Severity[r.ID]; ok {
		return s
	}
	return r.Severity
}

// Config is what one file is checked against: the rule selection, the
// data (nil World: none given, every reference is unchecked), who runs the
// SQL, and the ASSUMEROLE grants of the whole run.
type Config struct {
	Rules      RuleOptions
	World      *chain.World
	AssumeRole AssumeRoleConfig
	// Grants is the ASSUMEROLE state replayed over every file of the run in
	// run order (ReplayGrants, before checking); nil: each file alone.
	Grants *GrantReplay
	// Manifests: see RunOptions.Manifests.
	Manifests map[string][]string
	// Origins say, by file name, where the project's files set the values
	// substituted into it (placeholder name, lower case → "flyway.toml:12");
	// nil for none. Findings on a substituted value get a note.
	Origins map[string]map[string]string
}

func (c *Config) describer() describer {
	if c.World == nil {
		return describer{}
	}
	return describer{inv: c.World.Inventory}
}
