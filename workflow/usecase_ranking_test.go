package workflow_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/workflow"
)

// prioritised is a wish the contract group prioritised by consensus.
func (f *fixture) prioritised() workflow.Wish {
	f.t.Helper()
	p, w := f.poll(workflow.ProposePrioritise, "")
	f.stance(uCoord, p.ID, workflow.Agree, "")
	f.stance(uMember, p.ID, workflow.Agree, "")
	_, err := f.svc.ClosePoll(context.Background(), f.actor(uCoord), p.ID)
	must(f.t, err)
	f.advance(time.Minute) // the wishes get distinct ages
	return f.load(w.ID)
}

func (f *fixture) ranks() map[int64]int {
	f.t.Helper()
	bl, err := f.svc.Backlog(context.Background(), "kontrakt")
	must(f.t, err)
	out := map[int64]int{}
	for _, rw := range bl {
		out[rw.Wish.ID] = rw.Rank
	}
	return out
}

func (f *fixture) dots(user string, id int64, raw map[int64]string) {
	f.t.Helper()
	must(f.t, f.svc.Distribute(context.Background(), f.actor(user), id, raw))
}

func (f *fixture) adopt(r workflow.Ranking, agree bool) {
	f.t.Helper()
	pos := workflow.Agree
	if !agree {
		pos = workflow.Object
	}
	f.stance(uCoord, r.PollID, workflow.Agree, "")
	f.stance(uMember, r.PollID, pos, "Not this order")
	_, err := f.svc.ClosePoll(context.Background(), f.actor(uCoord), r.PollID)
	must(f.t, err)
}

func TestRankingEndToEnd(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	a, b, c := f.prioritised(), f.prioritised(), f.prioritised()
	f.choose(uMember, "aarhus")
	_, err := f.svc.Support(ctx, f.actor(uMember), c.ID) // c: 1 municipality, a: none
	must(t, err)
	r, err := f.svc.StartRanking(ctx, f.actor(uCoord), workflow.RankingInput{GroupKey: "kontrakt",
		WishIDs: []int64{a.ID, b.ID, c.ID}, Dots: 10})
	must(t, err)
	f.dots(uCoord, r.ID, map[int64]string{a.ID: "5", b.ID: "5"})
	f.dots(uMember, r.ID, map[int64]string{a.ID: "10"})
	f.dots(uOther, r.ID, map[int64]string{b.ID: "10"})
	f.dots(uMember, r.ID, map[int64]string{a.ID: "2", c.ID: "8"}) // redistributes: a 7, b 15, c 8
	f.dots(uOther, r.ID, map[int64]string{b.ID: "", c.ID: "0"})   // b 5, c 8, a 7 -> c, a, b
	r, err = f.svc.CloseRanking(ctx, f.actor(uCoord), r.ID)
	must(t, err)
	if want := []int64{c.ID, a.ID, b.ID}; !slices.Equal(r.Order, want) || r.PollID == 0 {
		t.Fatalf("order %v poll %d; want %v and an adoption poll", r.Order, r.PollID, want)
	}
	d, err := f.svc.Poll(ctx, r.PollID)
	must(t, err)
	if d.Poll.Proposal != workflow.ProposeOrder || d.Poll.Quorum != 2 || len(d.Poll.Electorate) != 3 {
		t.Errorf("adoption poll %+v: want an ordinary consensus poll of the group", d.Poll)
	}
	if got := f.ranks(); len(got) != 3 || got[a.ID] != 0 {
		t.Errorf("ranks before adoption: %v, want none", got)
	}
	f.adopt(r, true)
	if got := f.ranks(); got[c.ID] != 1 || got[a.ID] != 2 || got[b.ID] != 3 {
		t.Errorf("ranks %v, want c 1, a 2, b 3", got)
	}
	var announced bool
	for _, n := range f.lastNotices() {
		announced = announced || n.Kind == workflow.NoticeRanksAnnounced && n.To == workflow.PlaceTarget(workflow.PlaceUserClub)
	}
	if !announced {
		t.Errorf("the new order is not announced in the user club: %+v", f.lastNotices())
	}

	t.Run("a later ranking without consensus keeps the ranks", func(t *testing.T) {
		r2, err := f.svc.StartRanking(ctx, f.actor(uSec), workflow.RankingInput{GroupKey: "kontrakt", WishIDs: []int64{a.ID, b.ID}})
		must(t, err)
		f.dots(uMember, r2.ID, map[int64]string{b.ID: "10"})
		r2, err = f.svc.CloseRanking(ctx, f.actor(uSec), r2.ID)
		must(t, err)
		f.adopt(r2, false)
		if got := f.ranks(); got[c.ID] != 1 || got[a.ID] != 2 || got[b.ID] != 3 {
			t.Errorf("ranks %v changed without consensus", got)
		}
	})
	t.Run("a later ranking adopted replaces the ranks", func(t *testing.T) {
		r3, err := f.svc.StartRanking(ctx, f.actor(uSec), workflow.RankingInput{GroupKey: "kontrakt", WishIDs: []int64{a.ID, b.ID}})
		must(t, err)
		f.dots(uMember, r3.ID, map[int64]string{b.ID: "10"})
		r3, err = f.svc.CloseRanking(ctx, f.actor(uSec), r3.ID)
		must(t, err)
		f.adopt(r3, true)
		if got := f.ranks(); got[b.ID] != 1 || got[a.ID] != 2 || got[c.ID] != 0 {
			t.Errorf("ranks %v, want b 1, a 2 and c unranked", got)
		}
	})
}

func TestRankingTiesAndDropOuts(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	a, b, c := f.prioritised(), f.prioritised(), f.prioritised()
	f.choose(uMember, "aarhus")
	f.choose(uOther, "odense")
	for _, u := range []string{uMember, uOther} {
		_, err := f.svc.Support(ctx, f.actor(u), b.ID)
		must(t, err)
	}
	r, err := f.svc.StartRanking(ctx, f.actor(uCoord), workflow.RankingInput{GroupKey: "kontrakt",
		WishIDs: []int64{a.ID, b.ID, c.ID}})
	must(t, err)
	f.dots(uCoord, r.ID, map[int64]string{a.ID: "4", b.ID: "4", c.ID: "2"})
	n := f.events()
	_, err = f.svc.Withdraw(ctx, f.actor(uSubmit), c.ID, "")
	must(t, err)
	if f.events() == n {
		t.Fatal("withdraw recorded nothing")
	}
	var refreshed bool
	for _, n := range f.lastNotices() {
		refreshed = refreshed || n.Kind == workflow.NoticeRanking && n.Ref == workflow.RankingRef(r.ID)
	}
	if !refreshed {
		t.Errorf("withdrawing a ranked wish does not refresh the ranking message: %+v", f.lastNotices())
	}
	f.advance(8 * 24 * time.Hour) // past the deadline: the minute job closes it
	closed, err := f.svc.CloseDueRankings(ctx)
	if err != nil || closed != 1 {
		t.Fatalf("CloseDueRankings = %d, %v", closed, err)
	}
	d, err := f.svc.RankingDetail(ctx, r.ID)
	must(t, err)
	if want := []int64{b.ID, a.ID}; !slices.Equal(d.Ranking.Order, want) || !slices.Equal(d.Ranking.Dropped, []int64{c.ID}) ||
		len(d.Left) != 1 || d.Totals[a.ID] != 4 {
		t.Errorf("order %v dropped %v; want %v (tie broken by municipalities) and %d dropped", d.Ranking.Order,
			d.Ranking.Dropped, want, c.ID)
	}
}

func TestRankingMandates(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	a, b := f.prioritised(), f.prioritised()
	in := workflow.RankingInput{GroupKey: "kontrakt", WishIDs: []int64{a.ID, b.ID}}
	for _, u := range []string{uMember, uSubmit, uSteer, uAdmin} {
		n := f.events()
		_, err := f.svc.StartRanking(ctx, f.actor(u), in)
		f.wantKind(err, workflow.Forbidden, n)
	}
	r, err := f.svc.StartRanking(ctx, f.actor(uCoord), in)
	must(t, err)
	for _, u := range []string{uSubmit, uSec, uSteer} {
		n := f.events()
		f.wantKind(f.svc.Distribute(ctx, f.actor(u), r.ID, map[int64]string{a.ID: "1"}), workflow.Forbidden, n)
	}
	_, err = f.svc.AddMembers(ctx, f.actor(uAdmin), "kontrakt", []string{uSubmit})
	must(t, err)
	n := f.events()
	err = f.svc.Distribute(ctx, f.actor(uSubmit), r.ID, map[int64]string{a.ID: "1"})
	if e, _ := workflow.AsError(err); e == nil || e.Msg != "err.rank.not_electorate" {
		t.Errorf("a member added later = %v, want told why not", err)
	}
	f.wantKind(err, workflow.Forbidden, n)
	n = f.events()
	err = f.svc.Distribute(ctx, f.actor(uMember), r.ID, map[int64]string{a.ID: "8", b.ID: "3"})
	f.wantKind(err, workflow.Invalid, n)
	var fe *workflow.FieldError
	if !asField(err, &fe) || len(fe.Fields) != 2 {
		t.Errorf("too many dots = %v, want both inputs marked", err)
	}
	for _, u := range []string{uMember, uSubmit, uSteer} {
		n := f.events()
		_, err := f.svc.CloseRanking(ctx, f.actor(u), r.ID)
		f.wantKind(err, workflow.Forbidden, n)
	}
	n = f.events()
	_, err = f.svc.StartRanking(ctx, f.actor(uSec), in)
	f.wantKind(err, workflow.Conflict, n)
	_, err = f.svc.CloseRanking(ctx, f.actor(uSec), r.ID)
	must(t, err)
	n = f.events()
	f.wantKind(f.svc.Distribute(ctx, f.actor(uMember), r.ID, map[int64]string{a.ID: "1"}), workflow.Conflict, n)
	n = f.events()
	_, err = f.svc.StartPoll(ctx, f.actor(uCoord), workflow.PollInput{GroupKey: "kontrakt", Proposal: workflow.ProposeOrder, Text: "x"})
	f.wantKind(err, workflow.Invalid, n)
}

func TestStartRankingInput(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	a, b := f.prioritised(), f.prioritised()
	other := f.routed()
	for _, c := range []struct {
		name string
		in   workflow.RankingInput
		err  string
	}{
		{"one wish", workflow.RankingInput{WishIDs: []int64{a.ID}}, "err.rank.wishes"},
		{"twice the same", workflow.RankingInput{WishIDs: []int64{a.ID, a.ID}}, "err.rank.wishes"},
		{"not in the backlog", workflow.RankingInput{WishIDs: []int64{a.ID, other.ID}}, "err.rank.not_backlog"},
		{"too many dots", workflow.RankingInput{WishIDs: []int64{a.ID, b.ID}, Dots: 51}, "err.rank.dots"},
		{"negative dots", workflow.RankingInput{WishIDs: []int64{a.ID, b.ID}, Dots: -1}, "err.rank.dots"},
		{"past deadline", workflow.RankingInput{WishIDs: []int64{a.ID, b.ID}, Deadline: f.clock().Add(-time.Hour)}, "err.poll.deadline"},
	} {
		c.in.GroupKey = "kontrakt"
		n := f.events()
		_, err := f.svc.StartRanking(ctx, f.actor(uCoord), c.in)
		if e, _ := workflow.AsError(err); e == nil || e.Msg != c.err {
			t.Errorf("%s: %v, want %s", c.name, err, c.err)
		}
		f.wantKind(err, workflow.Invalid, n)
	}
}

func asField(err error, fe **workflow.FieldError) bool {
	e, ok := err.(*workflow.FieldError)
	*fe = e
	return ok
}

func TestAdoptionSkipsAWishThatLeftAfterTheClose(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	a, b, c := f.prioritised(), f.prioritised(), f.prioritised()
	r, err := f.svc.StartRanking(ctx, f.actor(uCoord), workflow.RankingInput{GroupKey: "kontrakt", WishIDs: []int64{a.ID, b.ID, c.ID}})
	must(t, err)
	f.dots(uMember, r.ID, map[int64]string{a.ID: "5", b.ID: "3", c.ID: "2"})
	r, err = f.svc.CloseRanking(ctx, f.actor(uCoord), r.ID)
	must(t, err)
	_, err = f.svc.Withdraw(ctx, f.actor(uSubmit), a.ID, "")
	must(t, err)
	f.adopt(r, true)
	if got := f.ranks(); got[b.ID] != 1 || got[c.ID] != 2 || len(got) != 2 {
		t.Errorf("ranks %v, want b 1 and c 2: the withdrawn wish takes no place", got)
	}
	if rw, err := f.svc.Standing(ctx, a.ID); err != nil || rw.Rank != 0 {
		t.Errorf("the withdrawn wish has rank %d (%v)", rw.Rank, err)
	}
}
