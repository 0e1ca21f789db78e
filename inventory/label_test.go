package inventory_test

import (
	"strings"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/inventory"
	. "github.com/redshift-preflight/redshift-preflight/inventory/internal/invtest"
)

func TestTwoAccounts(t *testing.T) {
	inv := MustLoad(t, []string{Fixture("aws-iam-get-account-authorization-details.json"), Extra("account-b.json")}, nil)
	if got := strings.Join(inv.Accounts(), ","); got != "123456789012,210987654321" {
		t.Errorf("accounts %s", got)
	}
	if inv.Supplied("aws") {
		t.Error(`an attached AWS-managed policy makes account "aws" supplied`)
	}
	a := inv.Role("arn:aws:iam::123456789012:role/RedshiftClusterRole")
	b := inv.Role("arn:aws:iam::210987654321:role/RedshiftClusterRole")
	if a.Trust.Label != "trust policy of role/RedshiftClusterRole in account 123456789012" ||
		b.Trust.Label != "trust policy of role/RedshiftClusterRole in account 210987654321" {
		t.Errorf("labels of same-named roles do not name their accounts: %q, %q", a.Trust.Label, b.Trust.Label)
	}
	// Labels of roles whose name is unique stay short.
	if r := inv.Role("arn:aws:iam::123456789012:role/service-role/RedshiftSpectrumRole"); r.Trust.Label != "trust policy of role/service-role/RedshiftSpectrumRole" {
		t.Errorf("label %q", r.Trust.Label)
	}
	for _, label := range []string{b.Trust.Label, b.Inline[0].Label} {
		if _, ok := inv.Origin(label); !ok {
			t.Errorf("label %q has no origin", label)
		}
	}
}

// An attached AWS-managed policy absent from Policies[] gives a nil
// Document (unknown) with a registered origin; the default version of a
// versioned policy is the one used.
func TestAbsentPolicyAndDefaultVersion(t *testing.T) {
	inv := MustLoad(t, []string{Extra("account-b.json")}, nil)
	r := inv.Role("arn:aws:iam::210987654321:role/RedshiftClusterRole")
	ids := inv.IdentityPolicies(r)
	if len(ids) != 3 {
		t.Fatalf("identity policies %+v", ids)
	}
	versioned, absent := ids[1], ids[2]
	if versioned.Label != "managed policy arn:aws:iam::210987654321:policy/Versioned" || versioned.Document == nil ||
		versioned.Document.Statements[0].Sid != "OnlyGet" {
		t.Errorf("Versioned: %+v (want default version v2)", versioned)
	}
	if p := inv.Policy("arn:aws:iam::210987654321:policy/Versioned"); p.VersionID != "v2" {
		t.Errorf("VersionID %q", p.VersionID)
	}
	if absent.Label != "managed policy arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" || absent.Document != nil {
		t.Errorf("absent policy: %+v", absent)
	}
	o, ok := inv.Origin(absent.Label)
	want := inventory.PolicyOrigin{Kind: inventory.KindManaged, Name: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
		Source: inventory.Source{File: Extra("account-b.json"), Path: "RoleDetailList[0].AttachedManagedPolicies[1]"}, Absent: true}
	if !ok || o != want {
		t.Errorf("origin %+v, want %+v", o, want)
	}
	bp := inv.BoundaryPolicy(r)
	if bp == nil || bp.Label != "permissions boundary arn:aws:iam::210987654321:policy/boundaries/DataBoundary" || bp.Document == nil {
		t.Errorf("boundary %+v", bp)
	}
	if o, ok := inv.Origin(bp.Label); !ok || o.Kind != inventory.KindBoundary || o.Source.Path != "Policies[1].PolicyVersionList[0].Document" {
		t.Errorf("boundary origin %+v", o)
	}
}
