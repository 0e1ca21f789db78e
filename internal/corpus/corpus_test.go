package corpus

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

func hasCredential(content []byte) bool {
	low := bytes.ToLower(content)
	return bytes.Contains(low, []byte("iam_role")) || bytes.Contains(low, []byte("credentials"))
}

func TestDeterministic(t *testing.T) {
	a := Generate(300, 0.3, 42)
	b := Generate(300, 0.3, 42)
	if len(a) != len(b) {
		t.Fatalf("lengths differ: %d vs %d", len(a), len(b))
	}
	for i := range a {
		if a[i].Name != b[i].Name || !bytes.Equal(a[i].Content, b[i].Content) {
			t.Fatalf("file %d differs between two runs with the same seed", i)
		}
	}
	c := Generate(300, 0.3, 43)
	same := 0
	for i := range a {
		if bytes.Equal(a[i].Content, c[i].Content) {
			same++
		}
	}
	if same > 0 {
		t.Errorf("%d files identical across seeds 42 and 43", same)
	}
}

func TestNames(t *testing.T) {
	re := regexp.MustCompile(`^V[1-9][0-9]*__[a-z0-9]+(_[a-z0-9]+)*\.sql$`)
	seen := map[string]bool{}
	for _, f := range Generate(500, 0.5, 1) {
		if !re.MatchString(f.Name) {
			t.Errorf("name %q is not a Flyway versioned migration name", f.Name)
		}
		if seen[f.Name] {
			t.Errorf("duplicate name %q", f.Name)
		}
		seen[f.Name] = true
	}
}

func TestSizeDistribution(t *testing.T) {
	files := Generate(2000, 0.05, 1)
	total := 0
	for _, f := range files {
		n := len(f.Content)
		total += n
		if n < 1024 || n > 6*1024 {
			t.Errorf("%s: %d bytes, want 1–6 KB", f.Name, n)
		}
	}
	mean := float64(total) / float64(len(files))
	if mean < 2200 || mean > 2800 {
		t.Errorf("mean size %.0f bytes, want about 2.5 KB", mean)
	}
	// Not all one size: the spread should reach both ends of the range.
	var small, large int
	for _, f := range files {
		switch n := len(f.Content); {
		case n < 1800:
			small++
		case n > 4000:
			large++
		}
	}
	if small < 100 || large < 40 {
		t.Errorf("sizes too uniform: %d files < 1.8 KB, %d files > 4 KB", small, large)
	}
}

func TestCredentialFraction(t *testing.T) {
	for _, tc := range []struct {
		n    int
		frac float64
		seed int64
	}{
		{2000, 0.05, 1}, {2000, 1.0, 1}, {2000, 0, 1}, {10, 0.25, 7}, {7, 0.5, 3}, {333, 0.333, 9}, {1, 1, 5},
	} {
		files := Generate(tc.n, tc.frac, tc.seed)
		if len(files) != tc.n {
			t.Fatalf("Generate(%d, %v): %d files", tc.n, tc.frac, len(files))
		}
		got := 0
		for _, f := range files {
			if hasCredential(f.Content) {
				got++
			}
		}
		if want := int(math.Round(float64(tc.n) * tc.frac)); got != want {
			t.Errorf("Generate(%d, %v, %d): %d files mention IAM_ROLE or CREDENTIALS, want %d", tc.n, tc.frac, tc.seed, got, want)
		}
	}
}

// Every credential shape the brief asks for shows up in a full corpus.
func TestVariety(t *testing.T) {
	var all bytes.Buffer
	for _, f := range Generate(2000, 1, 1) {
		all.Write(f.Content)
	}
	for _, want := range []string{
		"COPY ", "UNLOAD (", "FORMAT AS PARQUET", "IAM_ROLE default", "IAM_ROLE 'arn:aws:iam::123456789012:role/",
		",arn:aws:iam::", ", arn:aws:iam::", "CREATE EXTERNAL SCHEMA", "FROM DATA CATALOG", "CREATE EXTERNAL FUNCTION",
		"LAMBDA '", "CREATE MODEL", "SETTINGS (S3_BUCKET", "CREATE OR REPLACE LIBRARY", "'${loader_role}'",
		"CREDENTIALS 'aws_iam_role=", "ACCESS_KEY_ID", "JOB CREATE", "''shipped''", "\\'", "$$SELECT",
		"CREATE TABLE", "ALTER TABLE", "INSERT INTO", "JOIN", "CREATE OR REPLACE VIEW", "GRANT ", "/* ", "-- ",
		"CREATE OR REPLACE PROCEDURE", "$body$", "iam_role ",
	} {
		if !bytes.Contains(all.Bytes(), []byte(want)) {
			t.Errorf("corpus never contains %q", want)
		}
	}
	if !regexp.MustCompile(`arn:aws:iam::[0-9]{13}:role/`).Match(all.Bytes()) {
		t.Error("corpus never contains a 13-digit account")
	}
}

func TestStatementsTerminated(t *testing.T) {
	for _, f := range Generate(200, 0.5, 2) {
		if !bytes.HasSuffix(f.Content, []byte(";\n")) {
			t.Errorf("%s does not end with a terminated statement", f.Name)
		}
	}
}

func TestWriteDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "migrations")
	files := Generate(20, 0.5, 3)
	if err := WriteDir(dir, files); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(files) {
		t.Fatalf("%d entries, want %d", len(entries), len(files))
	}
	for _, f := range files {
		got, err := os.ReadFile(filepath.Join(dir, f.Name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, f.Content) {
			t.Errorf("%s: content differs on disk", f.Name)
		}
	}
	if err := WriteDir(dir, []File{{Name: "../escape.sql"}}); err == nil {
		t.Error("WriteDir accepted a name with a path")
	}
}

func TestEdgeCases(t *testing.T) {
	if got := Generate(0, 0.5, 1); len(got) != 0 {
		t.Errorf("Generate(0): %d files", len(got))
	}
	if got := Generate(-3, 0.5, 1); len(got) != 0 {
		t.Errorf("Generate(-3): %d files", len(got))
	}
	for _, f := range Generate(10, 1.5, 1) {
		if !hasCredential(f.Content) {
			t.Errorf("fraction above 1 should clamp to 1; %s has no credential", f.Name)
		}
	}
	for _, f := range Generate(10, math.NaN(), 1) {
		if hasCredential(f.Content) {
			t.Errorf("NaN fraction should clamp to 0; %s has a credential", f.Name)
		}
	}
}

func BenchmarkGenerate(b *testing.B) {
	for b.Loop() {
		Generate(2000, 0.05, 1)
	}
}

func TestSquawkSafe(t *testing.T) {
	in := []File{{Name: "V1__x.sql", Content: []byte(
		"SELECT 'it\\'s', 'C:\\\\dir\\\\', 'a''b';\nCOPY t FROM 's3://b/' WITH CREDENTIALS AS 'aws_iam_role=arn:aws:iam::123456789012:role/R';\n")}}
	want := "SELECT 'it''s', 'C:\\\\dir\\\\', 'a''b';\nCOPY t FROM 's3://b/' CREDENTIALS AS 'aws_iam_role=arn:aws:iam::123456789012:role/R';\n"
	if got := string(SquawkSafe(in)[0].Content); got != want {
		t.Errorf("SquawkSafe:\n got %q\nwant %q", got, want)
	}
	if string(in[0].Content) == want {
		t.Error("SquawkSafe modified its input")
	}

	files := Generate(2000, 1, 1)
	safe := SquawkSafe(files)
	for i, f := range safe {
		if f.Name != files[i].Name {
			t.Fatalf("name changed: %q -> %q", files[i].Name, f.Name)
		}
		if bytes.Contains(f.Content, []byte("\\'")) || bytes.Contains(f.Content, []byte("WITH CREDENTIALS")) {
			t.Errorf("%s still holds a spelling that crashes squawk", f.Name)
		}
		if hasCredential(f.Content) != hasCredential(files[i].Content) {
			t.Errorf("%s: credential presence changed", f.Name)
		}
	}
}
