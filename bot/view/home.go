package view

import (
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/workflow"
)

// Home is what a person's Home tab shows, loaded at once: their own wishes, what awaits
// them (polls, queues, recommendations), and the time zone of the dates.
type Home struct {
	Mine      []workflow.Wish // the first HomeWishes of the viewer's own wishes
	MineTotal int
	Agenda    workflow.Agenda // with HomeItems of each list
	Steering  bool            // the viewer is in the steering group
	Loc       *time.Location
	Backlogs  []Backlog        // the backlogs of the groups the viewer leads, with two wishes or more
	MineRanks map[int64]string // "No. 2 in IT-kontrakter" of the viewer's ranked wishes
	// The viewer's open tasks (from meetings' minutes), and their working groups (every
	// group, for the secretariat) with the next meetings.
	Tasks  []TaskView
	Groups []HomeGroup

	// The secretariat's consultations of the user club, newest first, with the
	// permalinks of their messages.
	Secretariat   bool
	Consultations []workflow.Consultation
	ConsultLinks  map[int64]string
}

// HomeSection is a part of the Home tab.
type HomeSection func(lang i18n.Lang, h Home) []slack.Block

// How much the Home tab lists: HomeWishes of the viewer's own wishes and HomeItems of
// each other list; the rest is counted.
const (
	HomeWishes = 10
	HomeItems  = 5
)

// maxHomeBlocks is Slack's limit for a Home tab.
const maxHomeBlocks = 100

// maxHomeQueues bounds the queues one person sees (a coordinator of many groups), so
// the Home tab keeps room for the steering group's part.
const maxHomeQueues = 12

// HomeTab is the Home tab: its title, intro and Submit button, then sections in order,
// within Block Kit's 100 blocks.
func HomeTab(lang i18n.Lang, h Home, sections []HomeSection) slack.HomeTabViewRequest {
	blocks := []slack.Block{
		Header(i18n.T(lang, "home.title")),
		Section(i18n.T(lang, "home.intro")),
		Buttons("home_actions", Button(ActSubmitWish, i18n.T(lang, "home.submit"), "new", slack.StylePrimary)),
		slack.NewDividerBlock(),
	}
	for _, f := range sections {
		more := f(lang, h)
		if len(blocks)+len(more) > maxHomeBlocks {
			blocks = append(blocks, Context(i18n.T(lang, "home.truncated")))
			break
		}
		blocks = append(blocks, more...)
	}
	if len(blocks) > maxHomeBlocks {
		blocks = blocks[:maxHomeBlocks]
	}
	return slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: blocks}}
}

// HomeMine lists the viewer's own wishes.
func HomeMine(lang i18n.Lang, h Home) []slack.Block {
	ws, total := h.Mine, h.MineTotal
	blocks := []slack.Block{Section("*" + i18n.T(lang, "home.mine", total) + "*")}
	if total == 0 {
		return append(blocks, Context(i18n.T(lang, "home.mine_none")))
	}
	blocks = append(blocks, Section(wishLinesWith(lang, ws, h.MineRanks)))
	if total > len(ws) {
		blocks = append(blocks, Context(i18n.T(lang, "home.more", total-len(ws), "/wish list")))
	}
	return blocks
}

// WishLines lists wishes one a line, within a section's 3000 characters.
func WishLines(lang i18n.Lang, ws []workflow.Wish) string { return wishLinesWith(lang, ws, nil) }

// wishLinesWith is WishLines with each wish's rank in its group, where it has one.
func wishLinesWith(lang i18n.Lang, ws []workflow.Wish, ranks map[int64]string) string {
	s := ""
	for _, w := range ws {
		line := fmt.Sprintf("• *#%d* %s: _%s_", w.ID, Clip(w.Title, 120), StateName(lang, w.State))
		if r := ranks[w.ID]; r != "" {
			line += " · " + r
		}
		line += "\n"
		if len(s)+len(line) > 2900 {
			break
		}
		s += line
	}
	return s
}

// HomePolls lists the open polls in the viewer's groups that await their stance.
func HomePolls(lang i18n.Lang, h Home) []slack.Block {
	ag := h.Agenda
	if ag.PollsTotal == 0 {
		return nil
	}
	var lines []string
	for _, p := range ag.Polls {
		what := Clip(p.Poll.Text, 150)
		if p.Wish != nil {
			what = fmt.Sprintf("*#%d* %s", p.Wish.ID, Clip(p.Wish.Title, 120))
		}
		lines = append(lines, i18n.T(lang, "home.poll_line", Esc(p.Group.Name), what, Channel(p.Group.ChannelID), SlackDate(p.Poll.Deadline, h.Loc)))
	}
	blocks := []slack.Block{slack.NewDividerBlock(), Section("*" + i18n.T(lang, "home.polls", ag.PollsTotal) + "*"),
		Section(Truncate(strings.Join(lines, "\n"), 3000))}
	if more := ag.PollsTotal - len(ag.Polls); more > 0 {
		blocks = append(blocks, Context(i18n.T(lang, "home.polls_more", more)))
	}
	return blocks
}

// HomeQueues lists a coordinator's group queues and the secretariat's queues.
func HomeQueues(lang i18n.Lang, h Home) []slack.Block {
	if len(h.Agenda.Queues) == 0 {
		return nil
	}
	blocks := []slack.Block{slack.NewDividerBlock()}
	shown := 0
	for _, q := range h.Agenda.Queues {
		if q.Total == 0 && q.Group != "" {
			continue // a coordinator's empty queue says nothing
		}
		if shown++; shown > maxHomeQueues {
			blocks = append(blocks, Context(i18n.T(lang, "home.queues_more")))
			break
		}
		blocks = append(blocks, queueBlocks(lang, q)...)
	}
	if shown == 0 {
		return nil // no divider with nothing under it
	}
	return blocks
}

func queueBlocks(lang i18n.Lang, q workflow.Queue) []slack.Block {
	title := i18n.T(lang, "home.queue."+q.Key, q.Total)
	if q.Group != "" {
		title = i18n.T(lang, "home.group_queue", Esc(q.Group), title)
	}
	blocks := []slack.Block{Section("*" + title + "*")}
	if q.Total == 0 {
		return append(blocks, Context(i18n.T(lang, "home.queue_empty")))
	}
	blocks = append(blocks, Section(WishLines(lang, q.Wishes)))
	if more := q.Total - len(q.Wishes); more > 0 {
		blocks = append(blocks, Context(i18n.T(lang, "home.queue_more", more, QueueCommand(q))))
	}
	return blocks
}

// QueueCommand is the command that lists the whole of queue q, in the Home tab's order.
func QueueCommand(q workflow.Queue) string {
	if q.GroupKey != "" {
		return "/wish queue " + q.Key + " " + q.GroupKey
	}
	return "/wish queue " + q.Key
}

// QueueList is the answer to /wish queue: the whole queue, oldest first as on the
// Home tab.
func QueueList(lang i18n.Lang, q workflow.Queue) Message {
	title := i18n.T(lang, "home.queue."+q.Key, q.Total)
	if q.Group != "" {
		title = i18n.T(lang, "home.group_queue", Esc(q.Group), title)
	}
	if q.Total == 0 {
		return Message{Text: title, Blocks: []slack.Block{Section("*" + title + "*"), Context(i18n.T(lang, "home.queue_empty"))}}
	}
	lines := make([]string, len(q.Wishes))
	for i, w := range q.Wishes {
		lines[i] = fmt.Sprintf("• *#%d* %s: _%s_", w.ID, Clip(w.Title, 120), StateName(lang, w.State))
	}
	blocks := append([]slack.Block{Section("*" + title + "*")}, PackLines(lines, 45, MoreText(lang, "poll.more_lines"))...)
	return Message{Text: title, Blocks: blocks}
}

// HomeSteering lists the recommendations awaiting the steering group's decision.
func HomeSteering(lang i18n.Lang, h Home) []slack.Block {
	if !h.Steering {
		return nil
	}
	ag := h.Agenda
	blocks := []slack.Block{slack.NewDividerBlock(), Section("*" + i18n.T(lang, "home.steering", ag.InitiativesOf) + "*")}
	if ag.InitiativesOf == 0 {
		return append(blocks, Context(i18n.T(lang, "home.queue_empty")))
	}
	var lines []string
	for _, d := range ag.Initiatives {
		amount, _ := workflow.TotalAmount(d.Latest)
		var nums []string
		for _, w := range d.Wishes {
			nums = append(nums, fmt.Sprintf("#%d", w.ID))
		}
		lines = append(lines, i18n.T(lang, "home.initiative_line", Clip(d.Initiative.Title, 150), strings.Join(nums, ", "), DKK(lang, amount)))
	}
	blocks = append(blocks, Section(Truncate(strings.Join(lines, "\n"), 3000)))
	if more := ag.InitiativesOf - len(ag.Initiatives); more > 0 {
		blocks = append(blocks, Context(i18n.T(lang, "home.steering_more", more)))
	}
	return blocks
}
