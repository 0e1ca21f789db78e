package differential

import (
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/redshift"
)

// The generators draw each case's shape from small pools with a fixed
// seed, so that case names and contents are the same on every run. A pool
// entry is a name (which goes into the case name) and the JSON value.

type choice struct {
	name  string
	value any
}

// principalChoice is a Principal (or, with not, a NotPrincipal) element.
type principalChoice struct {
	name  string
	value any
	not   bool
}

func svc(names ...string) map[string]any {
	if len(names) == 1 {
		return map[string]any{"Service": names[0]}
	}
	return map[string]any{"Service": names}
}

func aws(v ...string) map[string]any {
	if len(v) == 1 {
		return map[string]any{"AWS": v[0]}
	}
	return map[string]any{"AWS": v}
}

// Trust principals for the Redshift hop (iam-semantics.md §3, §9 hop 1).
var redshiftPrincipals = []principalChoice{
	{"svc", svc("redshift.amazonaws.com"), false},
	{"svc-list", svc("ec2.amazonaws.com", "redshift.amazonaws.com"), false},
	{"svc-regional-same", svc("redshift.us-east-1.amazonaws.com"), false},
	{"svc-regional-other", svc("redshift.eu-west-1.amazonaws.com"), false},
	{"svc-serverless", svc("redshift-serverless.amazonaws.com"), false},
	{"svc-other", svc("ec2.amazonaws.com"), false},
	{"svc-star", svc("*"), false},
	{"svc-wildcard", svc("redshift.*.amazonaws.com"), false},
	{"svc-case", svc("Redshift.amazonaws.com"), false},
	{"star", "*", false},
	{"aws-star", aws("*"), false},
	{"account", aws(acct), false},
	{"notprincipal-ec2", svc("ec2.amazonaws.com"), true},
}

// Trust principals of role B for a session of role A.
func chainedPrincipals(bAccount string) []principalChoice {
	return []principalChoice{
		{"role-arn", aws(roleA), false},
		{"role-arn-list", aws(roleOther, roleA), false},
		{"account-id", aws(acct), false},
		{"account-root", aws("arn:aws:iam::" + acct + ":root"), false},
		{"target-account", aws(bAccount), false},
		{"other-account", aws(acctOther), false},
		{"star", "*", false},
		{"aws-star", aws("*"), false},
		{"session-arn", aws("arn:aws:sts::" + acct + ":assumed-role/etl-a/etl"), false},
		{"other-role", aws(roleOther), false},
		{"role-wildcard", aws("arn:aws:iam::" + acct + ":role/*"), false},
		{"svc", svc("redshift.amazonaws.com"), false},
		{"notprincipal-other", aws(roleOther), true},
	}
}

var assumeActions = []choice{
	{"sts:AssumeRole", "sts:AssumeRole"},
	{"sts:assumerole", "sts:assumerole"},
	{"sts:*", "sts:*"},
	{"sts:Assume*", "sts:Assume*"},
	{"*", "*"},
	{"list", []string{"sts:AssumeRole", "sts:TagSession"}},
	{"sts:AssumeRoleWithSAML", "sts:AssumeRoleWithSAML"},
	{"not-sts:TagSession", nil},
}

// setAction sets Action, or NotAction for the not- entries.
func setAction(st stmt, c choice) {
	if c.value == nil {
		st["NotAction"] = strings.TrimPrefix(c.name, "not-")
		return
	}
	st["Action"] = c.value
}

func setPrincipal(st stmt, p principalChoice) {
	if p.not {
		st["NotPrincipal"] = p.value
		return
	}
	st["Principal"] = p.value
}

// genRedshiftHop: Redshift assumes role A; its trust policy varies.
func genRedshiftHop(r *rand.Rand, i int) testCase {
	known := r.IntN(3) != 0
	fixed := append([]fixedKey(nil), serviceKeys...)
	if known {
		fixed = append(fixed, fixedKey{externalIDKey, []string{dbUserARN}})
	}
	b := newBuilder(r, classRedshift, fixed)
	if !known {
		b.open[externalIDKey.name] = externalIDKey
		b.defs = append(b.defs, externalIDKey)
	}
	b.part("dbuser=%v", known)
	trust := []stmt{}
	n := 1 + r.IntN(2)
	for s := range n {
		effect := "Allow"
		if s > 0 && r.IntN(2) == 0 {
			effect = "Deny"
		}
		p := pick(r, redshiftPrincipals)
		a := pick(r, assumeActions)
		st := stmt{"Effect": effect}
		setPrincipal(st, p)
		setAction(st, a)
		b.part("%s=%s:%s", effect, p.name, a.name)
		b.maybeCondition(st, effect, 60)
		trust = append(trust, st)
	}
	doc := policy(trust...)
	c := testCase{Class: classRedshift, Chain: []string{roleA}, Files: map[string]string{
		"iam-" + acct + ".json": gaad(acct, role{arn: roleA, name: "etl-a", account: acct, trust: doc}),
		"cluster.json":          clusterFile(),
	}}
	if known {
		c.DBUser = dbUser
	}
	c.Oracle = oracleCase{Action: "sts:AssumeRole", Identity: []namedPolicy{}, Resource: doc}
	c.Oracle.Worlds = b.worlds(world{Principal: "redshift.amazonaws.com", Resource: roleA, Account: acct}, nil)
	c.Name = b.name(i)
	return c
}

// Identity policies of role A for a chained hop.
func identityChoices(roleB, bAccount string) []choice {
	return []choice{
		{"none", nil},
		{"allow-target", []stmt{{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": roleB}}},
		{"allow-star", []stmt{{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}}},
		{"allow-account-roles", []stmt{{"Effect": "Allow", "Action": "sts:*", "Resource": "arn:aws:iam::" + bAccount + ":role/*"}}},
		{"allow-other", []stmt{{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": roleOther}}},
		{"allow-s3-only", []stmt{{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}},
		{"deny-target", []stmt{{"Effect": "Allow", "Action": "*", "Resource": "*"}, {"Effect": "Deny", "Action": "sts:AssumeRole", "Resource": roleB}}},
		{"notresource", []stmt{{"Effect": "Allow", "Action": "sts:AssumeRole", "NotResource": roleOther}}},
	}
}

var boundaryChoices = []choice{
	{"none", nil},
	{"allow-all", policy(stmt{"Effect": "Allow", "Action": "*", "Resource": "*"})},
	{"allow-assume", policy(stmt{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"})},
	{"allow-s3", policy(stmt{"Effect": "Allow", "Action": "s3:*", "Resource": "*"})},
	{"deny-assume", policy(stmt{"Effect": "Allow", "Action": "*", "Resource": "*"}, stmt{"Effect": "Deny", "Action": "sts:AssumeRole", "Resource": "*"})},
}

// genChainedHop: a session of role A (account 111…) assumes role B in the
// same account or in 222…; B's trust, A's identity policies and A's
// boundary vary.
func genChainedHop(r *rand.Rand, i int) testCase {
	cross := r.IntN(2) == 0
	bAccount := acct
	if cross {
		bAccount = acctB
	}
	roleB := "arn:aws:iam::" + bAccount + ":role/target-b"
	known := r.IntN(3) != 0
	fixed := append(append([]fixedKey(nil), sessionKeys...), chainedKeys...)
	if known {
		fixed = append(fixed, fixedKey{externalIDKey, []string{dbUserARN}})
	}
	b := newBuilder(r, classChained, fixed)
	if !known {
		b.open[externalIDKey.name] = externalIDKey
		b.defs = append(b.defs, externalIDKey)
	}
	b.part("cross=%v", cross)
	b.part("dbuser=%v", known)

	var trust []stmt
	sessionNamed := false
	for s := range 1 + r.IntN(2) {
		effect := "Allow"
		if s > 0 && r.IntN(2) == 0 {
			effect = "Deny"
		}
		p := pick(r, chainedPrincipals(bAccount))
		sessionNamed = sessionNamed || p.name == "session-arn"
		a := pick(r, assumeActions)
		st := stmt{"Effect": effect}
		setPrincipal(st, p)
		setAction(st, a)
		b.part("trust.%s=%s:%s", effect, p.name, a.name)
		b.maybeCondition(st, "trust."+effect, 50)
		trust = append(trust, st)
	}
	idc := pick(r, identityChoices(roleB, bAccount))
	b.part("identity=%s", idc.name)
	var identity []namedPolicy
	if idc.value != nil {
		sts := cloneStatements(idc.value.([]stmt))
		b.maybeCondition(sts[len(sts)-1], "identity", 30)
		identity = []namedPolicy{{Name: "chain", Policy: policy(sts...)}}
	}
	bc := pick(r, boundaryChoices)
	b.part("boundary=%s", bc.name)

	a := role{arn: roleA, name: "etl-a", account: acct, trust: redshiftTrust, boundary: bc.value, tags: map[string]string{"team": "data"}}
	if r.IntN(2) == 0 {
		a.inline = identity
	} else {
		a.managed = identity
	}
	trustDoc := policy(trust...)
	target := role{arn: roleB, name: "target-b", account: bAccount, trust: trustDoc}
	c := testCase{Class: classChained, Chain: []string{roleA, roleB}, Files: map[string]string{"cluster.json": clusterFile()}}
	if cross {
		c.Files["iam-"+acct+".json"] = gaad(acct, a)
		c.Files["iam-"+acctB+".json"] = gaad(acctB, target)
	} else {
		c.Files["iam-"+acct+".json"] = gaad(acct, a, target)
	}
	if known {
		c.DBUser = dbUser
	}
	c.Oracle = oracleCase{Action: "sts:AssumeRole", Identity: nonNil(identity), Resource: trustDoc}
	if bc.value != nil {
		c.Oracle.Boundary = []namedPolicy{{Name: "boundary", Policy: bc.value}}
	}
	c.Oracle.Worlds = b.worlds(world{Resource: roleB, Account: bAccount}, []dimension{sessionDimension(sessionNamed)})
	c.Name = b.name(i)
	return c
}

// sessionDimension: Redshift's session names are not documented, so a
// policy that names a session ARN is true for one name and false for
// another.
func sessionDimension(named bool) dimension {
	names := []string{"redshift-session"}
	if named {
		names = []string{"etl", "redshift-session"}
	}
	d := dimension{name: "session"}
	for _, n := range names {
		d.alts = append(d.alts, alternative{label: "session=" + n, set: func(w *world) {
			w.Principal = "arn:aws:sts::" + acct + ":assumed-role/etl-a/" + n
		}})
	}
	return d
}

func nonNil(p []namedPolicy) []namedPolicy {
	if p == nil {
		return []namedPolicy{}
	}
	return p
}

func cloneStatements(sts []stmt) []stmt {
	out := make([]stmt, len(sts))
	for i, s := range sts {
		out[i] = stmt{}
		for k, v := range s {
			out[i][k] = v
		}
	}
	return out
}

// S3 pools.
var (
	s3Prefixes = []string{"data/", "data/2024/", "data", "logs/"}
	s3Actions  = []choice{
		{"s3:GetObject", "s3:GetObject"}, {"s3:Get*", "s3:Get*"}, {"s3:*", "s3:*"}, {"s3:PutObject", "s3:PutObject"},
		{"s3:ListBucket", "s3:ListBucket"}, {"s3:List*", "s3:List*"}, {"s3:getobject", "s3:getobject"},
		{"get+list", []string{"s3:GetObject", "s3:ListBucket"}}, {"put+get+list", []string{"s3:PutObject", "s3:GetObject", "s3:ListBucket"}},
		{"not-s3:DeleteObject", nil},
	}
	objectResources = []string{
		"arn:aws:s3:::bkt/*", "arn:aws:s3:::bkt/data/*", "arn:aws:s3:::bkt/data/?", "arn:aws:s3:::bkt/data/?*",
		"arn:aws:s3:::bkt/dat*", "arn:aws:s3:::bkt/logs/*", "arn:aws:s3:::bkt/data/2024/*", "arn:aws:s3:::*/*",
		"arn:aws:s3:::bkt/data/*/x.csv", "arn:aws:s3:::BKT/*", "arn:aws:s3:::bkt/data/secret/*",
	}
	bucketResources = []string{"arn:aws:s3:::bkt", "arn:aws:s3:::bk?", "arn:aws:s3:::*"}
	s3PrefixKey     = keyDef{"s3:prefix", tString, []string{"data/", "data/*", "", "logs/*", "data"}, nil}
	secureTransport = keyDef{"aws:SecureTransport", tBool, []string{"true", "false"}, nil}
	sessionARN      = "arn:aws:sts::" + acct + ":assumed-role/etl-a/etl"
	bucketPrincipal = []principalChoice{
		{"role-arn", aws(roleA), false}, {"account", aws(acct), false}, {"account-root", aws("arn:aws:iam::" + acct + ":root"), false},
		{"star", "*", false}, {"other-account", aws(acctOther), false}, {"session-arn", aws(sessionARN), false},
	}
)

// s3Resources draws 1–2 resource patterns, from objects or the bucket. A
// bucket policy (inBucket) names only its own bucket: the tool reads the
// bucket from the policy's Resource, as get-bucket-policy output does not
// name it.
func s3Resources(r *rand.Rand, inBucket bool) ([]string, string) {
	var out []string
	for range 1 + r.IntN(2) {
		pool := objectResources
		if r.IntN(3) == 0 {
			pool = bucketResources
		}
		res := pick(r, pool)
		if inBucket && res != "arn:aws:s3:::bkt" && !strings.HasPrefix(res, "arn:aws:s3:::bkt/") {
			res = "arn:aws:s3:::bkt"
		}
		if !slices.Contains(out, res) {
			out = append(out, res)
		}
	}
	if !inBucket && r.IntN(12) == 0 {
		out = []string{"*"}
	}
	return out, strings.Join(out, "|")
}

// genS3 draws a scenario (the last role's policies, its boundary, the
// bucket policy, COPY or UNLOAD on a prefix) and makes one case per action
// of the statement's plan.
func genS3(r *rand.Rand, i int) []testCase {
	fixed := append(append([]fixedKey(nil), sessionKeys...), fixedKey{secureTransport, []string{"true"}},
		fixedKey{s3PrefixKey, nil}) // set per action below
	b := newBuilder(r, classS3, fixed)
	b.maxOpen = 1 // object keys and the bucket's account multiply the worlds already
	kind, kindName := redshift.Copy, "copy"
	if r.IntN(3) == 0 {
		kind, kindName = redshift.Unload, "unload"
	}
	prefix := pick(r, s3Prefixes)
	b.part("%s=s3://bkt/%s", kindName, prefix)

	var sts []stmt
	var patterns []string
	for s := range 1 + r.IntN(2) {
		effect := "Allow"
		if s > 0 && r.IntN(3) == 0 {
			effect = "Deny"
		}
		a := pick(r, s3Actions)
		st := stmt{"Effect": effect}
		setAction(st, a)
		res, resName := s3Resources(r, false)
		if r.IntN(10) == 0 {
			st["NotResource"] = res
			resName = "not-" + resName
		} else {
			st["Resource"] = res
		}
		patterns = append(patterns, res...)
		b.part("identity.%s=%s:%s", effect, a.name, resName)
		b.maybeCondition(st, "identity."+effect, 35)
		sts = append(sts, st)
	}
	bc := pick(r, []choice{boundaryChoices[0], boundaryChoices[0], boundaryChoices[1], boundaryChoices[3],
		{"allow-get-list", policy(stmt{"Effect": "Allow", "Action": []string{"s3:Get*", "s3:List*"}, "Resource": "*"})}})
	b.part("boundary=%s", bc.name)

	var bucketPolicy any
	if r.IntN(5) < 3 {
		var bsts []stmt
		for s := range 1 + r.IntN(2) {
			effect := "Allow"
			if s > 0 || r.IntN(4) == 0 {
				effect = pick(r, []string{"Allow", "Deny"})
			}
			p := pick(r, bucketPrincipal)
			a := pick(r, s3Actions[:len(s3Actions)-1])
			res, resName := s3Resources(r, true)
			st := stmt{"Effect": effect, "Principal": p.value, "Resource": res}
			setAction(st, a)
			patterns = append(patterns, res...)
			b.part("bucket.%s=%s:%s:%s", effect, p.name, a.name, resName)
			b.maybeCondition(st, "bucket."+effect, 40)
			bsts = append(bsts, st)
		}
		bucketPolicy = policy(bsts...)
	} else {
		b.part("bucket=none")
	}

	a := role{arn: roleA, name: "etl-a", account: acct, trust: redshiftTrust, boundary: bc.value, tags: map[string]string{"team": "data"}}
	identity := []namedPolicy{{Name: "s3", Policy: policy(sts...)}}
	if r.IntN(2) == 0 {
		a.inline = identity
	} else {
		a.managed = identity
	}
	files := map[string]string{"iam-" + acct + ".json": gaad(acct, a), "cluster.json": clusterFile()}
	if bucketPolicy != nil {
		files["bucket-bkt.json"] = bucketPolicyFile(bucketPolicy)
	}
	actions := []string{"s3:ListBucket", "s3:GetObject"}
	if kind == redshift.Unload {
		actions = append(actions, "s3:PutObject")
	}
	var out []testCase
	for _, action := range actions {
		c := testCase{Class: classS3, Files: files, Chain: []string{roleA}, DBUser: dbUser,
			Op: &s3Op{Kind: kind, URI: "s3://bkt/" + prefix, Action: action}}
		c.Oracle = oracleCase{Action: action, Identity: identity, Resource: bucketPolicy}
		if bc.value != nil {
			c.Oracle.Boundary = []namedPolicy{{Name: "boundary", Policy: bc.value}}
		}
		ab := *b
		ab.parts = slices.Clone(b.parts)
		ab.fixed = cloneFixed(b.fixed)
		base := world{Principal: "arn:aws:sts::" + acct + ":assumed-role/etl-a/redshift-session", Account: acct}
		var dims []dimension
		if action == "s3:ListBucket" {
			base.Resource = "arn:aws:s3:::bkt"
			ab.fixed["s3:prefix"] = []string{prefix}
		} else {
			dims = append(dims, objectKeyDimension(prefix, patterns))
		}
		if bucketPolicy != nil {
			dims = append(dims, bucketAccountDimension())
		}
		dims = append(dims, sessionDimension(mentionsSession(sts, bucketPolicy)))
		c.Oracle.Worlds = ab.worlds(base, dims)
		ab.part("action=%s", action)
		c.Name = ab.name(i)
		out = append(out, c)
	}
	return out
}

func cloneFixed(m map[string][]string) map[string][]string {
	out := make(map[string][]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func mentionsSession(sts []stmt, bucketPolicy any) bool {
	return strings.Contains(mustJSON(sts), "assumed-role") || (bucketPolicy != nil && strings.Contains(mustJSON(bucketPolicy), "assumed-role"))
}

// objectKeyDimension: "every object under the prefix" is every key that
// starts with it. The samples are fixed suffixes plus, for each resource
// pattern of the case, a key that matches it and keys next to it, so that
// each pattern matches some samples and misses others where it can.
func objectKeyDimension(prefix string, patterns []string) dimension {
	keys := []string{}
	add := func(k string) {
		if strings.HasPrefix(k, prefix) && !containsString(keys, k) {
			keys = append(keys, k)
		}
	}
	for _, s := range []string{"", "a", "x/y.csv"} {
		add(prefix + s)
	}
	for _, p := range patterns {
		key, ok := strings.CutPrefix(p, "arn:aws:s3:::bkt/")
		if !ok {
			continue
		}
		add(strings.NewReplacer("*", "", "?", "q").Replace(key))
		add(strings.NewReplacer("*", "zz/z", "?", "q").Replace(key))
		// The literal tail after the pattern's last wildcard, right after
		// the prefix: data/*/x.csv matches data/2024/x.csv under data/2024/.
		if i := strings.LastIndexAny(key, "*?"); i >= 0 {
			add(prefix + key[i+1:])
			add(prefix + "q" + key[i+1:])
		}
	}
	d := dimension{name: "object"}
	for _, k := range keys {
		d.alts = append(d.alts, alternative{label: "object=" + k, set: func(w *world) { w.Resource = "arn:aws:s3:::bkt/" + k }})
	}
	return d
}

// bucketAccountDimension: S3 ARNs name no account and a bucket policy
// does not say whose bucket it is, so the bucket may be in the role's
// account or in another.
func bucketAccountDimension() dimension {
	return dimension{name: "bucket-account", alts: []alternative{
		{"bucket-account=same", func(w *world) { w.Account = acct }},
		{"bucket-account=other", func(w *world) { w.Account = "444444444444" }},
	}}
}

func containsString(xs []string, x string) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

// generate makes every case, deterministically.
func generate(perClass int) []testCase {
	var out []testCase
	r := rand.New(rand.NewPCG(9, 10))
	for i := range perClass {
		out = append(out, genRedshiftHop(r, i))
	}
	r = rand.New(rand.NewPCG(9, 11))
	for i := range perClass {
		out = append(out, genChainedHop(r, i))
	}
	r = rand.New(rand.NewPCG(9, 12))
	for i := 0; i < perClass*2/5; i++ {
		out = append(out, genS3(r, i)...)
	}
	for i := range out {
		out[i].Oracle.Name = out[i].Name
	}
	return out
}
