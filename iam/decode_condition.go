package iam

// decodeConditionBlock reads {OPERATOR: {KEY: VALUES}}. Operators and keys
// are read case-insensitively (see parseOperator and Context), so two
// operators or two keys of one operator that differ only in case are
// rejected like duplicates: whether AWS would AND them or keep one is not
// documented.
func decodeConditionBlock(raw any, path string) ([]Condition, error) {
	block, ok := raw.(jsonObject)
	if !ok {
		return nil, wrongKind(path, "an object of condition operators", raw)
	}
	if err := block.checkFoldedNames(path); err != nil {
		return nil, err
	}
	var out []Condition
	for _, op := range block.sorted() {
		opPath := fieldPath(path, op.name)
		keys, ok := op.value.(jsonObject)
		if !ok {
			return nil, wrongKind(opPath, "an object of condition keys", op.value)
		}
		if err := keys.checkFoldedNames(opPath); err != nil {
			return nil, err
		}
		for _, key := range keys.sorted() {
			values, err := decodeConditionValues(key.value, fieldPath(opPath, key.name))
			if err != nil {
				return nil, err
			}
			out = append(out, Condition{Operator: op.name, Key: key.name, Values: values})
		}
	}
	return out, nil
}

func decodeConditionValues(raw any, path string) ([]ConditionValue, error) {
	list, isList := raw.([]any)
	if !isList {
		v, err := decodeConditionValue(raw, path)
		return []ConditionValue{v}, err
	}
	out := make([]ConditionValue, 0, len(list))
	for i, item := range list {
		v, err := decodeConditionValue(item, indexPath(path, i))
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

func decodeConditionValue(raw any, path string) (ConditionValue, error) {
	switch v := raw.(type) {
	case string:
		return ConditionValue{Kind: StringValue, Text: v}, nil
	case bool:
		if v {
			return ConditionValue{Kind: BoolValue, Text: "true"}, nil
		}
		return ConditionValue{Kind: BoolValue, Text: "false"}, nil
	case jsonNumber:
		return ConditionValue{Kind: NumberValue, Text: string(v)}, nil
	}
	return ConditionValue{}, wrongKind(path, "a string, boolean or number", raw)
}
