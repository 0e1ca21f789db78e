package checks

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
	DeprecatedCredentialsSyntax RuleID = "deprecated-credentials-syntax"
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
	UnusedIgnore                RuleID = "unused-ignore"
)
