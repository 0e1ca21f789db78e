package redact_test

import (
	"strings"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/redact"
	"github.com/redshift-preflight/redshift-preflight/redshift"
	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// TestKnowsEveryCredentialKey keeps the masker's key list covering the
// SQL parser's: every secret key of a CREDENTIALS string, in any case, and
// every key clause followed by its quoted value.
func TestKnowsEveryCredentialKey(t *testing.T) {
	keys := []string{sqlparse.CredAccessKeyID, sqlparse.CredSecretAccessKey, sqlparse.CredToken, sqlparse.CredMasterSymmetricKey,
		sqlparse.CredIAMRole, "unknown_key"}
	for _, k := range keys {
		for _, spelled := range []string{k, strings.ToUpper(k)} {
			in := spelled + "=hunter2"
			got := redact.Secrets(in)
			if masked := got != in; masked != sqlparse.IsSecretKey(k) {
				t.Errorf("Secrets(%q) = %q; the parser's IsSecretKey says %v", in, got, sqlparse.IsSecretKey(k))
			}
		}
	}
	for c := redshift.Clause(1); c.String() != "Clause(?)"; c++ {
		in := c.String() + " 'hunter2'"
		if got := redact.Secrets(in); (got != in) != c.IsKey() {
			t.Errorf("Secrets(%q) = %q; the clause's IsKey says %v", in, got, c.IsKey())
		}
	}
}
