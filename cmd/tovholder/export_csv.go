package main

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
)

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
