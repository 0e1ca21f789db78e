package terraform

import (
	"slices"

	"github.com/redshift-preflight/redshift-preflight/iam"
	"github.com/redshift-preflight/redshift-preflight/inventory"
)

// tfCluster is a provisioned cluster as read: aws_redshift_cluster_iam_roles
// resources add to it before it is added to the file.
type tfCluster struct {
	def        *inventory.ClusterDef
	defaultSrc inventory.Source
}

// associate adds the known roles of attribute attr of v, read with parse,
// to roles.
func (b *tfBuilder) associate(v *tfVals, attr string, parse func(string) (inventory.Association, error),
	roles *[]inventory.Association, incomplete *bool, gap *string) error {
	a := v.attr(attr)
	if v.unknown(attr) || !a.complete {
		*incomplete = true
		*gap = b.computed(v, attr) + ", so a role not listed may be associated"
	}
	for k, arn := range a.list {
		assoc, err := parse(arn)
		if err != nil {
			return badValue(v, attr, a.idx[k], err)
		}
		if !slices.ContainsFunc(*roles, func(o inventory.Association) bool { return o.RoleARN == assoc.RoleARN }) {
			*roles = append(*roles, assoc)
		}
	}
	return nil
}

// tfRoleARN is an association Terraform manages: in effect.
func tfRoleARN(arn string) (inventory.Association, error) {
	if _, err := inventory.ParseRoleARN(arn); err != nil {
		return inventory.Association{}, err
	}
	return inventory.Association{RoleARN: arn, Status: inventory.StatusInSync}, nil
}

// defaultRole reads a default_iam_role_arn.
func (b *tfBuilder) defaultRole(v *tfVals) (arn string, known bool, err error) {
	arn, known = v.str("default_iam_role_arn")
	if known && arn != "" {
		if _, err := inventory.ParseRoleARN(arn); err != nil {
			return "", false, badValue(v, "default_iam_role_arn", -1, err)
		}
	}
	return arn, known, nil
}

// cluster reads an aws_redshift_cluster.
func (b *tfBuilder) cluster(v *tfVals) error {
	id, known, err := required(v, "cluster_identifier")
	if err != nil || !known {
		return err // a plan that does not know the identifier: the cluster cannot be named
	}
	def := &inventory.ClusterDef{ID: id, Source: b.source(v.res.path)}
	if def.ARN, err = clusterARNs(v, id); err != nil {
		return err
	}
	if ns, known := v.str("cluster_namespace_arn"); known && ns != "" {
		def.Namespace = ns
	}
	if err := b.associate(v, "iam_roles", tfRoleARN, &def.Roles, &def.RolesIncomplete, &def.RolesGap); err != nil {
		return err
	}
	if def.Default, known, err = b.defaultRole(v); err != nil {
		return err
	}
	if !known {
		def.DefaultUnknown, def.DefaultGap = true, b.computed(v, "default_iam_role_arn")
	}
	tagsAttr := v.tagsAttr()
	if m := v.attr(tagsAttr).m; len(m) > 0 && !v.unknown(tagsAttr) && v.attr(tagsAttr).complete {
		def.Tags = m
	}
	b.clusters = append(b.clusters, &tfCluster{def: def, defaultSrc: b.source(v.path("default_iam_role_arn"))})
	return nil
}

// clusterARNs checks the cluster's arn and cluster_namespace_arn and
// returns the one that gives its account and region: the namespace ARN,
// else the cluster ARN.
func clusterARNs(v *tfVals, id string) (iam.ARN, error) {
	var out iam.ARN
	if arn, known := v.str("arn"); known && arn != "" {
		a, ok := inventory.SplitARN(arn)
		if !ok || a.Service != "redshift" || a.Resource != "cluster:"+id || a.Region == "" || !iam.IsAccountID(a.Account) {
			return out, badValue(v, "arn", -1, inventory.DataError("want arn:PARTITION:redshift:REGION:ACCOUNT:cluster:"+id+", got "+inventory.Short(arn)))
		}
		out = a
	}
	if ns, known := v.str("cluster_namespace_arn"); known && ns != "" {
		a, err := inventory.ParseNamespaceARN(ns)
		if err != nil {
			return out, badValue(v, "cluster_namespace_arn", -1, err)
		}
		out = a
	}
	return out, nil
}

// clusterRoles merges an aws_redshift_cluster_iam_roles into its cluster
// (a cluster of its own when the file has no aws_redshift_cluster of that
// identifier); deleted takes its roles away.
func (b *tfBuilder) clusterRoles(v *tfVals, deleted bool) error {
	id, known, err := required(v, "cluster_identifier")
	if err != nil {
		return err
	}
	def, defKnown, err := b.defaultRole(v)
	if err != nil {
		return err
	}
	if !known {
		b.anyCluster(v, !defKnown || def != "")
		return nil
	}
	c, err := b.clusterNamed(v, id)
	switch {
	case err != nil:
		return err
	case deleted:
		c.remove(v.attr("iam_role_arns").list)
		return nil
	case c == nil:
		c = &tfCluster{def: &inventory.ClusterDef{ID: id, Source: b.source(v.res.path)}}
		b.clusters = append(b.clusters, c)
	}
	if err := b.associate(v, "iam_role_arns", tfRoleARN, &c.def.Roles, &c.def.RolesIncomplete, &c.def.RolesGap); err != nil {
		return err
	}
	switch here := b.source(v.path("default_iam_role_arn")); {
	case !defKnown:
		c.def.DefaultUnknown, c.def.DefaultGap = true, b.computed(v, "default_iam_role_arn")
	case def == "" || c.def.DefaultUnknown:
	case c.def.Default != "" && c.def.Default != def:
		return inventory.Conflict("cluster "+id, here, c.defaultSrc, "the default IAM role")
	default:
		c.def.Default, c.defaultSrc = def, here
	}
	return nil
}

// anyCluster: an aws_redshift_cluster_iam_roles whose cluster the plan does
// not know gives roles, and perhaps a default, to any cluster.
func (b *tfBuilder) anyCluster(v *tfVals, setsDefault bool) {
	for _, c := range b.clusters {
		c.def.RolesIncomplete, c.def.RolesGap = true, b.computed(v, "cluster_identifier")+", so it may associate roles with any cluster"
		if setsDefault {
			c.def.DefaultUnknown, c.def.DefaultGap = true, b.computed(v, "cluster_identifier")+", so it may set the default role of any cluster"
		}
	}
}

// clusterNamed is the file's cluster of this identifier, nil when none.
func (b *tfBuilder) clusterNamed(v *tfVals, id string) (*tfCluster, error) {
	var c *tfCluster
	for _, o := range b.clusters {
		if o.def.ID == id {
			if c != nil {
				return nil, &inventory.LoadError{Path: v.path("cluster_identifier"), Msg: "several aws_redshift_cluster resources in the file have the identifier " +
					inventory.Short(id) + ", so which one " + v.res.addr + " belongs to cannot be told"}
			}
			c = o
		}
	}
	return c, nil
}

// remove takes away the associations of a deleted aws_redshift_cluster_iam_roles.
func (c *tfCluster) remove(arns []string) {
	if c == nil {
		return
	}
	for _, arn := range arns {
		c.def.Roles = slices.DeleteFunc(c.def.Roles, func(a inventory.Association) bool { return a.RoleARN == arn })
		if c.def.Default == arn {
			c.def.Default = ""
		}
	}
}

// namespace reads an aws_redshiftserverless_namespace.
func (b *tfBuilder) namespace(v *tfVals) error {
	name, known, err := required(v, "namespace_name")
	if err != nil || !known {
		return err
	}
	n := inventory.NamespaceDef{Name: name, Source: b.source(v.res.path)}
	if arn, known := v.str("arn"); known && arn != "" {
		if n.ARN, err = inventory.ParseServerlessARN(arn, "namespace/"); err != nil {
			return badValue(v, "arn", -1, err)
		}
		n.ARNText = arn
	}
	// The provider reduces the service's IamRole(...) entries to ARNs; read both.
	if err := b.associate(v, "iam_roles", inventory.ParseIamRoleEntry, &n.Roles, &n.RolesIncomplete, &n.RolesGap); err != nil {
		return err
	}
	if n.Default, known, err = b.defaultRole(v); err != nil {
		return err
	}
	if !known {
		n.DefaultUnknown, n.DefaultGap = true, b.computed(v, "default_iam_role_arn")
	}
	b.f.AddNamespace(n)
	return nil
}

// workgroup reads an aws_redshiftserverless_workgroup.
func (b *tfBuilder) workgroup(v *tfVals) error {
	name, known, err := required(v, "workgroup_name")
	if err != nil || !known {
		return err
	}
	ns, known, err := required(v, "namespace_name")
	if err != nil || !known {
		return err // its namespace then stands without a workgroup (WorkgroupUnknown)
	}
	w := inventory.WorkgroupDef{Name: name, Namespace: ns, Source: b.source(v.res.path)}
	if arn, known := v.str("arn"); known && arn != "" {
		if w.ARN, err = inventory.ParseServerlessARN(arn, "workgroup/"); err != nil {
			return badValue(v, "arn", -1, err)
		}
	}
	// workgroup_id (the provider's "The Redshift Workgroup ID") forms the
	// external id; a plan does not know it until apply, which leaves it "".
	if id, known := v.str("workgroup_id"); known && id != "" {
		if err := inventory.CheckWorkgroupID(id); err != nil {
			return badValue(v, "workgroup_id", -1, err)
		}
		w.ID = id
	}
	b.f.AddWorkgroup(w)
	return nil
}
