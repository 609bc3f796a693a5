package storage

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/os2kitos/tovholder/workflow"
)

const consultColumns = `id, question, background, link, wish_id, state, deadline, started_by, started_at,
	closed_by, closed_at, decision, decided_by, decided_at`

func scanConsultation(s scanner) (workflow.Consultation, error) {
	var c workflow.Consultation
	err := s.Scan(&c.ID, &c.Question, &c.Background, &c.Link, idCol{&c.WishID}, &c.State, timeCol{&c.Deadline},
		&c.StartedBy, timeCol{&c.StartedAt}, &c.ClosedBy, timeCol{&c.ClosedAt}, &c.Decision, &c.DecidedBy, timeCol{&c.DecidedAt})
	return c, err
}

// CreateConsultation stores c and the groups asked, in their order, ignoring c.ID.
func (t *tx) CreateConsultation(c workflow.Consultation) (int64, error) {
	res, err := t.exec(`INSERT INTO consultations (question, background, link, wish_id, state, deadline,
		started_by, started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, c.Question, c.Background, c.Link, idArg(c.WishID),
		string(c.State), timeArg(c.Deadline), c.StartedBy, timeArg(c.StartedAt))
	if err != nil {
		return 0, fmt.Errorf("create consultation: %w", mapErr(err))
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	for i, g := range c.Groups {
		if _, err := t.exec("INSERT INTO consultation_groups (consultation_id, group_key, position) VALUES (?, ?, ?)", id, g, i); err != nil {
			return 0, fmt.Errorf("ask group %s in consultation %d: %w", g, id, err)
		}
	}
	return id, nil
}

// Consultation returns consultation id with its groups; ErrNotFound when there is none.
func (t *tx) Consultation(id int64) (workflow.Consultation, error) {
	c, err := scanConsultation(t.queryRow("SELECT "+consultColumns+" FROM consultations WHERE id = ?", id))
	if err != nil {
		return c, wrapf(mapErr(err), "load consultation %d", id)
	}
	c.Groups, err = t.strings("SELECT group_key FROM consultation_groups WHERE consultation_id = ? ORDER BY position", id)
	return c, wrapf(err, "load groups of consultation %d", id)
}

// UpdateConsultation saves the state, closing and decision of c; ErrNotFound when
// there is no consultation c.ID.
func (t *tx) UpdateConsultation(c workflow.Consultation) error {
	err := t.mustChange(`UPDATE consultations SET state = ?, closed_by = ?, closed_at = ?, decision = ?,
		decided_by = ?, decided_at = ? WHERE id = ?`, string(c.State), c.ClosedBy, timeArg(c.ClosedAt),
		c.Decision, c.DecidedBy, timeArg(c.DecidedAt), c.ID)
	return wrapf(err, "update consultation %d", c.ID)
}

// Consultations returns the consultations, newest first; openOnly keeps the open ones.
func (t *tx) Consultations(openOnly bool) ([]workflow.Consultation, error) {
	q := "SELECT id FROM consultations"
	if openOnly {
		q += " WHERE state = 'open'"
	}
	ids, err := t.ids(q + " ORDER BY id DESC")
	if err != nil {
		return nil, fmt.Errorf("list consultations: %w", err)
	}
	out := make([]workflow.Consultation, len(ids))
	for i, id := range ids {
		if out[i], err = t.Consultation(id); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// SetConsultAnswer inserts or replaces a person's answer, keeping when it was first given.
func (t *tx) SetConsultAnswer(a workflow.ConsultAnswer) error {
	_, err := t.exec(`INSERT INTO consultation_answers (consultation_id, user_id, answer, reason, first_at, at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (consultation_id, user_id)
		DO UPDATE SET answer = excluded.answer, reason = excluded.reason, at = excluded.at`,
		a.ConsultationID, a.UserID, string(a.Answer), a.Reason, timeArg(a.At), timeArg(a.At))
	return wrapf(mapErr(err), "answer consultation %d", a.ConsultationID)
}

// ConsultAnswers returns a consultation's answers in the order they were first given.
func (t *tx) ConsultAnswers(id int64) ([]workflow.ConsultAnswer, error) {
	rows, err := t.tx.QueryContext(t.ctx, `SELECT consultation_id, user_id, answer, reason, at
		FROM consultation_answers WHERE consultation_id = ? ORDER BY first_at, rowid`, id)
	if err != nil {
		return nil, fmt.Errorf("load answers of consultation %d: %w", id, err)
	}
	defer rows.Close()
	var out []workflow.ConsultAnswer
	for rows.Next() {
		var a workflow.ConsultAnswer
		if err := rows.Scan(&a.ConsultationID, &a.UserID, &a.Answer, &a.Reason, timeCol{&a.At}); err != nil {
			return nil, fmt.Errorf("load answers of consultation %d: %w", id, err)
		}
		out = append(out, a)
	}
	return out, wrapf(rows.Err(), "load answers of consultation %d", id)
}

// Municipalities returns the name of the municipality or other organisation each of
// users chose (/wish municipality), as the configured list names it; those who chose
// none are left out. The users come as one JSON array, so that a consultation with
// many answers is one query of one parameter.
func (t *tx) Municipalities(users []string) (map[string]string, error) {
	out := map[string]string{}
	if len(users) == 0 {
		return out, nil
	}
	ids, err := json.Marshal(users)
	if err != nil {
		return nil, err
	}
	rows, err := t.tx.QueryContext(t.ctx, `SELECT user_id, org_key FROM user_organisations
		WHERE user_id IN (SELECT value FROM json_each(?))`, string(ids))
	if err != nil {
		return nil, wrapf(err, "load municipalities")
	}
	defer rows.Close()
	keys := map[string]string{}
	for rows.Next() {
		var user, key string
		if err := rows.Scan(&user, &key); err != nil {
			return nil, wrapf(err, "load municipalities")
		}
		keys[user] = key
	}
	if err := rows.Err(); err != nil {
		return nil, wrapf(err, "load municipalities")
	}
	rows.Close() // before the next query on this transaction's connection
	list, err := t.Organisations()
	if err != nil {
		return nil, err
	}
	for user, key := range keys {
		out[user] = workflow.OrganisationOf(list, key).Name
	}
	return out, nil
}

const proposalColumns = `id, title, text, kind, amount_ore, links, internal, state, proposed_by, proposed_at,
	decision_note, decided_by, decided_at`

func scanProposal(s scanner) (workflow.SteeringProposal, error) {
	var p workflow.SteeringProposal
	var links string
	err := s.Scan(&p.ID, &p.Title, &p.Text, &p.Kind, &p.Amount, &links, &p.Internal, &p.State, &p.ProposedBy,
		timeCol{&p.ProposedAt}, &p.DecisionNote, &p.DecidedBy, timeCol{&p.DecidedAt})
	if links != "" {
		p.Links = strings.Split(links, "\n")
	}
	return p, err
}

// CreateSteeringProposal stores p, ignoring p.ID. Links hold no newline (workflow
// checks them), so they are kept one per line.
func (t *tx) CreateSteeringProposal(p workflow.SteeringProposal) (int64, error) {
	res, err := t.exec(`INSERT INTO steering_proposals (title, text, kind, amount_ore, links, internal, state,
		proposed_by, proposed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, p.Title, p.Text, string(p.Kind),
		int64(p.Amount), strings.Join(p.Links, "\n"), p.Internal, string(p.State), p.ProposedBy, timeArg(p.ProposedAt))
	if err != nil {
		return 0, fmt.Errorf("create steering proposal: %w", mapErr(err))
	}
	return res.LastInsertId()
}

// SteeringProposal returns proposal id; ErrNotFound when there is none.
func (t *tx) SteeringProposal(id int64) (workflow.SteeringProposal, error) {
	p, err := scanProposal(t.queryRow("SELECT "+proposalColumns+" FROM steering_proposals WHERE id = ?", id))
	return p, wrapf(mapErr(err), "load steering proposal %d", id)
}

// UpdateSteeringProposal saves the state and decision of p; ErrNotFound when there is
// no proposal p.ID.
func (t *tx) UpdateSteeringProposal(p workflow.SteeringProposal) error {
	err := t.mustChange(`UPDATE steering_proposals SET state = ?, decision_note = ?, decided_by = ?, decided_at = ?
		WHERE id = ?`, string(p.State), p.DecisionNote, p.DecidedBy, timeArg(p.DecidedAt), p.ID)
	return wrapf(err, "update steering proposal %d", p.ID)
}

// SteeringProposals returns the proposals, newest first; pendingOnly keeps those
// awaiting a decision.
func (t *tx) SteeringProposals(pendingOnly bool) ([]workflow.SteeringProposal, error) {
	q := "SELECT " + proposalColumns + " FROM steering_proposals"
	if pendingOnly {
		q += " WHERE state = 'pending'"
	}
	rows, err := t.tx.QueryContext(t.ctx, q+" ORDER BY id DESC")
	if err != nil {
		return nil, fmt.Errorf("list steering proposals: %w", err)
	}
	defer rows.Close()
	var out []workflow.SteeringProposal
	for rows.Next() {
		p, err := scanProposal(rows)
		if err != nil {
			return nil, fmt.Errorf("list steering proposals: %w", err)
		}
		out = append(out, p)
	}
	return out, wrapf(rows.Err(), "list steering proposals")
}

// ids runs a query of one integer column.
func (t *tx) ids(query string, args ...any) ([]int64, error) {
	rows, err := t.tx.QueryContext(t.ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var n int64
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}
