package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/os2kitos/tovholder/storage"
	"github.com/os2kitos/tovholder/workflow"
)

// exportDecisions is what `tovholder export --decisions` writes: the public decisions
// beyond wishes (the steering group's decisions on proposals not marked internal, and
// the consultations of the user club with their counts), never an internal proposal
// and never who answered what.
type exportDecisions struct {
	Steering      []exportProposal     `json:"steering"`
	Consultations []exportConsultation `json:"consultations"`
}

type exportProposal struct {
	ID           int64       `json:"id"`
	Title        string      `json:"title"`
	Text         string      `json:"text"`
	Kind         string      `json:"kind"`
	AmountDKK    json.Number `json:"amount_dkk,omitempty"`
	Links        []string    `json:"links"`
	State        string      `json:"state"`
	ProposedBy   string      `json:"proposed_by"`
	ProposedAt   time.Time   `json:"proposed_at"`
	DecisionNote string      `json:"decision_note"`
	DecidedBy    string      `json:"decided_by"`
	DecidedAt    time.Time   `json:"decided_at"`
}

type exportConsultation struct {
	ID         int64     `json:"id"`
	Question   string    `json:"question"`
	Background string    `json:"background"`
	Link       string    `json:"link"`
	Wish       int64     `json:"wish,omitempty"`
	Groups     []string  `json:"groups"`
	State      string    `json:"state"`
	Deadline   time.Time `json:"deadline"`
	Support    int       `json:"support"`
	Concerns   int       `json:"concerns"`
	NoOpinion  int       `json:"no_opinion"`
	Decision   string    `json:"decision"`
	DecidedBy  string    `json:"decided_by"`
	DecidedAt  time.Time `json:"decided_at"`
}

// loadDecisions reads the public decisions through the workflow's read side, which
// alone knows what is public.
func loadDecisions(ctx context.Context, db *storage.DB) (exportDecisions, error) {
	svc := workflow.New(db, nil, nil)
	out := exportDecisions{Steering: []exportProposal{}, Consultations: []exportConsultation{}}
	d, err := svc.PublicDecisions(ctx)
	if err != nil {
		return out, fmt.Errorf("export decisions: %w", err)
	}
	for _, p := range d.Steering {
		x := exportProposal{ID: p.ID, Title: p.Title, Text: p.Text, Kind: string(p.Kind), Links: p.Links, State: string(p.State),
			ProposedBy: p.ProposedBy, ProposedAt: p.ProposedAt, DecisionNote: p.DecisionNote, DecidedBy: p.DecidedBy, DecidedAt: p.DecidedAt}
		if p.Amount != 0 {
			x.AmountDKK = json.Number(p.Amount.Format("", "."))
		}
		if x.Links == nil {
			x.Links = []string{}
		}
		out.Steering = append(out.Steering, x)
	}
	for _, c := range d.Consultations {
		cd, err := svc.Consultation(ctx, c.ID)
		if err != nil {
			return out, fmt.Errorf("export consultation %d: %w", c.ID, err)
		}
		n := cd.Tally.Count
		x := exportConsultation{ID: c.ID, Question: c.Question, Background: c.Background, Link: c.Link, Wish: c.WishID,
			Groups: c.Groups, State: string(c.State), Deadline: c.Deadline, Support: n.Support, Concerns: n.Concerns,
			NoOpinion: n.NoOpinion, Decision: c.Decision, DecidedBy: c.DecidedBy, DecidedAt: c.DecidedAt}
		if x.Groups == nil {
			x.Groups = []string{}
		}
		out.Consultations = append(out.Consultations, x)
	}
	return out, nil
}

// decisionsHeader names the columns of the decisions' CSV: one decision a row.
var decisionsHeader = []string{"type", "id", "title", "kind", "amount_dkk", "state", "decided_at", "decision",
	"support", "concerns", "no_opinion", "wish", "text", "links"}

func writeDecisionsCSV(w io.Writer, d exportDecisions) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(decisionsHeader); err != nil {
		return err
	}
	for _, p := range d.Steering {
		links, _ := json.Marshal(p.Links)
		row := []string{"steering", strconv.FormatInt(p.ID, 10), p.Title, p.Kind, p.AmountDKK.String(), p.State,
			csvTime(p.DecidedAt), p.DecisionNote, "", "", "", "", p.Text, string(links)}
		if err := cw.Write(neutralise(row)); err != nil {
			return err
		}
	}
	for _, c := range d.Consultations {
		wish := ""
		if c.Wish != 0 {
			wish = strconv.FormatInt(c.Wish, 10)
		}
		row := []string{"consultation", strconv.FormatInt(c.ID, 10), c.Question, "", "", c.State, csvTime(c.DecidedAt),
			c.Decision, strconv.Itoa(c.Support), strconv.Itoa(c.Concerns), strconv.Itoa(c.NoOpinion), wish, c.Background, c.Link}
		if err := cw.Write(neutralise(row)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
