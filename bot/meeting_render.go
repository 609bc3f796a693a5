package bot

import (
	"context"
	"slices"
	"strings"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/bot/view"
	"github.com/os2kitos/tovholder/workflow"
)

// noticeMeeting loads the meeting a notice is about: from its payload, or from its
// message key when a remembered message is refreshed.
func (b *Bot) noticeMeeting(ctx context.Context, n workflow.Notice) (workflow.MeetingDetail, error) {
	id, ok := workflow.MeetingOfRef(n.Ref)
	if !ok {
		d, err := workflow.ReadNoticeData(n.Payload)
		if err != nil || d.Meeting == 0 {
			return workflow.MeetingDetail{}, &workflow.Error{Kind: workflow.NotFound, Msg: "meeting notice payload", Err: err}
		}
		id = d.Meeting
	}
	return b.svc.Meeting(ctx, id)
}

// meetingView loads what the views of meeting d show: the permalinks of its agenda's
// wishes and polls and of its own message, and the time.
func (b *Bot) meetingView(ctx context.Context, d workflow.MeetingDetail) view.MeetingView {
	v := view.MeetingView{MeetingDetail: d, Now: b.svc.Now(), Loc: b.loc,
		MeetingLink: b.permalink(ctx, workflow.MeetingRef(d.Meeting.ID))}
	for _, it := range d.Meeting.Agenda {
		var link string
		switch {
		case it.WishID != 0:
			link = b.permalink(ctx, workflow.WishRef(it.WishID, "group/"+d.Group.Key), workflow.WishRef(it.WishID, "secretariat"))
		case it.PollID != 0:
			link = b.permalink(ctx, workflow.PollRef(it.PollID))
		}
		v.AgendaLinks = append(v.AgendaLinks, link)
	}
	return v
}

// meetingRender renders the meeting a notice is about with the view v.
func meetingRender(v func(i18n.Lang, view.MeetingView) view.Message) renderFunc {
	return func(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
		d, err := b.noticeMeeting(ctx, n)
		if err != nil {
			return view.Message{}, err
		}
		return v(lang, b.meetingView(ctx, d)), nil
	}
}

// renderMeetingChanged tells someone who answered that the time was picked, the
// meeting moved or cancelled.
func renderMeetingChanged(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
	nd, err := workflow.ReadNoticeData(n.Payload)
	if err != nil {
		return view.Message{}, &workflow.Error{Kind: workflow.NotFound, Msg: "meeting notice payload", Err: err}
	}
	d, err := b.svc.Meeting(ctx, nd.Meeting)
	if err != nil {
		return view.Message{}, err
	}
	return view.MeetingChangedMessage(lang, b.meetingView(ctx, d), nd.What), nil
}

// taskView is what the views of task t show.
func (b *Bot) taskView(ctx context.Context, t workflow.Task, group bool) view.TaskView {
	v := view.TaskView{Task: t, Now: b.svc.Now(), Loc: b.loc}
	if group {
		v.GroupName = b.groupName(ctx, t.GroupKey)
	}
	return v
}

// renderTaskAssigned tells a task's owner, with Done.
func renderTaskAssigned(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
	nd, err := workflow.ReadNoticeData(n.Payload)
	if err != nil {
		return view.Message{}, &workflow.Error{Kind: workflow.NotFound, Msg: "task notice payload", Err: err}
	}
	t, err := b.svc.Task(ctx, nd.Task)
	if err != nil {
		return view.Message{}, err
	}
	return view.TaskAssignedMessage(lang, b.taskView(ctx, t, true)), nil
}

// volunteerOf reads the group and the user of a coordinator notice: from its payload,
// or from its message key when a remembered message is refreshed.
func volunteerOf(n workflow.Notice) (workflow.NoticeData, error) {
	if rest, ok := strings.CutPrefix(n.Ref, "volunteer/"); ok {
		key, who, _ := strings.Cut(rest, "/")
		return workflow.NoticeData{Group: key, User: who}, nil
	}
	nd, err := workflow.ReadNoticeData(n.Payload)
	if err != nil {
		return nd, &workflow.Error{Kind: workflow.NotFound, Msg: "coordinator notice payload", Err: err}
	}
	return nd, nil
}

// renderVolunteer is the secretariat's message about a volunteer.
func renderVolunteer(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
	nd, err := volunteerOf(n)
	if err != nil {
		return view.Message{}, err
	}
	g, err := b.svc.Group(ctx, nd.Group)
	if err != nil {
		return view.Message{}, err
	}
	pending, err := b.svc.Volunteers(ctx, nd.Group)
	if err != nil {
		return view.Message{}, err
	}
	return view.VolunteerMessage(lang, view.VolunteerView{Group: g, User: nd.User, Pending: slices.Contains(pending, nd.User)}), nil
}

// renderCoordinator tells a channel that a group has a new coordinator or none.
func renderCoordinator(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
	nd, err := volunteerOf(n)
	if err != nil {
		return view.Message{}, err
	}
	g, err := b.svc.Group(ctx, nd.Group)
	if err != nil {
		return view.Message{}, err
	}
	return view.CoordinatorMessage(lang, g, nd.User, nd.What), nil
}

// renderVolunteerAnswer tells the volunteer what the secretariat answered.
func renderVolunteerAnswer(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
	nd, err := volunteerOf(n)
	if err != nil {
		return view.Message{}, err
	}
	return view.VolunteerAnswerMessage(lang, b.groupName(ctx, nd.Group), nd.What), nil
}
