package inventory_test

import (
	"strings"
	"sync"
	"testing"

	. "github.com/redshift-preflight/redshift-preflight/inventory/internal/invtest"
)

// The accessors decode lazily from many goroutines at once.
func TestConcurrentAccess(t *testing.T) {
	inv := MustLoad(t, []string{Fixture("aws-iam-get-account-authorization-details.json"), Extra("account-b.json")}, nil)
	arns := []string{
		"arn:aws:iam::123456789012:role/RedshiftClusterRole",
		"arn:aws:iam::123456789012:role/RedshiftS3ReadRole",
		"arn:aws:iam::123456789012:role/service-role/RedshiftSpectrumRole",
		"arn:aws:iam::210987654321:role/RedshiftClusterRole",
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Go(func() {
			for i := range 50 {
				arn := arns[(g+i)%len(arns)]
				if i%7 == 0 {
					if err := inv.Decode(arn); err != nil {
						t.Error(err)
					}
				}
				r := inv.Role(arn)
				if r.Trust.Document == nil {
					t.Errorf("%s: trust not decoded", arn)
				}
				for _, p := range inv.IdentityPolicies(r) {
					_ = p.Document
				}
				_ = inv.BoundaryPolicy(r)
				_ = inv.NearestRole("aws", r.Account, r.Path, strings.ToUpper(r.Name))
			}
		})
	}
	wg.Wait()
}
