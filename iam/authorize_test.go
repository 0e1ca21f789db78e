package iam

import "testing"

func trustNaming(principal string) string {
	return `{"Version":"2012-10-17","Statement":[{"Sid":"Trust","Effect":"Allow","Principal":` + principal + `,"Action":"sts:AssumeRole"}]}`
}

var (
	allowAssumeAny = identityDoc(`{"Sid":"Assume","Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}`)
	boundaryS3Only = identityDoc(`{"Sid":"S3Only","Effect":"Allow","Action":"s3:*","Resource":"*"}`)
	boundaryAll    = identityDoc(`{"Sid":"All","Effect":"Allow","Action":"*","Resource":"*"}`)
)

// TestAuthorizeAssumeRole walks the table of iam-semantics.md §2.
func TestAuthorizeAssumeRole(t *testing.T) {
	type tc struct {
		name     string
		caller   string // role ARN whose session assumes
		target   string
		trust    string
		identity string // "" for no identity policy
		boundary string // "" for no boundary
		want     Decision
		via      GrantKind
		lacking  PolicyType
		deciding string
	}
	cases := []tc{
		// Cross-account: both sides must allow [XACCT].
		{"cross: role ARN + identity", roleX, roleB, trustNaming(`{"AWS":"` + roleX + `"}`), allowAssumeAny, "",
			Allowed, GrantDirect, 0, `identity "Assume", trust "Trust"`},
		{"cross: role ARN, no identity allow", roleX, roleB, trustNaming(`{"AWS":"` + roleX + `"}`), "", "",
			ImplicitDeny, 0, IdentityPolicy, ""},
		{"cross: account root + identity", roleX, roleB, trustNaming(`{"AWS":"arn:aws:iam::210987654321:root"}`), allowAssumeAny, "",
			Allowed, GrantAccount, 0, `identity "Assume", trust "Trust"`},
		{"cross: wildcard + identity", roleX, roleB, trustNaming(`{"AWS":"*"}`), allowAssumeAny, "",
			Allowed, GrantWildcard, 0, `identity "Assume", trust "Trust"`},
		{"cross: wildcard, no identity allow", roleX, roleB, trustNaming(`"*"`), "", "",
			ImplicitDeny, 0, IdentityPolicy, ""},
		{"cross: boundary does not allow", roleX, roleB, trustNaming(`{"AWS":"` + roleX + `"}`), allowAssumeAny, boundaryS3Only,
			ImplicitDeny, 0, PermissionsBoundary, ""},
		{"cross: trust names another account", roleX, roleB, trustNaming(`{"AWS":"123456789012"}`), allowAssumeAny, "",
			ImplicitDeny, 0, ResourcePolicy, ""},
		// Same account, trust names the account: identity must allow too.
		{"same: account, no identity allow", roleA, roleB, trustNaming(`{"AWS":"123456789012"}`), "", "",
			ImplicitDeny, 0, IdentityPolicy, ""},
		{"same: account + identity", roleA, roleB, trustNaming(`{"AWS":"arn:aws:iam::123456789012:root"}`), allowAssumeAny, "",
			Allowed, GrantAccount, 0, `identity "Assume", trust "Trust"`},
		{"same: account + identity, boundary refuses", roleA, roleB, trustNaming(`{"AWS":"123456789012"}`), allowAssumeAny, boundaryS3Only,
			ImplicitDeny, 0, PermissionsBoundary, ""},
		// Same account, trust names the role ARN: no identity allow needed, boundary applies.
		{"same: role ARN, no identity policy", roleA, roleB, trustNaming(`{"AWS":"` + roleA + `"}`), "", "",
			Allowed, GrantDirect, 0, `trust "Trust"`},
		{"same: role ARN, boundary allows", roleA, roleB, trustNaming(`{"AWS":"` + roleA + `"}`), "", boundaryAll,
			Allowed, GrantDirect, 0, `boundary "All", trust "Trust"`},
		{"same: role ARN, boundary refuses", roleA, roleB, trustNaming(`{"AWS":"` + roleA + `"}`), allowAssumeAny, boundaryS3Only,
			ImplicitDeny, 0, PermissionsBoundary, ""},
		// Same account, trust names "*" or the session: only explicit denies matter.
		{"same: wildcard ignores the boundary", roleA, roleB, trustNaming(`{"AWS":"*"}`), "", boundaryS3Only,
			Allowed, GrantWildcard, 0, `trust "Trust"`},
		{"same: session ARN, name unknown", roleA, roleB, trustNaming(`{"AWS":"arn:aws:sts::123456789012:assumed-role/RoleA/etl"}`), "", "",
			Unknown, 0, 0, `trust "Trust"`},
		// Trust policies must allow the caller even in the same account [EVAL].
		{"same: identity allow without trust", roleA, roleB, trustNaming(`{"Service":"redshift.amazonaws.com"}`), allowAssumeAny, "",
			ImplicitDeny, 0, ResourcePolicy, ""},
		// Roles do not trust themselves implicitly [SELFTRUST].
		{"self: no self-grant", roleA, roleA, trustNaming(`{"Service":"redshift.amazonaws.com"}`), allowAssumeAny, "",
			ImplicitDeny, 0, ResourcePolicy, ""},
		{"self: explicit self-grant", roleA, roleA, trustNaming(`{"AWS":"` + roleA + `"}`), "", "",
			Allowed, GrantDirect, 0, `trust "Trust"`},
		// Explicit denies anywhere win.
		{"identity deny", roleA, roleB, trustNaming(`{"AWS":"` + roleA + `"}`),
			identityDoc(`{"Sid":"NoAssume","Effect":"Deny","Action":"sts:AssumeRole","Resource":"*"}`), "",
			ExplicitDeny, 0, 0, `identity "NoAssume"`},
		{"boundary deny", roleA, roleB, trustNaming(`{"AWS":"*"}`), "",
			identityDoc(`{"Sid":"All","Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"NoSTS","Effect":"Deny","Action":"sts:*","Resource":"*"}`),
			ExplicitDeny, 0, 0, `boundary "NoSTS"`},
		{"trust deny", roleA, roleB,
			`{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"},{"Sid":"NotA","Effect":"Deny","Principal":{"AWS":"` + roleA + `"},"Action":"sts:AssumeRole"}]}`,
			allowAssumeAny, "", ExplicitDeny, 0, 0, `trust "NotA"`},
		// Several grants: the narrowest that works is reported.
		{"direct and wildcard: direct reported", roleA, roleB,
			`{"Statement":[{"Sid":"Any","Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"},{"Sid":"A","Effect":"Allow","Principal":{"AWS":"` + roleA + `"},"Action":"sts:AssumeRole"}]}`,
			"", "", Allowed, GrantDirect, 0, `trust "Any", trust "A"`},
		// An undecidable direct grant with a certain account grant but no identity allow.
		{"uncertain direct grant", roleA, roleB,
			`{"Statement":[{"Sid":"Acct","Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"sts:AssumeRole"},{"Sid":"A","Effect":"Allow","Principal":{"AWS":"` + roleA + `"},"Action":"sts:AssumeRole","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]}`,
			"", "", Unknown, 0, 0, `trust "A"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var identity []NamedPolicy
			if c.identity != "" {
				identity = append(identity, named(t, "identity", c.identity))
			}
			var boundary *NamedPolicy
			if c.boundary != "" {
				b := named(t, "boundary", c.boundary)
				boundary = &b
			}
			caller := sessionOf(t, c.caller)
			got := AuthorizeAssumeRole(caller, c.target, named(t, "trust", c.trust), identity, boundary, PrincipalContext(caller))
			if got.Decision != c.want || got.Via != c.via || got.Lacking != c.lacking {
				t.Errorf("got %v via %v lacking %v; want %v via %v lacking %v",
					got.Decision, got.Via, got.Lacking, c.want, c.via, c.lacking)
			}
			if r := refs(got.Deciding); r != c.deciding {
				t.Errorf("deciding = %q, want %q", r, c.deciding)
			}
		})
	}
}

func TestAuthorizeUserCaller(t *testing.T) {
	user, _ := UserCaller("arn:aws:iam::123456789012:user/alice")
	trust := named(t, "trust", trustNaming(`{"AWS":"arn:aws:iam::123456789012:user/alice"}`))
	b := named(t, "boundary", boundaryS3Only)
	// A user named in a trust policy must still pass its own boundary [UPDTRUST].
	got := AuthorizeAssumeRole(user, roleB, trust, nil, &b, PrincipalContext(user))
	if got.Decision != ImplicitDeny || got.Lacking != PermissionsBoundary {
		t.Errorf("got %v lacking %v", got.Decision, got.Lacking)
	}
	got = AuthorizeAssumeRole(user, roleB, trust, nil, nil, PrincipalContext(user))
	if got.Decision != Allowed || got.Via != GrantDirect {
		t.Errorf("got %v via %v", got.Decision, got.Via)
	}
}

func TestAuthorizeServiceCaller(t *testing.T) {
	redshift := ServiceCaller("redshift.amazonaws.com", "us-east-1")
	cases := []struct {
		trust   string
		want    Decision
		lacking PolicyType
	}{
		{redshiftTrust, Allowed, 0},
		{trustNaming(`{"Service":"redshift.us-east-1.amazonaws.com"}`), Allowed, 0},
		{trustNaming(`{"Service":"redshift.eu-west-1.amazonaws.com"}`), ImplicitDeny, ResourcePolicy},
		{trustNaming(`{"AWS":"123456789012"}`), ImplicitDeny, ResourcePolicy},
	}
	for _, c := range cases {
		got := AuthorizeAssumeRole(redshift, roleA, named(t, "trust", c.trust), nil, nil, nil)
		if got.Decision != c.want || got.Lacking != c.lacking || got.Identity != nil {
			t.Errorf("%s: %v lacking %v identity %v", c.trust, got.Decision, got.Lacking, got.Identity)
		}
	}
}

func TestAuthorizeUnknownDocuments(t *testing.T) {
	caller := sessionOf(t, roleA)
	trust := named(t, "trust", trustNaming(`{"AWS":"`+roleA+`"}`))
	missingBoundary := NamedPolicy{Label: "arn:aws:iam::123456789012:policy/Boundary"}
	got := AuthorizeAssumeRole(caller, roleB, trust, nil, &missingBoundary, PrincipalContext(caller))
	if got.Decision != Unknown || len(got.Boundary.UnknownPolicies) != 1 {
		t.Errorf("missing boundary: %v %+v", got.Decision, got.Boundary)
	}
	got = AuthorizeAssumeRole(caller, roleB, NamedPolicy{Label: "trust"}, []NamedPolicy{named(t, "id", allowAssumeAny)}, nil, PrincipalContext(caller))
	if got.Decision != Unknown {
		t.Errorf("missing trust: %v", got.Decision)
	}
}

// Ordinary resources: without ResourceMustAllow an identity allow suffices
// in the same account, and an unknown resource account leaves cross-account
// access undecided.
func TestAuthorizeGenericResource(t *testing.T) {
	caller := sessionOf(t, roleA)
	read := named(t, "read", identityDoc(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}`))
	req := Request{Caller: caller, Action: "s3:GetObject", Resource: "arn:aws:s3:::bucket/key", Context: PrincipalContext(caller)}
	got := Authorize(Access{Request: req, Identity: []NamedPolicy{read}})
	if got.Decision != Unknown || got.CrossAccount != Maybe {
		t.Errorf("unknown bucket account: %v cross %v", got.Decision, got.CrossAccount)
	}
	got = Authorize(Access{Request: req, Identity: []NamedPolicy{read}, ResourceAccount: acct})
	if got.Decision != Allowed || got.Via != GrantNone {
		t.Errorf("same-account bucket: %v via %v", got.Decision, got.Via)
	}
	got = Authorize(Access{Request: req, Identity: []NamedPolicy{read}, ResourceAccount: otherAcct})
	if got.Decision != ImplicitDeny || got.Lacking != ResourcePolicy {
		t.Errorf("cross-account bucket without policy: %v lacking %v", got.Decision, got.Lacking)
	}
	bucket := named(t, "bucket", `{"Statement":{"Effect":"Allow","Principal":{"AWS":"`+roleA+`"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}}`)
	got = Authorize(Access{Request: req, Identity: []NamedPolicy{read}, ResourcePolicy: &bucket, ResourceAccount: otherAcct})
	if got.Decision != Allowed || got.Via != GrantDirect {
		t.Errorf("cross-account bucket with policy: %v via %v", got.Decision, got.Via)
	}
}

func TestAuthorizeRootCaller(t *testing.T) {
	root := AccountCaller("aws", acct)
	// The root user needs no identity policy in its own account...
	req := Request{Caller: root, Action: "s3:GetObject", Resource: "arn:aws:s3:::bucket/key"}
	if got := Authorize(Access{Request: req, ResourceAccount: acct}); got.Decision != Allowed || got.Via != GrantNone {
		t.Errorf("root, own account: %v via %v", got.Decision, got.Via)
	}
	// ... but cannot assume roles, even when the trust policy names everyone.
	got := AuthorizeAssumeRole(root, roleB, named(t, "trust", trustNaming(`"*"`)), nil, nil, nil)
	if got.Decision != ImplicitDeny || got.Lacking != IdentityPolicy {
		t.Errorf("root AssumeRole: %v lacking %v", got.Decision, got.Lacking)
	}
}

func TestIdentityPolicyWithPrincipalIsMalformed(t *testing.T) {
	req := Request{Caller: sessionOf(t, roleA), Action: "sts:AssumeRole", Resource: roleB}
	allow := named(t, "p", identityDoc(`{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}`))
	if r := EvaluateIdentity(req, allow); r.Decision != ImplicitDeny {
		t.Errorf("Allow with Principal in an identity policy: %v", r.Decision)
	}
	deny := named(t, "d", identityDoc(`{"Effect":"Deny","Principal":{"AWS":"1"},"Action":"*","Resource":"*"}`))
	if r := EvaluateIdentity(req, deny); r.Decision != ExplicitDeny {
		t.Errorf("Deny with Principal in an identity policy: %v", r.Decision)
	}
}

func TestAuthorizationExplainsUnknown(t *testing.T) {
	caller := sessionOf(t, roleA)
	trust := named(t, "trust", `{"Statement":{"Effect":"Allow","Principal":{"AWS":"`+roleA+`"},"Action":"sts:AssumeRole",
		"Condition":{"StringEquals":{"AWS:SOURCEVPC":"1"},"StringLike":{"aws:SourceVpc":"1"},"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}}`)
	missing := NamedPolicy{Label: "arn:aws:iam::123456789012:policy/Gone"}
	got := AuthorizeAssumeRole(caller, roleB, trust, []NamedPolicy{missing}, nil, PrincipalContext(caller))
	if got.Decision != Unknown {
		t.Fatalf("decision %v", got.Decision)
	}
	if keys := got.UnknownKeys(); len(keys) != 2 || keys[0] != "aws:SourceIp" || keys[1] != "AWS:SOURCEVPC" {
		t.Errorf("unknown keys %q", keys)
	}
	if labels := got.UnknownPolicies(); len(labels) != 1 || labels[0] != missing.Label {
		t.Errorf("unknown policies %q", labels)
	}
}

// TestTrustConditionsOnFixedKeys: conditions on the keys PrincipalContext
// fixes decide, where they used to be unknowable.
func TestTrustConditionsOnFixedKeys(t *testing.T) {
	redshift := ServiceCaller("redshift.amazonaws.com", "us-east-1")
	session := sessionOf(t, roleA)
	trust := func(principal, effect, cond string) string {
		return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":` + principal + `,"Action":"sts:AssumeRole"},` +
			`{"Sid":"Guard","Effect":"` + effect + `","Principal":"*","Action":"sts:AssumeRole","Condition":` + cond + `}]}`
	}
	service, role := `{"Service":"redshift.amazonaws.com"}`, `{"AWS":"`+roleA+`"}`
	cases := []struct {
		name   string
		caller Caller
		trust  string
		want   Decision
	}{
		{"service: deny unless an AWS service", redshift, trust(service, "Deny", `{"Bool":{"aws:PrincipalIsAWSService":"false"}}`), Allowed},
		{"service: deny other service names", redshift, trust(service, "Deny", `{"StringNotEquals":{"aws:PrincipalServiceName":"redshift.amazonaws.com"}}`), Allowed},
		{"service: deny Redshift by name", redshift, trust(service, "Deny", `{"StringEquals":{"aws:PrincipalServiceName":"redshift.amazonaws.com"}}`), ExplicitDeny},
		{"service: source account still unknown", redshift, trust(service, "Deny", `{"StringNotEquals":{"aws:SourceAccount":"123456789012"}}`), Unknown},
		{"session: deny when not via a source ARN", session, trust(role, "Deny", `{"Null":{"aws:SourceArn":"True"}}`), ExplicitDeny},
		{"session: deny AWS services", session, trust(role, "Deny", `{"Bool":{"aws:PrincipalIsAWSService":"true"}}`), Allowed},
		{"session: deny calls via CloudFormation", session, trust(role, "Deny", `{"ForAnyValue:StringEquals":{"aws:CalledVia":"cloudformation.amazonaws.com"}}`), Allowed},
		{"session: deny a source account", session, trust(role, "Deny", `{"StringEquals":{"aws:SourceAccount":"210987654321"}}`), Allowed},
		// A negated operator holds on an absent key [CONDOPS].
		{"session: deny unless the source account", session, trust(role, "Deny", `{"StringNotEquals":{"aws:SourceAccount":"123456789012"}}`), ExplicitDeny},
		{"session: deny with a service name", session, trust(role, "Deny", `{"Null":{"aws:PrincipalServiceName":"false"}}`), Allowed},
	}
	for _, c := range cases {
		got := AuthorizeAssumeRole(c.caller, roleB, named(t, "trust", c.trust), nil, nil, PrincipalContext(c.caller))
		if got.Decision != c.want {
			t.Errorf("%s: %v, want %v (unknown keys %q)", c.name, got.Decision, c.want, got.UnknownKeys())
		}
	}
}
