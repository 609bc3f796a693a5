package main

import (
	"fmt"
	"strconv"
	"time"

	"github.com/os2kitos/tovholder/workflow"
)

// csvPlan collects the initiatives and cycles named by the rows of an export's CSV:
// each wish's rows repeat the initiative it is in and its cycle.
type csvPlan struct {
	initiatives []workflow.ImportInitiative
	cycles      []workflow.ImportCycle
	inByID      map[string]int
	cycleByName map[string]bool
}

func newCSVPlan() *csvPlan {
	return &csvPlan{inByID: map[string]int{}, cycleByName: map[string]bool{}}
}

// add reads the initiative and cycle cells of the first row of wish key.
func (pl *csvPlan) add(p *rowParser, key string) {
	c := p.cell
	if id := c("initiative"); id != "" {
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil || n <= 0 {
			p.bad("initiative", fmt.Errorf("%q is not an initiative's number", id))
		} else if i, ok := pl.inByID[id]; ok {
			pl.initiatives[i].WishKeys = append(pl.initiatives[i].WishKeys, key)
		} else {
			pl.inByID[id] = len(pl.initiatives)
			pl.initiatives = append(pl.initiatives, p.initiative(n, key))
		}
	}
	if name := c("cycle"); name != "" && c("cycle_expected") != "" && !pl.cycleByName[name] {
		pl.cycleByName[name] = true
		pl.cycles = append(pl.cycles, workflow.ImportCycle{Line: p.line, Cycle: workflow.Cycle{Name: name,
			Expected: p.date("cycle_expected"), CreatedBy: c("cycle_created_by"), CreatedAt: p.time("cycle_created_at"),
			DeliveredAt: p.time("cycle_delivered_at")}})
	}
}

// date reads a date column as midnight UTC of that date.
func (p *rowParser) date(col string) time.Time {
	t, err := time.Parse(time.DateOnly, p.cell(col))
	if err != nil {
		t = p.time(col).In(p.loc)
	}
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func (p *rowParser) initiative(id int64, key string) workflow.ImportInitiative {
	c := p.cell
	in := workflow.Initiative{Title: c("initiative_title"), Recommendation: c("initiative_recommendation"),
		State: workflow.InitiativeState(c("initiative_state")), RecommendedBy: c("initiative_recommended_by"),
		RecommendedAt: p.time("initiative_recommended_at"), Financing: c("initiative_financing"),
		FinancingName: c("initiative_financing_name"), DecisionNote: c("initiative_decision_note"),
		DecidedBy: c("initiative_decided_by"), DecidedAt: p.time("initiative_decided_at")}
	if a := c("initiative_decided_dkk"); a != "" {
		v, err := workflow.ParseAmount(a)
		if err != nil {
			p.bad("initiative_decided_dkk", fmt.Errorf("%q is not an amount in kroner", a))
		}
		in.DecidedAmount = v
	}
	if h := c("initiative_decided_hours"); h != "" {
		v, err := workflow.ParseHours(h)
		if err != nil {
			p.bad("initiative_decided_hours", fmt.Errorf("%q is not a number of hours", h))
		}
		in.DecidedHours = v
	}
	return workflow.ImportInitiative{Line: p.line, Key: initiativeKey(id), Initiative: in, WishKeys: []string{key}}
}
