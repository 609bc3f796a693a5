package bot

import (
	"context"

	"github.com/os2kitos/tovholder/bot/view"
	"github.com/os2kitos/tovholder/workflow"
)

// meetingHome loads the Home tab's part of meetings: the viewer's open tasks, and the
// groups they belong to or lead (every group, for the secretariat) with the next
// meetings.
func (b *Bot) meetingHome(ctx context.Context, a workflow.Actor, h *view.Home) error {
	all, err := b.svc.OpenTasks(ctx, "")
	if err != nil {
		return err
	}
	for _, t := range all {
		if t.Owner == a.UserID {
			h.Tasks = append(h.Tasks, b.taskView(ctx, t, true))
		}
	}
	gs, err := b.svc.Groups(ctx)
	if err != nil {
		return err
	}
	next, err := b.svc.NextMeetings(ctx)
	if err != nil {
		return err
	}
	for _, g := range gs {
		lead := workflow.CanLead(a, g) == nil
		if !lead && !g.IsMember(a.UserID) {
			continue
		}
		m, ok := next[g.Key]
		h.Groups = append(h.Groups, view.HomeGroup{Group: g, Next: m, HasNext: ok, Lead: lead})
	}
	return nil
}
