package bot_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/os2kitos/tovholder/bot/bottest"
	"github.com/os2kitos/tovholder/workflow"
)

func TestFreeStandingPoll(t *testing.T) {
	e := bottest.New(t, bottest.Options{})
	e.Slash(bottest.Soren, bottest.Contract, "/tovholder", "poll Meet every other week instead of weekly")
	if got := e.Text(e.LastEphemeral(bottest.Soren)); !strings.Contains(got, "needs 2 of 3 members") {
		t.Errorf("Søren was told:\n%s", got)
	}
	msg := e.MustFind(bottest.Contract, "Consensus poll")
	if got := e.Text(msg); !bottest.ContainsAll(got, "Proposal:", "Meet every other week instead of weekly", "[Agree]") {
		t.Errorf("free poll:\n%s", got)
	}
	if got := answer(t, e, bottest.Soren, "/tovholder", "poll Something"); !strings.Contains(got, "not a working group's channel") {
		t.Errorf("a poll outside a group's channel answered:\n%s", got)
	}
	e.Slash(bottest.Anna, bottest.Contract, "/tovholder", "poll Let me decide")
	if got := e.Text(e.LastEphemeral(bottest.Anna)); !strings.Contains(got, "only the coordinator of IT-kontrakter or the secretariat") {
		t.Errorf("a member starting a poll was told:\n%s", got)
	}
	e.Click(bottest.Anna, msg.Channel, msg.TS, "Agree")
	e.Click(bottest.Lars, msg.Channel, msg.TS, "Agree")
	e.Click(bottest.Soren, msg.Channel, msg.TS, "Close now")
	if th := thread(e, msg); !strings.Contains(th, "the proposal is adopted") {
		t.Errorf("outcome:\n%s", th)
	}
}

func TestConcurrentStancesAreCountedExactly(t *testing.T) {
	e := bottest.New(t, bottest.Options{})
	voters := addVoters(t, e, 100)
	p, msg := pollWith(t, e)
	var wg sync.WaitGroup
	errs := make(chan error, 2*len(voters))
	for i, u := range voters {
		label := "Agree"
		if i%2 == 1 {
			label = "Abstain"
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 2 { // a double click
				if _, err := e.Emu.Click(e.Ctx(), u, msg.Channel, msg.TS, label); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	e.Settle()
	d, err := e.Svc.Poll(e.Ctx(), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Tally.Stances) != 100 || d.Tally.Agree != 50 || d.Tally.Abstain != 50 {
		t.Errorf("tally %d stances, %d agree, %d abstain; want 100, 50, 50", len(d.Tally.Stances), d.Tally.Agree, d.Tally.Abstain)
	}
	var n int
	for _, ev := range events(t, e) {
		if ev.Kind == workflow.EvStanceTaken {
			n++
		}
	}
	if n != 100 {
		t.Errorf("%d stance events for 100 members clicking twice, want 100", n)
	}
	if got := now(t, e, msg); !bottest.ContainsAll(got, "*Agree* 50 · *Abstain* 50 · *Object* 0: 100 of 103 members", "Agree (50)", "Abstain (50)") {
		t.Errorf("final message does not show the database's tally:\n%s", got)
	}
}

func TestPollMessageStaysWithinLimitsWithAHundredReasons(t *testing.T) {
	e := bottest.New(t, bottest.Options{})
	voters := addVoters(t, e, 100)
	p, msg := pollWith(t, e)
	long := strings.Repeat("Too costly <!channel> & more. ", 70)
	for i, u := range voters {
		pos := []workflow.Position{workflow.Object, workflow.Agree, workflow.Abstain}[i%3]
		if _, err := e.Svc.TakeStance(e.Ctx(), actorOf(t, e, u), p.ID, pos, long[:1990]); err != nil {
			t.Fatal(err)
		}
	}
	got := now(t, e, msg) // bottest fails the test if the update broke a Block Kit limit
	if !bottest.ContainsAll(got, "Object (34)", "more lines that do not fit here") {
		t.Errorf("a long poll is not summarised:\n%.3000s", got)
	}
	cur, _ := e.Emu.Message(msg.Channel, msg.TS)
	if n := len(strings.Join(messageTexts(cur), "")); n > 40000 {
		t.Errorf("the poll message has %d characters; Slack cuts beyond 40,000", n)
	}
	if raw := strings.Join(messageTexts(cur), "\n"); strings.Contains(raw, "<!channel>") {
		t.Errorf("reasons are not escaped")
	}
}
