package chain_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/chain"
	"github.com/redshift-preflight/redshift-preflight/inventory/load"
)

// trustWorld is an account 123456789012 holding the role Source (trusted
// by Redshift, allowed to assume any role) and one role per entry of trusts
// (name → trust policy statements), all associated with the cluster
// analytics-cluster in us-east-1.
func trustWorld(t *testing.T, trusts map[string]string) chain.World {
	t.Helper()
	trusts["Source"] = `{"Effect":"Allow","Principal":{"Service":"redshift.amazonaws.com"},"Action":"sts:AssumeRole"}`
	var roles, assoc []any
	for name, statements := range trusts {
		var trust any
		if err := json.Unmarshal([]byte(`{"Version":"2012-10-17","Statement":[`+statements+`]}`), &trust); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		roles = append(roles, map[string]any{
			"Path": "/", "RoleName": name, "RoleId": "AROA" + strings.ToUpper(name), "Arn": a + name,
			"AssumeRolePolicyDocument": trust, "AttachedManagedPolicies": []any{}, "Tags": []any{},
			"RolePolicyList": []any{map[string]any{"PolicyName": "Assume", "PolicyDocument": map[string]any{
				"Version": "2012-10-17", "Statement": []any{map[string]any{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}}}}},
		})
		assoc = append(assoc, map[string]any{"IamRoleArn": a + name, "ApplyStatus": "in-sync"})
	}
	dir := t.TempDir()
	write := func(name string, v any) string {
		data, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	iamFile := write("iam.json", map[string]any{"UserDetailList": []any{}, "GroupDetailList": []any{}, "Policies": []any{}, "RoleDetailList": roles})
	clusterFile := write("clusters.json", map[string]any{"Clusters": []any{map[string]any{
		"ClusterIdentifier": "analytics-cluster", "IamRoles": assoc,
		"ClusterNamespaceArn": "arn:aws:redshift:us-east-1:123456789012:namespace:5f1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d",
	}}})
	inv, err := load.Load([]string{iamFile}, []string{clusterFile})
	if err != nil {
		t.Fatal(err)
	}
	cl, err := inv.SelectCluster("")
	if err != nil {
		t.Fatal(err)
	}
	return chain.World{Inventory: inv, Cluster: cl, DBUser: "etl_user"}
}

// hopInto walks into the role T, whose trust policy holds trust, from
// Redshift or (second) from Source, and returns that hop.
func hopInto(t *testing.T, trust string, second bool) chain.Hop {
	t.Helper()
	roles := []string{a + "T"}
	if second {
		roles = []string{a + "Source", a + "T"}
	}
	hops := chain.Walk(trustWorld(t, map[string]string{"T": trust}), roles, nil)
	return hops[len(hops)-1]
}

// TestTrustShapes: trust entries IAM rejects never allow, and the finding
// says which shape IAM rejects and what to write instead (issue 9, point 2).
func TestTrustShapes(t *testing.T) {
	partial := `{"AWS":"arn:aws:iam::123456789012:role/Sou*"}`
	tests := []struct {
		name, trust string
		second      bool   // the role is assumed by Source, not by Redshift
		want        string // verdict/reason of the hop into the role
		message     string // the deciding issue's message, exactly
		help        string
	}{
		{"wildcard inside the Redshift service name", `{"Effect":"Allow","Principal":{"Service":"redshift.*.amazonaws.com"},"Action":"sts:AssumeRole"}`, false,
			"fail/TrustMissing",
			`T's trust policy does not let Redshift assume it: IAM rejects a wildcard in a service principal ("redshift.*.amazonaws.com" in trust policy of role/T Statement[0]), so that entry names no one`,
			`name the service exactly: "Service": "redshift.amazonaws.com"`},
		{"Service star", `{"Sid":"Any","Effect":"Allow","Principal":{"Service":"*"},"Action":"sts:AssumeRole"}`, false,
			"fail/TrustMissing",
			`T's trust policy does not let Redshift assume it: IAM rejects a wildcard in a service principal ("*" in trust policy of role/T "Any"), so that entry names no one`,
			`name the service exactly: "Service": "redshift.amazonaws.com"`},
		{"Allow with NotPrincipal", `{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::123456789012:role/Other"},"Action":"sts:AssumeRole"}`, false,
			"fail/TrustMissing",
			`T's trust policy does not let Redshift assume it: IAM rejects NotPrincipal with "Effect": "Allow" (trust policy of role/T Statement[0]; NotPrincipal must be used with Deny), so that statement names no one`,
			`replace NotPrincipal with "Principal": {"Service": "redshift.amazonaws.com"}`},
		{"partial wildcard in a role ARN", `{"Effect":"Allow","Principal":` + partial + `,"Action":"sts:AssumeRole"}`, true,
			"fail/TrustMissing",
			`T's trust policy does not let Source assume it: IAM rejects a partial wildcard in a principal ARN ("arn:aws:iam::123456789012:role/Sou*" in trust policy of role/T Statement[0]), so that entry names no one`,
			`name the principal exactly ("AWS": "arn:aws:iam::123456789012:role/Source"), or use "AWS": "*" with the condition {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::123456789012:role/Sou*"}}`},
		{"Allow with NotPrincipal, chained", `{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::123456789012:role/Other"},"Action":"sts:AssumeRole"}`, true,
			"fail/TrustMissing",
			`T's trust policy does not let Source assume it: IAM rejects NotPrincipal with "Effect": "Allow" (trust policy of role/T Statement[0]; NotPrincipal must be used with Deny), so that statement names no one`,
			`replace NotPrincipal with "Principal": {"AWS": "arn:aws:iam::123456789012:role/Source"}`},
		// Deny keeps iam's malformed rule: the flaw may cost an ok, never produce one.
		{"Deny with a partial wildcard", `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/Source"},"Action":"sts:AssumeRole"},{"Effect":"Deny","Principal":` + partial + `,"Action":"sts:AssumeRole"}`, true,
			"fail/ExplicitDeny", "a Deny in trust policy of role/T Statement[1] stops Source from assuming T", ""},
		{"Deny with NotPrincipal in a trust policy", `{"Effect":"Allow","Principal":{"Service":"redshift.amazonaws.com"},"Action":"sts:AssumeRole"},{"Effect":"Deny","NotPrincipal":{"Service":"redshift.amazonaws.com"},"Action":"sts:AssumeRole"}`, false,
			"fail/ExplicitDeny", "a Deny in trust policy of role/T Statement[1] stops Redshift from assuming T", ""},
		{"a rejected AWS entry says nothing to Redshift", `{"Effect":"Allow","Principal":` + partial + `,"Action":"sts:AssumeRole"}`, false,
			"fail/TrustMissing", "T's trust policy does not let Redshift (redshift.amazonaws.com) assume it",
			`add {"Effect": "Allow", "Principal": {"Service": "redshift.amazonaws.com"}, "Action": "sts:AssumeRole"} to its trust policy`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := hopInto(t, tc.trust, tc.second)
			got := string(h.Verdict) + "/" + h.Reason.String()
			if got != tc.want || len(h.Issues) == 0 || h.Issues[0].Message != tc.message || h.Issues[0].Help != tc.help {
				t.Errorf("got %s", got)
				for _, i := range h.Issues {
					t.Logf("  %s %s: %s\n    help: %s", i.Verdict, i.Reason, i.Message, i.Help)
				}
			}
		})
	}
}

// TestConnectTrustShapes: a service start of the connect path is told the
// exact service principal to name.
func TestConnectTrustShapes(t *testing.T) {
	w := trustWorld(t, map[string]string{"T": `{"Effect":"Allow","Principal":{"Service":"ec2.*.amazonaws.com"},"Action":"sts:AssumeRole"}`})
	hops := chain.ConnectHops(w, "ec2.amazonaws.com", []string{a + "T"})
	if len(hops) != 1 || hops[0].Reason != chain.ReasonTrustMissing || hops[0].Issues[0].Help != `name the service exactly: "Service": "ec2.amazonaws.com"` {
		t.Errorf("got %+v", hops)
	}
}

// TestFixedKeys: conditions on keys the documentation fixes decide hops
// that used to be condition-unverifiable (issue 9, point 5).
func TestFixedKeys(t *testing.T) {
	trustSource := `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/Source"},"Action":"sts:AssumeRole"`
	tests := []struct {
		name, trust string
		second      bool
		want        string
	}{
		{"Redshift is an AWS service", `{"Effect":"Allow","Principal":{"Service":"redshift.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:PrincipalIsAWSService":"true"},"StringEquals":{"aws:PrincipalServiceName":"redshift.amazonaws.com"}}}`, false, "ok"},
		{"Redshift's source account is not documented", `{"Effect":"Allow","Principal":{"Service":"redshift.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:SourceAccount":"123456789012"}}}`, false, "unknown/ConditionUnverifiable"},
		{"a session's credentials carry no MFA", trustSource + `,"Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}`, true, "fail/TrustMissing"},
		{"deny without MFA", trustSource + `},{"Effect":"Deny","Principal":"*","Action":"sts:AssumeRole","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}`, true, "fail/ExplicitDeny"},
		{"Null True on a key known absent before (aws:username)", trustSource + `},{"Effect":"Deny","Principal":"*","Action":"sts:AssumeRole","Condition":{"Null":{"aws:username":"True"}}}`, true, "fail/ExplicitDeny"},
		{"Null True: a session's call has no source ARN", trustSource + `},{"Effect":"Deny","Principal":"*","Action":"sts:AssumeRole","Condition":{"Null":{"aws:SourceArn":"True"}}}`, true, "fail/ExplicitDeny"},
		{"a session is no AWS service", trustSource + `,"Condition":{"Bool":{"aws:PrincipalIsAWSService":"false"},"Null":{"aws:CalledVia":"true","aws:PrincipalServiceName":"true","aws:SourceAccount":"true"}}}`, true, "ok"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := hopInto(t, tc.trust, tc.second)
			if got := verdictOf(h); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
				logIssues(t, h)
			}
		})
	}
	// The connect path's sessions are obtained by the start principal's code,
	// possibly with MFA: the key stays unknown there.
	w := trustWorld(t, map[string]string{"T": trustSource + `,"Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}`})
	if h := chain.ConnectHops(w, a+"Source", []string{a + "T"}); h[0].Verdict != chain.VerdictUnknown {
		t.Errorf("connect: %s %s", h[0].Verdict, h[0].Reason)
	}
}
