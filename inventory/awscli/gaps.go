package awscli

import (
	"strconv"

	"github.com/redshift-preflight/redshift-preflight/inventory"
	"github.com/redshift-preflight/redshift-preflight/inventory/internal/jsonpull"
)

// redshift-preflight collect writes gaps.json beside the data: the files it
// wrote (CollectedFiles), the calls it could not make (CollectGaps) and
// its format (CollectFormat, 1). The gaps say which accounts' IAM data is
// missing although the directory was meant to hold it (inventory.Gap).

// The members of a gap that are read.
type gapDetail struct {
	Call, Account, Region, Code, Message string
	Resource                             string // the bucket or function of a per-resource call
}

// CollectGaps reads gaps.json's CollectGaps.
func CollectGaps(r *jsonpull.Reader, f *inventory.File) error {
	return decodeList(r, "CollectGaps", func(d *gapDetail, base string) error {
		switch {
		case d.Call == "":
			return inventory.DataError("missing Call")
		case d.Account != "" && !accountID(d.Account):
			return inventory.Within(inventory.DataError("want a 12-digit account id, got "+inventory.Short(d.Account)), "Account")
		}
		f.AddGap(inventory.Gap{Call: d.Call, Account: d.Account, Region: d.Region, Code: d.Code, Message: d.Message,
			Resource: d.Resource, Source: f.Source(base)})
		return nil
	})
}

// CollectedFiles reads gaps.json's CollectedFiles, a list of file names
// that only collect itself uses.
func CollectedFiles(r *jsonpull.Reader, f *inventory.File) error {
	return r.Array(func(int) error { _, err := r.String(); return err })
}

// CollectFormat reads gaps.json's CollectFormat, which must be 1.
func CollectFormat(r *jsonpull.Reader, f *inventory.File) error {
	var v int
	if err := r.Decode(&v); err != nil {
		return err
	}
	if v != 1 {
		return inventory.DataError("gaps.json format " + strconv.Itoa(v) + " is not one this version reads (1): collect again with this version")
	}
	return nil
}

func accountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
