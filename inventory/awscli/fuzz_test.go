package awscli_test

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/inventory"
	"github.com/redshift-preflight/redshift-preflight/inventory/awscli"
	"github.com/redshift-preflight/redshift-preflight/inventory/internal/invtest"
	"github.com/redshift-preflight/redshift-preflight/inventory/internal/jsonpull"
)

// members are the readers of this package by the top-level key they read.
var members = map[string]func(*jsonpull.Reader, *inventory.File) error{
	"RoleDetailList": awscli.RoleDetailList, "Policies": awscli.Policies,
	"UserDetailList": awscli.UserDetailList, "GroupDetailList": awscli.GroupDetailList,
	"Role": awscli.GetRole, "Clusters": awscli.Clusters,
	"namespace": awscli.Namespace, "namespaces": awscli.Namespaces,
	"workgroup": awscli.Workgroup, "workgroups": awscli.Workgroups,
	"Policy": awscli.ResourcePolicy,
}

// FuzzMembers feeds arbitrary bytes to each reader as the value of its
// member: it must not panic, and must return either a *LoadError or
// definitions that make a working inventory.
func FuzzMembers(f *testing.F) {
	keys := slices.Sorted(maps.Keys(members))
	seeds, _ := filepath.Glob(invtest.Fixture("*.json"))
	extra, _ := filepath.Glob(invtest.Extra("*.json"))
	for _, name := range append(seeds, extra...) {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		var top map[string]json.RawMessage
		_ = json.Unmarshal(data, &top)
		for k, v := range top {
			if i := slices.Index(keys, k); i >= 0 {
				f.Add(uint8(i), []byte(v))
			}
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		b := inventory.NewBuilder()
		file := b.NewFile("f.json", data)
		r := jsonpull.New("f.json", data)
		err := members[keys[int(which)%len(keys)]](r, file)
		if err == nil {
			err = r.End()
		}
		if err == nil {
			err = b.Add(file)
		}
		var inv *inventory.Inventory
		if err == nil {
			inv, err = b.Finish()
		}
		invtest.CheckLoad(t, inv, inventory.InFile(err, "f.json"))
	})
}
