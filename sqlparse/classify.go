package sqlparse

import "strings"

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
	w := p.words(6)
	switch w[0] {
	case "COPY":
		return p.classifyCopy(st, w)
	case "UNLOAD":
		st.Kind, st.NeedsAuthorization = StmtUnload, true
	case "ALTER":
		if w[1] != "EXTERNAL" || w[2] != "SCHEMA" {
			return false
		}
		st.Kind = StmtAlterExternalSchema
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
	st.Kind, st.NeedsAuthorization = StmtCopy, true
	if p.wordPair("JOB", "CREATE") {
		st.Kind = StmtCopyJob
	}
	return true
}

func (p *clauseParser) classifyCreate(st *Statement, w []string) bool {
	switch {
	case w[0] == "EXTERNAL" && w[1] == "SCHEMA":
		st.Kind = StmtCreateExternalSchema
		st.Source = p.schemaSource()
		st.NeedsAuthorization = st.Source != "REDSHIFT" && st.Source != "KAFKA"
	case w[0] == "EXTERNAL" && w[1] == "FUNCTION":
		st.Kind, st.NeedsAuthorization = StmtCreateExternalFunction, true
		for _, src := range []string{"LAMBDA", "SAGEMAKER"} {
			if _, ok := p.valueAfter(0, src, false); ok {
				st.Source = src
			}
		}
	case w[0] == "EXTERNAL" && w[1] == "MODEL":
		st.Kind, st.NeedsAuthorization = StmtCreateExternalModel, true
	case w[0] == "MODEL":
		st.Kind, st.NeedsAuthorization = StmtCreateModel, true
	case w[0] == "LIBRARY":
		st.Kind = StmtCreateLibrary
		from, ok := p.valueAfter(0, "FROM", false)
		// Only a library loaded from S3 needs AWS authorization; https:// needs none.
		st.NeedsAuthorization = ok && !strings.HasPrefix(strings.ToLower(from.Text), "https://")
	case w[0] == "DATABASE":
		st.Kind = StmtCreateDatabase
		if p.wordPair("FROM", "ARN") {
			st.Source = "ARN"
		}
	default:
		return false
	}
	return true
}

// schemaSource reads CREATE EXTERNAL SCHEMA's FROM variant; DATA CATALOG is the default.
func (p *clauseParser) schemaSource() string {
	for i, t := range p.toks {
		if p.depth[i] != 0 || !t.is("FROM") || i+1 >= len(p.toks) {
			continue
		}
		switch next := p.toks[i+1].word; next {
		case "HIVE":
			return "HIVE METASTORE"
		case "POSTGRES", "MYSQL", "KINESIS", "MSK", "REDSHIFT", "KAFKA":
			return next
		}
		return "DATA CATALOG"
	}
	return "DATA CATALOG"
}

// wordPair reports whether the top level holds the words a b in a row.
func (p *clauseParser) wordPair(a, b string) bool {
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
func (p *clauseParser) target(st *Statement) *Target {
	str := func(word string, anyDepth bool) (string, bool) {
		v, ok := p.valueAfter(0, word, anyDepth)
		return v.Text, ok
	}
	switch st.Kind {
	case StmtCopy, StmtCopyJob:
		if uri, ok := str("FROM", false); ok {
			return p.copySource(uri)
		}
	case StmtUnload:
		if uri, ok := str("TO", false); ok && hasScheme(uri, "s3") {
			return &Target{Kind: "s3", URI: uri}
		}
	case StmtCreateExternalSchema:
		return p.schemaTarget(st.Source, str)
	case StmtCreateExternalFunction:
		if name, ok := str(st.Source, false); ok {
			return &Target{Kind: strings.ToLower(st.Source), URI: name}
		}
	case StmtCreateModel:
		if ep, ok := str("SAGEMAKER", false); ok {
			return &Target{Kind: "sagemaker", URI: ep}
		}
		if bucket, ok := str("S3_BUCKET", true); ok {
			return &Target{Kind: "s3", URI: "s3://" + bucket}
		}
	case StmtCreateExternalModel:
		if id, ok := p.modelID(); ok {
			return &Target{Kind: "bedrock", URI: id}
		}
	case StmtCreateLibrary:
		if uri, ok := str("FROM", false); ok {
			switch {
			case hasScheme(uri, "s3"):
				return &Target{Kind: "s3", URI: uri}
			case hasScheme(uri, "https"):
				return &Target{Kind: "https", URI: uri}
			}
		}
	case StmtCreateDatabase:
		if arn, ok := str("ARN", false); ok {
			return &Target{Kind: "glue", URI: arn}
		}
	}
	return nil
}

func (p *clauseParser) copySource(uri string) *Target {
	switch {
	case hasScheme(uri, "s3") && p.hasWord("SSH"):
		return &Target{Kind: "ssh", URI: uri}
	case hasScheme(uri, "s3"):
		return &Target{Kind: "s3", URI: uri}
	case hasScheme(uri, "emr"):
		return &Target{Kind: "emr", URI: uri}
	case hasScheme(uri, "dynamodb"):
		return &Target{Kind: "dynamodb", URI: uri}
	}
	return nil
}

func (p *clauseParser) schemaTarget(source string, str func(string, bool) (string, bool)) *Target {
	switch source {
	case "DATA CATALOG":
		if db, ok := str("DATABASE", false); ok {
			return &Target{Kind: "glue", URI: db}
		}
	case "POSTGRES", "MYSQL":
		if arn, ok := str("SECRET_ARN", false); ok {
			return &Target{Kind: "secret", URI: arn}
		}
	case "MSK", "KAFKA":
		for _, w := range []string{"CLUSTER_ARN", "URI"} {
			if v, ok := str(w, false); ok {
				return &Target{Kind: "kafka", URI: v}
			}
		}
	}
	return nil
}

// modelID reads SETTINGS (MODEL_ID id): written quoted or bare; a bare id
// ("anthropic.claude-v2:1") is every token up to the next ',' or ')'.
func (p *clauseParser) modelID() (string, bool) {
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
