package checks

import (
	"sort"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/access"
	"github.com/redshift-preflight/redshift-preflight/chain"
	"github.com/redshift-preflight/redshift-preflight/redshift"
	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// CheckFile runs every enabled rule over one parsed file, walks the chains
// of its references against cfg.World and decides every verdict. Rules
// only report; the driver applies the selection and the severities, sorts
// and removes duplicates, so the output is deterministic.
func CheckFile(parsed *sqlparse.Result, cfg *Config) *FileResult {
	refs := make([]*RefInfo, len(parsed.References))
	for i := range parsed.References {
		refs[i] = analyze(i, &parsed.References[i], parsed, cfg.Rules.MaxChain)
	}
	var findings []Finding
	pass := &Pass{File: parsed.File, Parsed: parsed, Refs: refs, Config: cfg, findings: &findings, describe: cfg.describer()}
	pass.runRules(PhaseReference)
	if cfg.World != nil {
		blocked := referenceFailures(refs, findings)
		for _, ri := range refs {
			if ri.walkable() && !blocked[ri.Index] {
				ri.Hops, ri.Walked = chain.Walk(*cfg.World, ri.Roles(), ri.opaque()), true
			}
		}
		for _, ri := range refs {
			ri.evaluateOperation(cfg, refs)
		}
	}
	pass.runRules(PhaseHops)
	pass.applyIgnores()
	pass.runRules(PhaseIgnores)
	for i := range findings {
		findings[i].Severity = cfg.Rules.severity(Lookup(findings[i].Rule))
	}
	findings = sortAndDedupe(findings)
	return &FileResult{
		File: parsed.File, Statements: len(parsed.Statements), Secrets: parsed.Secrets,
		References: decideVerdicts(refs, findings, cfg),
		Findings:   findings,
		DynamicSQL: dynamicCredentialSQL(parsed.DynamicSQL),
	}
}

// dynamicCredentialSQL counts the run-time SQL of routine bodies that may
// hold a credential clause: what it runs cannot be read, so it counts as
// not checked. An EXECUTE whose strings name no credential statement or
// clause (a TRUNCATE built at run time) is no credential left unchecked.
func dynamicCredentialSQL(sites []sqlparse.DynamicSQL) int {
	n := 0
	for _, d := range sites {
		if d.Credentials {
			n++
		}
	}
	return n
}

// runRules runs the enabled rules of one phase.
func (p *Pass) runRules(phase Phase) {
	for _, r := range Rules() {
		if r.Phase == phase && r.Run != nil && p.Config.Rules.enabled(r) {
			p.rule = r
			r.Run(p)
		}
	}
}

// referenceFailures: the references a reference-level error rule failed,
// directly or through another reference of a statement Redshift refuses.
// Their chains are not walked (SPEC §7: hops empty), except when the rule
// walks anyway (a chain merely too long, iam-semantics.md §9; a missing
// ASSUMEROLE grant, where the IAM side still matters).
func referenceFailures(refs []*RefInfo, findings []Finding) map[int]bool {
	blocked := map[int]bool{}
	for ref, ids := range referenceErrors(refs, findings) {
		for _, id := range ids {
			blocked[ref] = blocked[ref] || !Lookup(id).WalksAnyway
		}
	}
	return blocked
}

// evaluateOperation decides the operation of a walked reference whose hops
// all work or are unknown.
func (ri *RefInfo) evaluateOperation(cfg *Config, refs []*RefInfo) {
	if !ri.Walked || len(ri.Hops) == 0 {
		return
	}
	for _, h := range ri.Hops {
		if h.Verdict == chain.VerdictFail {
			return
		}
	}
	if last := ri.Hops[len(ri.Hops)-1].To; last != "" {
		ri.Operation = access.Operation(*cfg.World, last, operationOf(ri, refs, cfg.Manifests))
	}
}

// operationOf describes the reference's statement for access.Operation;
// manifests are the local copies of COPY manifests (RunOptions.Manifests).
func operationOf(ri *RefInfo, refs []*RefInfo, manifests map[string][]string) access.Statement {
	st := ri.Statement
	op := access.Statement{Kind: st.Kind, Source: st.Source, Target: ri.Ref.Target, CatalogRole: ri.Ref.Clause == redshift.CatalogRole}
	for _, o := range refs {
		if o.Ref.Statement == ri.Ref.Statement && o.Ref.Clause == redshift.CatalogRole {
			op.HasCatalogRole = true
		}
	}
	opt := func(name string) string { v, _ := st.Option(name); return v }
	has := func(name string) bool { _, ok := st.Option(name); return ok }
	op.Manifest, op.Encrypted, op.Cleanpath = has("MANIFEST"), has("ENCRYPTED"), has("CLEANPATH")
	op.JSONPaths, op.KMSKeyID, op.KMSKeyGiven = opt("JSONPATHS"), opt("KMS_KEY_ID"), has("KMS_KEY_ID")
	op.SecretARN, op.ClusterARN = opt("SECRET_ARN"), opt("CLUSTER_ARN")
	op.Region, op.CatalogID, op.Auth = opt("REGION"), opt("CATALOG_ID"), opt("AUTHENTICATION")
	op.CreateDB, op.AutoOff = has("CREATE EXTERNAL DATABASE"), opt("AUTO") == "OFF"
	if op.Manifest && op.Target != nil {
		op.ManifestEntries, op.ManifestSupplied = manifests[manifestKey(op.Target.URI)]
	}
	return op
}

// manifestKey spells an s3:// URL as RunOptions.Manifests keys it: the
// scheme in lower case, bucket and key as written.
func manifestKey(uri string) string {
	if len(uri) >= 5 && strings.EqualFold(uri[:5], "s3://") {
		return "s3://" + uri[5:]
	}
	return uri
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
