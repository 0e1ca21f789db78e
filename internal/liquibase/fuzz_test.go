package liquibase

import (
	"bytes"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/internal/sqlview"
)

// sameShape: a view is as long as its file and has its line breaks where
// the file has them, so every position in it is a position in the file.
func sameShape(t *testing.T, src []byte, v *sqlview.View) {
	t.Helper()
	if len(v.SQL) != len(src) {
		t.Fatalf("view is %d bytes, file %d", len(v.SQL), len(src))
	}
	for i := range src {
		if (src[i] == '\n') != (v.SQL[i] == '\n') {
			t.Fatalf("line break moved at %d: %q", i, v.SQL)
		}
	}
	for _, p := range v.Problems {
		if p.Start < 0 || p.End > len(src) || p.Start > p.End {
			t.Fatalf("problem out of the file: %+v", p)
		}
	}
}

func fuzzChangelog(f *testing.F, path string, seeds ...string) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		cl, err := parse(path, path, src)
		if err != nil {
			if !bytes.HasPrefix([]byte(err.Error()), []byte(path)) {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		var probs []sqlview.Problem
		for _, r := range cl.refs {
			probs = append(probs, sqlview.Problem{Start: r.span[0], End: r.span[1]})
		}
		sameShape(t, src, cl.view(src, nil, probs))
	})
}

// FuzzReadXML: the XML changelog reader never panics, names the file in
// its errors, and makes a view of the file's shape.
func FuzzReadXML(f *testing.F) {
	fuzzChangelog(f, "c.xml",
		"<databaseChangeLog><changeSet><sql endDelimiter=\"/\">COPY a &amp; b\n/\n</sql></changeSet></databaseChangeLog>",
		"\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><databaseChangeLog><property name=\"a\" value=\"b\"/><include file='x.xml'/></databaseChangeLog>",
		"<databaseChangeLog><changeSet><sql><![CDATA[COPY <a>]]>&#10;&#x41;</sql><sqlFile path=\"f\"/></changeSet></databaseChangeLog>",
		"<databaseChangeLog><changeSet>",
		"<?xml version='1.0' encoding='windows-1252'?><databaseChangeLog><changeSet><sql>COPY caf\xe9</sql></changeSet></databaseChangeLog>")
}

// FuzzReadYAML: the YAML changelog reader, likewise.
func FuzzReadYAML(f *testing.F) {
	fuzzChangelog(f, "c.yaml",
		"databaseChangeLog:\n- changeSet:\n    changes:\n    - sql:\n        sql: |\n          COPY a\n        endDelimiter: /\n",
		"databaseChangeLog:\n- changeSet:\n    changes:\n    - sql: {sql: 'COPY ''a''', splitStatements: false}\n    - sqlFile: {path: f.sql}\n",
		"databaseChangeLog:\n- property: {name: a, value: b}\n- include: {file: \"x\\ty.yaml\"}\n- changeSet:\n    changes:\n    - sql: \"COPY \\\"a\\\"\\n\\u00e9 \\\n  b\"\n",
		"databaseChangeLog:\n- changeSet:\n    changes:\n    - sql: >\n        COPY\n\n        a\n")
}

// FuzzReadJSON: the JSON changelog reader, likewise.
func FuzzReadJSON(f *testing.F) {
	fuzzChangelog(f, "c.json",
		`{"databaseChangeLog": [{"changeSet": {"changes": [{"sql": {"sql": "COPY a\tIAM_ROLE 'r'\n/", "endDelimiter": "/"}}]}}]}`,
		`{"databaseChangeLog": [{"include": {"file": "a\u0041.json"}}, {"property": {"name": "a", "value": "b"}}]}`,
		`{"databaseChangeLog": [`)
}

// FuzzFormatted: the formatted SQL preparer never panics and keeps the
// file's shape.
func FuzzFormatted(f *testing.F) {
	for _, s := range []string{
		"--liquibase formatted sql\n--changeset a:1 endDelimiter:/\nCOPY a\n/\n--rollback x\n",
		"--liquibase formatted sql\n--changeset a:1 endDelimiter:(( splitStatements:false dbms:oracle\nCOPY a\n",
		"--liquibase formatted sql\n--property name:a value:\"b c\"\n--changeset a:1 endDelimiter:\\$\\$\nCOPY '$$' $$\r\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		v, err := Formatted("f.sql", nil)(src)
		if err != nil {
			t.Fatal(err)
		}
		sameShape(t, src, v)
	})
}
