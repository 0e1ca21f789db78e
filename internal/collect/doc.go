// Package collect reads, with read-only calls of the AWS SDK for Go v2, the
// facts that check needs from a live account, and writes them into a
// directory in the shapes check already reads (inventory/awscli):
//
//	iam-ACCOUNT.json                          aws iam get-account-authorization-details (all pages merged)
//	redshift-clusters-ACCOUNT-REGION.json     aws redshift describe-clusters
//	redshift-serverless-namespaces-ACCOUNT-REGION.json, -workgroups-: list-namespaces, list-workgroups
//	gaps.json                                 what was written, and every call that was denied or failed
//
// Files are indented JSON in a stable order, with none of the facts that
// change without the account changing (RoleLastUsed, attachment counts,
// cluster status, the next maintenance window): a second run over the same
// account writes the same bytes, fit to commit and diff. A call that fails
// leaves no partial file: a role missing from a partial export would read
// as missing (role-not-found) when it is only not collected. The gap is
// recorded instead, and check reads the roles of that account as unknown.
//
// No credential value is written or printed: error messages pass through
// redact.Text, and the files hold only IAM and cluster descriptions.
package collect
