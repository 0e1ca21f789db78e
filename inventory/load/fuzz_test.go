package load_test

import (
	"os"
	"path/filepath"
	"testing"

	. "github.com/redshift-preflight/redshift-preflight/inventory/internal/invtest"
)

// FuzzLoad feeds arbitrary bytes as an IAM file and as a cluster file,
// alone and together: detection and every reader behind it must not
// panic, and must return either a *LoadError or a working inventory.
func FuzzLoad(f *testing.F) {
	seeds, _ := filepath.Glob(Fixture("*.json"))
	extra, _ := filepath.Glob(Extra("*.json"))
	terraform, _ := filepath.Glob(TF("*.json"))
	seeds = append(append(seeds, extra...), terraform...)
	for i, name := range seeds {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		other, _ := os.ReadFile(seeds[(i+1)%len(seeds)])
		f.Add(data, other)
	}
	f.Add([]byte(GAADWith(RoleOK)), []byte(ClusterWith(`{"IamRoleArn":"arn:aws:iam::123456789012:role/A","ApplyStatus":"in-sync"}`)))
	f.Add([]byte(`{"namespace":{"namespaceName":"n","iamRoles":["IamRole(iamRoleArn=arn:aws:iam::123456789012:role/A, applyStatus=adding)"]}}`),
		[]byte(`{"workgroups":[{"workgroupName":"w","namespaceName":"n"}]}`))
	// A plan with unknown values and deletions, next to an export that
	// holds the roles it names.
	f.Add([]byte(TFPlan([]string{TFR("aws_iam_role", "a", TFRoleValues("A", "permissions_boundary=", "assume_role_policy=")),
		TFR("aws_iam_role_policy_attachment", "x", `"role":"RedshiftClusterRole"`),
		TFR("aws_redshift_cluster", "c", `"cluster_identifier":"c1","iam_roles":[null]`)},
		[]string{TFC("aws_iam_role_policy", "p", `"delete"`, `{"role":"A","name":"P","policy":`+TFPolicy+`}`, `null`, `{"iam_roles":[true]}`)},
		[]string{TFConf("aws_iam_role_policy_attachment", "x", "role", "aws_iam_role.a.name", "aws_iam_role.a")})),
		[]byte(GAADWith(RoleOK)))
	f.Add([]byte(`{"RoleDetailList":[{"Arn":"arn:aws:iam::123456789012:role/A","Arn":"x"}]}`), []byte(`{"Clusters":[],"Clusters":[]}`))
	// collect's gaps.json beside an export of the account it names
	f.Add([]byte(`{"CollectFormat":1,"CollectedFiles":["iam-123456789012.json"],"CollectGaps":[{"Call":"iam:GetAccountAuthorizationDetails",`+
		`"Account":"123456789012","Region":"us-east-1","Code":"AccessDenied","Message":"no"}]}`), []byte(GAADWith(RoleOK)))
	f.Fuzz(func(t *testing.T, iamData, clusterData []byte) {
		for _, files := range [][]string{
			{"iam.json", string(iamData)},
			{"cluster.json", string(clusterData)},
			{"iam.json", string(iamData), "cluster.json", string(clusterData)},
		} {
			inv, err := LoadMem(files...)
			CheckLoad(t, inv, err)
		}
	})
}
