package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/storage"
	"github.com/os2kitos/tovholder/workflow"
)

// exportDB is a database with a wish in Danish, a wish whose title is a formula, and a
// little history on the first.
func exportDB(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "tovholder.db")
	db, err := storage.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return now }
	svc := workflow.New(db, func() time.Time { return now }, []string{"UADMIN"})
	admin, err := svc.Actor(ctx, "UADMIN")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Grant(ctx, admin, workflow.RoleSecretariat, []string{"UMETTE"}); err != nil {
		t.Fatal(err)
	}
	per := workflow.Actor{UserID: "UPER"}
	danish, err := svc.SubmitWish(ctx, per, workflow.WishInput{Title: "Påmindelse om opsigelsesfrist på kontrakter",
		Purpose: "Kommunerne overser frister, så aftaler fornyes uønsket.", Value: "Færre udgifter; større overblik – æøå ÆØÅ"})
	if err != nil {
		t.Fatal(err)
	}
	mette, err := svc.Actor(ctx, "UMETTE")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AskForInfo(ctx, mette, danish.ID, "Hvilke kontrakttyper gælder det?"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SubmitWish(ctx, per, workflow.WishInput{Title: "=cmd()", Purpose: "+SUM(A1:A9)", Value: "@evil", Description: "-2+3"}); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestExportCSV(t *testing.T) {
	path := exportDB(t)
	out := filepath.Join(t.TempDir(), "wishes.csv")
	env := envOf(map[string]string{"TOVHOLDER_DB": path})
	if err := run(context.Background(), []string{"export", "--format", "csv", "--out", out}, env, nil, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	body, ok := bytes.CutPrefix(raw, []byte("\xEF\xBB\xBF"))
	if !ok {
		t.Fatalf("no UTF-8 byte-order mark: % x", raw[:min(len(raw), 8)])
	}
	rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	byTitle := map[string][][]string{}
	for _, r := range rows[1:] {
		byTitle[r[col["title"]]] = append(byTitle[r[col["title"]]], r)
	}
	da := byTitle["Påmindelse om opsigelsesfrist på kontrakter"]
	if len(da) != 2 {
		t.Fatalf("the Danish wish has %d rows, want one per event (submitted, needs info); rows:\n%v", len(da), rows)
	}
	if r := da[1]; r[col["event_to"]] != "needs_info" || r[col["event_note"]] != "" || r[col["event_private_note"]] != "Hvilke kontrakttyper gælder det?" ||
		r[col["value"]] != "Færre udgifter; større overblik – æøå ÆØÅ" || r[col["state"]] != "needs_info" {
		t.Errorf("Danish row: %q", r)
	}
	f := byTitle["'=cmd()"]
	if len(f) == 0 {
		t.Fatalf("the formula title is not neutralised; titles: %v", keys(byTitle))
	}
	if r := f[0]; r[col["purpose"]] != "'+SUM(A1:A9)" || r[col["value"]] != "'@evil" || r[col["description"]] != "'-2+3" {
		t.Errorf("formula cells: %q", r)
	}
}

func keys(m map[string][][]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestExportJSON(t *testing.T) {
	path := exportDB(t)
	var stdout bytes.Buffer
	env := envOf(map[string]string{"TOVHOLDER_DB": path})
	if err := run(context.Background(), []string{"export", "--format", "json"}, env, nil, &stdout, io.Discard); err != nil {
		t.Fatal(err)
	}
	var file exportFile
	if err := json.Unmarshal(stdout.Bytes(), &file); err != nil {
		t.Fatalf("%v:\n%s", err, stdout.String())
	}
	got := file.Wishes
	if len(got) != 2 || got[0].ID != 1 || got[1].Title != "=cmd()" {
		t.Fatalf("wishes: %+v", got)
	}
	w := got[0]
	if w.Title != "Påmindelse om opsigelsesfrist på kontrakter" || w.State != workflow.StateNeedsInfo || len(w.History) != 2 ||
		w.History[1].Note != "" || w.History[1].PrivateNote != "Hvilke kontrakttyper gælder det?" || w.History[1].Actor != "UMETTE" {
		t.Errorf("Danish wish: %+v", w)
	}
}

func TestExportRefusesWrongUse(t *testing.T) {
	env := envOf(map[string]string{"TOVHOLDER_DB": filepath.Join(t.TempDir(), "x.db")})
	for _, args := range [][]string{{"export", "--format", "xml"}, {"export", "extra"}} {
		err := run(context.Background(), args, env, nil, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "usage") {
			t.Errorf("%v: %v", args, err)
		}
	}
}

// TestExportLocalTimesAndNames: beside the UTC times and the Slack IDs, the CSV has the
// times in TOVHOLDER_TIMEZONE and the display names the bot stored from users.info,
// and the JSON the names and the zone (issue 12: a spreadsheet of raw IDs and UTC).
func TestExportLocalTimesAndNames(t *testing.T) {
	path := exportDB(t)
	ctx := context.Background()
	db, err := storage.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Atomic(ctx, func(tx workflow.Tx) error {
		if err := tx.SetDisplayName("UPER", "Per Kommune", time.Now()); err != nil {
			return err
		}
		return tx.SetDisplayName("UMETTE", "Mette", time.Now())
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	env := envOf(map[string]string{"TOVHOLDER_DB": path, "TOVHOLDER_TIMEZONE": "Europe/Copenhagen"})
	var out bytes.Buffer
	if err := run(ctx, []string{"export", "--format", "csv"}, env, nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(out.Bytes(), []byte("\xEF\xBB\xBF")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	asked := rows[2] // the Danish wish's second event: Mette's question
	for name, want := range map[string]string{"created_at": "2027-03-01T09:00:00Z", "created_local": "2027-03-01 10:00",
		"event_at_local": "2027-03-01 10:00", "time_zone": "Europe/Copenhagen", "submitter": "UPER", "submitter_name": "Per Kommune",
		"event_actor": "UMETTE", "event_actor_name": "Mette", "followers_names": "Per Kommune"} {
		if i, ok := col[name]; !ok || asked[i] != want {
			t.Errorf("column %s = %q, want %q (row %q)", name, asked[min(i, len(asked)-1)], want, asked)
		}
	}
	out.Reset()
	if err := run(ctx, []string{"export", "--format", "json"}, env, nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	var f struct {
		TimeZone string            `json:"time_zone"`
		Names    map[string]string `json:"names"`
	}
	if err := json.Unmarshal(out.Bytes(), &f); err != nil || f.TimeZone != "Europe/Copenhagen" || f.Names["UPER"] != "Per Kommune" {
		t.Errorf("JSON zone %q names %v (%v)", f.TimeZone, f.Names, err)
	}
}
