package checks

import "github.com/redshift-preflight/redshift-preflight/sqlparse"

// KMSKeyIDs lists the KMS_KEY_ID values of a checked file's statements, in
// file order: collect gathers them as targets. KMS_KEY_ID is an option,
// not a reference's target, so FileResult does not carry it; the file is
// parsed again as check read it (placeholders as they stand).
func KMSKeyIDs(f *sqlparse.File) []string {
	var ids []string
	for _, st := range sqlparse.Parse(f, sqlparse.Options{}).Statements {
		if id, ok := st.Option("KMS_KEY_ID"); ok {
			ids = append(ids, id)
		}
	}
	return ids
}
