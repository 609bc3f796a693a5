package bot

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/workflow"
)

// The views of consultations and steering proposals are pure: a view-model in, Block
// Kit out, so that they are checked against golden files in both languages
// (consult_view_test.go). The renderers in consult_render.go and steering.go load the
// view-model from stored state.

// consultView is what the views of a consultation show: the consultation with its
// counts, the permalinks of its message and of the card of the wish it concerns ("" for
// none), the public web pages' address ("" for none) and the time zone of dates.
type consultView struct {
	workflow.ConsultationDetail
	ConsultLink string
	WishLink    string
	WebURL      string
	Loc         *time.Location
}

// proposalView is what the views of a steering proposal show.
type proposalView struct {
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

// dateIn shows t in loc through Slack's date formatting, the local time as fallback.
func dateIn(t time.Time, loc *time.Location) string {
	if loc == nil {
		loc = time.UTC
	}
	return fmt.Sprintf("<!date^%d^{date_short_pretty} {time}|%s>", t.Unix(), t.In(loc).Format("2006-01-02 15:04"))
}

// webBlock links path on the public web pages, or is nothing without them.
func webBlock(lang i18n.Lang, webURL, path string) []slack.Block {
	if webURL == "" {
		return nil
	}
	u := strings.TrimRight(webURL, "/") + path + "?lang=" + url.QueryEscape(string(lang))
	return []slack.Block{context_(i18n.T(lang, "web.view", u))}
}

func countLine(lang i18n.Lang, c workflow.ConsultCount) string {
	return i18n.T(lang, "consult.count", c.Support, c.Concerns, c.NoOpinion)
}

func (v consultView) onWish(lang i18n.Lang) string {
	label := "#" + idStr(v.WishID) + " " + clip(v.Wish.Title, 120)
	if v.WishLink == "" {
		label += " (`/wish " + idStr(v.WishID) + "`)"
	}
	return i18n.T(lang, "consult.on_wish", linkOr(v.WishLink, label))
}

// consultationMessage is the consultation in the user club, updated in place: the
// question, the background, who decides (it is advisory), the count by answer and by
// municipality, and the buttons while it is open.
func consultationMessage(lang i18n.Lang, v consultView) message {
	c := v.Consultation
	blocks := []slack.Block{header(i18n.T(lang, "consult.header", clip(c.Question, 120)))}
	if c.Background != "" {
		blocks = append(blocks, section(clip(c.Background, 2800)))
	}
	if c.Link != "" {
		blocks = append(blocks, section(i18n.T(lang, "consult.background_link", "<"+c.Link+"|"+clip(c.Link, 200)+">")))
	}
	if c.WishID != 0 {
		blocks = append(blocks, context_(v.onWish(lang)))
	}
	blocks = append(blocks, context_(i18n.T(lang, "consult.advisory", user(c.StartedBy))))
	count := countLine(lang, v.Tally.Count)
	blocks = append(blocks, section(count))
	if len(v.Tally.ByMunicipality) > 0 {
		var lines []string
		for _, m := range v.Tally.ByMunicipality {
			name := esc(m.Municipality)
			if name == "" {
				name = i18n.T(lang, "consult.municipality_unknown")
			}
			lines = append(lines, "• "+name+": "+countLine(lang, m.ConsultCount))
		}
		blocks = append(blocks, packLines(lines, 4, moreText(lang, "poll.more_lines"))...)
	}
	id := idStr(c.ID)
	switch c.State {
	case workflow.ConsultOpen:
		blocks = append(blocks, context_(i18n.T(lang, "consult.deadline", dateIn(c.Deadline, v.Loc))),
			buttons("consult_answer",
				button(cActSupport, i18n.T(lang, "consult.answer.support"), id, slack.StylePrimary),
				button(cActConcerns, i18n.T(lang, "consult.answer.concerns"), id, ""),
				button(cActNoOpinion, i18n.T(lang, "consult.answer.no_opinion"), id, ""),
				button(cActClose, i18n.T(lang, "consult.close"), id, "")))
	case workflow.ConsultClosed:
		blocks = append(blocks, context_(i18n.T(lang, "consult.closed_line", dateIn(c.ClosedAt, v.Loc))),
			buttons("consult_record", button(cActRecord, i18n.T(lang, "consult.record"), id, slack.StylePrimary)))
	case workflow.ConsultDecided:
		blocks = append(blocks, section(i18n.T(lang, "consult.decided_line", user(c.DecidedBy), dateIn(c.DecidedAt, v.Loc), clip(c.Decision, 2500))))
	}
	return message{Text: i18n.T(lang, "consult.text", clip(c.Question, 150), count), Blocks: blocks}
}

// consultGroupMessage is the short post in a working group asked as well.
func consultGroupMessage(lang i18n.Lang, v consultView) message {
	text := i18n.T(lang, "consult.group_post", linkOr(v.ConsultLink, clip(v.Question, 150)), dateIn(v.Deadline, v.Loc))
	return message{Text: text, Blocks: []slack.Block{section(text)}}
}

// consultResultMessage is the result in the consultation's thread, with the concerns
// quoted, and Record the decision for the secretariat.
func consultResultMessage(lang i18n.Lang, v consultView) message {
	text := i18n.T(lang, "consult.result", countLine(lang, v.Tally.Count))
	lines := []string{text}
	for _, c := range v.Tally.Concerns {
		lines = append(lines, "> "+clip(oneLine(c.Reason), 500)+" — "+user(c.UserID))
	}
	blocks := packLines(lines, 40, moreText(lang, "poll.more_lines"))
	blocks = append(blocks, context_(i18n.T(lang, "consult.result_next")),
		buttons("consult_record", button(cActRecord, i18n.T(lang, "consult.record"), idStr(v.ID), slack.StylePrimary)))
	return message{Text: text, Blocks: blocks}
}

// consultDecisionMessage announces the secretariat's decision in the user club, with a
// link to the consultation and to the wish it concerns.
func consultDecisionMessage(lang i18n.Lang, v consultView) message {
	text := i18n.T(lang, "consult.announce", linkOr(v.ConsultLink, clip(v.Question, 150)), user(v.DecidedBy))
	blocks := []slack.Block{section(text), section(clip(v.Decision, 2800)), context_(countLine(lang, v.Tally.Count))}
	if v.WishID != 0 {
		blocks = append(blocks, context_(v.onWish(lang)))
	}
	blocks = append(blocks, webBlock(lang, v.WebURL, "/decisions")...)
	return message{Text: i18n.T(lang, "consult.announce_text", clip(v.Question, 150)), Blocks: blocks}
}

// proposalBlocks are the proposal as the steering group reads it.
func proposalBlocks(lang i18n.Lang, p workflow.SteeringProposal) []slack.Block {
	amount := ""
	if p.Amount != 0 {
		amount = dkk(lang, p.Amount)
	}
	blocks := []slack.Block{
		header(i18n.T(lang, "steering.header", clip(p.Title, 110))),
		fields(i18n.T(lang, "steering.field.kind"), i18n.T(lang, "steering.kind."+string(p.Kind)),
			i18n.T(lang, "steering.field.amount"), amount,
			i18n.T(lang, "steering.label.proposed_by"), user(p.ProposedBy)),
		section(clip(p.Text, 2800)),
	}
	var links []string
	for _, l := range p.Links {
		links = append(links, "• <"+l+"|"+clip(l, 150)+">")
	}
	if len(links) > 0 {
		blocks = append(blocks, section(strings.Join(links, "\n")))
	}
	if p.Internal {
		blocks = append(blocks, context_(i18n.T(lang, "steering.internal_note")))
	}
	return blocks
}

// proposalMessage is the proposal in the steering channel, with Approve and Decline
// while it waits and the decision once made.
func proposalMessage(lang i18n.Lang, v proposalView) message {
	p := v.SteeringProposal
	blocks := proposalBlocks(lang, p)
	if p.State == workflow.ProposalPending {
		id := idStr(p.ID)
		blocks = append(blocks, buttons("steering_decide",
			button(stActApprove, i18n.T(lang, "approve.button"), id, slack.StylePrimary),
			button(stActDecline, i18n.T(lang, "decline.button"), id, slack.StyleDanger)))
	} else {
		blocks = append(blocks, section(steeringDecisionLine(lang, v)))
	}
	return message{Text: i18n.T(lang, "steering.text", clip(p.Title, 150)), Blocks: blocks}
}

func steeringDecisionLine(lang i18n.Lang, v proposalView) string {
	line := i18n.T(lang, "steering.decided."+string(v.State), user(v.DecidedBy), dateIn(v.DecidedAt, v.Loc))
	if v.DecisionNote != "" {
		line += "\n> " + clip(oneLine(v.DecisionNote), 2000)
	}
	return line
}

// steeringDecisionMessage announces the decision: in the user club, or, for an
// internal proposal, in the secretariat's channel only (without a link to the public
// pages, which do not show it).
func steeringDecisionMessage(lang i18n.Lang, v proposalView) message {
	text := i18n.T(lang, "steering.announce."+string(v.State), clip(v.Title, 150))
	blocks := append([]slack.Block{section(text)}, proposalBlocks(lang, v.SteeringProposal)[1:]...)
	blocks = append(blocks, section(steeringDecisionLine(lang, v)))
	if v.Public() {
		blocks = append(blocks, webBlock(lang, v.WebURL, "/decisions")...)
	}
	return message{Text: text, Blocks: blocks}
}
