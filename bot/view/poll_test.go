package view

import (
	"testing"
	"time"

	"github.com/os2kitos/tovholder/workflow"
)

var copenhagen = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Copenhagen")
	if err != nil {
		panic(err)
	}
	return loc
}()

func TestPollViews(t *testing.T) {
	for _, lang := range langs {
		golden(t, "message.poll_open", lang, PollMessage(lang, Poll{Detail: openPoll(), Loc: copenhagen}))
		// The group's 14 days before the deadline come before the poll's halfway point:
		// the poll says when the reminder really goes (issue 12).
		halfway := openPoll()
		halfway.Group.RemindBefore = 14 * 24 * time.Hour
		golden(t, "message.poll_open_reminder_halfway", lang, PollMessage(lang, Poll{Detail: halfway, Loc: copenhagen}))
		golden(t, "message.poll_closed", lang, PollMessage(lang, Poll{Detail: closedPoll(true), Loc: copenhagen}))
		golden(t, "message.poll_outcome", lang, PollOutcome(lang, Poll{Detail: closedPoll(false), Loc: copenhagen}))
		golden(t, "message.poll_announcement", lang, PollAnnouncement(lang,
			Poll{Detail: closedPoll(true), Loc: copenhagen, Link: "https://kitos.slack.com/archives/C0KONT001/p1700000000000100",
				WebURL: "https://kitos.example.dk/wishes/12?lang=" + string(lang)}, alarm.ID))
		golden(t, "message.poll_announcement_unlinked", lang, PollAnnouncement(lang, Poll{Detail: closedPoll(true), Loc: copenhagen}, alarm.ID))
		moved := workflow.Event{Kind: workflow.EvWishMoved, WishID: alarm.ID, Actor: "U0METTE01", To: workflow.StateDeclined,
			Note: "Already possible with the contract's own alarm.", At: at}
		golden(t, "message.move_announcement", lang, MoveAnnouncement(lang, alarm, moved, ""))
		golden(t, "message.move_announcement_web", lang, MoveAnnouncement(lang, alarm, moved, "https://kitos.example.dk/wishes/12?lang="+string(lang)))
		d := openPoll()
		golden(t, "modal.poll_start", lang, PollModal(lang, *d.Wish, d.Group, "2027-03-08"))
		golden(t, "modal.poll_stance_object", lang, StanceModal(lang, d, workflow.Object))
		golden(t, "modal.poll_stance_agree", lang, StanceModal(lang, d, workflow.Agree))
	}
}
