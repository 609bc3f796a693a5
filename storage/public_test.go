package storage_test

import (
	"context"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/storage/storagetest"
	"github.com/os2kitos/tovholder/workflow"
)

func TestPublicQueries(t *testing.T) {
	db := storagetest.Open(t)
	ctx := context.Background()
	at := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	err := db.Atomic(ctx, func(tx workflow.Tx) error {
		if err := tx.CreateGroup(workflow.Group{Key: "kontrakt", Name: "IT-kontrakter", ChannelID: "CK"}); err != nil {
			return err
		}
		for _, w := range []workflow.Wish{
			{Title: "Notice-period alarm", Purpose: "deadlines", State: workflow.StateDelivered, Group: "kontrakt", Cycle: "2027.1"},
			{Title: "100% better", Purpose: "a_b", State: workflow.StateSubmitted, RequestedGroup: "kontrakt"},
			{Title: "Other", Purpose: "Alarm in the purpose", State: workflow.StateSubmitted},
		} {
			w.CreatedAt = at
			id, err := tx.CreateWish(w)
			if err != nil {
				return err
			}
			if _, err := tx.AppendEvent(workflow.Event{At: at.Add(time.Duration(id) * time.Hour), Kind: workflow.EvWishMoved, WishID: id, To: w.State}); err != nil {
				return err
			}
		}
		return tx.SetDisplayName("U1", "Karin", at)
	})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Read(ctx, func(tx workflow.Tx) error {
		for _, tc := range []struct {
			f    workflow.PublicFilter
			want int
		}{
			{workflow.PublicFilter{}, 3},
			{workflow.PublicFilter{Query: "alarm"}, 2},
			{workflow.PublicFilter{Query: "100%"}, 1},
			{workflow.PublicFilter{Query: "%"}, 1},
			{workflow.PublicFilter{Query: "_"}, 1},
			{workflow.PublicFilter{State: workflow.StateSubmitted}, 2},
			{workflow.PublicFilter{Group: "kontrakt"}, 2},
			{workflow.PublicFilter{Cycle: "2027.1"}, 1},
			{workflow.PublicFilter{Offset: 2}, 3},
		} {
			ws, n, err := tx.PublicWishes(tc.f)
			if err != nil {
				return err
			}
			if n != tc.want || len(ws) != max(0, min(n-tc.f.Offset, workflow.PageSize)) {
				t.Errorf("%+v: %d of %d, want %d", tc.f, len(ws), n, tc.want)
			}
		}
		counts, err := tx.StateCounts()
		if err != nil || counts[workflow.StateSubmitted] != 2 || counts[workflow.StateDelivered] != 1 {
			t.Errorf("StateCounts = %v, %v", counts, err)
		}
		es, err := tx.AnnouncedEvents("", 10)
		if err != nil || len(es) != 1 || es[0].To != workflow.StateDelivered {
			t.Errorf("AnnouncedEvents = %v, %v", es, err)
		}
		if es, _ := tx.AnnouncedEvents("other", 10); len(es) != 0 {
			t.Errorf("another group's announcements: %v", es)
		}
		names, err := tx.DisplayNames([]string{"U1", "U2"})
		if err != nil || len(names) != 1 || names["U1"] != "Karin" {
			t.Errorf("DisplayNames = %v, %v", names, err)
		}
		last, err := tx.LastChange()
		if err != nil || !last.Equal(at.Add(3*time.Hour)) {
			t.Errorf("LastChange = %v, %v", last, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
