package storage

import (
	"fmt"
	"maps"
	"slices"
	"sync"

	"github.com/os2kitos/tovholder/workflow"
)

// readMemo keeps, for one read transaction, what a ranked backlog asks again for each
// of its wishes: the organisations, each submitter's organisation, each group's ranks
// and, once the transaction has asked for the supporters of supportersInBulk wishes,
// every wish's supporters, read in one query. A read transaction sees one moment, so
// what it has read stays true until it ends; a write transaction has no memo (nil),
// since it changes what it reads. The lock is for a Snapshot read from several
// goroutines at once.
type readMemo struct {
	mu       sync.Mutex
	orgs     []workflow.Organisation
	orgsRead bool
	userOrgs map[string]string
	ranks    map[string]map[int64]int
	asked    int                            // wishes whose supporters were asked for one by one
	support  map[int64][]workflow.Supporter // every wish's, once read in bulk; nil before
}

// supportersInBulk is how many wishes' supporters a read transaction asks for, one by
// one, before it reads every wish's at once: a card asks for one, a backlog for hundreds.
const supportersInBulk = 16

// Organisations returns the configured organisations in the order added; nil when
// the list was never configured.
func (t *tx) Organisations() ([]workflow.Organisation, error) {
	m := t.memo
	if m == nil {
		return t.organisations()
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.orgsRead {
		os, err := t.organisations()
		if err != nil {
			return nil, err
		}
		m.orgs, m.orgsRead = os, true
	}
	return slices.Clone(m.orgs), nil
}

// UserOrganisation returns the key of user's organisation, "" when none is chosen.
func (t *tx) UserOrganisation(user string) (string, error) {
	m := t.memo
	if m == nil {
		return t.userOrganisation(user)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if key, ok := m.userOrgs[user]; ok {
		return key, nil
	}
	key, err := t.userOrganisation(user)
	if err != nil {
		return "", err
	}
	if m.userOrgs == nil {
		m.userOrgs = map[string]string{}
	}
	m.userOrgs[user] = key
	return key, nil
}

// Ranks returns the ranks of group key's wishes, by wish.
func (t *tx) Ranks(key string) (map[int64]int, error) {
	m := t.memo
	if m == nil {
		return t.ranks(key)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if r, ok := m.ranks[key]; ok {
		return maps.Clone(r), nil
	}
	r, err := t.ranks(key)
	if err != nil {
		return nil, err
	}
	if m.ranks == nil {
		m.ranks = map[string]map[int64]int{}
	}
	m.ranks[key] = r
	return maps.Clone(r), nil
}

// Supporters returns the people supporting wish id with their organisations, in the
// order they gave their support.
func (t *tx) Supporters(id int64) ([]workflow.Supporter, error) {
	m := t.memo
	if m == nil {
		return t.supporters(id)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.support == nil && m.asked >= supportersInBulk {
		all, err := t.allSupporters()
		if err != nil {
			return nil, err
		}
		m.support = all
	}
	if m.support != nil {
		return slices.Clone(m.support[id]), nil
	}
	m.asked++
	return t.supporters(id)
}

// allSupporters reads every wish's supporters, each wish's in the order supporters does.
func (t *tx) allSupporters() (map[int64][]workflow.Supporter, error) {
	rows, err := t.tx.QueryContext(t.ctx, `SELECT s.wish_id, s.user_id, COALESCE(o.org_key, '') FROM supports s
		LEFT JOIN user_organisations o ON o.user_id = s.user_id ORDER BY s.wish_id, s.at, s.rowid`)
	if err != nil {
		return nil, wrapf(err, "supporters of every wish")
	}
	defer rows.Close()
	out := map[int64][]workflow.Supporter{}
	for rows.Next() {
		var id int64
		var s workflow.Supporter
		if err := rows.Scan(&id, &s.UserID, &s.Org); err != nil {
			return nil, fmt.Errorf("supporters of every wish: %w", err)
		}
		out[id] = append(out[id], s)
	}
	return out, wrapf(rows.Err(), "supporters of every wish")
}
