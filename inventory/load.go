package inventory

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/iam"
)

// Load reads IAM data (iamPaths) and cluster data (clusterPaths) and merges
// them into one Inventory. Each path is a file or a directory, whose *.json
// files are read recursively in lexical order (hidden directories skipped).
// Every file's format is detected from its content, so a file given on the
// wrong side is still read correctly.
//
// Supported: aws iam get-account-authorization-details (AWS CLI output, or
// the raw API/SDK shape with IsTruncated), aws iam get-role (trust policy,
// boundary and tags; the role's permission policies are then unknown), aws
// redshift describe-clusters, aws redshift-serverless get-namespace,
// list-namespaces, get-workgroup and list-workgroups, and terraform show
// -json output of a state or a saved plan (IAM and cluster resources, in
// the root module and every child module; see terraform.go).
//
// Every error is a *LoadError naming the file and, where one applies, the
// JSON path. Policy documents are checked to be JSON objects or strings;
// iam.DecodePolicy runs on first use (see Decode and DecodeAll).
func Load(iamPaths, clusterPaths []string) (*Inventory, error) {
	files, err := collectFiles(append(append([]string(nil), iamPaths...), clusterPaths...))
	if err != nil {
		return nil, err
	}
	return loadFiles(files, readFile)
}

// readFile reads a whole file into a string, which the inventory then
// slices (names, ARNs and undecoded documents share its memory).
func readFile(name string) (string, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", &LoadError{File: name, Msg: "cannot read: " + pathErr(err)}
	}
	defer f.Close()
	var b strings.Builder
	if info, err := f.Stat(); err == nil && info.Size() > 0 && info.Size() < 1<<40 {
		b.Grow(int(info.Size()) + 1)
	}
	if _, err := io.Copy(&b, f); err != nil {
		return "", &LoadError{File: name, Msg: "cannot read: " + pathErr(err)}
	}
	return b.String(), nil
}

// loadFiles reads, parses and merges the files in order.
func loadFiles(files []string, read func(string) (string, error)) (*Inventory, error) {
	l := newLoader()
	for i, name := range files {
		data, err := read(name)
		if err != nil {
			return nil, err
		}
		fd, err := parseFile(name, i, data)
		if err != nil {
			return nil, err
		}
		if err := l.add(fd); err != nil {
			return nil, err
		}
	}
	if err := l.finish(); err != nil {
		return nil, err
	}
	return l.inv, nil
}

// collectFiles expands the paths into files, each once, in order.
func collectFiles(paths []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	add := func(name string) {
		if key := filepath.Clean(name); !seen[key] {
			seen[key] = true
			out = append(out, name)
		}
	}
	for _, root := range paths {
		info, err := os.Stat(root)
		if err != nil {
			return nil, &LoadError{File: root, Msg: "cannot read: " + pathErr(err)}
		}
		if !info.IsDir() {
			add(root)
			continue
		}
		found := 0
		err = filepath.WalkDir(root, func(name string, d fs.DirEntry, err error) error {
			if err != nil {
				return &LoadError{File: name, Msg: "cannot read: " + pathErr(err)}
			}
			if d.IsDir() {
				if name != root && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				return nil
			}
			if !strings.EqualFold(filepath.Ext(name), ".json") {
				return nil
			}
			if d.Type()&fs.ModeSymlink != 0 {
				if target, err := os.Stat(name); err != nil || target.IsDir() {
					return nil // a dangling link or a link to a directory: not a data file
				}
			}
			found++
			add(name)
			return nil
		})
		if err != nil {
			return nil, err
		}
		if found == 0 {
			return nil, &LoadError{File: root, Msg: "no *.json files in this directory"}
		}
	}
	return out, nil
}

// pathErr is an fs error without the path, which the LoadError names.
func pathErr(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// loader merges files into an Inventory.
type loader struct {
	inv        *Inventory
	roles      []*Role          // in load order
	users      []*User          // in load order
	groups     []*Group         // in load order
	policies   []*ManagedPolicy // in load order
	namespaces []*namespaceDef
	workgroups []*workgroupDef
	external   []tfExternal // Terraform role policies of roles that their file does not hold
}

func newLoader() *loader {
	return &loader{inv: &Inventory{
		roles:     map[string]*Role{},
		users:     map[string]*User{},
		groups:    map[string]*Group{},
		policies:  map[string]*ManagedPolicy{},
		accounts:  map[string]bool{},
		origins:   map[string]PolicyOrigin{},
		listed:    map[string]bool{},
		resources: map[string]*resourcePolicy{},
	}}
}

func (l *loader) add(fd *fileData) error {
	for _, r := range fd.roles {
		if err := l.addRole(r); err != nil {
			return err
		}
		l.inv.accounts[r.Account] = true
		if fd.listsRoles {
			l.inv.listed[r.Account] = true
		}
	}
	for _, u := range fd.users {
		if err := l.addUser(u); err != nil {
			return err
		}
	}
	for _, g := range fd.groups {
		if err := l.addGroup(g); err != nil {
			return err
		}
	}
	for _, p := range fd.policies {
		if err := l.addPolicy(p); err != nil {
			return err
		}
		if a, _ := splitARN(p.ARN); a.Account != "aws" {
			l.inv.accounts[a.Account] = true
			if fd.listsRoles {
				l.inv.listed[a.Account] = true
			}
		}
	}
	for _, c := range fd.clusters {
		if err := l.addCluster(c); err != nil {
			return err
		}
	}
	for _, n := range fd.namespaces {
		if err := l.addNamespace(n); err != nil {
			return err
		}
	}
	for _, w := range fd.workgroups {
		if err := l.addWorkgroup(w); err != nil {
			return err
		}
	}
	if fd.resource != nil {
		if err := l.addResourcePolicy(fd.resource); err != nil {
			return err
		}
	}
	l.inv.planned = append(l.inv.planned, fd.planned...)
	l.external = append(l.external, fd.external...)
	return nil
}

// addCluster merges a provisioned cluster; the same identifier in the same
// account must be described the same way.
func (l *loader) addCluster(c *Cluster) error {
	for _, o := range l.inv.Clusters {
		if o.ID == c.ID && o.Account == c.Account && !o.Serverless {
			if !sameCluster(o, c) {
				return conflict("cluster "+c.ID, c.Source, o.Source, "the description")
			}
			return nil
		}
	}
	l.inv.Clusters = append(l.inv.Clusters, c)
	return nil
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

func (l *loader) addNamespace(n *namespaceDef) error {
	for _, o := range l.namespaces {
		if o.name == n.name && o.arn.Account == n.arn.Account && o.arn.Region == n.arn.Region {
			if o.arnText != n.arnText || o.def != n.def ||
				!reflect.DeepEqual(sortedRoles(o.roles), sortedRoles(n.roles)) ||
				o.rolesIncomplete != n.rolesIncomplete || o.defaultUnknown != n.defaultUnknown {
				return conflict("serverless namespace "+n.name, n.src, o.src, "the description")
			}
			return nil
		}
	}
	l.namespaces = append(l.namespaces, n)
	return nil
}

func (l *loader) addWorkgroup(w *workgroupDef) error {
	for _, o := range l.workgroups {
		if o.name == w.name && o.arn.Account == w.arn.Account && o.arn.Region == w.arn.Region {
			if o.namespace != w.namespace || o.arn != w.arn {
				return conflict("serverless workgroup "+w.name, w.src, o.src, "the description")
			}
			return nil
		}
	}
	l.workgroups = append(l.workgroups, w)
	return nil
}

// finish builds serverless clusters and labels every policy.
func (l *loader) finish() error {
	if err := l.serverless(); err != nil {
		return err
	}
	l.applyExternal()
	l.label()
	l.labelMembers()
	return nil
}

// serverless makes one Cluster per workgroup, with its namespace's roles,
// and one per namespace that no workgroup names.
func (l *loader) serverless() error {
	used := map[*namespaceDef]bool{}
	for _, w := range l.workgroups {
		var match []*namespaceDef
		for _, n := range l.namespaces {
			if n.name == w.namespace && compatible(n.arn.Account, w.arn.Account) && compatible(n.arn.Region, w.arn.Region) {
				match = append(match, n)
			}
		}
		switch len(match) {
		case 0:
			return &LoadError{File: w.src.File, Path: w.src.Path, Msg: "workgroup " + short(w.name) + " uses namespace " + short(w.namespace) +
				", which is not in the cluster data: add aws redshift-serverless get-namespace output for it"}
		case 1:
		default:
			return &LoadError{File: w.src.File, Path: w.src.Path, Msg: "workgroup " + short(w.name) + " uses namespace " + short(w.namespace) +
				", which is in the data of several accounts or regions; give the workgroup's workgroupArn"}
		}
		n := match[0]
		used[n] = true
		c, err := n.cluster(w.name, w)
		if err != nil {
			return err
		}
		l.inv.Clusters = append(l.inv.Clusters, c)
	}
	for _, n := range l.namespaces {
		if !used[n] {
			c, err := n.cluster(n.name, nil)
			if err != nil {
				return err
			}
			c.WorkgroupUnknown = true
			l.inv.Clusters = append(l.inv.Clusters, c)
		}
	}
	return nil
}

func compatible(a, b string) bool { return a == "" || b == "" || a == b }

func (n *namespaceDef) cluster(id string, w *workgroupDef) (*Cluster, error) {
	c := &Cluster{ID: id, Serverless: true, Namespace: n.arnText, Roles: n.roles, Default: n.def, Source: n.src,
		RolesIncomplete: n.rolesIncomplete, DefaultUnknown: n.defaultUnknown, rolesGap: n.rolesGap, defaultGap: n.defaultGap}
	ns, endpoint := n.arn, ""
	if w != nil {
		if ns.Account == "" {
			ns = w.arn
		}
		endpoint = w.endpoint
		if w.arn.Account != "" {
			c.WorkgroupARN = w.arn.String()
		}
	}
	if err := c.resolve(ns, endpoint); err != nil {
		return nil, inFile(within(err, n.src.Path), n.src.File)
	}
	return c, nil
}

// label gives every role its reference in labels and registers the
// origins of managed policies and boundaries. A role is "role/PATH/NAME",
// with its account added when several accounts have a role of that path
// and name. The labels of role documents are set when the role is first
// handed out and registered on the first call of Origin, so that loading
// thousands of roles does not build thousands of strings no check reads.
func (l *loader) label() {
	inv := l.inv
	count := make(map[string]int, len(l.roles))
	for _, r := range l.roles {
		count[roleResource(r.ARN)]++
	}
	for _, r := range l.roles {
		ref := roleResource(r.ARN)
		if count[ref] > 1 {
			ref += " in account " + r.Account
		}
		r.docs.ref = ref
		if !r.PoliciesKnown {
			r.unknownLabel = unknownLabel(ref, r.policiesGap)
		}
	}
	for _, p := range l.policies {
		inv.origins[ManagedLabel(KindManaged, p.ARN)] = PolicyOrigin{Kind: KindManaged, Name: p.ARN, Source: p.doc.def.source(), Absent: p.doc.def.unknown}
	}
	for _, r := range l.roles {
		for i, arn := range r.Attached {
			if inv.policies[arn] == nil {
				l.registerAbsent(KindManaged, arn, r.attachedSource(i))
			}
		}
		if r.boundaryUnknown {
			r.boundaryLabel = "permissions boundary of " + r.docs.ref + " (not known until the Terraform plan is applied)"
			inv.origins[r.boundaryLabel] = PolicyOrigin{Kind: KindBoundary, Role: r.ARN, Source: r.memberSource("PermissionsBoundary"), Absent: true}
			continue
		}
		if r.Boundary == "" {
			continue
		}
		if p := inv.policies[r.Boundary]; p != nil {
			inv.origins[ManagedLabel(KindBoundary, p.ARN)] = PolicyOrigin{Kind: KindBoundary, Name: p.ARN, Source: p.doc.def.source(), Absent: p.doc.def.unknown}
		} else {
			l.registerAbsent(KindBoundary, r.Boundary, r.memberSource("PermissionsBoundary"))
		}
	}
}

// memberSource is where a member of the role's definition is: the member
// of an AWS export (RoleId, PermissionsBoundary, Tags, RolePolicyList,
// AttachedManagedPolicies), or the Terraform attribute that holds it.
func (r *Role) memberSource(member string) Source {
	if path, ok := r.memberPaths[member]; ok {
		return Source{File: r.Source.File, Path: path}
	}
	return Source{File: r.Source.File, Path: iam.JoinPath(r.Source.Path, member)}
}

// attachedSource is where the role's i-th attached policy is attached.
func (r *Role) attachedSource(i int) Source {
	if i < len(r.attachedSrc) {
		return r.attachedSrc[i]
	}
	return Source{File: r.Source.File, Path: indexPath(iam.JoinPath(r.Source.Path, "AttachedManagedPolicies"), i)}
}

// registerAbsent records, for a managed policy that is not in the data,
// the first place a role refers to it.
func (l *loader) registerAbsent(kind PolicyKind, arn string, ref Source) {
	label := ManagedLabel(kind, arn)
	if _, done := l.inv.origins[label]; !done {
		l.inv.origins[label] = PolicyOrigin{Kind: kind, Name: arn, Source: ref, Absent: true}
	}
}

// registerRoleOrigins registers the labels of every role's documents; it
// runs once, on the first call of Origin.
func (inv *Inventory) registerRoleOrigins() {
	inv.registerMemberOrigins()
	for _, r := range inv.roles {
		d := r.docs
		if d == nil {
			continue
		}
		inv.origins[trustLabel(d.ref)] = PolicyOrigin{Kind: KindTrust, Role: r.ARN, Source: d.trust.source(), Absent: d.trust.unknown}
		for i, name := range d.inlineNames {
			inv.origins[inlineLabel(name, d.ref)] = PolicyOrigin{Kind: KindInline, Role: r.ARN, Name: name, Source: d.inline[i].source(), Absent: d.inline[i].unknown}
		}
		if !r.PoliciesKnown {
			inv.origins[r.unknownLabel] = PolicyOrigin{Kind: KindUnknown, Role: r.ARN, Source: r.Source, Absent: true}
		}
	}
}

func trustLabel(ref string) string        { return "trust policy of " + ref }
func inlineLabel(name, ref string) string { return "inline policy " + name + " of " + ref }
func unknownLabel(ref, why string) string {
	if why == "" {
		why = "not in the data: get-role output does not list them"
	}
	return "permission policies of " + ref + " (" + why + ")"
}

// roleResource is the resource part of a role ARN, role/PATH/NAME.
func roleResource(arn string) string {
	a, _ := splitARN(arn)
	return a.Resource
}
