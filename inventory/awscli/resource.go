package awscli

import (
	"github.com/redshift-preflight/redshift-preflight/inventory"
	"github.com/redshift-preflight/redshift-preflight/inventory/internal/jsonpull"
)

// ResourcePolicy reads the Policy member of aws s3api get-bucket-policy or
// aws lambda get-policy output: a JSON string holding the policy. Neither
// output names its bucket or function; the builder reads it from the
// policy's Resource elements.
func ResourcePolicy(r *jsonpull.Reader, f *inventory.File) error {
	raw, err := r.Value()
	if err != nil {
		return err
	}
	f.AddResourcePolicy(f.Doc(raw.Value, raw.Offset, inventory.DocPath{Base: "Policy"}))
	return nil
}
