package workflow_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/storage/storagetest"
	"github.com/os2kitos/tovholder/workflow"
)

// BenchmarkTakeStance200 is the stance use case alone: 200 members of one poll take a
// stance at once, each burst changing everyone's stance, on a real database file.
// Target on 2 cores: at least 8,000 stances/s.
func BenchmarkTakeStance200(b *testing.B) {
	const voters = 200
	ctx := context.Background()
	db := storagetest.Open(b)
	now := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	svc := workflow.New(db, func() time.Time { return now }, []string{uAdmin})
	admin, err := svc.Actor(ctx, uAdmin)
	if err != nil {
		b.Fatal(err)
	}
	members := make([]string, voters)
	for i := range members {
		members[i] = fmt.Sprintf("UV%03d", i)
	}
	if _, err := svc.Grant(ctx, admin, workflow.RoleSecretariat, []string{uAdmin}); err != nil {
		b.Fatal(err)
	}
	if admin, err = svc.Actor(ctx, uAdmin); err != nil {
		b.Fatal(err)
	}
	if _, err := svc.CreateGroup(ctx, admin, "kontrakt", "CKONT", "IT-kontrakter"); err != nil {
		b.Fatal(err)
	}
	if _, err := svc.AddMembers(ctx, admin, "kontrakt", members); err != nil {
		b.Fatal(err)
	}
	p, err := svc.StartPoll(ctx, admin, workflow.PollInput{GroupKey: "kontrakt", Proposal: workflow.ProposeFree, Text: "Meet monthly"})
	if err != nil {
		b.Fatal(err)
	}
	actors := make([]workflow.Actor, voters)
	for i, u := range members {
		actors[i] = workflow.Actor{UserID: u}
	}
	b.ReportAllocs()
	b.ResetTimer()
	start, cpu := time.Now(), cpuTime()
	for n := range b.N {
		pos := []workflow.Position{workflow.Agree, workflow.Abstain}[n%2]
		var wg sync.WaitGroup
		for _, a := range actors {
			wg.Go(func() {
				if _, err := svc.TakeStance(ctx, a, p.ID, pos, ""); err != nil {
					b.Error(err)
				}
			})
		}
		wg.Wait()
	}
	b.ReportMetric(float64(voters*b.N)/time.Since(start).Seconds(), "stances/s")
	// What 2 cores would do if this were all they did: stances per CPU-second × 2.
	b.ReportMetric(2*float64(voters*b.N)/(cpuTime()-cpu).Seconds(), "stances/2cpu-s")
}
