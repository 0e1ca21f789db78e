package sqlparse

import (
	"strings"

	"github.com/redshift-preflight/redshift-preflight/redshift"
)

// options reads the options that decide which AWS permissions a statement
// needs (redshift-grammar.md §5): where it reads or writes besides its
// target, and with which keys. Only top-level words count, except inside
// CREATE MODEL's SETTINGS (...), whose KMS_KEY_ID is nested.
func (p *clauseParser) options(st *Statement) map[string]string {
	out := map[string]string{}
	flag := func(word string) {
		if p.hasWord(word) {
			out[word] = ""
		}
	}
	value := func(word string, anyDepth bool) {
		if v, ok := p.valueAfter(0, word, anyDepth); ok && v.Form == FormQuoted {
			out[word] = v.Text
		}
	}
	switch st.Kind {
	case redshift.Copy, redshift.CopyJob:
		flag("MANIFEST")
		flag("ENCRYPTED")
		p.regionOption(out)
		if v, ok := p.valueAfter(0, "JSON", false); ok && v.Form == FormQuoted && hasScheme(v.Text, "s3") {
			out["JSONPATHS"] = v.Text
		}
	case redshift.Unload:
		flag("ENCRYPTED")
		flag("CLEANPATH")
		value("KMS_KEY_ID", false)
		p.regionOption(out)
	case redshift.CreateExternalSchema, redshift.AlterExternalSchema:
		value("SECRET_ARN", false)
		value("CLUSTER_ARN", false)
		value("CATALOG_ID", false)
		p.regionOption(out)
		if p.wordPair("EXTERNAL", "DATABASE") && p.wordPair("NOT", "EXISTS") {
			out["CREATE EXTERNAL DATABASE"] = ""
		}
		if w := p.wordAfter("AUTHENTICATION"); w != "" {
			out["AUTHENTICATION"] = w
		}
	case redshift.CreateModel:
		value("KMS_KEY_ID", true)
		if w := p.wordAfter("AUTO"); w == "ON" || w == "OFF" {
			out["AUTO"] = w
		}
	case redshift.CreateLibrary:
		p.regionOption(out)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// regionOption reads REGION [AS] 'region'.
func (p *clauseParser) regionOption(out map[string]string) {
	counting.add(workTokens, len(p.toks))
	for i := 0; i+1 < len(p.toks); i++ {
		if p.depth[i] != 0 || !p.toks[i].is("REGION") {
			continue
		}
		j := i + 1
		if p.toks[j].is("AS") {
			j++
		}
		if j < len(p.toks) && p.toks[j].kind == tokString {
			if v, _ := p.value(j); v.Form == FormQuoted {
				out["REGION"] = v.Text
				return
			}
		}
	}
}

// wordAfter returns the upper-case word that follows word at the top level,
// or "" (AUTHENTICATION iam, AUTO OFF).
func (p *clauseParser) wordAfter(word string) string {
	counting.add(workTokens, len(p.toks))
	for i := 0; i+1 < len(p.toks); i++ {
		if p.depth[i] == 0 && p.toks[i].is(word) && p.toks[i+1].kind == tokWord {
			return strings.ToUpper(p.toks[i+1].word)
		}
	}
	return ""
}
