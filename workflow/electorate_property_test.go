package workflow_test

import (
	"context"
	"fmt"
	"math/rand"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/workflow"
)

// propertyRuns is how many random histories TestAnnouncedOutcomeIsTheStoredOutcome
// plays; each is a fresh database, a poll, up to 30 steps and a close.
const propertyRuns = 60

// The people of the random histories: the group's first members, people who may join
// it before or during the poll, and the secretariat, who is in no group.
var (
	propFirst  = []string{uCoord, uMember, uOther}
	propJoiner = []string{"UJOIN1", "UJOIN2", "UJOIN3", "UJOIN4"}
)

// outcome is what a closed poll amounts to, computed here from the stored electorate
// and stances alone, independently of workflow.Count.
type outcome struct {
	agree, abstain, object int
	consensus              bool
	failed                 []string
}

func independentOutcome(electorate []string, quorum int, stances []workflow.Stance) outcome {
	var o outcome
	seen := map[string]bool{}
	for _, s := range stances {
		if !slices.Contains(electorate, s.UserID) || seen[s.UserID] {
			continue
		}
		seen[s.UserID] = true
		switch s.Position {
		case workflow.Agree:
			o.agree++
		case workflow.Abstain:
			o.abstain++
		case workflow.Object:
			o.object++
		}
	}
	if len(seen) < quorum {
		o.failed = append(o.failed, "quorum")
	}
	if o.agree == 0 {
		o.failed = append(o.failed, "no_agree")
	}
	if o.object > 0 {
		o.failed = append(o.failed, "objection")
	}
	o.consensus = len(o.failed) == 0
	return o
}

// announcedOutcome is what the stored audit log says the poll's close decided.
func announcedOutcome(t *testing.T, e workflow.Event) outcome {
	n := func(k string) int {
		v, err := strconv.Atoi(e.Data[k])
		if err != nil {
			t.Fatalf("poll.closed has %s=%q", k, e.Data[k])
		}
		return v
	}
	o := outcome{agree: n("agree"), abstain: n("abstain"), object: n("object"), consensus: e.Data["consensus"] == "true"}
	for _, f := range []string{"quorum", "no_agree", "objection"} {
		if e.Data["failed_"+f] == "true" {
			o.failed = append(o.failed, f)
		}
	}
	return o
}

// Issue 9: for random sequences of stances (by the electorate and by others),
// membership changes and a close, what is announced (the poll.closed event, the
// user-club announcement, the wish's state) is the outcome computed independently
// from the stored electorate and stances, and the stored electorate is the group's
// members when the poll started.
func TestAnnouncedOutcomeIsTheStoredOutcome(t *testing.T) {
	for seed := int64(1); seed <= propertyRuns; seed++ {
		t.Run(fmt.Sprint(seed), func(t *testing.T) { playRandomPoll(t, rand.New(rand.NewSource(seed))) })
	}
}

func playRandomPoll(t *testing.T, rng *rand.Rand) {
	ctx := context.Background()
	f := newFixture(t)
	members := slices.Clone(propFirst)
	for _, u := range propJoiner {
		if rng.Intn(3) == 0 {
			f.members(true, u)
			members = append(members, u)
		}
	}
	electorate := slices.Clone(members)
	w := f.routed()
	quorum := 0
	if rng.Intn(2) == 0 {
		quorum = workflow.MinQuorum(len(electorate)) + rng.Intn(len(electorate)-workflow.MinQuorum(len(electorate))+1)
	}
	p, err := f.svc.StartPoll(ctx, f.actor(uCoord), workflow.PollInput{WishID: w.ID, Proposal: workflow.ProposePrioritise,
		Priority: workflow.PriorityMedium, Quorum: quorum})
	must(t, err)
	everyone := append(append(slices.Clone(propFirst), propJoiner...), uSec)
	for range rng.Intn(31) {
		u := everyone[rng.Intn(len(everyone))]
		switch op := rng.Intn(10); {
		case op < 7:
			pos := []workflow.Position{workflow.Agree, workflow.Abstain, workflow.Object}[rng.Intn(3)]
			_, err := f.svc.TakeStance(ctx, f.actor(u), p.ID, pos, "Because "+u)
			if inElectorate := slices.Contains(electorate, u); inElectorate != (err == nil) {
				t.Fatalf("%s (in the electorate: %v) took a stance: %v", u, inElectorate, err)
			}
		case op < 9 && u != uCoord && u != uSec && slices.Contains(members, u):
			f.members(false, u)
			members = slices.DeleteFunc(members, func(m string) bool { return m == u })
		case u != uSec && !slices.Contains(members, u):
			f.members(true, u)
			members = append(members, u)
		}
	}
	if rng.Intn(2) == 0 {
		_, err = f.svc.ClosePoll(ctx, f.actor(uCoord), p.ID)
	} else {
		f.advance(workflow.DefaultPollDuration)
		_, err = f.svc.CloseDuePolls(ctx)
	}
	must(t, err)
	checkAnnounced(t, f, p.ID, w.ID, electorate)
}

func checkAnnounced(t *testing.T, f *fixture, pollID, wishID int64, electorate []string) {
	ctx := context.Background()
	var stored workflow.Poll
	var stances []workflow.Stance
	must(t, f.db.Read(ctx, func(tx workflow.Tx) (err error) {
		if stored, err = tx.Poll(pollID); err != nil {
			return err
		}
		stances, err = tx.Stances(pollID)
		return err
	}))
	if !slices.Equal(slices.Sorted(slices.Values(stored.Electorate)), slices.Sorted(slices.Values(electorate))) {
		t.Fatalf("stored electorate %v, want the members at the start %v", stored.Electorate, electorate)
	}
	if stored.Quorum < workflow.MinQuorum(len(electorate)) || stored.Quorum > len(electorate) {
		t.Fatalf("quorum %d of an electorate of %d", stored.Quorum, len(electorate))
	}
	want := independentOutcome(stored.Electorate, stored.Quorum, stances)
	es, err := f.db.Events(ctx, 0, 0)
	must(t, err)
	var closed []workflow.Event
	for _, e := range es {
		if e.Kind == workflow.EvPollClosed && e.PollID == pollID {
			closed = append(closed, e)
		}
	}
	if len(closed) != 1 {
		t.Fatalf("%d poll.closed events, want 1", len(closed))
	}
	if got := announcedOutcome(t, closed[0]); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("announced %+v, computed from the stored electorate and stances %+v", got, want)
	}
	if stored.Consensus != want.consensus || (stored.Outcome == workflow.OutcomeConsensus) != want.consensus {
		t.Errorf("stored consensus %v (%s), computed %v", stored.Consensus, stored.Outcome, want.consensus)
	}
	ds, err := f.db.PendingDeliveries(ctx, f.clock().Add(time.Hour), 0)
	must(t, err)
	announced := slices.ContainsFunc(ds, func(d workflow.Delivery) bool {
		return d.Kind == workflow.NoticeAnnouncement && d.PollID == pollID
	})
	if announced != want.consensus {
		t.Errorf("announced in the user club: %v; consensus computed: %v", announced, want.consensus)
	}
	state := workflow.StateInAssessment
	if want.consensus {
		state = workflow.StatePrioritised
	}
	if got := f.state(wishID); got != state {
		t.Errorf("wish %s, want %s", got, state)
	}
}
