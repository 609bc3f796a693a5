package workflow_test

import (
	"context"
	"testing"

	"github.com/os2kitos/tovholder/workflow"
)

// A minor wish the secretariat completes becomes "delivered" (leveret) and, like
// every other delivery, is announced in the user club (domain.md, "Announcements in
// the user club channel": deliveries). Review finding R4: nothing was announced, so a
// member following the user club never learned of it.
func TestCompleteMinorIsAnnouncedAsADelivery(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	w := f.wish()
	_, err := f.svc.HandleAsMinor(ctx, f.actor(uSec), w.ID, "")
	must(t, err)
	done, err := f.svc.CompleteMinor(ctx, f.actor(uSec), w.ID, "The role is added.")
	must(t, err)
	if done.State != workflow.StateDelivered {
		t.Fatalf("state %s", done.State)
	}
	for _, n := range f.lastNotices() {
		if n.To == workflow.PlaceTarget(workflow.PlaceUserClub) {
			return
		}
	}
	t.Errorf("wish #%d was delivered by the secretariat and nothing was announced in the user club; notices: %+v", w.ID, f.lastNotices())
}
