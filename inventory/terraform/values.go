package terraform

import (
	"strings"

	"github.com/redshift-preflight/redshift-preflight/iam"
	"github.com/redshift-preflight/redshift-preflight/inventory"
	"github.com/redshift-preflight/redshift-preflight/inventory/internal/jsonpull"
)

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
	"aws_redshiftserverless_workgroup": {"workgroup_name": tfString, "namespace_name": tfString, "arn": tfString, "workgroup_id": tfString},
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
	doc           inventory.Doc
	inline        []tfInline
}

type tfInline struct {
	name     string
	doc      inventory.Doc
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

// flags reads an after_unknown or sensitive_values tree.
func flags(r *jsonpull.Reader) (*tfFlags, error) {
	switch r.Kind() {
	case 't', 'f':
		v, err := r.Bool()
		if !v {
			return nil, err
		}
		return &tfFlags{all: true}, err
	case 'n':
		_, err := r.Null()
		return nil, err
	case '{':
		f := &tfFlags{members: map[string]*tfFlags{}}
		err := r.Object(func(k string) error {
			c, err := flags(r)
			if c != nil {
				f.members[k] = c
			}
			return err
		})
		return f, err
	case '[':
		f := &tfFlags{}
		err := r.Array(func(int) error {
			c, err := flags(r)
			f.elems = append(f.elems, c)
			return err
		})
		return f, err
	}
	return nil, r.WrongKind("true, false, an object or an array")
}

// flagsOf reads the flags tree raw (nil: none), the value at path.
func (b *tfBuilder) flagsOf(raw jsonpull.Raw, path string) (*tfFlags, error) {
	if raw.Value == nil {
		return nil, nil
	}
	return flags(b.top.Sub(raw, path))
}

// readValues reads the attributes of t's type from the values object raw
// (nil: none).
func (b *tfBuilder) readValues(t *tfRes, raw jsonpull.Raw) (*tfVals, error) {
	v := &tfVals{res: t, attrs: map[string]*tfAttr{}}
	if raw.Value == nil {
		return v, nil
	}
	r := b.top.Sub(raw, t.vpath)
	schema := tfSchema[t.typ]
	err := r.Object(func(key string) error {
		kind, ok := schema[key]
		if !ok {
			return r.Skip()
		}
		a := &tfAttr{present: true, complete: true}
		v.attrs[key] = a
		null, err := r.Null()
		if null || err != nil {
			a.null = true
			return err
		}
		return b.readAttr(r, t, key, kind, a)
	})
	return v, err
}

// readAttr reads the value of attribute key, of the given kind, into a.
func (b *tfBuilder) readAttr(r *jsonpull.Reader, t *tfRes, key string, kind tfKind, a *tfAttr) error {
	var err error
	switch kind {
	case tfString:
		a.str, err = r.String()
	case tfStrings:
		a.list, a.idx, a.complete, err = readStrings(r, t, t.unk.member(key))
	case tfStringMap:
		a.m, err = stringMap(r)
		a.complete = !t.unk.member(key).any()
	case tfDoc:
		a.doc, err = b.doc(r, inventory.DocPath{Base: t.vpath, Leaf: key})
		a.doc.SetSensitive(t.sens.member(key).any())
	case tfInlineList:
		a.inline, a.complete, err = b.inline(r, t, key)
	}
	return err
}

// doc reads a policy document at.
func (b *tfBuilder) doc(r *jsonpull.Reader, at inventory.DocPath) (inventory.Doc, error) {
	raw, err := r.Value()
	if err != nil {
		return inventory.Doc{}, err
	}
	return jsonpull.Document(b.f, raw, at)
}

// readStrings reads a list or set of strings; in a plan a null element is
// unknown (planned values put null where an element is not known yet).
func readStrings(r *jsonpull.Reader, t *tfRes, unk *tfFlags) (list []string, idx []int, complete bool, err error) {
	complete = true
	err = r.Array(func(i int) error {
		if unk.elem(i).set() || t.plan && r.Kind() == 'n' {
			complete = false
			return r.Skip()
		}
		v, err := r.String()
		if err == nil {
			list, idx = append(list, v), append(idx, i)
		}
		return err
	})
	return list, idx, complete, err
}

// stringMap reads a map of strings (tags); null values are left out.
func stringMap(r *jsonpull.Reader) (map[string]string, error) {
	var m map[string]string
	err := r.Object(func(k string) error {
		if null, err := r.Null(); null || err != nil {
			return err
		}
		v, err := r.String()
		if m == nil {
			m = map[string]string{}
		}
		m[k] = v
		return err
	})
	return m, err
}

// inline reads aws_iam_role's inline_policy blocks [{name, policy}].
func (b *tfBuilder) inline(r *jsonpull.Reader, t *tfRes, key string) ([]tfInline, bool, error) {
	unk := t.unk.member(key)
	complete := true
	var out []tfInline
	err := r.Array(func(i int) error {
		eu := unk.elem(i)
		if eu.set() || t.plan && r.Kind() == 'n' {
			complete = false
			return r.Skip()
		}
		at := inventory.DocPath{Base: t.vpath, List: key, Index: i, Leaf: "policy"}
		blk, err := b.inlineBlock(r, at, t.sens.member(key).elem(i).member("policy").any())
		switch {
		case err != nil:
			return err
		case t.plan && !blk.haveName || eu.member("name").set():
			complete = false
			return nil
		case blk.name == "" && (!blk.haveDoc || string(blk.raw.Value) == `""`):
			return nil // an empty inline_policy {} block: no policy
		case blk.name == "":
			return inventory.DataError("missing name")
		case t.plan && !blk.haveDoc || eu.member("policy").set():
			blk.doc = b.f.UnknownDoc(at)
		case !blk.haveDoc:
			return inventory.DataError("missing policy")
		}
		for _, o := range out {
			if o.name == blk.name {
				return inventory.Within(inventory.DataError("inline policy "+inventory.Short(blk.name)+" given twice"), "name")
			}
		}
		out = append(out, tfInline{name: blk.name, doc: blk.doc})
		return nil
	})
	return out, complete, err
}

// inlineBlock is one inline_policy block as read.
type inlineBlock struct {
	name              string
	raw               jsonpull.Raw
	doc               inventory.Doc
	haveName, haveDoc bool
}

// inlineBlock reads one {name, policy} block, whose policy is at at.
func (b *tfBuilder) inlineBlock(r *jsonpull.Reader, at inventory.DocPath, sensitive bool) (inlineBlock, error) {
	var blk inlineBlock
	err := r.Object(func(k string) error {
		var err error
		switch k {
		case "name":
			blk.name, err = r.OptString()
			blk.haveName = true
		case "policy":
			if blk.raw, err = value(r); blk.raw.Value == nil || err != nil {
				return err
			}
			blk.doc, err = jsonpull.Document(b.f, blk.raw, at)
			blk.doc.SetSensitive(sensitive)
			blk.haveDoc = true
		default:
			err = r.Skip()
		}
		return err
	})
	return blk, err
}

// badValue places an error about attribute attr (element idx when ≥ 0) of
// v, and hides the value when the attribute is marked sensitive.
func badValue(v *tfVals, attr string, idx int, err error) error {
	le, ok := err.(*inventory.LoadError)
	if !ok {
		return err
	}
	path, sens := v.path(attr), v.res.sens.member(attr)
	if idx >= 0 {
		path, sens = inventory.IndexPath(path, idx), sens.elem(idx)
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
		return "", false, &inventory.LoadError{Path: v.res.path, Msg: "missing " + attr}
	}
	return val, known, nil
}
