package storage

import (
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/os2kitos/tovholder/workflow"
)

// stanceCache keeps, for the life of one write transaction, the stances of the polls
// it has read, as the database has them in that transaction. The transaction is the
// only writer while it runs and SetStance is the only writer of stances, so a burst of
// clicks sharing a transaction (AtomicEach) reads a poll's stances once, not once a
// click: SetStance writes through, and a rolled-back savepoint empties the cache.
type stanceCache map[int64]*pollStances

// pollStances is one poll's cached stances in their order, and beside each the text of
// its first_at, by which they are ordered ("" for NULL, which SQLite sorts first).
// Kept apart, the stances copy out in one copy: a click copies its poll's stances.
type pollStances struct {
	ss      []workflow.Stance
	firstAt []string
}

// stances returns a copy of poll pollID's cached stances, if any.
func (c stanceCache) stances(pollID int64) ([]workflow.Stance, bool) {
	ps, ok := c[pollID]
	if !ok || len(ps.ss) == 0 {
		return nil, ok
	}
	return slices.Clone(ps.ss), true
}

// set applies SetStance's upsert to a cached poll: a changed stance keeps its place
// (first_at stays), a new one goes where ORDER BY first_at, user_id puts it.
func (c stanceCache) set(s workflow.Stance) {
	ps, ok := c[s.PollID]
	if !ok {
		return
	}
	s.At = storedTime(s.At)
	for i := range ps.ss {
		if ps.ss[i].UserID == s.UserID {
			ps.ss[i].Position, ps.ss[i].Reason, ps.ss[i].At = s.Position, s.Reason, s.At
			return
		}
	}
	first, _ := timeArg(s.At).(string)
	i := sort.Search(len(ps.ss), func(i int) bool {
		if c := strings.Compare(ps.firstAt[i], first); c != 0 {
			return c > 0
		}
		return ps.ss[i].UserID > s.UserID
	})
	ps.ss = slices.Insert(ps.ss, i, s)
	ps.firstAt = slices.Insert(ps.firstAt, i, first)
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
