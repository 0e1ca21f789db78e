package config

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/internal/files"
	"github.com/redshift-preflight/redshift-preflight/internal/projectvars"
	"github.com/redshift-preflight/redshift-preflight/internal/suggest"
)

// Settings are a command's options after resolution: the flag when it was
// given, else the config's value, else the default. Fields of options the
// command does not have stay zero.
type Settings struct {
	Command Command
	Config  *Config // nil without a config file

	// check's inputs
	Paths         []string  // PATH arguments, else the config's paths, else "."
	Exclude       *Excluder // the config's exclude patterns; nil-safe
	StdinFilename string
	Vars          map[string]string // [vars], then the vars file, then --var: a later one wins
	// FlywayEnvironment chooses the flyway.toml environment read for
	// placeholder values ("" for the file's own).
	FlywayEnvironment string
	// DbtVars are --dbt-vars (else the config's dbt_vars): over a dbt
	// project's dbt_project.yml vars, under Vars.
	DbtVars map[string]projectvars.Value
	// DbtCompiled: in a dbt project, check target/run, not the sources.
	DbtCompiled bool
	// Manifests are the URLs listed by local copies of COPY manifests, by
	// the manifest's URL (ManifestKey): [manifests], then --manifest.
	Manifests map[string][]string

	// the data the chains are walked against
	IAM, Cluster []string // flags replace the config's
	ClusterID    string
	DBUser       string

	// Limits bound the size of every file read: --max-file-size, else the
	// config's [max_file_size], else the defaults.
	Limits files.Limits

	Format string
	Output string
	FailOn string // error, warning, info or none
	// FailOnUnchecked: check exits 1 when anything could not be checked.
	FailOnUnchecked bool
	Color           string // auto, always or never
	MaxChain        int

	// rule selection: the config's, then the flags'
	Enable, Disable []string          // a severity "off" is in Disable
	Severity        map[string]string // rule id → error, warning or info
	AssumeRole      AssumeRole

	Connections []Connection // check: the config's [[connections]]
	Connection  Connection   // connect: its flags

	Statement, Target string // explain

	Collect CollectSettings // collect
}

// CollectSettings are collect's flags (ClusterID is Settings.ClusterID).
type CollectSettings struct {
	Out, Region string
	Profiles    []string // the caller's first; each further one names one more account
	RoleARNs    []string
}

// AssumeRole is the [assumerole] table: what the migrations cannot say
// about the database user whose ASSUMEROLE grants are checked.
type AssumeRole struct {
	Restricted bool // REVOKE ASSUMEROLE ON ALL FROM PUBLIC FOR ALL ran before these migrations
	Groups     []string
	Roles      []string
	Superuser  bool
}

// rulesHint ends messages about unknown rule ids.
const rulesHint = "(see 'redshift-preflight rules')"

// Resolve reads a command's settings from its flags and the config (nil
// for none). rules are the rule ids that exist (nil: every id does), for
// checking and for suggestions; the rule catalogue is not this package's.
func Resolve(cmd Command, cfg *Config, flags CommandLine, rules []string) (*Settings, error) {
	r := &resolver{cmd: cmd, cfg: cfg, flags: flags, ruleIDs: rules}
	s := &Settings{Command: cmd, Config: cfg}
	r.limits(s) // first: the vars files and manifests are read within them
	r.inputs(s)
	r.data(s)
	r.commandSpecific(s)
	r.output(s)
	r.rules(s)
	if r.err != nil {
		return nil, r.err
	}
	return s, nil
}

func (r *resolver) inputs(s *Settings) {
	if !r.has("paths") {
		return
	}
	s.Paths = r.list("paths")
	if args := r.flags.Args(); len(args) > 0 {
		s.Paths = args
	}
	if len(s.Paths) == 0 {
		s.Paths = []string{"."}
	}
	exclude, err := newExcluder(r.cfg)
	r.fail(err)
	s.Exclude = exclude
	s.StdinFilename = r.str("stdin-filename")
	s.FlywayEnvironment = r.str("flyway-environment")
	s.Vars = r.vars(s.Limits.Of(files.Config), s.FlywayEnvironment)
	s.DbtVars = r.dbtVars(s.Limits.Of(files.Config))
	s.DbtCompiled = r.boolean("dbt-compiled")
	s.Manifests = r.manifests(s.Limits.Of(files.Config))
}

// limits: the config's [max_file_size], then --max-file-size, per kind.
func (r *resolver) limits(s *Settings) {
	configured, given := r.pairs("max-file-size")
	for _, p := range append(configured, given...) {
		_ = s.Limits.Set(p.name, p.value) // the option's Entry reported a bad one
	}
}

func (r *resolver) data(s *Settings) {
	s.IAM, s.Cluster = r.list("iam"), r.list("cluster")
	s.ClusterID = r.str("cluster-id")
	if r.cmd != Connect { // connect requires it: read with the connection
		s.DBUser = r.str("db-user")
	}
}

func (r *resolver) output(s *Settings) {
	s.Format, s.Output = r.str("format"), r.str("output")
	s.FailOn, s.Color = r.str("fail-on"), r.str("color")
	s.FailOnUnchecked = r.boolean("fail-on-unchecked")
	s.MaxChain = r.int("max-chain")
}

// rules: the config's selection, then the flags': --enable runs a rule
// the config disables (and opt-in rules), --disable and --severity RULE=off
// turn one off; one layer may not say both of a rule. Severities: the
// config's in rule order, then the flags' in their order, so that a flag
// wins.
func (r *resolver) rules(s *Settings) {
	cfgEnable, flagEnable := r.listLayers("enable")
	cfgDisable, flagDisable := r.listLayers("disable")
	configured, given := r.pairs("severity")
	cfgDisable = append(cfgDisable, r.severities(s, configured)...)
	flagDisable = append(flagDisable, r.severities(s, given)...)
	r.contradiction(cfgEnable, cfgDisable, "the config's [rules] enable and disable (or severity \"off\")")
	r.contradiction(flagEnable, flagDisable, "--enable and --disable (or --severity RULE=off)")
	s.Enable = append(cfgEnable, flagEnable...)
	s.Disable = append(slices.DeleteFunc(cfgDisable, func(id string) bool { return slices.Contains(flagEnable, id) }), flagDisable...)
	s.AssumeRole = AssumeRole{
		Restricted: r.boolean("assumerole.restricted"),
		Groups:     r.list("assumerole.groups"),
		Roles:      r.list("assumerole.roles"),
		Superuser:  r.boolean("assumerole.superuser"),
	}
}

// severities records the severity overrides of pairs and returns the rules
// they turn off.
func (r *resolver) severities(s *Settings, pairs []pair) (off []string) {
	for _, p := range pairs {
		if p.value == "off" {
			off = append(off, p.name)
			continue
		}
		if s.Severity == nil {
			s.Severity = map[string]string{}
		}
		s.Severity[p.name] = p.value
	}
	return off
}

// contradiction fails when a rule is both enabled and disabled in one layer.
func (r *resolver) contradiction(enable, disable []string, where string) {
	for _, id := range enable {
		if slices.Contains(disable, id) {
			r.fail(fmt.Errorf("%s both name %s: run it or not?", where, id))
			return
		}
	}
}

func (r *resolver) commandSpecific(s *Settings) {
	switch r.cmd {
	case Check:
		s.Connections = r.cfg.Connections()
	case Explain:
		s.Statement, s.Target = r.str("statement"), r.str("target")
	case Connect:
		s.Connection = readConnection(r)
		s.DBUser = s.Connection.DBUser
	case Collect:
		s.Collect = CollectSettings{Out: r.str("out"), Region: r.str("region"), Profiles: r.list("profile"), RoleARNs: r.list("role-arn")}
		// the manifests check is given: the buckets they list are collected too
		s.Manifests = r.manifests(s.Limits.Of(files.Config))
	}
}

// resolver reads options through the table. It keeps the first error and
// goes on with zero values, so that callers read straight through.
type resolver struct {
	cmd     Command
	cfg     *Config
	flags   CommandLine
	ruleIDs []string // nil: every rule id exists
	err     error
}

func (r *resolver) isRule(id string) bool { return r.ruleIDs == nil || slices.Contains(r.ruleIDs, id) }

// unknownRule says that id is no rule, and which one it may stand for.
func (r *resolver) unknownRule(id, where string) string {
	return fmt.Sprintf("unknown rule %q%s%s %s", id, where, suggest.Hint(id, r.ruleIDs, "%q"), rulesHint)
}

func (r *resolver) fail(err error) {
	if r.err == nil && err != nil {
		r.err = err
	}
}

func (r *resolver) option(name string) *Option { return lookup(r.cmd, name) }

func (r *resolver) has(name string) bool { return r.option(name) != nil }

func (r *resolver) given(o *Option) bool { return o.Flag != "" && r.flags.IsSet(o.Flag) }

// configured is the config's value of o; nil without one.
func (r *resolver) configured(o *Option) *node {
	if o.Key == "" {
		return nil
	}
	return r.cfg.node(o.Key)
}

func (r *resolver) str(name string) string {
	o := r.option(name)
	if o == nil {
		return ""
	}
	v := o.Default
	if n := r.configured(o); n != nil {
		v = o.canonical(n.text)
		if o.Path {
			v = r.cfg.resolve(v)
		}
	}
	if r.given(o) {
		v = r.flags.String(o.Flag)
		if !o.allows(v) {
			r.fail(flagValueError(o, v))
		}
		v = o.canonical(v)
	}
	r.require(o, strings.TrimSpace(v) != "")
	return v
}

// flagValueError keeps today's wording: `unknown --format "xml" (want …)`,
// or `--fail-on: unknown severity "warn" (want …)` where the value has a noun.
func flagValueError(o *Option, v string) error {
	if o.Noun != "" {
		return fmt.Errorf("--%s: %s", o.Flag, unknownValue(o, v))
	}
	return fmt.Errorf("unknown --%s %q%s (want %s)", o.Flag, v, suggest.Hint(v, o.Allowed, "%q"), oneOf(o.Allowed))
}

func (r *resolver) require(o *Option, present bool) {
	if o.Required != "" && !present {
		r.fail(fmt.Errorf("--%s is required: %s", o.Flag, o.Required))
	}
}

func (r *resolver) int(name string) int {
	o := r.option(name)
	if o == nil {
		return 0
	}
	v, _ := strconv.Atoi(o.Default)
	if n := r.configured(o); n != nil {
		i, _ := parseInt(n.text) // checked when the config was read
		v = int(i)
	}
	if r.given(o) {
		if v = r.flags.Int(o.Flag); v < o.Min {
			r.fail(fmt.Errorf("--%s must be at least %d, got %d", o.Flag, o.Min, v))
		}
	}
	return v
}

func (r *resolver) boolean(name string) bool {
	o := r.option(name)
	if o == nil {
		return false
	}
	if r.given(o) {
		return r.flags.Bool(o.Flag)
	}
	n := r.configured(o)
	return n != nil && n.text == "true"
}

// list reads a string list: the flags' values replace the config's, or
// add to them (Accumulate).
func (r *resolver) list(name string) []string {
	configured, given := r.listLayers(name)
	out := append(configured, given...)
	if o := r.option(name); o != nil {
		r.require(o, slices.ContainsFunc(out, func(v string) bool { return strings.TrimSpace(v) != "" }))
	}
	return out
}

// listLayers reads a string list's values from the config and from the
// flags apart; the config's are dropped when flags replace them.
func (r *resolver) listLayers(name string) (configured, given []string) {
	o := r.option(name)
	if o == nil {
		return nil, nil
	}
	if n := r.configured(o); n != nil && (o.Accumulate || !r.given(o)) {
		configured = r.configList(o, n)
	}
	if r.given(o) {
		given = r.flagList(o)
	}
	return configured, given
}

func (r *resolver) configList(o *Option, n *node) []string {
	values := nodeStrings(o, n)
	for i, v := range values {
		if o.Path {
			values[i] = r.cfg.resolve(v)
		}
		if o.RuleIDs && !r.isRule(v) {
			at := n // a comma-separated string: its start
			if i < len(n.elems) {
				at = n.elems[i]
			}
			r.fail(&Error{File: r.cfg.Path, Pos: at.value, Key: n.path, Msg: r.unknownRule(v, "")})
		}
	}
	return values
}

func (r *resolver) flagList(o *Option) []string {
	values := r.flags.StringSlice(o.Flag)
	if !o.Repeatable {
		values = []string{r.flags.String(o.Flag)}
	}
	if o.Commas {
		values = splitCommas(values, o.KeepEmpty)
	}
	for _, v := range values {
		if o.RuleIDs && !r.isRule(v) {
			r.fail(errors.New(r.unknownRule(v, "")))
		}
	}
	return values
}

// pair is one NAME=VALUE of a StringMap option.
type pair struct{ name, value string }

// pairs reads a StringMap: the config's entries sorted by name (TOML
// tables have no order that matters), and the flags' in their order.
func (r *resolver) pairs(name string) (configured, given []pair) {
	o := r.option(name)
	if o == nil {
		return nil, nil
	}
	if n := r.configured(o); n != nil {
		configured = r.configPairs(o, n)
	}
	if r.given(o) {
		for _, kv := range r.flags.StringSlice(o.Flag) {
			given = append(given, r.flagPair(o, kv))
		}
	}
	return configured, given
}

func (r *resolver) configPairs(o *Option, n *node) []pair {
	names := slices.Clone(n.names)
	sort.Strings(names)
	out := make([]pair, len(names))
	for i, name := range names {
		out[i] = pair{name, o.canonical(n.fields[name].text)}
		if o.RuleIDs && !r.isRule(name) {
			r.fail(&Error{File: r.cfg.Path, Pos: n.fields[name].key, Key: n.path, Msg: r.unknownRule(name, "")})
		}
	}
	return out
}

func missingPart(hasEquals bool) string {
	if hasEquals {
		return "a NAME"
	}
	return "\"=\""
}

func (r *resolver) flagPair(o *Option, kv string) pair {
	name, value, ok := splitPair(kv)
	switch {
	case (!ok || name == "") && o.Verbatim:
		// A placeholder value may be a secret (--var "$PASSWORD" without
		// its NAME=): say what is wrong without echoing it.
		r.fail(fmt.Errorf("--%s wants %s, got a value without %s (not shown: it may be a secret)", o.Flag, o.Syntax, missingPart(ok)))
	case !ok || name == "":
		r.fail(fmt.Errorf("--%s wants %s, got %q", o.Flag, o.Syntax, kv))
	case o.RuleIDs && !r.isRule(name):
		r.fail(errors.New(r.unknownRule(name, " in --"+o.Flag)))
	case !o.allows(value):
		r.fail(fmt.Errorf("%s of %s: %s", o.noun(), name, unknownValue(o, value)))
	case o.Entry != nil:
		if err := o.Entry(name, value); err != nil {
			r.fail(fmt.Errorf("--%s %s: %v", o.Flag, kv, err))
		}
	}
	return pair{name, o.canonical(value)}
}

// splitPair splits a StringMap flag's NAME=VALUE; the name is trimmed.
func splitPair(kv string) (name, value string, ok bool) {
	name, value, ok = strings.Cut(kv, "=")
	return strings.TrimSpace(name), value, ok
}
