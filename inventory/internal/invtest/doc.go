// Package invtest holds what the tests of the inventory packages share:
// loading files from memory, golden dumps of an inventory, fixtures. The
// fixtures of every input format are in inventory/testdata; tests of the
// packages below inventory name them with Fixture and TF, and Dump prints
// their paths as seen from inventory/, so that golden files do not depend
// on which package's test wrote them.
package invtest
