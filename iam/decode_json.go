package iam

import (
	"encoding/json"
	"sort"
	"strings"
)

// elementFields checks that raw is an object whose keys are among allowed
// (compared case-insensitively, each at most once) and returns its values
// under the canonical names.
func elementFields(raw any, path string, allowed ...string) (map[string]any, error) {
	obj, ok := raw.(map[string]any)
	if !ok {
		return nil, wrongKind(path, "an object", raw)
	}
	out := make(map[string]any, len(obj))
	for _, key := range sortedKeys(obj) {
		name, known := canonicalName(key, allowed)
		if !known {
			return nil, decodeErrorf(fieldPath(path, key), "unknown element (want one of "+strings.Join(allowed, ", ")+")")
		}
		if _, dup := out[name]; dup {
			return nil, decodeErrorf(fieldPath(path, key), "element "+name+" given twice")
		}
		out[name] = obj[key]
	}
	return out, nil
}

func canonicalName(key string, allowed []string) (string, bool) {
	for _, name := range allowed {
		if strings.EqualFold(key, name) {
			return name, true
		}
	}
	return "", false
}

func optionalString(fields map[string]any, name, path string) (string, error) {
	raw, ok := fields[name]
	if !ok {
		return "", nil
	}
	s, ok := raw.(string)
	if !ok {
		return "", wrongKind(fieldPath(path, name), "a string", raw)
	}
	return s, nil
}

func wrongKind(path, want string, got any) error {
	return decodeErrorf(path, "want "+want+", got "+jsonKind(got))
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case bool:
		return "boolean"
	case json.Number, float64:
		return "number"
	}
	return "unknown"
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
