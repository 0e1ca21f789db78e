package iam

import (
	"reflect"
	"strings"
	"testing"
)

func TestMatchPrincipal(t *testing.T) {
	sessionA := sessionOf(t, roleA)
	namedSession, _ := RoleSessionCaller(roleA, "etl")
	pathRole, _ := RoleSessionCaller("arn:aws:iam::123456789012:role/service-role/Spectrum", "")
	user, _ := UserCaller("arn:aws:iam::123456789012:user/division/alice")
	redshift := ServiceCaller("redshift.amazonaws.com", "us-east-1")
	redshiftNoRegion := ServiceCaller("redshift.amazonaws.com", "")
	root := AccountCaller("aws", acct)
	oidc := FederatedCaller("cognito-identity.amazonaws.com")

	cases := []struct {
		name      string
		principal string // JSON of the Principal element
		caller    Caller
		scope     Tri
		kind      GrantKind // the kind that must be True (or Maybe when scope is Maybe)
	}{
		{"star", `"*"`, sessionA, True, GrantWildcard},
		{"AWS star", `{"AWS":"*"}`, sessionA, True, GrantWildcard},
		{"AWS star names services too", `{"AWS":"*"}`, redshift, True, GrantWildcard},
		{"account id", `{"AWS":"123456789012"}`, sessionA, True, GrantAccount},
		{"account root ARN", `{"AWS":"arn:aws:iam::123456789012:root"}`, sessionA, True, GrantAccount},
		{"other account", `{"AWS":"210987654321"}`, sessionA, False, GrantNone},
		{"root caller by account", `{"AWS":"123456789012"}`, root, True, GrantAccount},
		{"role ARN names its sessions", `{"AWS":"arn:aws:iam::123456789012:role/RoleA"}`, sessionA, True, GrantDirect},
		{"role name is case-sensitive", `{"AWS":"arn:aws:iam::123456789012:role/rolea"}`, sessionA, False, GrantNone},
		{"other role", `{"AWS":"arn:aws:iam::123456789012:role/RoleB"}`, sessionA, False, GrantNone},
		{"role with path", `{"AWS":"arn:aws:iam::123456789012:role/service-role/Spectrum"}`, pathRole, True, GrantDirect},
		{"no partial wildcards in principals", `{"AWS":"arn:aws:iam::123456789012:role/*"}`, sessionA, False, GrantNone},
		{"stale unique id", `{"AWS":"AROARZPUZDIKFVURZQD4G"}`, sessionA, False, GrantNone},
		{"Redshift docs' account-less ARN", `{"AWS":"arn:aws:iam::role/RoleA"}`, sessionA, False, GrantNone},
		{"session ARN, name unknown", `{"AWS":"arn:aws:sts::123456789012:assumed-role/RoleA/etl"}`, sessionA, Maybe, GrantSession},
		{"session ARN, name known", `{"AWS":"arn:aws:sts::123456789012:assumed-role/RoleA/etl"}`, namedSession, True, GrantSession},
		{"session ARN, other name", `{"AWS":"arn:aws:sts::123456789012:assumed-role/RoleA/other"}`, namedSession, False, GrantNone},
		{"session ARN of another role", `{"AWS":"arn:aws:sts::123456789012:assumed-role/RoleB/etl"}`, sessionA, False, GrantNone},
		{"user ARN", `{"AWS":"arn:aws:iam::123456789012:user/division/alice"}`, user, True, GrantDirect},
		{"user ARN vs session", `{"AWS":"arn:aws:iam::123456789012:user/RoleA"}`, sessionA, False, GrantNone},
		{"service", `{"Service":"redshift.amazonaws.com"}`, redshift, True, GrantService},
		{"service list", `{"Service":["ec2.amazonaws.com","redshift.amazonaws.com"]}`, redshift, True, GrantService},
		{"service is case-sensitive", `{"Service":"Redshift.amazonaws.com"}`, redshift, False, GrantNone},
		{"regional service, same region", `{"Service":"redshift.us-east-1.amazonaws.com"}`, redshift, True, GrantService},
		{"regional service, other region", `{"Service":"redshift.eu-west-1.amazonaws.com"}`, redshift, False, GrantNone},
		{"regional service, region unknown", `{"Service":"redshift.eu-west-1.amazonaws.com"}`, redshiftNoRegion, Maybe, GrantService},
		{"service vs role session", `{"Service":"redshift.amazonaws.com"}`, sessionA, False, GrantNone},
		{"account vs service", `{"AWS":"123456789012"}`, redshift, False, GrantNone},
		{"federated", `{"Federated":"cognito-identity.amazonaws.com"}`, oidc, True, GrantFederated},
		{"federated vs other", `{"Federated":"accounts.google.com"}`, oidc, False, GrantNone},
		{"canonical user never matches", `{"CanonicalUser":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}`, sessionA, False, GrantNone},
		{"anonymous only by star", `{"AWS":"123456789012"}`, AnonymousCaller(), False, GrantNone},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := mustPolicy(t, `{"Statement":{"Effect":"Allow","Action":"*","Principal":`+c.principal+`}}`).Statements[0]
			m, _ := matchPrincipalElement(&st, c.caller, false)
			if m.scope != c.scope {
				t.Errorf("scope = %v, want %v", m.scope, c.scope)
			}
			if c.kind != GrantNone && m.grants[c.kind] != c.scope {
				t.Errorf("grants[%v] = %v, want %v (grants %v)", c.kind, m.grants[c.kind], c.scope, m.grants)
			}
		})
	}
}

func TestNotPrincipal(t *testing.T) {
	session := sessionOf(t, roleA)
	named, _ := RoleSessionCaller(roleA, "etl")
	user, _ := UserCaller("arn:aws:iam::123456789012:user/alice")
	cases := []struct {
		name, notPrincipal string
		caller             Caller
		applies            Tri
	}{
		{"other principal listed: applies", `{"AWS":"arn:aws:iam::123456789012:role/RoleB"}`, session, True},
		// A session is checked as session ARN, role ARN and account; all must be listed [NOTPRIN].
		{"role ARN alone does not exempt the session", `{"AWS":"arn:aws:iam::123456789012:role/RoleA"}`, session, True},
		{"role and account, session unknown", `{"AWS":["arn:aws:iam::123456789012:role/RoleA","123456789012","arn:aws:sts::123456789012:assumed-role/RoleA/etl"]}`, session, Maybe},
		{"all three listed", `{"AWS":["arn:aws:iam::123456789012:role/RoleA","123456789012","arn:aws:sts::123456789012:assumed-role/RoleA/etl"]}`, named, False},
		{"user and account listed", `{"AWS":["arn:aws:iam::123456789012:user/alice","arn:aws:iam::123456789012:root"]}`, user, False},
		{"user without account", `{"AWS":"arn:aws:iam::123456789012:user/alice"}`, user, True},
		{"star exempts everyone", `{"AWS":"*"}`, session, False},
		{"service exempted", `{"Service":"redshift.amazonaws.com"}`, ServiceCaller("redshift.amazonaws.com", "us-east-1"), False},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := mustPolicy(t, `{"Statement":{"Effect":"Deny","Action":"*","NotPrincipal":`+c.notPrincipal+`}}`).Statements[0]
			m, _ := matchPrincipalElement(&st, c.caller, false)
			if m.scope != c.applies {
				t.Errorf("applies = %v, want %v", m.scope, c.applies)
			}
		})
	}
	// [PB]: NotPrincipal + Deny always applies to a principal with a boundary.
	st := mustPolicy(t, `{"Statement":{"Effect":"Deny","Action":"*","NotPrincipal":{"AWS":"*"}}}`).Statements[0]
	bounded := session
	bounded.HasBoundary = true
	if m, _ := matchPrincipalElement(&st, bounded, false); m.scope != True {
		t.Errorf("boundary-carrying caller: applies = %v, want true", m.scope)
	}
}

func TestParseCaller(t *testing.T) {
	cases := map[string]Caller{
		"ec2.amazonaws.com": {Type: ServicePrincipal, Name: "ec2.amazonaws.com"},
		"123456789012":      {Type: AccountPrincipal, Partition: "aws", Account: acct, ARN: "arn:aws:iam::123456789012:root"},
		"arn:aws:iam::123456789012:root": {Type: AccountPrincipal, Partition: "aws", Account: acct,
			ARN: "arn:aws:iam::123456789012:root"},
		roleA: {Type: RoleSessionPrincipal, Partition: "aws", Account: acct, Name: "RoleA", ARN: roleA},
		"arn:aws:iam::123456789012:user/p/bob": {Type: UserPrincipal, Partition: "aws", Account: acct, Name: "bob",
			ARN: "arn:aws:iam::123456789012:user/p/bob"},
		"arn:aws:sts::123456789012:assumed-role/RoleA/s1": {Type: RoleSessionPrincipal, Partition: "aws", Account: acct,
			Name: "RoleA", SessionName: "s1"},
	}
	for in, want := range cases {
		got, err := ParseCaller(in)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("ParseCaller(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "RoleA", "arn:aws:s3:::bucket", "arn:aws:iam::123456789012:policy/P"} {
		if _, err := ParseCaller(bad); err == nil {
			t.Errorf("ParseCaller(%q): want error", bad)
		}
	}
}

func TestRegionalServiceRegion(t *testing.T) {
	if r, ok := RegionalServiceRegion("redshift.us-east-1.amazonaws.com", "redshift.amazonaws.com"); !ok || r != "us-east-1" {
		t.Errorf("got %q %v", r, ok)
	}
	for _, e := range []string{"redshift.amazonaws.com", "redshift-serverless.us-east-1.amazonaws.com", "redshift.a.b.amazonaws.com", "redshift..amazonaws.com",
		"redshift.*.amazonaws.com", "redshift.us-east-?.amazonaws.com", "redshift.US-EAST-1.amazonaws.com"} {
		if _, ok := RegionalServiceRegion(e, "redshift.amazonaws.com"); ok {
			t.Errorf("%q read as a regional form", e)
		}
	}
}

// TestPrincipalContext pins every key whose presence or value the IAM
// global condition key reference fixes for each kind of caller; the rest
// stay unknown.
func TestPrincipalContext(t *testing.T) {
	user, _ := UserCaller("arn:aws:iam::123456789012:user/alice")
	redshift := ServiceCaller("redshift.amazonaws.com", "us-east-1")
	const unknown, absent = "?", "-"
	cases := []struct {
		name   string
		caller Caller
		want   map[string]string // key → value, unknown or absent
	}{
		{"role session", sessionOf(t, roleA), map[string]string{
			"AWS:PRINCIPALARN": roleA, "aws:PrincipalAccount": acct, "aws:PrincipalType": "AssumedRole",
			"aws:username": absent, "aws:PrincipalIsAWSService": "false", "aws:PrincipalServiceName": absent,
			"aws:CalledVia": absent, "aws:SourceArn": absent, "aws:SourceAccount": absent,
			"aws:SourceIp": unknown, "aws:MultiFactorAuthPresent": unknown, "aws:ViaAWSService": unknown,
			"aws:CalledViaFirst": unknown,
		}},
		{"user", user, map[string]string{
			"aws:PrincipalArn": user.ARN, "aws:username": "alice", "aws:PrincipalType": "User",
			"aws:PrincipalIsAWSService": "false", "aws:PrincipalServiceName": absent, "aws:SourceArn": absent,
			"aws:MultiFactorAuthPresent": unknown,
		}},
		{"service principal", redshift, map[string]string{
			"aws:PrincipalIsAWSService": "true", "aws:PrincipalServiceName": "redshift.amazonaws.com",
			"aws:SourceArn": unknown, "aws:SourceAccount": unknown, "aws:PrincipalArn": unknown,
			"aws:CalledVia": unknown, "aws:MultiFactorAuthPresent": unknown,
		}},
	}
	for _, c := range cases {
		ctx := PrincipalContext(c.caller)
		for key, want := range c.want {
			values, state := ctx.Lookup(key)
			got := unknown
			switch state {
			case KeyAbsent:
				got = absent
			case KeyPresent:
				got = values[0]
			}
			if got != want || len(values) > 1 {
				t.Errorf("%s: %s = %q %v, want %q", c.name, key, got, values, want)
			}
		}
	}
}

// TestRejectedPrincipalShapes: entries IAM refuses to save name no one for
// an Allow, apply for a Deny (malformed), and are reported when they could
// have been meant for the caller.
func TestRejectedPrincipalShapes(t *testing.T) {
	session := sessionOf(t, roleA)
	redshift := ServiceCaller("redshift.amazonaws.com", "us-east-1")
	partial := `{"AWS":"arn:aws:iam::123456789012:role/Role*"}`
	cases := []struct {
		name      string
		statement string // Effect and Principal/NotPrincipal members
		caller    Caller
		roleTrust bool
		scope     Tri
		rejected  string // shape:entry, space-separated
	}{
		{"partial wildcard in a role ARN, Allow", `"Effect":"Allow","Principal":` + partial, session, true, False, "partial-wildcard-aws:arn:aws:iam::123456789012:role/Role*"},
		{"partial wildcard in a role ARN, Deny", `"Effect":"Deny","Principal":` + partial, session, true, True, "partial-wildcard-aws:arn:aws:iam::123456789012:role/Role*"},
		{"question mark is a wildcard too", `"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/Role?"}`, session, true, False, "partial-wildcard-aws:arn:aws:iam::123456789012:role/Role?"},
		{"wildcard account", `"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::*:root"}`, session, true, False, "partial-wildcard-aws:arn:aws:iam::*:root"},
		{"a valid entry beside it still names", `"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::123456789012:role/*","` + roleA + `"]}`, session, true, True, "partial-wildcard-aws:arn:aws:iam::123456789012:role/*"},
		{"AWS star is valid", `"Effect":"Allow","Principal":{"AWS":"*"}`, session, true, True, ""},
		{"an AWS pattern is not meant for a service", `"Effect":"Allow","Principal":` + partial, redshift, true, False, ""},
		{"nor does its Deny name a service", `"Effect":"Deny","Principal":` + partial, redshift, true, False, ""},
		{"Service star, Allow", `"Effect":"Allow","Principal":{"Service":"*"}`, redshift, true, False, "wildcard-service:*"},
		{"wildcard inside a service name", `"Effect":"Allow","Principal":{"Service":"redshift.*.amazonaws.com"}`, redshift, true, False, "wildcard-service:redshift.*.amazonaws.com"},
		{"Service star, Deny", `"Effect":"Deny","Principal":{"Service":"*"}`, redshift, true, True, "wildcard-service:*"},
		{"a Service pattern is not meant for a role session", `"Effect":"Deny","Principal":{"Service":"*"}`, session, true, False, ""},
		{"NotPrincipal with Allow", `"Effect":"Allow","NotPrincipal":{"AWS":"` + roleB + `"}`, session, false, False, "not-principal-allow:"},
		{"NotPrincipal with Allow, service", `"Effect":"Allow","NotPrincipal":{"AWS":"` + roleB + `"}`, redshift, true, False, "not-principal-allow:"},
		{"NotPrincipal with Deny in a trust policy", `"Effect":"Deny","NotPrincipal":{"AWS":"*"}`, session, true, True, "not-principal-trust:"},
		{"NotPrincipal with Deny elsewhere", `"Effect":"Deny","NotPrincipal":{"AWS":"*"}`, session, false, False, ""},
		{"a rejected entry exempts no one", `"Effect":"Deny","NotPrincipal":` + partial, session, false, True, "partial-wildcard-aws:arn:aws:iam::123456789012:role/Role*"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := mustPolicy(t, `{"Statement":{"Action":"*",`+c.statement+`}}`).Statements[0]
			m, _ := matchPrincipalElement(&st, c.caller, c.roleTrust)
			var got []string
			for _, r := range m.rejected {
				got = append(got, r.Shape.String()+":"+r.Entry)
			}
			if m.scope != c.scope || strings.Join(got, " ") != c.rejected {
				t.Errorf("scope %v rejected %q, want %v %q", m.scope, got, c.scope, c.rejected)
			}
		})
	}
}
