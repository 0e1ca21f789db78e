// Package terraform reads the output of terraform show -json for a state
// ({format_version, values:{root_module}}) or a saved plan ({format_version,
// planned_values:{root_module}, resource_changes, configuration, ...}),
// conventions.md §3.6. One file may hold IAM and cluster data alike, so it
// is read the same way whether given with --iam or --cluster. Resources are
// read from the root module and every child module, recursively; data
// sources are not read (they describe things Terraform does not manage, and
// less of them than an export does).
//
// What is read, per resource type:
//
//	aws_iam_role                     arn, name, path, unique_id, assume_role_policy,
//	                                 inline_policy, managed_policy_arns,
//	                                 permissions_boundary, tags_all (else tags)
//	aws_iam_role_policy              role (a NAME), name, policy; id "ROLE:NAME"
//	aws_iam_policy                   arn, name, path, policy (the default version)
//	aws_iam_role_policy_attachment   role (a NAME), policy_arn
//	aws_redshift_cluster             cluster_identifier, arn, cluster_namespace_arn,
//	                                 iam_roles, default_iam_role_arn, tags_all (else tags)
//	aws_redshift_cluster_iam_roles   cluster_identifier, iam_role_arns, default_iam_role_arn
//	aws_redshiftserverless_namespace namespace_name, arn, iam_roles, default_iam_role_arn
//	aws_redshiftserverless_workgroup workgroup_name, namespace_name, arn, workgroup_id
//
// Role policy and attachment resources name their role; it is looked up in
// the same file. Such a resource is authoritative for its policy: it
// replaces an inline_policy entry of the same name (which the provider only
// refreshes later) and adds to managed_policy_arns. Associations Terraform
// manages are in effect (in-sync). Accounts and regions come from ARNs.
// A Terraform state does not list every role of an account (Terraform
// manages some of them), so a role missing from it is unknown, not missing.
//
// Plans describe the world after apply: values come from planned_values,
// which omits what the plan does not know yet, and
// resource_changes[].change.after_unknown marks unknown list elements. An
// unknown value never becomes an error or a guess: it makes the fact it
// feeds unknown (Role.PoliciesKnown, TagsUnknown, a nil trust, inline or
// boundary document, Cluster.RolesIncomplete, DefaultUnknown, PlannedRole).
// resource_changes also gives the resources apply deletes, whose policies
// and associations are then taken away from what the role or cluster
// still shows. configuration…references are used to say what an unknown
// value depends on, not to compute it: they name what an expression reads,
// not the expression, so [for ...if], conditionals on locals, slice() or a
// literal ARN next to a reference would make a membership read from them a
// guess.
//
// terraform show -json prints sensitive values in clear text
// (sensitive_values only marks them). Error messages quote nothing but
// names and ARNs, and not even those when the attribute is marked
// sensitive.
//
// The reader (read.go) walks modules, resources and plan changes with the
// jsonpull reader, keeping each resource's values undecoded until the
// resource's type is known; values.go reads the attributes of the types
// above, config.go the configuration's references, roles.go and
// clusters.go turn resources into inventory definitions.
package terraform
