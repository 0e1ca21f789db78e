package iam

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
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
func DecodePolicy(data []byte) (*Policy, error) {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) > 0 && trimmed[0] == '"' {
		var s string
		if err := json.Unmarshal(trimmed, &s); err != nil {
			return nil, decodeErrorf("", "invalid JSON string: "+err.Error())
		}
		return DecodePolicyString(s)
	}
	return DecodePolicyString(string(trimmed))
}

// DecodePolicyString decodes a policy document held in a string: JSON text
// or URL-encoded JSON text.
func DecodePolicyString(s string) (*Policy, error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "%") {
		unescaped, err := url.PathUnescape(s)
		if err != nil {
			return nil, decodeErrorf("", "invalid URL encoding: "+err.Error())
		}
		s = strings.TrimSpace(unescaped)
	}
	if !strings.HasPrefix(s, "{") {
		return nil, decodeErrorf("", "want a JSON object, a string holding one, or a URL-encoded one")
	}
	tree, err := parseJSON(s)
	if err != nil {
		return nil, err
	}
	return decodeDocument(tree)
}

// parseJSON reads exactly one JSON value, keeping numbers as written so
// condition values keep their text ("1.50" stays "1.50").
func parseJSON(s string) (any, error) {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		return nil, jsonSyntaxError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, decodeErrorf("", "unexpected data after the JSON document")
	}
	return tree, nil
}

func jsonSyntaxError(err error) error {
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		return decodeErrorf("", fmt.Sprintf("invalid JSON at byte %d: %v", syn.Offset, err))
	}
	return decodeErrorf("", "invalid JSON: "+err.Error())
}
