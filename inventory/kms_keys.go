package inventory

import (
	"strings"
)

// KMS key names: which key an alias or a key id stands for, and who
// manages a key. SQL names a key in KMS_KEY_ID as a key ARN, a key id, an
// alias name or an alias ARN, but AWS decides a request on the key ARN
// alone:
//
// AWS KMS Developer Guide, "Specifying KMS keys in IAM policy statements"
// (https://docs.aws.amazon.com/kms/latest/developerguide/cmks-in-iam-policies.html):
// "To specify a KMS key in an IAM policy statement, you must use its key
// ARN. You cannot use a key id, alias name, or alias ARN to identify a KMS
// key in an IAM policy statement."
//
// Two AWS CLI outputs name keys, each complete as printed:
//
//   - aws kms list-aliases ({"Aliases": [{"AliasName": "alias/x",
//     "AliasArn": "arn:aws:kms:R:A:alias/x", "TargetKeyId": ID}]}): the
//     aliases of one account in one region; AliasArn gives both, so the
//     key ARN is arn:aws:kms:R:A:key/ID. An AWS managed alias (aws/...)
//     without TargetKeyId has no key yet.
//   - aws kms describe-key ({"KeyMetadata": {"Arn", "KeyManager", ...}}):
//     one key, and whether AWS manages it (KeyManager "AWS").

// KMSKey is what the data says about one KMS key.
type KMSKey struct {
	ARN string
	// Manager is describe-key's KeyManager: "AWS" or "CUSTOMER"; "" when
	// not known.
	Manager string
	// Aliases are the alias names the data gives the key.
	Aliases []string
	Source  Source
}

// AWSManaged: the key is an AWS managed key (aws/s3 and the like), by
// describe-key or by an alias of the reserved aws/ prefix.
func (k KMSKey) AWSManaged() bool {
	if k.Manager != "" {
		return k.Manager == "AWS"
	}
	for _, a := range k.Aliases {
		if ManagedAlias(a) {
			return true
		}
	}
	return false
}

// ManagedAlias: alias/aws/... names an AWS managed key. AWS KMS Developer
// Guide, "Aliases in AWS KMS": "The aws/ prefix in an alias name is
// reserved for AWS managed keys."
func ManagedAlias(name string) bool { return strings.HasPrefix(name, "alias/aws/") }

// KMSAlias is one alias of list-aliases output.
type KMSAlias struct {
	ARN    string // arn:PARTITION:kms:REGION:ACCOUNT:alias/NAME
	KeyARN string // "" when the alias points at no key yet
	Source Source
}

// kmsIndex holds the key names of the data.
type kmsIndex struct {
	aliases map[string]KMSAlias // by alias ARN
	keys    map[string]*KMSKey  // by key ARN
	listed  map[string]Source   // list-aliases read for "ACCOUNT REGION"
}

// kmsNames is what one file says about key names.
type kmsNames struct {
	aliases   []KMSAlias
	listed    bool
	listAt    Source
	described *KMSKey
}

func (f *File) kmsNameData() *kmsNames {
	k := f.kmsData()
	if k.names == nil {
		k.names = &kmsNames{}
	}
	return k.names
}

// ListsAliases marks list-aliases output (it may list none).
func (f *File) ListsAliases(at Source) {
	n := f.kmsNameData()
	n.listed, n.listAt = true, at
}

// AddAlias records one alias of list-aliases output: its ARN and its
// target key id ("" for none).
func (f *File) AddAlias(aliasARN, targetKeyID string, at Source) error {
	a, ok := SplitARN(aliasARN)
	name, isAlias := strings.CutPrefix(a.Resource, "alias/")
	if !ok || a.Service != "kms" || a.Region == "" || !accountDigits(a.Account) || !isAlias || name == "" {
		return &LoadError{Path: "AliasArn", Msg: "want a KMS alias ARN (arn:aws:kms:<region>:<account>:alias/<name>), got " + Short(aliasARN)}
	}
	al := KMSAlias{ARN: aliasARN, Source: at}
	if targetKeyID != "" {
		al.KeyARN = "arn:" + a.Partition + ":kms:" + a.Region + ":" + a.Account + ":key/" + targetKeyID
		if !ValidKeyARN(al.KeyARN) {
			return &LoadError{Path: "TargetKeyId", Msg: "want a key id, got " + Short(targetKeyID)}
		}
	}
	n := f.kmsNameData()
	n.aliases = append(n.aliases, al)
	return nil
}

// SetDescribedKey records describe-key's KeyMetadata.
func (f *File) SetDescribedKey(arn, manager string, at Source) error {
	if !ValidKeyARN(arn) {
		return &LoadError{Path: "Arn", Msg: "want a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key id>), got " + Short(arn)}
	}
	f.kmsNameData().described = &KMSKey{ARN: arn, Manager: manager, Source: at}
	return nil
}

// addKMSNames merges a file's aliases and described key; a name given
// twice must agree.
func (b *Builder) addKMSNames(n *kmsNames) error {
	x := b.inv.kmsIndex()
	for _, al := range n.aliases {
		if old, ok := x.aliases[al.ARN]; ok {
			if old.KeyARN != al.KeyARN {
				return Conflict("the alias "+al.ARN, al.Source, old.Source, "the key "+Short(al.KeyARN))
			}
			continue
		}
		x.aliases[al.ARN] = al
		if al.KeyARN != "" {
			k := x.key(al.KeyARN, al.Source)
			k.Aliases = append(k.Aliases, aliasName(al.ARN))
		}
	}
	if n.listed {
		for _, al := range n.aliases {
			a, _ := SplitARN(al.ARN)
			x.listed[a.Account+" "+a.Region] = n.listAt
		}
	}
	if d := n.described; d != nil {
		k := x.key(d.ARN, d.Source)
		switch {
		case k.Manager == "":
			k.Manager = d.Manager
		case d.Manager != "" && k.Manager != d.Manager:
			return Conflict("the key "+d.ARN, d.Source, k.Source, "the KeyManager "+d.Manager)
		}
	}
	return nil
}

func (inv *Inventory) kmsIndex() *kmsIndex {
	if inv.kms == nil {
		inv.kms = &kmsIndex{aliases: map[string]KMSAlias{}, keys: map[string]*KMSKey{}, listed: map[string]Source{}}
	}
	return inv.kms
}

// key returns the facts of a key ARN, added when new.
func (x *kmsIndex) key(arn string, at Source) *KMSKey {
	if k := x.keys[arn]; k != nil {
		return k
	}
	k := &KMSKey{ARN: arn, Source: at}
	x.keys[arn] = k
	return k
}

// aliasName is the alias/NAME part of an alias ARN.
func aliasName(aliasARN string) string {
	a, _ := SplitARN(aliasARN)
	return a.Resource
}

// KMSAliasOf returns the alias of an alias ARN, when the data has it.
func (inv *Inventory) KMSAliasOf(aliasARN string) (KMSAlias, bool) {
	if inv.kms == nil {
		return KMSAlias{}, false
	}
	al, ok := inv.kms.aliases[aliasARN]
	return al, ok
}

// AliasesListed reports whether the data holds list-aliases output of
// the account in the region, and where: an alias missing from it does not
// exist there.
func (inv *Inventory) AliasesListed(account, region string) (Source, bool) {
	if inv.kms == nil {
		return Source{}, false
	}
	at, ok := inv.kms.listed[account+" "+region]
	return at, ok
}

// KMSKeyOf returns what the data says about a key ARN.
func (inv *Inventory) KMSKeyOf(keyARN string) (KMSKey, bool) {
	if inv.kms == nil || inv.kms.keys[keyARN] == nil {
		return KMSKey{ARN: keyARN}, false
	}
	return *inv.kms.keys[keyARN], true
}
