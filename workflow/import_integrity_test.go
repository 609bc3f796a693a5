package workflow_test

import (
	"context"
	"errors"
	"testing"

	"github.com/os2kitos/tovholder/workflow"
)

// TestImportEstimatedWishNeedsAnEstimate: a sheet could import a wish as "estimated"
// (prisoverslag indhentet) without any estimate; the secretariat could then never record
// one, yet recommend it, and the steering group approved a total of DKK 0. An imported
// state must carry what the charter's steps to it produce, and Recommend refuses a wish
// without an estimate (one imported before this check, say).
func TestImportEstimatedWishNeedsAnEstimate(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	iw := importWish(2, "id/K-2", "Vis databehandlere", workflow.StateEstimated, "kontrakt")
	iw.Wish.Size = workflow.SizeMajor
	if errs := workflow.CheckImport([]workflow.ImportWish{iw}); len(errs) == 0 {
		t.Errorf("CheckImport accepts an estimated wish without an estimate")
	}
	if _, err := f.svc.Import(ctx, []workflow.ImportWish{iw}, workflow.ImportOptions{Source: "sheet.csv"}); err == nil {
		t.Fatalf("Import accepts an estimated wish without an estimate")
	}
	// A wish in estimated state without an estimate, as a database imported before
	// the check may hold one: written straight into the store.
	var id int64
	err := f.db.Atomic(ctx, func(tx workflow.Tx) (err error) {
		id, err = tx.CreateWish(workflow.Wish{Title: "Uden overslag", Purpose: "p", Value: "v", State: workflow.StateEstimated,
			Group: "kontrakt", Size: workflow.SizeMajor, Priority: workflow.PriorityLow, SubmitterID: uMember, CreatedAt: f.now, UpdatedAt: f.now})
		return err
	})
	must(t, err)
	_, err = f.svc.Recommend(ctx, f.actor(uSec), workflow.RecommendInput{WishIDs: []int64{id}, Title: "Databehandlere", Text: "Indstilles"})
	if workflow.KindOf(err) != workflow.Conflict || errKey(err) != "err.recommend.no_estimate" {
		t.Errorf("recommend #%d without an estimate: %v, want err.recommend.no_estimate", id, err)
	}
}

// TestImportGroupKeyWinsOverName: an export names groups by key
// ("kontrakt"); the import resolves a group by key or by lower-case name from ONE map,
// filled key then name group by group, so a group whose name is another group's key
// ("Kontrakt", a cross-cutting group) takes the key over. Every wish of the contract
// group is imported into the other group: its polls, its members' consensus and its
// announcements are another group's. A key must win over a name.
func TestImportGroupKeyWinsOverName(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	// Groups are listed by key: "kontrakt" is loaded before "tvaers".
	if _, err := f.svc.CreateGroup(ctx, f.actor(uAdmin), "tvaers", "CTVAERS", "Kontrakt"); err != nil {
		t.Fatal(err)
	}
	iw := importWish(2, "wish/7", "Opsigelsesalarm", workflow.StateInAssessment, "kontrakt")
	res, err := f.svc.Import(ctx, []workflow.ImportWish{iw}, workflow.ImportOptions{Source: "export.json"})
	if err != nil {
		t.Fatal(err)
	}
	if w := f.load(res.Created[0].ID); w.Group != "kontrakt" {
		t.Errorf("the wish of group key %q was imported into group %q", "kontrakt", w.Group)
	}
}

// TestImportDuplicateCarriesFollowersOver: a duplicate's submitter and followers
// follow the original from then on (domain.md: "duplicate of #N (followers carried
// over)"); MarkDuplicate does it, the import does not: the submitter of an imported
// duplicate is never told anything about the wish theirs was folded into.
func TestImportDuplicateCarriesFollowersOver(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	open := importWish(2, "id/3", "Vis databehandlere", workflow.StateSubmitted, "")
	dup := importWish(3, "id/4", "Databehandlere på systemsiden", workflow.StateDuplicate, "")
	dup.Wish.SubmitterID = uMember
	dup.DuplicateOfKey = "id/3"
	res, err := f.svc.Import(ctx, []workflow.ImportWish{open, dup}, workflow.ImportOptions{Source: "sheet.csv"})
	if err != nil {
		t.Fatal(err)
	}
	d, err := f.svc.Wish(ctx, res.Created[0].ID)
	must(t, err)
	found := false
	for _, u := range d.Followers {
		found = found || u == uMember
	}
	if !found {
		t.Errorf("the submitter %s of the imported duplicate #%d does not follow its original #%d (followers %v)", uMember, res.Created[1].ID, res.Created[0].ID, d.Followers)
	}
}

// TestImportGroupNameOfTwoGroupsIsRefused: a name two groups share says neither; the
// import asks for the key.
func TestImportGroupNameOfTwoGroupsIsRefused(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	if _, err := f.svc.CreateGroup(ctx, f.actor(uAdmin), "kontrakt2", "CKONT2", "IT-kontrakter"); err != nil {
		t.Fatal(err)
	}
	iw := importWish(2, "id/1", "Opsigelsesalarm", workflow.StateInAssessment, "it-kontrakter")
	_, err := f.svc.Import(ctx, []workflow.ImportWish{iw}, workflow.ImportOptions{Source: "sheet.csv"})
	var errs workflow.ImportErrors
	if !errors.As(err, &errs) || len(errs) != 1 || errs[0].Column != "group" {
		t.Errorf("a group name of two groups: %v, want one problem in column group", err)
	}
	iw.Wish.Group = "kontrakt2"
	res, err := f.svc.Import(ctx, []workflow.ImportWish{iw}, workflow.ImportOptions{Source: "sheet.csv"})
	must(t, err)
	if w := f.load(res.Created[0].ID); w.Group != "kontrakt2" {
		t.Errorf("imported into %q, want kontrakt2", w.Group)
	}
}
