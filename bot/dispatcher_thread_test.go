package bot_test

import (
	"testing"
	"time"

	"github.com/os2kitos/tovholder/bot/bottest"
	"github.com/os2kitos/tovholder/bot/slackemu"
	"github.com/os2kitos/tovholder/workflow"
)

// pollClosedDuringOutage starts a poll on a routed wish and closes it with consensus
// while chat.postMessage fails as f says, so that the poll message and the outcome
// in its thread both wait in the outbox.
func pollClosedDuringOutage(t *testing.T, e *bottest.Env, f slackemu.Failure) {
	t.Helper()
	w := routedWish(t, e, "Notice-period alarm on contracts")
	e.Emu.Fail("chat.postMessage", f)
	ctx := e.Ctx()
	p, err := e.Svc.StartPoll(ctx, actorOf(t, e, bottest.Soren), workflow.PollInput{WishID: w.ID,
		Proposal: workflow.ProposePrioritise, Priority: workflow.PriorityHigh})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{bottest.Anna, bottest.Lars} {
		if _, err := e.Svc.TakeStance(ctx, actorOf(t, e, u), p.ID, workflow.Agree, ""); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.Svc.ClosePoll(ctx, actorOf(t, e, bottest.Soren), p.ID); err != nil {
		t.Fatal(err)
	}
	e.Bot.Dispatcher().Kick()
	e.Settle()
}

// A reply waits for the message it belongs under without spending its attempts: after
// a seven-minute outage the poll's outcome still reaches the poll's thread.
func TestThreadReplyWaitsForItsParentThroughAnOutage(t *testing.T) {
	e := bottest.New(t, bottest.Options{})
	pollClosedDuringOutage(t, e, slackemu.Failure{Status: 500})
	for range 42 { // seven minutes of Slack answering 500
		e.Advance(10 * time.Second)
	}
	if _, dead, _ := e.DB.OutboxStats(e.Ctx()); dead != 0 {
		t.Fatalf("%d notices given up on during a seven-minute outage", dead)
	}
	ds, err := e.DB.Outbox(e.Ctx(), false)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		if d.Kind == workflow.NoticePollOutcome && d.Attempts != 0 {
			t.Errorf("the outcome spent %d attempts waiting for the poll message, want none", d.Attempts)
		}
		if d.Kind == workflow.NoticePoll && d.Op == workflow.OpPost && d.Attempts < 5 {
			t.Errorf("the poll message was tried %d times in seven minutes: was Slack down at all?", d.Attempts)
		}
	}
	e.Emu.ClearFailures()
	for range 40 { // the poll message's backoff has grown to minutes
		e.Advance(30 * time.Second)
	}
	poll := e.MustFind(bottest.Contract, "Consensus poll")
	if th := thread(e, poll); !bottest.ContainsAll(th, "Consensus:") {
		t.Errorf("the outcome did not reach the poll's thread; thread:\n%s\nchannel:\n%s", th, e.Dump(bottest.Contract))
	}
	if pending, dead, err := e.DB.OutboxStats(e.Ctx()); pending != 0 || dead != 0 || err != nil {
		t.Errorf("outbox: %d pending, %d dead, %v", pending, dead, err)
	}
}

// A reply whose parent was given up on is given up on too, with a log line that names
// both and says how to replay them; replayed, the reply follows its parent.
func TestThreadReplyOfADeadParentIsDeadAndReplayable(t *testing.T) {
	var log lockedBuffer
	e := bottest.New(t, bottest.Options{Log: &log})
	pollClosedDuringOutage(t, e, slackemu.Failure{Error: "not_in_channel"})
	e.Advance(time.Minute)
	ds, err := e.DB.Outbox(e.Ctx(), true)
	if err != nil {
		t.Fatal(err)
	}
	var parent, reply workflow.Delivery
	for _, d := range ds {
		switch {
		case d.Kind == workflow.NoticePoll && d.Op == workflow.OpPost:
			parent = d
		case d.Kind == workflow.NoticePollOutcome:
			reply = d
		}
	}
	if parent.ID == 0 || reply.ID == 0 {
		t.Fatalf("want the poll message and its outcome dead; dead: %+v", ds)
	}
	if reply.Attempts != 1 {
		t.Errorf("the reply was tried %d times, want once: waiting for its parent is no attempt", reply.Attempts)
	}
	if l := log.String(); !bottest.ContainsAll(l, "gave up delivering a notice", "tovholder outbox retry --id "+itoa(parent.ID)+" --id "+itoa(reply.ID)) {
		t.Errorf("the log does not say how to replay the reply with its parent:\n%s", l)
	}
	e.Emu.ClearFailures()
	n, err := e.DB.RetryDead(e.Ctx(), parent.ID, reply.ID)
	if err != nil || n != 2 {
		t.Fatalf("RetryDead = %d, %v; want 2", n, err)
	}
	e.Advance(time.Second)
	poll := e.MustFind(bottest.Contract, "Consensus poll")
	if th := thread(e, poll); !bottest.ContainsAll(th, "Consensus:") {
		t.Errorf("the replayed outcome is not in the poll's thread:\n%s", th)
	}
}
