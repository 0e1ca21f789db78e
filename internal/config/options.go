package config

import (
	"fmt"
	"slices"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/internal/files"
)

// Command is one of the commands that read options, or a set of them.
type Command uint8

const (
	Check Command = 1 << iota
	Explain
	Connect
	// Collect reads a live account; it takes flags only (no config file).
	Collect

	allCommands = Check | Explain | Connect
)

// Has reports whether the set c holds cmd.
func (c Command) Has(cmd Command) bool { return c&cmd != 0 }

func (c Command) String() string {
	var names []string
	for _, cmd := range []Command{Check, Explain, Connect, Collect} {
		if c.Has(cmd) {
			names = append(names, [...]string{Check: "check", Explain: "explain", Connect: "connect", Collect: "collect"}[cmd])
		}
	}
	return strings.Join(names, "|")
}

// Kind is the shape of an option's value.
type Kind uint8

const (
	String     Kind = iota + 1
	Int             // a TOML integer
	Bool            // a flag without value; a TOML boolean
	StringList      // a TOML array of strings
	StringMap       // a TOML table of strings; on the command line NAME=VALUE, once per flag
)

// Option is one row of the option table: a command-line flag, the config
// key that sets the same thing, or both. package main builds its flags
// from these rows; Resolve reads values through them.
type Option struct {
	Flag string // command-line name without dashes; "" for a config-only key
	// Key is the config key (dotted for a key in a table: "rules.enable");
	// "" when the config cannot set the option for these Commands.
	Key string
	// ConnectionKey is the key of the same value in a [[connections]] table.
	ConnectionKey string
	Commands      Command // the commands that have this option
	Kind          Kind
	Default       string   // as it would be typed on the command line; "" for none
	Allowed       []string // the fixed set of values (of a StringMap: of its values); nil for any
	// Aliases are other spellings of Allowed values, read as the value
	// they stand for ("warn" for "warning").
	Aliases    map[string]string
	Noun       string // what one value is, for messages: `unknown severity "warn"`
	Syntax     string // a StringMap's command-line form, for messages: NAME=VALUE
	Usage      string // help text; a `WORD` in backquotes names the value (urfave/cli's convention)
	Repeatable bool   // the flag may be given several times, each time one value
	Commas     bool   // a value is a comma-separated list; the config also takes one such string
	KeepEmpty  bool   // empty list elements are kept for the caller to report (a role chain)
	// Verbatim: a flag value is taken as typed, white space included (a
	// placeholder value: its spaces are the SQL's, and chain-whitespace
	// must see them); only a StringMap's NAME is trimmed.
	Verbatim   bool
	Accumulate bool   // flag values add to the config's instead of replacing them
	Path       bool   // a file path: relative in the config means relative to the config file
	RuleIDs    bool   // values (of a StringMap: names) are rule ids, checked by Resolve's isRule
	Min        int    // an Int's lowest allowed value
	Required   string // set: the command fails without it; says what to pass
	// Entry checks one NAME=VALUE of a StringMap, in the config and on the
	// command line; nil accepts any.
	Entry func(name, value string) error
}

// configFile is the file found by walking up from the working directory.
const configFile = ".redshift-preflight.toml"

const (
	dataCommands = Check | Explain | Connect
	// ruleCommands run the rule catalogue: explain runs the check pipeline,
	// connect's findings are rules too.
	ruleCommands = Check | Explain | Connect
)

// options is the one table of options, in the order help lists them.
var options = []Option{
	{Key: "paths", Commands: Check, Kind: StringList, Path: true,
		Usage: "what to check when no PATH is given: files, directories or globs"},
	{Key: "exclude", Commands: Check, Kind: StringList,
		Usage: "patterns of files not to check, relative to the config file (** for any depth)"},
	{Flag: "iam", Key: "iam", Commands: dataCommands, Kind: StringList, Repeatable: true, Path: true,
		Usage: "IAM data: a file or directory of AWS CLI exports (repeatable)"},
	{Flag: "cluster", Key: "cluster", Commands: dataCommands, Kind: StringList, Repeatable: true, Path: true,
		Usage: "cluster or namespace data: describe-clusters, get-namespace, list-namespaces (repeatable)"},
	{Flag: "cluster-id", Key: "cluster_id", Commands: dataCommands, Kind: String,
		Usage: "the cluster or serverless workgroup the SQL runs on, by identifier or ARN (when the data holds several)"},
	{Flag: "db-user", Key: "db_user", Commands: Check | Explain, Kind: String,
		Usage: "the database user that runs the SQL (Redshift passes its ARN as sts:ExternalId)"},
	{Flag: "var", Key: "vars", Commands: Check, Kind: StringMap, Repeatable: true, Accumulate: true, Syntax: "NAME=VALUE", Verbatim: true,
		Usage: "placeholder value NAME=VALUE (repeatable)"},
	{Flag: "vars-file", Key: "vars_file", Commands: Check, Kind: String, Path: true,
		Usage: "placeholder values: NAME=VALUE lines, a JSON object, a flyway.conf or a flyway.toml"},
	{Flag: "flyway-environment", Key: "flyway_environment", Commands: Check, Kind: String,
		Usage: "the flyway.toml environment whose placeholders are read (default: its [flyway] environment)"},
	{Flag: "dbt-vars", Key: "dbt_vars", Commands: Check, Kind: String,
		Usage: "dbt variables as dbt's --vars takes them: a YAML or JSON mapping ('{role: arn:...}'), or a file holding one; over dbt_project.yml vars, under --var"},
	{Flag: "dbt-compiled", Key: "dbt_compiled", Commands: Check, Kind: Bool,
		Usage: "in a dbt project, check the SQL dbt last ran (target/run, after dbt run or build) instead of the models and macros"},
	{Flag: "manifest", Key: "manifests", Commands: Check | Collect, Kind: StringMap, Repeatable: true, Accumulate: true,
		Syntax: "s3://BUCKET/KEY=FILE",
		Usage:  "a local copy of the manifest a COPY ... MANIFEST names, s3://BUCKET/KEY=FILE (repeatable): each object it lists is checked (collect: its buckets are collected)"},
	// The statement kinds live in the vocabulary package: the CLI appends
	// their names to this usage and checks the value.
	{Flag: "statement", Commands: Explain, Kind: String, Default: "COPY",
		Usage: "the statement the chain is used in"},
	{Flag: "target", Commands: Explain, Kind: String,
		Usage: "what the statement reads or writes, e.g. s3://bucket/prefix"},
	{Flag: "start", ConnectionKey: "start", Commands: Connect, Kind: String,
		Required: "a service principal (ec2.amazonaws.com) or an IAM role or user ARN",
		Usage:    "the principal that starts: a service principal (ec2.amazonaws.com) or an IAM role or user ARN"},
	{Flag: "chain", ConnectionKey: "chain", Commands: Connect, Kind: StringList, Commas: true, KeepEmpty: true,
		Required: "the roles the start principal assumes, 'arnA[,arnB...]'",
		Usage:    "the roles it assumes, in order: 'arnA[,arnB...]'; the last one gets the credentials"},
	// connect names the user after the chain, as its usage line does.
	{Flag: "db-user", Key: "db_user", ConnectionKey: "db_user", Commands: Connect, Kind: String,
		Required: "the database user to get credentials for",
		Usage:    "the database user that runs the SQL (Redshift passes its ARN as sts:ExternalId)"},
	{Flag: "db-name", ConnectionKey: "db_name", Commands: Connect, Kind: String,
		Required: "the database to connect to",
		Usage:    "the database to connect to"},
	{Flag: "db-groups", ConnectionKey: "db_groups", Commands: Connect, Kind: StringList, Commas: true,
		Usage: "database groups to join (GROUP[,GROUP]): needs redshift:JoinGroup"},
	{Flag: "auto-create", ConnectionKey: "auto_create", Commands: Connect, Kind: Bool,
		Usage: "create the database user if it does not exist: needs redshift:CreateClusterUser"},
	// Only check's format and output come from the config: a config written
	// for check must not break explain or connect.
	{Flag: "format", Key: "format", Commands: Check, Kind: String, Default: "text",
		Allowed: []string{"text", "json", "sarif", "github"},
		Usage:   "output format: text, json, sarif (SARIF 2.1.0 for code scanning) or github (workflow commands)"},
	{Flag: "format", Commands: Explain, Kind: String, Default: "text",
		Allowed: []string{"text", "json", "mermaid", "dot"},
		Usage:   "output format: text, json, mermaid or dot"},
	{Flag: "format", Commands: Connect, Kind: String, Default: "text",
		Allowed: []string{"text", "json"},
		Usage:   "output format: text or json"},
	{Flag: "output", Key: "output", Commands: Check, Kind: String, Path: true,
		Usage: "write the report to `FILE` instead of stdout"},
	{Flag: "output", Commands: Explain, Kind: String,
		Usage: "write the explanation to `FILE` instead of stdout"},
	{Flag: "output", Commands: Connect, Kind: String,
		Usage: "write the result to `FILE` instead of stdout"},
	{Flag: "fail-on", Key: "fail_on", Commands: Check, Kind: String, Default: "error",
		Allowed: failOnLevels, Aliases: severityAliases, Noun: "severity",
		Usage: "lowest severity that makes the exit code 1: error, warning (or warn), info or none"},
	// Not a --fail-on level: it is no severity, and combines with every level.
	{Flag: "fail-on-unchecked", Key: "fail_on_unchecked", Commands: Check, Kind: Bool,
		Usage: "exit 1 also when a credential reference or dynamic SQL could not be checked (unresolved placeholder, no --iam/--cluster data)"},
	{Flag: "fail-on", Key: "fail_on", Commands: Connect, Kind: String, Default: "error",
		Allowed: failOnLevels, Aliases: severityAliases, Noun: "severity",
		Usage: "lowest finding severity that makes the exit code 1: error, warning (or warn), info or none"},
	{Flag: "enable", Key: "rules.enable", Commands: ruleCommands, Kind: StringList,
		Repeatable: true, Commas: true, Accumulate: true, RuleIDs: true,
		Usage: "run these rules even where the config disables them (RULE[,RULE])"},
	{Flag: "disable", Key: "rules.disable", Commands: ruleCommands, Kind: StringList,
		Repeatable: true, Commas: true, Accumulate: true, RuleIDs: true,
		Usage: "do not run these rules (RULE[,RULE])"},
	{Flag: "severity", Key: "rules.severity", Commands: ruleCommands, Kind: StringMap,
		Repeatable: true, Accumulate: true, RuleIDs: true, Syntax: "RULE=LEVEL",
		Allowed: []string{"error", "warning", "info", "off"}, Aliases: severityAliases, Noun: "severity",
		Usage: "override a rule's severity: RULE=error|warning|info|off"},
	{Flag: "max-chain", Key: "max_chain", Commands: Check | Explain, Kind: Int, Default: "10", Min: 1,
		Usage: "longest allowed role chain"},
	{Flag: "color", Key: "color", Commands: Check, Kind: String, Default: "auto",
		Allowed: colorModes,
		Usage:   "colour in text output: auto, always or never (NO_COLOR is honoured)"},
	{Flag: "color", Key: "color", Commands: Explain | Connect, Kind: String, Default: "auto",
		Allowed: colorModes,
		Usage:   "colour in text output: auto, always or never"},
	{Flag: "stdin-filename", Commands: Check, Kind: String, Default: "<stdin>",
		Usage: "the file name to report for -"},
	{Flag: "config", Commands: allCommands, Kind: String,
		Usage: "read settings from `FILE` (default: " + configFile + ", found by walking up from the working directory)"},
	{Flag: "no-config", Commands: allCommands, Kind: Bool,
		Usage: "ignore " + configFile},
	{Flag: "max-file-size", Key: "max_file_size", Commands: allCommands, Kind: StringMap, Repeatable: true, Accumulate: true,
		Syntax: "KIND=SIZE", Entry: checkLimit, Usage: limitUsage()},
	// collect's flags: where to write, and which AWS configuration to use.
	{Flag: "out", Commands: Collect, Kind: String, Path: true,
		Required: "the directory to write the collected data into",
		Usage:    "write the collected data into `DIR` (created if missing)"},
	{Flag: "region", Commands: Collect, Kind: String,
		Usage: "the AWS region of the cluster (default: AWS_REGION or the profile's region)"},
	{Flag: "profile", Commands: Collect, Kind: StringList, Repeatable: true,
		Usage: "the AWS shared-config profile to use (default: AWS_PROFILE or default); repeated, each further profile's account is collected too, as for --role-arn"},
	{Flag: "cluster-id", Commands: Collect, Kind: String,
		Usage: "collect only this cluster or serverless workgroup (default: every one in the region)"},
	{Flag: "role-arn", Commands: Collect, Kind: StringList, Repeatable: true,
		Usage: "assume this role and collect its account's IAM data too (repeatable)"},
	// What the migrations cannot say about the database user whose
	// ASSUMEROLE grants are checked.
	{Key: "assumerole.restricted", Commands: Check | Explain, Kind: Bool,
		Usage: "REVOKE ASSUMEROLE ON ALL FROM PUBLIC FOR ALL ran before these migrations"},
	{Key: "assumerole.groups", Commands: Check | Explain, Kind: StringList,
		Usage: "the groups the database user belongs to"},
	{Key: "assumerole.roles", Commands: Check | Explain, Kind: StringList,
		Usage: "the roles granted to the database user"},
	{Key: "assumerole.superuser", Commands: Check | Explain, Kind: Bool,
		Usage: "the database user is a superuser, whose grants are never checked"},
}

// limitUsage lists the kinds of input, what each one is, and its default
// limit, which the files package keeps.
func limitUsage() string {
	what := map[files.Kind]string{files.SQL: "SQL files and stdin", files.Data: "--iam and --cluster files",
		files.Config: "config, vars and manifest files"}
	var kinds []string
	for _, k := range []files.Kind{files.SQL, files.Data, files.Config} {
		kinds = append(kinds, fmt.Sprintf("%s (%s, default %s)", k, what[k], files.FormatSize(files.Limits{}.Of(k).Bytes)))
	}
	return "largest file to read, KIND=SIZE such as sql=128MiB (repeatable); kinds: " + oneOf(kinds)
}

func checkLimit(kind, size string) error { return new(files.Limits).Set(kind, size) }

var (
	failOnLevels = []string{"error", "warning", "info", "none"}
	// severityAliases: "warn" is how golangci-lint, eslint and ruff users
	// spell a warning.
	severityAliases = map[string]string{"warn": "warning"}
	colorModes      = []string{"auto", "always", "never"}
)

// Options lists the rows of a command (flags and config-only keys) in
// table order; the rows are copies.
func Options(cmd Command) []Option {
	var out []Option
	for _, o := range options {
		if o.Commands.Has(cmd) {
			out = append(out, o)
		}
	}
	return out
}

// Flags lists the command-line flags of a command, in help order.
func Flags(cmd Command) []Option {
	var out []Option
	for _, o := range Options(cmd) {
		if o.Flag != "" {
			out = append(out, o)
		}
	}
	return out
}

// lookup finds a command's row by flag name, or by key for a config-only
// row; nil when the command does not have it. A name no row has panics:
// a programming error the tests catch.
func lookup(cmd Command, name string) *Option {
	known := false
	for i := range options {
		o := &options[i]
		if o.Flag != name && !(o.Flag == "" && o.Key == name) {
			continue
		}
		known = true
		if o.Commands.Has(cmd) {
			return o
		}
	}
	if !known {
		panic(fmt.Sprintf("config: no option %s", name))
	}
	return nil
}

// keyOption is the first row with a config key; rows that share a key
// agree on how its value is checked (a test keeps them so).
func keyOption(key string) *Option {
	for i := range options {
		if options[i].Key == key {
			return &options[i]
		}
	}
	return nil
}

// connectionOptions are the rows of the keys a [[connections]] table takes.
func connectionOptions() []*Option {
	var out []*Option
	for i := range options {
		if options[i].ConnectionKey != "" {
			out = append(out, &options[i])
		}
	}
	return out
}

// knownKeys lists the config keys for the unknown-key message: top-level
// keys first, then each table's keys after its [name], in table order.
func knownKeys() string {
	var top []string
	var tables []string
	inTable := map[string][]string{}
	seen := map[string]bool{}
	for _, o := range options {
		if o.Key == "" || seen[o.Key] {
			continue
		}
		seen[o.Key] = true
		table, key, dotted := strings.Cut(o.Key, ".")
		if !dotted {
			top = append(top, o.Key)
			continue
		}
		if inTable[table] == nil {
			tables = append(tables, table)
		}
		inTable[table] = append(inTable[table], key)
	}
	parts := top
	for _, t := range tables {
		parts = append(parts, "["+t+"] "+strings.Join(inTable[t], ", "))
	}
	return strings.Join(parts, ", ")
}

// keyPaths are the paths a config key may have: every key ("rules.enable"),
// every table ("rules") and "connections", for suggestions.
func keyPaths() []string {
	paths := []string{connectionsKey}
	for _, o := range options {
		if o.Key == "" || slices.Contains(paths, o.Key) {
			continue
		}
		if table, _, dotted := strings.Cut(o.Key, "."); dotted && !slices.Contains(paths, table) {
			paths = append(paths, table)
		}
		paths = append(paths, o.Key)
	}
	return paths
}

// connectionKeys are the keys a [[connections]] table takes.
func connectionKeys() []string {
	var keys []string
	for _, o := range connectionOptions() {
		keys = append(keys, o.ConnectionKey)
	}
	return keys
}

// knownConnectionKeys lists a [[connections]] table's keys.
func knownConnectionKeys() string {
	return "[[connections]] " + strings.Join(connectionKeys(), ", ")
}

// oneOf writes a set for messages: "a, b or c".
func oneOf(values []string) string {
	if len(values) < 2 {
		return strings.Join(values, "")
	}
	return strings.Join(values[:len(values)-1], ", ") + " or " + values[len(values)-1]
}

// allows reports whether v is one of o's values or an alias of one.
func (o *Option) allows(v string) bool {
	_, alias := o.Aliases[v]
	return o.Allowed == nil || alias || slices.Contains(o.Allowed, v)
}

// canonical is v, or the value it is an alias of.
func (o *Option) canonical(v string) string {
	if c, ok := o.Aliases[v]; ok {
		return c
	}
	return v
}

// noun is what one value of o is called in messages.
func (o *Option) noun() string {
	if o.Noun != "" {
		return o.Noun
	}
	return strings.ReplaceAll(o.Flag, "-", " ")
}
