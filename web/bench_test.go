package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/storage/storagetest"
	"github.com/os2kitos/tovholder/web"
	"github.com/os2kitos/tovholder/workflow"
)

// bigCommunity is a database of 10,000 wishes with 100,000 events: wish 5000 has 50
// of them, the others ten each (until the 100,000th), half of them announced moves.
func bigCommunity(b *testing.B) http.Handler {
	b.Helper()
	db := storagetest.Open(b)
	at := time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC)
	states := []workflow.State{workflow.StateInAssessment, workflow.StatePrioritised, workflow.StatePlanned, workflow.StateDelivered}
	err := db.Atomic(context.Background(), func(tx workflow.Tx) error {
		if err := tx.CreateGroup(workflow.Group{Key: "kontrakt", Name: "IT-kontrakter", ChannelID: "CK"}); err != nil {
			return err
		}
		events := 0
		for i := 1; i <= 10000; i++ {
			st := states[i%len(states)]
			id, err := tx.CreateWish(workflow.Wish{Title: "Wish number " + strconv.Itoa(i), Purpose: "Purpose of wish " + strconv.Itoa(i),
				Value: "v", State: st, Group: "kontrakt", SubmitterID: "U0000SUBM", CreatedAt: at, UpdatedAt: at})
			if err != nil {
				return err
			}
			n := 10
			if id == 5000 {
				n = 50
			}
			for j := 0; j < n && events < 100000; j++ {
				e := workflow.Event{At: at.Add(time.Duration(events) * time.Minute), Actor: "U0000SECR", Kind: workflow.EvWishMoved,
					WishID: id, From: workflow.StateSubmitted, To: states[j%len(states)], Note: "note " + strconv.Itoa(j)}
				if _, err := tx.AppendEvent(e); err != nil {
					return err
				}
				events++
			}
		}
		if events != 100000 {
			return fmt.Errorf("%d events", events)
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	s, err := web.New(web.Config{Store: db, Lang: web.English})
	if err != nil {
		b.Fatal(err)
	}
	return s.Handler()
}

// BenchmarkPages measures the server time of the pages the issue bounds (10 ms each)
// and reports the median of the runs as median-ms.
func BenchmarkPages(b *testing.B) {
	h := bigCommunity(b)
	for _, path := range []string{"/wishes?lang=en", "/wishes/5000?lang=en", "/feed.atom?lang=en", "/?lang=en"} {
		b.Run(path, func(b *testing.B) {
			var ds []time.Duration
			for b.Loop() {
				start := time.Now()
				w := httptest.NewRecorder()
				h.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
				ds = append(ds, time.Since(start))
				if w.Code != 200 {
					b.Fatalf("%s: %d", path, w.Code)
				}
			}
			slices.Sort(ds)
			b.ReportMetric(float64(ds[len(ds)/2].Microseconds())/1000, "median-ms")
		})
	}
}
