// Package differential compares the tool's IAM verdicts with an independent
// evaluator's, @cloud-copilot/iam-simulate (npm, AGPL-3.0-or-later). The
// oracle is a test-time tool only: it is installed pinned, outside the
// module, by scripts/differential-oracle.sh, and run as a Node process over
// a JSON file; none of its code is in this repository or in the binary.
//
// Cases (gen_test.go) are generated with a fixed seed: the Redshift service
// hop, a chained hop (same and cross account) and S3 permissions on a
// prefix, with every condition operator family on keys the tool knows and
// keys it cannot know. Our side reads the case's IAM data through
// inventory/load and judges it with chain.Walk or access.Operation, as the
// tool does. The oracle evaluates each world the tool cannot tell apart
// (keys' values or absence, the session name, the object key under the
// prefix, the bucket's account) and is three-valued: allowed in every
// world is ok, in none fail, else unknown.
//
// Every divergence must be listed in testdata/differential/divergences.json
// with the AWS documentation sentence that decides who is right; see
// testdata/differential/README.md.
package differential

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

// casesPerClass sets the size of the run: as many Redshift hops and
// chained hops, and two fifths as many S3 scenarios (each two or three
// cases, one per action). See README.md for the time it takes.
const casesPerClass = 1500

const (
	oracleSrc       = "../../testdata/differential/oracle"
	divergencesFile = "../../testdata/differential/divergences.json"
)

// TestDifferential compares the tool's verdicts with an independent
// evaluator's over generated cases. Every divergence must be listed, with
// the documentation sentence that decides it, in divergences.json; a
// listed divergence that no longer occurs fails the test too.
func TestDifferential(t *testing.T) {
	dir := oracleDir(t)
	cases := generate(casesPerClass)
	results := runOracle(t, dir, cases)
	entries := readDivergences(t)

	st := newStats(entries)
	var unlisted []divergence
	for i, c := range cases {
		v, detail, err := ours(c)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		o := oracleVerdict(results[i].Results)
		st.count(c.Class, v == o)
		if v == o {
			continue
		}
		d := divergence{c: c, ours: v, oracle: o, detail: detail, res: results[i]}
		if e := matchEntry(entries, d); e != nil {
			e.hits++
			st.listed(d, e)
			continue
		}
		unlisted = append(unlisted, d)
	}
	t.Log(st.summary())
	reportUnlisted(t, unlisted)
	for _, e := range entries {
		if e.hits == 0 {
			t.Errorf("divergences.json lists %q (ours %s, oracle %s), which no longer occurs: remove it", e.Cases, e.Ours, e.Oracle)
		}
	}
}

// oracleDir finds the installed oracle, or skips the test: the oracle is
// optional for a developer's go test ./..., required in CI
// (PREFLIGHT_DIFFERENTIAL=1).
func oracleDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("PREFLIGHT_ORACLE_DIR")
	if dir == "" {
		home, _ := os.UserHomeDir()
		dir = filepath.Join(home, ".cache", "redshift-preflight", "iam-simulate")
	}
	problem := ""
	want, err := os.ReadFile(filepath.Join(oracleSrc, "package-lock.json"))
	if err != nil {
		t.Fatal(err)
	}
	have, err := os.ReadFile(filepath.Join(dir, "package-lock.json"))
	switch {
	case err != nil:
		problem = "the oracle is not installed in " + dir
	case string(have) != string(want):
		problem = "the oracle in " + dir + " is not the version testdata/differential/oracle/package-lock.json pins"
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "@cloud-copilot", "iam-simulate", "package.json")); problem == "" && err != nil {
		problem = "the oracle in " + dir + " has no node_modules/@cloud-copilot/iam-simulate"
	}
	if _, err := exec.LookPath("node"); problem == "" && err != nil {
		problem = "node is not on PATH"
	}
	if problem == "" {
		return dir
	}
	msg := problem + "; install it with scripts/differential-oracle.sh (npm ci of @cloud-copilot/iam-simulate, pinned)"
	if os.Getenv("PREFLIGHT_DIFFERENTIAL") == "1" {
		t.Fatal(msg + " (PREFLIGHT_DIFFERENTIAL=1 requires the differential test)")
	}
	t.Skip(msg)
	return ""
}

type oracleResult struct {
	Name    string   `json:"name"`
	Results []string `json:"results"`
	Ignored []string `json:"ignored"`
}

// runOracle evaluates every world of every case in one Node process.
func runOracle(t *testing.T, dir string, cases []testCase) []oracleResult {
	t.Helper()
	tmp := t.TempDir()
	in, out := filepath.Join(tmp, "cases.json"), filepath.Join(tmp, "results.json")
	oc := make([]oracleCase, len(cases))
	for i, c := range cases {
		oc[i] = c.Oracle
	}
	data, err := json.Marshal(oc)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if keep := os.Getenv("PREFLIGHT_DIFFERENTIAL_CASES"); keep != "" { // the oracle's input, to debug the runner
		if err := os.WriteFile(keep, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	runner, err := filepath.Abs(filepath.Join(oracleSrc, "run.mjs"))
	if err != nil {
		t.Fatal(err)
	}
	worlds := 0
	for _, c := range oc {
		worlds += len(c.Worlds)
	}
	start := time.Now()
	cmd := exec.Command("node", runner, dir, in, out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("oracle: %v\n%s", err, msg)
	}
	t.Logf("oracle: %d worlds of %d cases in %v", worlds, len(cases), time.Since(start).Round(time.Millisecond))
	data, err = os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var results []oracleResult
	if err := json.Unmarshal(data, &results); err != nil {
		t.Fatal(err)
	}
	if len(results) != len(cases) {
		t.Fatalf("oracle answered %d cases of %d", len(results), len(cases))
	}
	for i, r := range results {
		checkIgnored(t, cases[i], r)
	}
	return results
}

// checkIgnored: iam-simulate drops context keys that do not apply to the
// action. Only s3:prefix on object actions may be dropped (it is not in
// their request context, which is what the case means by leaving it
// absent); any other dropped key would make the oracle's worlds differ
// from the case's, so the generator must not use it.
func checkIgnored(t *testing.T, c testCase, r oracleResult) {
	t.Helper()
	if r.Name != c.Name {
		t.Fatalf("oracle answered %s for %s", r.Name, c.Name)
	}
	for _, k := range r.Ignored {
		if k != "s3:prefix" || c.Oracle.Action == "s3:ListBucket" {
			t.Fatalf("%s: the oracle ignored context key %s", c.Name, k)
		}
	}
}

// oracleVerdict is three-valued: allowed in every world = ok, in none =
// fail, else unknown. A simulation error (iam-simulate rejects a policy)
// is its own verdict, "invalid".
func oracleVerdict(results []string) string {
	allowed := 0
	for _, r := range results {
		switch {
		case strings.HasPrefix(r, "error"):
			return "invalid"
		case r == "Allowed":
			allowed++
		}
	}
	switch allowed {
	case len(results):
		return "ok"
	case 0:
		return "fail"
	}
	return "unknown"
}

// A divergence is a case the two sides decide differently.
type divergence struct {
	c            testCase
	ours, oracle string
	detail       string // our reason and message
	res          oracleResult
}

// category names a divergence by what our tool would get wrong if the
// oracle were right.
func (d divergence) category() string {
	switch {
	case d.oracle == "invalid":
		return "oracle-rejects-policy"
	case d.ours == "ok":
		return "ours-ok-oracle-" + d.oracle // a false ok if the oracle is right
	case d.ours == "fail":
		return "ours-fail-oracle-" + d.oracle
	}
	return "ours-unknown-oracle-" + d.oracle
}

// entry is one listed divergence: a pattern of case names and the two
// verdicts, with the documentation sentence that decides who is right.
type entry struct {
	Cases  string `json:"cases"` // a regular expression over case names
	Ours   string `json:"ours"`
	Oracle string `json:"oracle"`
	Right  string `json:"right"` // "ours" or "oracle": who the documentation says is right
	Quote  string `json:"quote"`
	URL    string `json:"url"`
	// Also are further sentences that decide it, each with its page.
	Also []struct {
		Quote string `json:"quote"`
		URL   string `json:"url"`
	} `json:"also,omitempty"`
	// Note: "BUG: ..." where our verdict is wrong (false ok, false fail,
	// or needless unknown), naming the fix; "LIMITATION: ..." where ours
	// is a needless unknown the design accepts.
	Note string `json:"note"`
	re   *regexp.Regexp
	hits int
}

func readDivergences(t *testing.T) []*entry {
	t.Helper()
	data, err := os.ReadFile(divergencesFile)
	if err != nil {
		t.Fatal(err)
	}
	var entries []*entry
	if err := json.Unmarshal(data, &entries); err != nil {
		t.Fatalf("%s: %v", divergencesFile, err)
	}
	verdicts := map[string]bool{"ok": true, "fail": true, "unknown": true, "invalid": true}
	for i, e := range entries {
		if e.re, err = regexp.Compile(e.Cases); err != nil {
			t.Fatalf("%s entry %d: %v", divergencesFile, i, err)
		}
		if !verdicts[e.Ours] || !verdicts[e.Oracle] || e.Ours == e.Oracle {
			t.Fatalf("%s entry %d: ours %q and oracle %q must be two different verdicts", divergencesFile, i, e.Ours, e.Oracle)
		}
		if (e.Right != "ours" && e.Right != "oracle") || e.Quote == "" || !strings.HasPrefix(e.URL, "https://") {
			t.Fatalf("%s entry %d: each entry needs right (ours or oracle), the deciding quote and its https URL", divergencesFile, i)
		}
		if e.Right == "oracle" && !strings.HasPrefix(e.Note, "BUG: ") && !strings.HasPrefix(e.Note, "LIMITATION: ") {
			t.Fatalf("%s entry %d: where the oracle is right our verdict is a bug (note \"BUG: fixed by ...\") or an accepted limitation (note \"LIMITATION: ...\")", divergencesFile, i)
		}
		for _, a := range e.Also {
			if a.Quote == "" || !strings.HasPrefix(a.URL, "https://") {
				t.Fatalf("%s entry %d: each further quote needs its https URL", divergencesFile, i)
			}
		}
	}
	return entries
}

func matchEntry(entries []*entry, d divergence) *entry {
	for _, e := range entries {
		if e.Ours == d.ours && e.Oracle == d.oracle && e.re.MatchString(d.c.Name) {
			return e
		}
	}
	return nil
}

// stats are the counts the test logs.
type stats struct {
	cases, agree map[string]int
	byCategory   map[string]int
	byEntry      map[*entry]int
	entries      []*entry // in file order
	example      map[string]string
}

func newStats(entries []*entry) *stats {
	return &stats{cases: map[string]int{}, agree: map[string]int{}, byCategory: map[string]int{},
		byEntry: map[*entry]int{}, entries: entries, example: map[string]string{}}
}

func (s *stats) count(class string, agree bool) {
	s.cases[class]++
	if agree {
		s.agree[class]++
	}
}

func (s *stats) listed(d divergence, e *entry) {
	cat := d.category()
	s.byCategory[cat]++
	if _, ok := s.example[cat]; !ok {
		s.example[cat] = d.c.Name
	}
	s.byEntry[e]++
}

func (s *stats) summary() string {
	var b strings.Builder
	total, agree := 0, 0
	for _, class := range []string{classRedshift, classChained, classS3} {
		fmt.Fprintf(&b, "%-13s %5d cases, %5d agree, %5d listed divergences\n", class, s.cases[class], s.agree[class], s.cases[class]-s.agree[class])
		total += s.cases[class]
		agree += s.agree[class]
	}
	fmt.Fprintf(&b, "%-13s %5d cases, %5d agree\n", "all", total, agree)
	cats := make([]string, 0, len(s.byCategory))
	for c := range s.byCategory {
		cats = append(cats, c)
	}
	sort.Strings(cats)
	for _, c := range cats {
		fmt.Fprintf(&b, "  %-30s %5d  e.g. %s\n", c, s.byCategory[c], s.example[c])
	}
	for _, e := range s.entries {
		if s.byEntry[e] == 0 {
			continue
		}
		note, _, _ := strings.Cut(e.Note, ". ")
		fmt.Fprintf(&b, "  %5d  ours %-7s oracle %-7s %-58.58q %s right; %s\n", s.byEntry[e], e.Ours, e.Oracle, e.Cases, e.Right, note)
	}
	return b.String()
}

// reportUnlisted fails with the unlisted divergences, grouped by class
// and verdicts, with a few examples each and their worlds.
func reportUnlisted(t *testing.T, ds []divergence) {
	t.Helper()
	if len(ds) == 0 {
		return
	}
	groups := map[string][]divergence{}
	var keys []string
	for _, d := range ds {
		k := d.c.Class + " " + d.category()
		if groups[k] == nil {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], d)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "\n== %s: %d\n", k, len(groups[k]))
		for i, d := range groups[k] {
			if i == examplesPerGroup() {
				break
			}
			fmt.Fprintf(&b, "%s\n  ours: %s (%s)\n", d.c.Name, d.ours, d.detail)
			for j, w := range d.c.Oracle.Worlds {
				fmt.Fprintf(&b, "  oracle world %s: %s\n", w.Label, d.res.Results[j])
			}
		}
	}
	if path := os.Getenv("PREFLIGHT_DIFFERENTIAL_REPORT"); path != "" {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Error(err)
		}
	}
	t.Errorf("%d divergences are not listed in %s; decide each from the AWS documentation and list it (quote + URL), or fix the evaluator:%s",
		len(ds), divergencesFile, truncate(b.String(), 20000))
}

// examplesPerGroup: PREFLIGHT_DIFFERENTIAL_EXAMPLES shows more.
func examplesPerGroup() int {
	n := 3
	fmt.Sscan(os.Getenv("PREFLIGHT_DIFFERENTIAL_EXAMPLES"), &n)
	return n
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "\n… (set PREFLIGHT_DIFFERENTIAL_REPORT=FILE for all)"
}
