package checks

import (
	"fmt"
	"strings"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/access"
	"github.com/redshift-preflight/redshift-preflight/chain"
	"github.com/redshift-preflight/redshift-preflight/inventory/load"
	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// connectWorld loads the hand-made connect fixtures of testdata/world/connect:
// an EC2 instance role and Redshift access roles in account 123456789012,
// and the provisioned cluster analytics-cluster (or, serverless, the
// workgroup analytics-wg).
func connectWorld(t *testing.T, serverless bool) *chain.World {
	t.Helper()
	cluster := []string{"../testdata/world/connect/cluster"}
	if serverless {
		cluster = []string{"../testdata/world/connect/serverless"}
	}
	inv, err := load.Load([]string{"../testdata/world/connect/iam"}, cluster)
	if err != nil {
		t.Fatal(err)
	}
	cl, err := inv.SelectCluster("")
	if err != nil {
		t.Fatal(err)
	}
	return &chain.World{Inventory: inv, Cluster: cl}
}

// connectIn checks one connection against w with every rule on.
func connectIn(t *testing.T, w *chain.World, req ConnectRequest) *Connection {
	t.Helper()
	c, err := connect(&Config{World: w}, req, nil, sqlparse.Span{})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

const ca = "arn:aws:iam::123456789012:role/"

// TestConnect pins hop verdicts, the permission's action, verdict and reason,
// and the connection's verdict for the connect path (SPEC §10).
func TestConnect(t *testing.T) {
	tests := []struct {
		name       string
		serverless bool
		req        ConnectRequest
		hops       string // per hop: verdict[/reason]
		perm       string // action verdict[/reason]
		verdict    string // verdict[/reason]
	}{
		{name: "ok instance role",
			req:  ConnectRequest{Start: "ec2.amazonaws.com", Chain: []string{ca + "app-instance-role", ca + "redshift-access"}, DBUser: "analyst", DBName: "analytics"},
			hops: "ok ok", perm: "redshift:GetClusterCredentials ok", verdict: "ok"},
		{name: "trust missing from ec2",
			req:  ConnectRequest{Start: "ec2.amazonaws.com", Chain: []string{ca + "lambda-only-role", ca + "redshift-access"}, DBUser: "analyst", DBName: "analytics"},
			hops: "fail/trust-missing fail/trust-missing", perm: "redshift:GetClusterCredentials ok", verdict: "fail/trust-missing"},
		{name: "regional service form is not the service",
			req:  ConnectRequest{Start: "ec2.us-east-1.amazonaws.com", Chain: []string{ca + "app-instance-role"}, DBUser: "analyst", DBName: "analytics"},
			hops: "fail/trust-missing", perm: "redshift:GetClusterCredentials fail/connect-permission-missing", verdict: "fail"},
		{name: "assume denied",
			req:  ConnectRequest{Start: "ec2.amazonaws.com", Chain: []string{ca + "app-instance-denied", ca + "redshift-access"}, DBUser: "analyst", DBName: "analytics"},
			hops: "ok fail/explicit-deny", perm: "redshift:GetClusterCredentials ok", verdict: "fail/explicit-deny"},
		{name: "credentials missing for the user",
			req:  ConnectRequest{Start: "ec2.amazonaws.com", Chain: []string{ca + "app-instance-role", ca + "redshift-access"}, DBUser: "admin", DBName: "analytics"},
			hops: "ok ok", perm: "redshift:GetClusterCredentials fail/connect-permission-missing", verdict: "fail/connect-permission-missing"},
		{name: "wrong dbname",
			req:  ConnectRequest{Start: "ec2.amazonaws.com", Chain: []string{ca + "app-instance-role", ca + "redshift-access"}, DBUser: "analyst", DBName: "dev"},
			hops: "ok ok", perm: "redshift:GetClusterCredentials fail/connect-permission-missing", verdict: "fail/connect-permission-missing"},
		{name: "deny on the database",
			req:  ConnectRequest{Start: "ec2.amazonaws.com", Chain: []string{ca + "app-instance-role", ca + "redshift-access-denied"}, DBUser: "analyst", DBName: "analytics"},
			hops: "ok ok", perm: "redshift:GetClusterCredentials fail/connect-permission-missing", verdict: "fail/connect-permission-missing"},
		{name: "auto-create allowed",
			req:  ConnectRequest{Start: "ec2.amazonaws.com", Chain: []string{ca + "app-instance-role", ca + "redshift-access"}, DBUser: "analyst", DBName: "analytics", AutoCreate: true},
			hops: "ok ok", perm: "redshift:GetClusterCredentials ok", verdict: "ok"},
		{name: "auto-create missing CreateClusterUser",
			req:  ConnectRequest{Start: "ec2.amazonaws.com", Chain: []string{ca + "app-instance-role", ca + "redshift-access"}, DBUser: "reporter", DBName: "analytics", AutoCreate: true},
			hops: "ok ok", perm: "redshift:GetClusterCredentials fail/connect-permission-missing", verdict: "fail/connect-permission-missing"},
		{name: "join group allowed",
			req:  ConnectRequest{Start: "ec2.amazonaws.com", Chain: []string{ca + "app-instance-role", ca + "redshift-access"}, DBUser: "analyst", DBName: "analytics", DBGroups: []string{"readers"}},
			hops: "ok ok", perm: "redshift:GetClusterCredentials ok", verdict: "ok"},
		{name: "join group missing",
			req:  ConnectRequest{Start: "ec2.amazonaws.com", Chain: []string{ca + "app-instance-role", ca + "redshift-access"}, DBUser: "analyst", DBName: "analytics", DBGroups: []string{"readers", "admins"}},
			hops: "ok ok", perm: "redshift:GetClusterCredentials fail/connect-permission-missing", verdict: "fail/connect-permission-missing"},
		{name: "unknown tag condition",
			req:  ConnectRequest{Start: "ec2.amazonaws.com", Chain: []string{ca + "app-instance-role", ca + "redshift-access-tagged"}, DBUser: "analyst", DBName: "analytics"},
			hops: "ok ok", perm: "redshift:GetClusterCredentials unknown/condition-unverifiable", verdict: "unknown/condition-unverifiable"},
		{name: "GetClusterCredentialsWithIAM alternative",
			req:  ConnectRequest{Start: "ec2.amazonaws.com", Chain: []string{ca + "app-instance-role", ca + "redshift-access-iam"}, DBUser: "analyst", DBName: "analytics"},
			hops: "ok ok", perm: "redshift:GetClusterCredentialsWithIAM ok", verdict: "ok"},
		{name: "WithIAM does not join requested groups",
			req:  ConnectRequest{Start: "ec2.amazonaws.com", Chain: []string{ca + "app-instance-role", ca + "redshift-access-iam"}, DBUser: "analyst", DBName: "analytics", DBGroups: []string{"readers"}},
			hops: "ok ok", perm: "redshift:GetClusterCredentials fail/connect-permission-missing", verdict: "fail/connect-permission-missing"},
		{name: "role start like a chained hop",
			req:  ConnectRequest{Start: ca + "app-instance-role", Chain: []string{ca + "redshift-access"}, DBUser: "analyst", DBName: "analytics"},
			hops: "ok", perm: "redshift:GetClusterCredentials ok", verdict: "ok"},
		{name: "role start not trusted",
			req:  ConnectRequest{Start: ca + "lambda-only-role", Chain: []string{ca + "redshift-access"}, DBUser: "analyst", DBName: "analytics"},
			hops: "fail/trust-missing", perm: "redshift:GetClusterCredentials ok", verdict: "fail/trust-missing"},
		{name: "user start not in the data and not trusted",
			req:  ConnectRequest{Start: "arn:aws:iam::123456789012:user/alice", Chain: []string{ca + "redshift-access"}, DBUser: "analyst", DBName: "analytics"},
			hops: "fail/trust-missing", perm: "redshift:GetClusterCredentials ok", verdict: "fail/trust-missing"},
		{name: "user start ok through its group's policy and the account trust",
			req:  ConnectRequest{Start: "arn:aws:iam::123456789012:user/deployer", Chain: []string{ca + "redshift-access-users"}, DBUser: "analyst", DBName: "analytics"},
			hops: "ok", perm: "redshift:GetClusterCredentials ok", verdict: "ok"},
		{name: "user start without an allow of sts:AssumeRole",
			req:  ConnectRequest{Start: "arn:aws:iam::123456789012:user/intern", Chain: []string{ca + "redshift-access-users"}, DBUser: "analyst", DBName: "analytics"},
			hops: "fail/assume-permission-missing", perm: "redshift:GetClusterCredentials ok", verdict: "fail/assume-permission-missing"},
		{name: "user start whose group is not in the data",
			req:  ConnectRequest{Start: "arn:aws:iam::123456789012:user/contractor", Chain: []string{ca + "redshift-access-users"}, DBUser: "analyst", DBName: "analytics"},
			hops: "unknown/policy-unknown", perm: "redshift:GetClusterCredentials ok", verdict: "unknown/policy-unknown"},
		{name: "user start not in the data is unknown, not ok",
			req:  ConnectRequest{Start: "arn:aws:iam::123456789012:user/alice", Chain: []string{ca + "redshift-access-users"}, DBUser: "analyst", DBName: "analytics"},
			hops: "unknown/policy-unknown", perm: "redshift:GetClusterCredentials ok", verdict: "unknown/policy-unknown"},
		{name: "user start: the group policy is not for this role",
			req:  ConnectRequest{Start: "arn:aws:iam::123456789012:user/deployer", Chain: []string{ca + "redshift-access"}, DBUser: "analyst", DBName: "analytics"},
			hops: "fail/trust-missing", perm: "redshift:GetClusterCredentials ok", verdict: "fail/trust-missing"},
		{name: "access role not in the data",
			req:  ConnectRequest{Start: "ec2.amazonaws.com", Chain: []string{ca + "app-instance-role", ca + "no-such-role"}, DBUser: "analyst", DBName: "analytics"},
			hops: "ok fail/role-not-found", perm: "redshift:GetClusterCredentials unknown", verdict: "fail/role-not-found"},
		{name: "role of an account not in the data",
			req:  ConnectRequest{Start: "ec2.amazonaws.com", Chain: []string{ca + "app-instance-role", "arn:aws:iam::444444444444:role/redshift-access"}, DBUser: "analyst", DBName: "analytics"},
			hops: "ok fail/assume-permission-missing", perm: "redshift:GetClusterCredentials unknown", verdict: "fail/assume-permission-missing"},
		{name: "serverless GetCredentials", serverless: true,
			req:  ConnectRequest{Start: "ec2.amazonaws.com", Chain: []string{ca + "app-instance-role", ca + "redshift-serverless-access"}, DBUser: "analyst", DBName: "analytics"},
			hops: "ok ok", perm: "redshift-serverless:GetCredentials ok", verdict: "ok"},
		{name: "serverless without GetCredentials", serverless: true,
			req:  ConnectRequest{Start: "ec2.amazonaws.com", Chain: []string{ca + "app-instance-role", ca + "redshift-access"}, DBUser: "analyst", DBName: "analytics"},
			hops: "ok ok", perm: "redshift-serverless:GetCredentials fail/connect-permission-missing", verdict: "fail/connect-permission-missing"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := connectIn(t, connectWorld(t, tc.serverless), tc.req)
			var hops []string
			for _, h := range res.Hops {
				hops = append(hops, vr(string(h.Verdict), string(h.Reason)))
			}
			if got := strings.Join(hops, " "); got != tc.hops {
				t.Errorf("hops = %q, want %q\n%s", got, tc.hops, dumpConnect(res))
			}
			p := res.Permission
			if got := p.Action + " " + vr(string(p.Verdict), string(p.Reason)); got != tc.perm {
				t.Errorf("permission = %q, want %q\n%s", got, tc.perm, dumpConnect(res))
			}
			if got := vr(string(res.Verdict), string(res.Reason)); got != tc.verdict {
				t.Errorf("verdict = %q, want %q\n%s", got, tc.verdict, dumpConnect(res))
			}
		})
	}
}

func vr(v, reason string) string {
	if reason == "" {
		return v
	}
	return v + "/" + reason
}

func dumpConnect(r *Connection) string {
	var b strings.Builder
	for _, h := range r.Hops {
		fmt.Fprintf(&b, "hop %s -> %v: %s %s\n", h.From, h.To, h.Verdict, h.Reason)
		for _, i := range h.Issues {
			fmt.Fprintf(&b, "  %s %s: %s\n", i.Verdict, i.Rule, i.Message)
		}
	}
	for _, c := range r.Permission.Checks {
		fmt.Fprintf(&b, "check %s %s: %s %s: %s\n", c.Action, c.Resource, c.Verdict, c.Reason, c.Message)
	}
	return b.String()
}

// TestConnectNeverOKWithoutData: unknown keys, missing documents and
// missing cluster data never make a connection ok.
func TestConnectNeverOKWithoutData(t *testing.T) {
	w := connectWorld(t, false)
	w.Cluster = nil
	res := connectIn(t, w, ConnectRequest{Start: "ec2.amazonaws.com",
		Chain: []string{ca + "app-instance-role", ca + "redshift-access"}, DBUser: "analyst", DBName: "analytics"})
	if res.Verdict != VerdictUnknown || res.Permission.Verdict != VerdictUnknown {
		t.Errorf("without cluster data: verdict %s, permission %s; want unknown", res.Verdict, res.Permission.Verdict)
	}
	inv, err := load.Load([]string{"../testdata/world/connect/iam"}, []string{"../testdata/world/connect/serverless/get-namespace.json"})
	if err != nil {
		t.Fatal(err)
	}
	cl, _ := inv.SelectCluster("")
	res = connectIn(t, &chain.World{Inventory: inv, Cluster: cl}, ConnectRequest{Start: "ec2.amazonaws.com",
		Chain: []string{ca + "app-instance-role", ca + "redshift-serverless-access"}, DBUser: "analyst", DBName: "analytics"})
	if res.Permission.Verdict != VerdictUnknown {
		t.Errorf("serverless without the workgroup ARN: permission %s, want unknown", res.Permission.Verdict)
	}
}

// TestConnectExplainsPath: the permission names the resources and the
// statements that decided, and the alternative that was not needed.
func TestConnectExplainsPath(t *testing.T) {
	res := connectIn(t, connectWorld(t, false), ConnectRequest{Start: "ec2.amazonaws.com",
		Chain: []string{ca + "app-instance-role", ca + "redshift-access"}, DBUser: "analyst", DBName: "analytics", AutoCreate: true})
	p := res.Permission
	want := []string{
		"arn:aws:redshift:us-east-1:123456789012:dbuser:analytics-cluster/analyst",
		"arn:aws:redshift:us-east-1:123456789012:dbname:analytics-cluster/analytics",
	}
	if strings.Join(p.Resources, " ") != strings.Join(want, " ") {
		t.Errorf("resources = %v, want %v", p.Resources, want)
	}
	if len(p.Checks) != 3 || p.Checks[2].Action != access.ActionCreateClusterUser {
		t.Fatalf("checks = %+v, want GetClusterCredentials twice and CreateClusterUser", p.Checks)
	}
	for _, c := range p.Checks {
		if len(c.Deciding) == 0 {
			t.Errorf("%s on %s: no deciding statement", c.Action, c.Resource)
		}
	}
	if len(p.Alternatives) != 1 || p.Alternatives[0].Action != access.ActionGetClusterCredentialsWithIAM || p.Alternatives[0].Verdict != VerdictFail {
		t.Errorf("alternatives = %+v, want a failing GetClusterCredentialsWithIAM", p.Alternatives)
	}
}
