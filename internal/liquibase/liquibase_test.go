package liquibase

import (
	"maps"
	"strings"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/internal/projectvars"
)

func valueTexts(v map[string]projectvars.Value) map[string]string {
	m := map[string]string{}
	for k, x := range v {
		m[k] = x.Text + " @" + x.Origin
	}
	return m
}

func TestSplittingApply(t *testing.T) {
	tests := []struct {
		name, src string
		split     splitting
		want      string
	}{
		{"slash on its own line", "COPY a\n/\nUNLOAD b\n  / \n", splitting{delim: "/"}, "COPY a\n;\nUNLOAD b\n  ; \n"},
		{"slash inside a line is division", "SELECT 4/2\n", splitting{delim: "/"}, "SELECT 4/2\n"},
		{"go in any case", "COPY a\ngo\nCOPY b\nGO", splitting{delim: "GO"}, "COPY a\n; \nCOPY b\n; "},
		{"default ends at a GO line too", "COPY a;\nCOPY b\nGo\r\n", splitting{}, "COPY a;\nCOPY b\n; \r\n"},
		{"not in comments or literals", "/* \n/\n*/ '\n/\n' $$\n/\n$$ -- /\n", splitting{delim: "/"}, "/* \n/\n*/ '\n/\n' $$\n/\n$$ -- /\n"},
		{"regular expression", "COPY a @@END COPY b @@end", splitting{delim: `@@end`}, "COPY a ;     COPY b ;    "},
		{"bad regular expression is literal", "COPY a (( COPY b", splitting{delim: "(("}, "COPY a ;  COPY b"},
		{"splitStatements false", "COPY a\n/\n", splitting{off: true, delim: "/"}, "COPY a\n/\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := []byte(tt.src)
			tt.split.apply(b)
			if string(b) != tt.want {
				t.Errorf("got %q, want %q", b, tt.want)
			}
		})
	}
}

func TestDBMSRuns(t *testing.T) {
	for dbms, want := range map[string]bool{
		"": true, "redshift": true, "postgresql, redshift": true, "all": true, "none": false,
		"postgresql": false, "!redshift": false, "!h2, !oracle": true, "ORACLE": false, " Redshift ": true,
	} {
		if got := dbmsRuns(dbms); got != want {
			t.Errorf("dbmsRuns(%q) = %v, want %v", dbms, got, want)
		}
	}
}

func TestFormatted(t *testing.T) {
	tests := []struct {
		name, src, want string
		values          map[string]string
	}{
		{"endDelimiter slash, rollback stays a comment",
			"--liquibase formatted sql\n--changeset ana:1 endDelimiter:/\nCOPY a IAM_ROLE 'x'\n/\n--rollback DELETE FROM a;\n",
			"--liquibase formatted sql\n;                               \nCOPY a IAM_ROLE 'x'\n;\n--rollback DELETE FROM a;\n", nil},
		{"a changeset ends the previous one",
			"--liquibase formatted sql\n--changeset a:1\nCOPY a\n--changeset a:2\nCOPY b",
			"--liquibase formatted sql\n;              \nCOPY a\n;              \nCOPY b", nil},
		{"dbms of another database is blanked",
			"--liquibase formatted sql\n--changeset a:1 dbms:postgresql\nCOPY a\n--changeset a:2 dbms:redshift,postgresql\nCOPY b\n",
			"--liquibase formatted sql\n;                              \n      \n;                                       \nCOPY b\n", nil},
		{"splitStatements false keeps the delimiter",
			"--liquibase formatted sql\n--changeset a:1 splitStatements:false endDelimiter:/\nCOPY a\n/\n",
			"--liquibase formatted sql\n;                                                   \nCOPY a\n/\n", nil},
		{"properties, first wins",
			"--liquibase formatted sql\n--property name:r value:x\n--property name:r value:y\n--property name:q value:\"a b\" dbms:oracle\n",
			"--liquibase formatted sql\n--property name:r value:x\n--property name:r value:y\n--property name:q value:\"a b\" dbms:oracle\n",
			map[string]string{"r": "x @f.sql:2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !IsFormatted([]byte(tt.src)) {
				t.Fatal("not recognised as formatted SQL")
			}
			v, err := Formatted("f.sql", nil)([]byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if string(v.SQL) != tt.want {
				t.Errorf("view\n%q\nwant\n%q", v.SQL, tt.want)
			}
			if tt.values == nil {
				tt.values = map[string]string{}
			}
			if got := valueTexts(v.Values); !maps.Equal(got, tt.values) {
				t.Errorf("values %v, want %v", got, tt.values)
			}
		})
	}
	if IsFormatted([]byte("-- liquibase\n--liquibase formatted sql\n")) {
		t.Error("the header must be on the first line")
	}
	if !IsFormatted([]byte("\xEF\xBB\xBF-- Liquibase Formatted SQL\n")) {
		t.Error("a BOM and spaces are allowed")
	}
}

func TestXMLView(t *testing.T) {
	src := `<?xml version="1.0"?>
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
  <property name="r" value="arn:aws:iam::123456789012:role/A" global="false"/>
  <property name="d" value="x" dbms="oracle"/>
  <changeSet id="1" author="a">
    <sql splitStatements="true" endDelimiter="/">COPY a
/
UNLOAD b &amp;&lt; c<comment>no</comment></sql>
    <sql><![CDATA[COPY <x>]]></sql>
    <rollback><sql>COPY r</sql></rollback>
    <sqlFile path="f.sql" relativeToChangelogFile="true" endDelimiter="GO"/>
  </changeSet>
  <changeSet id="2" author="a" dbms="postgresql"><sql>COPY p</sql></changeSet>
  <include file='sub.xml'/>
  <includeAll path="all/"/>
</databaseChangeLog>
`
	cl, err := parse("c.xml", "c.xml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	v := cl.view([]byte(src), nil, nil)
	lines := strings.Split(string(v.SQL), "\n")
	want := map[int]string{
		5: "                                                 COPY a",
		6: ";",
		7: "UNLOAD b &    <    c                     ;     ",
		8: "                  COPY <x>   ;     ",
		9: "                                          ",
	}
	for i, w := range want {
		if lines[i] != w {
			t.Errorf("line %d: %q, want %q", i+1, lines[i], w)
		}
	}
	if len(v.SQL) != len(src) {
		t.Error("length changed")
	}
	if len(cl.props) != 1 || cl.props[0].name != "r" || cl.props[0].global || cl.props[0].at != "c.xml:3" {
		t.Errorf("props %+v", cl.props)
	}
	if len(cl.refs) != 3 {
		t.Fatalf("refs %+v", cl.refs)
	}
	for i, w := range []struct {
		kind refKind
		file string
		rel  bool
		at   string
	}{{refSQLFile, "f.sql", true, "f.sql"}, {refInclude, "sub.xml", false, "sub.xml"}, {refIncludeAll, "all/", false, "all/"}} {
		r := cl.refs[i]
		if r.kind != w.kind || r.file != w.file || r.relative != w.rel || src[r.span[0]:r.span[1]] != w.at {
			t.Errorf("ref %d: %+v at %q, want %+v", i, r, src[r.span[0]:r.span[1]], w)
		}
	}
	if cl.refs[0].split.delim != "GO" {
		t.Errorf("sqlFile split %+v", cl.refs[0].split)
	}
}

func TestXMLSingleByteEncoding(t *testing.T) {
	src := "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<databaseChangeLog><changeSet><sql>COPY caf\xe9</sql></changeSet></databaseChangeLog>"
	cl, err := parse("c.xml", "c.xml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	v := cl.view([]byte(src), nil, nil)
	if !strings.Contains(string(v.SQL), "COPY caf\xe9;") {
		t.Errorf("view %q", v.SQL)
	}
	if _, err := parse("c.xml", "c.xml", []byte("<databaseChangeLog>\xe9</databaseChangeLog>")); err == nil || !strings.Contains(err.Error(), "invalid UTF-8") {
		t.Errorf("undeclared non-UTF-8: %v", err)
	}
}

func TestYAMLAndJSONView(t *testing.T) {
	tests := []struct {
		name, format, src string
		want              []string // lines of the view
	}{
		{"literal block", "YAML", "databaseChangeLog:\n- changeSet:\n    id: 1\n    changes:\n    - sql:\n        sql: |\n          COPY a\n          IAM_ROLE 'x'\n        endDelimiter: /\n",
			[]string{"", "", "", "", "", "", "          COPY a", "          IAM_ROLE 'x'", ";"}},
		{"plain and quoted", "YAML", "databaseChangeLog:\n- changeSet:\n    changes:\n    - sql: COPY a\n    - sql: {sql: 'COPY b FROM ''s3://x'' IAM_ROLE ''y'''}\n",
			[]string{"", "", "", "           COPY a", ";                 COPY b FROM  's3://x'  IAM_ROLE  'y' ;"}},
		{"double-quoted escapes", "YAML", "databaseChangeLog:\n- changeSet:\n    changes:\n    - sql: {sql: \"COPY \\\"t\\\"\\nX\"}\n",
			[]string{"", "", "", "                  COPY  \"t\"   X;"}},
		{"CRLF and a lone CR", "YAML", "databaseChangeLog:\r\n- changeSet:\r    changes:\r\n    - sql: COPY a\r\n",
			[]string{"                  \r", "            \r            \r", "           COPY a\r"}},
		{"JSON", "JSON", "{\"databaseChangeLog\": [{\"changeSet\": {\"changes\": [\n  {\"sql\": {\"sql\": \"COPY a\\tIAM_ROLE 'r'\"}}]}}]}\n",
			[]string{"", "                   COPY a  IAM_ROLE 'r';"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := "c.yaml"
			if tt.format == "JSON" {
				path = "c.json"
			}
			cl, err := parse(path, path, []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if len(cl.unmapped) > 0 {
				t.Fatalf("unmapped %v", cl.unmapped)
			}
			v := cl.view([]byte(tt.src), nil, nil)
			lines := strings.Split(string(v.SQL), "\n")
			for i, w := range tt.want {
				if strings.TrimRight(lines[i], " ") != strings.TrimRight(w, " ") {
					t.Errorf("line %d: %q, want %q", i+1, lines[i], w)
				}
			}
		})
	}
}

func TestMalformed(t *testing.T) {
	for _, tt := range []struct{ path, src, want string }{
		{"c.xml", "<databaseChangeLog>\n<changeSet>\n</databaseChangeLog>\n", "c.xml:3: not a valid XML changelog: element <changeSet> closed by </databaseChangeLog>"},
		{"c.xml", "<project/>\n", "c.xml:1: not a valid XML changelog: the root element is <project>, not <databaseChangeLog>"},
		{"c.xml", "<!-- only -->", "c.xml: not a valid XML changelog: no <databaseChangeLog> element"},
		{"c.yaml", "databaseChangeLog:\n- changeSet: [\n", "c.yaml:2: not a valid YAML changelog: did not find expected node content"},
		{"c.json", "{\"databaseChangeLog\": [}", "c.json:1: not a valid JSON changelog: invalid character '}' at start of value"},
		{"c.yaml", "other: 1\n", "c.yaml: not a valid YAML changelog: no databaseChangeLog list"},
		{"c.xml", "<databaseChangeLog>" + strings.Repeat("\n<a>", 1000), "c.xml:1001: not a valid XML changelog: elements nested more than 1000 deep"},
	} {
		_, err := parse(tt.path, tt.path, []byte(tt.src))
		if err == nil || err.Error() != tt.want {
			t.Errorf("%.40q: error %v, want %s", tt.src, err, tt.want)
		}
	}
}

func TestSniff(t *testing.T) {
	for _, tt := range []struct {
		path, head string
		want       bool
	}{
		{"a.xml", "<?xml version=\"1.0\"?>\n<!-- c -->\n<databaseChangeLog xmlns=\"x\">", true},
		{"a.xml", "<lb:databaseChangeLog>", true},
		{"a.xml", "<project><databaseChangeLog>", false},
		{"a.yaml", "# c\ndatabaseChangeLog:\n", true},
		{"a.yml", "other: 1\n", false},
		{"a.json", " {\n \"databaseChangeLog\" : [", true},
		{"a.txt", "databaseChangeLog:", false},
	} {
		if got := sniff(tt.path, []byte(tt.head)); got != tt.want {
			t.Errorf("sniff(%s, %q) = %v", tt.path, tt.head, got)
		}
	}
}

func TestCreateProcedure(t *testing.T) {
	tests := []struct {
		path, src, body string
		refs            int
	}{
		{"c.xml", "<databaseChangeLog><changeSet><createProcedure>CREATE PROCEDURE p() AS $$ BEGIN COPY a; END $$ LANGUAGE plpgsql</createProcedure>" +
			"<createProcedure path=\"p.sql\" relativeToChangelogFile=\"true\"/></changeSet></databaseChangeLog>",
			"CREATE PROCEDURE p() AS $$ BEGIN COPY a; END $$ LANGUAGE plpgsql;", 1},
		{"c.yaml", "databaseChangeLog:\n- changeSet:\n    changes:\n    - createProcedure:\n        procedureText: CREATE PROCEDURE p() AS $$ BEGIN COPY a; END $$\n    - createProcedure: {path: p.sql}\n",
			"CREATE PROCEDURE p() AS $$ BEGIN COPY a; END $$", 1},
	}
	for _, tt := range tests {
		cl, err := parse(tt.path, tt.path, []byte(tt.src))
		if err != nil {
			t.Fatal(err)
		}
		v := cl.view([]byte(tt.src), nil, nil)
		if got := strings.TrimSpace(string(v.SQL)); !strings.HasPrefix(got, tt.body) {
			t.Errorf("%s: view %q", tt.path, got)
		}
		if len(cl.refs) != tt.refs || cl.refs[0].file != "p.sql" || !cl.refs[0].split.off {
			t.Errorf("%s: refs %+v", tt.path, cl.refs)
		}
	}
}
