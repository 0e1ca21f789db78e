package inventory

import "strings"

// fileData is what one file holds, before merging.
type fileData struct {
	name       string
	roles      []*Role
	users      []*User
	groups     []*Group
	policies   []*ManagedPolicy
	clusters   []*Cluster
	namespaces []*namespaceDef
	workgroups []*workgroupDef
	listsRoles bool            // an authorization-details export with a RoleDetailList
	planned    []plannedRole   // Terraform plan: roles whose ARN is not known until apply
	external   []tfExternal    // Terraform: policies of roles that the file does not hold
	resource   *resourcePolicy // get-bucket-policy or lambda get-policy output
}

// fileParser reads one file.
type fileParser struct {
	s    scanner
	idx  uint64 // the file's position in the load order
	out  fileData
	fmts map[format]bool
	keys map[string]bool
	tf   tfTop // terraform show -json members, read once the format is known
}

// parseFile detects the file's format and reads it.
func parseFile(name string, idx int, data string) (*fileData, error) {
	p := &fileParser{idx: uint64(idx), out: fileData{name: name}, fmts: map[format]bool{}, keys: map[string]bool{}}
	if err := p.file(data); err != nil {
		return nil, inFile(err, name)
	}
	return &p.out, nil
}

func (p *fileParser) file(data string) error {
	switch {
	case strings.HasPrefix(data, "\xFF\xFE"), strings.HasPrefix(data, "\xFE\xFF"):
		return dataError("the file is UTF-16 encoded (as PowerShell's > writes it); save it as UTF-8")
	case strings.HasPrefix(data, "\xEF\xBB\xBF"):
		data = data[3:]
	}
	p.s = scanner{data: data}
	s := &p.s
	if s.atEOF() {
		return dataError("empty file")
	}
	if s.peek() != '{' {
		kind := s.kind()
		if err := s.skip(); err != nil {
			return err
		}
		return dataError("not a recognised AWS export: the top level is " + article(kind) + ", want an object; " + expectedFormats)
	}
	var truncated, incomplete string
	err := s.object(func(key string) error {
		k := key
		p.keys[k] = true
		switch k {
		case "RoleDetailList":
			p.fmts[fmtGAAD] = true
			p.out.listsRoles = true
			return s.array(func(i int) error { return p.role(indexPath(k, i), true) })
		case "Policies":
			p.fmts[fmtGAAD] = true
			return s.array(func(i int) error { return p.policy(indexPath(k, i)) })
		case "UserDetailList":
			p.fmts[fmtGAAD] = true
			return s.array(func(i int) error { return p.user(indexPath(k, i)) })
		case "GroupDetailList":
			p.fmts[fmtGAAD] = true
			return s.array(func(i int) error { return p.group(indexPath(k, i)) })
		case "Role":
			p.fmts[fmtGetRole] = true
			return p.role(k, false)
		case "Clusters":
			p.fmts[fmtDescribeClusters] = true
			return s.array(func(i int) error { return p.cluster(indexPath(k, i)) })
		case "namespace":
			p.fmts[fmtGetNamespace] = true
			return p.namespace(k)
		case "namespaces":
			p.fmts[fmtListNamespaces] = true
			return s.array(func(i int) error { return p.namespace(indexPath(k, i)) })
		case "workgroup":
			p.fmts[fmtGetWorkgroup] = true
			return p.workgroup(k)
		case "workgroups":
			p.fmts[fmtListWorkgroups] = true
			return s.array(func(i int) error { return p.workgroup(indexPath(k, i)) })
		case "Policy":
			if s.peek() != '"' { // aws iam get-policy: an object, recognised as unsupported
				return s.skip()
			}
			p.fmts[fmtResourcePolicy] = true
			return p.readResourcePolicy(k)
		case "format_version":
			v, err := s.str()
			p.tf.version, p.tf.haveVersion = v, true
			return err
		case "values":
			return p.tfCapture(&p.tf.values)
		case "planned_values":
			return p.tfCapture(&p.tf.planned)
		case "resource_changes":
			return p.tfCapture(&p.tf.changes)
		case "configuration":
			return p.tfCapture(&p.tf.config)
		case "IsTruncated":
			more, err := s.boolean()
			if more {
				truncated = k
			}
			return err
		case "Marker", "NextToken", "nextToken":
			tok, err := s.optStr()
			if tok != "" && incomplete == "" {
				incomplete = k
			}
			return err
		}
		return s.skip()
	})
	if err != nil {
		return err
	}
	if !s.atEOF() {
		return s.unexpected("the end of the file after the JSON value")
	}
	if err := p.check(truncated, incomplete); err != nil {
		return err
	}
	if err := p.resolveResourcePolicy(); err != nil {
		return err
	}
	return p.terraform()
}

// check decides the format from the keys seen and rejects incomplete pages.
func (p *fileParser) check(truncated, incomplete string) error {
	p.tfFormat()
	switch len(p.fmts) {
	case 0:
		if msg := unsupported(p.keys); msg != "" {
			return dataError(msg)
		}
		keys := make([]string, 0, len(p.keys))
		for k := range p.keys {
			keys = append(keys, k)
		}
		return dataError(notRecognised(keys))
	case 1:
	default:
		var names []string
		for f := fmtGAAD; f < fmtEnd; f++ {
			if p.fmts[f] {
				names = append(names, formatNames[f])
			}
		}
		return dataError("ambiguous export: the top-level keys are those of " + strings.Join(names, " and ") +
			" output; give each export its own file")
	}
	switch {
	case truncated != "":
		return &LoadError{Path: truncated, Msg: "the export is incomplete (IsTruncated is true, more pages follow): " +
			"export with the AWS CLI without --max-items, which fetches every page"}
	case incomplete != "":
		return &LoadError{Path: incomplete, Msg: "the export is incomplete (" + incomplete + " is set, more pages follow): " +
			"export with the AWS CLI without --max-items, which fetches every page"}
	}
	return nil
}

// seq orders a document by file and offset.
func (p *fileParser) seq() uint64 { return p.idx<<40 | uint64(p.s.i) }

// doc keeps a policy document undecoded: a JSON object, or a string that
// holds JSON text or URL-encoded JSON text. Its path is base.list[idx].leaf.
func (p *fileParser) doc(base, list string, idx int, leaf string) (docRef, error) {
	s := &p.s
	switch s.peek() {
	case '{', '"':
		seq := p.seq()
		raw, err := s.raw()
		return docRef{raw: raw, file: p.out.name, base: base, list: list, idx: idx, leaf: leaf, seq: seq}, err
	}
	return docRef{}, s.wrongKind("a policy document (an object, a JSON string or a URL-encoded string)")
}

// tags reads [{Key, Value}...]; nil when there are none.
func (p *fileParser) tags() (map[string]string, error) {
	s := &p.s
	if null, err := s.isNull(); null || err != nil {
		return nil, err
	}
	var out map[string]string
	err := s.array(func(int) error {
		var k, v string
		var haveKey bool
		err := s.object(func(key string) error {
			var err error
			switch key {
			case "Key":
				k, err = s.str()
				haveKey = true
			case "Value":
				v, err = s.optStr()
			default:
				err = s.skip()
			}
			return err
		})
		switch {
		case err != nil:
			return err
		case !haveKey:
			return dataError("missing Key")
		}
		if _, dup := out[k]; dup {
			return within(dataError("tag "+short(k)+" given twice"), "Key")
		}
		if out == nil {
			out = map[string]string{}
		}
		out[k] = v
		return nil
	})
	return out, err
}

func article(kind string) string {
	switch kind {
	case "array", "object":
		return "an " + kind
	case "":
		return "not a JSON value"
	}
	return "a " + kind
}
