//go:build race

package main

// raceEnabled: the test binary runs under the race detector, which makes
// the CLI some twenty times slower (see TestHostileGrowth).
const raceEnabled = true
