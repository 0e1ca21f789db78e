package inventory_test

import (
	"testing"

	"github.com/redshift-preflight/redshift-preflight/inventory"
)

func TestServerlessIamRoleEntries(t *testing.T) {
	const arn = "arn:aws:iam::123456789012:role/RedshiftClusterRole"
	tests := []struct {
		in, arn, status, err string
	}{
		{"IamRole(applyStatus=in-sync, iamRoleArn=" + arn + ")", arn, "in-sync", ""},
		{"IamRole(iamRoleArn=" + arn + ", applyStatus=adding)", arn, "adding", ""},
		{"IamRole(applyStatus=removing,iamRoleArn=" + arn + ")", arn, "removing", ""},
		{" IamRole( iamRoleArn=" + arn + " ,  applyStatus=in-sync ) ", arn, "in-sync", ""},
		{arn, arn, "in-sync", ""},
		// inventory.Role names may hold ',' and '=' (and even "applyStatus=").
		{"IamRole(applyStatus=in-sync, iamRoleArn=arn:aws:iam::123456789012:role/p/a,b=c)", "arn:aws:iam::123456789012:role/p/a,b=c", "in-sync", ""},
		{"IamRole(iamRoleArn=arn:aws:iam::123456789012:role/x,applyStatus=y, applyStatus=adding)", "arn:aws:iam::123456789012:role/x,applyStatus=y", "adding", ""},
		{"IamRole(applyStatus=pending, iamRoleArn=" + arn + ")", "", "", `applyStatus: want "in-sync", "adding" or "removing", got "pending"`},
		{"IamRole(iamRoleArn=" + arn + ")", "", "", `want "IamRole(applyStatus=STATUS, iamRoleArn=ARN)" or a role ARN, got "IamRole(iamRoleArn=arn:aws:iam::123456789012:role/RedshiftClusterRole)"`},
		{"IamRole(applyStatus=in-sync, iamRoleArn=" + arn, "", "", `want "IamRole(applyStatus=STATUS, iamRoleArn=ARN)" or a role ARN, got "IamRole(applyStatus=in-sync, iamRoleArn=arn:aws:iam::123456789012:role/RedshiftC…"`},
		{"RedshiftClusterRole", "", "", `want "IamRole(applyStatus=STATUS, iamRoleArn=ARN)" or a role ARN, got "RedshiftClusterRole"`},
		{"arn:aws:iam::123456789012:user/bob", "", "", `want a role ARN arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME, got "arn:aws:iam::123456789012:user/bob"`},
		{"IamRole(applyStatus=in-sync, iamRoleArn=RedshiftClusterRole)", "", "", `want a role ARN arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME, got "RedshiftClusterRole"`},
	}
	for _, tt := range tests {
		a, err := inventory.ParseIamRoleEntry(tt.in)
		switch {
		case tt.err != "":
			if err == nil || err.Error() != ": "+tt.err {
				t.Errorf("%q: error %v, want %q", tt.in, err, tt.err)
			}
		case err != nil:
			t.Errorf("%q: %v", tt.in, err)
		case a.RoleARN != tt.arn || a.Status != tt.status:
			t.Errorf("%q: got %+v, want %s %s", tt.in, a, tt.arn, tt.status)
		}
	}
}
