package inventory_test

import (
	"strings"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/inventory"
	. "github.com/redshift-preflight/redshift-preflight/inventory/internal/invtest"
)

func TestServerlessAccountConflict(t *testing.T) {
	_, err := LoadMem("ns.json", `{"namespaces":[{"namespaceName":"n","iamRoles":["arn:aws:iam::123456789012:role/A","arn:aws:iam::210987654321:role/B"]}]}`)
	const want = `ns.json: namespaces[0]: the associated roles are in several accounts (123456789012, 210987654321) and no namespace ARN gives the cluster's own; a role can only be associated with a cluster of its account`
	if err == nil || err.Error() != want {
		t.Errorf("error %v, want %s", err, want)
	}
}

func TestSelectCluster(t *testing.T) {
	one := MustLoad(t, nil, []string{Fixture("aws-redshift-describe-clusters.json")})
	several := MustLoad(t, nil, []string{Fixture("aws-redshift-describe-clusters.json"), Fixture("aws-redshift-serverless-list-namespaces.json")})
	none := MustLoad(t, []string{Fixture("aws-iam-get-role.json")}, nil)
	dir := t.TempDir()
	other := strings.ReplaceAll(MustRead(t, Fixture("aws-redshift-describe-clusters.json")), "123456789012", "210987654321")
	twoAccounts := MustLoad(t, nil, []string{Fixture("aws-redshift-describe-clusters.json"), WriteFile(t, dir, "b.json", []byte(other))})
	tests := []struct {
		name string
		inv  *inventory.Inventory
		id   string
		want string // cluster ID, or error text
	}{
		{"only one", one, "", "analytics-cluster"},
		{"by id", several, "sandbox", "sandbox"},
		{"by id, provisioned", several, "analytics-cluster", "analytics-cluster"},
		{"several, no id", several, "", "the cluster data holds several clusters (analytics-cluster, analytics-serverless, sandbox); choose one with --cluster-id"},
		{"unknown id", several, "prod", "--cluster-id prod: no such cluster or workgroup in the cluster data (have: analytics-cluster, analytics-serverless, sandbox)"},
		{"same id in two accounts", twoAccounts, "analytics-cluster", "--cluster-id analytics-cluster: several clusters or workgroups have this name (" +
			"arn:aws:redshift:us-east-1:123456789012:cluster:analytics-cluster (testdata/formats/aws-redshift-describe-clusters.json: Clusters[0]); " +
			"arn:aws:redshift:us-east-1:210987654321:cluster:analytics-cluster (" + dir + "/b.json: Clusters[0])); " +
			"give the ARN of the one the SQL runs on as --cluster-id, or the data of one account and region only"},
		{"by cluster ARN", twoAccounts, "arn:aws:redshift:us-east-1:210987654321:cluster:analytics-cluster", "analytics-cluster@210987654321"},
		{"by namespace ARN", several, "arn:aws:redshift-serverless:us-east-1:123456789012:namespace/8a6b1c2d-3e4f-5a6b-7c8d-9e0f1a2b3c4d", "analytics-serverless@123456789012"},
		{"an ARN of no cluster", twoAccounts, "arn:aws:redshift:us-east-1:333333333333:cluster:analytics-cluster",
			"--cluster-id arn:aws:redshift:us-east-1:333333333333:cluster:analytics-cluster: no such cluster or workgroup in the cluster data (have: analytics-cluster, analytics-cluster)"},
		{"no cluster data", none, "", "<nil>"},
	}
	for _, tt := range tests {
		c, err := tt.inv.SelectCluster(tt.id)
		got := "<nil>"
		switch {
		case err != nil:
			got = err.Error()
		case c != nil && strings.HasPrefix(tt.id, "arn:"):
			got = c.ID + "@" + c.Account
		case c != nil:
			got = c.ID
		}
		if got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

// Account and region come from ARNs and endpoint addresses; when nothing
// gives them they stay empty and the cluster says so.
func TestClusterIdentity(t *testing.T) {
	const role = `{"IamRoleArn":"arn:aws-cn:iam::123456789012:role/A","ApplyStatus":"in-sync"}`
	tests := []struct {
		name, cluster              string
		partition, account, region string
		regionUnknown, dbUserKnown bool
	}{
		{"namespace ARN", `"ClusterNamespaceArn":"arn:aws:redshift:eu-west-1:210987654321:namespace:x","IamRoles":[` + role + `]`,
			"aws", "210987654321", "eu-west-1", false, true},
		{"role ARN and endpoint", `"Endpoint":{"Address":"c.abc.cn-north-1.redshift.amazonaws.com.cn","Port":5439},"IamRoles":[` + role + `]`,
			"aws-cn", "123456789012", "cn-north-1", false, true},
		{"default role only", `"DefaultIamRoleArn":"arn:aws:iam::123456789012:role/A"`,
			"aws", "123456789012", "", true, false},
		{"nothing", `"IamRoles":[]`, "", "", "", true, false},
		{"endpoint only", `"Endpoint":{"Address":"c.abc.us-gov-west-1.redshift.amazonaws.com"}`, "aws-us-gov", "", "us-gov-west-1", false, false},
	}
	for _, tt := range tests {
		inv, err := LoadMem("c.json", `{"Clusters":[{"ClusterIdentifier":"c",`+tt.cluster+`}]}`)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		c := inv.Clusters[0]
		if c.Partition != tt.partition || c.Account != tt.account || c.Region != tt.region ||
			c.RegionUnknown != tt.regionUnknown || c.DBUserARNKnown() != tt.dbUserKnown {
			t.Errorf("%s: got %s %s %s regionUnknown=%v dbUserKnown=%v gaps %q", tt.name, c.Partition, c.Account, c.Region,
				c.RegionUnknown, c.DBUserARNKnown(), c.Gaps())
		}
		if (c.Region == "") != strings.Contains(strings.Join(c.Gaps(), ";"), "region") {
			t.Errorf("%s: gaps %q", tt.name, c.Gaps())
		}
	}
}

// The external id Redshift passes: the dbuser ARN of the cluster, and for
// Redshift Serverless serverless-ACCOUNT-WORKGROUPID, the workgroupId
// (not the workgroup name); unknown without it.
func TestExternalID(t *testing.T) {
	tests := []struct {
		name string
		c    inventory.Cluster
		want string // the external id of etl_user, or "unknown: " + the gap
	}{
		{"provisioned", inventory.Cluster{ID: "c1", Partition: "aws", Region: "us-east-1", Account: "123456789012"},
			"arn:aws:redshift:us-east-1:123456789012:dbuser:c1/etl_user"},
		{"provisioned, region unknown", inventory.Cluster{ID: "c1", Partition: "aws", Account: "123456789012", RegionUnknown: true},
			"unknown: region: no namespace ARN or endpoint address in the cluster data"},
		{"serverless", inventory.Cluster{ID: "wg", Serverless: true, Partition: "aws-cn", Region: "cn-north-1", Account: "123456789012", WorkgroupID: "0b1c2d3e"},
			"arn:aws-cn:redshift:cn-north-1:123456789012:dbuser:serverless-123456789012-0b1c2d3e/etl_user"},
		{"serverless without workgroupId", inventory.Cluster{ID: "wg", Serverless: true, Partition: "aws", Region: "us-east-1", Account: "123456789012"},
			"unknown: the workgroupId of workgroup wg is not in the cluster data; add aws redshift-serverless get-workgroup (or list-workgroups) output with --cluster: its workgroupId forms the external id"},
		{"serverless namespace without workgroup", inventory.Cluster{ID: "ns", Serverless: true, Partition: "aws", Region: "us-east-1", Account: "123456789012", WorkgroupUnknown: true},
			"unknown: no workgroup in the cluster data uses namespace ns; add aws redshift-serverless get-workgroup (or list-workgroups) output with --cluster: its workgroupId forms the external id"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := "unknown: " + tc.c.ExternalIDGap()
			if tc.c.ExternalIDKnown() {
				got = tc.c.ExternalID("etl_user")
			}
			if got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}
