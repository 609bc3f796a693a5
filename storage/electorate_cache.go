package storage

import (
	"slices"
	"sync"
)

// maxCachedElectorates bounds the cache; open polls are few, and a full cache simply
// starts again.
const maxCachedElectorates = 256

// electorates caches polls' electorates. An electorate is written once, with its poll,
// and never changed (UpdatePoll leaves it alone; polls are never deleted), so a
// committed one can be kept: a click on a poll of 200 members then reads one row of
// the poll, not 200 of its electorate. Only committed electorates go in: those read
// by a read transaction, and those a write transaction read once it has committed,
// so that a poll rolled back (whose id SQLite may give again) is never remembered.
type electorates struct {
	mu sync.Mutex
	m  map[int64][]string
}

func (c *electorates) get(pollID int64) ([]string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	users, ok := c.m[pollID]
	return slices.Clone(users), ok
}

func (c *electorates) put(pollID int64, users []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= maxCachedElectorates {
		c.m = make(map[int64][]string)
	}
	c.m[pollID] = slices.Clone(users)
}

// cachedElectorate is an electorate a write transaction read, kept until it commits.
type cachedElectorate struct {
	pollID int64
	users  []string
}
