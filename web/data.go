package web

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/os2kitos/tovholder/workflow"
)

// openWish is one wish of the open data: the export's format (`tovholder export`)
// without what is private: no submitter, no Slack IDs, no event data, no note that is
// not public; who made a change is said by role.
type openWish struct {
	ID          int64          `json:"id"`
	Title       string         `json:"title"`
	Purpose     string         `json:"purpose"`
	Value       string         `json:"value"`
	Description string         `json:"description"`
	State       workflow.State `json:"state"`
	Group       string         `json:"group"`
	Size        workflow.Size  `json:"size"`
	Priority    string         `json:"priority"`
	DuplicateOf int64          `json:"duplicate_of,omitempty"`
	SpecLink    string         `json:"spec_link"`
	SpecSummary string         `json:"spec_summary"`
	Cycle       string         `json:"cycle"`
	CreatedAt   time.Time      `json:"created_at"`
	UpdatedAt   time.Time      `json:"updated_at"`
	// Support counted by people and municipalities (never who), and the rank in the
	// group's adopted order (0: none).
	SupportPeople         int            `json:"support_people"`
	SupportMunicipalities int            `json:"support_municipalities"`
	GroupRank             int            `json:"group_rank,omitempty"`
	Estimates             []openEstimate `json:"estimates"`
	History               []openEvent    `json:"history"`
}

type openEstimate struct {
	AmountDKK json.Number `json:"amount_dkk"`
	Hours     json.Number `json:"hours"`
	Note      string      `json:"note"`
	At        time.Time   `json:"at"`
}

type openEvent struct {
	At   time.Time    `json:"at"`
	By   workflow.Who `json:"by"`
	Kind string       `json:"kind"`
	From string       `json:"from,omitempty"`
	To   string       `json:"to,omitempty"`
	Note string       `json:"note,omitempty"`
}

// openData reads every wish, oldest first, with its public history, in one snapshot.
func (q *req) openData() ([]openWish, time.Time, error) {
	var out []openWish
	var last time.Time
	err := q.read(func(tx workflow.Tx) error {
		ws, err := tx.Wishes(workflow.WishFilter{})
		if err != nil {
			return err
		}
		slices.Reverse(ws)
		out = make([]openWish, 0, len(ws))
		for _, w := range ws {
			x, err := openOf(tx, w)
			if err != nil {
				return err
			}
			out = append(out, x)
		}
		last, err = tx.LastChange()
		return err
	})
	return out, last, err
}

func openOf(tx workflow.Tx, w workflow.Wish) (openWish, error) {
	x := openWish{ID: w.ID, Title: w.Title, Purpose: w.Purpose, Value: w.Value, Description: w.Description,
		State: w.State, Group: wishGroup(w), Size: w.Size, Priority: string(w.Priority), DuplicateOf: w.DuplicateOf,
		SpecLink: w.SpecLink, SpecSummary: w.SpecSummary, Cycle: w.Cycle, CreatedAt: w.CreatedAt,
		UpdatedAt: w.UpdatedAt, Estimates: []openEstimate{}, History: []openEvent{}}
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
		x.Estimates = append(x.Estimates, openEstimate{AmountDKK: json.Number(e.Amount.Format("", ".")),
			Hours: json.Number(e.Hours.Format("", ".")), Note: e.Note, At: e.At})
	}
	h, err := tx.History(w.ID)
	if err != nil {
		return x, err
	}
	for _, e := range h {
		e, ok := workflow.PublicEvent(e)
		if !ok {
			continue
		}
		x.History = append(x.History, openEvent{At: e.At, By: workflow.WhoDid(e, w), Kind: string(e.Kind),
			From: string(e.From), To: string(e.To), Note: e.Note})
	}
	return x, nil
}

func (s *Server) dataJSON(q *req) error {
	ws, last, err := q.openData()
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(ws); err != nil {
		return err
	}
	q.body, q.ctype, q.lastMod = buf.Bytes(), "application/json; charset=utf-8", last
	return nil
}

// openHeader is the export's CSV header without the submitter, with who by role and
// without the event's data.
var openHeader = []string{"wish", "title", "state", "group", "size", "priority", "cycle", "created_at",
	"purpose", "value", "description", "spec_link", "spec_summary", "latest_estimate_dkk", "latest_estimate_hours",
	"event_at", "event_by", "event_kind", "event_from", "event_to", "event_note",
	"support_people", "support_municipalities", "group_rank"}

func (s *Server) dataCSV(q *req) error {
	ws, last, err := q.openData()
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	buf.WriteString("\uFEFF") // spreadsheets read the Danish letters right
	cw := csv.NewWriter(&buf)
	cw.UseCRLF = true
	_ = cw.Write(openHeader)
	for _, x := range ws {
		events := x.History
		if len(events) == 0 {
			events = []openEvent{{}}
		}
		for _, e := range events {
			_ = cw.Write(neutralise(openRow(x, e)))
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	q.body, q.ctype, q.lastMod = buf.Bytes(), "text/csv; charset=utf-8", last
	q.w.Header().Set("Content-Disposition", `attachment; filename="wishes.csv"`)
	return nil
}

func openRow(x openWish, e openEvent) []string {
	amount, hours := "", ""
	if n := len(x.Estimates); n > 0 {
		amount, hours = x.Estimates[n-1].AmountDKK.String(), x.Estimates[n-1].Hours.String()
	}
	at := ""
	if !e.At.IsZero() {
		at = iso(e.At)
	}
	return []string{strconv.FormatInt(x.ID, 10), x.Title, string(x.State), x.Group, string(x.Size), x.Priority,
		x.Cycle, iso(x.CreatedAt), x.Purpose, x.Value, x.Description, x.SpecLink, x.SpecSummary,
		amount, hours, at, string(e.By), e.Kind, e.From, e.To, e.Note,
		strconv.Itoa(x.SupportPeople), strconv.Itoa(x.SupportMunicipalities), strconv.Itoa(x.GroupRank)}
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
