package view

import (
	"net/url"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/workflow"
)

// The ids of consultations of the user club (høringer) and of the secretariat's
// proposals to the steering group beyond wishes. A button's value is the consultation's
// or the proposal's number; Consult the user club carries a wish's number, or 0.
const (
	ActConsultOpen      = "consult.open"
	ActConsultSupport   = "consult.answer.support"
	ActConsultConcerns  = "consult.answer.concerns"
	ActConsultNoOpinion = "consult.answer.no_opinion"
	ActConsultClose     = "consult.close"
	ActConsultRecord    = "consult.record"
	CbConsultNew        = "consult.new"
	CbConsultConcerns   = "consult.concerns"
	CbConsultRecord     = "consult.record"
	ActSteeringApprove  = "steering.approve"
	ActSteeringDecline  = "steering.decline"
	CbSteeringPropose   = "steering.propose"
	CbSteeringApprove   = "steering.approve"
	CbSteeringDecline   = "steering.decline"
)

// ConsultView is what the views of a consultation show: the consultation with its
// counts, the permalinks of its message and of the card of the wish it concerns ("" for
// none), the public web pages' address ("" for none) and the time zone of dates.
type ConsultView struct {
	workflow.ConsultationDetail
	ConsultLink string
	WishLink    string
	WebURL      string
	Loc         *time.Location
}

// ProposalView is what the views of a steering proposal show.
type ProposalView struct {
	workflow.SteeringProposal
	WebURL string
	Loc    *time.Location
}

// linkOr links label to url, or is label alone without one.
func linkOr(url, label string) string {
	if url == "" {
		return label
	}
	return "<" + url + "|" + label + ">"
}

// webBlock links path on the public web pages, or is nothing without them.
func webBlock(lang i18n.Lang, webURL, path string) []slack.Block {
	if webURL == "" {
		return nil
	}
	return WebLink(lang, strings.TrimRight(webURL, "/")+path+"?lang="+url.QueryEscape(string(lang)))
}

func CountLine(lang i18n.Lang, c workflow.ConsultCount) string {
	return i18n.T(lang, "consult.count", c.Support, c.Concerns, c.NoOpinion)
}

func (v ConsultView) onWish(lang i18n.Lang) string {
	label := "#" + IDStr(v.WishID) + " " + Clip(v.Wish.Title, 120)
	if v.WishLink == "" {
		label += " (`/wish " + IDStr(v.WishID) + "`)"
	}
	return i18n.T(lang, "consult.on_wish", linkOr(v.WishLink, label))
}

// ConsultationMessage is the consultation in the user club, updated in place: the
// question, the background, who decides (it is advisory), the count by answer and by
// municipality, and the buttons while it is open.
func ConsultationMessage(lang i18n.Lang, v ConsultView) Message {
	c := v.Consultation
	blocks := []slack.Block{Header(i18n.T(lang, "consult.header", Clip(c.Question, 120)))}
	if c.Background != "" {
		blocks = append(blocks, Section(Clip(c.Background, 2800)))
	}
	if c.Link != "" {
		blocks = append(blocks, Section(i18n.T(lang, "consult.background_link", "<"+c.Link+"|"+Clip(c.Link, 200)+">")))
	}
	if c.WishID != 0 {
		blocks = append(blocks, Context(v.onWish(lang)))
	}
	blocks = append(blocks, Context(i18n.T(lang, "consult.advisory", User(c.StartedBy))))
	count := CountLine(lang, v.Tally.Count)
	blocks = append(blocks, Section(count))
	if len(v.Tally.ByMunicipality) > 0 {
		var lines []string
		for _, m := range v.Tally.ByMunicipality {
			name := Esc(m.Municipality)
			if name == "" {
				name = i18n.T(lang, "consult.municipality_unknown")
			}
			lines = append(lines, "• "+name+": "+CountLine(lang, m.ConsultCount))
		}
		blocks = append(blocks, PackLines(lines, 4, MoreText(lang, "poll.more_lines"))...)
	}
	id := IDStr(c.ID)
	switch c.State {
	case workflow.ConsultOpen:
		blocks = append(blocks, Context(i18n.T(lang, "consult.deadline", SlackDate(c.Deadline, v.Loc))),
			Buttons("consult_answer",
				Button(ActConsultSupport, i18n.T(lang, "consult.answer.support"), id, slack.StylePrimary),
				Button(ActConsultConcerns, i18n.T(lang, "consult.answer.concerns"), id, ""),
				Button(ActConsultNoOpinion, i18n.T(lang, "consult.answer.no_opinion"), id, ""),
				Button(ActConsultClose, i18n.T(lang, "consult.close"), id, "")))
	case workflow.ConsultClosed:
		blocks = append(blocks, Context(i18n.T(lang, "consult.closed_line", SlackDate(c.ClosedAt, v.Loc))),
			Buttons("consult_record", Button(ActConsultRecord, i18n.T(lang, "consult.record"), id, slack.StylePrimary)))
	case workflow.ConsultDecided:
		blocks = append(blocks, Section(i18n.T(lang, "consult.decided_line", User(c.DecidedBy), SlackDate(c.DecidedAt, v.Loc), Clip(c.Decision, 2500))))
	}
	return Message{Text: i18n.T(lang, "consult.text", Clip(c.Question, 150), count), Blocks: blocks}
}

// ConsultGroupMessage is the short post in a working group asked as well.
func ConsultGroupMessage(lang i18n.Lang, v ConsultView) Message {
	text := i18n.T(lang, "consult.group_post", linkOr(v.ConsultLink, Clip(v.Question, 150)), SlackDate(v.Deadline, v.Loc))
	return Message{Text: text, Blocks: []slack.Block{Section(text)}}
}

// ConsultResultMessage is the result in the consultation's thread, with the concerns
// quoted, and Record the decision for the secretariat.
func ConsultResultMessage(lang i18n.Lang, v ConsultView) Message {
	text := i18n.T(lang, "consult.result", CountLine(lang, v.Tally.Count))
	lines := []string{text}
	for _, c := range v.Tally.Concerns {
		lines = append(lines, "> "+Clip(OneLine(c.Reason), 500)+" — "+User(c.UserID))
	}
	blocks := PackLines(lines, 40, MoreText(lang, "poll.more_lines"))
	blocks = append(blocks, Context(i18n.T(lang, "consult.result_next")),
		Buttons("consult_record", Button(ActConsultRecord, i18n.T(lang, "consult.record"), IDStr(v.ID), slack.StylePrimary)))
	return Message{Text: text, Blocks: blocks}
}

// ConsultDecisionMessage announces the secretariat's decision in the user club, with a
// link to the consultation and to the wish it concerns.
func ConsultDecisionMessage(lang i18n.Lang, v ConsultView) Message {
	text := i18n.T(lang, "consult.announce", linkOr(v.ConsultLink, Clip(v.Question, 150)), User(v.DecidedBy))
	blocks := []slack.Block{Section(text), Section(Clip(v.Decision, 2800)), Context(CountLine(lang, v.Tally.Count))}
	if v.WishID != 0 {
		blocks = append(blocks, Context(v.onWish(lang)))
	}
	blocks = append(blocks, webBlock(lang, v.WebURL, "/decisions")...)
	return Message{Text: i18n.T(lang, "consult.announce_text", Clip(v.Question, 150)), Blocks: blocks}
}

// proposalBlocks are the proposal as the steering group reads it.
func proposalBlocks(lang i18n.Lang, p workflow.SteeringProposal) []slack.Block {
	amount := ""
	if p.Amount != 0 {
		amount = DKK(lang, p.Amount)
	}
	blocks := []slack.Block{
		Header(i18n.T(lang, "steering.header", Clip(p.Title, 110))),
		Fields(i18n.T(lang, "steering.field.kind"), i18n.T(lang, "steering.kind."+string(p.Kind)),
			i18n.T(lang, "steering.field.amount"), amount,
			i18n.T(lang, "steering.label.proposed_by"), User(p.ProposedBy)),
		Section(Clip(p.Text, 2800)),
	}
	var links []string
	for _, l := range p.Links {
		links = append(links, "• <"+l+"|"+Clip(l, 150)+">")
	}
	if len(links) > 0 {
		blocks = append(blocks, Section(strings.Join(links, "\n")))
	}
	if p.Internal {
		blocks = append(blocks, Context(i18n.T(lang, "steering.internal_note")))
	}
	return blocks
}

// ProposalMessage is the proposal in the steering channel, with Approve and Decline
// while it waits and the decision once made.
func ProposalMessage(lang i18n.Lang, v ProposalView) Message {
	p := v.SteeringProposal
	blocks := proposalBlocks(lang, p)
	if p.State == workflow.ProposalPending {
		id := IDStr(p.ID)
		blocks = append(blocks, Buttons("steering_decide",
			Button(ActSteeringApprove, i18n.T(lang, "approve.button"), id, slack.StylePrimary),
			Button(ActSteeringDecline, i18n.T(lang, "decline.button"), id, slack.StyleDanger)))
	} else {
		blocks = append(blocks, Section(steeringDecisionLine(lang, v)))
	}
	return Message{Text: i18n.T(lang, "steering.text", Clip(p.Title, 150)), Blocks: blocks}
}

func steeringDecisionLine(lang i18n.Lang, v ProposalView) string {
	line := i18n.T(lang, "steering.decided."+string(v.State), User(v.DecidedBy), SlackDate(v.DecidedAt, v.Loc))
	if v.DecisionNote != "" {
		line += "\n> " + Clip(OneLine(v.DecisionNote), 2000)
	}
	return line
}

// SteeringDecisionMessage announces the decision: in the user club, or, for an
// internal proposal, in the secretariat's channel only (without a link to the public
// pages, which do not show it).
func SteeringDecisionMessage(lang i18n.Lang, v ProposalView) Message {
	text := i18n.T(lang, "steering.announce."+string(v.State), Clip(v.Title, 150))
	blocks := append([]slack.Block{Section(text)}, proposalBlocks(lang, v.SteeringProposal)[1:]...)
	blocks = append(blocks, Section(steeringDecisionLine(lang, v)))
	if v.Public() {
		blocks = append(blocks, webBlock(lang, v.WebURL, "/decisions")...)
	}
	return Message{Text: text, Blocks: blocks}
}

// ConsultButton is Consult the user club on the secretariat's card of an open wish.
func ConsultButton(lang i18n.Lang, w workflow.Wish, n workflow.Notice) []slack.BlockElement {
	if n.Kind != workflow.NoticeWishCard || !w.State.Open() {
		return nil
	}
	return []slack.BlockElement{Button(ActConsultOpen, i18n.T(lang, "consult.button"), IDStr(w.ID), "")}
}

// SourcePart links a wish card to the Slack message the wish was made from.
func SourcePart(lang i18n.Lang, c Card) []slack.Block {
	if l := c.Detail.Wish.SourceLink; l != "" {
		return []slack.Block{Context(i18n.T(lang, "wish.source", "<"+l+"|"+i18n.T(lang, "wish.source_label")+">"))}
	}
	return nil
}

// ConsultStartedHistory, ConsultClosedHistory and ConsultDecidedHistory say a
// consultation's steps in the history of the wish it concerns.
func ConsultStartedHistory(lang i18n.Lang, e workflow.Event) string {
	return i18n.T(lang, "history.consult_started", User(e.Actor))
}

// ConsultClosedHistory says that the consultation closed.
func ConsultClosedHistory(lang i18n.Lang, _ workflow.Event) string {
	return i18n.T(lang, "history.consult_closed")
}

// ConsultDecidedHistory says who recorded the decision after the consultation.
func ConsultDecidedHistory(lang i18n.Lang, e workflow.Event) string {
	return i18n.T(lang, "history.consult_decided", User(e.Actor))
}

// HomeConsultations is the secretariat's part of the Home tab: Consult the user club,
// and the consultations open or awaiting its decision, linked.
func HomeConsultations(lang i18n.Lang, h Home) []slack.Block {
	if !h.Secretariat {
		return nil
	}
	var lines []string
	for _, c := range h.Consultations {
		if c.State != workflow.ConsultDecided && len(lines) < HomeItems {
			label := Clip(c.Question, 150)
			if l := h.ConsultLinks[c.ID]; l != "" {
				label = "<" + l + "|" + label + ">"
			}
			lines = append(lines, i18n.T(lang, "decisions.consult_line", c.ID, label, i18n.T(lang, "consult.state."+string(c.State))))
		}
	}
	blocks := []slack.Block{Header(i18n.T(lang, "home.consultations"))}
	if len(lines) > 0 {
		blocks = append(blocks, Section(strings.Join(lines, "\n")))
	}
	return append(blocks, Buttons("home_consult", Button(ActConsultOpen, i18n.T(lang, "consult.button"), "0", "")), slack.NewDividerBlock())
}
