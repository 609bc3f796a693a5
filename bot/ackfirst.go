package bot

import (
	"sync"
	"time"
)

// Slack waits three seconds for an ack and nothing else: a click's stance, a
// command's answer and the messages they cause can come a moment later. When a
// burst arrives (two hundred members clicking Agree on one poll), the work after
// each ack would take the CPU from the acks still to come, and the last click would
// wait for the work of the first ones. So the work after an ack waits, briefly, until
// no ack is in progress and none has been for a quiet moment; then it runs, as one
// burst of its own, which also lets a burst of stances share one commit.
//
// The hold is bounded: under a steady stream of requests the work runs after at most
// ackHoldMax, so it is delayed, never starved.
const (
	ackQuiet   = 2 * time.Millisecond   // no ack for this long: the burst is over
	ackHoldMax = 150 * time.Millisecond // the longest any work waits for acks
)

// ackFirst counts the acks in progress, and lets work after an ack wait for them.
// The zero value is ready.
type ackFirst struct {
	mu       sync.Mutex
	inflight int           // requests being acknowledged now
	last     time.Time     // when an ack last began or ended
	idle     chan struct{} // closed when inflight drops to zero; nil while none waits
}

// begin marks a request as being acknowledged; end, when its ack has been written.
// Both are called on the wall clock, whatever clock the bot's rules follow: this is
// about the machine's CPU, not the charter's time.
func (g *ackFirst) begin() (end func()) {
	g.mu.Lock()
	g.inflight++
	g.last = time.Now()
	g.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			g.mu.Lock()
			defer g.mu.Unlock()
			g.inflight--
			g.last = time.Now()
			if g.inflight == 0 && g.idle != nil {
				close(g.idle)
				g.idle = nil
			}
		})
	}
}

// wait returns once no ack is in progress and none has begun or ended for ackQuiet,
// or after ackHoldMax at the latest. It reports how long it held the caller.
func (g *ackFirst) wait() time.Duration {
	start := time.Now()
	deadline := start.Add(ackHoldMax)
	for {
		g.mu.Lock()
		now := time.Now()
		if !now.Before(deadline) {
			g.mu.Unlock()
			return now.Sub(start)
		}
		var (
			until time.Duration
			idle  chan struct{}
		)
		if g.inflight == 0 {
			quiet := now.Sub(g.last)
			if quiet >= ackQuiet {
				g.mu.Unlock()
				return now.Sub(start)
			}
			until = ackQuiet - quiet
		} else {
			if g.idle == nil {
				g.idle = make(chan struct{})
			}
			idle, until = g.idle, deadline.Sub(now)
		}
		g.mu.Unlock()
		t := time.NewTimer(min(until, deadline.Sub(now)))
		select {
		case <-t.C:
		case <-idle: // nil while counting down a quiet moment: only the timer
		}
		t.Stop()
	}
}
