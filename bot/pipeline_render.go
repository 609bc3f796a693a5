package bot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/bot/view"
	"github.com/os2kitos/tovholder/workflow"
)

func renderSpecReady(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
	d, e, err := noticeWish(ctx, b, n)
	if err != nil {
		return view.Message{}, err
	}
	w := d.Wish
	text := i18n.T(lang, "spec.ready", view.PlWishName(w), view.Esc(b.groupName(ctx, w.Group)), view.User(e.Actor))
	blocks := []slack.Block{view.Section(text), view.Section(view.SpecLine(lang, w))}
	if workflow.CanEstimate(w) {
		blocks = append(blocks, view.Buttons("spec_ready", view.Button(view.ActPipelineEstimate, i18n.T(lang, "estimate.button"), view.IDStr(w.ID), slack.StylePrimary)))
	}
	return view.Message{Text: text, Blocks: blocks}, nil
}

func renderEstimateNews(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
	d, e, err := noticeWish(ctx, b, n)
	if err != nil {
		return view.Message{}, err
	}
	amount, hours := workflow.EstimateOfEvent(e.Data)
	text := i18n.T(lang, "estimate.news", b.wishLink(ctx, d.Wish), view.DKK(lang, amount), view.HoursCount(lang, hours), view.User(e.Actor))
	blocks := []slack.Block{view.Section(text + view.NoteSuffix(e.Note, 1000))}
	if ini, ok, _ := b.svc.InitiativeOfWish(ctx, d.Wish.ID); ok && ini.State == workflow.InitiativeApproved {
		blocks = append(blocks, view.Context(i18n.T(lang, "estimate.decision_stands", view.Clip(ini.Title, 200), view.User(ini.DecidedBy),
			view.Esc(view.FinancingName(lang, ini.Financing, ini.FinancingName)))))
	}
	return view.Message{Text: text, Blocks: blocks}, nil
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
func renderRecommendation(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
	id, err := initiativeID(n.Ref)
	if err != nil {
		return view.Message{}, err
	}
	d, err := b.svc.InitiativeDetail(ctx, id)
	if err != nil {
		return view.Message{}, err
	}
	ini := d.Initiative
	blocks := []slack.Block{
		view.Header(i18n.T(lang, "recommend.header", view.Clip(ini.Title, 120))),
		view.Section(i18n.T(lang, "recommend.by", view.User(ini.RecommendedBy), b.slackDate(ini.RecommendedAt)) + "\n" + view.Quote(ini.Recommendation, 2500)),
		view.Section(b.initiativeWishLines(ctx, lang, d, false)),
	}
	blocks = append(blocks, totalBlocks(lang, d)...)
	if ini.State == workflow.InitiativeRecommended {
		v := view.IDStr(ini.ID)
		blocks = append(blocks, view.Buttons("initiative", view.Button(view.ActPipelineApprove, i18n.T(lang, "approve.button"), v, slack.StylePrimary),
			view.Button(view.ActPipelineDecline, i18n.T(lang, "decline.button"), v, slack.StyleDanger)))
	} else {
		blocks = append(blocks, view.Section(decisionLine(lang, b, ini)))
	}
	return view.Message{Text: i18n.T(lang, "recommend.text", view.Clip(ini.Title, 150)), Blocks: blocks}, nil
}

// initiativeWishLines lists an initiative's wishes with group, priority and latest
// estimate; links make them followable from the user club.
func (b *Bot) initiativeWishLines(ctx context.Context, lang i18n.Lang, d workflow.InitiativeDetail, links bool) string {
	var lines []string
	for _, w := range d.Wishes {
		name := view.PlWishName(w)
		if links {
			name = b.wishLink(ctx, w)
		}
		l := i18n.T(lang, "recommend.wish", name, view.Esc(b.groupName(ctx, w.Group)), view.PriorityName(lang, w.Priority))
		e, ok := d.Latest[w.ID]
		if at, decided := d.Decided[w.ID]; decided {
			e, ok = at, true // the estimate the decision was made on
		}
		if ok {
			l += " · " + i18n.T(lang, "recommend.estimate", view.DKK(lang, e.Amount), view.HoursCount(lang, e.Hours))
		}
		if latest, revised := d.Latest[w.ID]; revised && ok && latest.ID != e.ID {
			l += " · " + i18n.T(lang, "recommend.revised", view.DKK(lang, latest.Amount), view.HoursCount(lang, latest.Hours))
		}
		lines = append(lines, l)
	}
	return view.Truncate(strings.Join(lines, "\n"), 3000)
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
		return []slack.Block{view.Fields(i18n.T(lang, "recommend.total"), view.DKK(lang, amount), i18n.T(lang, "recommend.hours"), view.HoursText(lang, hours))}
	}
	label := "recommend.total_approved"
	if ini.State == workflow.InitiativeDeclined {
		label = "recommend.total_declined"
	}
	blocks := []slack.Block{view.Fields(i18n.T(lang, label), view.DKK(lang, ini.DecidedAmount), i18n.T(lang, "recommend.hours"), view.HoursText(lang, ini.DecidedHours))}
	if d.Revised() {
		blocks = append(blocks, view.Context(i18n.T(lang, "recommend.revised_total", view.DKK(lang, amount), view.HoursCount(lang, hours))))
	}
	return blocks
}

// decisionLine says what the steering group decided, who, when, and why.
func decisionLine(lang i18n.Lang, b *Bot, ini workflow.Initiative) string {
	var s string
	switch ini.State {
	case workflow.InitiativeApproved:
		s = i18n.T(lang, "decision.approved_line", view.User(ini.DecidedBy), b.slackDate(ini.DecidedAt), view.Esc(view.FinancingName(lang, ini.Financing, ini.FinancingName)))
	case workflow.InitiativeWithdrawn:
		s = i18n.T(lang, "decision.withdrawn_line", view.User(ini.DecidedBy), b.slackDate(ini.DecidedAt))
	default:
		s = i18n.T(lang, "decision.declined_line", view.User(ini.DecidedBy), b.slackDate(ini.DecidedAt))
	}
	if ini.DecisionNote != "" {
		s += "\n" + view.Quote(ini.DecisionNote, 2000)
	}
	return s
}

// renderDecision announces the steering group's decision in the user club.
func renderDecision(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
	e, err := b.store.Event(ctx, n.EventID)
	if err != nil {
		return view.Message{}, err
	}
	id, ok := idValue(e.Data["initiative"])
	if !ok {
		return view.Message{}, fmt.Errorf("%w: decision event %d", errNoCard, e.ID)
	}
	d, err := b.svc.InitiativeDetail(ctx, id)
	if err != nil {
		return view.Message{}, err
	}
	ini := d.Initiative
	key := "decision.announce_approved"
	if ini.State != workflow.InitiativeApproved {
		key = "decision.announce_declined"
	}
	text := i18n.T(lang, key, view.Clip(ini.Title, 150))
	blocks := []slack.Block{view.Section(text), view.Section(b.initiativeWishLines(ctx, lang, d, true))}
	blocks = append(blocks, totalBlocks(lang, d)...)
	blocks = append(blocks, view.Section(decisionLine(lang, b, ini)))
	return view.Message{Text: text, Blocks: blocks}, nil
}

// renderWishLeft tells the steering group, in the thread of the initiative's message,
// that a wish left it: withdrawn by its submitter or marked a duplicate. The total is
// the initiative's as stored now; when no wish is left, there is nothing to decide.
func renderWishLeft(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
	e, err := b.store.Event(ctx, n.EventID)
	if err != nil {
		return view.Message{}, err
	}
	id, ok := idValue(e.Data["initiative"])
	if !ok {
		return view.Message{}, fmt.Errorf("%w: wish-left event %d", errNoCard, e.ID)
	}
	d, err := b.svc.InitiativeDetail(ctx, id)
	if err != nil {
		return view.Message{}, err
	}
	w, err := b.svc.Wish(ctx, e.WishID)
	if err != nil {
		return view.Message{}, err
	}
	key := "initiative.wish_withdrawn"
	if workflow.State(e.Data["state"]) == workflow.StateDuplicate {
		key = "initiative.wish_duplicate"
	}
	text := i18n.T(lang, key, view.PlWishName(w.Wish), view.User(e.Actor))
	if e.Data["ended"] == "true" {
		text += " " + i18n.T(lang, "initiative.nothing_left")
	} else {
		amount, hours := workflow.TotalAmount(d.Latest)
		text += " " + i18n.T(lang, "initiative.total_now", len(d.Wishes), view.DKK(lang, amount), view.HoursCount(lang, hours))
	}
	return view.Message{Text: text, Blocks: []slack.Block{view.Section(text)}}, nil
}

// wishLink links a wish's card in its working group's channel, which the user club
// can read; without one it names the command that shows the wish.
func (b *Bot) wishLink(ctx context.Context, w workflow.Wish) string {
	if w.Group != "" {
		if link := b.permalink(ctx, workflow.WishRef(w.ID, "group/"+w.Group)); link != "" {
			return "<" + link + "|" + view.PlWishName(w) + ">"
		}
	}
	return view.PlWishName(w) + " (`/wish " + view.IDStr(w.ID) + "`)"
}

// renderPlan is the development plan of a cycle: one message in the user club,
// updated in place; the cycle is read from its message key.
func renderPlan(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
	name, ok := strings.CutPrefix(n.Ref, "plan/")
	if !ok {
		return view.Message{}, fmt.Errorf("%w: %q", errNoCard, n.Ref)
	}
	p, err := b.svc.PlanOf(ctx, name)
	if err != nil {
		return view.Message{}, err
	}
	return view.Message{Text: i18n.T(lang, "plan.text", view.Esc(name)), Blocks: b.planBlocks(lang, p, 50)}, nil
}

// planBlocks shows a cycle's plan within room blocks.
func (b *Bot) planBlocks(lang i18n.Lang, p workflow.CyclePlan, room int) []slack.Block {
	c := p.Cycle
	blocks := []slack.Block{view.Header(i18n.T(lang, "plan.header", c.Name)),
		view.Context(i18n.T(lang, "plan.expected", c.Expected.Format(time.DateOnly), len(p.Wishes)))}
	if !c.DeliveredAt.IsZero() {
		blocks = append(blocks, view.Context(i18n.T(lang, "plan.cycle_delivered", b.date(c.DeliveredAt))))
	}
	if len(p.Wishes) == 0 {
		return append(blocks, view.Section(i18n.T(lang, "plan.empty")))
	}
	lines := make([]string, len(p.Wishes))
	for i, w := range p.Wishes {
		mark := ":hourglass_flowing_sand:"
		if w.State == workflow.StateDelivered {
			mark = ":white_check_mark:"
		}
		lines[i] = fmt.Sprintf("%s *#%d* %s: _%s_", mark, w.ID, view.Clip(w.Title, 120), view.StateName(lang, w.State))
	}
	return append(blocks, view.PackLines(lines, room-len(blocks), view.MoreText(lang, "plan.more"))...)
}

// renderPlanChanged is the short post that a cycle's plan changed.
func renderPlanChanged(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
	d, e, err := noticeWish(ctx, b, n)
	if err != nil {
		return view.Message{}, err
	}
	text := i18n.T(lang, "plan.added", b.wishLink(ctx, d.Wish), view.Esc(e.Data["cycle"]), view.User(e.Actor))
	if from := e.Data["from_cycle"]; from != "" {
		text = i18n.T(lang, "plan.moved", b.wishLink(ctx, d.Wish), view.Esc(from), view.Esc(e.Data["cycle"]), view.User(e.Actor))
	}
	return view.Message{Text: text, Blocks: []slack.Block{view.Section(text + view.NoteSuffix(e.Note, 1000))}}, nil
}

// renderDelivered announces a delivered wish, or a whole delivered cycle.
func renderDelivered(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
	e, err := b.store.Event(ctx, n.EventID)
	if err != nil {
		return view.Message{}, err
	}
	if e.Kind == workflow.EvCycleDelivered {
		ids, _ := workflow.ParseWishIDs(e.Data["wishes"])
		var lines []string
		for _, id := range ids {
			if d, err := b.svc.Wish(ctx, id); err == nil {
				lines = append(lines, "• "+b.wishLink(ctx, d.Wish))
			}
		}
		text := i18n.T(lang, "deliver.cycle", view.Esc(e.Data["cycle"]), len(ids), view.User(e.Actor))
		return view.Message{Text: text, Blocks: []slack.Block{view.Section(text + view.NoteSuffix(e.Note, 1000)),
			view.Section(view.Truncate(strings.Join(lines, "\n"), 3000))}}, nil
	}
	d, err := b.svc.Wish(ctx, n.WishID)
	if err != nil {
		return view.Message{}, err
	}
	text := i18n.T(lang, "deliver.wish", b.wishLink(ctx, d.Wish), view.Esc(e.Data["cycle"]), view.User(e.Actor))
	return view.Message{Text: text, Blocks: []slack.Block{view.Section(text + view.NoteSuffix(e.Note, 1000))}}, nil
}

// estimateHistory says a price estimate in a wish's history.
func estimateHistory(lang i18n.Lang, e workflow.Event) string {
	amount, hours := workflow.EstimateOfEvent(e.Data)
	return i18n.T(lang, "history.estimate", view.User(e.Actor), view.DKK(lang, amount), view.HoursCount(lang, hours), e.Data["revision"])
}

// wishLeftHistory says that a wish left its initiative; the note is the initiative's title.
func wishLeftHistory(lang i18n.Lang, e workflow.Event) string {
	return i18n.T(lang, "history.wish_left")
}

// estimateChange tells a wish's followers of a price estimate.
func estimateChange(lang i18n.Lang, w workflow.Wish, e workflow.Event) string {
	amount, hours := workflow.EstimateOfEvent(e.Data)
	return i18n.T(lang, "estimate.changed", view.PlWishName(w), view.DKK(lang, amount), view.HoursCount(lang, hours), view.User(e.Actor))
}
