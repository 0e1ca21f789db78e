package iam

// The decoder walks the JSON tree of decode_json.go rather than
// unmarshalling into structs, because every element may take several
// shapes (string or list, object or list) and every error must name its
// JSON path.
//
// Element names are matched case-insensitively: AWS-produced documents use
// the canonical spelling, and if IAM accepts another spelling reading it is
// right, while if IAM rejects it no export can hold it. Two spellings of
// one element in one object ("Effect" and "effect") are an error, like two
// members of one name. Unknown element names are errors, as in IAM; only
// condition operators and keys are free-form, as in IAM.

func decodeDocument(tree any) (*Policy, error) {
	fields, err := elementFields(tree, "", "Version", "Id", "Statement")
	if err != nil {
		return nil, err
	}
	p := &Policy{}
	if p.Version, err = optionalString(fields, "Version", ""); err != nil {
		return nil, err
	}
	if p.Version != "" && p.Version != Version2012 && p.Version != Version2008 {
		return nil, decodeErrorf("Version", "want "+Version2012+" or "+Version2008+", got "+quote(p.Version))
	}
	if p.ID, err = optionalString(fields, "Id", ""); err != nil {
		return nil, err
	}
	raw, ok := fields["Statement"]
	if !ok {
		return nil, decodeErrorf("Statement", "missing")
	}
	p.Statements, err = decodeStatements(raw)
	return p, err
}

func decodeStatements(raw any) ([]Statement, error) {
	list, isList := raw.([]any)
	if !isList {
		st, err := decodeStatement(raw, "Statement")
		return []Statement{st}, err
	}
	out := make([]Statement, 0, len(list))
	for i, item := range list {
		st, err := decodeStatement(item, indexPath("Statement", i))
		if err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, nil
}

func decodeStatement(raw any, path string) (Statement, error) {
	var st Statement
	fields, err := elementFields(raw, path, "Sid", "Effect", "Principal", "NotPrincipal",
		"Action", "NotAction", "Resource", "NotResource", "Condition")
	if err != nil {
		return st, err
	}
	for _, pair := range [][2]string{{"Principal", "NotPrincipal"}, {"Action", "NotAction"}, {"Resource", "NotResource"}} {
		if _, a := fields[pair[0]]; a {
			if _, b := fields[pair[1]]; b {
				return st, decodeErrorf(path, pair[0]+" and "+pair[1]+" cannot both be present")
			}
		}
	}
	if st.Sid, err = optionalString(fields, "Sid", path); err != nil {
		return st, err
	}
	if st.Effect, err = decodeEffect(fields, path); err != nil {
		return st, err
	}
	if st.Principal, err = optionalPrincipal(fields, "Principal", path); err != nil {
		return st, err
	}
	if st.NotPrincipal, err = optionalPrincipal(fields, "NotPrincipal", path); err != nil {
		return st, err
	}
	if err = decodeLists(fields, path, &st); err != nil {
		return st, err
	}
	if st.Action == nil && st.NotAction == nil {
		return st, decodeErrorf(path, "missing Action or NotAction")
	}
	if raw, ok := fields["Condition"]; ok {
		st.Conditions, err = decodeConditionBlock(raw, fieldPath(path, "Condition"))
	}
	return st, err
}

func decodeEffect(fields map[string]any, path string) (Effect, error) {
	raw, ok := fields["Effect"]
	if !ok {
		return 0, decodeErrorf(fieldPath(path, "Effect"), "missing")
	}
	s, ok := raw.(string)
	switch {
	case !ok:
		return 0, wrongKind(fieldPath(path, "Effect"), "a string", raw)
	case s == "Allow": // case-sensitive [EFFECT]
		return Allow, nil
	case s == "Deny":
		return Deny, nil
	}
	return 0, decodeErrorf(fieldPath(path, "Effect"), `want "Allow" or "Deny", got `+quote(s))
}

func decodeLists(fields map[string]any, path string, st *Statement) error {
	targets := []struct {
		name string
		dst  *[]string
	}{
		{"Action", &st.Action}, {"NotAction", &st.NotAction},
		{"Resource", &st.Resource}, {"NotResource", &st.NotResource},
	}
	for _, t := range targets {
		raw, ok := fields[t.name]
		if !ok {
			continue
		}
		list, err := decodeStringList(raw, fieldPath(path, t.name))
		if err != nil {
			return err
		}
		*t.dst = list
	}
	return nil
}

func optionalPrincipal(fields map[string]any, name, path string) (*Principal, error) {
	raw, ok := fields[name]
	if !ok {
		return nil, nil
	}
	return decodePrincipal(raw, fieldPath(path, name))
}

func decodePrincipal(raw any, path string) (*Principal, error) {
	if s, ok := raw.(string); ok {
		if s == "*" {
			return &Principal{All: true}, nil
		}
		return nil, decodeErrorf(path, `want "*" or an object such as {"AWS": ...}, got `+quote(s))
	}
	fields, err := elementFields(raw, path, "AWS", "Service", "Federated", "CanonicalUser")
	if err != nil {
		return nil, err
	}
	p := &Principal{}
	targets := []struct {
		name string
		dst  *[]string
	}{{"AWS", &p.AWS}, {"Service", &p.Service}, {"Federated", &p.Federated}, {"CanonicalUser", &p.CanonicalUser}}
	for _, t := range targets {
		if raw, ok := fields[t.name]; ok {
			if *t.dst, err = decodeStringList(raw, fieldPath(path, t.name)); err != nil {
				return nil, err
			}
		}
	}
	return p, nil
}

// decodeStringList reads a string-or-list element. A present list is never
// nil, so callers can tell "present but empty" from "absent".
func decodeStringList(raw any, path string) ([]string, error) {
	switch v := raw.(type) {
	case string:
		return []string{v}, nil
	case []any:
		out := make([]string, 0, len(v))
		for i, item := range v {
			s, ok := item.(string)
			if !ok {
				return nil, wrongKind(indexPath(path, i), "a string", item)
			}
			out = append(out, s)
		}
		return out, nil
	}
	return nil, wrongKind(path, "a string or a list of strings", raw)
}
