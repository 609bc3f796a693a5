package bot

import (
	"context"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/view"
	"github.com/os2kitos/tovholder/workflow"
)

// rsvpAction records Attend or Can't attend and confirms privately.
func rsvpAction(ans workflow.Reply) actionFunc {
	return func(ctx context.Context, b *Bot, r *request, _ *slack.InteractionCallback, act *slack.BlockAction) error {
		return withID(act, func(id int64) error {
			a, err := b.actor(ctx, r)
			if err != nil {
				return err
			}
			if err := b.svc.Answer(ctx, a, id, map[int]workflow.Reply{workflow.SlotMeeting: ans}); err != nil {
				return err
			}
			b.sayKey(ctx, r, "meeting.answered."+string(ans))
			return nil
		})
	}
}

// answerTimesAction opens the modal to answer each candidate time.
func answerTimesAction(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback, act *slack.BlockAction) error {
	return withID(act, func(id int64) error {
		d, err := b.svc.Meeting(ctx, id)
		if err != nil {
			return err
		}
		if d.Meeting.State != workflow.MeetingFinding {
			return workflow.Errorf(workflow.Conflict, "err.meeting.time_picked")
		}
		a, err := b.actor(ctx, r)
		if err != nil {
			return err
		}
		if !d.Group.IsMember(a.UserID) && workflow.CanLead(a, d.Group) != nil {
			return workflow.Errorf(workflow.Forbidden, "err.forbidden.meeting_member", d.Group.Name)
		}
		mine := map[int]workflow.Reply{}
		for _, an := range d.Answers {
			if an.User == r.user {
				mine[an.Slot] = an.Answer
			}
		}
		return b.openModal(ctx, r, ic.TriggerID, view.AnswerTimesModal(r.lang, d.Meeting, mine, b.loc))
	})
}

func submitAnswerTimes(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	id, ok := idValue(ic.View.PrivateMetadata)
	if !ok {
		return nil, workflow.Errorf(workflow.Invalid, "err.stale")
	}
	answers := map[int]workflow.Reply{}
	for i := 1; i <= workflow.MaxCandidates; i++ {
		if v := inputValue(ic, view.BlkCandidate+strconv.Itoa(i)); v != "" {
			answers[i] = workflow.Reply(v)
		}
	}
	a, err := b.actor(ctx, r)
	if err != nil {
		return nil, err
	}
	err = b.svc.Answer(ctx, a, id, answers)
	if resp, ok := b.modalError(r, err, nil, view.BlkCandidate+"1"); ok {
		return resp, nil
	}
	return nil, err
}

// pickTimeAction fixes the meeting at the candidate clicked.
func pickTimeAction(ctx context.Context, b *Bot, r *request, _ *slack.InteractionCallback, act *slack.BlockAction) error {
	idText, slotText, _ := strings.Cut(act.Value, ":")
	id, ok := idValue(idText)
	slot, err := strconv.Atoi(slotText)
	if !ok || err != nil {
		return workflow.Errorf(workflow.Invalid, "err.unknown_action")
	}
	a, err := b.actor(ctx, r)
	if err != nil {
		return err
	}
	m, err := b.svc.PickTime(ctx, a, id, slot)
	if err != nil {
		return err
	}
	b.sayKey(ctx, r, "meeting.picked", b.slackDate(m.Start))
	return nil
}

// leadMeeting loads meeting id for its group's lead, or refuses anyone else.
func (b *Bot) leadMeeting(ctx context.Context, r *request, id int64) (workflow.MeetingDetail, error) {
	d, err := b.svc.Meeting(ctx, id)
	if err != nil {
		return d, err
	}
	a, err := b.actor(ctx, r)
	if err != nil {
		return d, err
	}
	return d, workflow.CanLead(a, d.Group)
}

// moveAction opens the modal to give the meeting a new time.
func moveAction(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback, act *slack.BlockAction) error {
	return withID(act, func(id int64) error {
		d, err := b.leadMeeting(ctx, r, id)
		if err != nil {
			return err
		}
		if d.Meeting.State != workflow.MeetingScheduled {
			return workflow.Errorf(workflow.Conflict, "err.meeting.closed")
		}
		return b.openModal(ctx, r, ic.TriggerID, view.MoveModal(r.lang, d, b.loc))
	})
}

func submitMove(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	id, ok := idValue(ic.View.PrivateMetadata)
	if !ok {
		return nil, workflow.Errorf(workflow.Invalid, "err.stale")
	}
	a, err := b.actor(ctx, r)
	if err != nil {
		return nil, err
	}
	_, err = b.svc.Move(ctx, a, id, stateValue(ic, view.BlkMeetingDate), stateValue(ic, view.BlkMeetingStart))
	if resp, ok := b.modalError(r, err, meetingErrorBlocks, view.BlkMeetingDate); ok {
		return resp, nil
	}
	return nil, err
}

// cancelAction opens the modal that asks why the meeting is cancelled.
func cancelAction(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback, act *slack.BlockAction) error {
	return withID(act, func(id int64) error {
		d, err := b.leadMeeting(ctx, r, id)
		if err != nil {
			return err
		}
		if !d.Meeting.Active() {
			return workflow.Errorf(workflow.Conflict, "err.meeting.closed")
		}
		return b.openModal(ctx, r, ic.TriggerID, view.CancelModal(r.lang, id))
	})
}

func submitCancel(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	id, ok := idValue(ic.View.PrivateMetadata)
	if !ok {
		return nil, workflow.Errorf(workflow.Invalid, "err.stale")
	}
	a, err := b.actor(ctx, r)
	if err != nil {
		return nil, err
	}
	_, err = b.svc.Cancel(ctx, a, id, inputValue(ic, view.BlkCancelReason))
	if resp, ok := b.modalError(r, err, meetingErrorBlocks, view.BlkCancelReason); ok {
		return resp, nil
	}
	return nil, err
}
