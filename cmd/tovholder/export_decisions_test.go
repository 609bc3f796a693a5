package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/storage"
	"github.com/os2kitos/tovholder/workflow"
)

// decisionsDB has a public approved proposal, an internal declined one, a pending one
// and a decided consultation.
func decisionsDB(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "tovholder.db")
	db, err := storage.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	db.Now = clock
	svc := workflow.New(db, clock, []string{"UADMIN"})
	admin, err := svc.Actor(ctx, "UADMIN")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(err)
	_, err = svc.Grant(ctx, admin, workflow.RoleSecretariat, []string{"UMETTE"})
	must(err)
	_, err = svc.Grant(ctx, admin, workflow.RoleSteering, []string{"UJENS"})
	must(err)
	mette, jens := workflow.Actor{UserID: "UMETTE"}, workflow.Actor{UserID: "UJENS"}
	pub, err := svc.ProposeSteering(ctx, mette, workflow.ProposalInput{Title: "=Budget 2028", Text: "The frame", Kind: "economy", Amount: "1.250.000,50"})
	must(err)
	secret, err := svc.ProposeSteering(ctx, mette, workflow.ProposalInput{Title: "Staff matter", Text: "Confidential", Kind: "organisation", Internal: true})
	must(err)
	_, err = svc.ProposeSteering(ctx, mette, workflow.ProposalInput{Title: "Pending", Text: "Not yet", Kind: "other"})
	must(err)
	_, err = svc.DecideSteering(ctx, jens, pub.ID, true, "Approved")
	must(err)
	_, err = svc.DecideSteering(ctx, jens, secret.ID, false, "No")
	must(err)
	c, err := svc.StartConsultation(ctx, mette, workflow.ConsultInput{Question: "Close on Fridays?"})
	must(err)
	_, err = svc.AnswerConsultation(ctx, workflow.Actor{UserID: "UPER"}, c.ID, workflow.AnswerConcerns, "Citizens call")
	must(err)
	_, err = svc.CloseConsultation(ctx, mette, c.ID)
	must(err)
	_, err = svc.RecordConsultDecision(ctx, mette, c.ID, "Kept open")
	must(err)
	return path
}

func TestExportDecisions(t *testing.T) {
	path := decisionsDB(t)
	env := envOf(map[string]string{"TOVHOLDER_DB": path})
	var js bytes.Buffer
	if err := run(context.Background(), []string{"export", "--decisions", "--format", "json"}, env, nil, &js, io.Discard); err != nil {
		t.Fatal(err)
	}
	var got exportDecisions
	if err := json.Unmarshal(js.Bytes(), &got); err != nil {
		t.Fatalf("%v:\n%s", err, js.String())
	}
	if len(got.Steering) != 1 || got.Steering[0].Title != "=Budget 2028" || got.Steering[0].AmountDKK != "1250000.50" {
		t.Errorf("steering decisions %+v: want only the public, decided one", got.Steering)
	}
	if len(got.Consultations) != 1 || got.Consultations[0].Concerns != 1 || got.Consultations[0].Decision != "Kept open" {
		t.Errorf("consultations %+v", got.Consultations)
	}
	for _, secret := range []string{"Staff matter", "Confidential", "Pending", "Citizens call", "UPER"} {
		if strings.Contains(js.String(), secret) {
			t.Errorf("the export carries %q:\n%s", secret, js.String())
		}
	}
	var cs bytes.Buffer
	if err := run(context.Background(), []string{"export", "--decisions"}, env, nil, &cs, io.Discard); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(cs.String(), "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[1][0] != "steering" || rows[1][2] != "'=Budget 2028" || rows[2][0] != "consultation" {
		t.Errorf("CSV rows %q", rows)
	}
	if strings.Contains(cs.String(), "Staff matter") {
		t.Error("the CSV carries the internal proposal")
	}
}
