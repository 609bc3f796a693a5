package main

import (
	"cmp"
	"encoding/json"
	"slices"
	"strconv"
	"time"

	"github.com/os2kitos/tovholder/workflow"
)

// exportFile is the JSON export: the wishes, the steering group's initiatives over
// them and the development cycles, so that export → import carries every decision.
// An import also reads a plain list of wishes (the first version's export).
type exportFile struct {
	Wishes      []exportWish       `json:"wishes"`
	Initiatives []exportInitiative `json:"initiatives"`
	Cycles      []exportCycle      `json:"cycles"`
	// TimeZone is TOVHOLDER_TIMEZONE, in which the CSV's *_local columns are written.
	TimeZone string `json:"time_zone"`
	// Names are the display names of the people the export names by Slack ID, as
	// Slack's users.info gave them to the bot; the IDs stay where they are.
	Names map[string]string `json:"names"`
}

// exportInitiative is a recommendation to the steering group and its decision.
type exportInitiative struct {
	ID             int64     `json:"id"`
	Title          string    `json:"title"`
	Recommendation string    `json:"recommendation"`
	Wishes         []int64   `json:"wishes"` // the wishes' numbers, as in the same file
	State          string    `json:"state"`
	RecommendedBy  string    `json:"recommended_by"`
	RecommendedAt  time.Time `json:"recommended_at"`
	Financing      string    `json:"financing,omitempty"`
	FinancingName  string    `json:"financing_name,omitempty"`
	DecisionNote   string    `json:"decision_note,omitempty"`
	DecidedBy      string    `json:"decided_by,omitempty"`
	DecidedAt      time.Time `json:"decided_at"`
	// The total the decision was made on, as decided.
	DecidedAmountDKK json.Number `json:"decided_amount_dkk"`
	DecidedHours     json.Number `json:"decided_hours"`
	// DecidedEstimate is the id (in estimates[].id) of the newest estimate at the decision.
	DecidedEstimate int64 `json:"decided_estimate,omitempty"`
}

// exportCycle is a development cycle.
type exportCycle struct {
	Name        string    `json:"name"`
	Expected    string    `json:"expected"` // a date: 2027-09-01
	CreatedBy   string    `json:"created_by"`
	CreatedAt   time.Time `json:"created_at"`
	DeliveredAt time.Time `json:"delivered_at"`
}

// initiativeStates are every state an initiative can be in, to export them all.
var initiativeStates = []workflow.InitiativeState{workflow.InitiativeRecommended, workflow.InitiativeApproved,
	workflow.InitiativeDeclined, workflow.InitiativeWithdrawn}

// loadPlan reads every initiative, oldest first, and every cycle.
func loadPlan(tx workflow.Tx, f *exportFile) error {
	for _, s := range initiativeStates {
		ins, err := tx.Initiatives(s)
		if err != nil {
			return err
		}
		for _, in := range ins {
			f.Initiatives = append(f.Initiatives, exportOfInitiative(in))
		}
	}
	slices.SortFunc(f.Initiatives, func(a, b exportInitiative) int { return cmp.Compare(a.ID, b.ID) })
	cys, err := tx.Cycles()
	if err != nil {
		return err
	}
	for _, c := range cys {
		f.Cycles = append(f.Cycles, exportCycle{Name: c.Name, Expected: c.Expected.Format(time.DateOnly),
			CreatedBy: c.CreatedBy, CreatedAt: c.CreatedAt, DeliveredAt: c.DeliveredAt})
	}
	return nil
}

func exportOfInitiative(in workflow.Initiative) exportInitiative {
	return exportInitiative{ID: in.ID, Title: in.Title, Recommendation: in.Recommendation, Wishes: append([]int64{}, in.WishIDs...),
		State: string(in.State), RecommendedBy: in.RecommendedBy, RecommendedAt: in.RecommendedAt, Financing: in.Financing,
		FinancingName: in.FinancingName, DecisionNote: in.DecisionNote, DecidedBy: in.DecidedBy, DecidedAt: in.DecidedAt,
		DecidedAmountDKK: json.Number(in.DecidedAmount.Format("", ".")), DecidedHours: json.Number(in.DecidedHours.Format("", ".")),
		DecidedEstimate: in.DecidedEstimate}
}

// importOfInitiative reads an exported initiative; line is where the file has it.
func importOfInitiative(x exportInitiative, line int) (workflow.ImportInitiative, workflow.ImportErrors) {
	var errs workflow.ImportErrors
	bad := func(col, problem string) {
		errs = append(errs, workflow.ImportProblem{Line: line, Column: "initiatives." + col, Problem: problem})
	}
	in := workflow.Initiative{Title: x.Title, Recommendation: x.Recommendation, State: workflow.InitiativeState(x.State),
		RecommendedBy: x.RecommendedBy, RecommendedAt: x.RecommendedAt.UTC(), Financing: x.Financing,
		FinancingName: x.FinancingName, DecisionNote: x.DecisionNote, DecidedBy: x.DecidedBy, DecidedAt: x.DecidedAt.UTC()}
	var err error
	if x.DecidedAmountDKK != "" {
		if in.DecidedAmount, err = workflow.ParseAmount(string(x.DecidedAmountDKK)); err != nil {
			bad("decided_amount_dkk", strconv.Quote(string(x.DecidedAmountDKK))+" is not an amount in kroner")
		}
	}
	if x.DecidedHours != "" {
		if in.DecidedHours, err = workflow.ParseHours(string(x.DecidedHours)); err != nil {
			bad("decided_hours", strconv.Quote(string(x.DecidedHours))+" is not a number of hours")
		}
	}
	ii := workflow.ImportInitiative{Line: line, Key: initiativeKey(x.ID), Initiative: in, DecidedEstimate: x.DecidedEstimate}
	for _, id := range x.Wishes {
		ii.WishKeys = append(ii.WishKeys, numberKey(strconv.FormatInt(id, 10)))
	}
	if x.ID <= 0 {
		bad("id", "is required: the initiative's number")
	}
	return ii, errs
}

// initiativeKey is the key of a source's initiative: what its history data names.
func initiativeKey(id int64) string { return "initiative/" + strconv.FormatInt(id, 10) }

// importOfCycle reads an exported cycle.
func importOfCycle(x exportCycle, line int) (workflow.ImportCycle, workflow.ImportErrors) {
	c := workflow.Cycle{Name: x.Name, CreatedBy: x.CreatedBy, CreatedAt: x.CreatedAt.UTC(), DeliveredAt: x.DeliveredAt.UTC()}
	var errs workflow.ImportErrors
	d, err := time.Parse(time.DateOnly, x.Expected)
	if err != nil {
		errs = append(errs, workflow.ImportProblem{Line: line, Column: "cycles.expected", Problem: strconv.Quote(x.Expected) + " is not a date: use 2027-09-01"})
	}
	c.Expected = d
	return workflow.ImportCycle{Line: line, Cycle: c}, errs
}
