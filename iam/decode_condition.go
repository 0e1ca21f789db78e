package iam

import "encoding/json"

func decodeConditionBlock(raw any, path string) ([]Condition, error) {
	block, ok := raw.(map[string]any)
	if !ok {
		return nil, wrongKind(path, "an object of condition operators", raw)
	}
	var out []Condition
	for _, op := range sortedKeys(block) {
		opPath := fieldPath(path, op)
		keys, ok := block[op].(map[string]any)
		if !ok {
			return nil, wrongKind(opPath, "an object of condition keys", block[op])
		}
		for _, key := range sortedKeys(keys) {
			values, err := decodeConditionValues(keys[key], fieldPath(opPath, key))
			if err != nil {
				return nil, err
			}
			out = append(out, Condition{Operator: op, Key: key, Values: values})
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
	case json.Number:
		return ConditionValue{Kind: NumberValue, Text: v.String()}, nil
	}
	return ConditionValue{}, wrongKind(path, "a string, boolean or number", raw)
}
