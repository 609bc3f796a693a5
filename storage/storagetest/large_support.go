package storagetest

import (
	"slices"
	"time"

	"github.com/os2kitos/tovholder/workflow"
)

// support gives the members their organisations (most a municipality, some a region
// or KL, some none), spreads Supports supports over the wishes, and gives each group
// that has a backlog an adopted rank for its first five backlog wishes.
func (g *generator) support() {
	var munis, others []string
	for _, o := range workflow.DefaultOrganisations {
		if o.IsMunicipality() {
			munis = append(munis, o.Key)
		} else {
			others = append(others, o.Key)
		}
	}
	t := at(LargeNow.AddDate(-2, 0, 0))
	for i := range LargeGroups {
		for j := range LargeGroupSize {
			switch n := i*LargeGroupSize + j; {
			case j%10 == 9: // has not chosen
			case j%10 == 8:
				g.exec("INSERT INTO user_organisations (user_id, org_key, set_at) VALUES (?, ?, ?)", member(i, j), others[n%len(others)], t)
			default:
				g.exec("INSERT INTO user_organisations (user_id, org_key, set_at) VALUES (?, ?, ?)", member(i, j), munis[n%len(munis)], t)
			}
		}
	}
	if g.s.Wishes == 0 {
		return
	}
	for k := range g.s.Supports {
		wish := 1 + (k*7919)%g.s.Wishes
		// A wish's k-th supporter is the next person after its (k-1)-th.
		u := (k/g.s.Wishes + 31*k) % (LargeGroups * LargeGroupSize)
		who := member(u/LargeGroupSize, u%LargeGroupSize)
		g.exec("INSERT OR IGNORE INTO supports (wish_id, user_id, at) VALUES (?, ?, ?)", wish, who,
			at(LargeNow.Add(-time.Duration(g.s.Supports-k)*time.Minute)))
	}
	for gi := range LargeGroups {
		key, ranked := groupKey(gi), 0
		for i := 1; i <= g.s.Wishes && ranked < 5; i++ {
			if groupKey(i/len(largeStates)) != key || !slices.Contains(workflow.BacklogStates, largeStates[i%len(largeStates)]) {
				continue
			}
			if ranked == 0 {
				g.exec(`INSERT INTO rankings (id, group_key, dots, deadline, created_by, created_at, closed_at, closed_by, result)
					VALUES (?, ?, 10, ?, ?, ?, ?, ?, '')`, gi+1, key, t, LargeSecretariat, t, t, LargeSecretariat)
			}
			ranked++
			g.exec("INSERT INTO wish_ranks (wish_id, group_key, rank, ranking_id, at) VALUES (?, ?, ?, ?, ?)", i, key, ranked, gi+1, t)
		}
	}
}
