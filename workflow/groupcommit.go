package workflow

import (
	"context"
	"errors"
	"sync"
)

// GroupStore is a Store that can run several use cases in one write transaction. A
// commit is what a write costs on SQLite, so a burst of clicks committed together
// costs one commit, not one each.
type GroupStore interface {
	// AtomicEach runs every fn, in order, in one write transaction, each inside a
	// savepoint of its own: a fn that returns an error has its work rolled back alone
	// and its error is errs[i], while the others' work is kept. When the transaction
	// cannot begin or commit, every fn that succeeded gets that error instead, since
	// its work was not kept either.
	AtomicEach(ctx context.Context, fns []func(Tx) error) (errs []error)
}

// maxGroup bounds how many use cases share one transaction, so that one batch of a
// long queue does not hold the others' answers back for long.
const maxGroup = 128

// groupCommit queues use cases that may share a transaction, and runs them in
// batches. It has no goroutine of its own: the first caller to find no batch
// running leads, runs one batch (its own request first) and hands the lead to the
// oldest request still waiting, so every caller returns as soon as its own batch has
// committed. The zero value is ready.
type groupCommit struct {
	mu      sync.Mutex
	queue   []*commitReq
	running bool // a caller is leading a batch
}

// commitReq is one use case waiting for its batch.
type commitReq struct {
	ctx      context.Context
	fn       func(Tx) error
	err      error
	panicked any       // what fn panicked with, to re-panic in its caller
	wake     chan bool // true: lead the next batch; false: done, err is set
}

// errPanicked stands in for a panic while the batch rolls the request back.
var errPanicked = errors.New("use case panicked")

// do runs fn in a transaction shared with other callers of do, when store can
// share one, and returns fn's own error (or the commit's). A panic in fn reaches its
// caller only, after its work has been rolled back.
func (g *groupCommit) do(ctx context.Context, store Store, fn func(Tx) error) error {
	gs, ok := store.(GroupStore)
	if !ok {
		return store.Atomic(ctx, fn)
	}
	r := &commitReq{ctx: ctx, fn: fn, wake: make(chan bool, 1)}
	g.mu.Lock()
	g.queue = append(g.queue, r)
	lead := !g.running
	g.running = true
	g.mu.Unlock()
	if !lead {
		lead = <-r.wake
	}
	if lead {
		g.lead(gs)
	}
	if r.panicked != nil {
		panic(r.panicked)
	}
	return r.err
}

// lead runs one batch from the front of the queue, answers its requests, and hands
// the lead on. The leader's own request is at the front: it was the oldest waiting.
func (g *groupCommit) lead(gs GroupStore) {
	g.mu.Lock()
	n := min(len(g.queue), maxGroup)
	batch := make([]*commitReq, n)
	copy(batch, g.queue)
	g.queue = g.queue[n:]
	g.mu.Unlock()

	fns := make([]func(Tx) error, n)
	for i, r := range batch {
		fns[i] = r.guarded()
	}
	// Whatever happens to the batch, its callers are answered and the lead is
	// handed on: a panic in the store must not leave every later stance waiting.
	defer g.handOn(batch)
	for _, r := range batch {
		r.err = errBatchFailed // until the store says otherwise
	}
	// The transaction serves every caller in it: one caller giving up must not
	// roll the others back. Each request's own context is checked before it runs.
	errs := gs.AtomicEach(context.Background(), fns)
	for i, r := range batch {
		if r.panicked == nil {
			r.err = errs[i]
		}
	}
}

// errBatchFailed is the answer of a request whose batch never finished.
var errBatchFailed = errors.New("the shared transaction failed")

// handOn gives the lead to the oldest request still waiting, or ends the running,
// and answers the batch's requests but the leader's own (the first).
func (g *groupCommit) handOn(batch []*commitReq) {
	g.mu.Lock()
	if len(g.queue) > 0 {
		g.queue[0].wake <- true
	} else {
		g.running = false
		g.queue = nil // let the old backing array go
	}
	g.mu.Unlock()
	for _, r := range batch[1:] {
		r.wake <- false
	}
}

// guarded is r's fn as the batch runs it: not at all once its caller has given up,
// and with a panic caught so that it rolls back only r's savepoint.
func (r *commitReq) guarded() func(Tx) error {
	return func(tx Tx) (err error) {
		if err := r.ctx.Err(); err != nil {
			return err
		}
		defer func() {
			if p := recover(); p != nil {
				r.panicked, err = p, errPanicked
			}
		}()
		return r.fn(tx)
	}
}

// atomicGrouped is atomic for use cases that many people run at once (a stance): its
// checks and its state are read inside the transaction, but in a transaction shared
// with other such use cases, in a savepoint of its own. Such a use case may not depend
// on the actor's roles, and gets none: a stance is checked against the poll's stored
// electorate, whatever roles its taker holds, so reading them would only slow down a
// batch that runs its use cases one after another.
func (s *Service) atomicGrouped(ctx context.Context, actor Actor, fn func(c *change) error) error {
	a := Actor{UserID: actor.UserID}
	return s.group.do(ctx, s.Store, func(tx Tx) error {
		return fn(&change{tx: tx, actor: a, at: s.now()})
	})
}
