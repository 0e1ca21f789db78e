package awscli

import (
	"github.com/redshift-preflight/redshift-preflight/inventory"
	"github.com/redshift-preflight/redshift-preflight/inventory/internal/jsonpull"
)

// KMS facts (inventory/kms.go): aws kms get-key-policy output with an
// added KeyArn member, aws s3api get-bucket-encryption output with an
// added Bucket member.

// KeyARN reads the KeyArn member added to get-key-policy output.
func KeyARN(r *jsonpull.Reader, f *inventory.File) error {
	if r.Kind() != '"' {
		return inventory.DataError("want a string (the key's ARN)")
	}
	v, err := r.String()
	if err != nil {
		return err
	}
	f.SetKeyARN(v, f.Source("KeyArn"))
	return nil
}

// PolicyName reads get-key-policy's PolicyName ("default").
func PolicyName(r *jsonpull.Reader, f *inventory.File) error {
	f.SawPolicyName()
	return r.Skip()
}

type encryptionConfig struct {
	Rules []struct {
		ApplyServerSideEncryptionByDefault *struct {
			SSEAlgorithm   string
			KMSMasterKeyID string
		}
	}
}

// BucketEncryption reads get-bucket-encryption's
// ServerSideEncryptionConfiguration: the default of its first rule with
// one (S3 keeps a single rule).
func BucketEncryption(r *jsonpull.Reader, f *inventory.File) error {
	var c encryptionConfig
	if err := r.Decode(&c); err != nil {
		return err
	}
	for i, rule := range c.Rules {
		d := rule.ApplyServerSideEncryptionByDefault
		if d == nil {
			continue
		}
		at := inventory.IndexPath("Rules", i) + ".ApplyServerSideEncryptionByDefault"
		if d.SSEAlgorithm == "" {
			return &inventory.LoadError{Path: at + ".SSEAlgorithm", Msg: "missing SSEAlgorithm"}
		}
		at = "ServerSideEncryptionConfiguration." + at
		f.SetBucketEncryption(d.SSEAlgorithm, d.KMSMasterKeyID, f.Source(at+".KMSMasterKeyID"))
		return nil
	}
	f.SetBucketEncryption("", "", f.Source("ServerSideEncryptionConfiguration"))
	return nil
}

// The members of a list-aliases entry that are read.
type listedAlias struct {
	AliasName, AliasArn, TargetKeyId string
}

// Aliases reads list-aliases' Aliases.
func Aliases(r *jsonpull.Reader, f *inventory.File) error {
	f.ListsAliases(f.Source("Aliases"))
	return decodeList(r, "Aliases", func(d *listedAlias, base string) error {
		if d.AliasArn == "" {
			return inventory.DataError("missing AliasArn")
		}
		return f.AddAlias(d.AliasArn, d.TargetKeyId, f.Source(base))
	})
}

type keyMetadata struct {
	Arn, KeyManager string
}

// KeyMetadata reads describe-key's KeyMetadata.
func KeyMetadata(r *jsonpull.Reader, f *inventory.File) error {
	var m keyMetadata
	if err := r.Decode(&m); err != nil {
		return err
	}
	if m.Arn == "" {
		return &inventory.LoadError{Path: "Arn", Msg: "missing Arn"}
	}
	return f.SetDescribedKey(m.Arn, m.KeyManager, f.Source("KeyMetadata"))
}
