package inventory

import (
	"slices"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/iam"
)

// Terraform input: the output of terraform show -json for a state
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
//	aws_redshiftserverless_workgroup workgroup_name, namespace_name, arn
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

// tfTop holds the members of a terraform show -json file as offsets into
// the file until the whole top-level object is read: format_version, which
// may come after them, decides whether they mean anything.
type tfTop struct {
	version                          string
	haveVersion                      bool
	values, planned, changes, config tfSpan
}

type tfSpan struct {
	at int
	ok bool
}

func (p *fileParser) tfCapture(sp *tfSpan) error {
	s := &p.s
	s.ws()
	sp.at, sp.ok = s.i, true
	return s.skip()
}

// tfFormat recognises terraform show -json output from the top-level keys:
// format_version with values (a state) or with planned_values,
// resource_changes or configuration (a plan). An empty state is printed as
// format_version alone.
func (p *fileParser) tfFormat() {
	t := &p.tf
	if !t.haveVersion {
		return
	}
	if t.values.ok {
		p.fmts[fmtTerraformState] = true
	}
	if t.planned.ok || t.changes.ok || t.config.ok {
		p.fmts[fmtTerraformPlan] = true
	}
	if len(p.fmts) > 0 {
		return
	}
	for k := range p.keys {
		if k != "format_version" && k != "terraform_version" {
			return
		}
	}
	p.fmts[fmtTerraformState] = true
}

// The attributes read, by resource type, and how.
type tfKind uint8

const (
	tfString tfKind = iota
	tfStrings
	tfStringMap
	tfDoc
	tfInlineList
)

var tfSchema = map[string]map[string]tfKind{
	"aws_iam_role": {"arn": tfString, "name": tfString, "name_prefix": tfString, "path": tfString, "unique_id": tfString,
		"assume_role_policy": tfDoc, "inline_policy": tfInlineList, "managed_policy_arns": tfStrings,
		"permissions_boundary": tfString, "tags": tfStringMap, "tags_all": tfStringMap},
	"aws_iam_role_policy":              {"id": tfString, "role": tfString, "name": tfString, "policy": tfDoc},
	"aws_iam_policy":                   {"arn": tfString, "name": tfString, "path": tfString, "policy": tfDoc},
	"aws_iam_role_policy_attachment":   {"role": tfString, "policy_arn": tfString},
	"aws_redshift_cluster":             {"cluster_identifier": tfString, "arn": tfString, "cluster_namespace_arn": tfString, "iam_roles": tfStrings, "default_iam_role_arn": tfString, "tags": tfStringMap, "tags_all": tfStringMap},
	"aws_redshift_cluster_iam_roles":   {"cluster_identifier": tfString, "iam_role_arns": tfStrings, "default_iam_role_arn": tfString},
	"aws_redshiftserverless_namespace": {"namespace_name": tfString, "arn": tfString, "iam_roles": tfStrings, "default_iam_role_arn": tfString},
	"aws_redshiftserverless_workgroup": {"workgroup_name": tfString, "namespace_name": tfString, "arn": tfString},
}

// tfRefAttrs are the attributes whose configuration references are kept,
// to explain unknown values.
var tfRefAttrs = map[string]bool{"iam_roles": true, "iam_role_arns": true, "default_iam_role_arn": true, "role": true}

// tfRes is one resource instance of a type in tfSchema.
type tfRes struct {
	addr, typ   string
	path, vpath string   // the resource, and its values object (planned_values, change.after or change.before)
	plan        bool     // the values are planned: an absent attribute is unknown
	unk, sens   *tfFlags // after_unknown and sensitive_values
}

// tfFlags is an after_unknown or sensitive_values tree: true marks a value
// (and everything in it), objects and arrays mirror the value's shape.
type tfFlags struct {
	all     bool
	members map[string]*tfFlags
	elems   []*tfFlags
}

func (f *tfFlags) member(k string) *tfFlags {
	if f == nil || f.all {
		return f
	}
	return f.members[k]
}

func (f *tfFlags) elem(i int) *tfFlags {
	if f == nil || f.all {
		return f
	}
	if i < len(f.elems) {
		return f.elems[i]
	}
	return nil
}

// set: the whole value is marked.
func (f *tfFlags) set() bool { return f != nil && f.all }

// any: some part of the value is marked.
func (f *tfFlags) any() bool {
	if f == nil {
		return false
	}
	if f.all {
		return true
	}
	for _, m := range f.members {
		if m.any() {
			return true
		}
	}
	for _, e := range f.elems {
		if e.any() {
			return true
		}
	}
	return false
}

// tfAttr is one attribute as read.
type tfAttr struct {
	present, null bool
	str           string
	list          []string // tfStrings: the known elements
	idx           []int    // their positions, for paths
	complete      bool     // tfStrings, tfStringMap, tfInlineList: no element is unknown
	m             map[string]string
	doc           docRef
	inline        []tfInline
}

type tfInline struct {
	name     string
	doc      docRef
	resource string // the aws_iam_role_policy that defines it; "" for inline_policy
}

// tfVals are a resource's attributes.
type tfVals struct {
	res   *tfRes
	attrs map[string]*tfAttr
}

var tfAbsent = &tfAttr{}

func (v *tfVals) attr(name string) *tfAttr {
	if a := v.attrs[name]; a != nil {
		return a
	}
	return tfAbsent
}

// unknown: the plan does not know the attribute's value (planned_values
// omits unknown values; after_unknown marks them).
func (v *tfVals) unknown(name string) bool {
	return v.res.plan && !v.attr(name).present || v.res.unk.member(name).set()
}

// str is a string attribute ("" for null or absent) and whether it is known.
func (v *tfVals) str(name string) (string, bool) {
	if v.unknown(name) {
		return "", false
	}
	return v.attr(name).str, true
}

func (v *tfVals) path(name string) string { return iam.JoinPath(v.res.vpath, name) }

// tfChange is one element of a plan's resource_changes.
type tfChange struct {
	addr, typ     string
	path          string
	actions       []string
	before, after int // offsets of the values, -1 when null
	unk, sens     *tfFlags
	beforeSens    *tfFlags
}

func (c *tfChange) deletes() bool { return slices.Contains(c.actions, "delete") }

// plannedRole is a role a plan creates whose ARN it does not know yet.
type plannedRole struct {
	path, name, prefix   string
	pathKnown, nameKnown bool
	src                  Source
}

func (p plannedRole) matches(path, name string) bool {
	if p.pathKnown && p.path != path {
		return false
	}
	if p.nameKnown {
		return p.name == name
	}
	return strings.HasPrefix(name, p.prefix)
}

// tfExternal is a role policy or attachment resource whose role is not in
// its file (it is managed elsewhere): the loader checks, once every file is
// read, that the roles of that name show it (applyExternal).
type tfExternal struct {
	role      string // the role's name, or its ARN; "" when the plan does not know it (any role)
	inline    string // the inline policy's name; "" for an attachment
	doc       docRef
	policyARN string
	deleted   bool // a plan deletes it
	unknown   bool // the plan does not know the role, the policy's name or the policy ARN
	what      string
	src       Source
}

// tfBuilder reads one terraform show -json file.
type tfBuilder struct {
	p          *fileParser
	plan       bool
	changes    map[string]*tfChange
	changeList []*tfChange
	config     map[string]map[string][]string // "MODULE|RESOURCE" → attribute → references
	vals       []*tfVals                      // resources, in file order
	deleted    []*tfVals                      // plan: before values of resources apply deletes

	roles    []*tfRole
	clusters []*tfCluster
}

// terraform reads the members tfCapture kept, once the file is known to be
// terraform show -json output.
func (p *fileParser) terraform() error {
	plan := p.fmts[fmtTerraformPlan]
	if !plan && !p.fmts[fmtTerraformState] {
		return nil
	}
	if major, _, _ := strings.Cut(p.tf.version, "."); major != "1" {
		return within(dataError("format "+short(p.tf.version)+" is not supported: this tool reads terraform show -json format 1.x"), "format_version")
	}
	b := &tfBuilder{p: p, plan: plan, changes: map[string]*tfChange{}, config: map[string]map[string][]string{}}
	t := &p.tf
	at := func(sp tfSpan, key string, fn func(path string) error) error {
		if !sp.ok {
			return nil
		}
		p.s.i = sp.at
		return within(fn(key), key)
	}
	if err := at(t.changes, "resource_changes", b.resourceChanges); err != nil {
		return err
	}
	if err := at(t.config, "configuration", b.configuration); err != nil {
		return err
	}
	var err error
	switch {
	case t.values.ok:
		err = at(t.values, "values", b.root)
	case t.planned.ok:
		err = at(t.planned, "planned_values", b.root)
	default:
		err = b.fromChanges()
	}
	if err != nil {
		return err
	}
	if err := b.readDeleted(); err != nil {
		return err
	}
	return b.build()
}

// root reads {root_module: MODULE, outputs...}.
func (b *tfBuilder) root(path string) error {
	s := &b.p.s
	if null, err := s.isNull(); null || err != nil {
		return err
	}
	return s.object(func(key string) error {
		if key == "root_module" {
			return b.module(path + ".root_module")
		}
		return s.skip()
	})
}

// module reads {resources:[...], child_modules:[MODULE...]}.
func (b *tfBuilder) module(path string) error {
	s := &b.p.s
	if null, err := s.isNull(); null || err != nil {
		return err
	}
	return s.object(func(key string) error {
		switch key {
		case "resources":
			return s.array(func(i int) error { return b.resource(indexPath(path+".resources", i)) })
		case "child_modules":
			return s.array(func(i int) error { return b.module(indexPath(path+".child_modules", i)) })
		}
		return s.skip()
	})
}

// offset consumes a value and returns where it starts, -1 for null.
func (b *tfBuilder) offset() (int, error) {
	s := &b.p.s
	if s.peek() == 'n' {
		return -1, s.literal("null")
	}
	at := s.i
	return at, s.skip()
}

func (b *tfBuilder) resource(path string) error {
	s := &b.p.s
	var addr, typ, name, mode string
	values, sens := -1, -1
	err := s.object(func(key string) error {
		var err error
		switch key {
		case "address":
			addr, err = s.str()
		case "type":
			typ, err = s.str()
		case "name":
			name, err = s.str()
		case "mode":
			mode, err = s.str()
		case "values":
			values, err = b.offset()
		case "sensitive_values":
			sens, err = b.offset()
		default:
			err = s.skip()
		}
		return err
	})
	if addr == "" {
		addr = typ + "." + name
	}
	if err != nil || mode == "data" || strings.HasPrefix(addr, "data.") || tfSchema[typ] == nil {
		return err
	}
	r := &tfRes{addr: addr, typ: typ, path: path, vpath: path + ".values", plan: b.plan}
	if c := b.changes[addr]; c != nil {
		r.unk = c.unk
	}
	if r.sens, err = b.flagsAt(sens); err != nil {
		return within(err, "sensitive_values")
	}
	v, err := b.readValues(r, values)
	if err != nil {
		return within(err, "values")
	}
	b.vals = append(b.vals, v)
	return nil
}

// resourceChanges reads a plan's resource_changes.
func (b *tfBuilder) resourceChanges(path string) error {
	s := &b.p.s
	return s.array(func(i int) error {
		c := &tfChange{path: indexPath(path, i), before: -1, after: -1}
		var mode, name string
		var deposed bool
		err := s.object(func(key string) error {
			var err error
			switch key {
			case "deposed":
				// An old object of a create_before_destroy replacement:
				// the current object's change has the same address.
				deposed = true
				err = s.skip()
			case "address":
				c.addr, err = s.str()
			case "type":
				c.typ, err = s.str()
			case "name":
				name, err = s.str()
			case "mode":
				mode, err = s.str()
			case "change":
				err = b.change(c)
			default:
				err = s.skip()
			}
			return err
		})
		if c.addr == "" {
			c.addr = c.typ + "." + name
		}
		if err != nil || deposed || mode == "data" || strings.HasPrefix(c.addr, "data.") || tfSchema[c.typ] == nil {
			return err
		}
		b.changes[c.addr] = c
		b.changeList = append(b.changeList, c)
		return nil
	})
}

func (b *tfBuilder) change(c *tfChange) error {
	s := &b.p.s
	return s.object(func(key string) error {
		var err error
		switch key {
		case "actions":
			err = s.array(func(int) error {
				a, err := s.str()
				c.actions = append(c.actions, a)
				return err
			})
		case "before":
			c.before, err = b.offset()
		case "after":
			c.after, err = b.offset()
		case "after_unknown":
			c.unk, err = b.flags()
		case "after_sensitive":
			c.sens, err = b.flags()
		case "before_sensitive":
			c.beforeSens, err = b.flags()
		default:
			err = s.skip()
		}
		return err
	})
}

// fromChanges reads a plan without planned_values from the changes' after
// values.
func (b *tfBuilder) fromChanges() error {
	for _, c := range b.changeList {
		if c.after < 0 {
			continue
		}
		r := &tfRes{addr: c.addr, typ: c.typ, path: c.path, vpath: c.path + ".change.after", plan: true, unk: c.unk, sens: c.sens}
		v, err := b.readValues(r, c.after)
		if err != nil {
			return within(err, r.vpath)
		}
		b.vals = append(b.vals, v)
	}
	return nil
}

// readDeleted reads the before values of the role policies, attachments
// and cluster role associations that apply deletes.
func (b *tfBuilder) readDeleted() error {
	for _, c := range b.changeList {
		switch c.typ {
		case "aws_iam_role_policy", "aws_iam_role_policy_attachment", "aws_redshift_cluster_iam_roles":
		default:
			continue
		}
		if !c.deletes() || c.before < 0 {
			continue
		}
		r := &tfRes{addr: c.addr, typ: c.typ, path: c.path, vpath: c.path + ".change.before", sens: c.beforeSens}
		v, err := b.readValues(r, c.before)
		if err != nil {
			return within(err, r.vpath)
		}
		b.deleted = append(b.deleted, v)
	}
	return nil
}

// flags reads an after_unknown or sensitive_values tree.
func (b *tfBuilder) flags() (*tfFlags, error) {
	s := &b.p.s
	switch s.peek() {
	case 't', 'f':
		v, err := s.boolean()
		if !v {
			return nil, err
		}
		return &tfFlags{all: true}, err
	case 'n':
		return nil, s.literal("null")
	case '{':
		f := &tfFlags{members: map[string]*tfFlags{}}
		err := s.object(func(k string) error {
			c, err := b.flags()
			if c != nil {
				f.members[k] = c
			}
			return err
		})
		return f, err
	case '[':
		f := &tfFlags{}
		err := s.array(func(int) error {
			c, err := b.flags()
			f.elems = append(f.elems, c)
			return err
		})
		return f, err
	}
	return nil, s.wrongKind("true, false, an object or an array")
}

// flagsAt reads a flags tree at an offset (-1: none), keeping the cursor.
func (b *tfBuilder) flagsAt(at int) (*tfFlags, error) {
	if at < 0 {
		return nil, nil
	}
	s := &b.p.s
	back := s.i
	defer func() { s.i = back }()
	s.i = at
	return b.flags()
}

// readValues reads the attributes of r's type from the values object at
// offset at (-1: none), keeping the cursor.
func (b *tfBuilder) readValues(r *tfRes, at int) (*tfVals, error) {
	v := &tfVals{res: r, attrs: map[string]*tfAttr{}}
	if at < 0 {
		return v, nil
	}
	s := &b.p.s
	back := s.i
	defer func() { s.i = back }()
	s.i = at
	schema := tfSchema[r.typ]
	err := s.object(func(key string) error {
		kind, ok := schema[key]
		if !ok {
			return s.skip()
		}
		a := &tfAttr{present: true, complete: true}
		v.attrs[key] = a
		null, err := s.isNull()
		if null || err != nil {
			a.null = true
			return err
		}
		switch kind {
		case tfString:
			a.str, err = s.str()
		case tfStrings:
			a.list, a.idx, a.complete, err = b.strings(r, r.unk.member(key))
		case tfStringMap:
			a.m, err = b.stringMap()
			a.complete = !r.unk.member(key).any()
		case tfDoc:
			a.doc, err = b.p.doc(r.vpath, "", 0, key)
			a.doc.sensitive = r.sens.member(key).any()
		case tfInlineList:
			a.inline, a.complete, err = b.inline(r, key)
		}
		return err
	})
	return v, err
}

// strings reads a list or set of strings; in a plan a null element is
// unknown (planned values put null where an element is not known yet).
func (b *tfBuilder) strings(r *tfRes, unk *tfFlags) (list []string, idx []int, complete bool, err error) {
	s := &b.p.s
	complete = true
	err = s.array(func(i int) error {
		if unk.elem(i).set() || r.plan && s.peek() == 'n' {
			complete = false
			return s.skip()
		}
		v, err := s.str()
		if err == nil {
			list, idx = append(list, v), append(idx, i)
		}
		return err
	})
	return list, idx, complete, err
}

// stringMap reads a map of strings (tags); null values are left out.
func (b *tfBuilder) stringMap() (map[string]string, error) {
	s := &b.p.s
	var m map[string]string
	err := s.object(func(k string) error {
		if null, err := s.isNull(); null || err != nil {
			return err
		}
		v, err := s.str()
		if m == nil {
			m = map[string]string{}
		}
		m[k] = v
		return err
	})
	return m, err
}

// inline reads aws_iam_role's inline_policy blocks [{name, policy}].
func (b *tfBuilder) inline(r *tfRes, key string) ([]tfInline, bool, error) {
	s := &b.p.s
	unk := r.unk.member(key)
	complete := true
	var out []tfInline
	err := s.array(func(i int) error {
		eu := unk.elem(i)
		if eu.set() || r.plan && s.peek() == 'n' {
			complete = false
			return s.skip()
		}
		var name string
		var doc docRef
		var haveName, haveDoc bool
		err := s.object(func(k string) error {
			var err error
			switch k {
			case "name":
				name, err = s.optStr()
				haveName = true
			case "policy":
				if null, err := s.isNull(); null || err != nil {
					return err
				}
				doc, err = b.p.doc(r.vpath, key, i, "policy")
				doc.sensitive = r.sens.member(key).elem(i).member("policy").any()
				haveDoc = true
			default:
				err = s.skip()
			}
			return err
		})
		switch {
		case err != nil:
			return err
		case r.plan && !haveName || eu.member("name").set():
			complete = false
			return nil
		case name == "" && (!haveDoc || doc.raw == `""`):
			return nil // an empty inline_policy {} block: no policy
		case name == "":
			return dataError("missing name")
		case r.plan && !haveDoc || eu.member("policy").set():
			doc = docRef{unknown: true, file: b.p.out.name, base: r.vpath, list: key, idx: i, leaf: "policy"}
		case !haveDoc:
			return dataError("missing policy")
		}
		for _, o := range out {
			if o.name == name {
				return within(dataError("inline policy "+short(name)+" given twice"), "name")
			}
		}
		out = append(out, tfInline{name: name, doc: doc})
		return nil
	})
	return out, complete, err
}

// configuration reads the references of the attributes in tfRefAttrs.
func (b *tfBuilder) configuration(string) error {
	s := &b.p.s
	return s.object(func(key string) error {
		if key == "root_module" {
			return b.configModule("")
		}
		return s.skip()
	})
}

func (b *tfBuilder) configModule(mod string) error {
	s := &b.p.s
	if null, err := s.isNull(); null || err != nil {
		return err
	}
	return s.object(func(key string) error {
		switch key {
		case "resources":
			return s.array(func(int) error { return b.configResource(mod) })
		case "module_calls":
			return s.object(func(name string) error {
				return s.object(func(k string) error {
					if k == "module" {
						return b.configModule(iam.JoinPath(mod, "module."+name))
					}
					return s.skip()
				})
			})
		}
		return s.skip()
	})
}

func (b *tfBuilder) configResource(mod string) error {
	s := &b.p.s
	var addr, typ, name, mode string
	var exprs map[string][]string
	err := s.object(func(key string) error {
		var err error
		switch key {
		case "address":
			addr, err = s.str()
		case "type":
			typ, err = s.str()
		case "name":
			name, err = s.str()
		case "mode":
			mode, err = s.str()
		case "expressions":
			exprs, err = b.expressions()
		default:
			err = s.skip()
		}
		return err
	})
	if err != nil || len(exprs) == 0 {
		return err
	}
	if addr == "" {
		addr = typ + "." + name
		if mode == "data" {
			addr = "data." + addr
		}
	}
	_, res := splitAddress(addr)
	b.config[mod+"|"+res] = exprs
	return nil
}

func (b *tfBuilder) expressions() (map[string][]string, error) {
	s := &b.p.s
	out := map[string][]string{}
	err := s.object(func(attr string) error {
		if !tfRefAttrs[attr] || s.peek() != '{' {
			return s.skip()
		}
		return s.object(func(k string) error {
			if k != "references" {
				return s.skip()
			}
			return s.array(func(int) error {
				ref, err := s.str()
				out[attr] = append(out[attr], ref)
				return err
			})
		})
	})
	return out, err
}

// splitAddress splits a resource (instance) address such as
// module.a[0].module.b.aws_iam_role.x["k"] into its module part
// (module.a.module.b, without instance keys: the configuration's module)
// and its resource part (aws_iam_role.x, without instance key).
func splitAddress(addr string) (module, resource string) {
	var parts []string
	start, depth, quoted := 0, 0, false
	for i := 0; i < len(addr); i++ {
		c := addr[i]
		switch {
		case quoted:
			if c == '\\' {
				i++
			} else if c == '"' {
				quoted = false
			}
		case c == '"':
			quoted = true
		case c == '[':
			depth++
		case c == ']':
			depth--
		case c == '.' && depth == 0:
			parts = append(parts, addr[start:i])
			start = i + 1
		}
	}
	parts = append(parts, addr[start:])
	unkey := func(p string) string {
		if k := strings.IndexByte(p, '['); k >= 0 {
			return p[:k]
		}
		return p
	}
	var mods []string
	for len(parts) > 2 && parts[0] == "module" {
		mods = append(mods, "module."+unkey(parts[1]))
		parts = parts[2:]
	}
	for i := range parts {
		parts[i] = unkey(parts[i])
	}
	return strings.Join(mods, "."), strings.Join(parts, ".")
}

// refs are the configuration references of a resource's attribute, without
// the bare resource addresses Terraform lists next to attribute references
// (aws_iam_role.x next to aws_iam_role.x.arn).
func (b *tfBuilder) refs(r *tfRes, attr string) []string {
	mod, res := splitAddress(r.addr)
	all := b.config[mod+"|"+res][attr]
	var out []string
	for _, ref := range all {
		companion := false
		for _, o := range all {
			if len(o) > len(ref) && strings.HasPrefix(o, ref) && (o[len(ref)] == '.' || o[len(ref)] == '[') {
				companion = true
				break
			}
		}
		if !companion {
			out = append(out, ref)
		}
	}
	return out
}

// computed explains an attribute the plan does not know.
func (b *tfBuilder) computed(v *tfVals, attr string) string {
	msg := "the Terraform plan computes " + attr + " of " + v.res.addr + " at apply"
	if refs := b.refs(v.res, attr); len(refs) > 0 {
		msg += " (from " + strings.Join(refs, ", ") + ")"
	}
	return msg
}

// badValue places an error about attribute attr (element idx when ≥ 0) of
// v, and hides the value when the attribute is marked sensitive.
func badValue(v *tfVals, attr string, idx int, err error) error {
	le, ok := err.(*LoadError)
	if !ok {
		return err
	}
	path, sens := v.path(attr), v.res.sens.member(attr)
	if idx >= 0 {
		path, sens = indexPath(path, idx), sens.elem(idx)
	}
	le.Path = iam.JoinPath(path, le.Path)
	if sens.any() {
		if k := strings.Index(le.Msg, ", got "); k >= 0 {
			le.Msg = le.Msg[:k]
		}
		le.Msg += ", got a value marked sensitive (not shown)"
	}
	return le
}

// required is a string attribute that must be set: unknown in a plan is
// allowed (known false), absent, null or "" is an error.
func required(v *tfVals, attr string) (string, bool, error) {
	val, known := v.str(attr)
	if known && val == "" {
		return "", false, &LoadError{Path: v.res.path, Msg: "missing " + attr}
	}
	return val, known, nil
}

// tfRole is an aws_iam_role as read, before its policies are complete.
type tfRole struct {
	v            *tfVals
	role         *Role // nil when the plan does not know the ARN
	planned      *plannedRole
	trust        docRef
	inline       []tfInline
	managed      []string
	managedSrc   []Source
	inlineKnown  bool
	managedKnown bool
	gaps         []string
}

func (b *tfBuilder) build() error {
	byType := map[string][]*tfVals{}
	for _, v := range b.vals {
		byType[v.res.typ] = append(byType[v.res.typ], v)
	}
	deleted := map[string][]*tfVals{}
	for _, v := range b.deleted {
		deleted[v.res.typ] = append(deleted[v.res.typ], v)
	}
	removed := func(f func(*tfVals, bool) error) func(*tfVals) error {
		return func(v *tfVals) error { return f(v, true) }
	}
	present := func(f func(*tfVals, bool) error) func(*tfVals) error {
		return func(v *tfVals) error { return f(v, false) }
	}
	// Roles first, then what a plan deletes, then what it keeps or adds:
	// policy resources refine the roles they name.
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
		if err := c.c.resolve(c.arn, ""); err != nil {
			return within(err, c.c.Source.Path)
		}
		b.p.out.clusters = append(b.p.out.clusters, c.c)
	}
	for _, v := range byType["aws_redshiftserverless_namespace"] {
		if err := b.namespace(v); err != nil {
			return err
		}
	}
	for _, v := range byType["aws_redshiftserverless_workgroup"] {
		if err := b.workgroup(v); err != nil {
			return err
		}
	}
	return nil
}

func (b *tfBuilder) source(path string) Source { return Source{File: b.p.out.name, Path: path} }

// role reads an aws_iam_role.
func (b *tfBuilder) role(v *tfVals) error {
	r := v.res
	t := &tfRole{v: v}
	b.roles = append(b.roles, t)
	arn, arnKnown, err := required(v, "arn")
	if err != nil {
		return err
	}
	name, nameKnown := v.str("name")
	path, pathKnown := v.str("path")
	if pathKnown && path == "" {
		path = "/"
	}
	if !arnKnown {
		prefix, _ := v.str("name_prefix")
		t.planned = &plannedRole{path: path, name: name, prefix: prefix, pathKnown: pathKnown,
			nameKnown: nameKnown && name != "", src: b.source(r.path)}
		b.p.out.planned = append(b.p.out.planned, *t.planned)
		return nil
	}
	a, err := parseRoleARN(arn)
	if err != nil {
		return badValue(v, "arn", -1, err)
	}
	role := &Role{ARN: arn, Account: a.Account, Source: b.source(r.path)}
	role.Path, role.Name = splitRoleResource(a.Resource)
	switch {
	case nameKnown && name != "" && name != role.Name:
		return &LoadError{Path: v.path("name"), Msg: "name " + short(name) + " does not match arn " + short(arn)}
	case pathKnown && path != role.Path:
		return &LoadError{Path: v.path("path"), Msg: "path " + short(path) + " does not match arn " + short(arn)}
	}
	role.ID, _ = v.str("unique_id")
	t.role = role

	tagsAttr := "tags_all"
	if !v.unknown("tags_all") && !v.attr("tags_all").present {
		tagsAttr = "tags"
	}
	role.memberPaths = map[string]string{
		"RoleId":                  v.path("unique_id"),
		"PermissionsBoundary":     v.path("permissions_boundary"),
		"Tags":                    v.path(tagsAttr),
		"RolePolicyList":          v.path("inline_policy"),
		"AttachedManagedPolicies": v.path("managed_policy_arns"),
	}

	switch trust := v.attr("assume_role_policy"); {
	case v.unknown("assume_role_policy"):
		t.trust = docRef{unknown: true, file: b.p.out.name, base: r.vpath, leaf: "assume_role_policy"}
	case !trust.present:
		return &LoadError{Path: r.path, Msg: "missing assume_role_policy"}
	case trust.null:
		return &LoadError{Path: v.path("assume_role_policy"), Msg: "want a policy document (a JSON string), got null"}
	default:
		t.trust = trust.doc
	}

	in := v.attr("inline_policy")
	t.inline = in.inline
	switch {
	case v.unknown("inline_policy") || !in.complete:
		t.gaps = append(t.gaps, b.computed(v, "inline_policy"))
	case !in.present:
		t.gaps = append(t.gaps, "the Terraform state has no inline_policy for the role")
	default:
		t.inlineKnown = true
	}

	switch mp := v.attr("managed_policy_arns"); {
	case v.unknown("managed_policy_arns") || !mp.complete:
		t.gaps = append(t.gaps, b.computed(v, "managed_policy_arns"))
		fallthrough
	case mp.present:
		t.managedKnown = !v.unknown("managed_policy_arns") && mp.complete
		for k, p := range mp.list {
			if _, err := parsePolicyARN(p); err != nil {
				return badValue(v, "managed_policy_arns", mp.idx[k], err)
			}
			if !slices.Contains(t.managed, p) {
				t.managed = append(t.managed, p)
				t.managedSrc = append(t.managedSrc, b.source(indexPath(v.path("managed_policy_arns"), mp.idx[k])))
			}
		}
	default:
		t.gaps = append(t.gaps, "the Terraform state has no managed_policy_arns for the role")
	}

	if boundary, known := v.str("permissions_boundary"); !known {
		role.boundaryUnknown = true
	} else if boundary != "" {
		if _, err := parsePolicyARN(boundary); err != nil {
			return badValue(v, "permissions_boundary", -1, err)
		}
		role.Boundary = boundary
	}

	tags := v.attr(tagsAttr)
	role.TagsUnknown = v.unknown(tagsAttr) || !tags.complete
	if len(tags.m) > 0 {
		role.Tags = tags.m
	}
	return nil
}

// rolesNamed finds the roles of the file that a role policy or attachment
// names (by name, or by ARN), and whether a role the plan creates may be
// the one.
func (b *tfBuilder) rolesNamed(name string) (found []*tfRole, planned bool) {
	for _, t := range b.roles {
		switch {
		case t.role != nil && (t.role.Name == name || t.role.ARN == name):
			found = append(found, t)
		case t.planned != nil && !strings.HasPrefix(name, "arn:") && t.planned.matches(t.planned.path, name):
			planned = true
		}
	}
	return found, planned
}

// targets are the roles a role policy or attachment v applies to. When
// that cannot be told, every candidate gets a gap (its permission policies
// are then not all known) and ok is false. ext is set when the role is not
// in the file: the loader checks the roles of other files.
func (b *tfBuilder) targets(v *tfVals, what string) (role string, t *tfRole, ok, ext bool) {
	role, known := v.str("role")
	if !known {
		if b.roleIsPlanned(v) {
			return "", nil, false, false // a role the plan creates: not in the inventory
		}
		gap := b.computed(v, "role") + ", so it may change the policies of any role"
		for _, t := range b.roles {
			t.gaps = append(t.gaps, gap)
		}
		return "", nil, false, true // and of any role in other files
	}
	found, planned := b.rolesNamed(role)
	switch {
	case len(found) == 1:
		return role, found[0], true, false
	case len(found) > 1:
		for _, t := range found {
			t.gaps = append(t.gaps, v.res.addr+" ("+what+") names role "+short(role)+", and several roles in "+b.p.out.name+" have that name")
		}
		return role, nil, false, false
	case planned:
		return role, nil, false, false
	}
	return role, nil, false, true
}

// roleIsPlanned: the configuration of v's role attribute references one
// aws_iam_role resource, each of whose instances the plan creates with an
// unknown ARN; such a role is not in the inventory, so what v does to it
// does not matter here.
func (b *tfBuilder) roleIsPlanned(v *tfVals) bool {
	mod, _ := splitAddress(v.res.addr)
	var target string
	for _, ref := range b.refs(v.res, "role") {
		if ref == "count.index" || ref == "each.key" {
			continue
		}
		m, res := splitAddress(ref)
		if m != "" || !strings.HasPrefix(res, "aws_iam_role.") {
			return false
		}
		parts := strings.SplitN(res, ".", 3)
		if len(parts) == 3 && parts[2] != "name" && parts[2] != "id" {
			return false
		}
		res = parts[0] + "." + parts[1]
		if target != "" && target != res {
			return false
		}
		target = res
	}
	if target == "" {
		return false
	}
	n := 0
	for _, t := range b.roles {
		m, res := splitAddress(t.v.res.addr)
		if m == mod && res == target {
			if t.planned == nil {
				return false
			}
			n++
		}
	}
	return n > 0
}

// rolePolicy applies an aws_iam_role_policy to its role: deleted (the
// before value of a resource apply deletes) removes the policy.
func (b *tfBuilder) rolePolicy(v *tfVals, deleted bool) error {
	const what = "aws_iam_role_policy"
	if id, known := v.str("id"); known && !v.attr("role").present && !v.attr("name").present {
		// An id alone ("ROLE:NAME"): IAM names hold no ':'.
		if role, name, ok := strings.Cut(id, ":"); ok {
			v.attrs["role"] = &tfAttr{present: true, str: role}
			v.attrs["name"] = &tfAttr{present: true, str: name}
		}
	}
	if _, _, err := required(v, "role"); err != nil {
		return err
	}
	name, nameKnown, err := required(v, "name")
	if err != nil {
		return err
	}
	var doc docRef
	switch a := v.attr("policy"); {
	case deleted:
	case v.unknown("policy"):
		doc = docRef{unknown: true, file: b.p.out.name, base: v.res.vpath, leaf: "policy"}
	case !a.present:
		return &LoadError{Path: v.res.path, Msg: "missing policy"}
	case a.null:
		return &LoadError{Path: v.path("policy"), Msg: "want a policy document (a JSON string), got null"}
	default:
		doc = a.doc
	}
	role, t, ok, ext := b.targets(v, what)
	switch {
	case ext:
		b.p.out.external = append(b.p.out.external, tfExternal{role: role, inline: name, doc: doc, deleted: deleted,
			unknown: role == "" || !nameKnown, what: v.res.addr + " (" + what + " in " + b.p.out.name + ")", src: b.source(v.res.path)})
		return nil
	case !ok || t.role == nil:
		return nil
	case !nameKnown:
		t.gaps = append(t.gaps, b.computed(v, "name"))
		return nil
	}
	k := slices.IndexFunc(t.inline, func(in tfInline) bool { return in.name == name })
	if deleted {
		if k >= 0 && t.inline[k].resource == "" {
			t.inline = slices.Delete(t.inline, k, k+1)
		}
		return nil
	}
	in := tfInline{name: name, doc: doc, resource: v.res.addr}
	switch {
	case k < 0:
		t.inline = append(t.inline, in)
	case t.inline[k].resource == "":
		t.inline[k] = in // the resource is newer than the role's inline_policy
	default:
		if err := sameDoc("role "+t.role.ARN, doc, t.inline[k].doc, "inline policy "+short(name)); err != nil {
			return err
		}
	}
	return nil
}

// attachment applies an aws_iam_role_policy_attachment to its role.
func (b *tfBuilder) attachment(v *tfVals, deleted bool) error {
	const what = "aws_iam_role_policy_attachment"
	if _, _, err := required(v, "role"); err != nil {
		return err
	}
	arn, arnKnown, err := required(v, "policy_arn")
	if err != nil {
		return err
	}
	if arnKnown {
		if _, err := parsePolicyARN(arn); err != nil {
			return badValue(v, "policy_arn", -1, err)
		}
	}
	role, t, ok, ext := b.targets(v, what)
	switch {
	case ext:
		b.p.out.external = append(b.p.out.external, tfExternal{role: role, policyARN: arn, deleted: deleted,
			unknown: role == "" || !arnKnown, what: v.res.addr + " (" + what + " in " + b.p.out.name + ")", src: b.source(v.res.path)})
		return nil
	case !ok || t.role == nil:
		return nil
	case !arnKnown:
		t.gaps = append(t.gaps, b.computed(v, "policy_arn"))
		return nil
	}
	k := slices.Index(t.managed, arn)
	switch {
	case deleted && k >= 0:
		t.managed = slices.Delete(t.managed, k, k+1)
		t.managedSrc = slices.Delete(t.managedSrc, k, k+1)
	case !deleted && k < 0:
		t.managed = append(t.managed, arn)
		t.managedSrc = append(t.managedSrc, b.source(v.path("policy_arn")))
	case !deleted:
		t.managedSrc[k] = b.source(v.path("policy_arn"))
	}
	return nil
}

// finishRoles completes the roles with their policies.
func (b *tfBuilder) finishRoles() {
	for _, t := range b.roles {
		role := t.role
		if role == nil {
			continue
		}
		d := &roleDocs{trust: t.trust}
		for _, in := range t.inline {
			d.inline = append(d.inline, in.doc)
			d.inlineNames = append(d.inlineNames, in.name)
			role.Inline = append(role.Inline, iam.NamedPolicy{})
		}
		role.docs = d
		role.Attached, role.attachedSrc = t.managed, t.managedSrc
		role.PoliciesKnown = t.inlineKnown && t.managedKnown && len(t.gaps) == 0
		if !role.PoliciesKnown {
			role.policiesGap = "not all known: " + strings.Join(t.gaps, "; ")
		}
		b.p.out.roles = append(b.p.out.roles, role)
	}
}

// policy reads an aws_iam_policy: its policy is the default version.
func (b *tfBuilder) policy(v *tfVals) error {
	arn, known, err := required(v, "arn")
	if err != nil || !known {
		return err // a policy the plan creates: nothing can name it yet
	}
	a, err := parsePolicyARN(arn)
	if err != nil {
		return badValue(v, "arn", -1, err)
	}
	mp := &ManagedPolicy{ARN: arn, Name: a.Resource[strings.LastIndexByte(a.Resource, '/')+1:], Source: b.source(v.res.path)}
	if name, known := v.str("name"); known && name != "" && name != mp.Name {
		return &LoadError{Path: v.path("name"), Msg: "name " + short(name) + " does not match arn " + short(arn)}
	}
	if path, known := v.str("path"); known && path != "" && "policy"+path+mp.Name != a.Resource {
		return &LoadError{Path: v.path("path"), Msg: "path " + short(path) + " does not match arn " + short(arn)}
	}
	d := &policyDoc{}
	switch p := v.attr("policy"); {
	case v.unknown("policy"):
		d.def = docRef{unknown: true, file: b.p.out.name, base: v.res.vpath, leaf: "policy"}
	case !p.present:
		return &LoadError{Path: v.res.path, Msg: "missing policy"}
	case p.null:
		return &LoadError{Path: v.path("policy"), Msg: "want a policy document (a JSON string), got null"}
	default:
		d.def = p.doc
	}
	mp.doc = d
	b.p.out.policies = append(b.p.out.policies, mp)
	return nil
}

// tfCluster is a provisioned cluster as read.
type tfCluster struct {
	c          *Cluster
	arn        iam.ARN // the namespace ARN, else the cluster ARN: account and region
	defaultSrc Source
}

// associate adds the known roles of attribute attr of v, read with parse,
// to roles.
func (b *tfBuilder) associate(v *tfVals, attr string, parse func(string) (Association, error),
	roles *[]Association, incomplete *bool, gap *string) error {
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
		if !slices.ContainsFunc(*roles, func(o Association) bool { return o.RoleARN == assoc.RoleARN }) {
			*roles = append(*roles, assoc)
		}
	}
	return nil
}

// tfRoleARN is an association Terraform manages: in effect.
func tfRoleARN(arn string) (Association, error) {
	if _, err := parseRoleARN(arn); err != nil {
		return Association{}, err
	}
	return Association{RoleARN: arn, Status: StatusInSync}, nil
}

// defaultRole reads a default_iam_role_arn.
func (b *tfBuilder) defaultRole(v *tfVals) (arn string, known bool, err error) {
	arn, known = v.str("default_iam_role_arn")
	if known && arn != "" {
		if _, err := parseRoleARN(arn); err != nil {
			return "", false, badValue(v, "default_iam_role_arn", -1, err)
		}
	}
	return arn, known, nil
}

func (b *tfBuilder) cluster(v *tfVals) error {
	id, known, err := required(v, "cluster_identifier")
	if err != nil || !known {
		return err // a plan that does not know the identifier: the cluster cannot be named
	}
	c := &tfCluster{c: &Cluster{ID: id, Source: b.source(v.res.path)}, defaultSrc: b.source(v.path("default_iam_role_arn"))}
	if arn, known := v.str("arn"); known && arn != "" {
		a, ok := splitARN(arn)
		if !ok || a.Service != "redshift" || a.Resource != "cluster:"+id || a.Region == "" || !iam.IsAccountID(a.Account) {
			return badValue(v, "arn", -1, dataError("want arn:PARTITION:redshift:REGION:ACCOUNT:cluster:"+id+", got "+short(arn)))
		}
		c.arn = a
	}
	if ns, known := v.str("cluster_namespace_arn"); known && ns != "" {
		a, ok := splitARN(ns)
		if !ok || a.Service != "redshift" || !strings.HasPrefix(a.Resource, "namespace:") || a.Region == "" || !iam.IsAccountID(a.Account) {
			return badValue(v, "cluster_namespace_arn", -1, dataError("want arn:PARTITION:redshift:REGION:ACCOUNT:namespace:ID, got "+short(ns)))
		}
		c.c.Namespace, c.arn = ns, a
	}
	if err := b.associate(v, "iam_roles", tfRoleARN, &c.c.Roles, &c.c.RolesIncomplete, &c.c.rolesGap); err != nil {
		return err
	}
	def, known, err := b.defaultRole(v)
	if err != nil {
		return err
	}
	if !known {
		c.c.DefaultUnknown, c.c.defaultGap = true, b.computed(v, "default_iam_role_arn")
	}
	c.c.Default = def
	tagsAttr := "tags_all"
	if !v.unknown("tags_all") && !v.attr("tags_all").present {
		tagsAttr = "tags"
	}
	if m := v.attr(tagsAttr).m; len(m) > 0 && !v.unknown(tagsAttr) && v.attr(tagsAttr).complete {
		c.c.Tags = m
	}
	b.clusters = append(b.clusters, c)
	return nil
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
		// Some cluster gets roles, and perhaps a default: any of them.
		for _, c := range b.clusters {
			c.c.RolesIncomplete, c.c.rolesGap = true, b.computed(v, "cluster_identifier")+", so it may associate roles with any cluster"
			if !defKnown || def != "" {
				c.c.DefaultUnknown, c.c.defaultGap = true, b.computed(v, "cluster_identifier")+", so it may set the default role of any cluster"
			}
		}
		return nil
	}
	var c *tfCluster
	for _, o := range b.clusters {
		if o.c.ID == id {
			if c != nil {
				return &LoadError{Path: v.path("cluster_identifier"), Msg: "several aws_redshift_cluster resources in the file have the identifier " +
					short(id) + ", so which one " + v.res.addr + " belongs to cannot be told"}
			}
			c = o
		}
	}
	if deleted {
		if c == nil {
			return nil
		}
		for _, arn := range v.attr("iam_role_arns").list {
			c.c.Roles = slices.DeleteFunc(c.c.Roles, func(a Association) bool { return a.RoleARN == arn })
			if c.c.Default == arn {
				c.c.Default = ""
			}
		}
		return nil
	}
	if c == nil {
		c = &tfCluster{c: &Cluster{ID: id, Source: b.source(v.res.path)}}
		b.clusters = append(b.clusters, c)
	}
	if err := b.associate(v, "iam_role_arns", tfRoleARN, &c.c.Roles, &c.c.RolesIncomplete, &c.c.rolesGap); err != nil {
		return err
	}
	switch here := b.source(v.path("default_iam_role_arn")); {
	case !defKnown:
		c.c.DefaultUnknown, c.c.defaultGap = true, b.computed(v, "default_iam_role_arn")
	case def == "" || c.c.DefaultUnknown:
	case c.c.Default != "" && c.c.Default != def:
		return conflict("cluster "+id, here, c.defaultSrc, "the default IAM role")
	default:
		c.c.Default, c.defaultSrc = def, here
	}
	return nil
}

func (b *tfBuilder) namespace(v *tfVals) error {
	name, known, err := required(v, "namespace_name")
	if err != nil || !known {
		return err
	}
	n := &namespaceDef{name: name, src: b.source(v.res.path)}
	if arn, known := v.str("arn"); known && arn != "" {
		a, err := parseServerlessARN(arn, "namespace/")
		if err != nil {
			return badValue(v, "arn", -1, err)
		}
		n.arn, n.arnText = a, arn
	}
	// The provider reduces the service's IamRole(...) entries to ARNs; read both.
	if err := b.associate(v, "iam_roles", parseIamRoleEntry, &n.roles, &n.rolesIncomplete, &n.rolesGap); err != nil {
		return err
	}
	def, known, err := b.defaultRole(v)
	if err != nil {
		return err
	}
	if !known {
		n.defaultUnknown, n.defaultGap = true, b.computed(v, "default_iam_role_arn")
	}
	n.def = def
	b.p.out.namespaces = append(b.p.out.namespaces, n)
	return nil
}

func (b *tfBuilder) workgroup(v *tfVals) error {
	name, known, err := required(v, "workgroup_name")
	if err != nil || !known {
		return err
	}
	ns, known, err := required(v, "namespace_name")
	if err != nil || !known {
		return err // its namespace then stands without a workgroup (WorkgroupUnknown)
	}
	w := &workgroupDef{name: name, namespace: ns, src: b.source(v.res.path)}
	if arn, known := v.str("arn"); known && arn != "" {
		if w.arn, err = parseServerlessARN(arn, "workgroup/"); err != nil {
			return badValue(v, "arn", -1, err)
		}
	}
	b.p.out.workgroups = append(b.p.out.workgroups, w)
	return nil
}

// applyExternal: a Terraform role policy or attachment whose role is not
// in its file names a role that another file holds (or none). Every role
// of that name (in any account: a name does not say which) that does not
// show what the resource says gets permission policies that are not all
// known.
func (l *loader) applyExternal() {
	for _, e := range l.external {
		for _, r := range l.roles {
			if r.Source.File == e.src.File || !r.PoliciesKnown || e.role != "" && r.Name != e.role && r.ARN != e.role || e.shownBy(r) {
				continue
			}
			r.PoliciesKnown = false
			switch {
			case e.role == "":
				r.policiesGap = "not all known: " + e.what + " changes the policies of a role the Terraform plan does not name until apply"
			case e.unknown:
				r.policiesGap = "not all known: " + e.what + " changes the policies of a role named " + short(e.role) +
					" in a way the Terraform plan does not know until apply"
			default:
				verb := "gives"
				if e.deleted {
					verb = "takes away"
				}
				thing := "managed policy " + e.policyARN
				if e.inline != "" {
					thing = "inline policy " + short(e.inline)
				}
				r.policiesGap = "not all known: " + e.what + " " + verb + " " + thing + " of a role named " + short(e.role) +
					", and this definition does not agree"
			}
		}
	}
}

// shownBy: r already is as the resource leaves it.
func (e tfExternal) shownBy(r *Role) bool {
	if e.unknown {
		return false
	}
	if e.inline == "" {
		return slices.Contains(r.Attached, e.policyARN) != e.deleted
	}
	k := slices.Index(r.docs.inlineNames, e.inline)
	if e.deleted || k < 0 {
		return (k >= 0) != e.deleted
	}
	return sameDoc("", e.doc, r.docs.inline[k], "") == nil
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
