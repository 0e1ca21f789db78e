package checks

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// TestRules runs every rule over testdata/rules/*.sql, where comments say
// what must be found on their line, in the manner of analysistest:
//
//	COPY t FROM 's3://b' IAM_ROLE 'a, b'; -- want chain-whitespace "whitespace"
//
// Every finding must be wanted and every want must be found. Header
// comments set options: "-- var NAME=VALUE", "-- max-chain N", and for
// ASSUMEROLE grants "-- db-user NAME", "-- db-groups G[,G]", "-- db-roles
// R[,R]", "-- assumerole-restricted" (the file is replayed alone).
func TestRules(t *testing.T) {
	paths, err := filepath.Glob("testdata/rules/*.sql")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no rule tests found: %v", err)
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			vars, cfg := harnessOptions(t, string(src))
			res := CheckFile(sqlparse.Parse(sqlparse.NewFile(path, src), sqlparse.Options{Vars: vars}), cfg)
			matchWants(t, res, parseWants(t, res.File))
		})
	}
}

type want struct {
	line    int
	rule    RuleID
	pattern *regexp.Regexp
	found   bool
}

var (
	wantComment = regexp.MustCompile(`--\s*want((?:\s+[a-z-]+\s+"(?:[^"\\]|\\.)*")+)\s*$`)
	wantItem    = regexp.MustCompile(`([a-z-]+)\s+"((?:[^"\\]|\\.)*)"`)
)

func parseWants(t *testing.T, f *sqlparse.File) []*want {
	var wants []*want
	for n := 1; n <= f.LineCount(); n++ {
		m := wantComment.FindStringSubmatch(string(f.Line(n)))
		if m == nil {
			continue
		}
		for _, item := range wantItem.FindAllStringSubmatch(m[1], -1) {
			pat, err := regexp.Compile(strings.ReplaceAll(item[2], `\"`, `"`))
			if err != nil {
				t.Fatalf("line %d: bad want pattern %q: %v", n, item[2], err)
			}
			wants = append(wants, &want{line: n, rule: RuleID(item[1]), pattern: pat})
		}
	}
	return wants
}

func matchWants(t *testing.T, res *FileResult, wants []*want) {
	t.Helper()
	for _, f := range res.Findings {
		line := res.File.Position(f.Span.Start).Line
		matched := false
		for _, w := range wants {
			if !w.found && w.line == line && w.rule == f.Rule && w.pattern.MatchString(f.Message) {
				w.found, matched = true, true
				break
			}
		}
		if !matched {
			t.Errorf("line %d: unexpected finding %s: %s", line, f.Rule, f.Message)
		}
	}
	for _, w := range wants {
		if !w.found {
			t.Errorf("line %d: no %s finding matching %q", w.line, w.rule, w.pattern)
		}
	}
}

func harnessOptions(t *testing.T, src string) (sqlparse.Vars, *Config) {
	vars, cfg := sqlparse.Vars{}, &Config{Rules: RuleOptions{MaxChain: 10}}
	for _, line := range strings.Split(src, "\n") {
		switch {
		case strings.HasPrefix(line, "-- var "):
			name, value, _ := strings.Cut(strings.TrimPrefix(line, "-- var "), "=")
			vars[name] = value
		case strings.HasPrefix(line, "-- max-chain "):
			n, err := strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(line, "-- max-chain ")))
			if err != nil {
				t.Fatal(err)
			}
			cfg.Rules.MaxChain = n
		case strings.HasPrefix(line, "-- db-user "):
			cfg.AssumeRole.User = strings.TrimSpace(strings.TrimPrefix(line, "-- db-user "))
		case strings.HasPrefix(line, "-- db-groups "):
			cfg.AssumeRole.Groups = strings.Split(strings.TrimSpace(strings.TrimPrefix(line, "-- db-groups ")), ",")
		case strings.HasPrefix(line, "-- db-roles "):
			cfg.AssumeRole.Roles = strings.Split(strings.TrimSpace(strings.TrimPrefix(line, "-- db-roles ")), ",")
		case strings.TrimSpace(line) == "-- assumerole-restricted":
			cfg.AssumeRole.Restricted = true
		}
	}
	return vars, cfg
}
