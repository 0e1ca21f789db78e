package chain_test

import (
	"strings"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/chain"
)

// Redshift Serverless, hop 1: the external id names the workgroup by
// account and workgroupId (not by name), and a trust naming only one of
// the two service principals AWS pages give is unknown. The workgroup
// files are hand-written (moto_server does not emulate Serverless), in
// the shape of aws redshift-serverless get-workgroup output.
func TestServerlessFirstHop(t *testing.T) {
	const (
		role      = a + "ServerlessRole"
		wgID      = "1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d"
		external  = "arn:aws:redshift:us-east-1:123456789012:dbuser:serverless-123456789012-" + wgID + "/etl_user"
		byName    = "arn:aws:redshift:us-east-1:123456789012:dbuser:analytics-wg/etl_user"
		namespace = `{"namespace":{"namespaceName":"analytics-serverless","namespaceArn":"arn:aws:redshift-serverless:us-east-1:123456789012:namespace/8a6b1c2d-3e4f-5a6b-7c8d-9e0f1a2b3c4d",` +
			`"iamRoles":["IamRole(applyStatus=in-sync, iamRoleArn=` + role + `)"]}}`
	)
	workgroup := func(id string) string {
		return `{"workgroup":{"workgroupName":"analytics-wg","namespaceName":"analytics-serverless",` + id +
			`"workgroupArn":"arn:aws:redshift-serverless:us-east-1:123456789012:workgroup/` + wgID + `"}}`
	}
	withID := workgroup(`"workgroupId":"` + wgID + `",`)
	trust := func(services, condition string) string {
		return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":` + services + `},"Action":"sts:AssumeRole"` + condition + `}]}`
	}
	externalID := func(id string) string { return `,"Condition":{"StringEquals":{"sts:ExternalId":"` + id + `"}}` }
	const both = `["redshift.amazonaws.com","redshift-serverless.amazonaws.com"]`
	tests := []struct {
		name, trust, workgroup, want, help string
	}{
		{"both principals", trust(both, ""), withID, "ok", ""},
		{"redshift.amazonaws.com only", trust(`"redshift.amazonaws.com"`, ""), withID, "unknown/ConditionUnverifiable", "trust both"},
		{"redshift-serverless.amazonaws.com only", trust(`"redshift-serverless.amazonaws.com"`, ""), withID, "unknown/ConditionUnverifiable", "trust both"},
		{"neither", trust(`"ec2.amazonaws.com"`, ""), withID, "fail/TrustMissing", `["redshift.amazonaws.com", "redshift-serverless.amazonaws.com"]`},
		{"external id as documented", trust(both, externalID(external)), withID, "ok", ""},
		{"external id with the workgroup name", trust(both, externalID(byName)), withID, "fail/TrustExternalID", external},
		{"one principal, external id as documented", trust(`"redshift.amazonaws.com"`, externalID(external)), withID, "unknown/ConditionUnverifiable", "trust both"},
		{"one principal, wrong external id", trust(`"redshift.amazonaws.com"`, externalID(byName)), withID, "fail/TrustExternalID", external},
		{"workgroup without workgroupId, external id condition", trust(both, externalID(external)), workgroup(""), "unknown/ConditionUnverifiable",
			"dbuser:serverless-123456789012-WORKGROUPID/etl_user"},
		{"workgroup without workgroupId, no condition", trust(both, ""), workgroup(""), "ok", ""},
		{"no workgroup, external id condition", trust(both, externalID(external)), "", "unknown/ConditionUnverifiable", "dbuser:serverless-123456789012-WORKGROUPID/etl_user"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			files := []string{"iam.json", `{"RoleDetailList":[` + gaadRole(role, tc.trust) + `],"Policies":[]}`, "namespace.json", namespace}
			if tc.workgroup != "" {
				files = append(files, "workgroup.json", tc.workgroup)
			}
			w := memWorld(t, files...)
			cl, err := w.Inventory.SelectCluster("")
			if err != nil {
				t.Fatal(err)
			}
			w.Cluster = cl
			h := chain.Walk(w, []string{role}, nil)[0]
			if got := verdictOf(h); got != tc.want {
				t.Errorf("hop = %s, want %s", got, tc.want)
			}
			if tc.help != "" && (len(h.Issues) == 0 || !strings.Contains(h.Issues[0].Help+" "+h.Issues[0].Message, tc.help)) {
				t.Errorf("first issue %+v does not mention %q", h.Issues, tc.help)
			}
			if t.Failed() {
				logIssues(t, h)
			}
		})
	}
}
