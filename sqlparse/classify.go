package sqlparse

import (
	"strings"

	"github.com/redshift-preflight/redshift-preflight/redshift"
)

// words returns the first n top-level tokens as upper-case words ("" for a
// token that is not a word), skipping placeholders that open the statement.
func (p *clauseParser) words(n int) []string {
	out := make([]string, 0, n)
	for i, t := range p.toks {
		if len(out) == 0 && t.kind == tokPlaceholder {
			continue
		}
		if p.depth[i] != 0 {
			continue
		}
		out = append(out, t.word)
		if t.kind != tokWord {
			out[len(out)-1] = ""
		}
		if len(out) == n {
			break
		}
	}
	for len(out) < n {
		out = append(out, "")
	}
	return out
}

// classify decides the statement's kind; false means it carries no credentials.
func (p *clauseParser) classify(st *Statement) bool {
	counting.add(workTokens, len(p.toks)) // words walks at most all of them (counted here so that it inlines)
	w := p.words(6)
	switch w[0] {
	case "COPY":
		return p.classifyCopy(st, w)
	case "UNLOAD":
		st.Kind = redshift.Unload
	case "SHOW":
		// Only the Data Catalog form has a role (DG-live r_SHOW_DATABASES).
		if w[1] != "DATABASES" || w[2] != "FROM" || w[3] != "DATA" || w[4] != "CATALOG" {
			return false
		}
		st.Kind = redshift.ShowDatabases
	case "ALTER":
		if w[1] != "EXTERNAL" || w[2] != "SCHEMA" {
			return false
		}
		st.Kind = redshift.AlterExternalSchema
	case "CREATE":
		rest := w[1:]
		if rest[0] == "OR" && rest[1] == "REPLACE" {
			rest = rest[2:]
		}
		return p.classifyCreate(st, rest)
	default:
		return false
	}
	return true
}

// classifyCopy tells COPY from S3/EMR/DynamoDB/SSH (and auto-copy jobs) from
// the COPY JOB management commands and PostgreSQL's COPY FROM STDIN.
func (p *clauseParser) classifyCopy(st *Statement, w []string) bool {
	if w[1] == "JOB" {
		switch w[2] {
		case "LIST", "SHOW", "RUN", "DROP", "ALTER", "":
			return false
		}
	}
	if _, ok := p.valueAfter(0, "FROM", false); !ok {
		return false
	}
	st.Kind = redshift.Copy
	if p.wordPair("JOB", "CREATE") {
		st.Kind = redshift.CopyJob
	}
	return true
}

func (p *clauseParser) classifyCreate(st *Statement, w []string) bool {
	switch {
	case w[0] == "EXTERNAL" && w[1] == "SCHEMA":
		st.Kind = redshift.CreateExternalSchema
		counting.add(workTokens, len(p.toks)) // schemaSource's walk (counted here so that it inlines)
		st.Source = p.schemaSource()
	case w[0] == "EXTERNAL" && w[1] == "FUNCTION":
		st.Kind = redshift.CreateExternalFunction
		for _, src := range []redshift.Source{redshift.SourceLambda, redshift.SourceSageMaker} {
			if _, ok := p.valueAfter(0, string(src), false); ok {
				st.Source = src
			}
		}
	case w[0] == "EXTERNAL" && w[1] == "MODEL":
		st.Kind = redshift.CreateExternalModel
	case w[0] == "MODEL":
		st.Kind = redshift.CreateModel
	case w[0] == "LIBRARY":
		st.Kind = redshift.CreateLibrary
	case w[0] == "DATABASE":
		st.Kind = redshift.CreateDatabase
		st.Source = p.databaseSource()
	default:
		return false
	}
	return true
}

// schemaSource reads CREATE EXTERNAL SCHEMA's FROM variant; DATA CATALOG is the default.
func (p *clauseParser) schemaSource() redshift.Source {
	for i, t := range p.toks {
		if p.depth[i] != 0 || !t.is("FROM") || i+1 >= len(p.toks) {
			continue
		}
		if src, ok := redshift.SchemaSources[p.toks[i+1].word]; ok {
			return src
		}
		return redshift.SourceDataCatalog
	}
	return redshift.SourceDataCatalog
}

// databaseSource reads CREATE DATABASE's FROM variant (ARN, INTEGRATION,
// DATASHARE); "" for the form without FROM.
func (p *clauseParser) databaseSource() redshift.Source {
	counting.add(workTokens, len(p.toks))
	for i := 0; i+1 < len(p.toks); i++ {
		if p.depth[i] == 0 && p.toks[i].is("FROM") {
			return redshift.DatabaseSources[p.toks[i+1].word]
		}
	}
	return ""
}

// wordPair reports whether the top level holds the words a b in a row.
func (p *clauseParser) wordPair(a, b string) bool {
	counting.add(workTokens, len(p.toks))
	for i := 0; i+1 < len(p.toks); i++ {
		if p.depth[i] == 0 && p.toks[i].is(a) && p.toks[i+1].is(b) {
			return true
		}
	}
	return false
}

// valueAfter finds the first word (at the top level unless anyDepth) that is
// followed by a string or placeholder, starting at token from, and decodes it.
func (p *clauseParser) valueAfter(from int, word string, anyDepth bool) (Value, bool) {
	counting.add(workTokens, len(p.toks)-from)
	for i := from; i+1 < len(p.toks); i++ {
		if (!anyDepth && p.depth[i] != 0) || !p.toks[i].is(word) {
			continue
		}
		if k := p.toks[i+1].kind; k == tokString || k == tokPlaceholder {
			v, _ := p.value(i + 1)
			return v, true
		}
	}
	return Value{}, false
}

// target names what the statement reads, writes or calls, or nil.
func (p *clauseParser) target(st *Statement) *redshift.Target {
	str := func(word string, anyDepth bool) (string, bool) {
		v, ok := p.valueAfter(0, word, anyDepth)
		return v.Text, ok
	}
	switch st.Kind {
	case redshift.Copy, redshift.CopyJob:
		if uri, ok := str("FROM", false); ok {
			return p.copySource(uri)
		}
	case redshift.Unload:
		if uri, ok := str("TO", false); ok && hasScheme(uri, "s3") {
			return &redshift.Target{Kind: redshift.TargetS3, URI: uri}
		}
	case redshift.CreateExternalSchema:
		return p.schemaTarget(st.Source, str)
	case redshift.CreateExternalFunction:
		if name, ok := str(string(st.Source), false); ok {
			kind := redshift.TargetLambda
			if st.Source == redshift.SourceSageMaker {
				kind = redshift.TargetSageMaker
			}
			return &redshift.Target{Kind: kind, URI: name}
		}
	case redshift.CreateModel:
		if ep, ok := str("SAGEMAKER", false); ok {
			return &redshift.Target{Kind: redshift.TargetSageMaker, URI: ep}
		}
		if bucket, ok := str("S3_BUCKET", true); ok {
			return &redshift.Target{Kind: redshift.TargetS3, URI: "s3://" + bucket}
		}
	case redshift.CreateExternalModel:
		if id, ok := p.modelID(); ok {
			return &redshift.Target{Kind: redshift.TargetBedrock, URI: id}
		}
	case redshift.CreateLibrary:
		if uri, ok := str("FROM", false); ok {
			switch {
			case hasScheme(uri, "s3"):
				return &redshift.Target{Kind: redshift.TargetS3, URI: uri}
			case hasScheme(uri, "https"):
				return &redshift.Target{Kind: redshift.TargetHTTPS, URI: uri}
			}
		}
	case redshift.CreateDatabase:
		if arn, ok := str("ARN", false); ok && st.Source == redshift.SourceARN {
			return &redshift.Target{Kind: redshift.TargetGlue, URI: arn}
		}
	case redshift.ShowDatabases:
		if accounts := p.stringList("ACCOUNT"); len(accounts) > 0 {
			return &redshift.Target{Kind: redshift.TargetGlue, URI: strings.Join(accounts, ",")}
		}
	}
	return nil
}

// stringList reads word 'a', 'b', ... at the top level (SHOW DATABASES'
// ACCOUNT list): the quoted values up to the first token that is neither
// a string nor a comma.
func (p *clauseParser) stringList(word string) []string {
	counting.add(workTokens, len(p.toks))
	var out []string
	for i := 0; i+1 < len(p.toks); i++ {
		if p.depth[i] != 0 || !p.toks[i].is(word) {
			continue
		}
		for j := i + 1; j < len(p.toks) && p.toks[j].kind == tokString; j += 2 {
			if v, _ := p.value(j); v.Form == FormQuoted {
				out = append(out, v.Text)
			}
			if j+1 >= len(p.toks) || !p.toks[j+1].isPunct(",") {
				break
			}
		}
		return out
	}
	return nil
}

func (p *clauseParser) copySource(uri string) *redshift.Target {
	switch {
	case hasScheme(uri, "s3") && p.hasWord("SSH"):
		return &redshift.Target{Kind: redshift.TargetSSH, URI: uri}
	case hasScheme(uri, "s3"):
		return &redshift.Target{Kind: redshift.TargetS3, URI: uri}
	case hasScheme(uri, "emr"):
		return &redshift.Target{Kind: redshift.TargetEMR, URI: uri}
	case hasScheme(uri, "dynamodb"):
		return &redshift.Target{Kind: redshift.TargetDynamoDB, URI: uri}
	}
	return nil
}

func (p *clauseParser) schemaTarget(source redshift.Source, str func(string, bool) (string, bool)) *redshift.Target {
	switch source {
	case redshift.SourceDataCatalog:
		if db, ok := str("DATABASE", false); ok {
			return &redshift.Target{Kind: redshift.TargetGlue, URI: db}
		}
	case redshift.SourcePostgres, redshift.SourceMySQL:
		if arn, ok := str("SECRET_ARN", false); ok {
			return &redshift.Target{Kind: redshift.TargetSecret, URI: arn}
		}
	case redshift.SourceMSK, redshift.SourceKafka:
		for _, w := range []string{"CLUSTER_ARN", "URI"} {
			if v, ok := str(w, false); ok {
				return &redshift.Target{Kind: redshift.TargetKafka, URI: v}
			}
		}
	}
	return nil
}

// modelID reads SETTINGS (MODEL_ID id): written quoted or bare; a bare id
// ("anthropic.claude-v2:1") is every token up to the next ',' or ')'.
func (p *clauseParser) modelID() (string, bool) {
	counting.add(workTokens, len(p.toks))
	if v, ok := p.valueAfter(0, "MODEL_ID", true); ok {
		return v.Text, true
	}
	for i := 0; i+1 < len(p.toks); i++ {
		if !p.toks[i].is("MODEL_ID") || p.toks[i+1].kind != tokWord {
			continue
		}
		end := i + 1
		for end+1 < len(p.toks) && !p.toks[end+1].isPunct(",") && !p.toks[end+1].isPunct(")") {
			end++
		}
		return string(p.src[p.toks[i+1].span.Start:p.toks[end].span.End]), true
	}
	return "", false
}

func (p *clauseParser) hasWord(w string) bool {
	counting.add(workTokens, len(p.toks))
	for i, t := range p.toks {
		if p.depth[i] == 0 && t.is(w) {
			return true
		}
	}
	return false
}

func hasScheme(uri, scheme string) bool {
	return len(uri) > len(scheme)+3 && strings.EqualFold(uri[:len(scheme)+3], scheme+"://")
}
