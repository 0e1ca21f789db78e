package inventory_test

import (
	"strconv"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/inventory"
	. "github.com/redshift-preflight/redshift-preflight/inventory/internal/invtest"
)

// lines is an export laid out as the AWS CLI prints it, one document given
// as an object, one held in a JSON string (as the raw API gives it).
var lines = `{
  "RoleDetailList": [
    {
      "Arn": "arn:aws:iam::123456789012:role/A",
      "AssumeRolePolicyDocument": {
        "Version": "2012-10-17",
        "Statement": [
          {"Effect": "Allow", "Principal": {"Service": "redshift.amazonaws.com"}, "Action": "sts:AssumeRole"},
          {
            "Effect": "Deny",
            "Principal": "*",
            "Action": "sts:TagSession"
          }
        ]
      },
      "RolePolicyList": [
        {"PolicyName": "p",
         "PolicyDocument": ` + strconv.Quote(`{"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}`) + `}
      ]
    }
  ]
}
`

// Origins and statements know the line they start on; Source.String does
// not show it.
func TestSourceLines(t *testing.T) {
	inv, err := LoadMem("iam/a.json", lines)
	if err != nil {
		t.Fatal(err)
	}
	r := inv.Role("arn:aws:iam::123456789012:role/A")
	trust, inline := r.Trust.Label, r.Inline[0].Label
	const role = "RoleDetailList[0]"
	tests := []struct {
		name string
		got  func() (inventory.Source, bool)
		want inventory.Source
	}{
		{"trust policy, an object", origin(inv, trust), inventory.Source{File: "iam/a.json", Path: role + ".AssumeRolePolicyDocument", Line: 5}},
		{"its statement 0", statement(inv, trust, 0), inventory.Source{File: "iam/a.json", Path: role + ".AssumeRolePolicyDocument.Statement[0]", Line: 8}},
		{"its statement 1", statement(inv, trust, 1), inventory.Source{File: "iam/a.json", Path: role + ".AssumeRolePolicyDocument.Statement[1]", Line: 9}},
		{"inline policy, a JSON string", origin(inv, inline), inventory.Source{File: "iam/a.json", Path: role + ".RolePolicyList[0].PolicyDocument", Line: 18}},
		// Inside a string, a statement is where the string is; one
		// statement object is named Statement, as decode errors name it.
		{"its one statement", statement(inv, inline, 0), inventory.Source{File: "iam/a.json", Path: role + ".RolePolicyList[0].PolicyDocument.Statement", Line: 18}},
	}
	for _, tt := range tests {
		got, ok := tt.got()
		if !ok || got != tt.want {
			t.Errorf("%s: %+v %v, want %+v", tt.name, got, ok, tt.want)
		}
		if got.String() != tt.want.File+": "+tt.want.Path {
			t.Errorf("%s: String() = %q shows more than file and path", tt.name, got.String())
		}
	}
	for _, bad := range []struct {
		label string
		index int
	}{{trust, 2}, {inline, 1}, {"no such label", 0}} {
		if src, ok := inv.StatementSource(bad.label, bad.index); ok {
			t.Errorf("StatementSource(%q, %d) = %+v, want none", bad.label, bad.index, src)
		}
	}
}

func origin(inv *inventory.Inventory, label string) func() (inventory.Source, bool) {
	return func() (inventory.Source, bool) {
		o, ok := inv.Origin(label)
		return o.Source, ok
	}
}

func statement(inv *inventory.Inventory, label string, i int) func() (inventory.Source, bool) {
	return func() (inventory.Source, bool) { return inv.StatementSource(label, i) }
}
