package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// loadVars reads the config's [vars], then --vars-file, then --var
// NAME=VALUE; a later source wins.
func loadVars(base map[string]string, file string, flags []string) (sqlparse.Vars, error) {
	vars := sqlparse.Vars{}
	for k, v := range base {
		vars[k] = v
	}
	if file != "" {
		if err := readVarsFile(file, vars); err != nil {
			return nil, err
		}
	}
	for _, kv := range flags {
		name, value, ok := strings.Cut(kv, "=")
		if !ok || strings.TrimSpace(name) == "" {
			return nil, usageErrorf("--var wants NAME=VALUE, got %q", kv)
		}
		vars[strings.TrimSpace(name)] = value
	}
	return vars, nil
}

// readVarsFile accepts a JSON object of strings, or NAME=VALUE lines (a .env
// or Flyway-style properties file: # comments, optional export and quotes).
func readVarsFile(path string, vars sqlparse.Vars) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return usageErrorf("cannot read --vars-file %s: %v", path, cleanErr(err))
	}
	if trimmed := bytes.TrimSpace(src); len(trimmed) > 0 && trimmed[0] == '{' {
		return readVarsJSON(path, trimmed, vars)
	}
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || text[0] == '#' || text[0] == '!' {
			continue
		}
		name, value, ok := strings.Cut(strings.TrimPrefix(text, "export "), "=")
		if !ok || strings.TrimSpace(name) == "" {
			return usageErrorf("%s:%d: expected NAME=VALUE", path, line)
		}
		vars[strings.TrimSpace(name)] = unquote(strings.TrimSpace(value))
	}
	if err := sc.Err(); err != nil {
		return usageErrorf("cannot read --vars-file %s: %v", path, err)
	}
	return nil
}

func readVarsJSON(path string, src []byte, vars sqlparse.Vars) error {
	var obj map[string]any
	if err := json.Unmarshal(src, &obj); err != nil {
		return usageErrorf("--vars-file %s: not a JSON object of strings: %v", path, err)
	}
	for k, v := range obj {
		switch v := v.(type) {
		case string:
			vars[k] = v
		case float64, bool:
			vars[k] = fmt.Sprint(v)
		default:
			return usageErrorf("--vars-file %s: $.%s must be a string", path, k)
		}
	}
	return nil
}

func unquote(v string) string {
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		return v[1 : len(v)-1]
	}
	return v
}
