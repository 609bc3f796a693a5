package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/bot/bottest"
)

// A posted message's permalink is asked for once, when it is posted, and kept with
// its reference: a digest of 15 wishes links each card without one chat.getPermalink
// call (it made 15, inside the dispatcher's lock, before the outbox kept them).
func TestDigestLinksCardsWithoutAskingSlack(t *testing.T) {
	e := newEnv(t, bottest.Options{})
	e.Advance(time.Minute)
	for i := range 15 {
		newWish(t, e, "Wish number "+itoa(int64(i+1)), "")
	}
	e.Settle()
	posted := len(e.Emu.CallsTo("chat.getPermalink"))
	if cards := len(e.Emu.CallsTo("chat.postMessage")); posted == 0 || posted > cards {
		t.Fatalf("%d chat.getPermalink calls for %d posts: want one per remembered message", posted, cards)
	}
	advanceTo(e, nextMonday)
	mette := strings.Join(digestsTo(e, bottest.Mette), "\n")
	if n := strings.Count(mette, "/archives/"+bottest.Secretary+"/p"); n != 15 {
		t.Errorf("the secretariat's digest links %d cards, want 15:\n%s", n, mette)
	}
	if n := len(e.Emu.CallsTo("chat.getPermalink")) - posted; n != 0 {
		t.Errorf("rendering the digest called chat.getPermalink %d times, want 0", n)
	}
}
