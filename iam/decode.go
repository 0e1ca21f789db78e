package iam

import (
	"bytes"
	"net/url"

	"github.com/go-json-experiment/json"
)

// DecodePolicy decodes a policy document as it appears in IAM exports
// ([§8], conventions.md §3.1), in any of three encodings:
//
//   - a JSON object (AWS CLI output),
//   - a JSON string holding the JSON text (Terraform state and plans),
//   - a URL-encoded string, quoted or bare (raw API and SDK output).
//
// URL-encoded text is decoded with url.PathUnescape, so "+" stays "+" (it is
// legal in role names; QueryUnescape would turn it into a space).
// Every error is a *DecodeError naming the JSON path of the problem.
//
// Two members of one object with the same name, or with names that differ
// only in case where IAM reads names case-insensitively (element names,
// condition operators, condition keys), are an error: AWS does not
// document which one applies, so the decoder never picks one.
func DecodePolicy(data []byte) (*Policy, error) {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) > 0 && trimmed[0] == '"' {
		var s string
		if err := json.Unmarshal(trimmed, &s); err != nil {
			return nil, decodeErrorf("", "invalid JSON string: "+syntaxText(err))
		}
		return decodeText([]byte(s))
	}
	return decodeText(trimmed)
}

// DecodePolicyString decodes a policy document held in a string: JSON text
// or URL-encoded JSON text.
func DecodePolicyString(s string) (*Policy, error) {
	return decodeText([]byte(s))
}

// decodeText decodes JSON text or URL-encoded JSON text.
func decodeText(text []byte) (*Policy, error) {
	text = bytes.TrimSpace(text)
	if bytes.HasPrefix(text, []byte("%")) {
		unescaped, err := url.PathUnescape(string(text))
		if err != nil {
			return nil, decodeErrorf("", "invalid URL encoding: "+err.Error())
		}
		text = bytes.TrimSpace([]byte(unescaped))
	}
	if !bytes.HasPrefix(text, []byte("{")) {
		return nil, decodeErrorf("", "want a JSON object, a string holding one, or a URL-encoded one")
	}
	tree, err := parseJSON(text)
	if err != nil {
		return nil, err
	}
	p, err := decodeDocument(tree)
	if err != nil {
		return nil, err // never a partial document: its statements would be judged
	}
	return p, nil
}
