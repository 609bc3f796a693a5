package view

import (
	"strconv"
	"time"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/workflow"
)

// maxHomeGroups bounds the groups one person's Home tab lists (the secretariat sees
// every group), so that the tab keeps room for its other parts.
const maxHomeGroups = 24

// HomeGroup is a working group in a person's Home tab: the group, its next meeting
// (HasNext false for none planned), and whether the viewer may convene it (Lead).
type HomeGroup struct {
	Group   workflow.Group
	Next    workflow.Meeting
	HasNext bool
	Lead    bool
}

// NextMeeting says a group's next meeting m (ok false for none), or that a date is
// being found for it.
func NextMeeting(lang i18n.Lang, m workflow.Meeting, ok bool, loc *time.Location) string {
	switch {
	case !ok:
		return i18n.T(lang, "meeting.none_planned")
	case m.Start.IsZero():
		return i18n.T(lang, "meeting.next_finding")
	}
	return SlackDate(m.Start, loc)
}

// HomeMeetings is the Home tab's part of meetings: the viewer's open tasks, each with
// Done, and their working groups with the next meeting, with Convene the group where
// they lead it or Volunteer as coordinator where the group has none.
func HomeMeetings(lang i18n.Lang, h Home) []slack.Block {
	var blocks []slack.Block
	if len(h.Tasks) > 0 {
		blocks = append(blocks, slack.NewDividerBlock(), Section("*"+i18n.T(lang, "home.tasks", len(h.Tasks))+"*"))
		for _, t := range h.Tasks[:min(len(h.Tasks), HomeItems)] {
			s := Section(TaskLine(lang, t, true))
			s.Accessory = slack.NewAccessory(Button(ActTaskDone, i18n.T(lang, "task.done_button"), strconv.FormatInt(t.ID, 10), ""))
			blocks = append(blocks, s)
		}
		if len(h.Tasks) > HomeItems {
			blocks = append(blocks, Context(i18n.T(lang, "home.more", len(h.Tasks)-HomeItems, "/tovholder tasks")))
		}
	}
	var groups []slack.Block
	for _, g := range h.Groups[:min(len(h.Groups), maxHomeGroups)] {
		s := Section(Truncate(i18n.T(lang, "home.group_next", Esc(g.Group.Name), NextMeeting(lang, g.Next, g.HasNext, h.Loc)), 3000))
		switch {
		case g.Lead:
			s.Accessory = slack.NewAccessory(Button(ActConvene, i18n.T(lang, "meeting.convene"), g.Group.Key, ""))
		case g.Group.CoordinatorID == "":
			s.Accessory = slack.NewAccessory(Button(ActVolunteer, i18n.T(lang, "coordinator.volunteer_button"), g.Group.Key, ""))
		}
		groups = append(groups, s)
	}
	if len(groups) > 0 {
		blocks = append(blocks, slack.NewDividerBlock(), Section("*"+i18n.T(lang, "home.groups")+"*"))
		blocks = append(blocks, groups...)
	}
	return blocks
}
