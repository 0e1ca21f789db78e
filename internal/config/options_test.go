package config

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// flagLine prints a row as the urfave/cli flag package main builds from it.
func flagLine(o Option) string {
	form := map[Kind]string{String: "string", Int: "int", Bool: "bool", StringList: "string", StringMap: "string"}[o.Kind]
	if o.Repeatable {
		form = "strings"
	}
	return fmt.Sprintf("--%s %s %q: %s", o.Flag, form, o.Default, o.Usage)
}

// TestFlagsAsBefore pins every flag of check, explain and connect as
// package main defined them before the table: name, form, default, usage.
// Changes: explain and connect gained --enable, --disable, --severity;
// connect lists --db-user after --chain; --statement's usage leaves the
// kind list to the CLI.
func TestFlagsAsBefore(t *testing.T) {
	data := []string{
		`--iam strings "": IAM data: a file or directory of AWS CLI exports (repeatable)`,
		`--cluster strings "": cluster or namespace data: describe-clusters, get-namespace, list-namespaces (repeatable)`,
		`--cluster-id string "": the cluster or serverless workgroup the SQL runs on, by identifier or ARN (when the data holds several)`,
	}
	dbUser := `--db-user string "": the database user that runs the SQL (Redshift passes its ARN as sts:ExternalId)`
	rules := []string{
		`--enable strings "": run these rules even where the config disables them (RULE[,RULE])`,
		`--disable strings "": do not run these rules (RULE[,RULE])`,
		`--severity strings "": override a rule's severity: RULE=error|warning|info|off`,
	}
	configFlags := []string{
		"--config string \"\": read settings from `FILE` (default: .redshift-preflight.toml, found by walking up from the working directory)",
		`--no-config bool "": ignore .redshift-preflight.toml`,
		`--max-file-size strings "": largest file to read, KIND=SIZE such as sql=128MiB (repeatable); kinds: ` +
			`sql (SQL files and stdin, default 64MiB), data (--iam and --cluster files, default 1GiB) or config (config, vars and manifest files, default 16MiB)`,
	}
	want := map[Command][]string{
		Check: concat(data, []string{dbUser,
			`--var strings "": placeholder value NAME=VALUE (repeatable)`,
			`--vars-file string "": placeholder values: NAME=VALUE lines, a JSON object, a flyway.conf or a flyway.toml`,
			`--flyway-environment string "": the flyway.toml environment whose placeholders are read (default: its [flyway] environment)`,
			`--dbt-vars string "": dbt variables as dbt's --vars takes them: a YAML or JSON mapping ('{role: arn:...}'), or a file holding one; over dbt_project.yml vars, under --var`,
			`--dbt-compiled bool "": in a dbt project, check the SQL dbt last ran (target/run, after dbt run or build) instead of the models and macros`,
			`--manifest strings "": a local copy of the manifest a COPY ... MANIFEST names, s3://BUCKET/KEY=FILE (repeatable): each object it lists is checked (collect: its buckets are collected)`,
			`--format string "text": output format: text, json, sarif (SARIF 2.1.0 for code scanning) or github (workflow commands)`,
			"--output string \"\": write the report to `FILE` instead of stdout",
			`--fail-on string "error": lowest severity that makes the exit code 1: error, warning (or warn), info or none`,
			`--fail-on-unchecked bool "": exit 1 also when a credential reference or dynamic SQL could not be checked (unresolved placeholder, no --iam/--cluster data)`,
		}, rules, []string{
			`--max-chain int "10": longest allowed role chain`,
			`--color string "auto": colour in text output: auto, always or never (NO_COLOR is honoured)`,
			`--stdin-filename string "<stdin>": the file name to report for -`,
		}, configFlags),
		Explain: concat(data, []string{dbUser,
			`--statement string "COPY": the statement the chain is used in`,
			`--target string "": what the statement reads or writes, e.g. s3://bucket/prefix`,
			`--format string "text": output format: text, json, mermaid or dot`,
			"--output string \"\": write the explanation to `FILE` instead of stdout",
		}, rules, []string{
			`--max-chain int "10": longest allowed role chain`,
			`--color string "auto": colour in text output: auto, always or never`,
		}, configFlags),
		Connect: concat(data, []string{
			`--start string "": the principal that starts: a service principal (ec2.amazonaws.com) or an IAM role or user ARN`,
			`--chain string "": the roles it assumes, in order: 'arnA[,arnB...]'; the last one gets the credentials`,
			dbUser,
			`--db-name string "": the database to connect to`,
			`--db-groups string "": database groups to join (GROUP[,GROUP]): needs redshift:JoinGroup`,
			`--auto-create bool "": create the database user if it does not exist: needs redshift:CreateClusterUser`,
			`--format string "text": output format: text or json`,
			"--output string \"\": write the result to `FILE` instead of stdout",
			`--fail-on string "error": lowest finding severity that makes the exit code 1: error, warning (or warn), info or none`,
		}, rules, []string{
			`--color string "auto": colour in text output: auto, always or never`,
		}, configFlags),
	}
	for cmd, lines := range want {
		var got []string
		for _, o := range Flags(cmd) {
			got = append(got, flagLine(o))
		}
		if !slices.Equal(got, lines) {
			t.Errorf("%s flags:\n got\n\t%s\nwant\n\t%s", cmd, strings.Join(got, "\n\t"), strings.Join(lines, "\n\t"))
		}
	}
}

func concat(parts ...[]string) []string { return slices.Concat(parts...) }

// TestOptionTableIsConsistent: what Resolve and the CLI rely on.
func TestOptionTableIsConsistent(t *testing.T) {
	for _, cmd := range []Command{Check, Explain, Connect} {
		seen := map[string]bool{}
		for _, o := range Flags(cmd) {
			if seen[o.Flag] {
				t.Errorf("%s has --%s twice", cmd, o.Flag)
			}
			seen[o.Flag] = true
		}
	}
	for _, o := range options {
		name := o.Flag + o.Key
		if o.Flag == "" && o.Key == "" || o.Commands == 0 || o.Kind == 0 || o.Usage == "" {
			t.Errorf("%s: incomplete row %+v", name, o)
		}
		if o.Kind == Int {
			if _, err := strconv.Atoi(o.Default); err != nil {
				t.Errorf("%s: default %q is no integer", name, o.Default)
			}
		}
		if o.Default != "" && o.Allowed != nil && !slices.Contains(o.Allowed, o.Default) {
			t.Errorf("%s: default %q is not allowed", name, o.Default)
		}
		if o.Repeatable && o.Kind != StringList && o.Kind != StringMap {
			t.Errorf("%s: only lists and maps repeat", name)
		}
		if o.Kind == StringMap && (o.Syntax == "" || !o.Repeatable) {
			t.Errorf("%s: a map's flag is a repeated %s", name, "NAME=VALUE")
		}
		if o.Required != "" && o.Flag == "" {
			t.Errorf("%s: only a flag can be required", name)
		}
		if k := keyOption(o.Key); o.Key != "" && !sameChecks(k, &o) {
			t.Errorf("%s: rows with key %s check it differently", name, o.Key)
		}
	}
}

func sameChecks(a, b *Option) bool {
	return a.Kind == b.Kind && slices.Equal(a.Allowed, b.Allowed) && a.Noun == b.Noun &&
		a.Commas == b.Commas && a.Min == b.Min && a.Path == b.Path && a.RuleIDs == b.RuleIDs
}

// TestKnownKeysAsBefore: the unknown-key message lists the keys as it did
// (testdata/scenarios/config-unknown-key.txtar).
func TestKnownKeysAsBefore(t *testing.T) {
	want := "paths, exclude, iam, cluster, cluster_id, db_user, vars, vars_file, flyway_environment, dbt_vars, dbt_compiled, manifests, format, output, fail_on, fail_on_unchecked, max_chain, color, max_file_size, " +
		"[rules] enable, disable, severity, [assumerole] restricted, groups, roles, superuser"
	if got := knownKeys(); got != want {
		t.Errorf("known keys\n got %s\nwant %s", got, want)
	}
	if got, want := knownConnectionKeys(), "[[connections]] start, chain, db_user, db_name, db_groups, auto_create"; got != want {
		t.Errorf("connection keys\n got %s\nwant %s", got, want)
	}
}

func TestLookupPanicsOnANameNoRowHas(t *testing.T) {
	if lookup(Connect, "stdin-filename") != nil {
		t.Error("connect has no --stdin-filename")
	}
	defer func() {
		if recover() == nil {
			t.Error("no panic for --nope")
		}
	}()
	lookup(Check, "nope")
}

func TestCommandString(t *testing.T) {
	if got := (Check | Connect).String(); got != "check|connect" {
		t.Errorf("got %q", got)
	}
}
