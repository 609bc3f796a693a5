package view

import (
	"testing"

	"github.com/os2kitos/tovholder/workflow"
)

func TestDigests(t *testing.T) {
	poll := openPoll()
	major := alarm
	major.ID, major.Title, major.State, major.Size = 3, "Contract economy module", workflow.StatePrioritised, workflow.SizeMajor
	ini := workflow.InitiativeDetail{Initiative: workflow.Initiative{ID: 4, Title: "Contract economy"}}
	group := workflow.Digest{Rule: workflow.GroupRule("kontrakt"), Group: "kontrakt", Fire: at, Sections: []workflow.DigestSection{
		{Key: workflow.SecAssessment, IDs: []int64{alarm.ID, 40}, Total: 3},
		{Key: workflow.SecPolls, IDs: []int64{poll.Poll.ID}, Total: 1},
		{Key: workflow.SecSpec, IDs: []int64{major.ID}, Total: 1},
	}}
	items := map[DigestKey]DigestItem{
		{workflow.SecAssessment, alarm.ID}: {Wish: &alarm, Link: "https://kitos.slack.com/archives/C0KONT001/p1700000000000100"},
		{workflow.SecAssessment, 40}:       {}, // gone since the digest was queued
		{workflow.SecPolls, poll.Poll.ID}:  {Poll: &poll},
		{workflow.SecSpec, major.ID}:       {Wish: &major},
	}
	steering := workflow.Digest{Rule: workflow.RuleSteering, Fire: at, Sections: []workflow.DigestSection{
		{Key: workflow.SecDecision, IDs: []int64{ini.Initiative.ID}, Total: 1}}}
	for _, lang := range langs {
		golden(t, "message.digest_coordinator", lang, DigestMessage(lang,
			Digest{Digest: group, Group: &groups[0], Coordinator: true, Items: items, Loc: copenhagen}))
		golden(t, "message.digest_group_secretariat", lang, DigestMessage(lang,
			Digest{Digest: group, Group: &groups[0], Items: items, Loc: copenhagen}))
		golden(t, "message.digest_steering", lang, DigestMessage(lang, Digest{Digest: steering, Loc: copenhagen,
			Items: map[DigestKey]DigestItem{{workflow.SecDecision, ini.Initiative.ID}: {Initiative: &ini}}}))
		golden(t, "message.poll_reminder", lang, PollReminder(lang, Poll{Detail: poll, Loc: copenhagen,
			Link: "https://kitos.slack.com/archives/C0KONT001/p1700000000000200"}))
		golden(t, "message.poll_reminder_closed", lang, PollReminder(lang, Poll{Detail: closedPoll(true), Loc: copenhagen}))
	}
}
