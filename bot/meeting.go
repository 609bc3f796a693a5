package bot

import (
	"context"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/bot/view"
	"github.com/os2kitos/tovholder/workflow"
)

// discussedHistory says that a wish was discussed at a meeting, in its history.
func discussedHistory(lang i18n.Lang, e workflow.Event) string {
	return i18n.T(lang, "history.discussed", e.Data["day"])
}

// isUserID reports whether s looks like a Slack user id (U012AB3CD, W012AB3CD).
func isUserID(s string) bool {
	if len(s) < 2 || (s[0] != 'U' && s[0] != 'W') {
		return false
	}
	for _, r := range s[1:] {
		if (r < 'A' || r > 'Z') && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}

// cmdMeeting opens the Convene modal for the group of the channel, or the group named.
func cmdMeeting(ctx context.Context, b *Bot, r *request, args []string) error {
	var key string
	switch len(args) {
	case 0:
		g, err := b.svc.GroupByChannel(ctx, r.channel)
		if err != nil {
			return err
		}
		key = g.Key
	case 1:
		key = strings.ToLower(args[0])
	default:
		return errUsage
	}
	return b.openConvene(ctx, r, r.triggerID, key)
}

func conveneAction(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback, act *slack.BlockAction) error {
	return b.openConvene(ctx, r, ic.TriggerID, act.Value)
}

// openConvene opens the Convene modal, after checking that the actor may convene.
func (b *Bot) openConvene(ctx context.Context, r *request, trigger, key string) error {
	a, err := b.actor(ctx, r)
	if err != nil {
		return err
	}
	g, items, err := b.svc.MeetingQueue(ctx, a, key)
	if err != nil {
		return err
	}
	return b.openModal(ctx, r, trigger, view.ConveneModal(r.lang, view.ConveneForm{Group: g, Items: items, Now: b.svc.Now(), Loc: b.loc}))
}

// findDateAction turns the Convene modal into its Find a date form.
func findDateAction(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback, _ *slack.BlockAction) error {
	key, _, _ := strings.Cut(ic.View.PrivateMetadata, "|")
	a, err := b.actor(ctx, r)
	if err != nil {
		return err
	}
	g, items, err := b.svc.MeetingQueue(ctx, a, key)
	if err != nil {
		return err
	}
	_, err = b.slack.UpdateViewContext(ctx, view.ConveneModal(r.lang, view.ConveneForm{Group: g, Items: items, FindDate: true, Now: b.svc.Now(), Loc: b.loc}), "", ic.View.Hash, ic.View.ID)
	return err
}

// stateValue reads any input of a submitted modal: text, a select, a date or a time.
func stateValue(ic *slack.InteractionCallback, blockID string) string {
	if v, ok := ic.View.State.Values[blockID][view.ActInput]; ok && v.SelectedTime != "" {
		return v.SelectedTime
	}
	return inputValue(ic, blockID)
}

// meetingErrorBlocks says beside which input a meeting error belongs.
var meetingErrorBlocks = map[string]string{
	"err.meeting.date": view.BlkMeetingDate, "err.meeting.time": view.BlkMeetingStart, "err.meeting.no_such_time": view.BlkMeetingStart,
	"err.meeting.past": view.BlkMeetingDate, "err.meeting.duration": view.BlkMeetingDuration, "err.meeting.place_too_long": view.BlkMeetingPlace,
	"err.meeting.item_too_long": view.BlkMeetingOther, "err.meeting.too_many_items": view.BlkMeetingOther, "err.meeting.empty_agenda": view.BlkMeetingOther,
	"err.meeting.candidates": view.BlkCandidate + "1date", "err.meeting.candidate_twice": view.BlkCandidate + "1date",
	"err.meeting.reason": view.BlkCancelReason, "err.meeting.reason_too_long": view.BlkCancelReason, "err.meeting.same_time": view.BlkMeetingStart,
}

// modalError answers a domain error beside the input it belongs to (or first), and
// reports false for an internal error.
func (b *Bot) modalError(r *request, err error, blocks map[string]string, first string) (*slack.ViewSubmissionResponse, bool) {
	e, ok := workflow.AsError(err)
	if !ok || e.Kind == workflow.Internal {
		return nil, false
	}
	block, ok := blocks[e.Msg]
	if !ok {
		block = first
	}
	return slack.NewErrorsViewSubmissionResponse(map[string]string{block: view.Truncate(b.errorText(r, err), 1000)}), true
}

func submitConvene(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	key, mode, _ := strings.Cut(ic.View.PrivateMetadata, "|")
	in := workflow.ConveneInput{Group: key, Duration: inputValue(ic, view.BlkMeetingDuration), Place: inputValue(ic, view.BlkMeetingPlace), Other: inputValue(ic, view.BlkMeetingOther)}
	if v, ok := ic.View.State.Values[view.BlkMeetingAgenda][view.ActInput]; ok {
		for _, o := range v.SelectedOptions {
			in.Items = append(in.Items, o.Value)
		}
	}
	first := view.BlkMeetingDate
	if mode == view.ModeFind {
		first = view.BlkCandidate + "1date"
		for i := 1; i <= workflow.MaxCandidates; i++ {
			n := strconv.Itoa(i)
			d, t := stateValue(ic, view.BlkCandidate+n+"date"), stateValue(ic, view.BlkCandidate+n+"time")
			if d != "" || t != "" {
				in.Candidates = append(in.Candidates, [2]string{d, t})
			}
		}
	} else {
		in.Date, in.Time = stateValue(ic, view.BlkMeetingDate), stateValue(ic, view.BlkMeetingStart)
	}
	a, err := b.actor(ctx, r)
	if err != nil {
		return nil, err
	}
	_, err = b.svc.Convene(ctx, a, in)
	blocks := meetingErrorBlocks
	if mode == view.ModeFind {
		blocks = map[string]string{"err.meeting.duration": view.BlkMeetingDuration, "err.meeting.place_too_long": view.BlkMeetingPlace,
			"err.meeting.item_too_long": view.BlkMeetingOther, "err.meeting.too_many_items": view.BlkMeetingOther, "err.meeting.empty_agenda": view.BlkMeetingOther}
	}
	if resp, ok := b.modalError(r, err, blocks, first); ok {
		return resp, nil
	}
	return nil, err
}

// taskDoneAction marks a task done, for its owner or its group's lead.
func taskDoneAction(ctx context.Context, b *Bot, r *request, _ *slack.InteractionCallback, act *slack.BlockAction) error {
	return withID(act, func(id int64) error {
		a, err := b.actor(ctx, r)
		if err != nil {
			return err
		}
		t, err := b.svc.FinishTask(ctx, a, id)
		if err != nil {
			return err
		}
		b.sayKey(ctx, r, "task.done", view.Esc(t.Text))
		// A task done changes only the Home of its owner and of the one who clicked.
		b.homes.touch(b.now(), func(u string) bool { return u == r.user || u == t.Owner })
		return nil
	})
}

// cmdTasks lists the open tasks of the group named, of the channel's group, or of all.
func cmdTasks(ctx context.Context, b *Bot, r *request, args []string) error {
	key := ""
	switch {
	case len(args) == 1:
		key = strings.ToLower(args[0])
	case len(args) > 1:
		return errUsage
	default:
		if g, err := b.svc.GroupByChannel(ctx, r.channel); err == nil {
			key = g.Key
		}
	}
	ts, err := b.svc.OpenTasks(ctx, key)
	if err != nil {
		return err
	}
	if len(ts) == 0 {
		b.sayKey(ctx, r, "task.none")
		return nil
	}
	lines := []string{"*" + r.t("task.list_title", len(ts)) + "*"}
	for _, t := range ts {
		lines = append(lines, "• "+view.TaskLine(r.lang, b.taskView(ctx, t, true), true))
	}
	b.say(ctx, r, view.Truncate(strings.Join(lines, "\n"), 3000), view.PackLines(lines, 40, view.MoreText(r.lang, "poll.more_lines"))...)
	return nil
}
