package iam

import (
	"reflect"
	"strings"
	"testing"
)

type policyDoc struct{ label, doc string }

func namedAll(t *testing.T, docs []policyDoc) []NamedPolicy {
	var out []NamedPolicy
	for _, d := range docs {
		if d.doc == "" {
			out = append(out, NamedPolicy{Label: d.label}) // document not available
			continue
		}
		out = append(out, named(t, d.label, d.doc))
	}
	return out
}

func TestEvaluateIdentity(t *testing.T) {
	assume := func(role string) Request {
		return Request{Caller: sessionOf(t, roleA), Action: "sts:AssumeRole", Resource: role,
			Context: PrincipalContext(sessionOf(t, roleA))}
	}
	cases := []struct {
		name     string
		policies []policyDoc
		req      Request
		want     Decision
		deciding string // StatementRef strings of Result.Deciding
		unknown  []string
	}{
		{
			name:     "no policies: implicit deny",
			req:      assume(roleB),
			want:     ImplicitDeny,
			deciding: "",
		},
		{
			name:     "allow by exact ARN",
			policies: []policyDoc{{"chain", identityDoc(`{"Sid":"Chain","Effect":"Allow","Action":"sts:AssumeRole","Resource":"` + roleB + `"}`)}},
			req:      assume(roleB),
			want:     Allowed,
			deciding: `chain "Chain"`,
		},
		{
			name:     "actions are case-insensitive",
			policies: []policyDoc{{"p", identityDoc(`{"Effect":"Allow","Action":"STS:assumerole","Resource":"` + roleB + `"}`)}},
			req:      assume(roleB),
			want:     Allowed,
			deciding: "p Statement[0]",
		},
		{
			name:     "role names in resources are case-sensitive",
			policies: []policyDoc{{"p", identityDoc(`{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::123456789012:role/roleb"}`)}},
			req:      assume(roleB),
			want:     ImplicitDeny,
		},
		{
			name:     "path wildcard resource",
			policies: []policyDoc{{"p", identityDoc(`{"Effect":"Allow","Action":"sts:*","Resource":"arn:aws:iam::123456789012:role/service-role/*"}`)}},
			req:      assume("arn:aws:iam::123456789012:role/service-role/RedshiftSpectrumRole"),
			want:     Allowed,
			deciding: "p Statement[0]",
		},
		{
			name:     "path wildcard does not cover the root path",
			policies: []policyDoc{{"p", identityDoc(`{"Effect":"Allow","Action":"sts:*","Resource":"arn:aws:iam::123456789012:role/service-role/*"}`)}},
			req:      assume(roleB),
			want:     ImplicitDeny,
		},
		{
			name: "explicit deny beats allow, in another policy",
			policies: []policyDoc{
				{"allow-all", identityDoc(`{"Effect":"Allow","Action":"*","Resource":"*"}`)},
				{"guard", identityDoc(`{"Sid":"NoChain","Effect":"Deny","Action":"sts:AssumeRole","Resource":"*"}`)},
			},
			req:      assume(roleB),
			want:     ExplicitDeny,
			deciding: `guard "NoChain"`,
		},
		{
			name: "NotAction Deny denies what it does not list",
			policies: []policyDoc{
				{"allow-all", identityDoc(`{"Effect":"Allow","Action":"*","Resource":"*"}`)},
				{"only-s3-glue", identityDoc(`{"Effect":"Deny","NotAction":["s3:*","glue:*"],"Resource":"*"}`)},
			},
			req:      assume(roleB),
			want:     ExplicitDeny,
			deciding: "only-s3-glue Statement[0]",
		},
		{
			name: "NotAction Deny spares what it lists",
			policies: []policyDoc{
				{"allow-all", identityDoc(`{"Effect":"Allow","Action":"*","Resource":"*"}`)},
				{"no-s3", identityDoc(`{"Effect":"Deny","NotAction":["sts:*"],"Resource":"*"}`)},
			},
			req:      assume(roleB),
			want:     Allowed,
			deciding: "allow-all Statement[0]",
		},
		{
			name:     "NotAction Allow",
			policies: []policyDoc{{"p", identityDoc(`{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}`)}},
			req:      assume(roleB),
			want:     Allowed,
			deciding: "p Statement[0]",
		},
		{
			name:     "NotResource Allow excludes the listed role",
			policies: []policyDoc{{"p", identityDoc(`{"Effect":"Allow","Action":"sts:AssumeRole","NotResource":"` + roleB + `"}`)}},
			req:      assume(roleB),
			want:     ImplicitDeny,
		},
		{
			name: "NotResource Deny applies to other roles",
			policies: []policyDoc{
				{"allow", identityDoc(`{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}`)},
				{"only-b", identityDoc(`{"Effect":"Deny","Action":"sts:AssumeRole","NotResource":"` + roleB + `"}`)},
			},
			req:      assume("arn:aws:iam::123456789012:role/RoleC"),
			want:     ExplicitDeny,
			deciding: "only-b Statement[0]",
		},
		{
			name:     "allow with an unknowable condition is unknown",
			policies: []policyDoc{{"p", identityDoc(`{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}`)}},
			req:      assume(roleB),
			want:     Unknown,
			deciding: "p Statement[0]",
			unknown:  []string{"aws:SourceIp"},
		},
		{
			name: "a deny that might apply makes an allow unknown",
			policies: []policyDoc{
				{"allow", identityDoc(`{"Effect":"Allow","Action":"*","Resource":"*"}`)},
				{"mfa", identityDoc(`{"Sid":"NeedMFA","Effect":"Deny","Action":"*","Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}`)},
			},
			req:      assume(roleB),
			want:     Unknown,
			deciding: `mfa "NeedMFA"`,
			unknown:  []string{"aws:MultiFactorAuthPresent"},
		},
		{
			name: "a certain deny decides despite an uncertain one",
			policies: []policyDoc{
				{"allow", identityDoc(`{"Effect":"Allow","Action":"*","Resource":"*"}`)},
				{"mfa", identityDoc(`{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}`)},
				{"hard", identityDoc(`{"Effect":"Deny","Action":"sts:AssumeRole","Resource":"*"}`)},
			},
			req:      assume(roleB),
			want:     ExplicitDeny,
			deciding: "hard Statement[0]",
		},
		{
			name: "an uncertain deny without any allow is still a denial",
			policies: []policyDoc{
				{"mfa", identityDoc(`{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}}`)},
			},
			req:  assume(roleB),
			want: ImplicitDeny,
		},
		{
			name:     "IfExists with an absent key holds",
			policies: []policyDoc{{"p", identityDoc(`{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*","Condition":{"StringEqualsIfExists":{"aws:username":"bob"}}}`)}},
			req:      assume(roleB),
			want:     Allowed,
			deciding: "p Statement[0]",
		},
		{
			name:     "Null on an absent key",
			policies: []policyDoc{{"p", identityDoc(`{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"Null":{"aws:username":"true"}}}`)}, {"a", identityDoc(`{"Effect":"Allow","Action":"*","Resource":"*"}`)}},
			req:      assume(roleB),
			want:     ExplicitDeny,
			deciding: "p Statement[0]",
		},
		{
			name:     "ForAllValues on an absent key holds",
			policies: []policyDoc{{"p", identityDoc(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":["team"]}}}`)}},
			req:      Request{Caller: sessionOf(t, roleA), Action: "sts:TagSession", Resource: roleB, Context: NewContext().SetAbsent("aws:TagKeys")},
			want:     Allowed,
			deciding: "p Statement[0]",
		},
		{
			name:     "StringLike with * on the principal ARN",
			policies: []policyDoc{{"p", identityDoc(`{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*","Condition":{"StringLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/Role*"}}}`)}},
			req:      assume(roleB),
			want:     Allowed,
			deciding: "p Statement[0]",
		},
		{
			name:     "policy variable in a resource, 2012-10-17",
			policies: []policyDoc{{"p", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::home/${aws:username}/*"}}`}},
			req:      Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::home/alice/notes.txt", Context: ctxWith("aws:username", "alice")},
			want:     Allowed,
			deciding: "p Statement[0]",
		},
		{
			name:     "policy variable in a resource, 2008-10-17 is literal",
			policies: []policyDoc{{"p", `{"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::home/${aws:username}/*"}}`}},
			req:      Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::home/alice/notes.txt", Context: ctxWith("aws:username", "alice")},
			want:     ImplicitDeny,
		},
		{
			name:     "policy variable with an absent key matches no resource",
			policies: []policyDoc{{"p", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::home/${aws:username}/*"}}`}},
			req:      Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::home/alice/notes.txt", Context: NewContext().SetAbsent("aws:username")},
			want:     ImplicitDeny,
		},
		{
			name:     "policy variable with an unknowable key",
			policies: []policyDoc{{"p", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::home/${aws:username}/*"}}`}},
			req:      Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::home/alice/notes.txt"},
			want:     Unknown,
			deciding: "p Statement[0]",
			unknown:  []string{"aws:username"},
		},
		{
			name: "a policy whose document is missing makes an allow unknown",
			policies: []policyDoc{
				{"allow", identityDoc(`{"Effect":"Allow","Action":"*","Resource":"*"}`)},
				{"arn:aws:iam::aws:policy/Missing", ""},
			},
			req:  assume(roleB),
			want: Unknown,
		},
		{
			name: "a missing document cannot hide a certain deny",
			policies: []policyDoc{
				{"deny", identityDoc(`{"Effect":"Deny","Action":"*","Resource":"*"}`)},
				{"arn:aws:iam::aws:policy/Missing", ""},
			},
			req:      assume(roleB),
			want:     ExplicitDeny,
			deciding: "deny Statement[0]",
		},
		{
			name:     "a statement without Resource in an identity policy allows nothing",
			policies: []policyDoc{{"p", identityDoc(`{"Effect":"Allow","Action":"*"}`)}},
			req:      assume(roleB),
			want:     ImplicitDeny,
		},
		{
			name:     "a statement without Resource in an identity policy still denies",
			policies: []policyDoc{{"a", identityDoc(`{"Effect":"Allow","Action":"*","Resource":"*"}`)}, {"d", identityDoc(`{"Effect":"Deny","Action":"*"}`)}},
			req:      assume(roleB),
			want:     ExplicitDeny,
			deciding: "d Statement[0]",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := EvaluateIdentity(c.req, namedAll(t, c.policies)...)
			if r.Decision != c.want {
				t.Errorf("decision = %v (deny %v, allow %v), want %v", r.Decision, r.Deny, r.Allow, c.want)
			}
			if got := refs(r.Deciding); got != c.deciding {
				t.Errorf("deciding = %q, want %q", got, c.deciding)
			}
			var unknown []string
			for _, sr := range r.Deciding {
				unknown = append(unknown, sr.UnknownKeys...)
			}
			if !reflect.DeepEqual(unknown, c.unknown) {
				t.Errorf("unknown keys = %q, want %q", unknown, c.unknown)
			}
		})
	}
}

const redshiftTrust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"redshift.amazonaws.com"},"Action":"sts:AssumeRole"}]}`

func TestEvaluateTrustPolicy(t *testing.T) {
	redshift := ServiceCaller("redshift.amazonaws.com", "us-east-1")
	withExternalID := NewContext().Set("sts:ExternalId", dbUserARN)
	cases := []struct {
		name, trust string
		caller      Caller
		ctx         *Context
		want        Decision
		deciding    string
		failedKeys  []string // of the first candidate
	}{
		{"service trust", redshiftTrust, redshift, nil, Allowed, "trust Statement[0]", nil},
		{"service trust, other service", redshiftTrust, ServiceCaller("ec2.amazonaws.com", ""), nil, ImplicitDeny, "", nil},
		{"role trust with ExternalId", `{"Version":"2012-10-17","Statement":{"Sid":"Chain","Effect":"Allow","Principal":{"AWS":"` + roleA + `"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"` + dbUserARN + `"}}}}`,
			sessionOf(t, roleA), withExternalID, Allowed, `trust "Chain"`, nil},
		{"ExternalId for another user", `{"Version":"2012-10-17","Statement":{"Sid":"Chain","Effect":"Allow","Principal":{"AWS":"` + roleA + `"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"arn:aws:redshift:us-east-1:123456789012:dbuser:analytics-cluster/other"}}}}`,
			sessionOf(t, roleA), withExternalID, ImplicitDeny, "", []string{"sts:ExternalId"}},
		{"ExternalId unknown (no db user given)", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"` + roleA + `"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"x"}}}}`,
			sessionOf(t, roleA), nil, Unknown, "trust Statement[0]", nil},
		{"trust for another role", `{"Statement":{"Effect":"Allow","Principal":{"AWS":"` + roleB + `"},"Action":"sts:AssumeRole"}}`,
			sessionOf(t, roleA), nil, ImplicitDeny, "", nil},
		{"trust allows only another action", `{"Statement":{"Effect":"Allow","Principal":{"AWS":"` + roleA + `"},"Action":"sts:TagSession"}}`,
			sessionOf(t, roleA), nil, ImplicitDeny, "", nil},
		{"deny NotPrincipal in a resource policy", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"},{"Sid":"OnlyB","Effect":"Deny","NotPrincipal":{"AWS":"` + roleB + `"},"Action":"*"}]}`,
			sessionOf(t, roleA), nil, ExplicitDeny, `trust "OnlyB"`, nil},
		{"deny with an unknowable key in a trust policy", `{"Statement":[{"Effect":"Allow","Principal":{"Service":"redshift.amazonaws.com"},"Action":"sts:AssumeRole"},{"Sid":"Net","Effect":"Deny","Principal":"*","Action":"*","Condition":{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]}`,
			redshift, nil, Unknown, `trust "Net"`, nil},
		{"trust without Principal allows nobody", `{"Statement":{"Effect":"Allow","Action":"sts:AssumeRole"}}`,
			redshift, nil, ImplicitDeny, "", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req := Request{Caller: c.caller, Action: "sts:AssumeRole", Resource: roleB, Context: c.ctx}
			r := EvaluateResource(req, named(t, "trust", c.trust))
			if r.Decision != c.want {
				t.Errorf("decision = %v, want %v", r.Decision, c.want)
			}
			if got := refs(r.Deciding); got != c.deciding {
				t.Errorf("deciding = %q, want %q", got, c.deciding)
			}
			if c.failedKeys != nil && (len(r.Candidates) == 0 || !reflect.DeepEqual(r.Candidates[0].FailedKeys, c.failedKeys)) {
				t.Errorf("candidates = %+v, want failed keys %q", r.Candidates, c.failedKeys)
			}
		})
	}
}

// The example account in shared/formats: Redshift may assume
// RedshiftClusterRole, which may chain to RedshiftS3ReadRole for etl_user.
func TestEvaluateExportFixture(t *testing.T) {
	docs := gaadDocuments(t, "testdata/gaad.urlencoded.json")
	const cluster = "arn:aws:iam::123456789012:role/RedshiftClusterRole"
	const s3read = "arn:aws:iam::123456789012:role/RedshiftS3ReadRole"
	hop1 := AuthorizeAssumeRole(ServiceCaller("redshift.amazonaws.com", "us-east-1"), cluster,
		NamedPolicy{Label: "RedshiftClusterRole trust", Document: docs["RedshiftClusterRole trust"]}, nil, nil,
		NewContext().Set("sts:ExternalId", dbUserARN))
	if hop1.Decision != Allowed || hop1.Via != GrantService {
		t.Errorf("hop 1: %v via %v", hop1.Decision, hop1.Via)
	}
	caller := sessionOf(t, cluster)
	identity := []NamedPolicy{
		{Label: "AllowRoleChaining", Document: docs["RedshiftClusterRole AllowRoleChaining"]},
		{Label: "InvokeUdfLambdas", Document: docs["RedshiftClusterRole InvokeUdfLambdas"]},
	}
	trust := NamedPolicy{Label: "RedshiftS3ReadRole trust", Document: docs["RedshiftS3ReadRole trust"]}
	for _, c := range []struct {
		user string
		want Decision
	}{{"etl_user", Allowed}, {"intern", ImplicitDeny}} {
		ctx := PrincipalContext(caller).Set("sts:ExternalId", "arn:aws:redshift:us-east-1:123456789012:dbuser:analytics-cluster/"+c.user)
		hop2 := AuthorizeAssumeRole(caller, s3read, trust, identity, nil, ctx)
		if hop2.Decision != c.want {
			t.Errorf("hop 2 for %s: %v, want %v", c.user, hop2.Decision, c.want)
		}
	}
}

// TestRejectedShapesInResults: a trust policy entry IAM refuses allows
// nothing and is reported in the Result with its statement; a NotPrincipal
// is refused in any role trust policy, not in other resource policies.
func TestRejectedShapesInResults(t *testing.T) {
	redshift := ServiceCaller("redshift.amazonaws.com", "us-east-1")
	allowRedshift := `{"Sid":"Redshift","Effect":"Allow","Principal":{"Service":"redshift.amazonaws.com"},"Action":"sts:AssumeRole"}`
	cases := []struct {
		name     string
		trust    string // statements
		want     Decision
		rejected string // ref effect shape entry, ";"-separated
	}{
		{"wildcard inside the service name", `{"Effect":"Allow","Principal":{"Service":"redshift.*.amazonaws.com"},"Action":"sts:AssumeRole"}`,
			ImplicitDeny, "trust Statement[0] Allow wildcard-service redshift.*.amazonaws.com"},
		{"Service star", `{"Sid":"Any","Effect":"Allow","Principal":{"Service":["*"]},"Action":"sts:*"}`,
			ImplicitDeny, `trust "Any" Allow wildcard-service *`},
		{"Allow with NotPrincipal", `{"Effect":"Allow","NotPrincipal":{"AWS":"` + roleB + `"},"Action":"sts:AssumeRole"}`,
			ImplicitDeny, "trust Statement[0] Allow not-principal-allow "},
		{"Deny with NotPrincipal in a trust policy", allowRedshift + `,{"Sid":"OnlyRedshift","Effect":"Deny","NotPrincipal":{"Service":"redshift.amazonaws.com"},"Action":"sts:AssumeRole"}`,
			ExplicitDeny, `trust "OnlyRedshift" Deny not-principal-trust `},
		{"Deny with Service star", allowRedshift + `,{"Effect":"Deny","Principal":{"Service":"*"},"Action":"sts:AssumeRole"}`,
			ExplicitDeny, "trust Statement[1] Deny wildcard-service *"},
		{"not about this action: not reported", `{"Effect":"Allow","Principal":{"Service":"*"},"Action":"sts:TagSession"}`,
			ImplicitDeny, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			trust := named(t, "trust", `{"Version":"2012-10-17","Statement":[`+c.trust+`]}`)
			got := AuthorizeAssumeRole(redshift, roleB, trust, nil, nil, PrincipalContext(redshift))
			var rejected []string
			for _, r := range got.Resource.Rejected {
				rejected = append(rejected, r.Ref.String()+" "+r.Effect.String()+" "+r.Shape.String()+" "+r.Entry)
			}
			if got.Decision != c.want || strings.Join(rejected, ";") != c.rejected {
				t.Errorf("%v rejected %q, want %v %q", got.Decision, rejected, c.want, c.rejected)
			}
		})
	}
	// Outside a role trust policy, Deny with NotPrincipal is evaluated as written [NOTPRIN].
	policy := named(t, "bucket", `{"Statement":[`+allowRedshift+`,{"Effect":"Deny","NotPrincipal":{"Service":"redshift.amazonaws.com"},"Action":"*"}]}`)
	if r := EvaluateResource(Request{Caller: redshift, Action: "sts:AssumeRole", Resource: roleB}, policy); r.Decision != Allowed || len(r.Rejected) != 0 {
		t.Errorf("resource policy: %v rejected %+v", r.Decision, r.Rejected)
	}
}
