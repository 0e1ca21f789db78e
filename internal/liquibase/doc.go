// Package liquibase finds the SQL a Liquibase project runs and turns each
// file that holds it into a same-offset view (internal/sqlview): formatted
// SQL files (--liquibase formatted sql), the <sql> of XML, YAML and JSON
// changelogs, and the files <sqlFile>, include and includeAll name. Its
// Layout is the config.Layout that check uses.
//
// What Liquibase's documentation decides, quoted where it is used:
//   - changelog properties: "Once a property has been set, it cannot be
//     changed. Also, only the first definition is used, others are
//     skipped." liquibase.properties parameter.NAME and -DNAME= (--var)
//     are set before any changelog is read, so they win.
//   - rollback SQL (--rollback lines, /* liquibase rollback */ blocks,
//     <rollback>) runs only on the rollback command, never on update: it
//     is not checked.
//   - endDelimiter "/" ends a statement only on a line of its own (Liquibase
//     4.15: "checking to see if the / is at the beginning of a line");
//     "GO" likewise, in any case; any other endDelimiter is a regular
//     expression matched without regard to case. Without one, ';' and a
//     GO line end statements.
//   - splitStatements:false sends the changeSet's SQL as one string;
//     Redshift still runs each ';'-separated statement of it, so nothing
//     is rewritten.
//   - a changeSet or property whose dbms excludes redshift does not run
//     on Redshift: it is not checked, not used.
//   - JSON changelogs are read by the YAML parser, as Liquibase itself
//     reads them (its JSON parser is its YAML parser).
package liquibase
