package chain_test

import (
	"strings"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/chain"
	"github.com/redshift-preflight/redshift-preflight/inventory/load"
)

const (
	a = "arn:aws:iam::123456789012:role/"
	b = "arn:aws:iam::210987654321:role/"
	c = "arn:aws:iam::333333333333:role/"
	d = "arn:aws:iam::444444444444:role/"
)

// world loads the moto-generated fixtures of testdata/world (see its README).
func world(t *testing.T, dbUser string) chain.World {
	t.Helper()
	inv, err := load.Load([]string{"../testdata/world/iam"}, []string{"../testdata/world/cluster"})
	if err != nil {
		t.Fatal(err)
	}
	cl, err := inv.SelectCluster("")
	if err != nil {
		t.Fatal(err)
	}
	return chain.World{Inventory: inv, Cluster: cl, DBUser: dbUser}
}

// verdictOf is a hop's verdict and, when it has one, its reason: "ok",
// "fail/TrustMissing".
func verdictOf(h chain.Hop) string {
	s := string(h.Verdict)
	if h.Reason != chain.NoReason {
		s += "/" + h.Reason.String()
	}
	return s
}

// logIssues logs every issue of a hop, for a failing test.
func logIssues(t *testing.T, h chain.Hop) {
	t.Helper()
	for _, i := range h.Issues {
		t.Logf("  %s → %s: %s %s: %s (help %q)", h.From, h.To, i.Verdict, i.Reason, i.Message, i.Help)
	}
}

// TestWalk pins the verdict and reason of every hop of chains that exercise
// each hop rule (iam-semantics.md §9) against real AWS CLI output.
func TestWalk(t *testing.T) {
	tests := []struct {
		name   string
		dbUser string
		chain  string
		want   string // per hop: verdict[/reason], separated by spaces
	}{
		{"cluster role", "etl_user", a + "RedshiftClusterRole", "ok"},
		{"default role", "etl_user", "default", "ok"},
		{"regional principal of the cluster's region", "etl_user", a + "RegionalSameRole", "ok"},
		{"regional principal of another region", "etl_user", a + "RegionalOtherRole", "fail/TrustRegion"},
		{"external id lists the user", "user1", a + "ExternalIdRole", "ok"},
		{"external id lists other users", "etl_user", a + "ExternalIdRole", "fail/TrustExternalID"},
		{"external id without a db user", "", a + "ExternalIdRole", "unknown/ConditionUnverifiable"},
		{"trusts ec2 only", "etl_user", a + "NoTrustRole", "fail/TrustMissing"},
		{"Principal *", "etl_user", a + "WildcardTrustRole", "ok"},
		{"deny in trust", "etl_user", a + "DenyTrustRole", "fail/ExplicitDeny"},
		{"aws:SourceIp condition", "etl_user", a + "SourceIpRole", "unknown/ConditionUnverifiable"},
		{"not associated", "etl_user", a + "NotAssociatedRole", "fail/NotAssociated"},
		{"association adding", "etl_user", a + "AddingRole", "unknown/AssociationPending"},
		{"association removing", "etl_user", a + "RemovingRole", "fail/AssociationRemoving"},
		{"role name case matters", "etl_user", a + "redshiftclusterrole", "fail/RoleNotFound"},
		{"a deleted role is not found, not merely not associated", "etl_user", a + "OldEtlRole", "fail/RoleNotFound"},
		{"first role in another partition than the cluster", "etl_user", "arn:aws-cn:iam::123456789012:role/RedshiftClusterRole", "fail/NotAssociated"},
		{"cross-account by role ARN", "etl_user", a + "RedshiftClusterRole," + b + "PartnerByArnRole", "ok ok"},
		{"cross-account by account root", "etl_user", a + "RedshiftClusterRole," + b + "PartnerByRootRole", "ok ok"},
		{"no identity allow across accounts", "etl_user", a + "RegionalSameRole," + b + "PartnerByRootRole", "ok fail/AssumePermission"},
		{"deny in an attached policy", "etl_user", a + "DenyAttachedRole," + b + "PartnerByRootRole", "ok fail/ExplicitDeny"},
		{"NotAction deny", "etl_user", a + "NotActionDenyRole," + b + "PartnerByRootRole", "ok fail/ExplicitDeny"},
		{"boundary without sts:AssumeRole", "etl_user", a + "BoundaryRole," + b + "PartnerByRootRole", "ok fail/BoundaryDeny"},
		{"allow only in a non-default version", "etl_user", a + "NonDefaultVersionRole," + b + "PartnerByRootRole", "ok fail/AssumePermission"},
		{"attached policy document missing", "etl_user", a + "MissingPolicyRole," + b + "PartnerByRootRole", "ok unknown/PolicyUnknown"},
		{"partner external id, other users", "etl_user", a + "RedshiftClusterRole," + b + "PartnerExternalIdRole", "ok fail/TrustExternalID"},
		{"partner external id, listed user", "user1", a + "RedshiftClusterRole," + b + "PartnerExternalIdRole", "ok ok"},
		{"same account by role ARN", "etl_user", a + "RedshiftClusterRole," + a + "chain/SameAccountDirectRole", "ok ok"},
		{"same account by root needs identity allow", "etl_user", a + "RegionalSameRole," + a + "chain/SameAccountRootRole", "ok fail/AssumePermission"},
		{"same account, boundary", "etl_user", a + "BoundaryRole," + a + "chain/SameAccountRootRole", "ok fail/BoundaryDeny"},
		{"trust names a deleted role", "etl_user", a + "RedshiftClusterRole," + a + "GhostTrustRole", "ok fail/TrustMissing"},
		{"account not in the data", "etl_user", a + "RedshiftClusterRole," + d + "PartnerRole", "ok unknown/RoleUnknown"},
		{"previous role's account not in the data, trust names another role", "etl_user", a + "RedshiftClusterRole," + d + "PartnerRole," + b + "PartnerByArnRole", "ok unknown/RoleUnknown fail/TrustMissing"},
		{"previous role's account not in the data, trust of another service", "etl_user", a + "RedshiftClusterRole," + d + "PartnerRole," + a + "NoTrustRole", "ok unknown/RoleUnknown fail/TrustMissing"},
		{"previous role's account not in the data, trust may allow", "etl_user", a + "RedshiftClusterRole," + d + "PartnerRole," + a + "WildcardAwsTrustRole", "ok unknown/RoleUnknown unknown/RoleUnknown"},
		{"previous role missing, trust names the account", "etl_user", a + "RedshiftClusterRole," + d + "PartnerRole," + b + "PartnerByRootRole", "ok unknown/RoleUnknown fail/TrustMissing"},
		{"role missing from a supplied account", "etl_user", a + "RedshiftClusterRole," + b + "NoSuchRole", "ok fail/RoleNotFound"},
		{"the same role twice", "etl_user", a + "RedshiftClusterRole," + a + "RedshiftClusterRole", "ok fail/TrustMissing"},
		{"three accounts through a path role", "etl_user", a + "RedshiftClusterRole," + b + "data/PartnerPathRole," + c + "ThirdPartyRole", "ok ok ok"},
		{"root trust without identity allow", "etl_user", a + "RedshiftClusterRole," + b + "PartnerByArnRole," + c + "ThirdPartyRole", "ok ok fail/AssumePermission"},
		{"ten roles across three accounts", "etl_user", a + "RedshiftClusterRole," + b + "chain/Hop1," + c + "chain/Hop2," + b + "chain/Hop3," + c + "chain/Hop4," + b + "chain/Hop5," + c + "chain/Hop6," + b + "chain/Hop7," + c + "chain/Hop8," + b + "chain/Hop9",
			"ok ok ok ok ok ok ok ok ok ok"},
		{"a later hop after a failing one is still evaluated", "etl_user", a + "NotAssociatedRole," + b + "PartnerByArnRole", "fail/NotAssociated fail/TrustMissing"},
		{"placeholder element", "etl_user", a + "RedshiftClusterRole,${partner}," + c + "ThirdPartyRole", "ok unknown unknown"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			roles := strings.Split(tc.chain, ",")
			opaque := make([]bool, len(roles))
			for i, r := range roles {
				opaque[i] = strings.Contains(r, "${")
			}
			hops := chain.Walk(world(t, tc.dbUser), roles, opaque)
			var got []string
			for _, h := range hops {
				got = append(got, verdictOf(h))
			}
			if strings.Join(got, " ") != tc.want {
				t.Errorf("hops = %s, want %s", strings.Join(got, " "), tc.want)
				for _, h := range hops {
					logIssues(t, h)
				}
			}
		})
	}
}

// A wildcard trust works but says so; the deciding statements are named.
func TestWalkWarningsAndDecidingStatements(t *testing.T) {
	hops := chain.Walk(world(t, "etl_user"), []string{a + "WildcardAwsTrustRole"}, nil)
	if len(hops) != 1 || hops[0].Verdict != chain.VerdictOK || len(hops[0].Warnings) != 1 ||
		hops[0].Warnings[0].Reason != chain.ReasonTrustWildcardPrincipal {
		t.Fatalf("got %+v", hops)
	}
	if len(hops[0].Deciding) == 0 || !strings.Contains(hops[0].Deciding[0].Ref.Policy, "WildcardAwsTrustRole") {
		t.Errorf("deciding statements %+v do not name the trust policy", hops[0].Deciding)
	}
}

// No cluster data: the first hop is unknown (never ok) and default cannot resolve.
func TestWalkWithoutCluster(t *testing.T) {
	w := world(t, "etl_user")
	w.Cluster = nil
	for _, roles := range [][]string{{a + "RedshiftClusterRole"}, {"default"}} {
		hops := chain.Walk(w, roles, nil)
		if len(hops) != 1 || hops[0].Verdict != chain.VerdictUnknown {
			t.Errorf("%v: got %+v, want one unknown hop", roles, hops)
		}
	}
}
