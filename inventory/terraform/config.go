package terraform

import (
	"strings"

	"github.com/redshift-preflight/redshift-preflight/iam"
	"github.com/redshift-preflight/redshift-preflight/inventory/internal/jsonpull"
)

// configuration reads the references of the attributes in tfRefAttrs.
func (b *tfBuilder) configuration(r *jsonpull.Reader, _ string) error {
	return r.Object(func(key string) error {
		if key == "root_module" {
			return b.configModule(r, "")
		}
		return r.Skip()
	})
}

func (b *tfBuilder) configModule(r *jsonpull.Reader, mod string) error {
	if null, err := r.Null(); null || err != nil {
		return err
	}
	return r.Object(func(key string) error {
		switch key {
		case "resources":
			return r.Array(func(int) error { return b.configResource(r, mod) })
		case "module_calls":
			return r.Object(func(name string) error {
				return r.Object(func(k string) error {
					if k == "module" {
						return b.configModule(r, iam.JoinPath(mod, "module."+name))
					}
					return r.Skip()
				})
			})
		}
		return r.Skip()
	})
}

func (b *tfBuilder) configResource(r *jsonpull.Reader, mod string) error {
	var addr, typ, name, mode string
	var exprs map[string][]string
	err := r.Object(func(key string) error {
		var err error
		switch key {
		case "address":
			addr, err = r.String()
		case "type":
			typ, err = r.String()
		case "name":
			name, err = r.String()
		case "mode":
			mode, err = r.String()
		case "expressions":
			exprs, err = expressions(r)
		default:
			err = r.Skip()
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

func expressions(r *jsonpull.Reader) (map[string][]string, error) {
	out := map[string][]string{}
	err := r.Object(func(attr string) error {
		if !tfRefAttrs[attr] || r.Kind() != '{' {
			return r.Skip()
		}
		return r.Object(func(k string) error {
			if k != "references" {
				return r.Skip()
			}
			return r.Array(func(int) error {
				ref, err := r.String()
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
