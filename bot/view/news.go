package view

import (
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/workflow"
)

// News is what an announcement of the steps from priority to delivery shows: the wish
// or the initiative and the event it announces, the approved initiative a re-estimated
// wish belongs to, a cycle's plan, a delivered cycle's wishes, the names of the wishes'
// groups, the kept permalinks of their group cards (which the user club can read), the
// time zone, and the page on the web that an announcement in the user club links ("" for
// none).
type News struct {
	Wish       workflow.Wish
	Event      workflow.Event
	Initiative workflow.InitiativeDetail
	Approved   *workflow.Initiative
	Plan       workflow.CyclePlan
	Wishes     []workflow.Wish
	Groups     map[string]string // group key → name
	Links      map[int64]string  // wish number → permalink of its group card
	Loc        *time.Location
	WebURL     string
}

// wishLink links a wish's card in its working group's channel; without one it names the
// command that shows the wish.
func (n News) wishLink(w workflow.Wish) string {
	if l := n.Links[w.ID]; l != "" {
		return "<" + l + "|" + PlWishName(w) + ">"
	}
	return PlWishName(w) + " (`/wish " + IDStr(w.ID) + "`)"
}

// SpecReady tells the secretariat that a wish's requirements are specified.
func SpecReady(lang i18n.Lang, n News) Message {
	w, e := n.Wish, n.Event
	text := i18n.T(lang, "spec.ready", PlWishName(w), Esc(n.Groups[w.Group]), User(e.Actor))
	blocks := []slack.Block{Section(text), Section(SpecLine(lang, w))}
	if workflow.CanEstimate(w) {
		blocks = append(blocks, Buttons("spec_ready", Button(ActPipelineEstimate, i18n.T(lang, "estimate.button"), IDStr(w.ID), slack.StylePrimary)))
	}
	return Message{Text: text, Blocks: blocks}
}

// EstimateNews announces a price estimate; for a wish whose initiative was approved, it
// says that the decision stands.
func EstimateNews(lang i18n.Lang, n News) Message {
	e := n.Event
	amount, hours := workflow.EstimateOfEvent(e.Data)
	text := i18n.T(lang, "estimate.news", n.wishLink(n.Wish), DKK(lang, amount), HoursCount(lang, hours), User(e.Actor))
	blocks := []slack.Block{Section(WithNote(text, e.Note, 1000))}
	if ini := n.Approved; ini != nil {
		blocks = append(blocks, Context(i18n.T(lang, "estimate.decision_stands", Clip(ini.Title, 200), User(ini.DecidedBy),
			Esc(FinancingName(lang, ini.Financing, ini.FinancingName)))))
	}
	return Message{Text: text, Blocks: blocks}
}

// Recommendation is the initiative in the steering channel: while it awaits a decision
// it has Approve and Decline; once decided it shows the decision instead.
func Recommendation(lang i18n.Lang, n News) Message {
	d := n.Initiative
	ini := d.Initiative
	blocks := []slack.Block{
		Header(i18n.T(lang, "recommend.header", Clip(ini.Title, 120))),
		Section(i18n.T(lang, "recommend.by", User(ini.RecommendedBy), SlackDate(ini.RecommendedAt, n.Loc)) + "\n" + Quote(ini.Recommendation, 2500)),
		Section(initiativeWishLines(lang, n, false)),
	}
	blocks = append(blocks, totalBlocks(lang, d)...)
	if ini.State == workflow.InitiativeRecommended {
		v := IDStr(ini.ID)
		blocks = append(blocks, Buttons("initiative", Button(ActPipelineApprove, i18n.T(lang, "approve.button"), v, slack.StylePrimary),
			Button(ActPipelineDecline, i18n.T(lang, "decline.button"), v, slack.StyleDanger)))
	} else {
		blocks = append(blocks, Section(decisionLine(lang, ini, n.Loc)))
	}
	return Message{Text: i18n.T(lang, "recommend.text", Clip(ini.Title, 150)), Blocks: blocks}
}

// Decision announces the steering group's decision in the user club.
func Decision(lang i18n.Lang, n News) Message {
	d := n.Initiative
	ini := d.Initiative
	key := "decision.announce_approved"
	if ini.State != workflow.InitiativeApproved {
		key = "decision.announce_declined"
	}
	text := i18n.T(lang, key, Clip(ini.Title, 150))
	blocks := []slack.Block{Section(text), Section(initiativeWishLines(lang, n, true))}
	blocks = append(blocks, totalBlocks(lang, d)...)
	blocks = append(blocks, Section(decisionLine(lang, ini, n.Loc)))
	blocks = append(blocks, WebLink(lang, n.WebURL)...)
	return Message{Text: text, Blocks: blocks}
}

// WishLeft tells the steering group, in the thread of the initiative's message, that
// n.Wish left it: withdrawn by its submitter or marked a duplicate. The total is the
// initiative's as stored now; when no wish is left, there is nothing to decide.
func WishLeft(lang i18n.Lang, n News) Message {
	e, d := n.Event, n.Initiative
	key := "initiative.wish_withdrawn"
	if workflow.State(e.Data["state"]) == workflow.StateDuplicate {
		key = "initiative.wish_duplicate"
	}
	text := i18n.T(lang, key, PlWishName(n.Wish), User(e.Actor))
	if e.Data["ended"] == "true" {
		text += " " + i18n.T(lang, "initiative.nothing_left")
	} else {
		amount, hours := workflow.TotalAmount(d.Latest)
		text += " " + i18n.T(lang, "initiative.total_now", len(d.Wishes), DKK(lang, amount), HoursCount(lang, hours))
	}
	return Message{Text: text, Blocks: []slack.Block{Section(text)}}
}

// PlanMessage is the development plan of a cycle: one message in the user club,
// updated in place.
func PlanMessage(lang i18n.Lang, n News) Message {
	link := WebLink(lang, n.WebURL)
	return Message{Text: i18n.T(lang, "plan.text", Esc(n.Plan.Cycle.Name)), Blocks: append(PlanBlocks(lang, n.Plan, 50-len(link), n.Loc), link...)}
}

// PlanChanged is the short post that a cycle's plan changed.
func PlanChanged(lang i18n.Lang, n News) Message {
	e := n.Event
	text := i18n.T(lang, "plan.added", n.wishLink(n.Wish), Esc(e.Data["cycle"]), User(e.Actor))
	if from := e.Data["from_cycle"]; from != "" {
		text = i18n.T(lang, "plan.moved", n.wishLink(n.Wish), Esc(from), Esc(e.Data["cycle"]), User(e.Actor))
	}
	return Message{Text: text, Blocks: []slack.Block{Section(WithNote(text, e.Note, 1000))}}
}

// Delivered announces a delivered wish (of a cycle, or a minor one the secretariat
// completed itself), or a whole delivered cycle (n.Wishes).
func Delivered(lang i18n.Lang, n News) Message {
	e := n.Event
	if e.Kind == workflow.EvCycleDelivered {
		ids, _ := workflow.ParseWishIDs(e.Data["wishes"])
		var lines []string
		for _, w := range n.Wishes {
			lines = append(lines, "• "+n.wishLink(w))
		}
		text := i18n.T(lang, "deliver.cycle", Esc(e.Data["cycle"]), len(ids), User(e.Actor))
		return Message{Text: text, Blocks: []slack.Block{Section(WithNote(text, e.Note, 1000)),
			Section(Truncate(strings.Join(lines, "\n"), 3000))}}
	}
	text := i18n.T(lang, "deliver.wish", n.wishLink(n.Wish), Esc(e.Data["cycle"]), User(e.Actor))
	if e.Data["cycle"] == "" {
		// A minor wish, done by the secretariat itself (workflow.CompleteMinor).
		text = i18n.T(lang, "deliver.minor", n.wishLink(n.Wish), User(e.Actor))
	}
	return Message{Text: text, Blocks: append([]slack.Block{Section(WithNote(text, e.Note, 1000))}, WebLink(lang, n.WebURL)...)}
}

// initiativeWishLines lists an initiative's wishes with group, priority and latest
// estimate; links make them followable from the user club.
func initiativeWishLines(lang i18n.Lang, n News, links bool) string {
	d := n.Initiative
	var lines []string
	for _, w := range d.Wishes {
		name := PlWishName(w)
		if links {
			name = n.wishLink(w)
		}
		l := i18n.T(lang, "recommend.wish", name, Esc(n.Groups[w.Group]), PriorityName(lang, w.Priority))
		e, ok := d.Latest[w.ID]
		if at, decided := d.Decided[w.ID]; decided {
			e, ok = at, true // the estimate the decision was made on
		}
		if ok {
			l += " · " + i18n.T(lang, "recommend.estimate", DKK(lang, e.Amount), HoursCount(lang, e.Hours))
		}
		if latest, revised := d.Latest[w.ID]; revised && ok && latest.ID != e.ID {
			l += " · " + i18n.T(lang, "recommend.revised", DKK(lang, latest.Amount), HoursCount(lang, latest.Hours))
		}
		lines = append(lines, l)
	}
	return Truncate(strings.Join(lines, "\n"), 3000)
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
		return []slack.Block{Fields(i18n.T(lang, "recommend.total"), DKK(lang, amount), i18n.T(lang, "recommend.hours"), HoursText(lang, hours))}
	}
	label := "recommend.total_approved"
	if ini.State == workflow.InitiativeDeclined {
		label = "recommend.total_declined"
	}
	blocks := []slack.Block{Fields(i18n.T(lang, label), DKK(lang, ini.DecidedAmount), i18n.T(lang, "recommend.hours"), HoursText(lang, ini.DecidedHours))}
	if d.Revised() {
		blocks = append(blocks, Context(i18n.T(lang, "recommend.revised_total", DKK(lang, amount), HoursCount(lang, hours))))
	}
	return blocks
}

// decisionLine says what the steering group decided, who, when, and why.
func decisionLine(lang i18n.Lang, ini workflow.Initiative, loc *time.Location) string {
	var s string
	switch ini.State {
	case workflow.InitiativeApproved:
		s = i18n.T(lang, "decision.approved_line", User(ini.DecidedBy), SlackDate(ini.DecidedAt, loc), Esc(FinancingName(lang, ini.Financing, ini.FinancingName)))
	case workflow.InitiativeWithdrawn:
		s = i18n.T(lang, "decision.withdrawn_line", User(ini.DecidedBy), SlackDate(ini.DecidedAt, loc))
	default:
		s = i18n.T(lang, "decision.declined_line", User(ini.DecidedBy), SlackDate(ini.DecidedAt, loc))
	}
	if ini.DecisionNote != "" {
		s += "\n" + Quote(ini.DecisionNote, 2000)
	}
	return s
}

// PlanBlocks shows a cycle's plan within room blocks.
func PlanBlocks(lang i18n.Lang, p workflow.CyclePlan, room int, loc *time.Location) []slack.Block {
	c := p.Cycle
	blocks := []slack.Block{Header(i18n.T(lang, "plan.header", c.Name)),
		Context(i18n.T(lang, "plan.expected", c.Expected.Format(time.DateOnly), len(p.Wishes)))}
	if !c.DeliveredAt.IsZero() {
		blocks = append(blocks, Context(i18n.T(lang, "plan.cycle_delivered", Date(c.DeliveredAt, loc))))
	}
	if len(p.Wishes) == 0 {
		return append(blocks, Section(i18n.T(lang, "plan.empty")))
	}
	lines := make([]string, len(p.Wishes))
	for i, w := range p.Wishes {
		mark := ":hourglass_flowing_sand:"
		if w.State == workflow.StateDelivered {
			mark = ":white_check_mark:"
		}
		lines[i] = fmt.Sprintf("%s *#%d* %s: _%s_", mark, w.ID, Clip(w.Title, 120), StateName(lang, w.State))
		if r := p.Ranks[w.ID]; r > 0 {
			lines[i] += " · " + i18n.T(lang, "rank.short", r)
		}
	}
	return append(blocks, PackLines(lines, room-len(blocks), MoreText(lang, "plan.more"))...)
}
