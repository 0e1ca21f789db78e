// Package checks is the tool's library: the rule catalogue and the three
// pipelines the commands run.
//
// Run (check), Explain (explain) and Connect (connect) take typed options,
// read and parse the SQL, load the IAM and cluster data, walk the chains,
// evaluate what the last roles may do, run the rules, and return results
// that printers read: every rule id, verdict and policy statement (with the
// file and JSON path it came from) resolved, so that package report needs
// nothing but this package and sqlparse. Errors are plain errors: input the
// tool cannot use; problems in the input are findings.
//
// Explain builds the statement it describes from its kind's example and
// runs the check pipeline over it, so that explain and check agree.
//
// Rules are values (ID, severity, title, doc, Run, and the properties the
// driver and printers ask) in one ordered slice, catalogue.go, in the
// manner of golang.org/x/tools/go/analysis; their ids are the typed
// constants of catalogue.go. Rules only report; the driver applies the user's
// rule selection and severity overrides, sorts, removes duplicates and
// decides each reference's verdict (SPEC §5).
package checks
