package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/storage"
	"github.com/os2kitos/tovholder/workflow"
)

// TestExportCarriesSupportAndRank: the export has each wish's support (people,
// municipalities) and its rank in its group's adopted order.
func TestExportCarriesSupportAndRank(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "tovholder.db")
	db, err := storage.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { now = now.Add(time.Minute); return now }
	db.Now = clock
	svc := workflow.New(db, clock, []string{"UADMIN"})
	act := func(u string) workflow.Actor {
		a, err := svc.Actor(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	_, err = svc.Grant(ctx, act("UADMIN"), workflow.RoleSecretariat, []string{"USEC"})
	must(err)
	_, err = svc.CreateGroup(ctx, act("UADMIN"), "kontrakt", "CK", "IT-kontrakter")
	must(err)
	_, err = svc.AddMembers(ctx, act("UADMIN"), "kontrakt", []string{"UA"})
	must(err)
	var ids []int64
	for _, title := range []string{"Alarm", "Roles"} {
		w, err := svc.SubmitWish(ctx, act("UPER"), workflow.WishInput{Title: title, Purpose: "p", Value: "v"})
		must(err)
		_, err = svc.RouteToGroup(ctx, act("USEC"), w.ID, "kontrakt", workflow.SizeNormal, "")
		must(err)
		p, err := svc.StartPoll(ctx, act("USEC"), workflow.PollInput{WishID: w.ID, Proposal: workflow.ProposePrioritise, Priority: workflow.PriorityLow})
		must(err)
		_, err = svc.TakeStance(ctx, act("UA"), p.ID, workflow.Agree, "")
		must(err)
		_, err = svc.ClosePoll(ctx, act("USEC"), p.ID)
		must(err)
		ids = append(ids, w.ID)
	}
	for u, org := range map[string]string{"UPER": "aarhus", "UB": "odense", "UC": "odense"} {
		_, err := svc.ChooseOrganisation(ctx, act(u), org)
		must(err)
	}
	for _, u := range []string{"UB", "UC"} {
		_, err := svc.Support(ctx, act(u), ids[1])
		must(err)
	}
	r, err := svc.StartRanking(ctx, act("USEC"), workflow.RankingInput{GroupKey: "kontrakt", WishIDs: ids})
	must(err)
	must(svc.Distribute(ctx, act("UA"), r.ID, map[int64]string{ids[1]: "4"}))
	r, err = svc.CloseRanking(ctx, act("USEC"), r.ID)
	must(err)
	_, err = svc.TakeStance(ctx, act("UA"), r.PollID, workflow.Agree, "")
	must(err)
	_, err = svc.ClosePoll(ctx, act("USEC"), r.PollID)
	must(err)

	// Both streamed sinks: JSON fields, and the CSV's columns on every row of a wish.
	var js, cs bytes.Buffer
	must(exportWishes(ctx, db, &js, "json", time.UTC))
	must(exportWishes(ctx, db, &cs, "csv", time.UTC))
	var xs exportFile
	must(json.Unmarshal(js.Bytes(), &xs))
	want := map[int64][3]int{ids[0]: {1, 1, 2}, ids[1]: {3, 2, 1}}
	if len(xs.Wishes) != len(want) {
		t.Fatalf("exported %d wishes, want %d", len(xs.Wishes), len(want))
	}
	for _, x := range xs.Wishes {
		if got := [3]int{x.SupportPeople, x.SupportMunicipalities, x.GroupRank}; got != want[x.ID] {
			t.Errorf("JSON wish %d: people, municipalities, rank = %v, want %v", x.ID, got, want[x.ID])
		}
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(cs.String(), "\uFEFF"))).ReadAll()
	must(err)
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for _, row := range rows[1:] {
		id, err := strconv.ParseInt(row[col["wish"]], 10, 64)
		must(err)
		w := want[id]
		got := [3]string{row[col["support_people"]], row[col["support_municipalities"]], row[col["group_rank"]]}
		if got != [3]string{strconv.Itoa(w[0]), strconv.Itoa(w[1]), strconv.Itoa(w[2])} {
			t.Errorf("CSV row of wish %d: people, municipalities, rank = %v, want %v", id, got, w)
		}
	}
}
