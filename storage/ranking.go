package storage

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/os2kitos/tovholder/workflow"
)

const rankingColumns = `id, group_key, dots, deadline, created_by, created_at, closed_at, closed_by, result, dropped, poll_id`

// CreateRanking stores r with its wishes and electorate and returns its id.
func (t *tx) CreateRanking(r workflow.Ranking) (int64, error) {
	res, err := t.exec(`INSERT INTO rankings (group_key, dots, deadline, created_by, created_at) VALUES (?, ?, ?, ?, ?)`,
		r.GroupKey, r.Dots, timeArg(r.Deadline), r.CreatedBy, timeArg(r.CreatedAt))
	if err != nil {
		return 0, wrapf(err, "create ranking")
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, fmt.Errorf("create ranking: %w", err)
	}
	for i, w := range r.WishIDs {
		if _, err := t.exec("INSERT INTO ranking_wishes (ranking_id, wish_id, position) VALUES (?, ?, ?)", id, w, i); err != nil {
			return 0, wrapf(err, "wishes of ranking %d", id)
		}
	}
	for i, u := range r.Electorate {
		if _, err := t.exec("INSERT INTO ranking_electorate (ranking_id, user_id, position) VALUES (?, ?, ?)", id, u, i); err != nil {
			return 0, wrapf(err, "electorate of ranking %d", id)
		}
	}
	return id, nil
}

func (t *tx) scanRanking(s scanner) (workflow.Ranking, error) {
	var r workflow.Ranking
	var result, dropped string
	if err := s.Scan(&r.ID, &r.GroupKey, &r.Dots, timeCol{&r.Deadline}, &r.CreatedBy, timeCol{&r.CreatedAt},
		timeCol{&r.ClosedAt}, &r.ClosedBy, &result, &dropped, idCol{&r.PollID}); err != nil {
		return r, mapErr(err)
	}
	r.Order, r.Dropped = splitIDs(result), splitIDs(dropped)
	return r, nil
}

func (t *tx) rankingParts(r *workflow.Ranking) error {
	ids, err := t.strings("SELECT wish_id FROM ranking_wishes WHERE ranking_id = ? ORDER BY position", r.ID)
	if err != nil {
		return wrapf(err, "wishes of ranking %d", r.ID)
	}
	r.WishIDs = splitIDs(strings.Join(ids, ","))
	r.Electorate, err = t.strings("SELECT user_id FROM ranking_electorate WHERE ranking_id = ? ORDER BY position", r.ID)
	return wrapf(err, "electorate of ranking %d", r.ID)
}

// Ranking returns ranking id; ErrNotFound when there is none.
func (t *tx) Ranking(id int64) (workflow.Ranking, error) {
	r, err := t.scanRanking(t.queryRow("SELECT "+rankingColumns+" FROM rankings WHERE id = ?", id))
	if err != nil {
		return r, wrapf(err, "load ranking %d", id)
	}
	return r, t.rankingParts(&r)
}

// RankingOfPoll returns the ranking whose adoption poll is pollID.
func (t *tx) RankingOfPoll(pollID int64) (workflow.Ranking, error) {
	r, err := t.scanRanking(t.queryRow("SELECT "+rankingColumns+" FROM rankings WHERE poll_id = ?", pollID))
	if err != nil {
		return r, wrapf(err, "load ranking of poll %d", pollID)
	}
	return r, t.rankingParts(&r)
}

// UpdateRanking saves the closing fields of r.
func (t *tx) UpdateRanking(r workflow.Ranking) error {
	return wrapf(t.mustChange(`UPDATE rankings SET closed_at = ?, closed_by = ?, result = ?, dropped = ?, poll_id = ?
		WHERE id = ?`, timeArg(r.ClosedAt), r.ClosedBy, joinIDs(r.Order), joinIDs(r.Dropped), idArg(r.PollID), r.ID),
		"save ranking %d", r.ID)
}

// OpenRankings returns the rankings that are still open, oldest first.
func (t *tx) OpenRankings() ([]workflow.Ranking, error) {
	rows, err := t.tx.QueryContext(t.ctx, "SELECT "+rankingColumns+" FROM rankings WHERE closed_at IS NULL ORDER BY id")
	if err != nil {
		return nil, wrapf(err, "open rankings")
	}
	var out []workflow.Ranking
	for rows.Next() {
		r, err := t.scanRanking(rows)
		if err != nil {
			rows.Close()
			return nil, wrapf(err, "open rankings")
		}
		out = append(out, r)
	}
	err = rows.Err()
	rows.Close()
	if err != nil {
		return nil, wrapf(err, "open rankings")
	}
	for i := range out {
		if err := t.rankingParts(&out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// SetDots replaces user's allocation in ranking id.
func (t *tx) SetDots(id int64, user string, dots map[int64]int, at time.Time) error {
	if _, err := t.exec("DELETE FROM ranking_dots WHERE ranking_id = ? AND user_id = ?", id, user); err != nil {
		return wrapf(err, "clear dots in ranking %d", id)
	}
	for w, n := range dots {
		if _, err := t.exec("INSERT INTO ranking_dots (ranking_id, user_id, wish_id, dots, at) VALUES (?, ?, ?, ?, ?)",
			id, user, w, n, timeArg(at)); err != nil {
			return wrapf(err, "dots in ranking %d", id)
		}
	}
	return nil
}

// Dots returns every allocation of ranking id, by user.
func (t *tx) Dots(id int64) (map[string]map[int64]int, error) {
	rows, err := t.tx.QueryContext(t.ctx, "SELECT user_id, wish_id, dots FROM ranking_dots WHERE ranking_id = ?", id)
	if err != nil {
		return nil, wrapf(err, "dots of ranking %d", id)
	}
	defer rows.Close()
	out := map[string]map[int64]int{}
	for rows.Next() {
		var u string
		var w int64
		var n int
		if err := rows.Scan(&u, &w, &n); err != nil {
			return nil, fmt.Errorf("dots of ranking %d: %w", id, err)
		}
		if out[u] == nil {
			out[u] = map[int64]int{}
		}
		out[u][w] = n
	}
	return out, wrapf(rows.Err(), "dots of ranking %d", id)
}

// SetRanks replaces the ranks of group key with order, from ranking id.
func (t *tx) SetRanks(key string, order []int64, rankingID int64, at time.Time) error {
	if _, err := t.exec("DELETE FROM wish_ranks WHERE group_key = ?", key); err != nil {
		return wrapf(err, "clear ranks of %s", key)
	}
	for i, w := range order {
		if _, err := t.exec(`INSERT INTO wish_ranks (wish_id, group_key, rank, ranking_id, at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (wish_id) DO UPDATE SET group_key = excluded.group_key, rank = excluded.rank,
			ranking_id = excluded.ranking_id, at = excluded.at`, w, key, i+1, rankingID, timeArg(at)); err != nil {
			return wrapf(err, "rank wish %d", w)
		}
	}
	return nil
}

// ranks reads the ranks of group key's wishes (Ranks, readmemo.go).
func (t *tx) ranks(key string) (map[int64]int, error) {
	rows, err := t.tx.QueryContext(t.ctx, "SELECT wish_id, rank FROM wish_ranks WHERE group_key = ?", key)
	if err != nil {
		return nil, wrapf(err, "ranks of %s", key)
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var w int64
		var r int
		if err := rows.Scan(&w, &r); err != nil {
			return nil, fmt.Errorf("ranks of %s: %w", key, err)
		}
		out[w] = r
	}
	return out, wrapf(rows.Err(), "ranks of %s", key)
}

func joinIDs(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(s, ",")
}

func splitIDs(s string) []int64 {
	var out []int64
	for _, f := range strings.Split(s, ",") {
		if n, err := strconv.ParseInt(f, 10, 64); err == nil {
			out = append(out, n)
		}
	}
	return out
}
