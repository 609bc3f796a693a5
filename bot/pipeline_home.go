package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/workflow"
)

func init() {
	homeSections = append(homeSections, homePolls, homeQueues, homeSteering)
}

// homeItems is how many items each list on the Home tab shows; the rest is counted.
const homeItems = 5

// maxHomeQueues bounds the queues one person sees (a coordinator of many groups), so
// the Home tab keeps room for the steering group's part.
const maxHomeQueues = 12

// agendaOf loads what awaits a. Each section reads it on its own: a Home tab is
// published now and then, and three small reads cost less than a shared cache.
func (b *Bot) agendaOf(ctx context.Context, a workflow.Actor) (workflow.Agenda, error) {
	return b.svc.AgendaOf(ctx, a, homeItems)
}

// homePolls lists the open polls in the user's groups that await their stance.
func homePolls(ctx context.Context, b *Bot, lang i18n.Lang, a workflow.Actor) ([]slack.Block, error) {
	ag, err := b.agendaOf(ctx, a)
	if err != nil || ag.PollsTotal == 0 {
		return nil, err
	}
	var lines []string
	for _, p := range ag.Polls {
		what := clip(p.Poll.Text, 150)
		if p.Wish != nil {
			what = fmt.Sprintf("*#%d* %s", p.Wish.ID, clip(p.Wish.Title, 120))
		}
		lines = append(lines, i18n.T(lang, "home.poll_line", esc(p.Group.Name), what, channel(p.Group.ChannelID), b.slackDate(p.Poll.Deadline)))
	}
	blocks := []slack.Block{slack.NewDividerBlock(), section("*" + i18n.T(lang, "home.polls", ag.PollsTotal) + "*"),
		section(truncate(strings.Join(lines, "\n"), 3000))}
	if more := ag.PollsTotal - len(ag.Polls); more > 0 {
		blocks = append(blocks, context_(i18n.T(lang, "home.polls_more", more)))
	}
	return blocks, nil
}

// homeQueues lists a coordinator's group queues and the secretariat's queues.
func homeQueues(ctx context.Context, b *Bot, lang i18n.Lang, a workflow.Actor) ([]slack.Block, error) {
	ag, err := b.agendaOf(ctx, a)
	if err != nil || len(ag.Queues) == 0 {
		return nil, err
	}
	blocks := []slack.Block{slack.NewDividerBlock()}
	shown := 0
	for _, q := range ag.Queues {
		if q.Total == 0 && q.Group != "" {
			continue // a coordinator's empty queue says nothing
		}
		if shown++; shown > maxHomeQueues {
			blocks = append(blocks, context_(i18n.T(lang, "home.queues_more")))
			break
		}
		blocks = append(blocks, queueBlocks(lang, q)...)
	}
	return blocks, nil
}

func queueBlocks(lang i18n.Lang, q workflow.Queue) []slack.Block {
	title := i18n.T(lang, "home.queue."+q.Key, q.Total)
	if q.Group != "" {
		title = i18n.T(lang, "home.group_queue", esc(q.Group), title)
	}
	blocks := []slack.Block{section("*" + title + "*")}
	if q.Total == 0 {
		return append(blocks, context_(i18n.T(lang, "home.queue_empty")))
	}
	blocks = append(blocks, section(wishLines(lang, q.Wishes)))
	if more := q.Total - len(q.Wishes); more > 0 {
		blocks = append(blocks, context_(i18n.T(lang, "home.queue_more", more, "/wish list all")))
	}
	return blocks
}

// homeSteering lists the recommendations awaiting the steering group's decision.
func homeSteering(ctx context.Context, b *Bot, lang i18n.Lang, a workflow.Actor) ([]slack.Block, error) {
	if !a.Has(workflow.RoleSteering) {
		return nil, nil
	}
	ag, err := b.agendaOf(ctx, a)
	if err != nil {
		return nil, err
	}
	blocks := []slack.Block{slack.NewDividerBlock(), section("*" + i18n.T(lang, "home.steering", ag.InitiativesOf) + "*")}
	if ag.InitiativesOf == 0 {
		return append(blocks, context_(i18n.T(lang, "home.queue_empty"))), nil
	}
	var lines []string
	for _, d := range ag.Initiatives {
		amount, _ := workflow.TotalAmount(d.Latest)
		var nums []string
		for _, w := range d.Wishes {
			nums = append(nums, fmt.Sprintf("#%d", w.ID))
		}
		lines = append(lines, i18n.T(lang, "home.initiative_line", clip(d.Initiative.Title, 150), strings.Join(nums, ", "), dkk(lang, amount)))
	}
	blocks = append(blocks, section(truncate(strings.Join(lines, "\n"), 3000)))
	if more := ag.InitiativesOf - len(ag.Initiatives); more > 0 {
		blocks = append(blocks, context_(i18n.T(lang, "home.steering_more", more)))
	}
	return blocks, nil
}
