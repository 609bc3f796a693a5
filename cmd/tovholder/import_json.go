package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/os2kitos/tovholder/workflow"
)

// readImportJSON reads what `tovholder export --format json` writes: an object with
// wishes, initiatives and cycles, or (the first version's export) a plain list of wishes.
func readImportJSON(r io.Reader) (workflow.ImportData, workflow.ImportErrors, error) {
	var d workflow.ImportData
	data, err := io.ReadAll(bufio.NewReader(r))
	if err != nil {
		return d, nil, err
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	switch {
	case err == nil && tok == json.Delim('['):
		ws, errs := readJSONWishes(dec, data)
		d.Wishes = ws
		return d, errs, nil
	case err == nil && tok == json.Delim('{'):
		return readJSONObject(dec, data)
	}
	return d, workflow.ImportErrors{{Line: 1, Problem: "is not a JSON export of wishes, as tovholder export --format json writes"}}, nil
}

// jsonLine is the line of the next value of dec.
func jsonLine(dec *json.Decoder, data []byte) int {
	off := int(dec.InputOffset())
	for off < len(data) && strings.ContainsRune(" \t\r\n,:", rune(data[off])) {
		off++
	}
	return 1 + bytes.Count(data[:off], []byte("\n"))
}

// readJSONList decodes the elements of a list whose '[' dec has read, one at a time.
func readJSONList[T any](dec *json.Decoder, data []byte, each func(x T, line int)) workflow.ImportErrors {
	var errs workflow.ImportErrors
	for dec.More() {
		line := jsonLine(dec, data)
		var x T
		if err := dec.Decode(&x); err != nil {
			return append(errs, workflow.ImportProblem{Line: line, Problem: err.Error()})
		}
		each(x, line)
	}
	if _, err := dec.Token(); err != nil {
		errs = append(errs, workflow.ImportProblem{Line: 1 + bytes.Count(data, []byte("\n")), Problem: "the list does not end: " + err.Error()})
	}
	return errs
}

func readJSONWishes(dec *json.Decoder, data []byte) ([]workflow.ImportWish, workflow.ImportErrors) {
	var out []workflow.ImportWish
	var errs workflow.ImportErrors
	errs = append(errs, readJSONList(dec, data, func(x exportWish, line int) {
		iw, es := importOfJSON(x, line)
		out, errs = append(out, iw), append(errs, es...)
	})...)
	return out, errs
}

// readJSONObject reads the object's lists, whose '{' dec has read.
func readJSONObject(dec *json.Decoder, data []byte) (workflow.ImportData, workflow.ImportErrors, error) {
	var d workflow.ImportData
	var errs workflow.ImportErrors
	for dec.More() {
		line := jsonLine(dec, data)
		name, err := dec.Token()
		if err != nil {
			return d, append(errs, workflow.ImportProblem{Line: line, Problem: err.Error()}), nil
		}
		if name == "time_zone" || name == "names" {
			// For people reading the export (local times, display names): nothing to import.
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return d, append(errs, workflow.ImportProblem{Line: line, Column: fmt.Sprint(name), Problem: err.Error()}), nil
			}
			continue
		}
		if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
			return d, append(errs, workflow.ImportProblem{Line: line, Column: fmt.Sprint(name), Problem: "is not a list"}), nil
		}
		switch name {
		case "wishes":
			ws, es := readJSONWishes(dec, data)
			d.Wishes, errs = append(d.Wishes, ws...), append(errs, es...)
		case "initiatives":
			errs = append(errs, readJSONList(dec, data, func(x exportInitiative, line int) {
				in, es := importOfInitiative(x, line)
				d.Initiatives, errs = append(d.Initiatives, in), append(errs, es...)
			})...)
		case "cycles":
			errs = append(errs, readJSONList(dec, data, func(x exportCycle, line int) {
				c, es := importOfCycle(x, line)
				d.Cycles, errs = append(d.Cycles, c), append(errs, es...)
			})...)
		default:
			return d, append(errs, workflow.ImportProblem{Line: line, Column: fmt.Sprint(name), Problem: "is not a list Tovholder knows (wishes, initiatives, cycles)"}), nil
		}
		if len(errs) > 0 && strings.HasPrefix(errs[len(errs)-1].Problem, "the list does not end") {
			return d, errs, nil
		}
	}
	return d, errs, nil
}

func importOfJSON(x exportWish, line int) (workflow.ImportWish, workflow.ImportErrors) {
	var errs workflow.ImportErrors
	w := workflow.Wish{Title: x.Title, Purpose: x.Purpose, Value: x.Value, Description: x.Description,
		Group: x.Group, RequestedGroup: x.RequestedGroup, Size: x.Size, Priority: workflow.Priority(x.Priority),
		SubmitterID: x.Submitter, SpecLink: x.SpecLink, SpecSummary: x.SpecSummary, Cycle: x.Cycle,
		CreatedAt: x.CreatedAt.UTC(), UpdatedAt: x.UpdatedAt.UTC(), Revision: workflow.Revision(x.Revision), Question: x.Question}
	if st, err := parseState(string(x.State), w.Group != ""); err != nil {
		errs = append(errs, workflow.ImportProblem{Line: line, Column: "state", Problem: err.Error()})
	} else {
		w.State = st
	}
	key := numberKey(strconv.FormatInt(x.ID, 10))
	if x.ID <= 0 {
		errs = append(errs, workflow.ImportProblem{Line: line, Column: "id", Problem: "is required: the wish's number"})
	}
	iw := workflow.ImportWish{Line: line, Key: key, Wish: w, Followers: x.Followers}
	if x.DuplicateOf > 0 {
		iw.DuplicateOfKey = numberKey(strconv.FormatInt(x.DuplicateOf, 10))
	}
	for _, e := range x.Estimates {
		amount, err := workflow.ParseAmount(string(e.AmountDKK))
		if err != nil {
			errs = append(errs, workflow.ImportProblem{Line: line, Column: "estimates.amount_dkk", Problem: fmt.Sprintf("%q is not an amount in kroner", e.AmountDKK)})
		}
		hours, err := workflow.ParseHours(string(e.Hours))
		if err != nil {
			errs = append(errs, workflow.ImportProblem{Line: line, Column: "estimates.hours", Problem: fmt.Sprintf("%q is not a number of hours", e.Hours)})
		}
		iw.Estimates = append(iw.Estimates, workflow.Estimate{ID: e.ID, Amount: amount, Hours: hours, Note: e.Note, By: e.By, At: e.At.UTC()})
	}
	for _, e := range x.History {
		note := e.Note
		if e.PrivateNote != "" {
			note = e.PrivateNote // the export keeps a private note apart; its data keep the mark
		}
		iw.History = append(iw.History, workflow.Event{At: e.At.UTC(), Actor: e.Actor, Kind: workflow.EventKind(e.Kind),
			From: workflow.State(e.From), To: workflow.State(e.To), Note: note, Data: e.Data})
	}
	return iw, errs
}
