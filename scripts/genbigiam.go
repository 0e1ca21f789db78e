//go:build ignore

// genbigiam writes the inputs of the IAM load benchmark (issue: one
// migration checked against a 5,000-role get-account-authorization-details
// export): iam/gaad.json, cluster/describe-clusters.json associating the
// first roles, and V1__load.sql using a chain of them.
//
//	go run scripts/genbigiam.go -out DIR [-roles 5000 -policies 500]
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/redshift-preflight/redshift-preflight/internal/corpus"
)

func main() {
	out := flag.String("out", "", "directory to write into")
	roles := flag.Int("roles", 5000, "roles in the export")
	policies := flag.Int("policies", 500, "managed policies (two versions each)")
	flag.Parse()
	if *out == "" {
		log.Fatal("genbigiam: -out DIR is required")
	}
	write := func(name string, data []byte) {
		path := filepath.Join(*out, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			log.Fatal(err)
		}
	}
	gaad := corpus.GenerateIAM(*roles, *policies)
	write("iam/gaad.json", gaad)
	write("cluster/describe-clusters.json", []byte(fmt.Sprintf(`{"Clusters": [{
    "ClusterIdentifier": "analytics-cluster",
    "ClusterNamespaceArn": "arn:aws:redshift:us-east-1:%s:namespace:5f1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d",
    "IamRoles": [{"IamRoleArn": %q, "ApplyStatus": "in-sync"}, {"IamRoleArn": %q, "ApplyStatus": "in-sync"}],
    "DefaultIamRoleArn": %q}]}
`, corpus.IAMAccount, corpus.IAMRoleARN(0), corpus.IAMRoleARN(1), corpus.IAMRoleARN(0))))
	write("V1__load.sql", []byte(fmt.Sprintf(`-- One migration, as a pre-commit hook checks it.
CREATE TABLE events (id bigint, payload varchar(65535));
COPY events FROM 's3://company-data-bucket-1/events/' IAM_ROLE '%s,%s' FORMAT AS JSON 'auto';
UNLOAD ('select * from events') TO 's3://company-data-bucket-2/export/' IAM_ROLE default PARQUET;
`, corpus.IAMRoleARN(1), corpus.IAMRoleARN(2))))
	fmt.Printf("genbigiam: wrote %s (iam/gaad.json %d bytes, %d roles)\n", *out, len(gaad), *roles)
}
