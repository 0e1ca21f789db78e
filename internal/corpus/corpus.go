package corpus

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

// File is one generated migration.
type File struct {
	Name    string
	Content []byte
}

const (
	minSize = 1024
	maxSize = 6 * 1024
	// The target is log-normal around medianTarget; the last statement
	// overshoots it by about half a statement, which brings the mean near 2.5 KB.
	medianTarget = 1900
	sigmaTarget  = 0.42
)

// Generate returns n migration files. round(n*credentialFraction) of them,
// chosen deterministically from seed, hold credential statements. The same
// arguments always give the same files.
func Generate(n int, credentialFraction float64, seed int64) []File {
	if n <= 0 {
		return []File{}
	}
	if math.IsNaN(credentialFraction) || credentialFraction < 0 {
		credentialFraction = 0
	}
	if credentialFraction > 1 {
		credentialFraction = 1
	}
	r := rand.New(rand.NewPCG(uint64(seed), 0x5eed_c0de_ba5e_ba11))
	withCreds := make([]bool, n)
	for _, i := range r.Perm(n)[:int(math.Round(float64(n)*credentialFraction))] {
		withCreds[i] = true
	}
	files := make([]File, n)
	for i := range files {
		// A generator per file keeps each file independent of the others'
		// random draws, so a change to one statement shape moves little.
		g := &gen{r: rand.New(rand.NewPCG(r.Uint64(), uint64(i)))}
		files[i] = g.file(i+1, withCreds[i])
	}
	return files
}

// WriteDir creates dir if needed and writes the files into it.
func WriteDir(dir string, files []File) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, f := range files {
		if f.Name == "" || filepath.Base(f.Name) != f.Name || f.Name == "." || f.Name == ".." {
			return fmt.Errorf("corpus: invalid file name %q", f.Name)
		}
		if err := os.WriteFile(filepath.Join(dir, f.Name), f.Content, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// SquawkSafe returns a copy of files with two Redshift spellings that make
// squawk 2.66.0 panic ("the parser seems stuck") rewritten into equivalents:
// a backslash-escaped quote (\') becomes a doubled quote, and WITH
// CREDENTIALS becomes CREDENTIALS (WITH is a noise word there). Redshift reads
// the result as it reads the original, so both tools can be timed on it.
func SquawkSafe(files []File) []File {
	out := make([]File, len(files))
	for i, f := range files {
		c := bytes.ReplaceAll(f.Content, []byte("WITH CREDENTIALS"), []byte("CREDENTIALS"))
		out[i] = File{Name: f.Name, Content: undoBackslashQuotes(c)}
	}
	return out
}

// undoBackslashQuotes doubles quotes escaped with a backslash and leaves \\ pairs alone, so the
// backslash that escapes a backslash is never taken for a quote's escape.
func undoBackslashQuotes(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] == '\\' && i+1 < len(b) {
			switch b[i+1] {
			case '\'':
				out = append(out, '\'', '\'')
				i++
				continue
			case '\\':
				out = append(out, '\\', '\\')
				i++
				continue
			}
		}
		out = append(out, b[i])
	}
	return out
}

type gen struct {
	r *rand.Rand
}

func (g *gen) intn(n int) int        { return g.r.IntN(n) }
func (g *gen) chance(p float64) bool { return g.r.Float64() < p }
func (g *gen) between(lo, hi int) int {
	return lo + g.r.IntN(hi-lo+1)
}

func pick[T any](g *gen, xs []T) T { return xs[g.r.IntN(len(xs))] }

// weighted returns an index into weights, chosen in proportion to them.
func (g *gen) weighted(weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	x := g.r.IntN(total)
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

func (g *gen) targetSize() int {
	for {
		t := int(math.Exp(math.Log(medianTarget) + sigmaTarget*g.r.NormFloat64()))
		if t >= minSize+100 && t <= maxSize-700 {
			return t
		}
	}
}

func (g *gen) file(version int, withCreds bool) File {
	main := pick(g, tables)
	header := g.header(version, main)

	var creds []string
	if withCreds {
		k := g.between(1, 4)
		for j := 0; j < k; j++ {
			creds = append(creds, g.credStatement(main, j > 0))
		}
	}

	size := len(header)
	for _, c := range creds {
		size += len(c) + 2
	}
	target := g.targetSize()
	var stmts []string
	first := true
	for tries := 0; size < target && tries < 200; tries++ {
		s := g.statement(main, first)
		if size+len(s)+2 > maxSize-64 {
			continue // too big to fit: draw another, usually smaller one
		}
		first = false
		stmts = append(stmts, s)
		size += len(s) + 2
	}
	for size < minSize {
		s := g.grant(main)
		stmts = append(stmts, s)
		size += len(s) + 2
	}
	for _, c := range creds {
		at := g.intn(len(stmts) + 1)
		stmts = append(stmts, "")
		copy(stmts[at+1:], stmts[at:])
		stmts[at] = c
	}

	var b strings.Builder
	b.Grow(size + 16)
	b.WriteString(header)
	for _, s := range stmts {
		b.WriteString(s)
		b.WriteString("\n\n")
	}
	content := strings.TrimRight(b.String(), "\n") + "\n"
	return File{
		Name:    fmt.Sprintf("V%d__%s.sql", version, g.fileWords(main, withCreds)),
		Content: []byte(content),
	}
}

func (g *gen) fileWords(main table, withCreds bool) string {
	if withCreds && g.chance(0.6) {
		return pick(g, []string{"load", "backfill", "unload", "setup_spectrum_for", "ingest", "export"}) + "_" + main.name
	}
	return pick(g, []string{"create", "alter", "add_columns_to", "backfill", "rebuild", "grant_access_on", "create_view_for", "fix", "migrate", "denormalize"}) + "_" + main.name
}

func (g *gen) header(version int, main table) string {
	ticket := fmt.Sprintf("%s-%d", pick(g, []string{"DATA", "DWH", "ANLT", "ENG"}), g.between(100, 9999))
	author := pick(g, authors)
	purpose := pick(g, purposes)
	switch g.intn(3) {
	case 0:
		return fmt.Sprintf("-- V%d: %s %s\n-- Ticket: %s\n-- Author: %s\n\n", version, purpose, main.qualified(), ticket, author)
	case 1:
		return fmt.Sprintf("/*\n * Migration V%d\n * Purpose: %s %s\n * Ticket:  %s (%s)\n * Note: safe to re-run; don't reorder.\n */\n\n", version, purpose, main.qualified(), ticket, author)
	default:
		return fmt.Sprintf("-- %s: %s %s\nSET search_path TO ${flyway:defaultSchema}, public;\n\n", ticket, purpose, main.qualified())
	}
}

// statement returns one non-credential statement, often with a comment.
func (g *gen) statement(main table, first bool) string {
	t := main
	if !first && g.chance(0.45) {
		t = pick(g, tables)
	}
	var s string
	if first && g.chance(0.5) {
		s = g.createTable(t)
	} else {
		switch g.weighted([]int{18, 18, 17, 9, 12, 8, 5, 4, 3, 3, 2}) {
		case 0:
			s = g.createTable(t)
		case 1:
			s = g.alterTable(t)
		case 2:
			s = g.insertSelect(t)
		case 3:
			s = g.createView(t)
		case 4:
			s = g.grant(t)
		case 5:
			s = g.updateOrDelete(t)
		case 6:
			s = g.commentOn(t)
		case 7:
			s = g.procedure(t)
		case 8:
			s = g.pythonUDF()
		case 9:
			s = fmt.Sprintf("DROP TABLE IF EXISTS %s_old;", t.qualified())
		default:
			s = fmt.Sprintf("CREATE SCHEMA IF NOT EXISTS %s AUTHORIZATION %s;", t.schema, pick(g, owners))
		}
	}
	switch g.intn(5) {
	case 0:
		return "-- " + pick(g, lineComments) + "\n" + s
	case 1:
		return "/* " + pick(g, blockComments) + " */\n" + s
	}
	return s
}

type column struct {
	name string
	typ  string
}

type table struct {
	schema string
	name   string
}

func (t table) qualified() string { return t.schema + "." + t.name }

func (g *gen) columns(k int) []column {
	perm := g.r.Perm(len(columnPool))
	cols := make([]column, 0, k)
	for _, i := range perm[:min(k, len(perm))] {
		cols = append(cols, columnPool[i])
	}
	return cols
}

func (g *gen) createTable(t table) string {
	var b strings.Builder
	cols := g.columns(g.between(8, 30))
	ifNot := ""
	if g.chance(0.7) {
		ifNot = "IF NOT EXISTS "
	}
	fmt.Fprintf(&b, "CREATE TABLE %s%s (\n", ifNot, t.qualified())
	if g.chance(0.5) {
		b.WriteString("    id BIGINT IDENTITY(1, 1) NOT NULL,\n")
	} else {
		b.WriteString("    id BIGINT NOT NULL,\n")
	}
	for _, c := range cols {
		fmt.Fprintf(&b, "    %s %s", c.name, c.typ)
		if g.chance(0.25) {
			b.WriteString(" NOT NULL")
		}
		if g.chance(0.12) {
			b.WriteString(" DEFAULT " + defaultFor(c.typ))
		}
		if g.chance(0.35) {
			b.WriteString(" ENCODE " + g.encoding(c.typ))
		}
		b.WriteString(",")
		if g.chance(0.1) {
			b.WriteString(" -- " + pick(g, columnNotes))
		}
		b.WriteString("\n")
	}
	b.WriteString("    PRIMARY KEY (id)\n)")
	switch g.intn(4) {
	case 0:
		fmt.Fprintf(&b, "\nDISTSTYLE KEY\nDISTKEY (%s)\nCOMPOUND SORTKEY (%s, %s)", cols[0].name, cols[1].name, cols[2].name)
	case 1:
		fmt.Fprintf(&b, "\nDISTSTYLE EVEN\nSORTKEY (%s)", cols[0].name)
	case 2:
		b.WriteString("\nDISTSTYLE AUTO SORTKEY AUTO")
	}
	b.WriteString(";")
	return b.String()
}

func (g *gen) encoding(typ string) string {
	if strings.HasPrefix(typ, "VARCHAR") || strings.HasPrefix(typ, "CHAR") || typ == "SUPER" || typ == "BOOLEAN" {
		return pick(g, []string{"zstd", "lzo", "raw", "bytedict", "runlength", "text255"})
	}
	return pick(g, []string{"az64", "az64", "zstd", "raw", "delta", "runlength"})
}

func defaultFor(typ string) string {
	switch {
	case strings.HasPrefix(typ, "VARCHAR"), strings.HasPrefix(typ, "CHAR"):
		return "'n/a'"
	case typ == "BOOLEAN":
		return "FALSE"
	case strings.HasPrefix(typ, "TIMESTAMP"):
		return "GETDATE()"
	case typ == "DATE":
		return "CURRENT_DATE"
	case typ == "SUPER":
		return "JSON_PARSE('{}')"
	}
	return "0"
}

func (g *gen) alterTable(t table) string {
	k := g.between(1, 4)
	parts := make([]string, 0, k)
	for j := 0; j < k; j++ {
		c := pick(g, columnPool)
		var s string
		switch g.intn(9) {
		case 0, 1, 2:
			s = fmt.Sprintf("ALTER TABLE %s ADD COLUMN %s_v%d %s DEFAULT %s;", t.qualified(), c.name, g.between(2, 9), c.typ, defaultFor(c.typ))
		case 3:
			s = fmt.Sprintf("ALTER TABLE %s DROP COLUMN IF EXISTS %s_legacy;", t.qualified(), c.name)
		case 4:
			s = fmt.Sprintf("ALTER TABLE %s RENAME COLUMN %s TO %s_old;", t.qualified(), c.name, c.name)
		case 5:
			s = fmt.Sprintf("ALTER TABLE %s ALTER COLUMN %s TYPE VARCHAR(%d);", t.qualified(), c.name, pick(g, []int{256, 512, 1024, 4096, 65535}))
		case 6:
			s = fmt.Sprintf("ALTER TABLE %s ALTER %s;", t.qualified(), pick(g, []string{"DISTSTYLE EVEN", "DISTSTYLE AUTO", "DISTKEY " + c.name, "SORTKEY (" + c.name + ")", "COMPOUND SORTKEY (created_at, " + c.name + ")"}))
		case 7:
			s = fmt.Sprintf("ALTER TABLE %s OWNER TO %s;", t.qualified(), pick(g, owners))
		default:
			s = fmt.Sprintf("ALTER TABLE %s ADD CONSTRAINT %s_%s_uq UNIQUE (%s);", t.qualified(), t.name, c.name, c.name)
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "\n")
}

// literal returns a string literal. Doubled quotes are common; backslash
// escapes (\' and \\), which Redshift accepts and PostgreSQL lexers do not,
// are rare, as in real migrations written after the docs dropped them.
func (g *gen) literal() string {
	switch g.weighted([]int{10, 10, 3, 2, 2, 10, 63}) {
	case 0:
		return "'customer''s choice'"
	case 1:
		return "'don''t ship'"
	case 2:
		return `'C:\\exports\\daily'`
	case 3:
		return "'it\\'s pending'"
	case 4:
		return "'O\\'Reilly'"
	case 5:
		return "'n/a'"
	}
	return "'" + pick(g, statuses) + "'"
}

func (g *gen) expr(alias string) string {
	c := pick(g, columnPool).name
	switch g.intn(9) {
	case 0:
		return fmt.Sprintf("COALESCE(%s.%s, %s)", alias, c, g.literal())
	case 1:
		return fmt.Sprintf("UPPER(TRIM(%s.%s))", alias, c)
	case 2:
		return fmt.Sprintf("NVL(%s.%s, 0)", alias, c)
	case 3:
		return fmt.Sprintf("DATE_TRUNC('day', %s.created_at)", alias)
	case 4:
		return fmt.Sprintf("CASE WHEN %s.status = %s THEN %s ELSE %s END", alias, g.literal(), g.literal(), g.literal())
	case 5:
		return fmt.Sprintf("SUM(%s.%s)", alias, c)
	case 6:
		return fmt.Sprintf("REGEXP_REPLACE(%s.%s, '[^a-z0-9]+', '_')", alias, c)
	}
	return alias + "." + c
}

// selectBody returns "SELECT … FROM … JOIN … WHERE …" over 2–4 tables.
func (g *gen) selectBody(k int) string {
	var b strings.Builder
	aliases := []string{"a", "b", "c", "d"}[:g.between(2, 4)]
	b.WriteString("SELECT\n")
	for j := 0; j < k; j++ {
		sep := ","
		if j == k-1 {
			sep = ""
		}
		fmt.Fprintf(&b, "    %s AS col_%d%s\n", g.expr(pick(g, aliases)), j+1, sep)
	}
	fmt.Fprintf(&b, "FROM %s a\n", pick(g, tables).qualified())
	for _, al := range aliases[1:] {
		join := pick(g, []string{"JOIN", "LEFT JOIN", "INNER JOIN", "LEFT OUTER JOIN"})
		key := pick(g, []string{"customer_id", "order_id", "product_id", "account_id", "session_id"})
		fmt.Fprintf(&b, "%s %s %s ON %s.%s = a.%s\n", join, pick(g, tables).qualified(), al, al, key, key)
	}
	fmt.Fprintf(&b, "WHERE a.created_at >= DATEADD(day, -%d, GETDATE())\n  AND a.status NOT IN (%s, 'test')", g.between(1, 90), g.literal())
	if g.chance(0.4) {
		b.WriteString("\n  AND a.notes NOT LIKE '%internal%'")
	}
	return b.String()
}

func (g *gen) insertSelect(t table) string {
	k := g.between(4, 10)
	names := make([]string, k)
	for j, c := range g.columns(k) {
		names[j] = c.name
	}
	return fmt.Sprintf("INSERT INTO %s (%s)\n%s;", t.qualified(), strings.Join(names, ", "), g.selectBody(len(names)))
}

func (g *gen) createView(t table) string {
	binding := ""
	if g.chance(0.6) {
		binding = "\nWITH NO SCHEMA BINDING"
	}
	return fmt.Sprintf("CREATE OR REPLACE VIEW %s.v_%s AS\n%s%s;", t.schema, t.name, g.selectBody(g.between(3, 8)), binding)
}

func (g *gen) grant(t table) string {
	switch g.intn(6) {
	case 0:
		return fmt.Sprintf("GRANT SELECT ON %s TO GROUP %s;", t.qualified(), pick(g, groups))
	case 1:
		return fmt.Sprintf("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %s TO ROLE %s;", t.schema, pick(g, owners))
	case 2:
		return fmt.Sprintf("GRANT USAGE ON SCHEMA %s TO GROUP %s;", t.schema, pick(g, groups))
	case 3:
		return fmt.Sprintf("REVOKE ALL ON %s FROM PUBLIC;", t.qualified())
	case 4:
		return fmt.Sprintf("ALTER DEFAULT PRIVILEGES IN SCHEMA %s GRANT SELECT ON TABLES TO GROUP %s;", t.schema, pick(g, groups))
	}
	return fmt.Sprintf("GRANT SELECT ON %s TO %s;", t.qualified(), pick(g, owners))
}

func (g *gen) updateOrDelete(t table) string {
	if g.chance(0.5) {
		return fmt.Sprintf("UPDATE %s\nSET status = %s,\n    notes = 'Migrated by V-script; don''t edit by hand',\n    updated_at = GETDATE()\nWHERE status = %s\n  AND updated_at < '%d-01-01';",
			t.qualified(), g.literal(), g.literal(), g.between(2019, 2024))
	}
	return fmt.Sprintf("DELETE FROM %s\nUSING %s s\nWHERE %s.customer_id = s.customer_id\n  AND s.status = %s;",
		t.qualified(), pick(g, tables).qualified(), t.name, g.literal())
}

func (g *gen) commentOn(t table) string {
	if g.chance(0.5) {
		dont := "Don''t"
		if g.chance(0.1) {
			dont = "Don\\'t"
		}
		return fmt.Sprintf("COMMENT ON TABLE %s IS 'Owned by %s; it''s rebuilt nightly. %s truncate.';", t.qualified(), pick(g, groups), dont)
	}
	c := pick(g, columnPool)
	return fmt.Sprintf("COMMENT ON COLUMN %s.%s IS '%s (source: ''%s'')';", t.qualified(), c.name, pick(g, columnNotes), pick(g, []string{"crm", "web", "erp", "billing"}))
}

func (g *gen) procedure(t table) string {
	tag := pick(g, []string{"$$", "$$", "$body$", "$proc$"})
	return fmt.Sprintf(`CREATE OR REPLACE PROCEDURE %s.sp_purge_%s(p_days INTEGER)
AS %s
DECLARE
    v_rows INTEGER;
BEGIN
    DELETE FROM %s WHERE created_at < DATEADD(day, -p_days, GETDATE());
    GET DIAGNOSTICS v_rows := ROW_COUNT;
    RAISE INFO 'purged %% rows from %%; it''s done', v_rows, '%s';
    INSERT INTO ops.audit_log (event, detail, created_at)
    VALUES ('purge', 'table=%s; days=' || p_days::VARCHAR, GETDATE());
    COMMIT;
END;
%s LANGUAGE plpgsql;`, t.schema, t.name, tag, t.qualified(), t.qualified(), t.name, tag)
}

func (g *gen) pythonUDF() string {
	return fmt.Sprintf(`CREATE OR REPLACE FUNCTION analytics.f_normalize_%s(s VARCHAR)
RETURNS VARCHAR
IMMUTABLE
AS $$
    if s is None:
        return None
    return s.strip().lower().replace("'", "").replace("\\", "/")
$$ LANGUAGE plpythonu;`, pick(g, []string{"email", "sku", "url", "name", "phone"}))
}

var (
	tables = []table{
		{"sales", "orders"}, {"sales", "order_items"}, {"sales", "refunds"}, {"sales", "invoices"},
		{"crm", "customers"}, {"crm", "accounts"}, {"crm", "contacts"}, {"crm", "subscriptions"},
		{"web", "events"}, {"web", "sessions"}, {"web", "page_views"}, {"web", "clicks"},
		{"staging", "orders_raw"}, {"staging", "events_raw"}, {"staging", "payments_raw"},
		{"mart", "daily_revenue"}, {"mart", "customer_ltv"}, {"mart", "funnel_steps"},
		{"finance", "payments"}, {"finance", "ledger_entries"}, {"ops", "shipments"},
		{"ops", "inventory"}, {"ops", "warehouses"}, {"marketing", "campaigns"}, {"marketing", "attributions"},
		{"analytics", "customer_activity"}, {"analytics", "product_dim"}, {"analytics", "date_dim"},
	}
	columnPool = []column{
		{"customer_id", "BIGINT"}, {"order_id", "BIGINT"}, {"product_id", "INTEGER"}, {"account_id", "BIGINT"},
		{"session_id", "VARCHAR(64)"}, {"created_at", "TIMESTAMP"}, {"updated_at", "TIMESTAMP"}, {"deleted_at", "TIMESTAMPTZ"},
		{"status", "VARCHAR(32)"}, {"amount_cents", "BIGINT"}, {"currency", "CHAR(3)"}, {"country_code", "CHAR(2)"},
		{"email_hash", "VARCHAR(64)"}, {"region", "VARCHAR(32)"}, {"channel", "VARCHAR(32)"}, {"sku", "VARCHAR(40)"},
		{"quantity", "INTEGER"}, {"unit_price", "NUMERIC(12,2)"}, {"discount", "NUMERIC(5,4)"}, {"tax_amount", "DECIMAL(12,2)"},
		{"total_amount", "NUMERIC(14,2)"}, {"is_deleted", "BOOLEAN"}, {"is_test", "BOOLEAN"}, {"source_system", "VARCHAR(16)"},
		{"load_ts", "TIMESTAMP"}, {"batch_id", "VARCHAR(36)"}, {"event_type", "VARCHAR(64)"}, {"payload", "SUPER"},
		{"device", "VARCHAR(32)"}, {"browser", "VARCHAR(64)"}, {"ip_prefix", "VARCHAR(16)"}, {"referrer", "VARCHAR(2048)"},
		{"utm_source", "VARCHAR(128)"}, {"utm_campaign", "VARCHAR(128)"}, {"notes", "VARCHAR(4096)"}, {"description", "VARCHAR(65535)"},
		{"category", "VARCHAR(64)"}, {"subcategory", "VARCHAR(64)"}, {"brand", "VARCHAR(128)"}, {"weight_kg", "REAL"},
		{"warehouse_id", "SMALLINT"}, {"carrier", "VARCHAR(32)"}, {"tracking_no", "VARCHAR(64)"}, {"shipped_at", "TIMESTAMP"},
		{"delivered_at", "TIMESTAMP"}, {"order_date", "DATE"}, {"fiscal_quarter", "SMALLINT"}, {"score", "DOUBLE PRECISION"},
		{"owner_arn", "VARCHAR(2048)"}, {"tier", "VARCHAR(16)"}, {"signup_date", "DATE"}, {"churned", "BOOLEAN"},
	}
	owners        = []string{"etl_user", "dbt_runner", "loader", "analytics_owner", "admin"}
	groups        = []string{"analysts", "bi_readers", "data_science", "finance_ro", "ops_team"}
	statuses      = []string{"active", "pending", "shipped", "cancelled", "refunded", "archived"}
	authors       = []string{"j.smith", "a.nguyen", "m.garcia", "k.okafor", "l.chen", "r.patel"}
	purposes      = []string{"create", "extend", "backfill", "reshape", "partition", "clean up", "denormalize"}
	columnNotes   = []string{"in cents", "ISO 4217", "hashed with sha256", "nullable until backfill", "set by the loader", "UTC"}
	lineComments  = []string{"backfill first, then swap", "keep in sync with the dbt model", "see runbook section 4", "idempotent: guarded by IF NOT EXISTS", "NOTE: don't run during the nightly load", "values come from the 'orders' feed"}
	blockComments = []string{"step 2 of 3", "late-binding so the swap does not break it", "requested by finance; reviewed", "TODO: drop after Q3", "keep sort keys aligned with the dashboard filters"}
)

// credStatement returns one statement with a credential clause. The first one
// in a file always says IAM_ROLE or CREDENTIALS; later ones may use bare keys.
func (g *gen) credStatement(main table, allowKeys bool) string {
	t := main
	if g.chance(0.4) {
		t = pick(g, tables)
	}
	weights := []int{40, 20, 12, 8, 7, 5, 3, 0}
	if allowKeys {
		weights[7] = 5
	}
	var s string
	switch g.weighted(weights) {
	case 0:
		s = g.copyStmt(t)
	case 1:
		s = g.unload(t)
	case 2:
		s = g.externalSchema(t)
	case 3:
		s = g.externalFunction()
	case 4:
		s = g.createModel()
	case 5:
		s = g.createLibrary()
	case 6:
		s = g.copyJob(t)
	default:
		s = g.copyWithKeys(t)
	}
	switch g.intn(12) {
	case 0:
		s = "-- TODO: move to IAM_ROLE default once the cluster has one\n" + s
	case 1:
		s = "/* role is associated with the cluster; see infra repo */\n" + s
	case 2:
		s += fmt.Sprintf("\n\nGRANT ASSUMEROLE ON '%s' TO ROLE %s FOR COPY, UNLOAD;", g.arn(), pick(g, owners))
	}
	return s
}

var (
	accounts  = []string{"123456789012", "210987654321", "555566667777", "098765432109"}
	roleNames = []string{"Loader", "RedshiftLoader", "service-role/RedshiftSpectrum", "etl/UnloadRole", "RedshiftML",
		"LambdaInvoker", "CrossAccountReader", "GlueCatalogReader", "AnalyticsCopy", "RedshiftCopyUnload"}
	buckets      = []string{"acme-data-lake", "acme-landing", "acme-exports", "acme-archive"}
	regions      = []string{"us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2"}
	placeholders = []string{"${loader_role}", "${copy_role_arn}", "${unload_role}", "arn:aws:iam::${account_id}:role/Loader"}
)

// kw spells a keyword the way people do: mostly upper, sometimes lower.
func (g *gen) kw(k string) string {
	switch x := g.intn(100); {
	case x < 12:
		return strings.ToLower(k)
	case x < 15 && k == "IAM_ROLE":
		return "Iam_Role"
	}
	return k
}

func (g *gen) arn() string {
	acct := pick(g, accounts)
	if g.chance(0.04) {
		acct += fmt.Sprint(g.intn(10)) // a 13-digit account: a typo
	}
	return "arn:aws:iam::" + acct + ":role/" + pick(g, roleNames)
}

func (g *gen) chain() string {
	k := g.between(2, 3)
	sep := ","
	if g.chance(0.15) {
		sep = ", " // a mistake: Redshift rejects the space
	}
	elems := make([]string, k)
	for i := range elems {
		elems[i] = g.arn()
	}
	return "'" + strings.Join(elems, sep) + "'"
}

type roleOpts struct {
	noDefault, noChain, session bool
}

// roleValue returns what follows IAM_ROLE.
func (g *gen) roleValue(o roleOpts) string {
	switch g.weighted([]int{58, 15, 15, 7, 3, 1, 1}) {
	case 1:
		if !o.noChain {
			return g.chain()
		}
	case 2:
		if !o.noDefault {
			return pick(g, []string{"default", "default", "DEFAULT"})
		}
	case 3:
		return "'" + pick(g, placeholders) + "'"
	case 4:
		if o.session {
			return "'SESSION'"
		}
	case 5:
		return "\u2018" + g.arn() + "\u2019" // smart quotes pasted from the docs
	case 6:
		return "'" + g.arn() + " '" // trailing space inside the literal
	}
	return "'" + g.arn() + "'"
}

func (g *gen) iamRole(o roleOpts) string { return g.kw("IAM_ROLE") + " " + g.roleValue(o) }

// auth returns the authorization of a COPY or UNLOAD: IAM_ROLE or CREDENTIALS.
func (g *gen) auth() string {
	if g.chance(0.88) {
		return g.iamRole(roleOpts{})
	}
	return pick(g, []string{"CREDENTIALS ", "WITH CREDENTIALS AS ", "credentials ", "WITH CREDENTIALS "}) +
		"'aws_iam_role=" + g.arn() + "'"
}

func (g *gen) s3Path(t table, kind string) string {
	bucket := pick(g, buckets)
	if g.chance(0.08) {
		bucket = "${data_bucket}"
	}
	return fmt.Sprintf("'s3://%s/%s/%s/%s/'", bucket, kind, t.schema, t.name)
}

// layout joins clauses on one line or one per line, as people write them.
func (g *gen) layout(head string, clauses ...string) string {
	var parts []string
	for _, c := range clauses {
		if c != "" {
			parts = append(parts, c)
		}
	}
	sep := "\n"
	if g.chance(0.2) {
		sep = " "
	}
	return head + sep + strings.Join(parts, sep) + ";"
}

func (g *gen) copyFormat() string {
	return pick(g, []string{
		"FORMAT AS PARQUET",
		"FORMAT AS PARQUET",
		"FORMAT AS ORC",
		"CSV IGNOREHEADER 1 DELIMITER ',' QUOTE AS '\"'",
		"FORMAT AS JSON 'auto'",
		"JSON 'auto ignorecase' TIMEFORMAT 'auto'",
		"DELIMITER '|' GZIP REMOVEQUOTES ESCAPE",
		"DELIMITER '\\t' NULL AS '\\\\N' DATEFORMAT 'YYYY-MM-DD'",
		"CSV GZIP EMPTYASNULL BLANKSASNULL ACCEPTINVCHARS '?'",
	})
}

func (g *gen) copyStmt(t table) string {
	target := t.qualified()
	if g.chance(0.3) {
		cols := g.columns(g.between(3, 7))
		names := make([]string, len(cols))
		for i, c := range cols {
			names[i] = c.name
		}
		target += " (" + strings.Join(names, ", ") + ")"
	}
	var src, format string
	switch g.weighted([]int{85, 8, 7}) {
	case 0:
		src, format = g.s3Path(t, "raw"), g.copyFormat()
		if g.chance(0.1) {
			src = strings.TrimSuffix(src, "/'") + ".manifest'"
			format += " MANIFEST"
		}
	case 1:
		src, format = "'dynamodb://"+strings.ReplaceAll(t.name, "_", "-")+"-prod'", "READRATIO 50"
	default:
		src, format = fmt.Sprintf("'emr://j-%dABCDEF%02d/output/part-*'", g.between(1000, 9999), g.intn(100)), "DELIMITER '\\t'"
	}
	region := ""
	if g.chance(0.2) {
		region = "REGION '" + pick(g, regions) + "'"
	}
	auth := g.auth()
	if g.chance(0.2) {
		return g.layout("COPY "+target, "FROM "+src, format, region, auth)
	}
	return g.layout("COPY "+target, "FROM "+src, auth, format, region)
}

func (g *gen) copyJob(t table) string {
	role := g.roleValue(roleOpts{noDefault: true, noChain: true})
	if g.chance(0.1) {
		role = "default" // not allowed for COPY JOB: a mistake
	}
	return g.layout("COPY "+t.qualified(), "FROM "+g.s3Path(t, "landing"), g.kw("IAM_ROLE")+" "+role,
		"FORMAT AS JSON 'auto'", fmt.Sprintf("JOB CREATE %s_autocopy AUTO ON", t.name))
}

func (g *gen) copyWithKeys(t table) string {
	if g.chance(0.5) {
		return g.layout("COPY "+t.qualified(), "FROM "+g.s3Path(t, "raw"),
			"ACCESS_KEY_ID 'AKIAIOSFODNN7EXAMPLE'", "SECRET_ACCESS_KEY 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'", g.copyFormat())
	}
	return g.layout("COPY "+t.qualified(), "FROM "+g.s3Path(t, "raw"),
		"CREDENTIALS 'aws_access_key_id=AKIAIOSFODNN7EXAMPLE;aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'", g.copyFormat())
}

func (g *gen) unloadQuery(t table) string {
	st := pick(g, statuses)
	y := g.between(2020, 2025)
	switch g.weighted([]int{65, 10, 15, 10}) {
	case 0:
		return fmt.Sprintf("('SELECT * FROM %s WHERE status = ''%s'' AND created_at >= ''%d-01-01''')", t.qualified(), st, y)
	case 1:
		return fmt.Sprintf("('select * from %s where status = \\'%s\\'')", t.qualified(), st)
	case 2:
		return fmt.Sprintf("($$SELECT customer_id, status FROM %s WHERE status = '%s'$$)", t.qualified(), st)
	}
	return fmt.Sprintf("('SELECT * FROM %s')", t.qualified())
}

func (g *gen) unload(t table) string {
	opts := pick(g, []string{
		"FORMAT AS PARQUET\nPARTITION BY (order_date)\nALLOWOVERWRITE",
		"FORMAT AS PARQUET MAXFILESIZE 256 MB",
		"CSV HEADER GZIP PARALLEL OFF",
		"DELIMITER AS '|' ADDQUOTES ESCAPE ALLOWOVERWRITE",
		"MANIFEST VERBOSE GZIP",
		"FORMAT AS JSON EXTENSION 'json.gz' GZIP",
	})
	if g.chance(0.15) {
		opts += fmt.Sprintf("\nKMS_KEY_ID 'arn:aws:kms:%s:%s:key/1234abcd-12ab-34cd-56ef-1234567890ab'\nENCRYPTED", pick(g, regions), pick(g, accounts))
	}
	if g.chance(0.15) {
		opts += "\nREGION '" + pick(g, regions) + "'"
	}
	to := "TO " + strings.TrimSuffix(g.s3Path(t, "unload"), "'") + t.name + "_'"
	return g.layout("UNLOAD "+g.unloadQuery(t), to, g.auth(), opts)
}

func (g *gen) externalSchema(t table) string {
	head := fmt.Sprintf("CREATE EXTERNAL SCHEMA IF NOT EXISTS ext_%s_%d", t.schema, g.between(1, 9))
	switch g.weighted([]int{60, 10, 5, 8, 7, 10}) {
	case 0:
		catalog := ""
		if g.chance(0.15) {
			catalog = "CATALOG_ROLE '" + g.arn() + "'"
		}
		region := ""
		if g.chance(0.3) {
			region = "REGION '" + pick(g, regions) + "'"
		}
		return g.layout(head, "FROM DATA CATALOG", fmt.Sprintf("DATABASE '%s_lake'", t.schema), region,
			g.iamRole(roleOpts{session: true}), catalog, "CREATE EXTERNAL DATABASE IF NOT EXISTS")
	case 1:
		return g.layout(head, "FROM POSTGRES", "DATABASE 'app' SCHEMA 'public'",
			"URI 'app-db.cluster-abc123xyz.us-east-1.rds.amazonaws.com' PORT 5432", g.iamRole(roleOpts{}),
			fmt.Sprintf("SECRET_ARN 'arn:aws:secretsmanager:us-east-1:%s:secret:app-db-AbCdEf'", pick(g, accounts)))
	case 2:
		return g.layout(head, "FROM MYSQL", "DATABASE 'shop'",
			"URI 'shop-db.cluster-abc123xyz.us-east-1.rds.amazonaws.com' PORT 3306", g.iamRole(roleOpts{}),
			fmt.Sprintf("SECRET_ARN 'arn:aws:secretsmanager:us-east-1:%s:secret:shop-db-XyZ123'", pick(g, accounts)))
	case 3:
		return g.layout(head, "FROM KINESIS", g.iamRole(roleOpts{noChain: true}))
	case 4:
		return g.layout(head, "FROM MSK", g.iamRole(roleOpts{noChain: true}), "AUTHENTICATION iam",
			fmt.Sprintf("CLUSTER_ARN 'arn:aws:kafka:us-east-1:%s:cluster/events/0123abcd-4567-89ef-0123-456789abcdef-1'", pick(g, accounts)))
	}
	return g.layout(head, "FROM HIVE METASTORE", "DATABASE 'hive_db'", "URI '172.31.10.10' PORT 9083", g.iamRole(roleOpts{}))
}

func (g *gen) externalFunction() string {
	name := pick(g, []string{"f_geo_lookup", "f_pii_tokenize", "f_fx_rate", "f_sentiment", "f_enrich_ip"})
	if g.chance(0.25) {
		return fmt.Sprintf("CREATE EXTERNAL FUNCTION %s(int) RETURNS int VOLATILE LAMBDA '%s' %s;",
			name, strings.ReplaceAll(name, "_", "-"), g.iamRole(roleOpts{}))
	}
	target := fmt.Sprintf("LAMBDA '%s-prod'", strings.ReplaceAll(name, "_", "-"))
	if g.chance(0.2) {
		target = "SAGEMAKER 'churn-endpoint-v2'"
	}
	retry := ""
	if g.chance(0.3) {
		retry = "RETRY_TIMEOUT 0"
	}
	return g.layout(fmt.Sprintf("CREATE OR REPLACE EXTERNAL FUNCTION analytics.%s(VARCHAR, INTEGER)", name),
		"RETURNS VARCHAR", pick(g, []string{"VOLATILE", "STABLE", "IMMUTABLE"}), target, g.iamRole(roleOpts{}), retry)
}

func (g *gen) createModel() string {
	v := g.between(1, 9)
	role := g.kw("IAM_ROLE") + " default"
	if g.chance(0.5) {
		role = g.iamRole(roleOpts{noChain: true})
	}
	auto := ""
	if g.chance(0.3) {
		auto = "AUTO OFF\nMODEL_TYPE XGBOOST\nOBJECTIVE 'binary:logistic'\nPROBLEM_TYPE BINARY_CLASSIFICATION"
	}
	settings := "SETTINGS (S3_BUCKET 'acme-redshift-ml')"
	if g.chance(0.4) {
		settings = "SETTINGS (\n    S3_BUCKET 'acme-redshift-ml',\n    KMS_KEY_ID 'alias/redshift-ml',\n    MAX_RUNTIME 5400\n)"
	}
	return fmt.Sprintf("CREATE MODEL analytics.customer_churn_v%d\nFROM (SELECT tier, region, total_amount, signup_date, churned\n      FROM analytics.customer_activity\n      WHERE signup_date < '2024-01-01' AND region <> 'it''s-a-test')\nTARGET churned\nFUNCTION predict_customer_churn_v%d\n%s\n%s%s;",
		v, v, role, auto+strings.Repeat("\n", min(len(auto), 1)), settings)
}

func (g *gen) createLibrary() string {
	region := ""
	if g.chance(0.3) {
		region = "REGION AS '" + pick(g, regions) + "'"
	}
	return g.layout("CREATE OR REPLACE LIBRARY urlparse3 LANGUAGE plpythonu",
		"FROM 's3://acme-libs/python/urlparse3-1.0.3.zip'", g.iamRole(roleOpts{noChain: true}), region)
}
