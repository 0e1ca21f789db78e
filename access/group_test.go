package access_test

import (
	"testing"

	"github.com/redshift-preflight/redshift-preflight/access"
	"github.com/redshift-preflight/redshift-preflight/chain"
	"github.com/redshift-preflight/redshift-preflight/redshift"
)

// TestGroup: the checks of one operation that fail or are unknown for one
// cause make one message listing their requests, with one help; others
// keep their own.
func TestGroup(t *testing.T) {
	copyPrefix := access.Statement{Kind: redshift.Copy, Target: s3Target("s3://some-bucket/prefix/")}
	tests := []struct {
		name    string
		role    string
		st      access.Statement
		verdict chain.Verdict
		want    []string // message | help, one per group
	}{
		{"two missing actions, one finding", a + "RegionalSameRole", copyPrefix, chain.VerdictFail, []string{
			"RegionalSameRole may not s3:ListBucket on arn:aws:s3:::some-bucket, s3:GetObject on arn:aws:s3:::some-bucket/prefix/*, which COPY needs | " +
				`add {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::some-bucket"}, {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::some-bucket/prefix/*"} to a policy of RegionalSameRole`}},
		{"two unknowns of one missing policy, one finding", a + "MissingPolicyRole", copyPrefix, chain.VerdictUnknown, []string{
			"managed policy arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess is not in the data, so whether MissingPolicyRole may s3:ListBucket on arn:aws:s3:::some-bucket, s3:GetObject on arn:aws:s3:::some-bucket/prefix/* cannot be decided | " +
				"export the policy with get-account-authorization-details (include AWSManagedPolicy in --filter)"}},
		{"no check of the verdict, no group", a + "RegionalSameRole", copyPrefix, chain.VerdictUnknown, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := access.Operation(opsWorld(t, false), tt.role, tt.st)
			if res == nil {
				t.Fatal("no operation")
			}
			var got []string
			for _, g := range access.Group(res.Checks, tt.verdict) {
				msg, help := access.Say(g)
				got = append(got, msg+" | "+help)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d groups, want %d:\n%q", len(got), len(tt.want), got)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("group %d:\n got %s\nwant %s", i, got[i], tt.want[i])
				}
			}
		})
	}
}

// TestGroupKeepsOtherShapes: checks whose causes differ, or whose message
// does not frame the request, are never merged.
func TestGroupKeepsOtherShapes(t *testing.T) {
	cs := []access.Check{
		{Verdict: chain.VerdictFail, Action: "s3:GetObject", Resource: "r1", Lead: "X may not ", Tail: ", which COPY needs", Message: "m1", Grant: "g1", Grantee: "X"},
		{Verdict: chain.VerdictFail, Action: "s3:ListBucket", Resource: "r2", Message: "cross-account m2"},
		{Verdict: chain.VerdictFail, Action: "kms:Decrypt", Resource: "r3", Lead: "a Deny in P stops X from ", Tail: ", which COPY needs", Message: "m3"},
		{Verdict: chain.VerdictFail, Action: "s3:PutObject", Resource: "r4", Lead: "X may not ", Tail: ", which COPY needs", Message: "m4", Help: "the permissions boundary B of X must allow s3:PutObject too"},
		{Verdict: chain.VerdictOK, Action: "s3:GetObject", Resource: "r5"},
	}
	groups := access.Group(cs, chain.VerdictFail)
	if len(groups) != 4 {
		t.Fatalf("got %d groups, want 4: %v", len(groups), groups)
	}
	for i, g := range groups {
		if msg, _ := access.Say(g); msg != g[0].Message {
			t.Errorf("group %d: got %q, want the check's own %q", i, msg, g[0].Message)
		}
	}
}
