package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"time"

	"github.com/os2kitos/tovholder/storage"
	"github.com/os2kitos/tovholder/workflow"
)

// exportWish is one wish as exported: its current fields, its price estimates and its
// whole history, for the user club's archive and the secretariat's reports.
type exportWish struct {
	ID             int64          `json:"id"`
	Title          string         `json:"title"`
	Purpose        string         `json:"purpose"`
	Value          string         `json:"value"`
	Description    string         `json:"description"`
	State          workflow.State `json:"state"`
	Group          string         `json:"group"`
	RequestedGroup string         `json:"requested_group"`
	Size           workflow.Size  `json:"size"`
	Priority       string         `json:"priority"`
	Submitter      string         `json:"submitter"`
	DuplicateOf    int64          `json:"duplicate_of,omitempty"`
	SpecLink       string         `json:"spec_link"`
	SpecSummary    string         `json:"spec_summary"`
	Cycle          string         `json:"cycle"`
	SourceLink     string         `json:"source_link,omitempty"` // the Slack message it was made from
	CreatedAt      time.Time      `json:"created_at"`
	UpdatedAt      time.Time      `json:"updated_at"`
	// Support (støtte): people, and municipalities among their organisations; the rank
	// in the group's adopted order (prioriteret rækkefølge), 0 for none.
	SupportPeople         int              `json:"support_people"`
	SupportMunicipalities int              `json:"support_municipalities"`
	GroupRank             int              `json:"group_rank,omitempty"`
	Estimates             []exportEstimate `json:"estimates"`
	History               []exportEvent    `json:"history"`
	Followers             []string         `json:"followers"`
	Revision              int64            `json:"revision,omitempty"` // the version of the text
	// Question is the secretariat's open question to the submitter (needs info): for
	// the submitter and the secretariat only, like private_note.
	Question string `json:"question,omitempty"`
}

type exportEstimate struct {
	ID        int64       `json:"id,omitempty"` // what an initiative's decided_estimate names
	AmountDKK json.Number `json:"amount_dkk"`   // kroner, exact: 250000.50
	Hours     json.Number `json:"hours"`        // one decimal at most: 7.5
	Note      string      `json:"note"`
	By        string      `json:"by"`
	At        time.Time   `json:"at"`
}

type exportEvent struct {
	At    time.Time `json:"at"`
	Actor string    `json:"actor"`
	Kind  string    `json:"kind"`
	From  string    `json:"from,omitempty"`
	To    string    `json:"to,omitempty"`
	Note  string    `json:"note,omitempty"` // what any member reads with /wish N
	// PrivateNote is a note for the submitter and the secretariat only (the
	// secretariat's question to a submitter): never in Note, so that a public use of
	// the export can drop this one field.
	PrivateNote string            `json:"private_note,omitempty"`
	Data        map[string]string `json:"data,omitempty"`
}

// runExport is `tovholder export --format csv|json [--out FILE]`.
func runExport(ctx context.Context, args []string, getenv env, _ io.Reader, stdout, stderr io.Writer) error {
	fs, path := newFlags("export", getenv, stderr)
	format := fs.String("format", "csv", "csv (UTF-8 with BOM, for spreadsheets) or json")
	out := fs.String("out", "", "write to this file instead of standard output")
	decisions := fs.Bool("decisions", false, "export the public decisions beyond wishes (steering proposals, consultations) instead of the wishes")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 || (*format != "csv" && *format != "json") {
		return errors.New("usage: tovholder export [--db FILE] --format csv|json [--decisions] [--out FILE]")
	}
	loc, err := exportZone(getenv)
	if err != nil {
		return err
	}
	db, err := openExisting(ctx, *path, stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	w := stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		defer f.Close()
		w = f
	}
	bw := bufio.NewWriter(w)
	if *decisions {
		err = writeDecisionsExport(ctx, db, bw, *format)
	} else {
		err = exportWishes(ctx, db, bw, *format, loc)
	}
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if f, ok := w.(*os.File); ok && *out != "" {
		return f.Close()
	}
	return nil
}

// writeDecisionsExport writes the public decisions beyond wishes (steering proposals,
// consultations): few, so read whole.
func writeDecisionsExport(ctx context.Context, db *storage.DB, w io.Writer, format string) error {
	d, err := loadDecisions(ctx, db)
	if err != nil {
		return err
	}
	if format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(d)
	}
	return writeDecisionsCSV(w, d)
}

// exportWishes writes every wish with its history, then the initiatives and cycles,
// the time zone of the CSV's local times (loc) and the display names of the people.
func exportWishes(ctx context.Context, db *storage.DB, bw io.Writer, format string, loc *time.Location) error {
	// The initiatives and cycles are few and read first; the wishes are written as
	// they are read, so an export of any size holds one wish in memory (and the
	// names of the people, who are few).
	plan := &exportFile{Initiatives: []exportInitiative{}, Cycles: []exportCycle{}, TimeZone: loc.String(),
		Names: map[string]string{}}
	names := &exportNames{names: plan.Names, asked: map[string]bool{}}
	sink := exportSink(&csvSink{w: bw, plan: plan, loc: loc})
	if format == "json" {
		sink = &jsonSink{w: bw, plan: plan}
	}
	err := db.EachWish(ctx, func(tx workflow.Tx) error {
		if err := loadPlan(tx, plan); err != nil {
			return err
		}
		return names.learn(tx, planPeople(*plan))
	}, func(tx workflow.Tx, w workflow.Wish) error {
		x, err := exportOf(tx, w)
		if err != nil {
			return err
		}
		if err := names.learn(tx, wishPeople(x)); err != nil {
			return err
		}
		return sink.add(x)
	})
	if err != nil {
		return err
	}
	return sink.end()
}

// exportSink writes exported wishes as they come, then the plan.
type exportSink interface {
	add(x exportWish) error
	end() error
}

// jsonSink writes the exportFile, indented as json.Encoder with SetIndent("", "  ")
// writes it, one wish at a time.
type jsonSink struct {
	w    io.Writer
	plan *exportFile
	n    int
}

func (s *jsonSink) add(x exportWish) error {
	b, err := json.MarshalIndent(x, "    ", "  ")
	if err != nil {
		return err
	}
	sep := ",\n    "
	if s.n == 0 {
		sep = "{\n  \"wishes\": [\n    "
	}
	s.n++
	if _, err := io.WriteString(s.w, sep); err != nil {
		return err
	}
	_, err = s.w.Write(b)
	return err
}

func (s *jsonSink) end() error {
	head := "\n  ],\n"
	if s.n == 0 {
		head = "{\n  \"wishes\": [],\n" // empty lists are [], not null
	}
	inis, err := json.MarshalIndent(s.plan.Initiatives, "  ", "  ")
	if err != nil {
		return err
	}
	cycles, err := json.MarshalIndent(s.plan.Cycles, "  ", "  ")
	if err != nil {
		return err
	}
	zone, err := json.Marshal(s.plan.TimeZone)
	if err != nil {
		return err
	}
	names, err := json.MarshalIndent(s.plan.Names, "  ", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(s.w, "%s  \"initiatives\": %s,\n  \"cycles\": %s,\n  \"time_zone\": %s,\n  \"names\": %s\n}\n",
		head, inis, cycles, zone, names)
	return err
}

// exportZone is TOVHOLDER_TIMEZONE (default Europe/Copenhagen), the zone of the CSV's
// local times.
func exportZone(getenv env) (*time.Location, error) {
	var c config
	if err := c.parseZone(or(getenv("TOVHOLDER_TIMEZONE"), "Europe/Copenhagen")); err != nil {
		return nil, err
	}
	return c.Location, nil
}

// exportNames are the display names of the people the export names, as the bot
// stored them; each person is looked up once, as the wishes naming them come.
type exportNames struct {
	names map[string]string // the exportFile's Names
	asked map[string]bool   // looked up, with or without a name
}

// learn looks up the stored display names of those of ids not yet looked up.
func (n *exportNames) learn(tx workflow.Tx, ids []string) error {
	var ask []string
	for _, id := range ids {
		if id != "" && !n.asked[id] {
			n.asked[id] = true
			ask = append(ask, id)
		}
	}
	if len(ask) == 0 {
		return nil
	}
	names, err := tx.DisplayNames(ask)
	if err != nil {
		return err
	}
	maps.Copy(n.names, names)
	return nil
}

// wishPeople are the Slack IDs an exported wish names.
func wishPeople(x exportWish) []string {
	out := append([]string{x.Submitter}, x.Followers...)
	for _, e := range x.Estimates {
		out = append(out, e.By)
	}
	for _, e := range x.History {
		out = append(out, e.Actor)
	}
	return out
}

// planPeople are the Slack IDs the initiatives and cycles name.
func planPeople(f exportFile) []string {
	var out []string
	for _, in := range f.Initiatives {
		out = append(out, in.RecommendedBy, in.DecidedBy)
	}
	for _, c := range f.Cycles {
		out = append(out, c.CreatedBy)
	}
	return out
}

func exportOf(tx workflow.Tx, w workflow.Wish) (exportWish, error) {
	x := exportWish{ID: w.ID, Title: w.Title, Purpose: w.Purpose, Value: w.Value, Description: w.Description,
		State: w.State, Group: w.Group, RequestedGroup: w.RequestedGroup, Size: w.Size, Priority: string(w.Priority),
		Submitter: w.SubmitterID, DuplicateOf: w.DuplicateOf, SpecLink: w.SpecLink, SpecSummary: w.SpecSummary,
		Cycle: w.Cycle, SourceLink: w.SourceLink, CreatedAt: w.CreatedAt, UpdatedAt: w.UpdatedAt,
		Estimates: []exportEstimate{}, History: []exportEvent{}, Followers: []string{},
		Revision: int64(w.Revision), Question: w.Question}
	st, err := workflow.StandingIn(tx, w)
	if err != nil {
		return x, err
	}
	x.SupportPeople, x.SupportMunicipalities, x.GroupRank = st.Support.People, st.Support.Municipalities, st.Rank
	es, err := tx.Estimates(w.ID)
	if err != nil {
		return x, err
	}
	for _, e := range es {
		x.Estimates = append(x.Estimates, exportEstimate{ID: e.ID, AmountDKK: json.Number(e.Amount.Format("", ".")),
			Hours: json.Number(e.Hours.Format("", ".")), Note: e.Note, By: e.By, At: e.At})
	}
	fs, err := tx.Followers(w.ID)
	if err != nil {
		return x, err
	}
	x.Followers = append(x.Followers, fs...)
	h, err := tx.History(w.ID)
	if err != nil {
		return x, err
	}
	for _, e := range h {
		x.History = append(x.History, exportEvent{At: e.At, Actor: e.Actor, Kind: string(e.Kind), From: string(e.From),
			To: string(e.To), Note: e.PublicNote(), Data: e.Data})
		if e.NoteIsPrivate() {
			x.History[len(x.History)-1].PrivateNote = e.Note
		}
	}
	return x, nil
}
