package workflow_test

import (
	"context"
	"testing"

	"github.com/os2kitos/tovholder/workflow"
)

// TestNoteIsPrivate: the secretariat's question to a submitter is private, marked or
// (as recorded before the mark) by its move to needs_info; other notes are public.
func TestNoteIsPrivate(t *testing.T) {
	tests := []struct {
		name string
		e    workflow.Event
		want bool
	}{
		{"marked", workflow.Event{Kind: workflow.EvWishMoved, To: workflow.StateNeedsInfo, Note: "q?",
			Data: map[string]string{workflow.DataPrivate: workflow.PrivateNote}}, true},
		{"a move to needs_info recorded before the mark", workflow.Event{Kind: workflow.EvWishMoved, To: workflow.StateNeedsInfo, Note: "q?"}, true},
		{"a mark on another event", workflow.Event{Kind: workflow.EvWishEdited, Note: "n",
			Data: map[string]string{workflow.DataPrivate: workflow.PrivateNote}}, true},
		{"a decline's reason", workflow.Event{Kind: workflow.EvWishMoved, To: workflow.StateDeclined, Note: "Out of scope."}, false},
		{"back to submitted after an edit", workflow.Event{Kind: workflow.EvWishMoved, From: workflow.StateNeedsInfo, To: workflow.StateSubmitted}, false},
		{"a poll's proposal", workflow.Event{Kind: workflow.EvPollStarted, Note: "Tuesdays?"}, false},
		{"another mark", workflow.Event{Kind: workflow.EvWishMoved, To: workflow.StateDeclined, Note: "n",
			Data: map[string]string{workflow.DataPrivate: "other"}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.e.NoteIsPrivate(); got != tt.want {
				t.Errorf("NoteIsPrivate = %v, want %v", got, tt.want)
			}
			if got, want := tt.e.PublicNote(), map[bool]string{true: "", false: tt.e.Note}[tt.want]; got != want {
				t.Errorf("PublicNote = %q, want %q", got, want)
			}
		})
	}
}

// TestAskForInfoQuestionIsPrivate: AskForInfo marks its note private, and a wish's
// history read by anyone but its submitter and the secretariat leaves it out.
func TestAskForInfoQuestionIsPrivate(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	w := f.wish()
	const q = "Is your contract under dispute?"
	_, err := f.svc.AskForInfo(ctx, f.actor(uSec), w.ID, q)
	must(t, err)
	d, err := f.svc.Wish(ctx, w.ID)
	must(t, err)
	last := d.History[len(d.History)-1]
	if last.Note != q || last.Data[workflow.DataPrivate] != workflow.PrivateNote {
		t.Fatalf("the move to needs_info is recorded as %+v", last)
	}
	for _, tc := range []struct {
		user string
		may  bool
	}{{uSubmit, true}, {uSec, true}, {uAdmin, false}, {uCoord, false}, {uMember, false}, {uSteer, false}} {
		h := d.HistoryFor(f.actor(tc.user))
		got := h[len(h)-1].Note
		if (got == q) != tc.may || (!tc.may && got != "") {
			t.Errorf("%s reads the note %q; may read it: %v", tc.user, got, tc.may)
		}
		if len(h) != len(d.History) {
			t.Errorf("%s reads %d events of %d", tc.user, len(h), len(d.History))
		}
	}
	if d.History[len(d.History)-1].Note != q {
		t.Error("HistoryFor changed the detail's own history")
	}
}
