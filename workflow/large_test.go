package workflow_test

import (
	"context"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/os2kitos/tovholder/storage/storagetest"
	"github.com/os2kitos/tovholder/workflow"
)

// TestSecretariatDigestIsItsRule: the secretariat's digest, read with a COUNT and a
// LIMIT per section, is SecretariatSections of every open wish, on a generated
// community with every state and size.
func TestSecretariatDigestIsItsRule(t *testing.T) {
	db := storagetest.OpenLarge(t, storagetest.Sizes{Wishes: 800, Polls: 50, Stances: 500, Events: 1000})
	svc := workflow.New(db, nil, nil)
	ctx := context.Background()
	got, err := workflow.SecretariatDigest(svc, ctx)
	must(t, err)
	ws, _, err := svc.Wishes(ctx, workflow.WishFilter{OpenOnly: true})
	must(t, err)
	slices.Reverse(ws) // oldest first
	want := workflow.SecretariatSections(ws)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("digest (-rule +read):\n%s", diff)
	}
	for _, s := range got {
		if s.Total <= len(s.IDs) {
			t.Errorf("section %s: %d of %d; want a generated database that fills every section", s.Key, len(s.IDs), s.Total)
		}
	}
}
