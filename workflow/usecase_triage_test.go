package workflow_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/storage"
	"github.com/os2kitos/tovholder/storage/storagetest"
	"github.com/os2kitos/tovholder/workflow"
)

// Users of the use-case tests.
const (
	uAdmin  = "UADMIN"
	uSec    = "USEC"    // secretariat
	uSteer  = "USTEER"  // steering group
	uCoord  = "UCOORD"  // coordinator of kontrakt
	uMember = "UMEMBER" // member of kontrakt
	uOther  = "UOTHER"  // member of kontrakt
	uSubmit = "USUBMIT" // submits wishes; in no group
)

// fixture is a service on a real SQLite file with a secretariat, a steering group and
// a working group "kontrakt" (coordinator and two members), and a settable clock.
type fixture struct {
	t   *testing.T
	db  *storage.DB
	svc *workflow.Service
	mu  sync.Mutex
	now time.Time
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{t: t, db: storagetest.Open(t), now: time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)}
	f.db.Now = f.clock
	f.svc = workflow.New(f.db, f.clock, []string{uAdmin})
	ctx := context.Background()
	admin := f.actor(uAdmin)
	must(t, f.svc.SetPlace(ctx, admin, workflow.PlaceUserClub, "CCLUB"))
	must(t, f.svc.SetPlace(ctx, admin, workflow.PlaceSecretariat, "CSEC"))
	_, err := f.svc.Grant(ctx, admin, workflow.RoleSecretariat, []string{uSec})
	must(t, err)
	_, err = f.svc.Grant(ctx, admin, workflow.RoleSteering, []string{uSteer})
	must(t, err)
	_, err = f.svc.CreateGroup(ctx, admin, "kontrakt", "CKONT", "IT-kontrakter")
	must(t, err)
	must(t, f.svc.SetCoordinator(ctx, admin, "kontrakt", uCoord))
	_, err = f.svc.AddMembers(ctx, admin, "kontrakt", []string{uMember, uOther})
	must(t, err)
	return f
}

func (f *fixture) clock() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fixture) advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = f.now.Add(d)
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func (f *fixture) actor(user string) workflow.Actor {
	f.t.Helper()
	a, err := f.svc.Actor(context.Background(), user)
	must(f.t, err)
	return a
}

// wish submits a wish as uSubmit, who asks for the contract group.
func (f *fixture) wish() workflow.Wish {
	f.t.Helper()
	w, err := f.svc.SubmitWish(context.Background(), f.actor(uSubmit),
		workflow.WishInput{Title: "Notice-period alarm", Purpose: "Deadlines are missed.", Value: "No renewals.", Group: "kontrakt"})
	must(f.t, err)
	return w
}

// routed is a wish in assessment in the contract group.
func (f *fixture) routed() workflow.Wish {
	f.t.Helper()
	w, err := f.svc.RouteToGroup(context.Background(), f.actor(uSec), f.wish().ID, "kontrakt", workflow.SizeNormal, "")
	must(f.t, err)
	return w
}

func (f *fixture) state(id int64) workflow.State {
	f.t.Helper()
	d, err := f.svc.Wish(context.Background(), id)
	must(f.t, err)
	return d.Wish.State
}

func (f *fixture) events() int {
	f.t.Helper()
	es, err := f.db.Events(context.Background(), 0, 0)
	must(f.t, err)
	return len(es)
}

// notices are the undelivered notices of the latest event.
func (f *fixture) lastNotices() []workflow.Notice {
	f.t.Helper()
	ds, err := f.db.PendingDeliveries(context.Background(), f.clock().Add(time.Hour), 0)
	must(f.t, err)
	var out []workflow.Notice
	var last int64
	for _, d := range ds {
		last = max(last, d.EventID)
	}
	for _, d := range ds {
		if d.EventID == last {
			out = append(out, d.Notice)
		}
	}
	return out
}

// wantKind checks that err is a domain error of kind k and that nothing was recorded.
func (f *fixture) wantKind(err error, k workflow.Kind, eventsBefore int) {
	f.t.Helper()
	if workflow.KindOf(err) != k {
		f.t.Errorf("got %v, want a %s error", err, k)
	}
	if n := f.events(); n != eventsBefore {
		f.t.Errorf("a refused use case recorded %d events", n-eventsBefore)
	}
}

func TestTriageUseCases(t *testing.T) {
	ctx := context.Background()
	type useCase func(f *fixture, a workflow.Actor, id int64) error
	cases := []struct {
		name string
		do   useCase
		to   workflow.State
	}{
		{"HandleAsMinor", func(f *fixture, a workflow.Actor, id int64) error {
			_, err := f.svc.HandleAsMinor(ctx, a, id, "")
			return err
		}, workflow.StateMinor},
		{"Decline", func(f *fixture, a workflow.Actor, id int64) error {
			_, err := f.svc.Decline(ctx, a, id, "Out of scope.")
			return err
		}, workflow.StateDeclined},
		{"RouteToGroup", func(f *fixture, a workflow.Actor, id int64) error {
			_, err := f.svc.RouteToGroup(ctx, a, id, "kontrakt", workflow.SizeMajor, "Big one.")
			return err
		}, workflow.StateInAssessment},
		{"AskForInfo", func(f *fixture, a workflow.Actor, id int64) error {
			_, err := f.svc.AskForInfo(ctx, a, id, "Which contracts?")
			return err
		}, workflow.StateNeedsInfo},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Run("OK", func(t *testing.T) {
				f := newFixture(t)
				w := f.wish()
				must(t, c.do(f, f.actor(uSec), w.ID))
				if s := f.state(w.ID); s != c.to {
					t.Errorf("state %s, want %s", s, c.to)
				}
			})
			t.Run("ErrForbidden", func(t *testing.T) {
				f := newFixture(t)
				w := f.wish()
				for _, u := range []string{uCoord, uMember, uSteer, uSubmit, uAdmin} {
					f.wantKind(c.do(f, f.actor(u), w.ID), workflow.Forbidden, f.events())
				}
				if s := f.state(w.ID); s != workflow.StateSubmitted {
					t.Errorf("a refused triage moved the wish to %s", s)
				}
			})
			t.Run("ErrConflict", func(t *testing.T) {
				f := newFixture(t)
				w := f.wish()
				_, err := f.svc.Withdraw(ctx, f.actor(uSubmit), w.ID, "")
				must(t, err)
				f.wantKind(c.do(f, f.actor(uSec), w.ID), workflow.Conflict, f.events())
			})
		})
	}
}

func TestRouteToGroupPostsTheGroupCard(t *testing.T) {
	f := newFixture(t)
	w := f.routed()
	if w.Group != "kontrakt" || w.Size != workflow.SizeNormal {
		t.Errorf("routed wish %+v", w)
	}
	i := slices.IndexFunc(f.lastNotices(), func(n workflow.Notice) bool { return n.Kind == workflow.NoticeGroupCard })
	if i < 0 || f.lastNotices()[i].To != "CKONT" || f.lastNotices()[i].Ref != workflow.WishRef(w.ID, "group/kontrakt") {
		t.Errorf("no group card for the contract group's channel: %+v", f.lastNotices())
	}
	_, err := f.svc.RouteToGroup(context.Background(), f.actor(uSec), f.wish().ID, "kontrakt", "huge", "")
	f.wantKind(err, workflow.Invalid, f.events())
	_, err = f.svc.RouteToGroup(context.Background(), f.actor(uSec), f.wish().ID, "nosuch", workflow.SizeNormal, "")
	f.wantKind(err, workflow.NotFound, f.events())
}

func TestAskForInfoThenEditReturnsToTriage(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	w := f.wish()
	_, err := f.svc.Follow(ctx, f.actor(uMember), w.ID)
	must(t, err)
	_, err = f.svc.AskForInfo(ctx, f.actor(uSec), w.ID, "Which contracts?")
	must(t, err)
	var dms []string
	for _, n := range f.lastNotices() {
		if n.Op == workflow.OpDM {
			dms = append(dms, string(n.Kind)+" "+n.To)
		}
	}
	want := []string{"info_request " + uSubmit, "wish_changed " + uMember}
	if !slices.Equal(dms, want) {
		t.Errorf("DMs %v, want %v: the submitter gets the question once, followers the change", dms, want)
	}
	_, err = f.svc.AskForInfo(ctx, f.actor(uSec), f.wish().ID, "  ")
	f.wantKind(err, workflow.Invalid, f.events())
	in := workflow.WishInput{Title: "Notice-period alarm", Purpose: "All contracts.", Value: "No renewals."}
	_, err = f.svc.EditWish(ctx, f.actor(uMember), w.ID, in)
	f.wantKind(err, workflow.Forbidden, f.events())
	_, err = f.svc.EditWish(ctx, f.actor(uSubmit), w.ID, in)
	must(t, err)
	if s := f.state(w.ID); s != workflow.StateSubmitted {
		t.Errorf("after the edit the wish is %s, want submitted", s)
	}
}

func TestMinorWishDoneOrDeclined(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	w := f.wish()
	_, err := f.svc.CompleteMinor(ctx, f.actor(uSec), w.ID, "")
	f.wantKind(err, workflow.Conflict, f.events())
	_, err = f.svc.HandleAsMinor(ctx, f.actor(uSec), w.ID, "")
	must(t, err)
	_, err = f.svc.CompleteMinor(ctx, f.actor(uCoord), w.ID, "")
	f.wantKind(err, workflow.Forbidden, f.events())
	_, err = f.svc.CompleteMinor(ctx, f.actor(uSec), w.ID, "")
	must(t, err)
	if s := f.state(w.ID); s != workflow.StateDelivered {
		t.Errorf("done minor wish is %s", s)
	}
	w2 := f.wish()
	_, err = f.svc.HandleAsMinor(ctx, f.actor(uSec), w2.ID, "")
	must(t, err)
	_, err = f.svc.Decline(ctx, f.actor(uSec), w2.ID, "")
	f.wantKind(err, workflow.Invalid, f.events())
	_, err = f.svc.Decline(ctx, f.actor(uSec), w2.ID, "Not possible.")
	must(t, err)
}

func TestMarkDuplicateCarriesFollowers(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	orig, dup := f.wish(), f.wish()
	_, err := f.svc.Follow(ctx, f.actor(uMember), dup.ID)
	must(t, err)
	_, err = f.svc.MarkDuplicate(ctx, f.actor(uMember), dup.ID, orig.ID, "")
	f.wantKind(err, workflow.Forbidden, f.events())
	_, err = f.svc.MarkDuplicate(ctx, f.actor(uSec), dup.ID, dup.ID, "")
	f.wantKind(err, workflow.Invalid, f.events())
	_, err = f.svc.MarkDuplicate(ctx, f.actor(uSec), dup.ID, 999, "")
	f.wantKind(err, workflow.NotFound, f.events())
	w, err := f.svc.MarkDuplicate(ctx, f.actor(uSec), dup.ID, orig.ID, "")
	must(t, err)
	d, err := f.svc.Wish(ctx, orig.ID)
	must(t, err)
	if w.State != workflow.StateDuplicate || w.DuplicateOf != orig.ID || !slices.Contains(d.Followers, uMember) {
		t.Errorf("duplicate %+v; followers of the original %v", w, d.Followers)
	}
	_, err = f.svc.MarkDuplicate(ctx, f.actor(uSec), dup.ID, orig.ID, "")
	f.wantKind(err, workflow.Conflict, f.events())
}

func TestFollowAndUnfollow(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	w := f.wish()
	for _, step := range []struct {
		follow, want bool
	}{{true, true}, {true, false}, {false, true}, {false, false}} {
		do := f.svc.Follow
		if !step.follow {
			do = f.svc.Unfollow
		}
		changed, err := do(ctx, f.actor(uMember), w.ID)
		must(t, err)
		if changed != step.want {
			t.Errorf("follow=%v: changed %v, want %v", step.follow, changed, step.want)
		}
	}
	_, err := f.svc.Follow(ctx, f.actor(uMember), 999)
	f.wantKind(err, workflow.NotFound, f.events())
}
