package redshift

// Clause is a credential clause of a statement.
type Clause uint8

const (
	// ClauseNone is synthetic: the statement needs authorization and has
	// none, and a reference with this clause gives missing-authorization a
	// home.
	ClauseNone Clause = iota + 1
	IAMRole
	CatalogRole
	Credentials
	AccessKeyID
	SecretAccessKey
	SessionToken
	MasterSymmetricKey
	numClauses
)

// clauseNames are the clauses as SQL and reports spell them (SPEC §3.1).
var clauseNames = [numClauses]string{
	ClauseNone:         "NONE",
	IAMRole:            "IAM_ROLE",
	CatalogRole:        "CATALOG_ROLE",
	Credentials:        "CREDENTIALS",
	AccessKeyID:        "ACCESS_KEY_ID",
	SecretAccessKey:    "SECRET_ACCESS_KEY",
	SessionToken:       "SESSION_TOKEN",
	MasterSymmetricKey: "MASTER_SYMMETRIC_KEY",
}

func (c Clause) String() string {
	if c == 0 || c >= numClauses {
		return "Clause(?)"
	}
	return clauseNames[c]
}

// ClauseOfWord returns the clause an upper-case SQL keyword introduces.
// NONE is no keyword: it never matches.
func ClauseOfWord(word string) (Clause, bool) {
	for c := IAMRole; c < numClauses; c++ {
		if clauseNames[c] == word {
			return c, true
		}
	}
	return 0, false
}

// IsRole reports whether the clause's value is a role chain.
func (c Clause) IsRole() bool { return c == IAMRole || c == CatalogRole }

// IsKey reports whether the clause's value is key material.
func (c Clause) IsKey() bool {
	return c == AccessKeyID || c == SecretAccessKey || c == SessionToken || c == MasterSymmetricKey
}

// Authorizes reports whether the clause, on its own or with its partners,
// gives the statement its AWS authorization (MASTER_SYMMETRIC_KEY only
// decrypts, and CATALOG_ROLE only reaches the catalog).
func (c Clause) Authorizes() bool {
	return c == IAMRole || c == Credentials || c == AccessKeyID || c == SecretAccessKey || c == SessionToken
}
