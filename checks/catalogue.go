package checks

import (
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/redshift-preflight/redshift-preflight/chain"
	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// RuleID is a rule's stable kebab-case id, as users write it in --enable,
// --disable, --severity, configuration files and ignore directives, and as
// every output format prints it. Every id is one of these constants; code
// never spells an id as a string literal.
type RuleID string

// The catalogue's ids, in the order of the documentation (SPEC §6).
const (
	SyntaxError                 RuleID = "syntax-error"
	InvalidEncoding             RuleID = "invalid-encoding"
	ChainWhitespace             RuleID = "chain-whitespace"
	ChainEmptyElement           RuleID = "chain-empty-element"
	ChainTooLong                RuleID = "chain-too-long"
	DefaultInChain              RuleID = "default-in-chain"
	DefaultQuoted               RuleID = "default-quoted"
	DefaultNotAllowed           RuleID = "default-not-allowed"
	InvalidRoleARN              RuleID = "invalid-role-arn"
	TypographicQuotes           RuleID = "typographic-quotes"
	HardcodedSecret             RuleID = "hardcoded-secret"
	MissingAuthorization        RuleID = "missing-authorization"
	ConflictingAuthorization    RuleID = "conflicting-authorization"
	UnresolvedPlaceholder       RuleID = "unresolved-placeholder"
	PlaceholderExpansionLimit   RuleID = "placeholder-expansion-limit"
	BadInclude                  RuleID = "bad-include"
	DeprecatedCredentialsSyntax RuleID = "deprecated-credentials-syntax"
	SessionIdentity             RuleID = "session-identity"
	BidiControl                 RuleID = "bidi-control"
	NotAssociated               RuleID = "not-associated"
	AssociationRemoving         RuleID = "association-removing"
	AssociationPending          RuleID = "association-pending"
	NoDefaultRole               RuleID = "no-default-role"
	RoleNotFound                RuleID = "role-not-found"
	RoleUnknown                 RuleID = "role-unknown"
	TrustMissing                RuleID = "trust-missing"
	TrustRegion                 RuleID = "trust-region"
	TrustExternalID             RuleID = "trust-external-id"
	AssumePermissionMissing     RuleID = "assume-permission-missing"
	ExplicitDeny                RuleID = "explicit-deny"
	BoundaryDeny                RuleID = "boundary-deny"
	PolicyUnknown               RuleID = "policy-unknown"
	ConditionUnverifiable       RuleID = "condition-unverifiable"
	TrustWildcardPrincipal      RuleID = "trust-wildcard-principal"
	ConnectPermissionMissing    RuleID = "connect-permission-missing"
	PermissionMissing           RuleID = "permission-missing"
	PermissionUnknown           RuleID = "permission-unknown"
	AssumeRoleNotGranted        RuleID = "assumerole-not-granted"
	BroadIdentityPolicy         RuleID = "broad-identity-policy"
	AssumeRoleAny               RuleID = "assume-role-any"
	TrustNoExternalID           RuleID = "trust-no-external-id"
	SCPDeny                     RuleID = "scp-deny"
	RCPDeny                     RuleID = "rcp-deny"
	UnusedIgnore                RuleID = "unused-ignore"
	BucketRegionMismatch        RuleID = "bucket-region-mismatch"
	BucketNotFound              RuleID = "bucket-not-found"
)

// Rule is one check of the catalogue, in the manner of go/analysis's
// Analyzer: an id, a default severity, a title and documentation, and the
// function that reports its findings. The other fields are the properties
// the driver, the printers and the CLI ask instead of comparing ids.
type Rule struct {
	ID       RuleID
	Severity Severity // default severity
	Title    string   // one line, lowercase, no final period
	Doc      string   // what it finds, why it matters, how to fix it
	// Run reports the rule's findings in one file; nil for the rule whose
	// findings come only from the connect path (Connect, [[connections]]).
	Run   func(*Pass)
	Phase Phase
	// OptIn rules run only when enabled explicitly (--enable).
	OptIn bool

	// Reason is the verdict reason of a hop, an operation or a connection
	// that this rule reports (chain.NoReason for the others).
	Reason chain.Reason
	// ChainProblem is the chain syntax problem it reports (0 for none).
	ChainProblem chain.Kind
	// Diagnostic is the parser diagnostic it reports (0 for none).
	Diagnostic sqlparse.DiagKind
	// WalksAnyway: a reference-level error that does not stop the chain
	// walk: the IAM side of the chain still matters (chain-too-long,
	// assumerole-not-granted).
	WalksAnyway bool
	// StatementRuns: a finding of this reference-level error does not make
	// Redshift refuse the statement (a hard-coded key works, it is only
	// unsafe). Every other reference-level error does, and so fails every
	// reference of the statement, not only the one it points at.
	StatementRuns bool
	// HidesSource: printers show no source excerpt for its findings (the
	// bytes are not text).
	HidesSource bool
	// Advisory: a least-privilege remark on a role a chain uses, which never
	// changes a verdict.
	Advisory bool
}

// Phase orders the rules: reference rules, then the chain walk and the hop
// rules, then ignore directives and the rule that reports unused ones.
type Phase int

const (
	PhaseReference Phase = iota
	PhaseHops
	PhaseIgnores
)

// catalogue is every rule, in the order of the documentation (SPEC §6).
// It is filled by init: the rules' functions look rules up, so a package
// variable initialised with them would depend on itself.
var (
	catalogue []*Rule
	byID      map[RuleID]*Rule
	byReason  map[chain.Reason]*Rule
)

func init() {
	chainRule := func(id RuleID, k chain.Kind, title, doc string) *Rule {
		return &Rule{ID: id, Severity: Error, Title: title, Doc: doc, ChainProblem: k, Run: runChainProblems}
	}
	hopRule := func(id RuleID, sev Severity, r chain.Reason, title, doc string) *Rule {
		return &Rule{ID: id, Severity: sev, Title: title, Doc: doc, Reason: r, Phase: PhaseHops, Run: runHopIssues}
	}
	catalogue = []*Rule{
		{ID: SyntaxError, Severity: Error, Diagnostic: sqlparse.DiagSyntax, Run: runSyntaxError, Doc: docSyntaxError,
			Title: "SQL that cannot be tokenized, or a credential clause without a usable value"},
		{ID: InvalidEncoding, Severity: Error, Diagnostic: sqlparse.DiagEncoding, Run: runDiagnostics, HidesSource: true,
			Doc: docInvalidEncoding, Title: "file is not UTF-8 text (invalid bytes, NUL)"},
		chainRule(ChainWhitespace, chain.KindWhitespace, "whitespace inside a quoted role value", docChainWhitespace),
		chainRule(ChainEmptyElement, chain.KindEmptyElement, "leading, trailing or doubled comma, or an empty role value", docChainEmptyElement),
		withWalk(chainRule(ChainTooLong, chain.KindTooLong, "role chain longer than the allowed maximum", docChainTooLong)),
		chainRule(DefaultInChain, chain.KindDefaultInChain, "default used as one element of a role chain", docDefaultInChain),
		chainRule(DefaultQuoted, chain.KindDefaultQuoted, "default written in quotes", docDefaultQuoted),
		{ID: DefaultNotAllowed, Severity: Error, Run: runDefaultNotAllowed, Doc: docDefaultNotAllowed,
			Title: "default used where Redshift refuses it"},
		chainRule(InvalidRoleARN, chain.KindInvalidARN, "role chain element is not a valid IAM role ARN", docInvalidRoleARN),
		{ID: TypographicQuotes, Severity: Error, Run: runTypographicQuotes, Doc: docTypographicQuotes,
			Title: "value wrapped in typographic quotes"},
		{ID: HardcodedSecret, Severity: Error, Run: runHardcodedSecret, Doc: docHardcodedSecret, StatementRuns: true,
			Title: "literal access key, secret key, session token or master symmetric key in SQL"},
		{ID: MissingAuthorization, Severity: Error, Run: runMissingAuthorization, Doc: docMissingAuthorization,
			Title: "statement needs authorization and has none"},
		{ID: ConflictingAuthorization, Severity: Error, Run: runConflictingAuthorization, Doc: docConflictingAuthorization,
			Title: "IAM_ROLE together with CREDENTIALS or keys, or MASTER_SYMMETRIC_KEY with CREDENTIALS"},
		{ID: UnresolvedPlaceholder, Severity: Warning, Run: runUnresolvedPlaceholder, Doc: docUnresolvedPlaceholder,
			Title: "a value holds a placeholder that has no value"},
		{ID: PlaceholderExpansionLimit, Severity: Error, Diagnostic: sqlparse.DiagExpansion, Run: runDiagnostics,
			Doc: docPlaceholderExpansionLimit, Title: "placeholder values would make a file more than 16 times larger"},
		{ID: BadInclude, Severity: Error, Diagnostic: sqlparse.DiagInclude, Run: runDiagnostics, Doc: docBadInclude,
			Title: "a changelog's include, includeAll or sqlFile is missing, outside the project, or a cycle"},
		{ID: BucketRegionMismatch, Severity: Error, Run: runBucketRegionMismatch, Doc: docBucketRegionMismatch, WalksAnyway: true,
			Title: "COPY or UNLOAD on a bucket in another region than the cluster without REGION, or with another REGION"},
		// A reference rule (it needs no role) that also names the reason of
		// the operation checks on the missing bucket.
		{ID: BucketNotFound, Severity: Error, Run: runBucketNotFound, Reason: chain.ReasonBucketNotFound, Doc: docBucketNotFound,
			WalksAnyway: true, Title: "a statement uses an S3 bucket that did not exist when the data was collected"},
		{ID: DeprecatedCredentialsSyntax, Severity: Warning, Run: runDeprecatedCredentials, Doc: docDeprecatedCredentialsSyntax,
			Title: "CREDENTIALS string used instead of IAM_ROLE"},
		{ID: SessionIdentity, Severity: Warning, Run: runSessionIdentity, Doc: docSessionIdentity,
			Title: "IAM_ROLE 'SESSION' acts as the caller's federated identity, which the data cannot check"},
		{ID: BidiControl, Severity: Warning, Run: runBidiControl, Doc: docBidiControl,
			Title: "bidirectional control character outside comments (Trojan Source)"},

		hopRule(NotAssociated, Error, chain.ReasonNotAssociated, "first role not associated with the cluster", docNotAssociated),
		hopRule(AssociationRemoving, Error, chain.ReasonAssociationRemoving, "first role's association is being removed", docAssociationRemoving),
		hopRule(AssociationPending, Warning, chain.ReasonAssociationPending, "first role's association is still being added", docAssociationPending),
		hopRule(NoDefaultRole, Error, chain.ReasonNoDefaultRole, "IAM_ROLE default but the cluster has no default role", docNoDefaultRole),
		hopRule(RoleNotFound, Error, chain.ReasonRoleNotFound, "role's account is supplied but the role is not in it", docRoleNotFound),
		hopRule(RoleUnknown, Warning, chain.ReasonRoleUnknown, "role's account is not in the supplied data", docRoleUnknown),
		hopRule(TrustMissing, Error, chain.ReasonTrustMissing, "no trust statement lets the previous principal assume the role", docTrustMissing),
		hopRule(TrustRegion, Error, chain.ReasonTrustRegion, "trust names only regional Redshift principals of other regions", docTrustRegion),
		hopRule(TrustExternalID, Error, chain.ReasonTrustExternalID, "trust fails only on its sts:ExternalId condition for this db user", docTrustExternalID),
		hopRule(AssumePermissionMissing, Error, chain.ReasonAssumePermission, "previous role's identity policies do not allow sts:AssumeRole on the role", docAssumePermissionMissing),
		hopRule(ExplicitDeny, Error, chain.ReasonExplicitDeny, "an applicable Deny in identity or trust policy", docExplicitDeny),
		hopRule(BoundaryDeny, Error, chain.ReasonBoundaryDeny, "previous role's permissions boundary does not allow the assumption", docBoundaryDeny),
		hopRule(PolicyUnknown, Warning, chain.ReasonPolicyUnknown, "an attached policy's document is not in the data", docPolicyUnknown),
		hopRule(ConditionUnverifiable, Warning, chain.ReasonConditionUnverifiable, "the result depends on a condition key that cannot be known offline", docConditionUnverifiable),
		hopRule(TrustWildcardPrincipal, Warning, chain.ReasonTrustWildcardPrincipal, `the hop works only because the trust policy allows "*"`, docTrustWildcardPrincipal),
		{ID: ConnectPermissionMissing, Severity: Error, Phase: PhaseHops, Reason: chain.ReasonConnectPermission, Doc: docConnectPermissionMissing,
			Title: "the access role may not get database credentials"},
		{ID: SCPDeny, Severity: Error, Phase: PhaseHops, Reason: chain.ReasonSCPDeny, Run: runGuardrailDeny, Doc: docSCPDeny,
			Title: "an Organizations service control policy refuses a hop or what the statement does"},
		{ID: RCPDeny, Severity: Error, Phase: PhaseHops, Reason: chain.ReasonRCPDeny, Run: runGuardrailDeny, Doc: docRCPDeny,
			Title: "an Organizations resource control policy refuses a hop or what the statement does"},
		{ID: PermissionMissing, Severity: Error, Phase: PhaseHops, Reason: chain.ReasonPermissionMissing, Run: runPermissionMissing,
			Doc: docPermissionMissing, Title: "the last role may not do what the statement does"},
		{ID: PermissionUnknown, Severity: Warning, Phase: PhaseHops, Run: runPermissionUnknown, Doc: docPermissionUnknown,
			Title: "the data cannot decide whether the last role may do what the statement does"},
		{ID: AssumeRoleNotGranted, Severity: Error, WalksAnyway: true, Run: runAssumeRoleNotGranted, Doc: docAssumeRoleNotGranted,
			Title: "the database user has no ASSUMEROLE grant on the chain for the command"},

		// Least-privilege advisories on the roles that walked chains use. They
		// look at the policies themselves, not at whether a hop works, and
		// never change a verdict.
		{ID: BroadIdentityPolicy, Advisory: true, Severity: Warning, Phase: PhaseHops, Run: runBroadIdentityPolicy, Doc: docBroadIdentityPolicy,
			Title: `a chain role's identity policy allows "*" or redshift:* on every resource`},
		{ID: AssumeRoleAny, Advisory: true, Severity: Warning, Phase: PhaseHops, Run: runAssumeRoleAny, Doc: docAssumeRoleAny,
			Title: `a chain role may assume any role (sts:AssumeRole on "*")`},
		{ID: TrustNoExternalID, Advisory: true, Severity: Info, Phase: PhaseHops, Run: runTrustNoExternalID, Doc: docTrustNoExternalID,
			Title: "first role trusts Redshift without an sts:ExternalId condition"},
		{ID: UnusedIgnore, Severity: Warning, Phase: PhaseIgnores, Run: runUnusedIgnore, Doc: docUnusedIgnore,
			Title: "an ignore directive names an unknown rule or silenced nothing"},
	}
	byID = map[RuleID]*Rule{}
	byReason = map[chain.Reason]*Rule{}
	for _, r := range catalogue {
		if err := r.validate(); err != nil {
			panic(err) // every test binary stops at once
		}
		if byID[r.ID] != nil {
			panic("duplicate rule " + r.ID)
		}
		byID[r.ID] = r
		if r.Reason != chain.NoReason {
			byReason[r.Reason] = r
		}
	}
}

func withWalk(r *Rule) *Rule { r.WalksAnyway = true; return r }

// Rules returns the catalogue in the order of the documentation (SPEC §6).
func Rules() []*Rule { return catalogue }

// RuleIDs are the ids of the catalogue, in its order.
func RuleIDs() []string {
	ids := make([]string, len(catalogue))
	for i, r := range catalogue {
		ids[i] = string(r.ID)
	}
	return ids
}

// Lookup returns the rule with the given id, or nil.
func Lookup(id RuleID) *Rule { return byID[id] }

// ruleOf returns the rule that reports a verdict reason, or nil for
// chain.NoReason.
func ruleOf(r chain.Reason) *Rule { return byReason[r] }

// ruleIDOf is the id of the rule that reports a reason, "" for none.
func ruleIDOf(r chain.Reason) RuleID {
	if rule := ruleOf(r); rule != nil {
		return rule.ID
	}
	return ""
}

// Regular expressions are compiled on first use (sync.OnceValue): package
// initialisation runs at every start of the program, pre-commit's included.
var kebabCase = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z]+(-[a-z0-9]+)*$`) })

// lowercaseStart accepts a title whose first word is lowercase or an acronym
// or keyword in capitals (SQL, IAM_ROLE), never a capitalised sentence.
func lowercaseStart(title string) bool {
	word, _, _ := strings.Cut(title, " ")
	return word != "" && (word == strings.ToLower(word) || word == strings.ToUpper(word))
}

func (r *Rule) validate() error {
	switch {
	case !kebabCase().MatchString(string(r.ID)):
		return fmt.Errorf("rule id %q is not kebab-case", r.ID)
	case r.Severity < Info || r.Severity > Error:
		return fmt.Errorf("rule %s has no valid severity", r.ID)
	case !lowercaseStart(r.Title) || strings.HasSuffix(r.Title, "."):
		return fmt.Errorf("rule %s: title must start lowercase and not end with a period", r.ID)
	case r.Doc == "":
		return fmt.Errorf("rule %s has no documentation", r.ID)
	case r.Run == nil && r.Reason == chain.NoReason:
		return fmt.Errorf("rule %s reports nothing: it has no Run and no verdict reason", r.ID)
	}
	return nil
}
