package differential

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/redshift"
)

// A case is one question both sides answer: may this principal do this
// (sts:AssumeRole on a role, or an S3 action on a prefix)? Our side reads
// the case's IAM data as the tool's input files; the oracle evaluates the
// same policy documents in every world the tool cannot tell apart.

// Classes of cases.
const (
	classRedshift = "redshift-hop" // Redshift's service principal assumes the first role
	classChained  = "chained-hop"  // a session of role A assumes role B
	classS3       = "s3"           // the last role's S3 permissions on a prefix
)

type testCase struct {
	Name  string
	Class string
	// Files are the tool's input files, by name: exports of
	// get-account-authorization-details, describe-clusters and
	// get-bucket-policy.
	Files map[string]string
	// Chain is the IAM_ROLE chain walked for hop classes; the verdict is
	// that of its last hop.
	Chain  []string
	DBUser string // "" when the database user is not known
	Op     *s3Op  // class s3
	Oracle oracleCase
}

// s3Op is the statement whose permissions a class s3 case checks, and the
// one action of its plan the case is about.
type s3Op struct {
	Kind   redshift.StatementKind
	URI    string
	Action string
}

// oracleCase is what the Node runner reads: the policies once, and one
// request per world.
type oracleCase struct {
	Name     string        `json:"name"`
	Action   string        `json:"action"`
	Identity []namedPolicy `json:"identity"`
	Boundary []namedPolicy `json:"boundary,omitempty"`
	Resource any           `json:"resource,omitempty"`
	Worlds   []world       `json:"worlds"`
}

type namedPolicy struct {
	Name   string `json:"name"`
	Policy any    `json:"policy"`
}

type world struct {
	Label     string         `json:"label"` // the alternatives chosen, for explanations
	Principal string         `json:"principal"`
	Resource  string         `json:"resource"`
	Account   string         `json:"account"`
	Context   map[string]any `json:"context"`
}

type stmt = map[string]any

func policy(sts ...stmt) map[string]any {
	return map[string]any{"Version": "2012-10-17", "Statement": sts}
}

// builder collects one case: its name parts, the keys its conditions
// name, and what the world enumeration needs.
type builder struct {
	r     *rand.Rand
	parts []string
	fixed map[string][]string // key → the one value the tool knows (nil: absent)
	defs  []keyDef            // every key a condition may name
	open  map[string]keyDef   // open keys, by name
	used  []string            // open keys the case's conditions name
	named map[string][]string // values the case's conditions name, by open key
	// maxOpen bounds the open keys of a case: the oracle evaluates the
	// product of their worlds, which must stay small enough for CI.
	maxOpen int
}

func newBuilder(r *rand.Rand, class string, fixed []fixedKey) *builder {
	b := &builder{r: r, parts: []string{class}, fixed: map[string][]string{}, open: map[string]keyDef{}, named: map[string][]string{}, maxOpen: 2}
	for _, f := range fixed {
		b.fixed[f.def.name] = f.value
		b.defs = append(b.defs, f.def)
	}
	for _, k := range openKeys {
		if _, isFixed := b.fixed[k.name]; !isFixed {
			b.open[k.name] = k
			b.defs = append(b.defs, k)
		}
	}
	return b
}

func (b *builder) part(format string, args ...any) {
	b.parts = append(b.parts, fmt.Sprintf(format, args...))
}

// maybeCondition adds 0, 1 or 2 conditions to a statement, naming them.
func (b *builder) maybeCondition(st stmt, label string, chance int) {
	if b.r.IntN(100) >= chance {
		return
	}
	n := 1
	if b.r.IntN(6) == 0 {
		n = 2
	}
	block := map[string]any{}
	var names []string
	for range n {
		c := pickCondition(b.r, b.pickKey())
		for op, kv := range c.block {
			if _, dup := block[op]; dup {
				continue // one key per operator keeps the document free of duplicates
			}
			block[op] = kv
			names = append(names, c.name)
			if _, isOpen := b.open[c.key]; isOpen {
				if !slices.Contains(b.used, c.key) {
					b.used = append(b.used, c.key)
				}
				b.named[c.key] = append(b.named[c.key], c.values...)
			}
		}
	}
	st["Condition"] = block
	b.part("%s.cond=%s", label, strings.Join(names, "&"))
}

// pickKey draws a condition key; once the case has maxOpen open keys,
// only those and fixed keys.
func (b *builder) pickKey() keyDef {
	for {
		k := pick(b.r, b.defs)
		if _, isOpen := b.open[k.name]; !isOpen || len(b.used) < b.maxOpen || slices.Contains(b.used, k.name) {
			return k
		}
	}
}

// dimension is one fact the tool cannot know, as alternatives that each
// set it in a world.
type dimension struct {
	name string
	alts []alternative
}

type alternative struct {
	label string
	set   func(*world)
}

// worlds is the product of the dimensions over a base request that
// carries the fixed keys; the used open keys are dimensions too.
func (b *builder) worlds(base world, dims []dimension) []world {
	base.Context = map[string]any{}
	for k, v := range b.fixed {
		if v != nil {
			base.Context[k] = contextValue(v)
		}
	}
	for _, k := range b.used {
		var alts []alternative
		for _, v := range b.keyWorlds(k) {
			alts = append(alts, alternative{label: k + "=" + worldLabel(v), set: setKey(k, v)})
		}
		dims = append(dims, dimension{name: k, alts: alts})
	}
	out := []world{base}
	for _, d := range dims {
		var next []world
		for _, w := range out {
			for _, a := range d.alts {
				nw := w
				nw.Context = cloneMap(w.Context)
				a.set(&nw)
				nw.Label = strings.TrimPrefix(w.Label+" "+a.label, " ")
				next = append(next, nw)
			}
		}
		out = next
	}
	return out
}

// keyWorlds are an open key's alternatives in this case: absent, the
// key's own sample values, and each value the case's conditions name,
// literally (and for string-like keys with its wildcards filled in), so
// that a condition that only looks like a tautology (StringNotEquals
// "o-*") or a contradiction (BinaryEquals on a date) is false, or true,
// in some world, as it may be in AWS for a key the tool cannot know.
func (b *builder) keyWorlds(k string) [][]string {
	def := b.open[k]
	out := [][]string{absent}
	seen := map[string]bool{"": true}
	add := func(v []string) {
		if key := strings.Join(v, "\x00"); v != nil && !seen[key] {
			seen[key] = true
			out = append(out, v)
		}
	}
	for _, v := range def.worlds {
		add(v)
	}
	if def.typ == tString || def.typ == tMulti || def.typ == tARN {
		add([]string{"zz-none"}) // matches no pattern: the tool does not assume a key's format
	}
	for _, v := range b.named[k] {
		add([]string{v})
		if def.typ == tString || def.typ == tMulti || def.typ == tARN {
			add([]string{strings.NewReplacer("*", "x", "?", "x").Replace(v)})
		}
	}
	return out
}

func worldLabel(v []string) string {
	if v == nil {
		return "<absent>"
	}
	return strings.Join(v, "|")
}

func setKey(k string, v []string) func(*world) {
	return func(w *world) {
		if v == nil {
			delete(w.Context, k)
			return
		}
		w.Context[k] = contextValue(v)
	}
}

func contextValue(v []string) any {
	if len(v) == 1 {
		return v[0]
	}
	return v
}

func cloneMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// name joins the parts with a sequence number that keeps names unique.
func (b *builder) name(i int) string {
	return fmt.Sprintf("%s/#%04d", strings.Join(b.parts, "/"), i)
}

// Input files of the tool.

type role struct {
	arn, name, account string
	trust              any
	inline             []namedPolicy
	managed            []namedPolicy // customer managed, attached
	boundary           any           // nil: none
	tags               map[string]string
}

// gaad is an aws iam get-account-authorization-details export of one
// account's roles and their managed policies.
func gaad(account string, roles ...role) string {
	var details, policies []any
	for _, r := range roles {
		inline := []any{}
		for _, p := range r.inline {
			inline = append(inline, map[string]any{"PolicyName": p.Name, "PolicyDocument": p.Policy})
		}
		attached := []any{}
		for _, p := range r.managed {
			arn := "arn:aws:iam::" + account + ":policy/" + p.Name
			attached = append(attached, map[string]any{"PolicyName": p.Name, "PolicyArn": arn})
			policies = append(policies, managedPolicy(arn, p))
		}
		d := map[string]any{"Path": "/", "RoleName": r.name, "RoleId": "AROA" + strings.ToUpper(r.name), "Arn": r.arn,
			"AssumeRolePolicyDocument": r.trust, "RolePolicyList": inline, "AttachedManagedPolicies": attached}
		if r.boundary != nil {
			arn := "arn:aws:iam::" + account + ":policy/boundary-" + r.name
			d["PermissionsBoundary"] = map[string]any{"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": arn}
			policies = append(policies, managedPolicy(arn, namedPolicy{Name: "boundary-" + r.name, Policy: r.boundary}))
		}
		var tags []any
		keys := make([]string, 0, len(r.tags))
		for k := range r.tags {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			tags = append(tags, map[string]any{"Key": k, "Value": r.tags[k]})
		}
		if tags != nil {
			d["Tags"] = tags
		}
		details = append(details, d)
	}
	if policies == nil {
		policies = []any{}
	}
	return mustJSON(map[string]any{"RoleDetailList": details, "Policies": policies, "UserDetailList": []any{}, "GroupDetailList": []any{}})
}

func managedPolicy(arn string, p namedPolicy) any {
	return map[string]any{"PolicyName": p.Name, "Arn": arn, "Path": "/", "DefaultVersionId": "v1",
		"PolicyVersionList": []any{map[string]any{"Document": p.Policy, "VersionId": "v1", "IsDefaultVersion": true}}}
}

// clusterFile is describe-clusters output of cluster c1 in account 111…
// with roleA associated.
func clusterFile() string {
	return mustJSON(map[string]any{"Clusters": []any{map[string]any{
		"ClusterIdentifier":   cluster,
		"ClusterNamespaceArn": "arn:aws:redshift:" + region + ":" + acct + ":namespace:0000-ns",
		"IamRoles":            []any{map[string]any{"IamRoleArn": roleA, "ApplyStatus": "in-sync"}},
	}}})
}

func bucketPolicyFile(p any) string {
	return mustJSON(map[string]any{"Policy": mustJSON(p)})
}

func mustJSON(v any) string {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(data)
}

// redshiftTrust lets Redshift assume a role: the first role's trust when
// the case is about a later hop.
var redshiftTrust = policy(stmt{"Effect": "Allow", "Principal": map[string]any{"Service": "redshift.amazonaws.com"}, "Action": "sts:AssumeRole"})
