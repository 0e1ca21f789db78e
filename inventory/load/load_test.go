package load_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/internal/files"
	. "github.com/redshift-preflight/redshift-preflight/inventory/internal/invtest"
	"github.com/redshift-preflight/redshift-preflight/inventory/load"
)

// Golden dumps of every supported format, alone and combined.
func TestLoadGolden(t *testing.T) {
	tests := []struct {
		name          string
		iam, clusters []string
	}{
		{"cli-gaad+describe-clusters",
			[]string{Fixture("aws-iam-get-account-authorization-details.json")},
			[]string{Fixture("aws-redshift-describe-clusters.json")}},
		{"urlencoded-gaad+moto-describe-clusters",
			[]string{Fixture("aws-iam-get-account-authorization-details.urlencoded.json")},
			[]string{Fixture("aws-redshift-describe-clusters.moto.json")}},
		{"get-role+list-namespaces",
			[]string{Fixture("aws-iam-get-role.json")},
			[]string{Fixture("aws-redshift-serverless-list-namespaces.json")}},
		{"get-namespace+get-workgroup",
			[]string{Fixture("aws-iam-get-account-authorization-details.json")},
			[]string{Fixture("aws-redshift-serverless-get-namespace.json"), Extra("get-workgroup.json")}},
		{"two-accounts",
			[]string{Fixture("aws-iam-get-account-authorization-details.json"), Extra("account-b.json")},
			[]string{Fixture("aws-redshift-describe-clusters.json")}},
		{"list-namespaces+list-workgroups",
			nil,
			[]string{Fixture("aws-redshift-serverless-list-namespaces.json"), Extra("list-workgroups.json")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			Golden(t, tt.name, Dump(t, MustLoad(t, tt.iam, tt.clusters), true))
		})
	}
}

// Errors of the file as a whole: its JSON and its format.
func TestLoadErrors(t *testing.T) {
	WantErrors(t, []ErrorCase{
		{"syntax error", []string{"iam/prod.json", "{\n  \"RoleDetailList\": [\n    {\"Arn\": \"x\" \"Path\": \"/\"}\n  ]\n}"},
			`iam/prod.json: RoleDetailList[0]: invalid JSON at line 3, column 17: invalid character '"' after object value (expecting ',' or '}')`},
		{"truncated", []string{"iam/prod.json", GAADWith(RoleOK)[:150]},
			`iam/prod.json: RoleDetailList[0].AssumeRolePolicyDocument.Statement: invalid JSON at line 1, column 151: unexpected end of file (is the file truncated?)`},
		{"bad escape", []string{"iam/prod.json", `{"RoleDetailList":[{"Arn":"a\qb"}]}`},
			"iam/prod.json: RoleDetailList[0].Arn: invalid JSON at line 1, column 29: invalid escape sequence `\\q` in string"},
		{"control character", []string{"iam/prod.json", "{\"RoleDetailList\":[{\"Arn\":\"a\tb\"}]}"},
			`iam/prod.json: RoleDetailList[0].Arn: invalid JSON at line 1, column 29: invalid character '\t' in string (expecting non-control character)`},
		{"bad number", []string{"c.json", `{"Clusters":[{"Port":01}]}`},
			`c.json: Clusters[0]: invalid JSON at line 1, column 23: invalid character '1' after object value (expecting ',' or '}')`},
		{"trailing comma", []string{"c.json", `{"Clusters":[],}`},
			`c.json: invalid JSON at line 1, column 15: invalid character ',' at start of value`},
		{"trailing data", []string{"c.json", `{"Clusters":[]} {"Clusters":[]}`},
			`c.json: invalid JSON at line 1, column 17: unexpected '{', want the end of the file after the JSON value`},
		{"empty file", []string{"iam/empty.json", " \n"}, `iam/empty.json: empty file`},
		{"UTF-16", []string{"iam/ps.json", "\xff\xfe{\x00"}, `iam/ps.json: the file is UTF-16 encoded (as PowerShell's > writes it); save it as UTF-8`},
		{"UTF-8 BOM is fine", []string{"iam/bom.json", "\xef\xbb\xbf" + GAADWith(RoleOK), "x.json", `{}`},
			`x.json: not a recognised AWS export: expected the JSON output of aws iam get-account-authorization-details, aws iam get-role, aws redshift describe-clusters, aws redshift-serverless get-namespace, list-namespaces, get-workgroup or list-workgroups, or terraform show -json (a state or a saved plan) (the file holds an empty object)`},
		{"unknown shape", []string{"x.json", `{"Items":[1],"Count":1}`},
			`x.json: not a recognised AWS export: expected the JSON output of aws iam get-account-authorization-details, aws iam get-role, aws redshift describe-clusters, aws redshift-serverless get-namespace, list-namespaces, get-workgroup or list-workgroups, or terraform show -json (a state or a saved plan) (top-level keys: "Count", "Items")`},
		{"top-level array", []string{"x.json", `[{"Arn":"a"}]`},
			`x.json: not a recognised AWS export: the top level is an array, want an object; expected the JSON output of aws iam get-account-authorization-details, aws iam get-role, aws redshift describe-clusters, aws redshift-serverless get-namespace, list-namespaces, get-workgroup or list-workgroups, or terraform show -json (a state or a saved plan)`},
		{"ambiguous", []string{"x.json", `{"Role":` + RoleOK + `,"Clusters":[]}`},
			`x.json: ambiguous export: the top-level keys are those of aws iam get-role and aws redshift describe-clusters output; give each export its own file`},
		{"truncated export", []string{"iam/page1.json", `{"RoleDetailList":[` + RoleOK + `],"IsTruncated":true,"Marker":"AAAA"}`},
			`iam/page1.json: IsTruncated: the export is incomplete (IsTruncated is true, more pages follow): export with the AWS CLI without --max-items, which fetches every page`},
		{"max-items export", []string{"iam/page1.json", `{"RoleDetailList":[` + RoleOK + `],"NextToken":"eyJNYXJrZXIiOiBudWxsfQ=="}`},
			`iam/page1.json: NextToken: the export is incomplete (NextToken is set, more pages follow): export with the AWS CLI without --max-items, which fetches every page`},
		{"describe-clusters page", []string{"c.json", `{"Clusters":[],"Marker":"m"}`},
			`c.json: Marker: the export is incomplete (Marker is set, more pages follow): export with the AWS CLI without --max-items, which fetches every page`},
		{"get-role-policy", []string{"iam/p.json", MustRead(t, Fixture("aws-iam-get-role-policy.json"))},
			`iam/p.json: aws iam get-role-policy output is not supported: export the account with "aws iam get-account-authorization-details", which holds every role with its inline and attached managed policies`},
		{"list-attached-role-policies", []string{"iam/p.json", MustRead(t, Fixture("aws-iam-list-attached-role-policies.json"))},
			`iam/p.json: aws iam list-attached-role-policies output (policy ARNs only) is not supported: export the account with "aws iam get-account-authorization-details", which holds every role with its inline and attached managed policies`},
		{"list-role-policies", []string{"iam/p.json", MustRead(t, Fixture("aws-iam-list-role-policies.json"))},
			`iam/p.json: aws iam list-role-policies output (policy names only) is not supported: export the account with "aws iam get-account-authorization-details", which holds every role with its inline and attached managed policies`},
		{"get-policy-version", []string{"iam/p.json", `{"PolicyVersion":{"Document":{"Statement":[]},"VersionId":"v1","IsDefaultVersion":true}}`},
			`iam/p.json: aws iam get-policy-version output is not supported (it does not name its policy): export the account with "aws iam get-account-authorization-details", which holds every role with its inline and attached managed policies`},
		{"get-caller-identity", []string{"x.json", MustRead(t, Fixture("aws-sts-get-caller-identity.json"))},
			`x.json: aws sts get-caller-identity output holds no IAM or cluster data`},
		{"deep nesting", []string{"x.json", `{"Clusters":` + strings.Repeat("[", 20000)},
			`x.json: Clusters` + strings.Repeat("[0]", 9999) + `: invalid JSON at line 1, column 10012: exceeded max depth`},
		{"duplicate top-level member", []string{"iam/123.json", `{"RoleDetailList":[],"RoleDetailList":[` + RoleOK + `]}`},
			`iam/123.json: duplicate member "RoleDetailList" (AWS does not document which one applies)`},
	})
}

func TestPathErrors(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	WriteFile(t, empty, "readme.txt", []byte("x"))
	tests := []struct {
		name string
		path string
		want string
	}{
		{"missing", filepath.Join(dir, "nope.json"), filepath.Join(dir, "nope.json") + ": cannot read: no such file or directory"},
		{"no json in directory", empty, empty + ": no *.json files in this directory"},
		{"empty file", WriteFile(t, dir, "e.json", nil), filepath.Join(dir, "e.json") + ": empty file"},
	}
	// In a walked directory, a dangling link is reported, not skipped.
	dangling := filepath.Join(dir, "links")
	if err := os.Mkdir(dangling, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("gone.json", filepath.Join(dangling, "a.json")); err != nil {
		t.Fatal(err)
	}
	tests = append(tests, struct{ name, path, want string }{"dangling link", dangling,
		filepath.Join(dangling, "a.json") + ": cannot read: symbolic link to gone.json, which does not exist"})
	tests = append(tests, struct{ name, path, want string }{"device", "/dev/zero",
		"/dev/zero: cannot read: not a regular file (a character device)"})
	tests = append(tests, struct{ name, path, want string }{"over the limit", WriteFile(t, dir, "big.json", []byte(`{"Roles": []}`)),
		filepath.Join(dir, "big.json") + ": cannot read: larger than the 8B limit for data files (raise it with --max-file-size data=SIZE)"})
	if os.Geteuid() != 0 { // root reads anything
		locked := WriteFile(t, dir, "locked.json", []byte("{}"))
		if err := os.Chmod(locked, 0); err != nil {
			t.Fatal(err)
		}
		tests = append(tests, struct{ name, path, want string }{"unreadable", locked, locked + ": cannot read: permission denied"})
		sub := filepath.Join(dir, "walked", "locked")
		WriteFile(t, sub, "a.json", []byte("{}"))
		if err := os.Chmod(sub, 0); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(sub, 0o755) })
		tests = append(tests, struct{ name, path, want string }{"unreadable subdirectory", filepath.Dir(sub), sub + ": cannot read: permission denied"})
	}
	var limits files.Limits
	if err := limits.Set("data", "8"); err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := load.LoadLimited([]string{tt.path}, nil, limits.Of(files.Data))
			if err == nil || err.Error() != tt.want {
				t.Fatalf("error %v, want %s", err, tt.want)
			}
			AsLoadError(t, err)
		})
	}
}

func TestDirectory(t *testing.T) {
	dir := t.TempDir()
	copyTo := func(name, to string) {
		WriteFile(t, dir, to, []byte(MustRead(t, Fixture(name))))
	}
	copyTo("aws-iam-get-account-authorization-details.json", "b/gaad.json")
	copyTo("aws-redshift-describe-clusters.json", "a/clusters.JSON")
	copyTo("aws-iam-get-role-policy.json", ".hidden/skipped.json")
	WriteFile(t, dir, "notes.txt", []byte("not json"))
	inv := MustLoad(t, []string{dir}, nil)
	if len(inv.Clusters) != 1 || len(inv.Roles()) != 3 {
		t.Errorf("clusters %d roles %d", len(inv.Clusters), len(inv.Roles()))
	}
	// Lexical order: a/clusters.JSON is read before b/gaad.json.
	if c := inv.Clusters[0]; c.Source.File != filepath.Join(dir, "a/clusters.JSON") {
		t.Errorf("source %s", c.Source)
	}
}

// A file given on the wrong side is read by its content.
func TestWrongSideAccepted(t *testing.T) {
	inv := MustLoad(t, []string{Fixture("aws-redshift-describe-clusters.json")}, []string{Fixture("aws-iam-get-account-authorization-details.json")})
	if len(inv.Clusters) != 1 || inv.Role("arn:aws:iam::123456789012:role/RedshiftClusterRole") == nil {
		t.Errorf("clusters %d, roles %d", len(inv.Clusters), len(inv.Roles()))
	}
}

// collect's gaps.json is read with the data; a malformed one is an input
// error naming the member.
func TestCollectGaps(t *testing.T) {
	const gaps = `{"CollectFormat":1,"CollectedFiles":[],"CollectGaps":[{"Call":"sts:AssumeRole","Account":"123456789012","Region":"us-east-1","Code":"AccessDenied","Message":"no"}]}`
	inv, err := LoadMem("iam.json", GAADWith(RoleOK), "gaps.json", gaps)
	if err != nil {
		t.Fatal(err)
	}
	if g, ok := inv.IAMGap("123456789012"); !ok || g.Source.String() != "gaps.json: CollectGaps[0]" {
		t.Errorf("IAMGap = %+v, %v", g, ok)
	}
	if inv.ListsAllRoles("123456789012") || !inv.Supplied("123456789012") {
		t.Errorf("an account with an IAM gap must be supplied but not listed")
	}
	for _, tc := range []struct{ data, want string }{
		{`{"CollectFormat":2,"CollectGaps":[]}`, "gaps.json: CollectFormat: gaps.json format 2 is not one this version reads (1): collect again with this version"},
		{`{"CollectFormat":1,"CollectGaps":[{"Account":"1"}]}`, "gaps.json: CollectGaps[0]: missing Call"},
		{`{"CollectFormat":1,"CollectGaps":[{"Call":"x","Account":"12345"}]}`, `gaps.json: CollectGaps[0].Account: want a 12-digit account id, got "12345"`},
	} {
		_, err := LoadMem("gaps.json", tc.data)
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s:\n got %v\nwant %s", tc.data, err, tc.want)
		}
	}
}
