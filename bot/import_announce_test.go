package bot_test

import (
	"context"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/bot/bottest"
	"github.com/os2kitos/tovholder/workflow"
)

// TestImportAnnounceNeverClaimsAConsensus: `tovholder import --announce` posts each
// imported wish's card, whose "New status" line is the last move of the history. The
// file's history once went in unchecked: a wish "in assessment" with a last move to
// "approved" carrying a "poll" was announced to the group as approved by the working
// group, by consensus, with no poll in the database. History that contradicts the
// wish's state is refused, data naming the source's polls is dropped, and an imported
// move is shown as imported, never as a consensus.
func TestImportAnnounceNeverClaimsAConsensus(t *testing.T) {
	e := bottest.New(t, bottest.Options{})
	at := time.Date(2025, 5, 1, 8, 0, 0, 0, time.UTC)
	iw := workflow.ImportWish{Line: 2, Key: "wish/7", Wish: workflow.Wish{Title: "Opsigelsesalarm", Purpose: "p", Value: "v",
		State: workflow.StateInAssessment, Group: "kontrakt", Size: workflow.SizeNormal, SubmitterID: bottest.Per, CreatedAt: at},
		History: []workflow.Event{
			{At: at, Actor: bottest.Per, Kind: workflow.EvWishSubmitted, To: workflow.StateSubmitted},
			{At: at.Add(time.Hour), Actor: bottest.Soren, Kind: workflow.EvWishMoved, From: workflow.StateInAssessment,
				To: workflow.StateApproved, Data: map[string]string{"poll": "1"}},
		}}
	if _, err := e.Svc.Import(context.Background(), []workflow.ImportWish{iw}, workflow.ImportOptions{Announce: true, Source: "sheet.csv"}); err == nil {
		t.Fatal("a history ending in approved is imported for a wish in assessment")
	}
	iw.History[1].From, iw.History[1].To = workflow.StateSubmitted, workflow.StateInAssessment
	res, err := e.Svc.Import(context.Background(), []workflow.ImportWish{iw}, workflow.ImportOptions{Announce: true, Source: "sheet.csv"})
	if err != nil {
		t.Fatal(err)
	}
	e.Settle()
	card := e.MustFind(bottest.Contract, "Opsigelsesalarm")
	text := e.Text(card)
	if bottest.ContainsAll(text, "by consensus") || !bottest.ContainsAll(text, "New status: *in assessment*", "(imported)") {
		t.Errorf("the card of the imported #%d does not show its move as imported:\n%s", res.Created[0].ID, text)
	}
}

// TestImportEstimateWithoutAuthorIsTheImports: a sheet's estimate that does not say
// who recorded it is shown as recorded by the import, never by the submitter.
func TestImportEstimateWithoutAuthorIsTheImports(t *testing.T) {
	e := bottest.New(t, bottest.Options{})
	at := time.Date(2025, 5, 1, 8, 0, 0, 0, time.UTC)
	iw := workflow.ImportWish{Line: 2, Key: "id/K-2", Wish: workflow.Wish{Title: "Vis databehandlere", Purpose: "p", Value: "v",
		State: workflow.StateEstimated, Group: "kontrakt", Size: workflow.SizeMajor, SubmitterID: bottest.Per, CreatedAt: at},
		Estimates: []workflow.Estimate{{Amount: workflow.Kroner(250000), Hours: workflow.WholeHours(100)}}}
	if _, err := e.Svc.Import(context.Background(), []workflow.ImportWish{iw}, workflow.ImportOptions{Announce: true, Source: "sheet.csv"}); err != nil {
		t.Fatal(err)
	}
	e.Settle()
	text := e.Text(e.MustFind(bottest.Contract, "Vis databehandlere"))
	if !bottest.ContainsAll(text, "Estimate 1:", "by the import") {
		t.Errorf("the imported estimate is not shown as the import's:\n%s", text)
	}
}
