package outbox

import (
	"time"

	"github.com/rs/zerolog"
)

// bucket paces posts to one channel: Slack allows about one message per second per
// channel with short bursts.
type bucket struct {
	tokens float64
	at     time.Time
}

const (
	burst  = 3
	perSec = 1.0
)

// allowance takes a token for channel ch, or says how long to wait for one.
func (d *Dispatcher) allowance(ch string) time.Duration {
	now := d.now()
	bk, ok := d.buckets[ch]
	if !ok {
		bk = &bucket{tokens: burst, at: now}
		d.buckets[ch] = bk
	}
	bk.tokens = min(burst, bk.tokens+now.Sub(bk.at).Seconds()*perSec)
	bk.at = now
	if bk.tokens < 1 {
		return time.Duration((1 - bk.tokens) / perSec * float64(time.Second))
	}
	bk.tokens--
	return 0
}

func (d *Dispatcher) warnOnce(key string, log func(*zerolog.Event)) {
	if t, ok := d.warned[key]; ok && time.Since(t) < 10*time.Minute {
		return
	}
	d.warned[key] = time.Now()
	log(d.log.Warn())
}
