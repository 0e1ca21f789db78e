package terraform

import (
	"slices"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/inventory"
	"github.com/redshift-preflight/redshift-preflight/inventory/internal/jsonpull"
)

// Output holds the top-level members of terraform show -json output,
// undecoded, until the whole top-level object is read: format_version,
// which may come after them, decides whether they mean anything.
type Output struct {
	Version     string
	HaveVersion bool
	// The values of the members, slices of the file's data; nil when absent.
	Values, PlannedValues, ResourceChanges, Configuration jsonpull.Raw
}

// Capture keeps the value of top-level member key (format_version, values,
// planned_values, resource_changes or configuration).
func (o *Output) Capture(r *jsonpull.Reader, key string) error {
	if key == "format_version" {
		v, err := r.String()
		o.Version, o.HaveVersion = v, true
		return err
	}
	raw, err := r.Value()
	switch key {
	case "values":
		o.Values = raw
	case "planned_values":
		o.PlannedValues = raw
	case "resource_changes":
		o.ResourceChanges = raw
	case "configuration":
		o.Configuration = raw
	}
	return err
}

// tfBuilder reads one terraform show -json file.
type tfBuilder struct {
	top        *jsonpull.Reader // the file, from which the captured values are read
	f          *inventory.File
	plan       bool
	changes    map[string]*tfChange
	changeList []*tfChange
	config     map[string]map[string][]string // "MODULE|RESOURCE" → attribute → references
	vals       []*tfVals                      // resources, in file order
	deleted    []*tfVals                      // plan: before values of resources apply deletes

	roles    []*tfRole
	clusters []*tfCluster
}

// Read reads terraform show -json output of a state, or of a plan (plan
// true), whose top level r has read into out, into f.
func Read(r *jsonpull.Reader, f *inventory.File, out Output, plan bool) error {
	if major, _, _ := strings.Cut(out.Version, "."); major != "1" {
		return inventory.Within(inventory.DataError("format "+inventory.Short(out.Version)+" is not supported: this tool reads terraform show -json format 1.x"), "format_version")
	}
	b := &tfBuilder{top: r, f: f, plan: plan, changes: map[string]*tfChange{}, config: map[string]map[string][]string{}}
	if err := b.member(out.ResourceChanges, "resource_changes", b.resourceChanges); err != nil {
		return err
	}
	if err := b.member(out.Configuration, "configuration", b.configuration); err != nil {
		return err
	}
	var err error
	switch {
	case out.Values.Value != nil:
		err = b.member(out.Values, "values", b.root)
	case out.PlannedValues.Value != nil:
		err = b.member(out.PlannedValues, "planned_values", b.root)
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

// member reads the captured value raw of top-level member key with fn.
func (b *tfBuilder) member(raw jsonpull.Raw, key string, fn func(r *jsonpull.Reader, path string) error) error {
	if raw.Value == nil {
		return nil
	}
	return inventory.Within(fn(b.top.Sub(raw, key), key), key)
}

// root reads {root_module: MODULE, outputs...}.
func (b *tfBuilder) root(r *jsonpull.Reader, path string) error {
	if null, err := r.Null(); null || err != nil {
		return err
	}
	return r.Object(func(key string) error {
		if key == "root_module" {
			return b.module(r, path+".root_module")
		}
		return r.Skip()
	})
}

// module reads {resources:[...], child_modules:[MODULE...]}.
func (b *tfBuilder) module(r *jsonpull.Reader, path string) error {
	if null, err := r.Null(); null || err != nil {
		return err
	}
	return r.Object(func(key string) error {
		switch key {
		case "resources":
			return r.Array(func(i int) error { return b.resource(r, inventory.IndexPath(path+".resources", i)) })
		case "child_modules":
			return r.Array(func(i int) error { return b.module(r, inventory.IndexPath(path+".child_modules", i)) })
		}
		return r.Skip()
	})
}

// value reads a value as it stands; its Value is nil for null.
func value(r *jsonpull.Reader) (jsonpull.Raw, error) {
	if null, err := r.Null(); null || err != nil {
		return jsonpull.Raw{}, err
	}
	return r.Value()
}

// tfResource is a resource's members that are read.
type tfResource struct {
	addr, typ, name, mode string
	values, sensitive     jsonpull.Raw
}

func (b *tfBuilder) resource(r *jsonpull.Reader, path string) error {
	var res tfResource
	err := r.Object(func(key string) error {
		var err error
		switch key {
		case "address":
			res.addr, err = r.String()
		case "type":
			res.typ, err = r.String()
		case "name":
			res.name, err = r.String()
		case "mode":
			res.mode, err = r.String()
		case "values":
			res.values, err = value(r)
		case "sensitive_values":
			res.sensitive, err = value(r)
		default:
			err = r.Skip()
		}
		return err
	})
	if res.addr == "" {
		res.addr = res.typ + "." + res.name
	}
	if err != nil || res.mode == "data" || strings.HasPrefix(res.addr, "data.") || tfSchema[res.typ] == nil {
		return err
	}
	t := &tfRes{addr: res.addr, typ: res.typ, path: path, vpath: path + ".values", plan: b.plan}
	if c := b.changes[res.addr]; c != nil {
		t.unk = c.unk
	}
	if t.sens, err = b.flagsOf(res.sensitive, path+".sensitive_values"); err != nil {
		return inventory.Within(err, "sensitive_values")
	}
	v, err := b.readValues(t, res.values)
	if err != nil {
		return inventory.Within(err, "values")
	}
	b.vals = append(b.vals, v)
	return nil
}

// tfChange is one element of a plan's resource_changes.
type tfChange struct {
	addr, typ     string
	path          string
	actions       []string
	before, after jsonpull.Raw // the values; Value is nil for null
	unk, sens     *tfFlags
	beforeSens    *tfFlags
}

func (c *tfChange) deletes() bool { return slices.Contains(c.actions, "delete") }

// resourceChanges reads a plan's resource_changes.
func (b *tfBuilder) resourceChanges(r *jsonpull.Reader, path string) error {
	return r.Array(func(i int) error {
		c := &tfChange{path: inventory.IndexPath(path, i)}
		var mode, name string
		var deposed bool
		err := r.Object(func(key string) error {
			var err error
			switch key {
			case "deposed":
				// An old object of a create_before_destroy replacement:
				// the current object's change has the same address.
				deposed = true
				err = r.Skip()
			case "address":
				c.addr, err = r.String()
			case "type":
				c.typ, err = r.String()
			case "name":
				name, err = r.String()
			case "mode":
				mode, err = r.String()
			case "change":
				err = b.change(r, c)
			default:
				err = r.Skip()
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

func (b *tfBuilder) change(r *jsonpull.Reader, c *tfChange) error {
	return r.Object(func(key string) error {
		var err error
		switch key {
		case "actions":
			err = r.Array(func(int) error {
				a, err := r.String()
				c.actions = append(c.actions, a)
				return err
			})
		case "before":
			c.before, err = value(r)
		case "after":
			c.after, err = value(r)
		case "after_unknown":
			c.unk, err = flags(r)
		case "after_sensitive":
			c.sens, err = flags(r)
		case "before_sensitive":
			c.beforeSens, err = flags(r)
		default:
			err = r.Skip()
		}
		return err
	})
}

// fromChanges reads a plan without planned_values from the changes' after
// values.
func (b *tfBuilder) fromChanges() error {
	for _, c := range b.changeList {
		if c.after.Value == nil {
			continue
		}
		t := &tfRes{addr: c.addr, typ: c.typ, path: c.path, vpath: c.path + ".change.after", plan: true, unk: c.unk, sens: c.sens}
		v, err := b.readValues(t, c.after)
		if err != nil {
			return inventory.Within(err, t.vpath)
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
		if !c.deletes() || c.before.Value == nil {
			continue
		}
		t := &tfRes{addr: c.addr, typ: c.typ, path: c.path, vpath: c.path + ".change.before", sens: c.beforeSens}
		v, err := b.readValues(t, c.before)
		if err != nil {
			return inventory.Within(err, t.vpath)
		}
		b.deleted = append(b.deleted, v)
	}
	return nil
}
