package bot

import (
	"fmt"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/bot/i18n"
)

// TestHomeRefreshesKeepSlacksLimit: however many Home tabs are out of date, no more
// than homePublishesPerMinute are published in any minute; the rest wait, out of
// date, for the next round, the longest waiting first.
func TestHomeRefreshesKeepSlacksLimit(t *testing.T) {
	t0 := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	var h homeViewers
	const viewers = 200
	for i := range viewers {
		h.opened(fmt.Sprintf("U%03d", i), i18n.English, t0)
	}
	all := func(string) bool { return true }
	published := 0
	for s := 0; s <= 150; s += 5 {
		now := t0.Add(time.Duration(s) * time.Second)
		h.touch(now, all)
		n := len(h.due(now, false))
		published += n
		if s < 60 && published > homePublishesPerMinute {
			t.Fatalf("%d Home tabs published in the first minute, want at most %d", published, homePublishesPerMinute)
		}
	}
	if published < 2*homePublishesPerMinute {
		t.Errorf("%d published in 150 s; want the limit used, about %d a minute", published, homePublishesPerMinute)
	}
	// In any minute-long window of the record, at most the limit.
	for i := range h.sent {
		n := 0
		for _, at := range h.sent[i:] {
			if at.Sub(h.sent[i]) < time.Minute {
				n++
			}
		}
		if n > homePublishesPerMinute {
			t.Errorf("%d publishes in the minute from %v", n, h.sent[i])
		}
	}
}
