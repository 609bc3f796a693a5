package view

import (
	"time"

	"github.com/os2kitos/tovholder/workflow"
)

// The sample data the golden files show: the example wishes of domain.md.
var (
	at = time.Date(2027, 3, 1, 9, 30, 0, 0, time.UTC)

	groups = []workflow.Group{
		{Key: "kontrakt", Name: "IT-kontrakter", ChannelID: "C0KONT001", CoordinatorID: "U0SOREN01",
			Members: []string{"U0ANNA001", "U0LARS001", "U0SOREN01"}},
		{Key: "systemer", Name: "IT-systemer", ChannelID: "C0SYST001"},
	}

	alarm = workflow.Wish{ID: 12, Title: "Notice-period alarm on contracts <!channel>",
		Purpose:        "Municipalities miss notice deadlines & renew contracts they meant to end.",
		Value:          "Avoids unwanted automatic renewals.",
		Description:    "An alarm a set number of days before a contract's notice period ends.",
		RequestedGroup: "kontrakt", State: workflow.StateSubmitted, SubmitterID: "U0ANNA001",
		CreatedAt: at, UpdatedAt: at}
)

// asking is alarm when the secretariat has asked a question about it.
func asking() workflow.Wish {
	w := alarm
	w.State, w.Question = workflow.StateNeedsInfo, "Which contracts: all, or only those with a notice period?"
	return w
}
