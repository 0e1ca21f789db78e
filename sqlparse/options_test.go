package sqlparse_test

import (
	"fmt"
	"testing"
)

// The options that decide which permissions a statement needs.
func TestOptions(t *testing.T) {
	tests := []struct {
		name, src string
		want      string // fmt of the Options map
	}{
		{"COPY plain", "COPY t FROM 's3://b/p' IAM_ROLE default;", "map[]"},
		{"COPY manifest, JSONPaths, region", "COPY t FROM 's3://b/m.manifest' IAM_ROLE default MANIFEST FORMAT AS JSON 's3://b/jp.json' REGION AS 'eu-west-1';",
			"map[JSONPATHS:s3://b/jp.json MANIFEST: REGION:eu-west-1]"},
		{"COPY JSON auto is no JSONPaths file", "COPY t FROM 's3://b/p' IAM_ROLE default JSON 'auto';", "map[]"},
		{"COPY encrypted", "COPY t FROM 's3://b/p' IAM_ROLE default MASTER_SYMMETRIC_KEY 'k' ENCRYPTED;", "map[ENCRYPTED:]"},
		{"UNLOAD KMS", "UNLOAD ('select ''MANIFEST''') TO 's3://b/u/' IAM_ROLE default KMS_KEY_ID '1234abcd-12ab' ENCRYPTED CLEANPATH;",
			"map[CLEANPATH: ENCRYPTED: KMS_KEY_ID:1234abcd-12ab]"},
		{"UNLOAD region without AS", "UNLOAD ('select 1') TO 's3://b/u/' IAM_ROLE default REGION 'us-west-2';", "map[REGION:us-west-2]"},
		{"federated schema", "CREATE EXTERNAL SCHEMA s FROM POSTGRES DATABASE 'd' URI 'h' IAM_ROLE default SECRET_ARN 'arn:aws:secretsmanager:us-east-1:123456789012:secret:pg-AbCdEf';",
			"map[SECRET_ARN:arn:aws:secretsmanager:us-east-1:123456789012:secret:pg-AbCdEf]"},
		{"MSK schema", "CREATE EXTERNAL SCHEMA s FROM MSK IAM_ROLE default AUTHENTICATION iam CLUSTER_ARN 'arn:aws:kafka:us-east-1:123456789012:cluster/c/u';",
			"map[AUTHENTICATION:IAM CLUSTER_ARN:arn:aws:kafka:us-east-1:123456789012:cluster/c/u]"},
		{"catalog schema creating its database", "CREATE EXTERNAL SCHEMA s FROM DATA CATALOG DATABASE 'db' IAM_ROLE default CATALOG_ID '111122223333' CREATE EXTERNAL DATABASE IF NOT EXISTS;",
			"map[CATALOG_ID:111122223333 CREATE EXTERNAL DATABASE:]"},
		{"model settings", "CREATE MODEL m FROM t TARGET c FUNCTION f IAM_ROLE default AUTO OFF SETTINGS (S3_BUCKET 'bkt', KMS_KEY_ID 'k1');",
			"map[AUTO:OFF KMS_KEY_ID:k1]"},
		{"function has none", "CREATE EXTERNAL FUNCTION f(int) RETURNS int VOLATILE LAMBDA 'fn' IAM_ROLE default;", "map[]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := parse(tt.src, nil)
			if len(res.Statements) != 1 {
				t.Fatalf("%d statements", len(res.Statements))
			}
			st := res.Statements[0]
			if got := fmt.Sprint(st.Options); got != tt.want {
				t.Errorf("Options = %s, want %s", got, tt.want)
			}
			for k, v := range st.Options {
				if got, ok := st.Option(k); !ok || got != v {
					t.Errorf("Option(%q) = %q, %v", k, got, ok)
				}
			}
		})
	}
}
