package iam_test

import (
	"fmt"

	"github.com/redshift-preflight/redshift-preflight/iam"
)

// A Redshift chain hop: a session of RoleA assumes RoleB in the same
// account. RoleB's trust policy names RoleA's ARN and pins sts:ExternalId
// to the database user; RoleA has no identity policy, which a same-account
// grant to the role ARN does not need.
func ExampleAuthorizeAssumeRole() {
	trust, err := iam.DecodePolicyString(`{"Version":"2012-10-17","Statement":[{"Sid":"Chain",
		"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/RoleA"},"Action":"sts:AssumeRole",
		"Condition":{"StringEquals":{"sts:ExternalId":"arn:aws:redshift:us-east-1:123456789012:dbuser:c/etl"}}}]}`)
	if err != nil {
		panic(err)
	}
	caller, _ := iam.RoleSessionCaller("arn:aws:iam::123456789012:role/RoleA", "")
	for _, user := range []string{"etl", "intern", ""} {
		ctx := iam.PrincipalContext(caller)
		if user != "" {
			ctx.Set("sts:ExternalId", "arn:aws:redshift:us-east-1:123456789012:dbuser:c/"+user)
		}
		a := iam.AuthorizeAssumeRole(caller, "arn:aws:iam::123456789012:role/RoleB",
			iam.NamedPolicy{Label: "RoleB trust", Document: trust}, nil, nil, ctx)
		fmt.Printf("%-7q %v via %v lacking %v unknown %v\n", user, a.Decision, a.Via, a.Lacking, a.UnknownKeys())
	}
	// Output:
	// "etl"   allow via direct lacking none unknown []
	// "intern" implicit-deny via none lacking resource unknown []
	// ""      unknown via none lacking none unknown [sts:ExternalId]
}

func ExampleDecodePolicy() {
	// The SDK form of a document: URL-encoded, with '+' kept as is.
	p, err := iam.DecodePolicy([]byte(`"%7B%22Statement%22%3A%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22s3%3AGet*%22%2C%22Resource%22%3A%22arn%3Aaws%3As3%3A%3A%3Aa+b%2F*%22%7D%7D"`))
	fmt.Println(p.Statements[0].Resource, err)
	_, err = iam.DecodePolicyString(`{"Statement":[{"Effect":"Allow","Action":"*","Condition":{"StringEquals":["x"]}}]}`)
	fmt.Println(err)
	// Output:
	// [arn:aws:s3:::a+b/*] <nil>
	// Statement[0].Condition.StringEquals: want an object of condition keys, got array
}
