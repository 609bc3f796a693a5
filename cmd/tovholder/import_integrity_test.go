package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/os2kitos/tovholder/workflow"
)

// TestImportRoundTripKeepsDecisionsAndCycles: export → import carries the steering
// group's initiatives (who decided, the form of financing, the approved total) and the
// development cycles, so the work goes on: the planned wish's cycle can be delivered.
func TestImportRoundTripKeepsDecisionsAndCycles(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src.db")
	newLifeDB(t, src).build()
	file := filepath.Join(dir, "wishes.json")
	if err := run(context.Background(), []string{"export", "--db", src, "--format", "json", "--out", file}, envOf(nil), nil, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(dir, "dst.db")
	l := newLifeDB(t, dst)
	var out bytes.Buffer
	if err := run(context.Background(), []string{"import", "--db", dst, file}, envOf(nil), nil, &out, io.Discard); err != nil {
		t.Fatalf("import: %v\n%s", err, out.String())
	}
	byTitle := map[string]workflow.Wish{}
	ws, _, err := l.svc.Wishes(l.ctx, workflow.WishFilter{})
	l.must(err)
	for _, w := range ws {
		byTitle[w.Title] = w
	}
	if len(byTitle) == 0 {
		t.Fatal("nothing imported")
	}
	for _, title := range []string{"Godkendt", "Alarm A", "Ikke godkendt", "Indstillet"} {
		w := byTitle[title]
		ini, ok, err := l.svc.InitiativeOfWish(l.ctx, w.ID)
		l.must(err)
		if !ok {
			t.Errorf("#%d %q (%s): its initiative (the steering group's decision, financing, approved total) is lost", w.ID, title, w.State)
			continue
		}
		if w.State == workflow.StateApproved && (ini.DecidedBy == "" || ini.Financing == "") {
			t.Errorf("#%d %q approved without who decided or the financing: %+v", w.ID, title, ini)
		}
	}
	cys, err := l.svc.Cycles(l.ctx)
	l.must(err)
	if len(cys) == 0 {
		t.Errorf("cycle 2027.2 is lost; #%d is planned in it", byTitle["Alarm A"].ID)
	}
	// The consequence for the work: the secretariat cannot deliver the cycle its
	// planned wish is in.
	if _, err := l.svc.DeliverCycle(l.ctx, l.actor("UMETTE"), "2027.2", ""); err != nil {
		t.Errorf("deliver cycle 2027.2 of the imported planned wish: %v", err)
	}
}

// TestImportCSVEstimateIsNotTheSubmitters: a sheet's estimate (the supplier's price,
// obtained by the secretariat) that does not say who recorded it is the import's, at
// the import's time, never the submitter's on the submission date.
func TestImportCSVEstimateIsNotTheSubmitters(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tovholder.db")
	l := newLifeDB(t, path)
	file := filepath.Join(t.TempDir(), "ønsker.csv")
	if err := os.WriteFile(file, []byte(danishSheet), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := run(l.ctx, []string{"import", "--db", path, file}, envOf(nil), nil, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	ws, _, err := l.svc.Wishes(l.ctx, workflow.WishFilter{})
	l.must(err)
	for _, w := range ws {
		es, err := l.svc.Estimates(l.ctx, w.ID)
		l.must(err)
		for _, e := range es {
			if e.By == w.SubmitterID {
				t.Errorf("#%d: the estimate %s kr. is recorded as given by the submitter %s on %s, the day the wish was submitted",
					w.ID, e.Amount.Format(".", ","), e.By, e.At.Format("02-01-2006"))
			}
		}
	}
}

// TestImportRoundTripKeepsFollowers: export → import keeps who follows a wish, so
// after a move to a new server they still hear of it.
func TestImportRoundTripKeepsFollowers(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src.db")
	s := newLifeDB(t, src)
	id := s.submit("Opsigelsesalarm")
	s.must2(s.svc.Follow(s.ctx, s.actor("UANNA"), id))
	file := filepath.Join(dir, "wishes.json")
	if err := run(context.Background(), []string{"export", "--db", src, "--format", "json", "--out", file}, envOf(nil), nil, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(dir, "dst.db")
	l := newLifeDB(t, dst)
	if err := run(context.Background(), []string{"import", "--db", dst, file}, envOf(nil), nil, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	d, err := l.svc.Wish(l.ctx, 1)
	l.must(err)
	if len(d.Followers) == 0 {
		t.Errorf("#1 %q: UANNA followed it before the export; after the import it has no followers", d.Wish.Title)
	}
}

// TestImportIdLessRowsOfDifferentWishesAreNotOneWish: a row without an id is keyed by
// all its wish fields, so two different wishes that share a title, a date and a
// submitter (two reports' errors sent the same day) are two wishes, in one file or two.
func TestImportIdLessRowsOfDifferentWishesAreNotOneWish(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "tovholder.db")
	l := newLifeDB(t, path)
	head := "title;purpose;business_value;state;submitted_at;submitted_by\n"
	first := filepath.Join(dir, "marts.csv")
	second := filepath.Join(dir, "april.csv")
	os.WriteFile(first, []byte(head+"Fejl i rapport;Kontraktrapporten tæller forkert;Rigtige tal;indsendt;01-02-2025;Per\n"), 0o600)
	os.WriteFile(second, []byte(head+"Fejl i rapport;Systemrapporten mangler databehandlere;GDPR-tilsyn;indsendt;01-02-2025;Per\n"), 0o600)
	for _, f := range []string{first, second} {
		var out bytes.Buffer
		if err := run(l.ctx, []string{"import", "--db", path, f}, envOf(nil), nil, &out, io.Discard); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		t.Logf("%s: %s", filepath.Base(f), out.String())
	}
	ws, _, err := l.svc.Wishes(l.ctx, workflow.WishFilter{})
	l.must(err)
	if len(ws) != 2 {
		t.Errorf("two different wishes imported, %d in the database: the second file's wish (\"Systemrapporten mangler databehandlere\") was skipped as imported before", len(ws))
	}
}

// TestImportReadsThePlainListOfWishes: the first version's JSON export, a plain list
// of wishes, still imports.
func TestImportReadsThePlainListOfWishes(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src.db")
	s := newLifeDB(t, src)
	s.submit("Opsigelsesalarm")
	s.must2(s.svc.RouteToGroup(s.ctx, s.actor("UMETTE"), s.submit("Til vurdering"), "kontrakt", workflow.SizeNormal, ""))
	list, err := json.Marshal(exportJSON(t, src))
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "old.json")
	if err := os.WriteFile(file, list, 0o600); err != nil {
		t.Fatal(err)
	}
	l := newLifeDB(t, filepath.Join(dir, "dst.db"))
	var out bytes.Buffer
	if err := run(l.ctx, []string{"import", "--db", filepath.Join(dir, "dst.db"), file}, envOf(nil), nil, &out, io.Discard); err != nil {
		t.Fatalf("import: %v\n%s", err, out.String())
	}
	ws, _, err := l.svc.Wishes(l.ctx, workflow.WishFilter{})
	l.must(err)
	if len(ws) != 2 {
		t.Errorf("%d wishes imported from the plain list, want 2:\n%s", len(ws), out.String())
	}
}
