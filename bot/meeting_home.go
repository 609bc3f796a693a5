package bot

import (
	"context"
	"strconv"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/bot/view"
	"github.com/os2kitos/tovholder/workflow"
)

// meetingHome is the Home tab's part of meetings: the viewer's open tasks and groups.
func (b *Bot) meetingHome(ctx context.Context, lang i18n.Lang, a workflow.Actor) ([]slack.Block, error) {
	tasks, err := homeTasks(ctx, b, lang, a)
	if err != nil {
		return nil, err
	}
	groups, err := homeGroups(ctx, b, lang, a)
	return append(tasks, groups...), err
}

// homeTasks lists the user's open tasks, each with Done.
func homeTasks(ctx context.Context, b *Bot, lang i18n.Lang, a workflow.Actor) ([]slack.Block, error) {
	all, err := b.svc.OpenTasks(ctx, "")
	if err != nil {
		return nil, err
	}
	var mine []workflow.Task
	for _, t := range all {
		if t.Owner == a.UserID {
			mine = append(mine, t)
		}
	}
	if len(mine) == 0 {
		return nil, nil
	}
	blocks := []slack.Block{slack.NewDividerBlock(), view.Section("*" + i18n.T(lang, "home.tasks", len(mine)) + "*")}
	for _, t := range mine[:min(len(mine), view.HomeItems)] {
		s := view.Section(view.TaskLine(lang, b.taskView(ctx, t, true), true))
		s.Accessory = slack.NewAccessory(view.Button(view.ActTaskDone, i18n.T(lang, "task.done_button"), strconv.FormatInt(t.ID, 10), ""))
		blocks = append(blocks, s)
	}
	if len(mine) > view.HomeItems {
		blocks = append(blocks, view.Context(i18n.T(lang, "home.more", len(mine)-view.HomeItems, "/tovholder tasks")))
	}
	return blocks, nil
}

// homeGroups shows each of the user's groups (every group, for the secretariat) with
// its next meeting, and Convene the group or Volunteer as coordinator where they may.
func homeGroups(ctx context.Context, b *Bot, lang i18n.Lang, a workflow.Actor) ([]slack.Block, error) {
	gs, err := b.svc.Groups(ctx)
	if err != nil {
		return nil, err
	}
	next, err := b.svc.NextMeetings(ctx)
	if err != nil {
		return nil, err
	}
	var blocks []slack.Block
	for _, g := range gs {
		lead := workflow.CanLead(a, g) == nil
		if !lead && !g.IsMember(a.UserID) {
			continue
		}
		if len(blocks) >= 2*12 {
			break
		}
		s := view.Section(view.Truncate(i18n.T(lang, "home.group_next", view.Esc(g.Name), b.nextMeetingText(lang, next, g.Key)), 3000))
		switch {
		case lead:
			s.Accessory = slack.NewAccessory(view.Button(view.ActConvene, i18n.T(lang, "meeting.convene"), g.Key, ""))
		case g.CoordinatorID == "":
			s.Accessory = slack.NewAccessory(view.Button(view.ActVolunteer, i18n.T(lang, "coordinator.volunteer_button"), g.Key, ""))
		}
		blocks = append(blocks, s)
	}
	if len(blocks) == 0 {
		return nil, nil
	}
	return append([]slack.Block{slack.NewDividerBlock(), view.Section("*" + i18n.T(lang, "home.groups") + "*")}, blocks...), nil
}

// nextMeetingText says a group's next meeting, or that none is planned.
func (b *Bot) nextMeetingText(lang i18n.Lang, next map[string]workflow.Meeting, key string) string {
	m, ok := next[key]
	switch {
	case !ok:
		return i18n.T(lang, "meeting.none_planned")
	case m.Start.IsZero():
		return i18n.T(lang, "meeting.next_finding")
	}
	return b.slackDate(m.Start)
}

// digestMeetingBlocks close a group's digest: its next meeting and Convene the group.
func (b *Bot) digestMeetingBlocks(ctx context.Context, lang i18n.Lang, dg workflow.Digest) []slack.Block {
	if dg.Group == "" {
		return nil
	}
	next, err := b.svc.NextMeetings(ctx)
	if err != nil {
		return nil
	}
	return []slack.Block{
		view.Section(i18n.T(lang, "digest.next_meeting", b.nextMeetingText(lang, next, dg.Group))),
		view.Buttons("digest_convene", view.Button(view.ActConvene, i18n.T(lang, "meeting.convene"), dg.Group, "")),
	}
}

// digestTask is one line of a digest's tasks.
func (b *Bot) digestTask(ctx context.Context, lang i18n.Lang, id int64) string {
	t, err := b.svc.Task(ctx, id)
	if err != nil {
		return i18n.T(lang, "task.gone", id)
	}
	return view.TaskLine(lang, b.taskView(ctx, t, false), false)
}
