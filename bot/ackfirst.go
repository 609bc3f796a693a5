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
	ackQuiet   = 10 * time.Millisecond  // no ack for this long: the burst is over
	ackHoldMax = 150 * time.Millisecond // the longest any work waits for acks
)

// quietGate is a gate shut while something is in progress (acks, for the work after
// them; a burst's commits, for the answers after them), open once nothing has been
// for ackQuiet. Waiting costs nothing while it is shut: waiters
// sleep on one channel, closed when the gate opens, and one timer opens it, so a
// burst of acks does not wake the work waiting behind it at every ack.
// The zero value is ready, and open.
type quietGate struct {
	mu       sync.Mutex
	inflight int           // requests being acknowledged now
	last     time.Time     // when an ack last ended
	shut     chan struct{} // closed when the gate opens; nil while it is open
	quiet    *time.Timer   // opens the gate ackQuiet after the last ack ended
}

// begin marks a request as being acknowledged; end, when its ack has been written.
// Both are on the wall clock, whatever clock the bot's rules follow: this is about
// the machine's CPU, not the charter's time.
func (g *quietGate) begin() (end func()) {
	g.mu.Lock()
	g.inflight++
	if g.shut == nil {
		g.shut = make(chan struct{})
	}
	g.mu.Unlock()
	var once sync.Once
	return func() { once.Do(g.end) }
}

func (g *quietGate) end() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.inflight--
	g.last = time.Now()
	if g.inflight > 0 {
		return
	}
	if g.quiet == nil {
		g.quiet = time.AfterFunc(ackQuiet, g.open)
		return
	}
	g.quiet.Reset(ackQuiet)
}

// open opens the gate if no ack has begun or ended for ackQuiet; if one has, the
// quiet moment is counted again from the last.
func (g *quietGate) open() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.inflight > 0 || g.shut == nil {
		return // shut again, or open already; the next end arms the timer
	}
	if wait := ackQuiet - time.Since(g.last); wait > 0 {
		g.quiet.Reset(wait)
		return
	}
	close(g.shut)
	g.shut = nil
}

// wait returns once the gate is open, or after ackHoldMax at the latest. It reports
// how long it held the caller.
func (g *quietGate) wait() time.Duration {
	start := time.Now()
	g.mu.Lock()
	shut := g.shut
	g.mu.Unlock()
	if shut == nil {
		return 0
	}
	t := time.NewTimer(ackHoldMax)
	defer t.Stop()
	select {
	case <-shut:
	case <-t.C:
	}
	return time.Since(start)
}
