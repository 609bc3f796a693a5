package workflow_test

import (
	"testing"
	"time"

	"github.com/os2kitos/tovholder/workflow"
)

func TestPlanMovesAndDeliverCycle(t *testing.T) {
	f := newPipeFixture(t)
	a, b := f.prioritised("Normal A", workflow.SizeNormal), f.prioritised("Normal B", workflow.SizeNormal)
	major := f.prioritised("Stor", workflow.SizeMajor)
	for _, c := range []string{"2027.1", "2027.2"} {
		_, err := f.svc.CreateCycle(f.ctx, f.actor(pMette), c, time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC))
		f.must(err)
	}
	if _, err := f.svc.CreateCycle(f.ctx, f.actor(pMette), "2027.1", time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC)); workflow.KindOf(err) != workflow.Conflict {
		t.Errorf("a cycle twice: %v", err)
	}
	if _, err := f.svc.Plan(f.ctx, f.actor(pMette), major, "2027.1", ""); workflow.KindOf(err) != workflow.Conflict {
		t.Errorf("planning a major wish without the steering group: %v", err)
	}
	for _, id := range []int64{a, b} {
		_, err := f.svc.Plan(f.ctx, f.actor(pMette), id, "2027.1", "")
		f.must(err)
	}
	if _, err := f.svc.Plan(f.ctx, f.actor(pMette), a, "2027.1", ""); workflow.KindOf(err) != workflow.Conflict {
		t.Errorf("planning in the same cycle again: %v", err)
	}
	refresh1 := f.countNotices(workflow.NoticePlan, "", workflow.PlanRef("2027.1"))
	_, err := f.svc.Plan(f.ctx, f.actor(pMette), b, "2027.2", "Flyttet")
	f.must(err)
	if got := f.countNotices(workflow.NoticePlan, "", workflow.PlanRef("2027.1")); got != refresh1+1 {
		t.Errorf("the old cycle's plan was not refreshed on a move: %d → %d", refresh1, got)
	}
	p, err := f.svc.PlanOf(f.ctx, "2027.1")
	f.must(err)
	if len(p.Wishes) != 1 || p.Wishes[0].ID != a {
		t.Errorf("plan 2027.1 holds %+v", p.Wishes)
	}
	done, err := f.svc.DeliverCycle(f.ctx, f.actor(pMette), "2027.1", "")
	f.must(err)
	if len(done) != 1 || done[0].ID != a {
		t.Errorf("delivered %+v", done)
	}
	f.wantState(a, workflow.StateDelivered)
	f.wantState(b, workflow.StatePlanned)
	if _, err := f.svc.Plan(f.ctx, f.actor(pMette), b, "2027.1", ""); workflow.KindOf(err) != workflow.Conflict {
		t.Errorf("planning into a delivered cycle: %v", err)
	}
}

func TestAgenda(t *testing.T) {
	f := newPipeFixture(t)
	f.estimated("Indstilling")
	_, err := f.svc.SubmitWish(f.ctx, f.actor(pPer), workflow.WishInput{Title: "Ny", Purpose: "p", Value: "v"})
	f.must(err)
	ag, err := f.svc.AgendaOf(f.ctx, f.actor(pMette), 5)
	f.must(err)
	totals := map[string]int{}
	for _, q := range ag.Queues {
		totals[q.Key] = q.Total
	}
	if totals["triage"] != 1 || totals["recommend"] != 1 {
		t.Errorf("secretariat queues %v", totals)
	}
}
