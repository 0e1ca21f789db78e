package report

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/checks"
)

// legacyJSON and legacySARIF are the printers as they were before they
// streamed: the whole document built in memory, then encodeJSON
// (encoding/json, redact.JSON, json.Indent). The streamed output must be
// the same bytes.
func legacyJSON(t *testing.T, res *checks.Results) []byte {
	type report struct {
		Version    int           `json:"version"`
		Tool       Tool          `json:"tool"`
		References []jsonRef     `json:"references"`
		Findings   []jsonFinding `json:"findings"`
		Summary    jsonSummary   `json:"summary"`
	}
	out := report{Version: 1, Tool: testTool, References: []jsonRef{}, Findings: []jsonFinding{}, Summary: jsonSummaryOf(res.Summary)}
	for _, fr := range res.Files {
		for _, r := range fr.References {
			out.References = append(out.References, jsonReference(fr.File, r))
		}
		for _, f := range fr.Findings {
			out.Findings = append(out.Findings, jsonFindingOf(f))
		}
	}
	return legacyEncode(t, out)
}

func legacySARIF(t *testing.T, res *checks.Results, base Base) []byte {
	type run struct {
		Tool               sarifTool                `json:"tool"`
		OriginalURIBaseIDs map[string]sarifArtifact `json:"originalUriBaseIds,omitempty"`
		Invocations        []sarifInvocation        `json:"invocations"`
		Results            []sarifResult            `json:"results"`
		ColumnKind         string                   `json:"columnKind"`
	}
	type log struct {
		Schema  string `json:"$schema"`
		Version string `json:"version"`
		Runs    []run  `json:"runs"`
	}
	rules := checks.Rules()
	index := map[checks.RuleID]int{}
	r := run{Tool: sarifTool{Driver: sarifDriver{Name: testTool.Name, SemanticVersion: testTool.Version,
		InformationURI: sarifInfoURI, Rules: []sarifRule{}}},
		Invocations: []sarifInvocation{{ExecutionSuccessful: true}}, Results: []sarifResult{}, ColumnKind: "unicodeCodePoints"}
	if base.Root != "" {
		r.OriginalURIBaseIDs = map[string]sarifArtifact{sarifSrcRoot: {URI: fileURI(base.Root, true)}}
	}
	for i, rule := range rules {
		index[rule.ID] = i
		r.Tool.Driver.Rules = append(r.Tool.Driver.Rules, sarifRuleOf(rule))
	}
	for _, fr := range res.Files {
		seen := map[string]int{}
		var lines blankCache
		for _, f := range fr.Findings {
			r.Results = append(r.Results, sarifResultOf(fr, f, index, seen, &lines, base))
		}
	}
	return legacyEncode(t, log{Schema: sarifSchema, Version: sarifVersion, Runs: []run{r}})
}

func legacyEncode(t testing.TB, v any) []byte {
	var buf bytes.Buffer
	if err := encodeJSON(&buf, v); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// hostileFiles put into file names and role chains what the printers
// must mask or escape: literal keys, invalid UTF-8, C0, DEL, C1, line
// separators, bidirectional controls, the runner's "##[" and quotes.
var hostileFiles = []fixtureFile{
	{"a\xff\xfeb\x01\x7f\u0085\u2028\u202e##[x]\"\\" + fixtureAccessKey + ".sql",
		"COPY t FROM 's3://b/p' IAM_ROLE 'arn:aws:iam::123456789012:role/A\xff, ##[" + fixtureSecretKey + "\u2029\x1b[2J';\n" +
			"COPY t FROM 's3://b/\xc3' ACCESS_KEY_ID '" + fixtureAccessKey + "' SECRET_ACCESS_KEY '" + fixtureSecretKey + "';\n"},
	{"/elsewhere/\u00e9t\u00e9 %20.sql", "UNLOAD ('select \"\\u2028\"') TO 's3://b/u' IAM_ROLE ' arn:aws:iam::123456789012:role/U';\n"},
}

func assertSameBytes(t *testing.T, what string, got, want []byte) {
	t.Helper()
	if !bytes.Equal(got, want) {
		t.Errorf("%s: streamed output differs from the built one\n--- streamed\n%s\n--- built\n%s", what, got, want)
	}
}

func streamedJSON(t testing.TB, res *checks.Results) []byte {
	var buf bytes.Buffer
	if err := JSON(&buf, testTool, res); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func streamedSARIF(t testing.TB, res *checks.Results, base Base) []byte {
	var buf bytes.Buffer
	if err := writeSARIF(&buf, testTool, res, base); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestStreamedEqualsBuilt: byte for byte the output of before, on the
// fixture, on hostile names and values, and with no findings at all.
func TestStreamedEqualsBuilt(t *testing.T) {
	for name, files := range map[string][]fixtureFile{
		"fixture": fixtureFiles, "hostile": hostileFiles,
		"empty": {{"clean.sql", "COPY t FROM 's3://b/p' IAM_ROLE default;\n"}},
	} {
		res := runPipeline(t, files)
		assertSameBytes(t, name+" json", streamedJSON(t, res), legacyJSON(t, res))
		for _, base := range []Base{testBase, {}} {
			assertSameBytes(t, name+" sarif", streamedSARIF(t, res, base), legacySARIF(t, res, base))
		}
	}
	res := runPipeline(t, hostileFiles)
	assertNoSecrets(t, "json", streamedJSON(t, res))
	assertNoSecrets(t, "sarif", streamedSARIF(t, res, testBase))
}

// TestStreamWriteError: a failing writer's error is returned.
func TestStreamWriteError(t *testing.T) {
	res := manyResults()
	if err := JSON(failingWriter{}, testTool, res); err == nil {
		t.Error("JSON: no error from a failing writer")
	}
	if err := writeSARIF(failingWriter{}, testTool, res, testBase); err == nil {
		t.Error("SARIF: no error from a failing writer")
	}
}

// FuzzStreamedEqualsBuilt: any file name and SQL give the bytes of the
// built document, in both formats.
func FuzzStreamedEqualsBuilt(f *testing.F) {
	for _, h := range append(hostileFiles, fixtureFiles...) {
		f.Add(h.name, h.src)
	}
	f.Fuzz(func(t *testing.T, name, src string) {
		opts := checks.RunOptions{Rules: checks.RuleOptions{MaxChain: 10}}
		opts.Sources = []checks.Source{{Name: name, Reader: bytes.NewReader([]byte(src))}}
		res, err := checks.Run(opts)
		if err != nil {
			t.Skip(err)
		}
		assertSameBytes(t, "json", streamedJSON(t, res), legacyJSON(t, res))
		assertSameBytes(t, "sarif", streamedSARIF(t, res, testBase), legacySARIF(t, res, testBase))
	})
}

// TestStreamedStringsArePlain: jsonStream masks and escapes the values of
// type string, and only those (go-json-experiment's marshalers go by the
// exact type): a named string type or a []byte in a streamed struct would
// be written without redact.
func TestStreamedStringsArePlain(t *testing.T) {
	var check func(path string, typ reflect.Type)
	check = func(path string, typ reflect.Type) {
		switch typ.Kind() {
		case reflect.String:
			if typ != reflect.TypeFor[string]() {
				t.Errorf("%s is a %v: make it a string", path, typ)
			}
		case reflect.Pointer, reflect.Slice, reflect.Array:
			if typ.Elem().Kind() == reflect.Uint8 {
				t.Errorf("%s is a %v: make it a string", path, typ)
			}
			check(path+"[]", typ.Elem())
		case reflect.Map:
			check(path+"{key}", typ.Key())
			check(path+"{}", typ.Elem())
		case reflect.Struct:
			for f := range typ.Fields() {
				check(path+"."+f.Name, f.Type)
			}
		case reflect.Interface:
			t.Errorf("%s is an interface: its strings could be of any type", path)
		}
	}
	for _, v := range []any{Tool{}, jsonRef{}, jsonFinding{}, jsonSummary{},
		sarifTool{}, map[string]sarifArtifact{}, []sarifInvocation{}, sarifResult{}} {
		check(reflect.TypeOf(v).String(), reflect.TypeOf(v))
	}
}
