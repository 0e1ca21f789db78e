package sqlparse_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// routineCases: credential clauses in procedure and function bodies, at
// exact line:col positions in the file. Each reference is written
// "CLAUSE@line:col=value@line:col", the value as the parser decoded it
// with opaque parts in brackets; dynamic SQL "EXECUTE@line:col" with "+"
// when its literals name a credential clause.
var routineCases = []struct {
	name    string
	src     string
	refs    []string
	dynamic []string
}{
	{"COPY in a $$ body",
		"CREATE OR REPLACE PROCEDURE sp_load()\nAS $$\nBEGIN\n  COPY t FROM 's3://b/p' IAM_ROLE 'arn:aws:iam::123456789012:role/Loader';\nEND;\n$$ LANGUAGE plpgsql;\n",
		[]string{"IAM_ROLE@4:26=arn:aws:iam::123456789012:role/Loader@4:35"}, nil},
	{"UNLOAD in a $body$ body, after IF ... THEN",
		"CREATE PROCEDURE p(n int) AS $body$\nDECLARE\n  k int;\nBEGIN\n  IF n > 0 THEN UNLOAD ('select 1') TO 's3://b/o/' IAM_ROLE default;\n  END IF;\nEND;\n$body$ LANGUAGE plpgsql;",
		[]string{"IAM_ROLE@5:52=default@5:61"}, nil},
	{"a nested dollar quote holds a ';'",
		"CREATE PROCEDURE p() AS $body$\nBEGIN\n  UNLOAD ($q$select 'a;b'$q$) TO 's3://b/o/'\n    IAM_ROLE $$arn:aws:iam::123456789012:role/U$$;\nEND;\n$body$ LANGUAGE plpgsql;",
		[]string{"IAM_ROLE@4:5=arn:aws:iam::123456789012:role/U@4:14"}, nil},
	{"a string in the body holds $$",
		"CREATE PROCEDURE p() AS $fn$\nBEGIN\n  RAISE INFO 'costs $$ ; 5';\n  COPY t FROM 's3://b/p' IAM_ROLE default;\nEND;\n$fn$ LANGUAGE plpgsql;",
		[]string{"IAM_ROLE@4:26=default@4:35"}, nil},
	{"labels, loops and exception handlers",
		"CREATE PROCEDURE p() AS $$\n<<main>>\nBEGIN\n  FOR i IN 1..3 LOOP COPY t FROM 's3://b/p' IAM_ROLE default; END LOOP;\nEXCEPTION WHEN OTHERS THEN\n  COPY e FROM 's3://b/e' IAM_ROLE default;\nEND;\n$$ LANGUAGE plpgsql;",
		[]string{"IAM_ROLE@4:45=default@4:54", "IAM_ROLE@6:26=default@6:35"}, nil},
	{"parameters are opaque",
		"CREATE PROCEDURE p(role_arn varchar, acct varchar) AS $$\nBEGIN\n  COPY t FROM 's3://b/p' IAM_ROLE role_arn;\n  COPY u FROM 's3://b/q' IAM_ROLE 'arn:aws:iam::' || acct || ':role/L';\nEND;\n$$ LANGUAGE plpgsql;",
		[]string{"IAM_ROLE@3:26=[role_arn]@3:35", "IAM_ROLE@4:26=arn:aws:iam::[acct]:role/L@4:35"}, nil},
	{"EXECUTE is dynamic SQL, not checked",
		"CREATE PROCEDURE p(r varchar) AS $$\nDECLARE l varchar;\nBEGIN\n  EXECUTE format('DROP TABLE %I', r);\n  GRANT EXECUTE ON PROCEDURE p(varchar) TO u;\n  EXECUTE 'COPY t FROM ''s3://b/p'' IAM_ROLE ' || quote_literal(r);\nEND;\n$$ LANGUAGE plpgsql;\n" +
			"CREATE PROCEDURE q(r varchar) AS $$\nDECLARE l varchar;\nBEGIN\n  l := 'UNLOAD (''select 1'') TO ''s3://b/o/'' IAM_ROLE ' || r;\n  IF r <> '' THEN EXECUTE l; END IF;\nEND;\n$$ LANGUAGE plpgsql;",
		nil, []string{"EXECUTE@4:3", "EXECUTE@6:3+", "EXECUTE@13:19+"}},
	{"a function body in SQL",
		"CREATE FUNCTION f() RETURNS int STABLE AS $$\n  SELECT 1\n$$ LANGUAGE sql;\nCOPY t FROM 's3://b/p' IAM_ROLE default;",
		[]string{"IAM_ROLE@4:24=default@4:33"}, nil},
	{"a Python body is not SQL",
		"CREATE FUNCTION f(a int) RETURNS int IMMUTABLE AS $$\ncopy = a\nreturn copy\n$$ LANGUAGE plpythonu;",
		nil, nil},
	{"a body in single quotes stays a string",
		"CREATE PROCEDURE p() AS '\nBEGIN COPY t FROM ''s3://b/p'' IAM_ROLE default; END;' LANGUAGE plpgsql;",
		nil, nil},
	{"a function body without AS is no body",
		"CREATE FUNCTION f() RETURNS text STABLE LANGUAGE sql $$ COPY t FROM 's3://b/p' IAM_ROLE default $$;",
		nil, nil},
}

func TestRoutineBodies(t *testing.T) {
	for _, c := range routineCases {
		t.Run(c.name, func(t *testing.T) {
			res := parse(c.src, nil)
			f := res.File
			at := func(off int) string {
				p := f.Position(off)
				return fmt.Sprintf("%d:%d", p.Line, p.Column)
			}
			var refs []string
			for _, r := range res.References {
				refs = append(refs, fmt.Sprintf("%s@%s=%s@%s", r.Clause, at(r.Keyword.Start), opaqueText(&r.Value), at(r.Value.Span.Start)))
			}
			var dyn []string
			for _, d := range res.DynamicSQL {
				s := fmt.Sprintf("%s@%s", c.src[d.Keyword.Start:d.Keyword.End], at(d.Keyword.Start))
				if d.Credentials {
					s += "+"
				}
				dyn = append(dyn, s)
			}
			if strings.Join(refs, " ") != strings.Join(c.refs, " ") {
				t.Errorf("references\n got %q\nwant %q", refs, c.refs)
			}
			if strings.Join(dyn, " ") != strings.Join(c.dynamic, " ") {
				t.Errorf("dynamic SQL\n got %q\nwant %q", dyn, c.dynamic)
			}
			for _, d := range res.Diagnostics {
				t.Errorf("diagnostic at %s: %s", at(d.Span.Start), d.Message)
			}
		})
	}
}

// opaqueText is a value's text with its opaque parts in brackets.
func opaqueText(v *sqlparse.Value) string {
	var b strings.Builder
	i := 0
	for _, r := range v.Opaque() {
		b.WriteString(v.Text[i:r[0]] + "[" + v.Text[r[0]:r[1]] + "]")
		i = r[1]
	}
	return b.String() + v.Text[i:]
}

// TestRoutineBodySecretIsMasked: key material in a body is a reference's
// literal value, and secret, at its place in the file.
func TestRoutineBodySecretIsMasked(t *testing.T) {
	src := "CREATE PROCEDURE p() AS $$\nBEGIN\n  COPY t FROM 's3://b/p'\n    ACCESS_KEY_ID 'AKIAIOSFODNN7EXAMPLE'\n    SECRET_ACCESS_KEY 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';\nEND;\n$$ LANGUAGE plpgsql;"
	res := parse(src, nil)
	if len(res.References) != 2 || !res.References[1].Value.IsLiteral() {
		t.Fatalf("references %+v, want the two key clauses with literal values", res.References)
	}
	for _, key := range []string{"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"} {
		off := strings.Index(src, key)
		covered := false
		for _, s := range res.Secrets {
			covered = covered || s.Start <= off && s.End >= off+len(key)
		}
		if !covered {
			t.Errorf("%s at %d not in the secrets %v", key, off, res.Secrets)
		}
	}
	if len(res.StraySecrets) != 0 {
		t.Errorf("stray secrets %+v, want none: the keys are the clauses' values", res.StraySecrets)
	}
	if p := res.File.Position(res.References[1].Value.Span.Start); p != (sqlparse.Position{Line: 5, Column: 23}) {
		t.Errorf("SECRET_ACCESS_KEY value at %+v, want 5:23", p)
	}
}
