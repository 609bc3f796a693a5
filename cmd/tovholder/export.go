package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
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

// csvHeader names the columns: the wish's fields, then one event of its history a row;
// then its followers, its latest estimate's author and time, the initiative it is in
// and its cycle, repeated on each of its rows.
var csvHeader = slices.Concat([]string{"wish", "title", "state", "group", "size", "priority", "submitter", "cycle", "created_at",
	"purpose", "value", "description", "spec_link", "spec_summary", "latest_estimate_dkk", "latest_estimate_hours",
	"event_at", "event_actor", "event_kind", "event_from", "event_to", "event_note", "event_data",
	"requested_group", "duplicate_of", "updated_at", "event_private_note",
	"followers", "latest_estimate_by", "latest_estimate_at", "latest_estimate_note", "revision", "question",
	"initiative", "initiative_title", "initiative_state", "initiative_recommendation", "initiative_recommended_by",
	"initiative_recommended_at", "initiative_financing", "initiative_financing_name", "initiative_decision_note",
	"initiative_decided_by", "initiative_decided_at", "initiative_decided_dkk", "initiative_decided_hours",
	"cycle_expected", "cycle_created_by", "cycle_created_at", "cycle_delivered_at",
	"support_people", "support_municipalities", "group_rank"}, csvReaderColumns)

// csvReaderColumns are the last columns, for people reading the CSV (localCells): the
// times in the community's time zone and people's display names. Import skips them.
var csvReaderColumns = []string{"time_zone", "created_local", "updated_local", "event_at_local", "latest_estimate_at_local",
	"submitter_name", "event_actor_name", "latest_estimate_by_name", "followers_names"}

// csvSink writes UTF-8 with a byte-order mark, so that spreadsheets read the Danish
// letters right, and one row per event of each wish's history, with its initiative
// and cycle, as the wishes come.
type csvSink struct {
	w      io.Writer
	plan   *exportFile
	cw     *csv.Writer
	inOf   map[int64]exportInitiative // the latest initiative a wish is in
	cycles map[string]exportCycle
	loc    *time.Location // of the local times (localCells)
}

// start writes the header, once the plan is read.
func (s *csvSink) start() error {
	if s.cw != nil {
		return nil
	}
	s.cw = csv.NewWriter(s.w)
	s.cw.UseCRLF = true // what spreadsheets expect
	s.inOf, s.cycles = map[int64]exportInitiative{}, map[string]exportCycle{}
	for _, in := range s.plan.Initiatives {
		for _, id := range in.Wishes {
			s.inOf[id] = in
		}
	}
	for _, c := range s.plan.Cycles {
		s.cycles[c.Name] = c
	}
	if _, err := io.WriteString(s.w, "\uFEFF"); err != nil {
		return err
	}
	return s.cw.Write(csvHeader)
}

func (s *csvSink) add(x exportWish) error {
	if err := s.start(); err != nil {
		return err
	}
	events := x.History
	if len(events) == 0 {
		events = []exportEvent{{}}
	}
	plan := append(planCells(s.inOf[x.ID], s.cycles[x.Cycle]), standingCells(x)...)
	for _, e := range events {
		row := append(csvRow(x, e), plan...)
		if err := s.cw.Write(neutralise(append(row, localCells(x, e, s.plan.Names, s.loc)...))); err != nil {
			return err
		}
	}
	return nil
}

func (s *csvSink) end() error {
	if err := s.start(); err != nil {
		return err
	}
	s.cw.Flush()
	return s.cw.Error()
}

func csvRow(x exportWish, e exportEvent) []string {
	amount, hours, by, at, note := "", "", "", "", ""
	if n := len(x.Estimates); n > 0 {
		l := x.Estimates[n-1]
		amount, hours, by, at, note = l.AmountDKK.String(), l.Hours.String(), l.By, csvTime(l.At), l.Note
	}
	data, dup := "", ""
	if x.DuplicateOf > 0 {
		dup = strconv.FormatInt(x.DuplicateOf, 10)
	}
	if len(e.Data) > 0 {
		b, _ := json.Marshal(e.Data)
		data = string(b)
	}
	return []string{strconv.FormatInt(x.ID, 10), x.Title, string(x.State), x.Group, string(x.Size), x.Priority,
		x.Submitter, x.Cycle, csvTime(x.CreatedAt), x.Purpose, x.Value, x.Description, x.SpecLink, x.SpecSummary,
		amount, hours, csvTime(e.At), e.Actor, e.Kind, e.From, e.To, e.Note, data,
		x.RequestedGroup, dup, csvTime(x.UpdatedAt), e.PrivateNote,
		strings.Join(x.Followers, " "), by, at, note, strconv.FormatInt(x.Revision, 10), x.Question}
}

// localCells are the columns for people reading the CSV in a spreadsheet: the times in
// the community's time zone and the people's display names (where the bot has stored
// one), beside the UTC times and the Slack IDs.
func localCells(x exportWish, e exportEvent, names map[string]string, loc *time.Location) []string {
	at, by := "", ""
	if n := len(x.Estimates); n > 0 {
		at, by = localTime(x.Estimates[n-1].At, loc), names[x.Estimates[n-1].By]
	}
	followers := make([]string, 0, len(x.Followers))
	for _, u := range x.Followers {
		if n := names[u]; n != "" {
			followers = append(followers, n)
		}
	}
	return []string{loc.String(), localTime(x.CreatedAt, loc), localTime(x.UpdatedAt, loc), localTime(e.At, loc), at,
		names[x.Submitter], names[e.Actor], by, strings.Join(followers, "; ")}
}

// localTime is t in loc as a spreadsheet reads a date and time: "2027-03-01 10:00".
func localTime(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format("2006-01-02 15:04")
}

// planCells are the initiative's and the cycle's columns of a wish's rows.
func planCells(in exportInitiative, c exportCycle) []string {
	cells := make([]string, 0, 17)
	if in.ID > 0 {
		cells = append(cells, strconv.FormatInt(in.ID, 10), in.Title, in.State, in.Recommendation, in.RecommendedBy,
			csvTime(in.RecommendedAt), in.Financing, in.FinancingName, in.DecisionNote, in.DecidedBy, csvTime(in.DecidedAt),
			in.DecidedAmountDKK.String(), in.DecidedHours.String())
	} else {
		cells = append(cells, make([]string, 13)...)
	}
	if c.Name != "" {
		return append(cells, c.Expected, c.CreatedBy, csvTime(c.CreatedAt), csvTime(c.DeliveredAt))
	}
	return append(cells, "", "", "", "")
}

func csvTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// neutralise keeps a spreadsheet from running what people typed: a cell that starts
// like a formula gets a leading apostrophe (OWASP's advice for CSV injection).
func neutralise(row []string) []string {
	for i, c := range row {
		if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
			row[i] = "'" + c
		}
	}
	return row
}

// standingCells are a wish's support and rank columns.
func standingCells(x exportWish) []string {
	rank := ""
	if x.GroupRank > 0 {
		rank = strconv.Itoa(x.GroupRank)
	}
	return []string{strconv.Itoa(x.SupportPeople), strconv.Itoa(x.SupportMunicipalities), rank}
}
