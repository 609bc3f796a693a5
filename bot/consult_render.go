package bot

import (
	"context"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/workflow"
)

// consultRenderers are the views of consultations and steering proposals.
var consultRenderers = map[string]renderFunc{
	string(workflow.NoticeConsultation):     renderConsultation,
	string(workflow.NoticeConsultGroup):     renderConsultGroup,
	string(workflow.NoticeConsultResult):    renderConsultResult,
	string(workflow.NoticeConsultDecision):  renderConsultDecision,
	string(workflow.NoticeSteeringProposal): renderSteeringProposal,
	string(workflow.NoticeSteeringDecision): renderSteeringDecision,
}

// noticeEntity is the consultation or proposal a notice is about: its message key
// ("consultation/3") or, for notices without one, its payload ("3").
func noticeEntity(n workflow.Notice) (int64, error) {
	s := n.Payload
	if i := strings.LastIndexByte(n.Ref, '/'); i >= 0 && s == "" {
		s = n.Ref[i+1:]
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, &workflow.Error{Kind: workflow.NotFound, Msg: "notice without its consultation or proposal", Err: errNoCard}
	}
	return id, nil
}

func (b *Bot) noticeConsultation(ctx context.Context, n workflow.Notice) (workflow.ConsultationDetail, error) {
	id, err := noticeEntity(n)
	if err != nil {
		return workflow.ConsultationDetail{}, err
	}
	return b.svc.Consultation(ctx, id)
}

// countLine is the count by answer.
func (b *Bot) countLine(lang i18n.Lang, c workflow.ConsultCount) string {
	return i18n.T(lang, "consult.count", c.Support, c.Concerns, c.NoOpinion)
}

// renderConsultation is the consultation in the user club, updated in place: the
// question, the background, the count by answer and by municipality, and the buttons
// while it is open. It says that it is advisory and who decides.
func renderConsultation(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (message, error) {
	d, err := b.noticeConsultation(ctx, n)
	if err != nil {
		return message{}, err
	}
	c := d.Consultation
	blocks := []slack.Block{header(i18n.T(lang, "consult.header", clip(c.Question, 120)))}
	if c.Background != "" {
		blocks = append(blocks, section(clip(c.Background, 2800)))
	}
	if c.Link != "" {
		blocks = append(blocks, section(i18n.T(lang, "consult.background_link", "<"+c.Link+"|"+clip(c.Link, 200)+">")))
	}
	if c.WishID != 0 {
		blocks = append(blocks, context_(i18n.T(lang, "consult.on_wish", b.refLink(ctx, "#"+idStr(c.WishID)+" "+clip(d.Wish.Title, 120), workflow.WishRef(c.WishID, "secretariat")))))
	}
	blocks = append(blocks, context_(i18n.T(lang, "consult.advisory", user(c.StartedBy))))
	count := b.countLine(lang, d.Tally.Count)
	blocks = append(blocks, section(count))
	if len(d.Tally.ByMunicipality) > 0 {
		var lines []string
		for _, m := range d.Tally.ByMunicipality {
			name := esc(m.Municipality)
			if name == "" {
				name = i18n.T(lang, "consult.municipality_unknown")
			}
			lines = append(lines, "• "+name+": "+b.countLine(lang, m.ConsultCount))
		}
		blocks = append(blocks, packLines(lines, 4, moreText(lang, "poll.more_lines"))...)
	}
	id := idStr(c.ID)
	switch c.State {
	case workflow.ConsultOpen:
		blocks = append(blocks, context_(i18n.T(lang, "consult.deadline", b.slackDate(c.Deadline))),
			buttons("consult_answer",
				button(cActSupport, i18n.T(lang, "consult.answer.support"), id, slack.StylePrimary),
				button(cActConcerns, i18n.T(lang, "consult.answer.concerns"), id, ""),
				button(cActNoOpinion, i18n.T(lang, "consult.answer.no_opinion"), id, ""),
				button(cActClose, i18n.T(lang, "consult.close"), id, "")))
	case workflow.ConsultClosed:
		blocks = append(blocks, context_(i18n.T(lang, "consult.closed_line", b.slackDate(c.ClosedAt))),
			buttons("consult_record", button(cActRecord, i18n.T(lang, "consult.record"), id, slack.StylePrimary)))
	case workflow.ConsultDecided:
		blocks = append(blocks, section(i18n.T(lang, "consult.decided_line", user(c.DecidedBy), b.slackDate(c.DecidedAt), clip(c.Decision, 2500))))
	}
	return message{Text: i18n.T(lang, "consult.text", clip(c.Question, 150), count), Blocks: blocks}, nil
}

// renderConsultGroup is the short post in a working group asked as well.
func renderConsultGroup(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (message, error) {
	d, err := b.noticeConsultation(ctx, n)
	if err != nil {
		return message{}, err
	}
	link := b.refLink(ctx, clip(d.Question, 150), workflow.ConsultRef(d.ID))
	text := i18n.T(lang, "consult.group_post", link, b.slackDate(d.Deadline))
	return message{Text: text, Blocks: []slack.Block{section(text)}}, nil
}

// renderConsultResult is the result in the consultation's thread, with the concerns
// quoted, and Record the decision for the secretariat.
func renderConsultResult(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (message, error) {
	d, err := b.noticeConsultation(ctx, n)
	if err != nil {
		return message{}, err
	}
	text := i18n.T(lang, "consult.result", b.countLine(lang, d.Tally.Count))
	lines := []string{text}
	for _, c := range d.Tally.Concerns {
		lines = append(lines, "> "+clip(oneLine(c.Reason), 500)+" — "+user(c.UserID))
	}
	blocks := packLines(lines, 40, moreText(lang, "poll.more_lines"))
	blocks = append(blocks, context_(i18n.T(lang, "consult.result_next")),
		buttons("consult_record", button(cActRecord, i18n.T(lang, "consult.record"), idStr(d.ID), slack.StylePrimary)))
	return message{Text: text, Blocks: blocks}, nil
}

// renderConsultDecision announces the secretariat's decision in the user club.
func renderConsultDecision(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (message, error) {
	d, err := b.noticeConsultation(ctx, n)
	if err != nil {
		return message{}, err
	}
	link := b.refLink(ctx, clip(d.Question, 150), workflow.ConsultRef(d.ID))
	text := i18n.T(lang, "consult.announce", link, user(d.DecidedBy))
	blocks := []slack.Block{section(text), section(clip(d.Decision, 2800)), context_(b.countLine(lang, d.Tally.Count))}
	if d.WishID != 0 {
		blocks = append(blocks, context_(i18n.T(lang, "consult.on_wish", b.refLink(ctx, "#"+idStr(d.WishID)+" "+clip(d.Wish.Title, 120), workflow.WishRef(d.WishID, "secretariat")))))
	}
	blocks = append(blocks, b.webLink(lang, "/decisions")...)
	return message{Text: i18n.T(lang, "consult.announce_text", clip(d.Question, 150)), Blocks: blocks}, nil
}
