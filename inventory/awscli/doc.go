// Package awscli reads the JSON the AWS CLI and SDKs print for the shapes
// the tool understands, into an inventory.File:
//
//	aws iam get-account-authorization-details   RoleDetailList, Policies, UserDetailList, GroupDetailList
//	aws iam get-role                            Role (trust policy, boundary, tags)
//	aws redshift describe-clusters              Clusters
//	aws redshift-serverless get-namespace, list-namespaces, get-workgroup, list-workgroups
//	aws s3api get-bucket-policy, aws lambda get-policy   Policy
//
// Each function reads the value of one top-level member; inventory/load
// detects a file's format from its top-level keys and calls them. The
// long lists of an authorization-details export (iam.go, users.go) are
// pulled member by member with jsontext; the small shapes of the cluster
// data (cluster.go) are decoded into structs that name the members read.
// Either way policy documents stay undecoded bytes of the file. The checks
// here are those of the AWS shapes (a RoleName that does not match its
// Arn, a tag given twice); what files say about each other is the
// builder's business.
package awscli

import (
	"github.com/redshift-preflight/redshift-preflight/inventory"
	"github.com/redshift-preflight/redshift-preflight/inventory/internal/jsonpull"
)

// UseGAAD is the advice for an export that does not hold what the tool needs.
const UseGAAD = `export the account with "aws iam get-account-authorization-details", which holds every role with its inline and attached managed policies`

// decodeList reads the array of top-level member name element by element,
// decoding each into a T and handing it to read with its JSON path.
func decodeList[T any](r *jsonpull.Reader, name string, read func(d *T, base string) error) error {
	return r.Array(func(i int) error {
		var d T
		if err := r.Decode(&d); err != nil {
			return err
		}
		return read(&d, inventory.IndexPath(name, i))
	})
}
