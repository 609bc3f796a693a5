package workflow_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/storage/storagetest"
	"github.com/os2kitos/tovholder/workflow"
)

// The read side at storagetest.Large (10,000 wishes, 2,000 polls, 50,000 stances,
// 100,000 events). Targets on 2 cores: the secretariat's Home data ≤ 10 ms, a
// coordinator's and a member's ≤ 5 ms, /wish list all ≤ 5 ms, the secretariat's
// digest ≤ 10 ms.

// largeService is a service on a generated database, at its time.
func largeService(b *testing.B) *workflow.Service {
	db := storagetest.OpenLarge(b, storagetest.Large)
	return workflow.New(db, func() time.Time { return storagetest.LargeNow }, nil)
}

// homeData loads what one Home tab shows, as the bot does once per render: the
// viewer's roles, their own wishes, and their agenda.
func homeData(b *testing.B, svc *workflow.Service, user string) workflow.Agenda {
	ctx := context.Background()
	a, err := svc.Actor(ctx, user)
	if err != nil {
		b.Fatal(err)
	}
	if _, _, err := svc.Wishes(ctx, workflow.WishFilter{Submitter: user, Limit: 10}); err != nil {
		b.Fatal(err)
	}
	ag, err := svc.AgendaOf(ctx, a, 5)
	if err != nil {
		b.Fatal(err)
	}
	return ag
}

func BenchmarkLargeHome(b *testing.B) {
	svc := largeService(b)
	for _, c := range []struct {
		name, user string
		want       func(workflow.Agenda) bool // the data is what a Home shows
	}{
		{"Secretariat", storagetest.LargeSecretariat, func(ag workflow.Agenda) bool { return len(ag.Queues) >= 5 }},
		{"Coordinator", storagetest.LargeCoordinator, func(ag workflow.Agenda) bool { return len(ag.Queues) == 2 }},
		{"Member", storagetest.LargeMember, func(ag workflow.Agenda) bool { return ag.PollsTotal > 0 && len(ag.Polls) > 0 }},
		{"Steering", storagetest.LargeSteering, func(ag workflow.Agenda) bool { return ag.InitiativesOf > 0 }},
	} {
		b.Run(c.name, func(b *testing.B) {
			if ag := homeData(b, svc, c.user); !c.want(ag) {
				b.Fatalf("agenda of %s: %+v", c.user, ag)
			}
			b.ReportAllocs()
			cpu, n := cpuTime(), 0
			for b.Loop() {
				homeData(b, svc, c.user)
				n++
			}
			reportCPU(b, cpu, n)
		})
	}
}

// BenchmarkLargeWishListAll is /wish list all: the first page of open wishes, the
// total, and whether there is a next page.
func BenchmarkLargeWishListAll(b *testing.B) {
	svc := largeService(b)
	ctx := context.Background()
	b.ReportAllocs()
	cpu, n := cpuTime(), 0
	defer func() { reportCPU(b, cpu, n) }()
	for b.Loop() {
		n++
		ws, total, err := svc.Wishes(ctx, workflow.WishFilter{OpenOnly: true, Limit: 20})
		if err != nil || len(ws) != 20 || total < 20 {
			b.Fatalf("list all: %d of %d, %v", len(ws), total, err)
		}
		if _, _, err := svc.Wishes(ctx, workflow.WishFilter{OpenOnly: true, BeforeID: ws[19].ID, Limit: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLargeDigestSecretariat builds the secretariat's digest and its payload.
func BenchmarkLargeDigestSecretariat(b *testing.B) {
	svc := largeService(b)
	ctx := context.Background()
	b.ReportAllocs()
	cpu, n := cpuTime(), 0
	defer func() { reportCPU(b, cpu, n) }()
	for b.Loop() {
		n++
		dg, readers, err := workflow.DigestOf(svc, ctx, workflow.RuleSecretariat, storagetest.LargeNow)
		if err != nil || dg.Empty() || len(readers) == 0 {
			b.Fatalf("digest: %+v %v %v", dg, readers, err)
		}
		if _, err := json.Marshal(dg); err != nil {
			b.Fatal(err)
		}
	}
}
