package inventory

import (
	"reflect"
	"sort"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/iam"
)

// Clusters come from readers as provisioned clusters (describe-clusters,
// aws_redshift_cluster), and as serverless namespaces and workgroups,
// which Finish pairs into one Cluster per workgroup once every file is
// read: a workgroup and its namespace are often in different files.

// ClusterDef is a provisioned cluster as a reader found it. ARN is the
// namespace ARN, else another ARN of the cluster (zero when the data has
// none): with the roles' ARNs and the endpoint address, it gives the
// cluster's partition, account and region.
type ClusterDef struct {
	ID        string
	Namespace string // the namespace ARN as written, or ""
	ARN       iam.ARN
	Endpoint  string
	Roles     []Association
	Default   string
	Tags      map[string]string
	Source    Source
	// RolesIncomplete and DefaultUnknown, with the reasons: see Cluster.
	RolesIncomplete, DefaultUnknown bool
	RolesGap, DefaultGap            string
}

// AddCluster adds a provisioned cluster. It fails when the cluster's
// account cannot be told (its roles are in several accounts).
func (f *File) AddCluster(d ClusterDef) error {
	c := &Cluster{ID: d.ID, Namespace: d.Namespace, Roles: d.Roles, Default: d.Default, Tags: d.Tags, Source: d.Source,
		RolesIncomplete: d.RolesIncomplete, DefaultUnknown: d.DefaultUnknown, rolesGap: d.RolesGap, defaultGap: d.DefaultGap}
	if err := c.resolve(d.ARN, d.Endpoint); err != nil {
		return InFile(Within(err, d.Source.Path), d.Source.File)
	}
	f.clusters = append(f.clusters, c)
	return nil
}

// NamespaceDef is a serverless namespace as a reader found it.
type NamespaceDef struct {
	Name    string
	ARN     iam.ARN // zero when the data has no namespace ARN
	ARNText string
	Roles   []Association
	Default string
	Source  Source
	// Terraform plans: see Cluster.RolesIncomplete and DefaultUnknown.
	RolesIncomplete, DefaultUnknown bool
	RolesGap, DefaultGap            string
}

// WorkgroupDef is a serverless workgroup as a reader found it.
type WorkgroupDef struct {
	Name, Namespace string
	ID              string  // workgroupId (Terraform workgroup_id), "" when the data lacks it; see Cluster.WorkgroupID
	ARN             iam.ARN // zero when the data has no workgroup ARN
	Endpoint        string
	Source          Source
}

// AddNamespace adds a serverless namespace.
func (f *File) AddNamespace(d NamespaceDef) { f.namespaces = append(f.namespaces, &d) }

// AddWorkgroup adds a serverless workgroup.
func (f *File) AddWorkgroup(d WorkgroupDef) { f.workgroups = append(f.workgroups, &d) }

// addClusters merges provisioned clusters; the same identifier in the
// same account must be described the same way.
func (b *Builder) addClusters(f *File) error {
	for _, c := range f.clusters {
		if err := b.addCluster(c); err != nil {
			return err
		}
	}
	return nil
}

func (b *Builder) addCluster(c *Cluster) error {
	key := clusterKey{c.ID, c.Account}
	if o := b.clusters[key]; o != nil {
		if !sameCluster(o, c) {
			return Conflict("cluster "+c.ID, c.Source, o.Source, "the description")
		}
		return nil
	}
	b.clusters[key] = c
	b.inv.Clusters = append(b.inv.Clusters, c)
	return nil
}

// mergeIndex finds what the merge compares by name, account and
// region in one lookup: scanning every earlier namespace or workgroup for
// each new one was quadratic (40,000 of each took 13 s).
type mergeIndex struct {
	clusters   map[clusterKey]*Cluster // provisioned clusters (Finish adds the serverless ones after the merge)
	namespaces map[serverlessKey]*NamespaceDef
	nsByName   map[string][]*NamespaceDef // in load order
	workgroups map[serverlessKey]*WorkgroupDef
}

type clusterKey struct{ id, account string }

type serverlessKey struct{ name, account, region string }

func newMergeIndex() mergeIndex {
	return mergeIndex{clusters: map[clusterKey]*Cluster{}, namespaces: map[serverlessKey]*NamespaceDef{},
		nsByName: map[string][]*NamespaceDef{}, workgroups: map[serverlessKey]*WorkgroupDef{}}
}

func sameCluster(a, b *Cluster) bool {
	x, y := *a, *b
	x.Source, y.Source = Source{}, Source{}
	x.Roles, y.Roles = sortedRoles(x.Roles), sortedRoles(y.Roles)
	return reflect.DeepEqual(x, y)
}

func sortedRoles(list []Association) []Association {
	out := append([]Association{}, list...)
	sort.Slice(out, func(i, j int) bool { return out[i].RoleARN < out[j].RoleARN })
	return out
}

// addServerless merges namespaces and workgroups; one of a name in the
// same account and region must be described the same way.
func (b *Builder) addServerless(f *File) error {
	for _, n := range f.namespaces {
		if err := b.addNamespace(n); err != nil {
			return err
		}
	}
	for _, w := range f.workgroups {
		if err := b.addWorkgroup(w); err != nil {
			return err
		}
	}
	return nil
}

func (b *Builder) addNamespace(n *NamespaceDef) error {
	key := serverlessKey{n.Name, n.ARN.Account, n.ARN.Region}
	if o := b.mergeIndex.namespaces[key]; o != nil {
		if o.ARNText != n.ARNText || o.Default != n.Default ||
			!reflect.DeepEqual(sortedRoles(o.Roles), sortedRoles(n.Roles)) ||
			o.RolesIncomplete != n.RolesIncomplete || o.DefaultUnknown != n.DefaultUnknown {
			return Conflict("serverless namespace "+n.Name, n.Source, o.Source, "the description")
		}
		return nil
	}
	b.mergeIndex.namespaces[key] = n
	b.nsByName[n.Name] = append(b.nsByName[n.Name], n)
	b.namespaces = append(b.namespaces, n)
	return nil
}

func (b *Builder) addWorkgroup(w *WorkgroupDef) error {
	key := serverlessKey{w.Name, w.ARN.Account, w.ARN.Region}
	if o := b.mergeIndex.workgroups[key]; o != nil {
		if o.Namespace != w.Namespace || o.ARN != w.ARN || o.ID != w.ID && o.ID != "" && w.ID != "" {
			return Conflict("serverless workgroup "+w.Name, w.Source, o.Source, "the description")
		}
		if o.ID == "" {
			o.ID = w.ID
		}
		return nil
	}
	b.mergeIndex.workgroups[key] = w
	b.workgroups = append(b.workgroups, w)
	return nil
}

// serverless makes one Cluster per workgroup, with its namespace's roles,
// and one per namespace that no workgroup names.
func (b *Builder) serverless() error {
	used := map[*NamespaceDef]bool{}
	for _, w := range b.workgroups {
		n, err := b.namespaceOf(w)
		if err != nil {
			return err
		}
		used[n] = true
		c, err := n.cluster(w.Name, w)
		if err != nil {
			return err
		}
		b.inv.Clusters = append(b.inv.Clusters, c)
	}
	for _, n := range b.namespaces {
		if !used[n] {
			c, err := n.cluster(n.Name, nil)
			if err != nil {
				return err
			}
			c.WorkgroupUnknown = true
			b.inv.Clusters = append(b.inv.Clusters, c)
		}
	}
	return nil
}

// namespaceOf finds the one namespace a workgroup uses.
func (b *Builder) namespaceOf(w *WorkgroupDef) (*NamespaceDef, error) {
	match := b.namespacesFor(w)
	uses := "workgroup " + Short(w.Name) + " uses namespace " + Short(w.Namespace)
	switch len(match) {
	case 0:
		return nil, &LoadError{File: w.Source.File, Path: w.Source.Path, Msg: uses +
			", which is not in the cluster data: add aws redshift-serverless get-namespace output for it"}
	case 1:
		return match[0], nil
	}
	return nil, &LoadError{File: w.Source.File, Path: w.Source.Path, Msg: uses +
		", which is in the data of several accounts or regions; give the workgroup's workgroupArn"}
}

func compatible(a, b string) bool { return a == "" || b == "" || a == b }

// namespacesFor lists the namespaces a workgroup may use: its namespace's
// name, in a compatible account and region (an absent one matches any).
// A workgroup with both takes four lookups; one without reads the
// namespaces of that name only.
func (b *Builder) namespacesFor(w *WorkgroupDef) []*NamespaceDef {
	acct, region := w.ARN.Account, w.ARN.Region
	if acct == "" || region == "" {
		var match []*NamespaceDef
		for _, n := range b.nsByName[w.Namespace] {
			if compatible(n.ARN.Account, acct) && compatible(n.ARN.Region, region) {
				match = append(match, n)
			}
		}
		return match
	}
	var match []*NamespaceDef
	for _, key := range []serverlessKey{{w.Namespace, acct, region}, {w.Namespace, acct, ""}, {w.Namespace, "", region}, {w.Namespace, "", ""}} {
		if n := b.mergeIndex.namespaces[key]; n != nil {
			match = append(match, n)
		}
	}
	return match
}

func (n *NamespaceDef) cluster(id string, w *WorkgroupDef) (*Cluster, error) {
	c := &Cluster{ID: id, Serverless: true, Namespace: n.ARNText, Roles: n.Roles, Default: n.Default, Source: n.Source,
		RolesIncomplete: n.RolesIncomplete, DefaultUnknown: n.DefaultUnknown, rolesGap: n.RolesGap, defaultGap: n.DefaultGap}
	ns, endpoint := n.ARN, ""
	if w != nil {
		if ns.Account == "" {
			ns = w.ARN
		}
		endpoint = w.Endpoint
		c.WorkgroupID = w.ID
		if w.ARN.Account != "" {
			c.WorkgroupARN = w.ARN.String()
		}
	}
	if err := c.resolve(ns, endpoint); err != nil {
		return nil, InFile(Within(err, n.Source.Path), n.Source.File)
	}
	return c, nil
}

// resolve sets partition, account and region from the namespace ARN (zero
// when absent), else from the associated roles' ARNs (account, partition)
// and the endpoint address (region).
func (c *Cluster) resolve(ns iam.ARN, endpoint string) error {
	c.Partition, c.Account, c.Region = ns.Partition, ns.Account, ns.Region
	if c.Account == "" {
		accounts := map[string]bool{}
		for _, arn := range c.roleARNs() {
			a, _ := SplitARN(arn)
			accounts[a.Account] = true
			c.Account, c.Partition = a.Account, a.Partition
		}
		if len(accounts) > 1 {
			c.Account, c.Partition = "", ""
			return DataError("the associated roles are in several accounts (" + strings.Join(sortedKeys(accounts), ", ") +
				") and no namespace ARN gives the cluster's own; a role can only be associated with a cluster of its account")
		}
	}
	if c.Region == "" {
		c.Region = regionOfEndpoint(endpoint)
	}
	if c.Partition == "" {
		c.Partition = partitionOfRegion(c.Region)
	}
	c.RegionUnknown = c.Region == ""
	return nil
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func (c *Cluster) roleARNs() []string {
	out := make([]string, 0, len(c.Roles)+1)
	for _, a := range c.Roles {
		out = append(out, a.RoleARN)
	}
	if c.Default != "" {
		out = append(out, c.Default)
	}
	return out
}

// regionOfEndpoint reads the region from an endpoint address such as
// NAME.HASH.us-east-1.redshift.amazonaws.com or
// WORKGROUP.ACCOUNT.us-east-1.redshift-serverless.amazonaws.com(.cn).
func regionOfEndpoint(addr string) string {
	labels := strings.Split(strings.ToLower(strings.TrimSuffix(addr, ".")), ".")
	for i := 1; i+1 < len(labels); i++ {
		if (labels[i] == "redshift" || labels[i] == "redshift-serverless") && labels[i+1] == "amazonaws" && isRegion(labels[i-1]) {
			return labels[i-1]
		}
	}
	return ""
}

// isRegion checks the shape of a region name: us-east-1, ap-southeast-2,
// us-gov-west-1, cn-north-1, eu-central-2.
func isRegion(s string) bool {
	parts := strings.Split(s, "-")
	if len(parts) < 3 {
		return false
	}
	for i, part := range parts {
		if part == "" {
			return false
		}
		for _, c := range []byte(part) {
			digit, letter := c >= '0' && c <= '9', c >= 'a' && c <= 'z'
			if i == len(parts)-1 && !digit || i < len(parts)-1 && !letter {
				return false
			}
		}
	}
	return true
}

func partitionOfRegion(region string) string {
	switch {
	case region == "":
		return ""
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	case strings.HasPrefix(region, "us-isob-"):
		return "aws-iso-b"
	case strings.HasPrefix(region, "us-iso-"):
		return "aws-iso"
	}
	return "aws"
}
