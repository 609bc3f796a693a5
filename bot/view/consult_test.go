package view

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/workflow"
)

// TestConsultViews renders every view of consultations and steering proposals in both
// languages, with hostile text, against golden files.
func TestConsultViews(t *testing.T) {
	loc, _ := time.LoadLocation("Europe/Copenhagen")
	t0 := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	hostile := "<!channel> *bold* <https://evil.example|click> & more"
	c := workflow.ConsultationDetail{
		Consultation: workflow.Consultation{ID: 3, Question: "Close the hotline on Fridays? " + hostile, Background: "Few calls. " + hostile,
			Link: "https://os2.eu/notat", WishID: 12, State: workflow.ConsultOpen, Deadline: t0.AddDate(0, 0, 14),
			StartedBy: "U0METTE01", StartedAt: t0},
		Tally: workflow.ConsultTally{Count: workflow.ConsultCount{Support: 3, Concerns: 1, NoOpinion: 2},
			ByMunicipality: []workflow.MunicipalityCount{{Municipality: "Aarhus", ConsultCount: workflow.ConsultCount{Support: 2}},
				{ConsultCount: workflow.ConsultCount{Support: 1, Concerns: 1, NoOpinion: 2}}},
			Concerns: []workflow.ConsultAnswer{{UserID: "U0ANNA001", Answer: workflow.AnswerConcerns, Reason: "Citizens call. " + hostile}}},
		Wish: workflow.Wish{ID: 12, Title: "Archive ended contracts " + hostile},
	}
	open := ConsultView{ConsultationDetail: c, ConsultLink: "https://kitos.slack.com/archives/C0BRUG001/p1", Loc: loc}
	closed := open
	closed.State, closed.ClosedBy, closed.ClosedAt = workflow.ConsultClosed, "system", t0.AddDate(0, 0, 14)
	decided := closed
	decided.State, decided.Decision, decided.DecidedBy, decided.DecidedAt = workflow.ConsultDecided, "Kept open. "+hostile, "U0METTE01", t0.AddDate(0, 0, 15)
	decided.WishLink, decided.WebURL = "https://kitos.slack.com/archives/C0SEKR001/p2", "https://kitos.example.dk"
	p := workflow.SteeringProposal{ID: 4, Title: "A second consultant " + hostile, Text: "More hands. " + hostile,
		Kind: workflow.KindOrganisation, Amount: 45_000_050, Links: []string{"https://os2.eu/budget.pdf"},
		State: workflow.ProposalPending, ProposedBy: "U0METTE01", ProposedAt: t0}
	approved := p
	approved.State, approved.DecisionNote, approved.DecidedBy, approved.DecidedAt = workflow.ProposalApproved, "Within the frame.", "U0JENS001", t0.AddDate(0, 0, 3)
	internal := approved
	internal.Internal, internal.State, internal.DecisionNote = true, workflow.ProposalDeclined, "Not this year. "+hostile
	for _, lang := range langs {
		for name, m := range map[string]Message{
			"consultation.open":          ConsultationMessage(lang, open),
			"consultation.closed":        ConsultationMessage(lang, closed),
			"consultation.decided":       ConsultationMessage(lang, decided),
			"consultation.group":         ConsultGroupMessage(lang, open),
			"consultation.result":        ConsultResultMessage(lang, closed),
			"consultation.announcement":  ConsultDecisionMessage(lang, decided),
			"proposal.pending":           ProposalMessage(lang, ProposalView{SteeringProposal: p, Loc: loc}),
			"proposal.approved":          ProposalMessage(lang, ProposalView{SteeringProposal: approved, Loc: loc}),
			"proposal.announcement":      SteeringDecisionMessage(lang, ProposalView{SteeringProposal: approved, WebURL: "https://kitos.example.dk", Loc: loc}),
			"proposal.internal_decision": SteeringDecisionMessage(lang, ProposalView{SteeringProposal: internal, WebURL: "https://kitos.example.dk", Loc: loc}),
		} {
			golden(t, "message.consult_"+name, lang, m)
			raw, _ := json.Marshal(m)
			// plain_text shows text as it is (it mentions and links nothing); the rest is
			// mrkdwn, where the hostile text must be escaped.
			s := strings.Join(notPlain(raw), "\n")
			if strings.Contains(s, "<!channel>") || strings.Contains(s, "<https://evil.example|click>") {
				t.Errorf("%s.%s repeats hostile text unescaped", name, lang)
			}
			if name == "proposal.internal_decision" && strings.Contains(s, "kitos.example.dk") {
				t.Errorf("the internal decision links the public pages")
			}
		}
	}
}

// TestConsultModals renders the forms of consultations and steering proposals in both
// languages against golden files.
func TestConsultModals(t *testing.T) {
	groups := []workflow.Group{{Key: "kontrakt", Name: "IT-kontrakter"}, {Key: "systemer", Name: "IT-systemer <b>"}}
	w := workflow.Wish{ID: 12, Title: "Archive ended contracts <!channel>"}
	c := workflow.ConsultationDetail{Consultation: workflow.Consultation{ID: 3, Question: "Close on Fridays? <!here>", State: workflow.ConsultClosed},
		Tally: workflow.ConsultTally{Count: workflow.ConsultCount{Support: 2, Concerns: 1}}}
	p := workflow.SteeringProposal{ID: 4, Title: "A second consultant *now*", State: workflow.ProposalPending}
	for _, lang := range langs {
		golden(t, "modal.consult_new", lang, ConsultModal(lang, nil, groups))
		golden(t, "modal.consult_on_wish", lang, ConsultModal(lang, &w, groups))
		golden(t, "modal.consult_concerns", lang, ConcernsModal(lang, c.Consultation, "Too costly."))
		golden(t, "modal.consult_record", lang, RecordModal(lang, c))
		golden(t, "modal.steering_propose", lang, ProposeModal(lang))
		golden(t, "modal.steering_approve", lang, ProposalDecisionModal(lang, p, true))
		golden(t, "modal.steering_decline", lang, ProposalDecisionModal(lang, p, false))
	}
}

// notPlain is every string of a JSON document but the text of its plain_text objects.
func notPlain(raw []byte) []string {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return nil
	}
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case string:
			out = append(out, x)
		case []any:
			for _, y := range x {
				walk(y)
			}
		case map[string]any:
			if x["type"] == "plain_text" {
				return
			}
			for _, y := range x {
				walk(y)
			}
		}
	}
	walk(v)
	return out
}
