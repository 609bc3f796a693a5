package storage

import (
	"slices"
	"strings"
	"time"

	"github.com/os2kitos/tovholder/workflow"
)

// stanceCache keeps, for the life of one write transaction, the stances of the polls
// it has read, as the database has them in that transaction. The transaction is the
// only writer while it runs and SetStance is the only writer of stances, so a burst of
// clicks sharing a transaction (AtomicEach) reads a poll's stances once, not once a
// click: SetStance writes through, and a rolled-back savepoint empties the cache.
type stanceCache map[int64][]cachedStance

// cachedStance is a stance with the text of its first_at, by which stances are ordered.
type cachedStance struct {
	workflow.Stance
	firstAt string // "" for NULL, which SQLite sorts first
}

// stances returns a copy of poll pollID's cached stances, if any.
func (c stanceCache) stances(pollID int64) ([]workflow.Stance, bool) {
	cs, ok := c[pollID]
	if !ok || len(cs) == 0 {
		return nil, ok
	}
	out := make([]workflow.Stance, len(cs))
	for i, s := range cs {
		out[i] = s.Stance
	}
	return out, true
}

// set applies SetStance's upsert to a cached poll: a changed stance keeps its place
// (first_at stays), a new one goes where ORDER BY first_at, user_id puts it.
func (c stanceCache) set(s workflow.Stance) {
	cs, ok := c[s.PollID]
	if !ok {
		return
	}
	s.At = storedTime(s.At)
	for i := range cs {
		if cs[i].UserID == s.UserID {
			cs[i].Position, cs[i].Reason, cs[i].At = s.Position, s.Reason, s.At
			return
		}
	}
	n := cachedStance{Stance: s}
	if v, ok := timeArg(s.At).(string); ok {
		n.firstAt = v
	}
	i, _ := slices.BinarySearchFunc(cs, n, func(a, b cachedStance) int {
		if c := strings.Compare(a.firstAt, b.firstAt); c != 0 {
			return c
		}
		return strings.Compare(a.UserID, b.UserID)
	})
	c[s.PollID] = slices.Insert(cs, i, n)
}

// storedTime is t as it reads back from the database: UTC, to the microsecond.
func storedTime(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	r, err := time.Parse(timeLayout, t.UTC().Format(timeLayout))
	if err != nil {
		return t
	}
	return r
}
