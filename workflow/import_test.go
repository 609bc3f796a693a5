package workflow_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/workflow"
)

func importWish(line int, key, title string, state workflow.State, group string) workflow.ImportWish {
	return workflow.ImportWish{Line: line, Key: key, Wish: workflow.Wish{Title: title, Purpose: "p", Value: "v",
		State: state, Group: group, SubmitterID: "Mette Hansen", CreatedAt: time.Date(2025, 5, 1, 8, 0, 0, 0, time.UTC)}}
}

func TestCheckImport(t *testing.T) {
	ok := importWish(2, "1", "Alarm", workflow.StateInAssessment, "kontrakt")
	bad := func(f func(*workflow.ImportWish)) workflow.ImportWish { w := ok; f(&w); return w }
	for name, tc := range map[string]struct {
		w    workflow.ImportWish
		want string // the column of the one problem; "" for none
	}{
		"OK":              {ok, ""},
		"NoTitle":         {bad(func(w *workflow.ImportWish) { w.Wish.Title = " " }), "title"},
		"UnknownState":    {bad(func(w *workflow.ImportWish) { w.Wish.State = "frozen" }), "state"},
		"AssessedNoGroup": {bad(func(w *workflow.ImportWish) { w.Wish.Group = "" }), "group"},
		"BadSize":         {bad(func(w *workflow.ImportWish) { w.Wish.Size = "huge" }), "size"},
		"BadPriority":     {bad(func(w *workflow.ImportWish) { w.Wish.Priority = "urgent" }), "priority"},
		"NoSubmitter":     {bad(func(w *workflow.ImportWish) { w.Wish.SubmitterID = "" }), "submitted_by"},
		"NoDate":          {bad(func(w *workflow.ImportWish) { w.Wish.CreatedAt = time.Time{} }), "submitted_at"},
		"DuplicateOfNone": {bad(func(w *workflow.ImportWish) { w.Wish.State = workflow.StateDuplicate }), "duplicate_of"},
		"EstimatedNoEstimate": {bad(func(w *workflow.ImportWish) {
			w.Wish.State, w.Wish.Size = workflow.StateEstimated, workflow.SizeMajor
		}), "estimate_dkk"},
		"EstimatedNormalSize": {bad(func(w *workflow.ImportWish) {
			w.Wish.State, w.Wish.Size = workflow.StateEstimated, workflow.SizeNormal
			w.Estimates = []workflow.Estimate{{Amount: workflow.Kroner(1)}}
		}), "size"},
		"EstimatedOK": {bad(func(w *workflow.ImportWish) {
			w.Wish.State, w.Wish.Size = workflow.StateEstimated, workflow.SizeMajor
			w.Estimates = []workflow.Estimate{{Amount: workflow.Kroner(1)}}
		}), ""},
		"PrioritisedNoPriority": {bad(func(w *workflow.ImportWish) { w.Wish.State = workflow.StatePrioritised }), "priority"},
		"PlannedNoCycle":        {bad(func(w *workflow.ImportWish) { w.Wish.State = workflow.StatePlanned }), "cycle"},
		"SpecifiedNoSpec": {bad(func(w *workflow.ImportWish) {
			w.Wish.State, w.Wish.Size, w.Wish.Priority = workflow.StateSpecified, workflow.SizeMajor, workflow.PriorityLow
		}), "spec_link"},
		"ApprovedNoInitiative": {bad(func(w *workflow.ImportWish) {
			w.Wish.State, w.Wish.Size = workflow.StateApproved, workflow.SizeMajor
			w.Estimates = []workflow.Estimate{{Amount: workflow.Kroner(1)}}
		}), "state"},
		"HistoryUnknownKind": {bad(func(w *workflow.ImportWish) {
			w.History = []workflow.Event{{At: w.Wish.CreatedAt, Kind: workflow.EvRoleAdded}}
		}), "event_kind"},
		"HistoryEndsElsewhere": {bad(func(w *workflow.ImportWish) {
			w.History = []workflow.Event{{At: w.Wish.CreatedAt, Kind: workflow.EvWishMoved, From: workflow.StateInAssessment, To: workflow.StateApproved}}
		}), "event_to"},
		"HistoryEndsInState": {bad(func(w *workflow.ImportWish) {
			w.History = []workflow.Event{{At: w.Wish.CreatedAt, Kind: workflow.EvWishMoved, From: workflow.StateSubmitted, To: workflow.StateInAssessment}}
		}), ""},
		"NegativeAmount": {bad(func(w *workflow.ImportWish) {
			w.Estimates = []workflow.Estimate{{Amount: -1}}
		}), "estimate"},
	} {
		t.Run(name, func(t *testing.T) {
			errs := workflow.CheckImport([]workflow.ImportWish{tc.w})
			switch {
			case tc.want == "" && len(errs) > 0:
				t.Errorf("problems: %v", errs)
			case tc.want != "" && (len(errs) != 1 || errs[0].Column != tc.want || errs[0].Line != 2):
				t.Errorf("problems %v, want one in column %s on line 2", errs, tc.want)
			}
		})
	}
	t.Run("SameKeyTwice", func(t *testing.T) {
		errs := workflow.CheckImport([]workflow.ImportWish{ok, importWish(5, "1", "Other", workflow.StateSubmitted, "")})
		if len(errs) != 1 || errs[0].Line != 5 {
			t.Errorf("problems: %v", errs)
		}
	})
}

func TestImport(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	ws := []workflow.ImportWish{
		importWish(2, "A", "Alarm", workflow.StateInAssessment, "IT-kontrakter"),
		importWish(3, "B", "Alarm again", workflow.StateDuplicate, ""),
	}
	ws[1].DuplicateOfKey = "A"
	ws[0].History = []workflow.Event{{At: time.Date(2025, 5, 1, 8, 0, 0, 0, time.UTC), Actor: "Mette Hansen", Kind: workflow.EvWishSubmitted, To: workflow.StateSubmitted},
		{At: time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC), Actor: uSec, Kind: workflow.EvWishMoved, From: workflow.StateSubmitted, To: workflow.StateInAssessment}}

	t.Run("DryRunWritesNothing", func(t *testing.T) {
		res, err := f.svc.Import(ctx, ws, workflow.ImportOptions{DryRun: true})
		if err != nil || len(res.Created) != 2 {
			t.Fatalf("dry run: %+v, %v", res, err)
		}
		if n := f.countWishes(); n != 0 {
			t.Errorf("a dry run created %d wishes", n)
		}
	})
	t.Run("OK", func(t *testing.T) {
		res, err := f.svc.Import(ctx, ws, workflow.ImportOptions{Source: "sheet.csv"})
		if err != nil || len(res.Created) != 2 || len(res.Existing) != 0 {
			t.Fatalf("import: %+v, %v", res, err)
		}
		a, b := f.load(res.Created[0].ID), f.load(res.Created[1].ID)
		if a.Group != "kontrakt" || a.State != workflow.StateInAssessment || b.DuplicateOf != a.ID || !a.CreatedAt.Equal(ws[0].Wish.CreatedAt) {
			t.Errorf("wishes: %+v %+v", a, b)
		}
		h := f.history(a.ID)
		if len(h) != 3 || h[1].Actor != uSec || !h[1].At.Equal(ws[0].History[1].At) || h[2].Kind != workflow.EvWishImported || h[2].Actor != "system" {
			t.Errorf("history: %+v", h)
		}
		if h := f.history(b.ID); len(h) != 2 || h[0].Kind != workflow.EvWishSubmitted || h[0].Actor != "Mette Hansen" {
			t.Errorf("history of a wish the file gives none: %+v", h)
		}
	})
	t.Run("TwiceCreatesNothing", func(t *testing.T) {
		res, err := f.svc.Import(ctx, ws, workflow.ImportOptions{})
		if err != nil || len(res.Created) != 0 || len(res.Existing) != 2 || f.countWishes() != 2 {
			t.Errorf("second import: %+v, %v", res, err)
		}
	})
	t.Run("ErrUnknownGroup", func(t *testing.T) {
		w := importWish(9, "C", "Other", workflow.StateInAssessment, "archive")
		_, err := f.svc.Import(ctx, []workflow.ImportWish{w}, workflow.ImportOptions{})
		var errs workflow.ImportErrors
		if !errors.As(err, &errs) || len(errs) != 1 || errs[0].Line != 9 || errs[0].Column != "group" || f.countWishes() != 2 {
			t.Errorf("unknown group: %v", err)
		}
	})
}

func (f *fixture) countWishes() int {
	var n int
	must(f.t, f.db.Read(context.Background(), func(tx workflow.Tx) (err error) {
		n, err = tx.CountWishes(workflow.WishFilter{})
		return err
	}))
	return n
}

func (f *fixture) history(id int64) []workflow.Event {
	var h []workflow.Event
	must(f.t, f.db.Read(context.Background(), func(tx workflow.Tx) (err error) {
		h, err = tx.History(id)
		return err
	}))
	return h
}

func (f *fixture) load(id int64) workflow.Wish {
	var w workflow.Wish
	must(f.t, f.db.Read(context.Background(), func(tx workflow.Tx) (err error) {
		w, err = tx.Wish(id)
		return err
	}))
	return w
}
