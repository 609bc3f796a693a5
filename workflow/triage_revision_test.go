package workflow_test

import (
	"context"
	"testing"

	"github.com/os2kitos/tovholder/workflow"
)

// TestTriageRefusesAnEditedWish: a triage decision names the revision of the wish
// the secretariat read; after the submitter's edit it is refused and nothing is
// recorded, and on the new revision it succeeds. Review finding R3: a Decline modal
// opened before the edit declined the new text.
func TestTriageRefusesAnEditedWish(t *testing.T) {
	ctx := context.Background()
	type triage func(f *fixture, id int64, seen workflow.Revision) error
	cases := []struct {
		name string
		do   triage
	}{
		{"decline", func(f *fixture, id int64, seen workflow.Revision) error {
			_, err := f.svc.Decline(ctx, f.actor(uSec), id, "Out of scope.", seen)
			return err
		}},
		{"route", func(f *fixture, id int64, seen workflow.Revision) error {
			_, err := f.svc.RouteToGroup(ctx, f.actor(uSec), id, "kontrakt", workflow.SizeNormal, "", seen)
			return err
		}},
		{"handle as minor", func(f *fixture, id int64, seen workflow.Revision) error {
			_, err := f.svc.HandleAsMinor(ctx, f.actor(uSec), id, "", seen)
			return err
		}},
		{"ask for info", func(f *fixture, id int64, seen workflow.Revision) error {
			_, err := f.svc.AskForInfo(ctx, f.actor(uSec), id, "Which contracts?", seen)
			return err
		}},
		{"duplicate", func(f *fixture, id int64, seen workflow.Revision) error {
			other := f.wish()
			_, err := f.svc.MarkDuplicate(ctx, f.actor(uSec), id, other.ID, "", seen)
			return err
		}},
	}
	edit := func(f *fixture, id int64) workflow.Wish {
		w, err := f.svc.EditWish(ctx, f.actor(uSubmit), id, workflow.WishInput{Title: "Notice-period alarm on contracts",
			Purpose: "Deadlines are missed.", Value: "Avoids renewals.", Group: "kontrakt"})
		must(f.t, err)
		return w
	}
	for _, tc := range cases {
		t.Run(tc.name+"/ErrConflict", func(t *testing.T) {
			f := newFixture(t)
			w := f.wish()
			if w.Revision != 1 {
				t.Fatalf("a new wish has revision %d, want 1", w.Revision)
			}
			if edited := edit(f, w.ID); edited.Revision != 2 {
				t.Fatalf("an edited wish has revision %d, want 2", edited.Revision)
			}
			before := f.events()
			err := tc.do(f, w.ID, w.Revision)
			if e, _ := workflow.AsError(err); e == nil || e.Msg != "err.wish.changed" {
				t.Errorf("err %v, want err.wish.changed", err)
			}
			if tc.name != "duplicate" { // its setup submits a wish
				f.wantKind(err, workflow.Conflict, before)
			}
			if s := f.state(w.ID); s != workflow.StateSubmitted {
				t.Errorf("the edited wish is %s", s)
			}
		})
		t.Run(tc.name+"/OK", func(t *testing.T) {
			f := newFixture(t)
			w := edit(f, f.wish().ID)
			must(t, tc.do(f, w.ID, w.Revision))
			must(t, tc.do(newFixtureWish(t), 1, 0)) // no revision known: not checked
		})
	}
	t.Run("needs info, edited, back with the secretariat", func(t *testing.T) {
		f := newFixture(t)
		w := f.wish()
		_, err := f.svc.AskForInfo(ctx, f.actor(uSec), w.ID, "Which contracts?", w.Revision)
		must(t, err)
		again := edit(f, w.ID)
		if again.State != workflow.StateSubmitted || again.Revision != w.Revision+1 {
			t.Fatalf("after the edit: %s, revision %d", again.State, again.Revision)
		}
		if _, err := f.svc.Decline(ctx, f.actor(uSec), w.ID, "No.", w.Revision); workflow.KindOf(err) != workflow.Conflict {
			t.Errorf("a decline on the text before the answer: %v", err)
		}
	})
}

// newFixtureWish is a fixture with one submitted wish, #1.
func newFixtureWish(t *testing.T) *fixture {
	f := newFixture(t)
	f.wish()
	return f
}
