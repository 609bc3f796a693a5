package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/os2kitos/tovholder/workflow"
)

// csvAliases maps the column names an import reads to the fields: the export's own
// names and those of a hand-written sheet.
var csvAliases = map[string]string{
	"wish": "number", "number": "number", "nummer": "number", "id": "id",
	"title": "title", "purpose": "purpose", "value": "value", "business_value": "value",
	"description": "description", "group": "group", "requested_group": "requested_group",
	"state": "state", "size": "size", "priority": "priority", "cycle": "cycle",
	"updated_at": "updated_at", "submitter": "submitted_by", "submitted_by": "submitted_by", "created_at": "submitted_at", "submitted_at": "submitted_at",
	"spec_link": "spec_link", "spec_summary": "spec_summary", "duplicate_of": "duplicate_of",
	"latest_estimate_dkk": "estimate_dkk", "estimate_dkk": "estimate_dkk", "amount_dkk": "estimate_dkk",
	"latest_estimate_hours": "estimate_hours", "estimate_hours": "estimate_hours",
	"event_at": "event_at", "event_actor": "event_actor", "event_kind": "event_kind", "event_from": "event_from",
	"event_to": "event_to", "event_note": "event_note", "event_data": "event_data",
	"event_private_note": "event_private_note",
	// Derived by Tovholder, read back as nothing: support is people's and a rank is a
	// group's decision, neither is a file's to set.
	"support_people": "derived", "support_municipalities": "derived", "group_rank": "derived",
	"followers": "followers", "revision": "revision", "question": "question",
	"latest_estimate_by": "estimate_by", "estimate_by": "estimate_by",
	"latest_estimate_at": "estimate_at", "estimate_at": "estimate_at",
	"latest_estimate_note": "estimate_note", "estimate_note": "estimate_note",
	"initiative": "initiative", "initiative_title": "initiative_title", "initiative_state": "initiative_state",
	"initiative_recommendation": "initiative_recommendation", "initiative_recommended_by": "initiative_recommended_by",
	"initiative_recommended_at": "initiative_recommended_at", "initiative_financing": "initiative_financing",
	"initiative_financing_name": "initiative_financing_name", "initiative_decision_note": "initiative_decision_note",
	"initiative_decided_by": "initiative_decided_by", "initiative_decided_at": "initiative_decided_at",
	"initiative_decided_dkk": "initiative_decided_dkk", "initiative_decided_hours": "initiative_decided_hours",
	"cycle_expected": "cycle_expected", "cycle_created_by": "cycle_created_by", "cycle_created_at": "cycle_created_at",
	"cycle_delivered_at": "cycle_delivered_at",
}

// csvRequired are the columns a hand-written sheet must have.
var csvRequired = []string{"title", "purpose", "value", "state", "submitted_at", "submitted_by"}

// readImportCSV reads wishes from CSV as `tovholder export` writes it (one row per event
// of a wish's history) or as a person writes it (one row per wish), with or without a
// byte-order mark, separated by , or ; (what Danish Excel writes).
func readImportCSV(r io.Reader, loc *time.Location) (workflow.ImportData, workflow.ImportErrors, error) {
	var d workflow.ImportData
	data, err := io.ReadAll(r)
	if err != nil {
		return d, nil, err
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	first, _, _ := bytes.Cut(data, []byte("\n"))
	cr := csv.NewReader(bytes.NewReader(data))
	if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		cr.Comma = ';'
	}
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return d, nil, fmt.Errorf("read the header: %w", err)
	}
	col, errs := csvColumns(header)
	if len(errs) > 0 {
		return d, errs, nil
	}
	var out []workflow.ImportWish
	byKey := map[string]int{}
	plan := newCSVPlan()
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				errs = append(errs, workflow.ImportProblem{Line: pe.Line, Problem: pe.Err.Error()})
				continue
			}
			return d, nil, err
		}
		line, _ := cr.FieldPos(0) // only for a record read without error
		cell := func(name string) string {
			if i, ok := col[name]; ok && i >= 0 && i < len(rec) {
				return strings.TrimSpace(unneutralise(rec[i]))
			}
			return ""
		}
		if strings.Join(rec, "") == "" {
			continue // an empty line a spreadsheet left
		}
		p := rowParser{line: line, loc: loc, cell: cell, dupKey: keySpace(col)}
		key := rowKey(cell)
		if i, ok := byKey[key]; ok && col["event_kind"] >= 0 && cell("event_kind") != "" {
			// Another event of a wish already read (the export's form).
			out[i].History = append(out[i].History, p.event())
		} else {
			iw := p.wish(key)
			byKey[key] = len(out)
			out = append(out, iw)
			plan.add(&p, key)
		}
		errs = append(errs, p.errs...)
	}
	d.Wishes, d.Initiatives, d.Cycles = out, plan.initiatives, plan.cycles
	return d, errs, nil
}

// csvColumns maps the header to column indexes, and says which required ones lack.
func csvColumns(header []string) (map[string]int, workflow.ImportErrors) {
	col := map[string]int{"event_kind": -1}
	var errs workflow.ImportErrors
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(strings.ReplaceAll(h, " ", "_")))
		if f, ok := csvAliases[name]; ok {
			col[f] = i
		} else if slices.Contains(csvReaderColumns, name) {
			continue // the export's local times and names, for people: the UTC times and IDs are imported
		} else if name != "" {
			errs = append(errs, workflow.ImportProblem{Line: 1, Column: h, Problem: "is not a column Tovholder knows"})
		}
	}
	for _, c := range csvRequired {
		if _, ok := col[c]; !ok {
			errs = append(errs, workflow.ImportProblem{Line: 1, Column: c, Problem: "is missing from the header"})
		}
	}
	return col, errs
}

// rowKey is a row's external key, in a space of its own per kind of key, so that a
// sheet's id 7 is not taken for an export's wish number 7: "wish/N" for the number of an
// export, "id/X" for a sheet's id column, and for a row with neither a key made of
// every wish field of the row: two different wishes are two keys.
func rowKey(cell func(string) string) string {
	switch {
	case cell("number") != "":
		return numberKey(cell("number"))
	case cell("id") != "":
		return "id/" + cell("id")
	}
	fields := make([]string, len(contentFields))
	for i, f := range contentFields {
		fields[i] = cell(f)
	}
	return contentKey(fields...)
}

// contentFields are the columns of a wish's own fields: what tells two id-less rows apart.
var contentFields = []string{"title", "purpose", "value", "description", "group", "requested_group", "state", "size",
	"priority", "submitted_at", "submitted_by", "spec_link", "spec_summary", "cycle", "duplicate_of",
	"estimate_dkk", "estimate_hours", "estimate_by", "estimate_at", "estimate_note", "updated_at", "followers"}

// keySpace makes the key of a duplicate_of cell: a wish number in a file that has
// numbers (an export), else a sheet's id.
func keySpace(col map[string]int) func(string) string {
	if _, ok := col["number"]; ok {
		return numberKey
	}
	return func(id string) string { return "id/" + id }
}

// numberKey is the external key of an exported wish number.
func numberKey(n string) string { return "wish/" + n }

// contentKey is the external key of a row that has no id: the same row imported
// twice gets the same key.
func contentKey(fields ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(fields, "\x00")))
	return "row:" + hex.EncodeToString(sum[:8])
}

// rowParser reads the cells of one row, collecting a problem per bad cell.
type rowParser struct {
	line   int
	loc    *time.Location
	cell   func(string) string
	dupKey func(string) string // the key a duplicate_of cell names
	errs   workflow.ImportErrors
}

func (p *rowParser) bad(col string, err error) {
	p.errs = append(p.errs, workflow.ImportProblem{Line: p.line, Column: col, Problem: err.Error()})
}

func (p *rowParser) time(col string) time.Time {
	if p.cell(col) == "" {
		return time.Time{}
	}
	t, err := parseDate(p.cell(col), p.loc)
	if err != nil {
		p.bad(col, err)
	}
	return t
}

func (p *rowParser) wish(key string) workflow.ImportWish {
	c := p.cell
	w := workflow.Wish{Title: c("title"), Purpose: c("purpose"), Value: c("value"), Description: c("description"),
		Group: c("group"), RequestedGroup: c("requested_group"), Size: workflow.Size(strings.ToLower(c("size"))),
		Priority: workflow.Priority(strings.ToLower(c("priority"))), SubmitterID: c("submitted_by"),
		SpecLink: c("spec_link"), SpecSummary: c("spec_summary"), Cycle: c("cycle"), CreatedAt: p.time("submitted_at"),
		UpdatedAt: p.time("updated_at"), Question: c("question")}
	if r := c("revision"); r != "" {
		n, err := strconv.ParseInt(r, 10, 64)
		if err != nil || n < 0 {
			p.bad("revision", fmt.Errorf("%q is not a version number", r))
		}
		w.Revision = workflow.Revision(n)
	}
	followers := strings.Fields(c("followers"))
	if st, err := parseState(c("state"), w.Group != ""); err != nil {
		p.bad("state", err)
	} else {
		w.State = st
	}
	iw := workflow.ImportWish{Line: p.line, Key: key, Wish: w, Followers: followers}
	if d := c("duplicate_of"); d != "" {
		iw.DuplicateOfKey = p.dupKey(d)
	}
	if c("estimate_dkk") != "" {
		// The sheet's estimate is the supplier's, recorded by the secretariat: never
		// the submitter's. Without estimate_by/estimate_at the import records it,
		// as "imported", at the import's time.
		e := workflow.Estimate{By: c("estimate_by"), At: p.time("estimate_at"), Note: c("estimate_note")}
		if amount, err := workflow.ParseAmount(c("estimate_dkk")); err != nil {
			p.bad("estimate_dkk", fmt.Errorf("%q is not an amount in kroner: write 250000, 250.000 or 250.000,50", c("estimate_dkk")))
		} else {
			e.Amount = amount
		}
		if h := c("estimate_hours"); h != "" {
			if n, err := workflow.ParseHours(h); err != nil {
				p.bad("estimate_hours", fmt.Errorf("%q is not a number of hours", h))
			} else {
				e.Hours = n
			}
		}
		iw.Estimates = []workflow.Estimate{e}
	}
	if c("event_kind") != "" {
		iw.History = []workflow.Event{p.event()}
	}
	return iw
}

// event reads the event columns of the export's form.
func (p *rowParser) event() workflow.Event {
	c := p.cell
	e := workflow.Event{At: p.time("event_at"), Actor: c("event_actor"), Kind: workflow.EventKind(c("event_kind")),
		From: workflow.State(c("event_from")), To: workflow.State(c("event_to")), Note: c("event_note")}
	if private := c("event_private_note"); private != "" {
		e.Note = private // the export keeps a private note apart; its data keep the mark
	}
	if d := c("event_data"); d != "" {
		if err := json.Unmarshal([]byte(d), &e.Data); err != nil {
			p.bad("event_data", fmt.Errorf("is not a JSON object of strings"))
		}
	}
	return e
}

// sortProblems orders problems by line, then column, for reading.
func sortProblems(errs workflow.ImportErrors) {
	slices.SortStableFunc(errs, func(a, b workflow.ImportProblem) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return strings.Compare(a.Column, b.Column)
	})
}
