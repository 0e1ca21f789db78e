package terraform

// build turns the resources read into definitions, in an order that lets
// later resources refine earlier ones: roles first, then what a plan
// deletes, then what it keeps or adds (policy resources refine the roles
// they name; cluster role resources the clusters).
func (b *tfBuilder) build() error {
	byType := map[string][]*tfVals{}
	for _, v := range b.vals {
		byType[v.res.typ] = append(byType[v.res.typ], v)
	}
	deleted := map[string][]*tfVals{}
	for _, v := range b.deleted {
		deleted[v.res.typ] = append(deleted[v.res.typ], v)
	}
	if err := applyAll(
		step{byType["aws_iam_role"], b.role},
		step{deleted["aws_iam_role_policy"], removed(b.rolePolicy)},
		step{deleted["aws_iam_role_policy_attachment"], removed(b.attachment)},
		step{byType["aws_iam_role_policy"], present(b.rolePolicy)},
		step{byType["aws_iam_role_policy_attachment"], present(b.attachment)},
	); err != nil {
		return err
	}
	b.finishRoles()
	if err := applyAll(
		step{byType["aws_iam_policy"], b.policy},
		step{byType["aws_redshift_cluster"], b.cluster},
		step{deleted["aws_redshift_cluster_iam_roles"], removed(b.clusterRoles)},
		step{byType["aws_redshift_cluster_iam_roles"], present(b.clusterRoles)},
	); err != nil {
		return err
	}
	for _, c := range b.clusters {
		if err := b.f.AddCluster(*c.def); err != nil {
			return err
		}
	}
	return applyAll(
		step{byType["aws_redshiftserverless_namespace"], b.namespace},
		step{byType["aws_redshiftserverless_workgroup"], b.workgroup},
	)
}

// step applies one kind of resource, in order.
type step struct {
	vals  []*tfVals
	apply func(*tfVals) error
}

func applyAll(steps ...step) error {
	for _, st := range steps {
		for _, v := range st.vals {
			if err := st.apply(v); err != nil {
				return err
			}
		}
	}
	return nil
}

// removed applies a resource's before value: apply deletes it.
func removed(f func(*tfVals, bool) error) func(*tfVals) error {
	return func(v *tfVals) error { return f(v, true) }
}

// present applies a resource apply keeps or creates.
func present(f func(*tfVals, bool) error) func(*tfVals) error {
	return func(v *tfVals) error { return f(v, false) }
}
