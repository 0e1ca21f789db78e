package iam

import (
	"encoding/json"
	"net/url"
	"testing"
)

func TestLocateStatement(t *testing.T) {
	const doc = `  {"Version":"2012-10-17","statement":[{"Effect":"Allow","Action":"*"}, {"Effect":"Deny","Action":"*"}]}`
	quoted, _ := json.Marshal(doc)
	single := `{"Statement":{"Effect":"Allow","Action":"*"}}`
	tests := []struct {
		name   string
		data   string
		index  int
		path   string
		offset int
		ok     bool
	}{
		{"object, first", doc, 0, "Statement[0]", 39, true},
		{"object, second", doc, 1, "Statement[1]", 72, true},
		{"object, past the end", doc, 2, "", 0, false},
		{"one statement object", single, 0, "Statement", 13, true},
		{"one statement object, index 1", single, 1, "", 0, false},
		{"JSON string", string(quoted), 1, "Statement[1]", -1, true},
		{"URL-encoded string", `"` + url.PathEscape(doc) + `"`, 0, "Statement[0]", -1, true},
		{"no statement", `{"Version":"2012-10-17"}`, 0, "", 0, false},
		{"not JSON", `{"Statement":[`, 0, "", 0, false},
	}
	for _, tt := range tests {
		path, offset, ok := LocateStatement([]byte(tt.data), tt.index)
		if ok != tt.ok || ok && (path != tt.path || offset != tt.offset) {
			t.Errorf("%s: %q %d %v, want %q %d %v", tt.name, path, offset, ok, tt.path, tt.offset, tt.ok)
		}
		if ok && offset >= 0 && tt.data[offset] != '{' {
			t.Errorf("%s: offset %d is not where the statement starts", tt.name, offset)
		}
	}
}
