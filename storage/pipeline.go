package storage

import (
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/os2kitos/tovholder/workflow"
)

// AddEstimate appends a revision of a wish's price estimate, ignoring e.ID.
func (t *tx) AddEstimate(e workflow.Estimate) (int64, error) {
	res, err := t.exec(`INSERT INTO estimates (wish_id, amount_ore, hours_tenths, note, by_user, at) VALUES (?, ?, ?, ?, ?, ?)`,
		e.WishID, int64(e.Amount), int64(e.Hours), e.Note, e.By, timeArg(e.At))
	if err != nil {
		return 0, fmt.Errorf("add estimate to wish %d: %w", e.WishID, err)
	}
	return res.LastInsertId()
}

// Estimates returns the estimates of a wish, oldest revision first.
func (t *tx) Estimates(wishID int64) ([]workflow.Estimate, error) {
	rows, err := t.tx.QueryContext(t.ctx, `SELECT id, wish_id, amount_ore, hours_tenths, note, by_user, at
		FROM estimates WHERE wish_id = ? ORDER BY id`, wishID)
	if err != nil {
		return nil, fmt.Errorf("load estimates of wish %d: %w", wishID, err)
	}
	defer rows.Close()
	var out []workflow.Estimate
	for rows.Next() {
		e, err := scanEstimate(rows)
		if err != nil {
			return nil, fmt.Errorf("load estimates of wish %d: %w", wishID, err)
		}
		out = append(out, e)
	}
	return out, wrapf(rows.Err(), "load estimates of wish %d", wishID)
}

// scanEstimate scans the columns id, wish_id, amount_ore, hours_tenths, note, by_user, at.
func scanEstimate(s scanner) (workflow.Estimate, error) {
	var e workflow.Estimate
	err := s.Scan(&e.ID, &e.WishID, &e.Amount, &e.Hours, &e.Note, &e.By, timeCol{&e.At})
	return e, err
}

const initiativeColumns = `id, title, recommendation, state, recommended_by, recommended_at, financing,
	financing_name, decision_note, decided_by, decided_at, decided_amount_ore, decided_hours_tenths, decided_estimate`

func scanInitiative(s scanner) (workflow.Initiative, error) {
	var in workflow.Initiative
	err := s.Scan(&in.ID, &in.Title, &in.Recommendation, &in.State, &in.RecommendedBy, timeCol{&in.RecommendedAt},
		&in.Financing, &in.FinancingName, &in.DecisionNote, &in.DecidedBy, timeCol{&in.DecidedAt},
		&in.DecidedAmount, &in.DecidedHours, &in.DecidedEstimate)
	return in, err
}

// CreateInitiative stores in and links its wishes in their order, ignoring in.ID.
func (t *tx) CreateInitiative(in workflow.Initiative) (int64, error) {
	res, err := t.exec(`INSERT INTO initiatives (title, recommendation, state, recommended_by, recommended_at,
		financing, financing_name, decision_note, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		in.Title, in.Recommendation, string(in.State), in.RecommendedBy, timeArg(in.RecommendedAt),
		in.Financing, in.FinancingName, in.DecisionNote, in.DecidedBy, timeArg(in.DecidedAt))
	if err != nil {
		return 0, fmt.Errorf("create initiative: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	for i, w := range in.WishIDs {
		if _, err := t.exec("INSERT INTO initiative_wishes (initiative_id, wish_id, position) VALUES (?, ?, ?)", id, w, i); err != nil {
			return 0, fmt.Errorf("link wish %d to initiative %d: %w", w, id, err)
		}
	}
	return id, nil
}

// Initiative returns initiative id with its wishes; ErrNotFound when there is none.
func (t *tx) Initiative(id int64) (workflow.Initiative, error) {
	in, err := scanInitiative(t.queryRow("SELECT "+initiativeColumns+" FROM initiatives WHERE id = ?", id))
	if err != nil {
		return in, wrapf(mapErr(err), "load initiative %d", id)
	}
	in.WishIDs, err = t.initiativeWishes(id)
	return in, err
}

func (t *tx) initiativeWishes(id int64) ([]int64, error) {
	rows, err := t.tx.QueryContext(t.ctx, "SELECT wish_id FROM initiative_wishes WHERE initiative_id = ? ORDER BY position", id)
	if err != nil {
		return nil, fmt.Errorf("load wishes of initiative %d: %w", id, err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var w int64
		if err := rows.Scan(&w); err != nil {
			return nil, fmt.Errorf("load wishes of initiative %d: %w", id, err)
		}
		ids = append(ids, w)
	}
	return ids, wrapf(rows.Err(), "load wishes of initiative %d", id)
}

// UpdateInitiative saves the state and the decision of in; ErrNotFound when there is
// no initiative in.ID.
func (t *tx) UpdateInitiative(in workflow.Initiative) error {
	err := t.mustChange(`UPDATE initiatives SET state = ?, financing = ?, financing_name = ?, decision_note = ?,
		decided_by = ?, decided_at = ?, decided_amount_ore = ?, decided_hours_tenths = ?, decided_estimate = ?
		WHERE id = ?`, string(in.State), in.Financing, in.FinancingName, in.DecisionNote, in.DecidedBy,
		timeArg(in.DecidedAt), int64(in.DecidedAmount), int64(in.DecidedHours), in.DecidedEstimate, in.ID)
	return wrapf(err, "update initiative %d", in.ID)
}

// RemoveInitiativeWish takes wishID out of initiative id; ErrNotFound when it was not
// in it. The positions of the others keep their order.
func (t *tx) RemoveInitiativeWish(id, wishID int64) error {
	err := t.mustChange("DELETE FROM initiative_wishes WHERE initiative_id = ? AND wish_id = ?", id, wishID)
	return wrapf(err, "remove wish %d from initiative %d", wishID, id)
}

// InitiativeOfWish returns the latest initiative wishID was part of; ErrNotFound when
// there is none.
func (t *tx) InitiativeOfWish(wishID int64) (workflow.Initiative, error) {
	var id int64
	err := t.queryRow("SELECT max(initiative_id) FROM initiative_wishes WHERE wish_id = ?", wishID).Scan(idCol{&id})
	if err != nil {
		return workflow.Initiative{}, wrapf(err, "find initiative of wish %d", wishID)
	}
	if id == 0 {
		return workflow.Initiative{}, fmt.Errorf("find initiative of wish %d: %w", wishID, workflow.ErrNotFound)
	}
	return t.Initiative(id)
}

// Initiatives returns the initiatives in state s, oldest first, with their wishes.
func (t *tx) Initiatives(s workflow.InitiativeState) ([]workflow.Initiative, error) {
	rows, err := t.tx.QueryContext(t.ctx, "SELECT "+initiativeColumns+" FROM initiatives WHERE state = ? ORDER BY id", string(s))
	if err != nil {
		return nil, fmt.Errorf("list initiatives: %w", err)
	}
	var out []workflow.Initiative
	for rows.Next() {
		in, err := scanInitiative(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("list initiatives: %w", err)
		}
		out = append(out, in)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list initiatives: %w", err)
	}
	// The wishes are read after the rows are closed (one transaction, one
	// connection), in one query for all of them, not one per initiative.
	rows, err = t.tx.QueryContext(t.ctx, `SELECT iw.initiative_id, iw.wish_id FROM initiative_wishes iw
		JOIN initiatives i ON i.id = iw.initiative_id WHERE i.state = ? ORDER BY iw.initiative_id, iw.position`, string(s))
	if err != nil {
		return nil, fmt.Errorf("list wishes of initiatives: %w", err)
	}
	defer rows.Close()
	at := make(map[int64]int, len(out))
	for i, in := range out {
		at[in.ID] = i
	}
	for rows.Next() {
		var ini, w int64
		if err := rows.Scan(&ini, &w); err != nil {
			return nil, fmt.Errorf("list wishes of initiatives: %w", err)
		}
		if i, ok := at[ini]; ok {
			out[i].WishIDs = append(out[i].WishIDs, w)
		}
	}
	return out, wrapf(rows.Err(), "list wishes of initiatives")
}

// FinancingForms returns the configured forms of financing, in the order added.
func (t *tx) FinancingForms() ([]workflow.FinancingForm, error) {
	rows, err := t.tx.QueryContext(t.ctx, "SELECT key, name FROM financing_forms ORDER BY position, key")
	if err != nil {
		return nil, fmt.Errorf("load forms of financing: %w", err)
	}
	defer rows.Close()
	var out []workflow.FinancingForm
	for rows.Next() {
		var f workflow.FinancingForm
		if err := rows.Scan(&f.Key, &f.Name); err != nil {
			return nil, fmt.Errorf("load forms of financing: %w", err)
		}
		out = append(out, f)
	}
	return out, wrapf(rows.Err(), "load forms of financing")
}

// AddFinancingForm adds f after the others; ErrExists when its key is taken.
func (t *tx) AddFinancingForm(f workflow.FinancingForm) error {
	_, err := t.exec(`INSERT INTO financing_forms (key, name, position)
		VALUES (?, ?, (SELECT coalesce(max(position), 0) + 1 FROM financing_forms))`, f.Key, f.Name)
	return wrapf(err, "add financing %s", f.Key)
}

// RemoveFinancingForm removes the form with key; false when there was none.
func (t *tx) RemoveFinancingForm(key string) (bool, error) {
	ok, err := t.changed("DELETE FROM financing_forms WHERE key = ?", key)
	return ok, wrapf(err, "remove financing %s", key)
}

// CreateCycle stores c; ErrExists when the name is taken.
func (t *tx) CreateCycle(c workflow.Cycle) error {
	_, err := t.exec(`INSERT INTO cycles (name, expected, created_by, created_at, delivered_at) VALUES (?, ?, ?, ?, ?)`,
		c.Name, c.Expected.Format(time.DateOnly), c.CreatedBy, timeArg(c.CreatedAt), timeArg(c.DeliveredAt))
	return wrapf(err, "create cycle %s", c.Name)
}

const cycleColumns = "name, expected, created_by, created_at, delivered_at"

// dateCol scans a YYYY-MM-DD column as midnight UTC.
type dateCol struct{ t *time.Time }

func (c dateCol) Scan(v any) error {
	var s sql.NullString
	if err := s.Scan(v); err != nil {
		return err
	}
	t, err := time.Parse(time.DateOnly, s.String)
	*c.t = t
	return err
}

func scanCycle(s scanner) (workflow.Cycle, error) {
	var c workflow.Cycle
	err := s.Scan(&c.Name, dateCol{&c.Expected}, &c.CreatedBy, timeCol{&c.CreatedAt}, timeCol{&c.DeliveredAt})
	return c, err
}

// Cycle returns the cycle named name; ErrNotFound when there is none.
func (t *tx) Cycle(name string) (workflow.Cycle, error) {
	c, err := scanCycle(t.queryRow("SELECT "+cycleColumns+" FROM cycles WHERE name = ?", name))
	return c, wrapf(mapErr(err), "load cycle %s", name)
}

// UpdateCycle saves when c was delivered; ErrNotFound when there is no such cycle.
func (t *tx) UpdateCycle(c workflow.Cycle) error {
	err := t.mustChange("UPDATE cycles SET delivered_at = ? WHERE name = ?", timeArg(c.DeliveredAt), c.Name)
	return wrapf(err, "update cycle %s", c.Name)
}

// Cycles returns every cycle, by expected date and name.
func (t *tx) Cycles() ([]workflow.Cycle, error) {
	rows, err := t.tx.QueryContext(t.ctx, "SELECT "+cycleColumns+" FROM cycles ORDER BY expected, name")
	if err != nil {
		return nil, fmt.Errorf("list cycles: %w", err)
	}
	defer rows.Close()
	var out []workflow.Cycle
	for rows.Next() {
		c, err := scanCycle(rows)
		if err != nil {
			return nil, fmt.Errorf("list cycles: %w", err)
		}
		out = append(out, c)
	}
	return out, wrapf(rows.Err(), "list cycles")
}

// WishesInCycle returns the wishes planned or delivered in cycle name, by number.
func (t *tx) WishesInCycle(name string) ([]workflow.Wish, error) {
	states := []any{name, string(workflow.StatePlanned), string(workflow.StateDelivered)}
	rows, err := t.tx.QueryContext(t.ctx, "SELECT "+wishColumns+" FROM wishes WHERE cycle = ? AND state IN ("+
		strings.TrimSuffix(strings.Repeat("?, ", len(states)-1), ", ")+") ORDER BY id", states...)
	if err != nil {
		return nil, fmt.Errorf("wishes of cycle %s: %w", name, err)
	}
	defer rows.Close()
	var ws []workflow.Wish
	for rows.Next() {
		w, err := scanWish(rows)
		if err != nil {
			return nil, fmt.Errorf("wishes of cycle %s: %w", name, err)
		}
		ws = append(ws, w)
	}
	return ws, wrapf(rows.Err(), "wishes of cycle %s", name)
}
