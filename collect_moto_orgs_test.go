package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The Organizations part of collect against moto_server (which models
// organizations, SCPs and RCPs): scripts/moto-world-orgs.py adds to the
// world of scripts/moto-world.py an organization whose management account
// is A, with a member account M in OU prod, three SCPs and one RCP (see
// the script). collect (as A, and as M's PreflightRead for M's IAM data)
// and the AWS CLI's own outputs of the same world must give the same
// verdicts, and those the SCPs and the RCP decide.

type motoOrgWorld struct {
	Member, ReadM string
}

func seedMotoOrgs(t *testing.T, endpoint string) motoOrgWorld {
	t.Helper()
	out, err := exec.Command("python3", "scripts/moto-world-orgs.py", endpoint).Output()
	if err != nil {
		t.Fatalf("scripts/moto-world-orgs.py: %v\n%s", err, stderrOf(err))
	}
	var w struct {
		Member string `json:"member"`
		ReadM  string `json:"read_m"`
	}
	if err := json.Unmarshal(out, &w); err != nil {
		t.Fatalf("scripts/moto-world-orgs.py printed %q: %v", out, err)
	}
	return motoOrgWorld{Member: w.Member, ReadM: w.ReadM}
}

// orgSQL: RedshiftLoad is in the management account (an SCP denying
// everything is attached to it, and does not apply); MemberLoad, Guarded
// and Locked are in the member account.
func orgSQL(m string) string {
	load := "arn:aws:iam::123456789012:role/RedshiftLoad"
	role := func(name string) string { return ",arn:aws:iam::" + m + ":role/" + name }
	return fmt.Sprintf(`COPY t FROM 's3://staging-bucket/x/' IAM_ROLE '%[1]s';
COPY t FROM 's3://staging-bucket/x/' IAM_ROLE '%[1]s%[2]s';
COPY t FROM 's3://partner-bucket/x/' IAM_ROLE '%[1]s%[2]s';
COPY t FROM 's3://staging-bucket/x/' IAM_ROLE '%[1]s%[2]s%[3]s';
COPY t FROM 's3://staging-bucket/x/' IAM_ROLE '%[1]s%[4]s';
`, load, role("MemberLoad"), role("Guarded"), role("Locked"))
}

// wantMotoOrgs: each reference's chain verdict, its hops, and the
// operation's outcome (none when the chain fails: the last role is never
// reached). A chain that works with an operation an SCP refuses keeps the
// chain's ok; the operation fails (the summary counts it failed).
var wantMotoOrgs = []string{
	"ok [ok] ok",
	"ok [ok ok] ok",
	"ok [ok ok] scp-deny",
	"fail [ok ok scp-deny] none",
	"fail [ok rcp-deny] none",
}

// orgVerdicts is verdicts with the operation's outcome.
func orgVerdicts(t *testing.T, dir, data string) []string {
	t.Helper()
	code, stdout, stderr := runIn(t, dir, "check", "--no-config", "--format", "json", "--iam", data, "--cluster", data, "m.sql")
	if code != 1 {
		t.Fatalf("check --iam %s: exit %d\n%s", data, code, stderr)
	}
	var rep struct {
		References []struct {
			Verdict   string
			Hops      []struct{ Verdict, Reason string }
			Operation *struct{ Verdict, Reason string }
		}
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rep.References {
		var hops []string
		for _, h := range r.Hops {
			hops = append(hops, cmpOr(h.Reason, h.Verdict))
		}
		op := "none"
		if r.Operation != nil {
			op = cmpOr(r.Operation.Reason, r.Operation.Verdict)
		}
		out = append(out, fmt.Sprintf("%s %v %s", r.Verdict, hops, op))
	}
	return out
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// awsJSON runs the aws CLI against moto and decodes its output.
func awsJSON(t *testing.T, endpoint string, v any, args ...string) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "out.json")
	awsCLI(t, endpoint, file, nil, args...)
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("aws %s: %v", strings.Join(args, " "), err)
	}
}

// cliOrgExports writes the CLI's describe-organization, list-roots and
// list-accounts outputs as they are, and organizations-cli.json: the
// list-parents answers of every account and OU, and describe-policy with
// list-targets-for-policy of every SCP and RCP, wrapped as the README
// documents (what a user builds with jq).
func cliOrgExports(t *testing.T, endpoint, dir string) {
	t.Helper()
	awsCLI(t, endpoint, filepath.Join(dir, "describe-organization.json"), nil, "organizations", "describe-organization")
	awsCLI(t, endpoint, filepath.Join(dir, "list-roots.json"), nil, "organizations", "list-roots")
	awsCLI(t, endpoint, filepath.Join(dir, "list-accounts.json"), nil, "organizations", "list-accounts")
	var accounts struct{ Accounts []struct{ Id string } }
	awsJSON(t, endpoint, &accounts, "organizations", "list-accounts")
	type parents struct {
		ChildId string
		Parents []json.RawMessage
	}
	var links []parents
	queue := []string{}
	for _, a := range accounts.Accounts {
		queue = append(queue, a.Id)
	}
	for seen := map[string]bool{}; len(queue) > 0; queue = queue[1:] {
		child := queue[0]
		if seen[child] {
			continue
		}
		seen[child] = true
		var p struct {
			Parents []struct{ Id, Type string }
		}
		awsJSON(t, endpoint, &p, "organizations", "list-parents", "--child-id", child)
		raw, _ := json.Marshal(p.Parents)
		var rp []json.RawMessage
		json.Unmarshal(raw, &rp)
		links = append(links, parents{ChildId: child, Parents: rp})
		for _, q := range p.Parents {
			if q.Type == "ORGANIZATIONAL_UNIT" {
				queue = append(queue, q.Id)
			}
		}
	}
	type entry struct {
		Policy  json.RawMessage
		Targets json.RawMessage
	}
	var policies []entry
	for _, typ := range []string{"SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"} {
		var list struct{ Policies []struct{ Id string } }
		awsJSON(t, endpoint, &list, "organizations", "list-policies", "--filter", typ)
		for _, p := range list.Policies {
			var d struct{ Policy json.RawMessage }
			awsJSON(t, endpoint, &d, "organizations", "describe-policy", "--policy-id", p.Id)
			var tg struct{ Targets json.RawMessage }
			awsJSON(t, endpoint, &tg, "organizations", "list-targets-for-policy", "--policy-id", p.Id)
			policies = append(policies, entry{Policy: d.Policy, Targets: tg.Targets})
		}
	}
	bundle, err := json.MarshalIndent(map[string]any{"OrganizationsFormat": 1, "OrganizationParents": links,
		"OrganizationPolicies": policies, "OrganizationPolicyTypes": []string{"SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"}}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "organizations-cli.json"), bundle, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestCollectOrganizationsAgainstMoto(t *testing.T) {
	endpoint := motoEndpoint(t)
	needTools(t)
	motoEnv(t, endpoint)
	seedMoto(t, endpoint)
	w := seedMotoOrgs(t, endpoint)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "m.sql"), []byte(orgSQL(w.Member)), 0o644)
	code, _, stderr := runIn(t, dir, "collect", "--out", "aws", "--region", "us-east-1", "--role-arn", w.ReadM)
	if code != 0 {
		t.Fatalf("collect: exit %d\n%s", code, stderr)
	}
	const summary = "collected: organizations.json: Organizations data of o-"
	if !strings.Contains(stderr, summary) || !strings.Contains(stderr, "(management account 123456789012): 2 accounts, 3 parent links, 6 policies (SCPs and RCPs)") {
		t.Errorf("collect's summary lacks the Organizations file:\n%s", stderr)
	}
	os.Mkdir(filepath.Join(dir, "cli"), 0o755)
	cliExports(t, endpoint, filepath.Join(dir, "cli"), motoWorld{ReadB: w.ReadM})
	cliOrgExports(t, endpoint, filepath.Join(dir, "cli"))

	collected := orgVerdicts(t, dir, "aws")
	exported := orgVerdicts(t, dir, "cli")
	if !slices.Equal(collected, wantMotoOrgs) {
		t.Errorf("verdicts from collect:\n got %q\nwant %q", collected, wantMotoOrgs)
	}
	if !slices.Equal(collected, exported) {
		t.Errorf("collect and the AWS CLI's outputs disagree:\ncollect %q\naws cli %q", collected, exported)
	}

	first := readFiles(t, filepath.Join(dir, "aws"))
	if code, _, stderr := runIn(t, dir, "collect", "--out", "aws", "--region", "us-east-1", "--role-arn", w.ReadM); code != 0 {
		t.Fatalf("second collect: exit %d\n%s", code, stderr)
	}
	if second := readFiles(t, filepath.Join(dir, "aws")); string(second["organizations.json"]) != string(first["organizations.json"]) {
		t.Error("organizations.json differs between two runs over the same world")
	}
}
