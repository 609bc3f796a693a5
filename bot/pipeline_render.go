package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/workflow"
)

func init() {
	cardButtons = append(cardButtons, pipelineButtons)
	cardBlocks = append(cardBlocks, pipelineCardBlocks)
	ownerButtons = append(ownerButtons, withdrawButton)
	historyTexts[workflow.EvEstimate] = func(lang i18n.Lang, e workflow.Event) string {
		amount, hours := workflow.EstimateOfEvent(e.Data)
		return i18n.T(lang, "history.estimate", user(e.Actor), dkk(lang, amount), hoursCount(lang, hours), e.Data["revision"])
	}
	historyTexts[workflow.EvInitiativeWishLeft] = func(lang i18n.Lang, e workflow.Event) string {
		return i18n.T(lang, "history.wish_left") // the note is the initiative's title
	}
	changeTexts[workflow.EvEstimate] = func(lang i18n.Lang, b *Bot, w workflow.Wish, e workflow.Event) string {
		amount, hours := workflow.EstimateOfEvent(e.Data)
		return i18n.T(lang, "estimate.changed", plWishName(w), dkk(lang, amount), hoursCount(lang, hours), user(e.Actor))
	}
}

var pipelineRenderers = map[string]renderFunc{
	string(workflow.NoticeSpecReady):      renderSpecReady,
	string(workflow.NoticeEstimateNews):   renderEstimateNews,
	string(workflow.NoticeRecommendation): renderRecommendation,
	string(workflow.NoticeWishLeft):       renderWishLeft,
	string(workflow.NoticeDecision):       renderDecision,
	string(workflow.NoticePlan):           renderPlan,
	string(workflow.NoticePlanChanged):    renderPlanChanged,
	string(workflow.NoticeDelivered):      renderDelivered,
}

// pipelineButtons are a wish card's buttons for the steps after prioritisation: the
// requirements on both cards, the secretariat's steps on its own card.
func pipelineButtons(lang i18n.Lang, w workflow.Wish, n workflow.Notice) []slack.BlockElement {
	id := idStr(w.ID)
	var els []slack.BlockElement
	if workflow.CanAddSpec(w) {
		els = append(els, button(plActSpec, i18n.T(lang, "spec.button"), id, slack.StylePrimary))
	}
	if n.Kind != workflow.NoticeWishCard {
		return els
	}
	switch {
	case w.State == workflow.StateSpecified:
		els = append(els, button(plActEstimate, i18n.T(lang, "estimate.button"), id, slack.StylePrimary))
	case workflow.CanEstimate(w):
		els = append(els, button(plActEstimate, i18n.T(lang, "estimate.revise"), id, ""))
	}
	if w.State == workflow.StateEstimated {
		els = append(els, button(plActRecommend, i18n.T(lang, "recommend.button"), id, slack.StylePrimary))
	}
	switch {
	case w.State == workflow.StatePlanned:
		els = append(els, button(plActPlan, i18n.T(lang, "plan.move"), id, ""),
			button(plActDeliver, i18n.T(lang, "deliver.button"), id, slack.StylePrimary))
	case workflow.CanPlan(w):
		els = append(els, button(plActPlan, i18n.T(lang, "plan.button"), id, slack.StylePrimary))
	}
	return els
}

// withdrawButton lets the submitter withdraw their wish while it is not yet approved.
func withdrawButton(lang i18n.Lang, w workflow.Wish, viewer string) []slack.BlockElement {
	if viewer != w.SubmitterID || !w.State.Withdrawable() {
		return nil
	}
	bt := button(plActWithdraw, i18n.T(lang, "withdraw.button"), idStr(w.ID), slack.StyleDanger)
	bt.Confirm = slack.NewConfirmationBlockObject(plain(truncate(i18n.T(lang, "withdraw.button"), 100)),
		plain(truncate(i18n.T(lang, "withdraw.confirm"), 300)), plain(truncate(i18n.T(lang, "withdraw.button"), 30)), plain(truncate(i18n.T(lang, "modal.cancel"), 30)))
	return []slack.BlockElement{bt}
}

// pipelineCardBlocks show a card's specification, estimates and cycle once it has them.
func pipelineCardBlocks(ctx context.Context, b *Bot, lang i18n.Lang, d workflow.WishDetail, _ workflow.Notice) []slack.Block {
	w := d.Wish
	var lines []string
	if w.SpecSummary != "" || w.SpecLink != "" {
		lines = append(lines, specLine(lang, w))
	}
	es, err := b.svc.Estimates(ctx, w.ID)
	if err != nil {
		b.log.Warn().Err(err).Int64("wish", w.ID).Msg("could not load the estimates of a card")
	}
	for i, e := range es {
		lines = append(lines, i18n.T(lang, "estimate.line", i+1, dkk(lang, e.Amount), hoursCount(lang, e.Hours), user(e.By), b.date(e.At))+noteSuffix(e.Note, 200))
	}
	if w.Cycle != "" && (w.State == workflow.StatePlanned || w.State == workflow.StateDelivered) {
		lines = append(lines, i18n.T(lang, "plan.card_line", esc(w.Cycle)))
	}
	if len(lines) == 0 {
		return nil
	}
	return []slack.Block{section(truncate(strings.Join(lines, "\n"), 3000))}
}

func specLine(lang i18n.Lang, w workflow.Wish) string {
	s := i18n.T(lang, "spec.line", clip(w.SpecSummary, 1000))
	if w.SpecLink != "" {
		s += " " + i18n.T(lang, "spec.link", "<"+esc(w.SpecLink)+"|"+i18n.T(lang, "spec.link_label")+">")
	}
	return s
}

func noteSuffix(note string, n int) string {
	if note == "" {
		return ""
	}
	return ": _" + clip(oneLine(note), n) + "_"
}

// dkk shows an amount as each language writes it: "DKK 250,000.50" or
// "250.000,50 kr."; øre only when there are some.
func dkk(lang i18n.Lang, a workflow.Amount) string {
	if lang == i18n.Danish {
		return a.Format(".", ",") + " kr."
	}
	return "DKK " + a.Format(",", ".")
}

// hoursText shows a number of hours as each language writes it: "7.5" or "7,5".
func hoursText(lang i18n.Lang, h workflow.Hours) string {
	if lang == i18n.Danish {
		return h.Format(".", ",")
	}
	return h.Format(",", ".")
}

// hoursCount shows hours with their unit, singular only for exactly one hour:
// "1 hour", "7.5 hours", "7,5 timer".
func hoursCount(lang i18n.Lang, h workflow.Hours) string {
	key := "count.hours.many"
	if h == workflow.WholeHours(1) {
		key = "count.hours.one"
	}
	return i18n.T(lang, key, hoursText(lang, h))
}

func renderSpecReady(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (message, error) {
	d, e, err := noticeWish(ctx, b, n)
	if err != nil {
		return message{}, err
	}
	w := d.Wish
	text := i18n.T(lang, "spec.ready", plWishName(w), esc(b.groupName(ctx, w.Group)), user(e.Actor))
	blocks := []slack.Block{section(text), section(specLine(lang, w))}
	if workflow.CanEstimate(w) {
		blocks = append(blocks, buttons("spec_ready", button(plActEstimate, i18n.T(lang, "estimate.button"), idStr(w.ID), slack.StylePrimary)))
	}
	return message{Text: text, Blocks: blocks}, nil
}

func renderEstimateNews(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (message, error) {
	d, e, err := noticeWish(ctx, b, n)
	if err != nil {
		return message{}, err
	}
	amount, hours := workflow.EstimateOfEvent(e.Data)
	text := i18n.T(lang, "estimate.news", b.wishLink(ctx, d.Wish), dkk(lang, amount), hoursCount(lang, hours), user(e.Actor))
	blocks := []slack.Block{section(text + noteSuffix(e.Note, 1000))}
	if ini, ok, _ := b.svc.InitiativeOfWish(ctx, d.Wish.ID); ok && ini.State == workflow.InitiativeApproved {
		blocks = append(blocks, context_(i18n.T(lang, "estimate.decision_stands", clip(ini.Title, 200), user(ini.DecidedBy),
			esc(financingName(lang, ini.Financing, ini.FinancingName)))))
	}
	return message{Text: text, Blocks: blocks}, nil
}

// initiativeID reads the initiative's id from its message key.
func initiativeID(ref string) (int64, error) {
	id, ok := idValue(strings.TrimPrefix(ref, "initiative/"))
	if !ok || !strings.HasPrefix(ref, "initiative/") {
		return 0, fmt.Errorf("%w: %q", errNoCard, ref)
	}
	return id, nil
}

// renderRecommendation is the initiative in the steering channel: while it awaits a
// decision it has Approve and Decline; once decided it shows the decision instead.
func renderRecommendation(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (message, error) {
	id, err := initiativeID(n.Ref)
	if err != nil {
		return message{}, err
	}
	d, err := b.svc.InitiativeDetail(ctx, id)
	if err != nil {
		return message{}, err
	}
	ini := d.Initiative
	blocks := []slack.Block{
		header(i18n.T(lang, "recommend.header", clip(ini.Title, 120))),
		section(i18n.T(lang, "recommend.by", user(ini.RecommendedBy), b.slackDate(ini.RecommendedAt)) + "\n" + quote(ini.Recommendation, 2500)),
		section(b.initiativeWishLines(ctx, lang, d, false)),
	}
	blocks = append(blocks, totalBlocks(lang, d)...)
	if ini.State == workflow.InitiativeRecommended {
		v := idStr(ini.ID)
		blocks = append(blocks, buttons("initiative", button(plActApprove, i18n.T(lang, "approve.button"), v, slack.StylePrimary),
			button(plActDecline, i18n.T(lang, "decline.button"), v, slack.StyleDanger)))
	} else {
		blocks = append(blocks, section(decisionLine(lang, b, ini)))
	}
	return message{Text: i18n.T(lang, "recommend.text", clip(ini.Title, 150)), Blocks: blocks}, nil
}

// initiativeWishLines lists an initiative's wishes with group, priority and latest
// estimate; links make them followable from the user club.
func (b *Bot) initiativeWishLines(ctx context.Context, lang i18n.Lang, d workflow.InitiativeDetail, links bool) string {
	var lines []string
	for _, w := range d.Wishes {
		name := plWishName(w)
		if links {
			name = b.wishLink(ctx, w)
		}
		l := i18n.T(lang, "recommend.wish", name, esc(b.groupName(ctx, w.Group)), priorityName(lang, w.Priority))
		e, ok := d.Latest[w.ID]
		if at, decided := d.Decided[w.ID]; decided {
			e, ok = at, true // the estimate the decision was made on
		}
		if ok {
			l += " · " + i18n.T(lang, "recommend.estimate", dkk(lang, e.Amount), hoursCount(lang, e.Hours))
		}
		if latest, revised := d.Latest[w.ID]; revised && ok && latest.ID != e.ID {
			l += " · " + i18n.T(lang, "recommend.revised", dkk(lang, latest.Amount), hoursCount(lang, latest.Hours))
		}
		lines = append(lines, l)
	}
	return truncate(strings.Join(lines, "\n"), 3000)
}

// totalBlocks show an initiative's total estimate: while it awaits the decision, the
// latest estimates; once decided, the total decided on, with a later revision beside it.
func totalBlocks(lang i18n.Lang, d workflow.InitiativeDetail) []slack.Block {
	ini := d.Initiative
	amount, hours := workflow.TotalAmount(d.Latest)
	decided := ini.State == workflow.InitiativeApproved || ini.State == workflow.InitiativeDeclined
	// DecidedEstimate 0: decided before totals were kept, on estimates migration 005
	// could not tell; the latest are all there is to show.
	if !decided || ini.DecidedEstimate == 0 {
		return []slack.Block{fields(i18n.T(lang, "recommend.total"), dkk(lang, amount), i18n.T(lang, "recommend.hours"), hoursText(lang, hours))}
	}
	label := "recommend.total_approved"
	if ini.State == workflow.InitiativeDeclined {
		label = "recommend.total_declined"
	}
	blocks := []slack.Block{fields(i18n.T(lang, label), dkk(lang, ini.DecidedAmount), i18n.T(lang, "recommend.hours"), hoursText(lang, ini.DecidedHours))}
	if d.Revised() {
		blocks = append(blocks, context_(i18n.T(lang, "recommend.revised_total", dkk(lang, amount), hoursCount(lang, hours))))
	}
	return blocks
}

func priorityName(lang i18n.Lang, p workflow.Priority) string {
	if p == "" {
		return "–"
	}
	return i18n.T(lang, "priority."+string(p))
}

// decisionLine says what the steering group decided, who, when, and why.
func decisionLine(lang i18n.Lang, b *Bot, ini workflow.Initiative) string {
	var s string
	switch ini.State {
	case workflow.InitiativeApproved:
		s = i18n.T(lang, "decision.approved_line", user(ini.DecidedBy), b.slackDate(ini.DecidedAt), esc(financingName(lang, ini.Financing, ini.FinancingName)))
	case workflow.InitiativeWithdrawn:
		s = i18n.T(lang, "decision.withdrawn_line", user(ini.DecidedBy), b.slackDate(ini.DecidedAt))
	default:
		s = i18n.T(lang, "decision.declined_line", user(ini.DecidedBy), b.slackDate(ini.DecidedAt))
	}
	if ini.DecisionNote != "" {
		s += "\n" + quote(ini.DecisionNote, 2000)
	}
	return s
}

// renderDecision announces the steering group's decision in the user club.
func renderDecision(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (message, error) {
	e, err := b.store.Event(ctx, n.EventID)
	if err != nil {
		return message{}, err
	}
	id, ok := idValue(e.Data["initiative"])
	if !ok {
		return message{}, fmt.Errorf("%w: decision event %d", errNoCard, e.ID)
	}
	d, err := b.svc.InitiativeDetail(ctx, id)
	if err != nil {
		return message{}, err
	}
	ini := d.Initiative
	key := "decision.announce_approved"
	if ini.State != workflow.InitiativeApproved {
		key = "decision.announce_declined"
	}
	text := i18n.T(lang, key, clip(ini.Title, 150))
	blocks := []slack.Block{section(text), section(b.initiativeWishLines(ctx, lang, d, true))}
	blocks = append(blocks, totalBlocks(lang, d)...)
	blocks = append(blocks, section(decisionLine(lang, b, ini)))
	blocks = append(blocks, b.webLink(lang, "/decisions")...)
	return message{Text: text, Blocks: blocks}, nil
}

// renderWishLeft tells the steering group, in the thread of the initiative's message,
// that a wish left it: withdrawn by its submitter or marked a duplicate. The total is
// the initiative's as stored now; when no wish is left, there is nothing to decide.
func renderWishLeft(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (message, error) {
	e, err := b.store.Event(ctx, n.EventID)
	if err != nil {
		return message{}, err
	}
	id, ok := idValue(e.Data["initiative"])
	if !ok {
		return message{}, fmt.Errorf("%w: wish-left event %d", errNoCard, e.ID)
	}
	d, err := b.svc.InitiativeDetail(ctx, id)
	if err != nil {
		return message{}, err
	}
	w, err := b.svc.Wish(ctx, e.WishID)
	if err != nil {
		return message{}, err
	}
	key := "initiative.wish_withdrawn"
	if workflow.State(e.Data["state"]) == workflow.StateDuplicate {
		key = "initiative.wish_duplicate"
	}
	text := i18n.T(lang, key, plWishName(w.Wish), user(e.Actor))
	if e.Data["ended"] == "true" {
		text += " " + i18n.T(lang, "initiative.nothing_left")
	} else {
		amount, hours := workflow.TotalAmount(d.Latest)
		text += " " + i18n.T(lang, "initiative.total_now", len(d.Wishes), dkk(lang, amount), hoursCount(lang, hours))
	}
	return message{Text: text, Blocks: []slack.Block{section(text)}}, nil
}

// wishLink links a wish's card in its working group's channel, which the user club
// can read; without one it names the command that shows the wish.
func (b *Bot) wishLink(ctx context.Context, w workflow.Wish) string {
	if w.Group != "" {
		if link, ok := b.permalinkTo(ctx, workflow.WishRef(w.ID, "group/"+w.Group), plWishName(w)); ok {
			return link
		}
	}
	return plWishName(w) + " (`/wish " + idStr(w.ID) + "`)"
}

// renderPlan is the development plan of a cycle: one message in the user club,
// updated in place; the cycle is read from its message key.
func renderPlan(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (message, error) {
	name, ok := strings.CutPrefix(n.Ref, "plan/")
	if !ok {
		return message{}, fmt.Errorf("%w: %q", errNoCard, n.Ref)
	}
	p, err := b.svc.PlanOf(ctx, name)
	if err != nil {
		return message{}, err
	}
	link := b.webLink(lang, planPath(name))
	return message{Text: i18n.T(lang, "plan.text", esc(name)), Blocks: append(b.planBlocks(lang, p, 50-len(link)), link...)}, nil
}

// planBlocks shows a cycle's plan within room blocks.
func (b *Bot) planBlocks(lang i18n.Lang, p workflow.CyclePlan, room int) []slack.Block {
	c := p.Cycle
	blocks := []slack.Block{header(i18n.T(lang, "plan.header", c.Name)),
		context_(i18n.T(lang, "plan.expected", c.Expected.Format(time.DateOnly), len(p.Wishes)))}
	if !c.DeliveredAt.IsZero() {
		blocks = append(blocks, context_(i18n.T(lang, "plan.cycle_delivered", b.date(c.DeliveredAt))))
	}
	if len(p.Wishes) == 0 {
		return append(blocks, section(i18n.T(lang, "plan.empty")))
	}
	lines := make([]string, len(p.Wishes))
	for i, w := range p.Wishes {
		mark := ":hourglass_flowing_sand:"
		if w.State == workflow.StateDelivered {
			mark = ":white_check_mark:"
		}
		lines[i] = fmt.Sprintf("%s *#%d* %s: _%s_", mark, w.ID, clip(w.Title, 120), stateName(lang, w.State))
		if r := p.Ranks[w.ID]; r > 0 {
			lines[i] += " · " + i18n.T(lang, "rank.short", r)
		}
	}
	return append(blocks, packLines(lines, room-len(blocks), moreText(lang, "plan.more"))...)
}

// renderPlanChanged is the short post that a cycle's plan changed.
func renderPlanChanged(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (message, error) {
	d, e, err := noticeWish(ctx, b, n)
	if err != nil {
		return message{}, err
	}
	text := i18n.T(lang, "plan.added", b.wishLink(ctx, d.Wish), esc(e.Data["cycle"]), user(e.Actor))
	if from := e.Data["from_cycle"]; from != "" {
		text = i18n.T(lang, "plan.moved", b.wishLink(ctx, d.Wish), esc(from), esc(e.Data["cycle"]), user(e.Actor))
	}
	return message{Text: text, Blocks: []slack.Block{section(text + noteSuffix(e.Note, 1000))}}, nil
}

// renderDelivered announces a delivered wish (of a cycle, or a minor one done by the
// secretariat), or a whole delivered cycle.
func renderDelivered(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (message, error) {
	e, err := b.store.Event(ctx, n.EventID)
	if err != nil {
		return message{}, err
	}
	if e.Kind == workflow.EvCycleDelivered {
		ids, _ := workflow.ParseWishIDs(e.Data["wishes"])
		var lines []string
		for _, id := range ids {
			if d, err := b.svc.Wish(ctx, id); err == nil {
				lines = append(lines, "• "+b.wishLink(ctx, d.Wish))
			}
		}
		text := i18n.T(lang, "deliver.cycle", esc(e.Data["cycle"]), len(ids), user(e.Actor))
		return message{Text: text, Blocks: []slack.Block{section(text + noteSuffix(e.Note, 1000)),
			section(truncate(strings.Join(lines, "\n"), 3000))}}, nil
	}
	d, err := b.svc.Wish(ctx, n.WishID)
	if err != nil {
		return message{}, err
	}
	text := i18n.T(lang, "deliver.wish", b.wishLink(ctx, d.Wish), esc(e.Data["cycle"]), user(e.Actor))
	if e.Data["cycle"] == "" {
		// A minor wish, done by the secretariat itself (workflow.CompleteMinor).
		text = i18n.T(lang, "deliver.minor", b.wishLink(ctx, d.Wish), user(e.Actor))
	}
	return message{Text: text, Blocks: append([]slack.Block{section(text + noteSuffix(e.Note, 1000))},
		b.webLink(lang, wishPath(d.Wish.ID))...)}, nil
}

func idStr(n int64) string { return strconv.FormatInt(n, 10) }

// plWishName is "#12 Title", escaped.
func plWishName(w workflow.Wish) string { return fmt.Sprintf("#%d %s", w.ID, clip(w.Title, 150)) }

// refreshRefs are the messages a refresh re-renders: the one under its Ref, if it has
// one and it was posted, else every message of its wish or poll.
func (d *Dispatcher) refreshRefs(ctx context.Context, dl workflow.Delivery) ([]workflow.MessageRef, error) {
	if dl.Ref == "" {
		return d.b.store.MessageRefsOf(ctx, dl.WishID, dl.PollID)
	}
	ref, err := d.b.store.MessageRef(ctx, dl.Ref)
	if workflow.KindOf(err) == workflow.NotFound {
		return nil, nil // not posted yet: its post, ahead in the outbox, shows the news
	}
	if err != nil {
		return nil, err
	}
	return []workflow.MessageRef{ref}, nil
}
