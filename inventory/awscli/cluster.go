package awscli

import (
	"github.com/redshift-preflight/redshift-preflight/inventory"
	"github.com/redshift-preflight/redshift-preflight/inventory/internal/jsonpull"
)

// The members of a describe-clusters cluster that are read.
type clusterDetail struct {
	ClusterIdentifier   string
	IamRoles            []clusterRole
	DefaultIamRoleArn   string
	ClusterNamespaceArn string
	Endpoint            *struct{ Address string }
	Tags                []tag
}

type clusterRole struct {
	IamRoleArn  string
	ApplyStatus *string
}

// Clusters reads aws redshift describe-clusters' Clusters.
func Clusters(r *jsonpull.Reader, f *inventory.File) error {
	return decodeList(r, "Clusters", func(d *clusterDetail, base string) error { return cluster(f, d, base) })
}

func cluster(f *inventory.File, d *clusterDetail, base string) error {
	def := inventory.ClusterDef{ID: d.ClusterIdentifier, Default: d.DefaultIamRoleArn, Source: f.Source(base)}
	var err error
	if def.Roles, err = clusterRoles(d.IamRoles); err != nil {
		return inventory.Within(err, "IamRoles")
	}
	if def.Tags, err = tagMap(d.Tags); err != nil {
		return inventory.Within(err, "Tags")
	}
	if d.Endpoint != nil {
		def.Endpoint = d.Endpoint.Address
	}
	if def.ID == "" {
		return inventory.DataError("missing ClusterIdentifier")
	}
	if def.Default != "" {
		if _, err := inventory.ParseRoleARN(def.Default); err != nil {
			return inventory.Within(err, "DefaultIamRoleArn")
		}
	}
	if d.ClusterNamespaceArn != "" {
		if def.ARN, err = inventory.ParseNamespaceARN(d.ClusterNamespaceArn); err != nil {
			return inventory.Within(err, "ClusterNamespaceArn")
		}
		def.Namespace = d.ClusterNamespaceArn
	}
	return f.AddCluster(def)
}

// tagMap checks decoded Tags; nil when there are none.
func tagMap(list []tag) (map[string]string, error) {
	var out map[string]string
	for i, t := range list {
		var err error
		if out, err = t.addTo(out); err != nil {
			return nil, inventory.WithinIndex(err, i)
		}
	}
	return out, nil
}

// clusterRoles reads IamRoles: [{IamRoleArn, ApplyStatus}].
func clusterRoles(list []clusterRole) ([]inventory.Association, error) {
	var out []inventory.Association
	for i, e := range list {
		a, err := association(e)
		if err == nil {
			out, err = addAssociation(out, a)
			err = inventory.Within(err, "IamRoleArn")
		}
		if err != nil {
			return nil, inventory.WithinIndex(err, i)
		}
	}
	return out, nil
}

func association(e clusterRole) (inventory.Association, error) {
	switch {
	case e.IamRoleArn == "":
		return inventory.Association{}, inventory.DataError("missing IamRoleArn")
	case e.ApplyStatus == nil:
		return inventory.Association{}, inventory.DataError("missing ApplyStatus")
	case !inventory.ValidStatus(*e.ApplyStatus):
		return inventory.Association{}, inventory.Within(inventory.StatusError(*e.ApplyStatus), "ApplyStatus")
	}
	if _, err := inventory.ParseRoleARN(e.IamRoleArn); err != nil {
		return inventory.Association{}, inventory.Within(err, "IamRoleArn")
	}
	return inventory.Association{RoleARN: e.IamRoleArn, Status: *e.ApplyStatus}, nil
}

func addAssociation(list []inventory.Association, a inventory.Association) ([]inventory.Association, error) {
	for _, o := range list {
		if o.RoleARN == a.RoleARN {
			return nil, inventory.DataError("role " + inventory.Short(a.RoleARN) + " is associated twice")
		}
	}
	return append(list, a), nil
}

// The members of a serverless namespace that are read.
type namespaceDetail struct {
	NamespaceName     string   `json:"namespaceName"`
	NamespaceArn      string   `json:"namespaceArn"`
	DefaultIamRoleArn string   `json:"defaultIamRoleArn"`
	IamRoles          []string `json:"iamRoles"`
}

// Namespace reads aws redshift-serverless get-namespace's namespace.
func Namespace(r *jsonpull.Reader, f *inventory.File) error {
	var d namespaceDetail
	if err := r.Decode(&d); err != nil {
		return err
	}
	return namespace(f, &d, "namespace")
}

// Namespaces reads aws redshift-serverless list-namespaces' namespaces.
func Namespaces(r *jsonpull.Reader, f *inventory.File) error {
	return decodeList(r, "namespaces", func(d *namespaceDetail, base string) error { return namespace(f, d, base) })
}

func namespace(f *inventory.File, d *namespaceDetail, base string) error {
	def := inventory.NamespaceDef{Name: d.NamespaceName, ARNText: d.NamespaceArn, Default: d.DefaultIamRoleArn, Source: f.Source(base)}
	var err error
	if def.Roles, err = serverlessRoles(d.IamRoles); err != nil {
		return inventory.Within(err, "iamRoles")
	}
	if def.Name == "" {
		return inventory.DataError("missing namespaceName")
	}
	if def.Default != "" {
		if _, err := inventory.ParseRoleARN(def.Default); err != nil {
			return inventory.Within(err, "defaultIamRoleArn")
		}
	}
	if def.ARNText != "" {
		if def.ARN, err = inventory.ParseServerlessARN(def.ARNText, "namespace/"); err != nil {
			return inventory.Within(err, "namespaceArn")
		}
	}
	f.AddNamespace(def)
	return nil
}

// serverlessRoles reads a namespace's iamRoles (see ParseIamRoleEntry).
func serverlessRoles(entries []string) ([]inventory.Association, error) {
	var out []inventory.Association
	for i, text := range entries {
		a, err := inventory.ParseIamRoleEntry(text)
		if err == nil {
			out, err = addAssociation(out, a)
		}
		if err != nil {
			return nil, inventory.WithinIndex(err, i)
		}
	}
	return out, nil
}

// The members of a serverless workgroup that are read.
type workgroupDetail struct {
	WorkgroupName string  `json:"workgroupName"`
	NamespaceName string  `json:"namespaceName"`
	WorkgroupArn  string  `json:"workgroupArn"`
	WorkgroupID   *string `json:"workgroupId"`
	Endpoint      *struct {
		Address string `json:"address"`
	} `json:"endpoint"`
}

// Workgroup reads aws redshift-serverless get-workgroup's workgroup.
func Workgroup(r *jsonpull.Reader, f *inventory.File) error {
	var d workgroupDetail
	if err := r.Decode(&d); err != nil {
		return err
	}
	return workgroup(f, &d, "workgroup")
}

// Workgroups reads aws redshift-serverless list-workgroups' workgroups.
func Workgroups(r *jsonpull.Reader, f *inventory.File) error {
	return decodeList(r, "workgroups", func(d *workgroupDetail, base string) error { return workgroup(f, d, base) })
}

func workgroup(f *inventory.File, d *workgroupDetail, base string) error {
	def := inventory.WorkgroupDef{Name: d.WorkgroupName, Namespace: d.NamespaceName, Source: f.Source(base)}
	if d.Endpoint != nil {
		def.Endpoint = d.Endpoint.Address
	}
	switch {
	case def.Name == "":
		return inventory.DataError("missing workgroupName")
	case def.Namespace == "":
		return inventory.DataError("missing namespaceName")
	}
	if d.WorkgroupArn != "" {
		var err error
		if def.ARN, err = inventory.ParseServerlessARN(d.WorkgroupArn, "workgroup/"); err != nil {
			return inventory.Within(err, "workgroupArn")
		}
	}
	if d.WorkgroupID != nil {
		if err := inventory.CheckWorkgroupID(*d.WorkgroupID); err != nil {
			return inventory.Within(err, "workgroupId")
		}
		def.ID = *d.WorkgroupID
	}
	f.AddWorkgroup(def)
	return nil
}
