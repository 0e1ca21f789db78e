package checks

import (
	"sort"

	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// The result types: everything a printer needs, with rule ids, verdicts
// and the origin of every policy statement resolved, so that printers
// depend on this package and sqlparse only.

// Verdict of a hop, a reference, an operation or a connection (SPEC §5).
type Verdict string

const (
	VerdictOK        Verdict = "ok"
	VerdictFail      Verdict = "fail"
	VerdictUnknown   Verdict = "unknown"
	VerdictUnchecked Verdict = "unchecked"
)

// Results is the outcome of a whole run of check.
type Results struct {
	Files   []*FileResult // sorted by file name
	Summary Summary
	// Notes say what the data given cannot support (no cluster data, no
	// --db-user), so that unknown verdicts do not come as a surprise.
	Notes []string
}

// FileResult is the outcome of checking one file.
type FileResult struct {
	File       *sqlparse.File
	Statements int
	References []*Reference // in file order
	Findings   []Finding    // sorted by position
	// Secrets are the spans of literal secret values: printers must never
	// print these bytes.
	Secrets []sqlparse.Span
	// DynamicSQL counts the statements of routine bodies that run SQL
	// built at run time and may hold a credential clause: not checked.
	DynamicSQL int
}

// Finding is one problem a rule reported.
type Finding struct {
	Rule     RuleID
	Severity Severity
	File     *sqlparse.File // nil for the findings of the connect command
	Span     sqlparse.Span
	Message  string   // one line, lowercase start, says what is wrong
	Help     string   // optional: how to fix it
	Notes    []string // optional: related facts, such as the policy statement that decided
	// Reference is the id of the reference it concerns (global after the
	// run, the index in its file before), or -1 for a file-level finding.
	Reference int

	// advice names what an advisory is about (rule, role, statement), so
	// that a run reports it once (mergeAdvisories); "" for other findings.
	advice string
}

// Reference is one credential reference with its verdict (SPEC §7).
type Reference struct {
	ID        int
	File      *sqlparse.File
	Statement string // COPY, UNLOAD, ... (SPEC §3.1)
	Clause    string // IAM_ROLE, ..., NONE
	// Keyword is where the clause keyword is (for NONE, the statement's
	// first keyword); Value where its value starts (for NONE, the keyword).
	Keyword, Value sqlparse.Span
	Roles          []string
	Target         *Target // nil when the statement names none
	Verdict        Verdict
	Reason         RuleID // the rule that decided the verdict, when exactly one did
	Hops           []Hop
	// Operation is what the last role must be allowed to do (SPEC §9); nil
	// when it was not evaluated (a hop fails, no data, nothing to check).
	Operation *Operation
	// NotChecked says why the reference could not be checked; "" when it
	// was (its verdict is then ok, fail or unknown on the data given).
	NotChecked Cause
}

// Cause is why a reference could not be checked.
type Cause string

const (
	// CausePlaceholder: its value holds a placeholder that has no value,
	// so whatever the data, the chain cannot be judged.
	CausePlaceholder Cause = "unresolved_placeholder"
	// CauseNoData: no IAM or cluster data was given (verdict unchecked).
	CauseNoData Cause = "no_data"
)

// Causes lists every cause, in the order summaries show them; a new cause
// is added here (and given words by the printers).
var Causes = []Cause{CausePlaceholder, CauseNoData}

// Target is what a statement reads, writes or calls.
type Target struct {
	Kind string // s3, lambda, ... (SPEC §7)
	URI  string
}

// Hop is one assumption of a chain (or of a connect path).
type Hop struct {
	From string
	To   *string // nil when IAM_ROLE default cannot be resolved
	// Role and Account name the role assumed for people (its name with
	// its path, its account); empty when To is nil or not a role ARN.
	Role, Account string
	Verdict       Verdict
	Reason        RuleID   // the rule that decided a fail or unknown verdict
	Warnings      []RuleID // the rules that warn about an otherwise working hop
	Issues        []Issue  // every fail and unknown, most important first
	Remarks       []Issue  // the warnings, in detail
	// Deciding are the policy statements that decided the hop.
	Deciding []PolicyStatement
}

// Issue is one problem (or remark) found on a hop, a check or a path.
type Issue struct {
	Rule       RuleID // "" for a gap no rule covers (no cluster data, a placeholder)
	Verdict    Verdict
	Message    string
	Help       string
	Keys       []string // condition keys that could not be known
	Statements []PolicyStatement
}

// PolicyStatement names one statement of one policy document and where
// the document came from.
type PolicyStatement struct {
	Effect string // Allow or Deny; "" when it did not decide
	Policy string // the document's label: trust policy of role/X, managed policy arn:...
	Index  int
	Sid    string
	// Origin is where the data holds the document; nil when it does not say.
	Origin *PolicyOrigin
}

// PolicyOrigin is the file, the JSON path and the owner of a policy document.
type PolicyOrigin struct {
	Kind string // trust, inline, managed, boundary, unknown, bucket, function
	Role string // the role or user the policy belongs to or is attached to; "" for managed policies
	Name string // the policy's name (inline) or ARN (managed, boundary)
	File string
	Line int // of the statement in File (of the document when the statement's is not known); 0 when not known
	Path string
}

// Operation is the verdict on what the last role must be allowed to do.
type Operation struct {
	Role    string
	Checks  []Check
	Verdict Verdict
	Reason  RuleID // the rule shared by every check that decided the verdict, or ""
}

// Check is one action on one resource that a principal needs.
type Check struct {
	Action, Resource string
	Verdict          Verdict
	Reason           RuleID
	Message, Help    string
	Keys             []string
	Statements       []PolicyStatement // what the message is about
	Deciding         []PolicyStatement // what decided, with its effect
}

// Summary counts what a run looked at and found.
type Summary struct {
	Files, Statements, References int
	Errors, Warnings, Infos       int
	// The references by outcome: OK + Fail + Unknown + the NotChecked
	// counts make References.
	OK, Fail, Unknown int
	NotChecked        map[Cause]int // nil when every reference was checked
	// DynamicSQL counts the statements built at run time (EXECUTE 'COPY '
	// || x inside a procedure body): they are not references, and no
	// credential in them can be checked.
	DynamicSQL int
}

// collect orders file results by name, numbers references across files
// (findings then point at the global ids) and counts the summary.
func collect(files []*FileResult) *Results {
	sort.SliceStable(files, func(i, j int) bool { return files[i].File.Name < files[j].File.Name })
	res := &Results{Files: files}
	next := 0
	for _, fr := range files {
		base := next
		for _, r := range fr.References {
			r.ID += base
			next++
		}
		for i := range fr.Findings {
			if fr.Findings[i].Reference >= 0 {
				fr.Findings[i].Reference += base
			}
			res.Summary.count(fr.Findings[i].Severity)
		}
		res.Summary.Files++
		res.Summary.Statements += fr.Statements
		res.Summary.References += len(fr.References)
		res.Summary.DynamicSQL += fr.DynamicSQL
		for _, r := range fr.References {
			res.Summary.outcome(r)
		}
	}
	return res
}

// outcome counts a reference by its outcome.
func (s *Summary) outcome(r *Reference) {
	if r.NotChecked != "" {
		if s.NotChecked == nil {
			s.NotChecked = map[Cause]int{}
		}
		s.NotChecked[r.NotChecked]++
		return
	}
	switch r.Outcome() {
	case VerdictOK:
		s.OK++
	case VerdictFail:
		s.Fail++
	default:
		s.Unknown++
	}
}

// Outcome is the verdict a summary counts a checked reference by: its
// chain's, unless the chain works and the operation does not (a role that
// may not read the bucket does not make the COPY work), or is unknown.
func (r *Reference) Outcome() Verdict {
	if r.Operation == nil || r.Verdict != VerdictOK {
		return r.Verdict
	}
	return r.Operation.Verdict
}

// NotCheckedRefs counts the references that could not be checked.
func (s *Summary) NotCheckedRefs() int {
	n := 0
	for _, c := range s.NotChecked {
		n += c
	}
	return n
}

// Unchecked counts everything that could not be checked: references and
// dynamic SQL (for --fail-on-unchecked).
func (s *Summary) Unchecked() int { return s.NotCheckedRefs() + s.DynamicSQL }

// addFile appends the result of a file that is not SQL (the config file's
// [[connections]]) after collect, counting its findings but not the file.
func (r *Results) addFile(fr *FileResult) {
	r.Files = append(r.Files, fr)
	for _, f := range fr.Findings {
		r.Summary.count(f.Severity)
	}
}

func (s *Summary) count(sev Severity) {
	switch sev {
	case Error:
		s.Errors++
	case Warning:
		s.Warnings++
	case Info:
		s.Infos++
	}
}

// AtOrAbove counts findings at or above a severity (for --fail-on).
func (s *Summary) AtOrAbove(min Severity) int {
	n := 0
	if min <= Error {
		n += s.Errors
	}
	if min <= Warning {
		n += s.Warnings
	}
	if min <= Info {
		n += s.Infos
	}
	return n
}

// countFindings summarises findings that belong to no file run (explain,
// connect).
func countFindings(fs []Finding) Summary {
	var s Summary
	for _, f := range fs {
		s.count(f.Severity)
	}
	return s
}
