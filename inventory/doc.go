// Package inventory is the supplied AWS world: accounts, roles, users and
// groups, managed policies and their default versions, bucket and
// function policies, provisioned clusters and serverless workgroups. The
// hop walk (chain) and the checks read it; nothing in it knows an input
// format.
//
// An Inventory is made by a Builder. Readers, one package per input
// family, read files into the Builder's Files:
//
//	inventory/awscli     AWS CLI and SDK output (get-account-authorization-details,
//	                     get-role, describe-clusters, redshift-serverless, resource policies)
//	inventory/terraform  terraform show -json output of a state or a plan
//	inventory/load       finds the files, detects each one's format from its
//	                     content and hands it to its reader: load.Load
//
// A new input format (CloudFormation, a live collector) is a new reader
// that fills Files. The Builder owns what every format shares: the merge
// rules (several files may define the same role, policy or cluster, and
// must agree; merge.go), labels and origins of policies (label.go),
// serverless clusters paired from namespaces and workgroups (cluster.go),
// and what a Terraform resource in one file says about a role in another
// (external.go). The checks on identifiers readers share are in arn.go.
//
// Policy documents are kept as the bytes of the file and decoded on first
// use (lazy.go): a check that reads a handful of roles of an export of
// thousands pays for a handful. Each knows its place (source.go), so that
// an explanation can point at the line of a statement (StatementSource).
//
// Every error is a *LoadError naming the file and the JSON path.
package inventory
