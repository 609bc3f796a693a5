package bot

import (
	"testing"
	"time"
)

// waitIn runs g.wait in a goroutine and sends how long it held.
func waitIn(g *quietGate) <-chan time.Duration {
	out := make(chan time.Duration, 1)
	go func() { out <- g.wait() }()
	return out
}

func TestAckFirstLetsWorkGoWhenNoAckIsInProgress(t *testing.T) {
	var g quietGate
	select {
	case held := <-waitIn(&g):
		if held >= ackHoldMax {
			t.Errorf("held %v with no ack ever begun; want less than %v", held, ackHoldMax)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("work waited although no ack was in progress")
	}
}

func TestAckFirstHoldsWorkUntilTheAckEnds(t *testing.T) {
	var g quietGate
	end := g.begin()
	done := waitIn(&g)
	select {
	case held := <-done:
		t.Fatalf("work went after %v while an ack was in progress", held)
	case <-time.After(ackHoldMax / 3):
	}
	end()
	end() // a second end changes nothing
	select {
	case held := <-done:
		if held < ackHoldMax/3 {
			t.Errorf("held %v; it was still waiting at %v", held, ackHoldMax/3)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("work still waits after the ack ended")
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.inflight != 0 {
		t.Errorf("inflight = %d after one begin and two ends; want 0", g.inflight)
	}
}

func TestAckFirstHoldsNoLongerThanItsBound(t *testing.T) {
	var g quietGate
	end := g.begin() // an ack that never ends, or a steady stream of them
	defer end()
	select {
	case held := <-waitIn(&g):
		if held < ackHoldMax {
			t.Errorf("held %v while an ack was in progress; want %v", held, ackHoldMax)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("work is starved by an ack in progress")
	}
}

func TestAckFirstWaitsForAQuietMoment(t *testing.T) {
	var g quietGate
	g.begin()() // an ack that just ended: more of its burst may be coming
	held := <-waitIn(&g)
	if held <= 0 {
		t.Errorf("work went at once after an ack; want it to wait up to %v for the burst to end", ackQuiet)
	}
}
