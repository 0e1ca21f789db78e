package checks

import "github.com/redshift-preflight/redshift-preflight/sqlparse"

// KMSKeyIDs lists the KMS_KEY_ID values of a checked file's statements, in
// file order: collect gathers them as targets. KMS_KEY_ID is an option,
// not a reference's target, so FileResult does not carry it; the file is
// parsed again as check read it (placeholders as they stand).
func KMSKeyIDs(f *sqlparse.File) []string { return OptionValues(f, "KMS_KEY_ID") }

// OptionValues lists the values of the named option (KMS_KEY_ID,
// JSONPATHS) in the file's statements, in order; collect reads the
// resources they name. The file is parsed again as KMSKeyIDs says.
func OptionValues(f *sqlparse.File, name string) []string {
	var values []string
	for _, st := range sqlparse.Parse(f, sqlparse.Options{}).Statements {
		if v, ok := st.Option(name); ok {
			values = append(values, v)
		}
	}
	return values
}
