package workflow_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/workflow"
)

var dotsTable = []struct {
	in   string
	max  int
	want int
	err  string
}{
	{"", 10, 0, ""},
	{"  ", 10, 0, ""},
	{"0", 10, 0, ""},
	{"7", 10, 7, ""},
	{" 10 ", 10, 10, ""},
	{"11", 10, 0, "err.rank.too_many"},
	{"-1", 10, 0, "err.rank.negative"},
	{"3.5", 10, 0, "err.rank.number"},
	{"three", 10, 0, "err.rank.number"},
	{"1e2", 10, 0, "err.rank.number"},
	{"+3", 10, 0, "err.rank.number"},
	{"99999999999999999999", 50, 0, "err.rank.number"},
	{"<script>", 10, 0, "err.rank.number"},
	{"٣", 10, 0, "err.rank.number"}, // an Arabic-Indic three: digits are 0-9 only
	{"0050", 50, 0, "err.rank.number"},
	{"050", 50, 50, ""},
}

func TestParseDots(t *testing.T) {
	for _, c := range dotsTable {
		got, err := workflow.ParseDots(c.in, c.max)
		if got != c.want || err != c.err {
			t.Errorf("ParseDots(%q, %d) = %d, %q; want %d, %q", c.in, c.max, got, err, c.want, c.err)
		}
	}
}

func FuzzParseDots(f *testing.F) {
	for _, c := range dotsTable {
		f.Add(c.in, c.max)
	}
	f.Fuzz(func(t *testing.T, s string, max int) {
		n, err := workflow.ParseDots(s, max)
		if err != "" {
			if n != 0 {
				t.Fatalf("ParseDots(%q) = %d with error %s", s, n, err)
			}
			return
		}
		if n < 0 || (n > 0 && n > max) { // blank is 0 dots, whatever the maximum
			t.Fatalf("ParseDots(%q, %d) = %d, out of range", s, max, n)
		}
		if n != 0 {
			if back, _ := strconv.Atoi(strings.TrimSpace(s)); back != n {
				t.Fatalf("ParseDots(%q) = %d, not the number written", s, n)
			}
		}
	})
}

func TestCheckDots(t *testing.T) {
	cases := []struct {
		name string
		raw  map[int64]string
		errs map[int64]string
		want map[int64]int
	}{
		{"all ten", map[int64]string{1: "6", 2: "4", 3: ""}, nil, map[int64]int{1: 6, 2: 4, 3: 0}},
		{"fewer is fine", map[int64]string{1: "1"}, nil, map[int64]int{1: 1}},
		{"over the total marks each giving input", map[int64]string{1: "6", 2: "5", 3: "0"},
			map[int64]string{1: "err.rank.over", 2: "err.rank.over"}, nil},
		{"negative", map[int64]string{1: "-3", 2: "4"}, map[int64]string{1: "err.rank.negative"}, nil},
		{"not a number", map[int64]string{1: "lots"}, map[int64]string{1: "err.rank.number"}, nil},
		{"one over the limit", map[int64]string{1: "11"}, map[int64]string{1: "err.rank.too_many"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, errs := workflow.CheckDots(c.raw, 10)
			if !mapsEqual(errs, c.errs) || !mapsEqual(got, c.want) {
				t.Errorf("CheckDots = %v, %v; want %v, %v", got, errs, c.want, c.errs)
			}
		})
	}
}

func mapsEqual[V comparable](a, b map[int64]V) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func TestOrderRanking(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2027, 1, d, 9, 0, 0, 0, time.UTC) }
	cases := []struct {
		name  string
		items []workflow.RankItem
		want  []int64
	}{
		{"by dots", []workflow.RankItem{{WishID: 1, Dots: 3}, {WishID: 2, Dots: 9}, {WishID: 3, Dots: 5}}, []int64{2, 3, 1}},
		{"tie broken by municipalities", []workflow.RankItem{{WishID: 1, Dots: 5, Municipalities: 2},
			{WishID: 2, Dots: 5, Municipalities: 7}}, []int64{2, 1}},
		{"then by age", []workflow.RankItem{{WishID: 4, Dots: 5, Municipalities: 2, CreatedAt: day(9)},
			{WishID: 3, Dots: 5, Municipalities: 2, CreatedAt: day(2)}}, []int64{3, 4}},
		{"no dots at all: by support, then age", []workflow.RankItem{{WishID: 1, CreatedAt: day(1)},
			{WishID: 2, Municipalities: 1, CreatedAt: day(2)}, {WishID: 3, CreatedAt: day(3)}}, []int64{2, 1, 3}},
		{"empty", nil, []int64{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := workflow.OrderRanking(c.items); !slices.Equal(got, c.want) {
				t.Errorf("OrderRanking = %v, want %v", got, c.want)
			}
		})
	}
}

func TestTotalDotsCountsOnlyTheElectorate(t *testing.T) {
	got := workflow.TotalDots([]string{"A", "B"}, map[string]map[int64]int{
		"A": {1: 4, 2: 6}, "B": {1: 10}, "LATE": {2: 10}})
	if !mapsEqual(got, map[int64]int{1: 14, 2: 6}) {
		t.Errorf("TotalDots = %v", got)
	}
}

func TestInBacklog(t *testing.T) {
	for _, c := range []struct {
		state workflow.State
		group string
		want  bool
	}{
		{workflow.StatePrioritised, "kontrakt", true},
		{workflow.StateSpecified, "kontrakt", true},
		{workflow.StateApproved, "kontrakt", true},
		{workflow.StatePrioritised, "system", false},
		{workflow.StateInAssessment, "kontrakt", false},
		{workflow.StatePlanned, "kontrakt", false},
		{workflow.StateDelivered, "kontrakt", false},
		{workflow.StateWithdrawn, "kontrakt", false},
	} {
		if got := workflow.InBacklog(workflow.Wish{State: c.state, Group: c.group}, "kontrakt"); got != c.want {
			t.Errorf("InBacklog(%s in %s) = %v", c.state, c.group, got)
		}
	}
}

func TestByGroupRank(t *testing.T) {
	ws := []workflow.Wish{{ID: 1, Group: "system"}, {ID: 2, Group: "kontrakt"}, {ID: 3, Group: "kontrakt"},
		{ID: 4, Group: "kontrakt"}, {ID: 5, Group: "system"}}
	workflow.ByGroupRank(ws, map[int64]int{4: 1, 3: 2, 5: 1})
	var got []int64
	for _, w := range ws {
		got = append(got, w.ID)
	}
	if want := []int64{4, 3, 2, 5, 1}; !slices.Equal(got, want) {
		t.Errorf("ByGroupRank = %v, want %v (by group, ranked first by rank, the rest as they were)", got, want)
	}
}
