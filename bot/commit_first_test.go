package bot_test

import (
	"context"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/bot/bottest"
)

// TestStancesCommitWhileSlackIsSlow: a stance is committed before anything about its
// taker is asked of Slack, and a click waiting for Slack holds no slot that another
// click's commit needs. users.info is held (a slow Slack) while more members click
// Agree than the bot runs handlers at once; every stance must be in the database
// before users.info answers, and each member gets their answer once it does.
func TestStancesCommitWhileSlackIsSlow(t *testing.T) {
	e := bottest.New(t, bottest.Options{})
	const voters = 70 // more than the 64 handlers the bot runs at once
	ids := addVoters(t, e, voters)
	p, msg := pollWith(t, e)
	asked := len(e.Emu.CallsTo("users.info"))
	release := e.Emu.Hold("users.info")
	defer release()
	for _, u := range ids {
		if _, err := e.Emu.Click(e.Ctx(), u, msg.Channel, msg.TS, "Agree"); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(e.Ctx(), 20*time.Second)
	defer cancel()
	for {
		d, err := e.Svc.Poll(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if d.Tally.Agree == voters {
			break
		}
		if ctx.Err() != nil {
			t.Fatalf("%d of %d stances committed while users.info was slow; a Slack round trip holds commits back", d.Tally.Agree, voters)
		}
		time.Sleep(5 * time.Millisecond)
	}
	if n := len(e.Emu.CallsTo("users.info")) - asked; n != 0 {
		t.Fatalf("users.info answered %d times while held", n)
	}
	release()
	e.Settle()
	for _, u := range ids {
		if !hasEphemeral(e, u, "You agree with the proposal") {
			t.Fatalf("%s got no answer to their stance once Slack answered; ephemerals: %v", u, e.Emu.Ephemerals(u))
		}
	}
}

func hasEphemeral(e *bottest.Env, user, text string) bool {
	for _, m := range e.Emu.Ephemerals(user) {
		if bottest.ContainsAll(e.Text(m), text) {
			return true
		}
	}
	return false
}
