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
		CreatedAt: at, UpdatedAt: at, Revision: 1}
)

// asking is alarm when the secretariat has asked a question about it.
func asking() workflow.Wish {
	w := alarm
	w.State, w.Question = workflow.StateNeedsInfo, "Which contracts: all, or only those with a notice period?"
	return w
}

// openPoll is a poll of the contract group on prioritising alarm: Anna agrees, Lars
// objects with a reason, Søren has not taken a stance.
func openPoll() workflow.PollDetail {
	w := alarm
	w.State, w.Group = workflow.StateInAssessment, "kontrakt"
	p := workflow.Poll{ID: 3, WishID: w.ID, GroupKey: "kontrakt", Proposal: workflow.ProposePrioritise,
		Priority: workflow.PriorityHigh, Text: "It saves money *now*.", Deadline: at.Add(7 * 24 * time.Hour), Quorum: 2,
		CreatedBy: "U0SOREN01", CreatedAt: at, Electorate: groups[0].Members}
	stances := []workflow.Stance{
		{PollID: 3, UserID: "U0ANNA001", Position: workflow.Agree, At: at},
		{PollID: 3, UserID: "U0LARS001", Position: workflow.Object, Reason: "Our supplier's API cannot do it before 2028.", At: at},
	}
	return workflow.PollDetail{Poll: p, Group: groups[0], Wish: &w, Tally: workflow.Count(p.Electorate, p.Quorum, stances)}
}

// closedPoll is openPoll closed by its coordinator: Lars withdrew his objection and
// agreed, so the group reached consensus.
func closedPoll(consensus bool) workflow.PollDetail {
	d := openPoll()
	d.Poll.ClosedAt, d.Poll.ClosedBy = at.Add(48*time.Hour), "U0SOREN01"
	stances := []workflow.Stance{{PollID: 3, UserID: "U0ANNA001", Position: workflow.Agree, At: at}}
	if consensus {
		stances = append(stances, workflow.Stance{PollID: 3, UserID: "U0LARS001", Position: workflow.Abstain, At: at})
		d.Poll.Consensus, d.Poll.Outcome = true, workflow.OutcomeConsensus
	} else {
		stances = append(stances, d.Tally.Stances[1])
		d.Poll.Outcome = workflow.OutcomeNoConsensus
	}
	d.Tally = workflow.Count(d.Poll.Electorate, d.Poll.Quorum, stances)
	return d
}
