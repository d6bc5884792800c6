package scenarios_test

import (
	"fmt"

	"github.com/borderdrill/borderdrill/scenarios"
)

// ExampleBuiltin loads a built-in scenario and lists its teams: the ids a
// player chooses, with the country each serves.
func ExampleBuiltin() {
	sc, err := scenarios.Builtin("col-ven-cucuta-bridges")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(sc.Name, "on the", sc.Map.Name, "border,", sc.Duration, "ticks of", sc.TickSeconds, "s")
	for _, t := range sc.Teams {
		fmt.Println(t.ID, t.Country)
	}
	// Output:
	// col-ven-cucuta-bridges on the col-ven border, 43200 ticks of 1 s
	// MIG COL
	// PONAL COL
	// GNB VEN
}

// ExampleParse shows what an instructor's mistake looks like: every
// problem of the file, each at its line and column, with what is allowed.
func ExampleParse() {
	_, err := scenarios.Parse("drill.yaml", []byte(`name: drill
map: fin-rus
weather: snow
teams:
  - {id: FIN, country: FIN, base: {town: Lappeenranta}}
  - {id: RUS, country: RUS, base: {town: Vyborg}}
`))
	fmt.Println(err)
	// Output:
	// drill.yaml:3:10: scenario: unknown weather "snow"; allowed: clear, rain, fog, storm
}
