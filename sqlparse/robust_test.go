package sqlparse_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// migrationFile builds a realistic migration of about 2.5 KB: Flyway-style
// header, DDL, DML, grants, and creds credential statements (0 to 3).
func migrationFile(variant, creds int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "-- V%d__orders_pipeline.sql\n-- Owner: data-platform. Loads the daily order extracts and refreshes the marts.\n\n", 100+variant)
	fmt.Fprintf(&b, `CREATE TABLE IF NOT EXISTS staging.orders_%[1]d (
    order_id        BIGINT        NOT NULL,
    customer_id     BIGINT        NOT NULL,
    order_ts        TIMESTAMP     NOT NULL,
    status          VARCHAR(32)   DEFAULT 'new',
    amount_cents    BIGINT,
    currency        CHAR(3)       DEFAULT 'USD',
    note            VARCHAR(1024),
    PRIMARY KEY (order_id)
)
DISTKEY (customer_id)
SORTKEY (order_ts);

`, variant)
	stmts := []string{
		fmt.Sprintf("COPY staging.orders_%d (order_id, customer_id, order_ts, status, amount_cents, currency)\nFROM 's3://acme-data-%d/exports/orders/dt=${run_date}/'\nIAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftLoader,arn:aws:iam::210987654321:role/OrdersReader'\nFORMAT AS CSV IGNOREHEADER 1 TIMEFORMAT 'auto' REGION 'us-east-1';\n\n", variant, variant),
		fmt.Sprintf("UNLOAD ('SELECT o.order_id, o.status FROM staging.orders_%d o WHERE o.status = \\'cancelled\\' AND o.note NOT LIKE ''%%test%%''')\nTO 's3://acme-exports-%d/cancelled/orders_'\nIAM_ROLE default\nPARQUET PARTITION BY (status) ALLOWOVERWRITE;\n\n", variant, variant),
		fmt.Sprintf("CREATE EXTERNAL SCHEMA IF NOT EXISTS spectrum_%d\nFROM DATA CATALOG DATABASE 'orders_lake'\nIAM_ROLE '{{ env_var(\"SPECTRUM_ROLE\") }}'\nCATALOG_ROLE 'arn:aws:iam::123456789012:role/GlueCatalogReader'\nCREATE EXTERNAL DATABASE IF NOT EXISTS;\n\n", variant),
	}
	for i := 0; i < creds; i++ {
		b.WriteString(stmts[i%len(stmts)])
	}
	fmt.Fprintf(&b, `/* Keep the marts in step with staging. Statuses are normalised here so that
   downstream dashboards never see 'NEW' and 'new' as two values. */
INSERT INTO marts.orders_daily (day, status, orders, amount_cents)
SELECT DATE_TRUNC('day', order_ts) AS day, LOWER(status), COUNT(*), SUM(amount_cents)
FROM staging.orders_%[1]d
WHERE order_ts >= DATEADD(day, -3, GETDATE())
GROUP BY 1, 2;

DELETE FROM staging.orders_%[1]d WHERE order_ts < DATEADD(day, -90, GETDATE());

CREATE OR REPLACE VIEW marts.v_open_orders_%[1]d AS
SELECT order_id, customer_id, order_ts, amount_cents / 100.0 AS amount
FROM staging.orders_%[1]d
WHERE status IN ('new', 'paid', 'packed');

GRANT SELECT ON marts.v_open_orders_%[1]d TO GROUP analysts;
COMMENT ON VIEW marts.v_open_orders_%[1]d IS 'Orders that are not shipped yet; do not use for billing.';
ANALYZE staging.orders_%[1]d;
`, variant)
	for b.Len() < 2400 { // bring plain files up to the same size
		fmt.Fprintf(&b, "\nALTER TABLE staging.orders_%d ADD COLUMN IF NOT EXISTS extra_%d VARCHAR(64) DEFAULT 'n/a';", variant, b.Len())
	}
	b.WriteString("\n")
	return b.String()
}

func TestMigrationFiles(t *testing.T) {
	for creds, wantRefs := range []int{0, 1, 2, 4} { // the schema statement has IAM_ROLE and CATALOG_ROLE
		src := migrationFile(7, creds)
		if len(src) < 2200 || len(src) > 3000 {
			t.Errorf("creds=%d: %d bytes, want about 2.5 KB", creds, len(src))
		}
		res := parse(src, nil)
		if len(res.Diagnostics) != 0 || len(res.References) != wantRefs {
			t.Errorf("creds=%d: diagnostics %+v, %d references, want %d", creds, res.Diagnostics, len(res.References), wantRefs)
		}
	}
	res := parse(migrationFile(1, 3), nil)
	for _, r := range res.References {
		if r.Value.Form != sqlparse.FormQuoted && r.Value.Form != sqlparse.FormDefault {
			t.Errorf("reference %s: form %d", r.Clause, r.Value.Form)
		}
	}
}

const bigSize = 20 << 20

// parseTimed parses and logs the time it took; nothing asserts on it.
func parseTimed(t *testing.T, src []byte) *sqlparse.Result {
	t.Helper()
	start := time.Now()
	res := sqlparse.Parse(sqlparse.NewFile("big.sql", src), sqlparse.Options{})
	t.Logf("%d bytes in %v", len(src), time.Since(start))
	checkResult(t, src, res)
	return res
}

// A 20 MB single-line COPY/UNLOAD with a huge query string.
func TestHugeSingleLineStatement(t *testing.T) {
	if testing.Short() {
		t.Skip("20 MB input")
	}
	unit := `select a, b from t where c = \'x\' and d = ''y'' union all `
	var b strings.Builder
	b.WriteString("UNLOAD ('")
	for b.Len() < bigSize {
		b.WriteString(unit)
	}
	b.WriteString("select 1') TO 's3://b/u/' IAM_ROLE 'arn:aws:iam::123456789012:role/Unloader';")
	src := []byte(b.String())
	res := parseTimed(t, src)
	if len(res.Diagnostics) != 0 || len(res.References) != 1 || res.References[0].Value.Text != "arn:aws:iam::123456789012:role/Unloader" {
		t.Errorf("diagnostics %+v references %+v", res.Diagnostics, res.References)
	}
}

// 20 MB of SQL text with no statement end at all, once as a plain statement
// (never scanned) and once behind a COPY (scanned as one 20 MB statement).
func TestHugeTextWithoutStatementEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("20 MB input")
	}
	unit := "select a.x, b.y from t1 a join t2 b on a.id = b.id where a.z > 10 and b.w in ('p', 'q')\n"
	var b strings.Builder
	for b.Len() < bigSize {
		b.WriteString(unit)
	}
	body := b.String()
	res := parseTimed(t, []byte(body))
	if len(res.Diagnostics) != 0 || len(res.Statements) != 1 || len(res.References) != 0 {
		t.Errorf("plain: diagnostics %+v, %d statements, references %+v", res.Diagnostics, len(res.Statements), res.References)
	}
	res = parseTimed(t, []byte("COPY t FROM 's3://b/p' IAM_ROLE default\n"+body))
	if len(res.Diagnostics) != 0 || len(res.Statements) != 1 || len(res.References) != 1 {
		t.Errorf("COPY: diagnostics %+v, %d statements, references %+v", res.Diagnostics, len(res.Statements), res.References)
	}
}

func TestDeeplyNestedComments(t *testing.T) {
	const depth = 10000
	open, closeAll := strings.Repeat("/*", depth), strings.Repeat("*/", depth)

	res := parse(open+" COPY t FROM 's3://b' IAM_ROLE default;", nil)
	if len(res.Statements) != 0 || len(res.Diagnostics) != 1 || res.Diagnostics[0].Span.Start != 0 ||
		res.Diagnostics[0].Message != "unterminated block comment" {
		t.Errorf("unterminated: statements %+v diagnostics %+v", res.Statements, res.Diagnostics)
	}

	src := "SELECT 1; " + open + " x; 'y " + closeAll + " COPY t FROM 's3://b' IAM_ROLE default;"
	res = parse(src, nil)
	if len(res.Diagnostics) != 0 || len(res.Statements) != 2 || len(res.References) != 1 ||
		res.References[0].Keyword.Start != strings.Index(src, "IAM_ROLE") {
		t.Errorf("terminated: diagnostics %+v statements %+v references %+v", res.Diagnostics, res.Statements, res.References)
	}

	// One close too few leaves it open.
	res = parse(open+strings.Repeat("*/", depth-1)+" SELECT 1;", nil)
	if len(res.Diagnostics) != 1 || len(res.Statements) != 0 {
		t.Errorf("one short: statements %+v diagnostics %+v", res.Statements, res.Diagnostics)
	}
}

// pathologicalInputs are built to make a careless lexer, scanner hand-off,
// clause parser or value decoder quadratic: prefix, then unit and closing
// (when set) each repeated k times, then suffix.
var pathologicalInputs = []struct{ name, prefix, unit, closing, suffix string }{
	{"unclosed ${ on one line", "", "${", "", ""},
	{"unclosed ${ on a line, a closer below", "", "${", "", "\n}"},
	{"unclosed ${ inside a clause value", "COPY t FROM 's3://b' IAM_ROLE '", "${", "", "';"},
	{"unclosed ${ on one line of a clause value, a closer below", "COPY t FROM 's3://b' IAM_ROLE '", "${", "", "\n}';"},
	{"unclosed {{ inside a clause value", "COPY t FROM 's3://b' IAM_ROLE '", "{{", "", "';"},
	{"unclosed {% inside a clause value", "COPY t FROM 's3://b' IAM_ROLE '", "{%", "", "';"},
	{"unclosed {# inside a clause value", "COPY t FROM 's3://b' IAM_ROLE '", "{#", "", "';"},
	{"unclosed {{ outside strings then a closer", "", "{{ x ", "", "}}"},
	{"strings with Jinja openers", "", "'{{' ", "", ""},
	{"strings with Jinja openers then a closer", "", "'{{' ", "", "}}"},
	{"typographic openers", "", "‘a ", "", ""},
	{"dollar signs", "", "$a ", "", ""},
	{"dollar-quoted strings", "COPY t FROM 's3://b' IAM_ROLE default ", "$q$a$q$ ", "", ";"},
	{"psql colons", "", ":'a :\"b ", "", ""},
	{"psql meta-commands", "", "SELECT 1 \\gx\n", "", ""},
	{"digits before words", "COPY t FROM 's3://b' IAM_ROLE default ", "1a ", "", ";"},
	{"many tiny statements", "", "COPY t FROM 's3://b' IAM_ROLE 'x';", "", ""},
	{"many clauses in one statement", "COPY t FROM 's3://b' ", "IAM_ROLE 'x' ", "", ";"},
	{"literals joined across lines", "COPY t FROM 's3://b' IAM_ROLE ", "'a'\n", "", ";"},
	{"deeply nested comments", "", "/*", "*/", " COPY t FROM 's3://b' IAM_ROLE default;"},
	{"unclosed nested comments", "", "/*", "", ""},
	{"comments after spaces", "", "    /* c */", "", ""},
	{"procedures with a comment each", "", "CREATE PROCEDURE p() AS $$ -- c\nBEGIN COPY t FROM 's3://b' IAM_ROLE default; END; $$ LANGUAGE plpgsql;\n", "", ""},
	{"procedures with a Jinja opener each, a closer first", "}} ", "CREATE PROCEDURE p() AS $$ BEGIN {{ END; $$ LANGUAGE plpgsql;", "", ""},
	{"one body of many statements", "CREATE PROCEDURE p() AS $$ BEGIN ", "IF a THEN COPY t FROM 's3://b' IAM_ROLE r || 'x'; END IF; ", "", "END; $$ LANGUAGE plpgsql;"},
	{"one body of many EXECUTEs", "CREATE PROCEDURE p() AS $$ BEGIN ", "EXECUTE 'COPY ' || t; ", "", "END; $$ LANGUAGE plpgsql;"},
	{"one IF condition of many words", "CREATE PROCEDURE p() AS $$ BEGIN IF ", "a AND ", "", "b THEN COPY t FROM 's3://b' IAM_ROLE default; END IF; END; $$ LANGUAGE plpgsql;"},
	{"many AS before a body", "CREATE PROCEDURE p() ", "AS ", "", "$$ BEGIN END; $$ LANGUAGE plpgsql;"},
	{"GRANT ASSUMEROLE on many chains", "GRANT ASSUMEROLE ON ", "'arn:aws:iam::123456789012:role/R',", "", "default TO u FOR COPY;"},
}

// TestPathologicalInputsAreLinear parses every pathological input at n and
// 10n bytes and compares the work counted in each layer (work.go): ten
// times the input must be at most twelve times the work. Counting, not
// timing, keeps the test deterministic on a busy machine; what pg_query's C
// scanner does is seen through what is handed to it.
func TestPathologicalInputsAreLinear(t *testing.T) {
	const n = 32 << 10
	for _, tc := range pathologicalInputs {
		t.Run(tc.name, func(t *testing.T) {
			var work [2]sqlparse.WorkForTest
			for k, size := range []int{n, 10 * n} {
				reps := size / (len(tc.unit) + len(tc.closing))
				src := []byte(tc.prefix + strings.Repeat(tc.unit, reps) + strings.Repeat(tc.closing, reps) + tc.suffix)
				var res *sqlparse.Result
				work[k] = sqlparse.CountWorkForTest(func() {
					res = sqlparse.Parse(sqlparse.NewFile("p.sql", src), sqlparse.Options{Vars: fuzzVars})
				})
				checkResult(t, src, res)
			}
			checkWorkGrowth(t, work[0], work[1])
		})
	}
}

func totalWork(w sqlparse.WorkForTest) int {
	total := 0
	for _, n := range w {
		total += n
	}
	return total
}

func formatWork(w sqlparse.WorkForTest) string {
	var parts []string
	for k, name := range sqlparse.WorkNamesForTest {
		parts = append(parts, fmt.Sprintf("%s %d", name, w[k]))
	}
	return strings.Join(parts, ", ")
}

// checkWorkGrowth fails when some count grew more than twelve times from
// small (n bytes) to large (10n bytes).
func checkWorkGrowth(t *testing.T, small, large sqlparse.WorkForTest) {
	t.Helper()
	if totalWork(small) == 0 {
		t.Fatal("no work counted: the counters are not wired up")
	}
	for k, name := range sqlparse.WorkNamesForTest {
		s, l := small[k], large[k]
		if s > 0 {
			t.Logf("%s: %d → %d (%.2f×)", name, s, l, float64(l)/float64(s))
		}
		switch {
		case s == 0 && l == 0:
		case s == 0:
			t.Errorf("%s: none at n, %d at 10n", name, l)
		case float64(l) > 12*float64(s):
			t.Errorf("%s: 10× the input took %.1f× the work (%d → %d); want about 10×", name, float64(l)/float64(s), s, l)
		}
	}
}

func benchmarkFiles(b *testing.B, creds int) {
	files := make([][]byte, 16)
	total := 0
	for i := range files {
		files[i] = []byte(migrationFile(i, creds))
		total += len(files[i])
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	vars := sqlparse.Vars{"run_date": "2024-01-01"}
	for b.Loop() {
		for i, src := range files {
			res := sqlparse.Parse(sqlparse.NewFile(fmt.Sprintf("V%d.sql", i), src), sqlparse.Options{Vars: vars})
			if len(res.Diagnostics) != 0 {
				b.Fatalf("diagnostics %+v", res.Diagnostics)
			}
		}
	}
}

// Files of about 2.5 KB with 3 credential statements each.
func BenchmarkParseCredentialHeavy(b *testing.B) { benchmarkFiles(b, 3) }

// Files of about 2.5 KB with no credential statement.
func BenchmarkParseMostlyPlain(b *testing.B) { benchmarkFiles(b, 0) }
