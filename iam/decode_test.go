package iam

import (
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"
)

const trustJSON = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/a+b"},"Action":"sts:AssumeRole"}]}`

func TestDecodePolicyEncodings(t *testing.T) {
	quoted, _ := json.Marshal(trustJSON)
	urlEncoded := `%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22AWS%22%3A%22arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fa+b%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D`
	quotedURL, _ := json.Marshal(urlEncoded)
	cases := map[string]string{
		"object":              trustJSON,
		"object with spaces":  "\n  " + trustJSON + "\n",
		"JSON string":         string(quoted),
		"URL-encoded, quoted": string(quotedURL),
		"URL-encoded, bare":   urlEncoded,
	}
	for name, input := range cases {
		t.Run(name, func(t *testing.T) {
			p, err := DecodePolicy([]byte(input))
			if err != nil {
				t.Fatal(err)
			}
			// "+" must survive URL decoding: it is legal in role names.
			if got := p.Statements[0].Principal.AWS; !reflect.DeepEqual(got, []string{"arn:aws:iam::123456789012:role/a+b"}) {
				t.Errorf("principal = %q", got)
			}
		})
	}
}

func TestDecodePolicyShapes(t *testing.T) {
	p := mustPolicy(t, `{"Id":"x","Statement":{"Sid":"One","Effect":"Deny","NotAction":"s3:*","NotResource":["a","b"],
		"NotPrincipal":{"AWS":["111111111111"],"Service":"ec2.amazonaws.com","Federated":"cognito-identity.amazonaws.com","CanonicalUser":"abc"},
		"Condition":{"StringEquals":{"k1":["a",true,12.50]},"Bool":{"aws:SecureTransport":false},"NumericLessThan":{"n":3}}}}`)
	want := &Policy{ID: "x", Statements: []Statement{{
		Sid: "One", Effect: Deny, NotAction: []string{"s3:*"}, NotResource: []string{"a", "b"},
		NotPrincipal: &Principal{AWS: []string{"111111111111"}, Service: []string{"ec2.amazonaws.com"},
			Federated: []string{"cognito-identity.amazonaws.com"}, CanonicalUser: []string{"abc"}},
		Conditions: []Condition{
			{Operator: "Bool", Key: "aws:SecureTransport", Values: []ConditionValue{{BoolValue, "false"}}},
			{Operator: "NumericLessThan", Key: "n", Values: []ConditionValue{{NumberValue, "3"}}},
			{Operator: "StringEquals", Key: "k1", Values: []ConditionValue{{StringValue, "a"}, {BoolValue, "true"}, {NumberValue, "12.50"}}},
		},
	}}}
	if !reflect.DeepEqual(p, want) {
		t.Errorf("got  %+v\nwant %+v", p, want)
	}
}

func TestDecodePrincipalForms(t *testing.T) {
	star := mustPolicy(t, `{"Statement":{"Effect":"Allow","Principal":"*","Action":"*"}}`).Statements[0].Principal
	awsStar := mustPolicy(t, `{"Statement":{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"*"}}`).Statements[0].Principal
	if !star.All || star.AWS != nil || !star.IsWildcard() {
		t.Errorf(`"*" = %+v`, star)
	}
	if awsStar.All || !reflect.DeepEqual(awsStar.AWS, []string{"*"}) || !awsStar.IsWildcard() {
		t.Errorf(`{"AWS":"*"} = %+v`, awsStar)
	}
}

func TestDecodeKeepsAbsentAndEmptyApart(t *testing.T) {
	st := mustPolicy(t, `{"Statement":{"Effect":"Allow","Action":[],"Resource":[]}}`).Statements[0]
	if st.Action == nil || len(st.Action) != 0 || st.Resource == nil || st.NotResource != nil {
		t.Errorf("Action=%#v Resource=%#v NotResource=%#v", st.Action, st.Resource, st.NotResource)
	}
}

func TestDecodeElementNamesCaseInsensitive(t *testing.T) {
	p := mustPolicy(t, `{"version":"2012-10-17","statement":{"effect":"Allow","action":"s3:GetObject","principal":{"aws":"*"}}}`)
	if p.Version != Version2012 || p.Statements[0].Effect != Allow || p.Statements[0].Principal.AWS[0] != "*" {
		t.Errorf("got %+v", p)
	}
}

func TestDecodePolicyErrors(t *testing.T) {
	cases := []struct{ doc, want string }{
		{`[]`, "policy document: want a JSON object, a string holding one, or a URL-encoded one"},
		{`{"Statement":`, "policy document: invalid JSON"},
		{`{"Statement":[]} {}`, "policy document: unexpected data after the JSON document"},
		{`%ZZ`, "policy document: invalid URL encoding"},
		{`{"Version":"2012-10-18","Statement":[]}`, `Version: want 2012-10-17 or 2008-10-17, got "2012-10-18"`},
		{`{"Version":1,"Statement":[]}`, "Version: want a string, got number"},
		{`{"Version":"2012-10-17"}`, "Statement: missing"},
		{`{"Statement":[],"Foo":1}`, "Foo: unknown element (want one of Version, Id, Statement)"},
		{`{"Statement":[],"statement":[]}`, `policy document: duplicate member "statement" (the same as "Statement" in IAM; AWS does not document which one applies)`},
		{`{"Statement":["x"]}`, "Statement[0]: want an object, got string"},
		{`{"Statement":[{"Effect":"Allow","Action":"a"},{"Action":"a"}]}`, "Statement[1].Effect: missing"},
		{`{"Statement":{"Effect":"allow","Action":"a"}}`, `Statement.Effect: want "Allow" or "Deny", got "allow"`},
		{`{"Statement":{"Effect":"Allow"}}`, "Statement: missing Action or NotAction"},
		{`{"Statement":{"Effect":"Allow","Action":"a","NotAction":"b"}}`, "Statement: Action and NotAction cannot both be present"},
		{`{"Statement":{"Effect":"Allow","Action":"a","Resource":"*","NotResource":"b"}}`, "Statement: Resource and NotResource cannot both be present"},
		{`{"Statement":{"Effect":"Allow","Action":"a","Principal":"*","NotPrincipal":"*"}}`, "Statement: Principal and NotPrincipal cannot both be present"},
		{`{"Statement":{"Effect":"Allow","Action":["a",1]}}`, "Statement.Action[1]: want a string, got number"},
		{`{"Statement":{"Effect":"Allow","Action":{"a":1}}}`, "Statement.Action: want a string or a list of strings, got object"},
		{`{"Statement":{"Effect":"Allow","Action":"a","Principal":"arn:aws:iam::1:root"}}`, `Statement.Principal: want "*" or an object such as {"AWS": ...}, got "arn:aws:iam::1:root"`},
		{`{"Statement":{"Effect":"Allow","Action":"a","Principal":{"User":"x"}}}`, "Statement.Principal.User: unknown element (want one of AWS, Service, Federated, CanonicalUser)"},
		{`{"Statement":{"Effect":"Allow","Action":"a","Principal":{"AWS":[null]}}}`, "Statement.Principal.AWS[0]: want a string, got null"},
		{`{"Statement":[{"Effect":"Allow","Action":"a"},{"Effect":"Allow","Action":"a"},{"Effect":"Allow","Action":"a","Condition":{"StringEquals":["x"]}}]}`,
			"Statement[2].Condition.StringEquals: want an object of condition keys, got array"},
		{`{"Statement":{"Effect":"Allow","Action":"a","Condition":[]}}`, "Statement.Condition: want an object of condition operators, got array"},
		{`{"Statement":{"Effect":"Allow","Action":"a","Condition":{"StringEquals":{"k":{"x":1}}}}}`, "Statement.Condition.StringEquals.k: want a string, boolean or number, got object"},
		{`{"Statement":{"Effect":"Allow","Action":"a","Condition":{"StringEquals":{"k":["x",null]}}}}`, "Statement.Condition.StringEquals.k[1]: want a string, boolean or number, got null"},
		{`{"Statement":{"Effect":"Allow","Action":"a","Sid":7}}`, "Statement.Sid: want a string, got number"},
	}
	for _, c := range cases {
		_, err := DecodePolicyString(c.doc)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%s\n got %v\nwant %s", c.doc, err, c.want)
		}
		var de *DecodeError
		if err != nil && !asDecodeError(err, &de) {
			t.Errorf("%s: error %T is not a *DecodeError", c.doc, err)
		}
	}
}

func asDecodeError(err error, target **DecodeError) bool {
	de, ok := err.(*DecodeError)
	*target = de
	return ok
}

func TestPrefixPath(t *testing.T) {
	_, err := DecodePolicyString(`{"Statement":{"Effect":"Allow","Action":1}}`)
	got := PrefixPath(err, "Policies[3].PolicyVersionList[0].Document").Error()
	if want := "Policies[3].PolicyVersionList[0].Document.Statement.Action: want a string or a list of strings, got number"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	_, err = DecodePolicyString(`x`)
	if got := PrefixPath(err, "Role.AssumeRolePolicyDocument").Error(); !strings.HasPrefix(got, "Role.AssumeRolePolicyDocument: want a JSON object") {
		t.Errorf("got %q", got)
	}
	if PrefixPath(nil, "x") != nil {
		t.Error("PrefixPath(nil) != nil")
	}
}

func TestDefaultVersion(t *testing.T) {
	v1 := PolicyVersion{VersionID: "v1", Document: json.RawMessage(`{"Statement":{"Effect":"Deny","Action":"*"}}`)}
	v2 := PolicyVersion{VersionID: "v2", IsDefaultVersion: true, Document: json.RawMessage(`"{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\"}}"`)}
	got, err := DefaultVersion([]PolicyVersion{v1, v2})
	if err != nil || got.VersionID != "v2" {
		t.Fatalf("got %v, %v", got.VersionID, err)
	}
	p, err := got.Decode()
	if err != nil || p.Statements[0].Effect != Allow {
		t.Fatalf("decode default: %v %v", p, err)
	}
	if _, err := DefaultVersion([]PolicyVersion{v1}); err == nil {
		t.Error("no default: want error")
	}
	v1.IsDefaultVersion = true
	if _, err := DefaultVersion([]PolicyVersion{v1, v2}); err == nil || !strings.Contains(err.Error(), `"v1" and "v2"`) {
		t.Errorf("two defaults: got %v", err)
	}
	bad := PolicyVersion{VersionID: "v3", IsDefaultVersion: true, Document: json.RawMessage(`{"Statement":{"Effect":"Allow"}}`)}
	if _, err := bad.Decode(); err == nil || err.Error() != "Document.Statement: missing Action or NotAction" {
		t.Errorf("got %v", err)
	}
}

// gaadDocuments pulls every policy document out of a
// get-account-authorization-details export, as an inventory loader would.
func gaadDocuments(t *testing.T, file string) map[string]*Policy {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var gaad struct {
		RoleDetailList []struct {
			RoleName                 string
			AssumeRolePolicyDocument json.RawMessage
			RolePolicyList           []struct {
				PolicyName     string
				PolicyDocument json.RawMessage
			}
		}
		Policies []struct {
			Arn               string
			PolicyVersionList []PolicyVersion
		}
	}
	if err := json.Unmarshal(data, &gaad); err != nil {
		t.Fatal(err)
	}
	out := map[string]*Policy{}
	add := func(name string, raw json.RawMessage) {
		p, err := DecodePolicy(raw)
		if err != nil {
			t.Fatalf("%s %s: %v", file, name, err)
		}
		out[name] = p
	}
	for _, r := range gaad.RoleDetailList {
		add(r.RoleName+" trust", r.AssumeRolePolicyDocument)
		for _, ip := range r.RolePolicyList {
			add(r.RoleName+" "+ip.PolicyName, ip.PolicyDocument)
		}
	}
	for _, mp := range gaad.Policies {
		v, err := DefaultVersion(mp.PolicyVersionList)
		if err != nil {
			t.Fatal(err)
		}
		add(mp.Arn, v.Document)
	}
	return out
}

// The CLI form (objects) and the SDK form (URL-encoded strings) of the same
// export must decode to the same documents.
func TestDecodeExportFixtures(t *testing.T) {
	cli := gaadDocuments(t, "testdata/gaad.json")
	sdk := gaadDocuments(t, "testdata/gaad.urlencoded.json")
	if len(cli) < 6 {
		t.Fatalf("only %d documents in the CLI export", len(cli))
	}
	for name, p := range cli {
		if !reflect.DeepEqual(p, sdk[name]) {
			t.Errorf("%s: CLI %+v != SDK %+v", name, p, sdk[name])
		}
	}
}

func TestDecodeTerraformState(t *testing.T) {
	data, err := os.ReadFile("testdata/terraform-state.json")
	if err != nil {
		t.Fatal(err)
	}
	var count int
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, child := range v {
				if s, ok := child.(string); ok && (k == "policy" || k == "assume_role_policy") {
					if _, err := DecodePolicyString(s); err != nil {
						t.Errorf("%s: %v", k, err)
					}
					count++
				}
				walk(child)
			}
		case []any:
			for _, child := range v {
				walk(child)
			}
		}
	}
	var tree any
	if err := json.Unmarshal(data, &tree); err != nil {
		t.Fatal(err)
	}
	walk(tree)
	if count == 0 {
		t.Fatal("no policy strings found in the Terraform state")
	}
}
