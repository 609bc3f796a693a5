package bot

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/view"
	"github.com/os2kitos/tovholder/workflow"
)

// minutesAction opens the minutes modal for the group's lead, from the meeting's start.
func minutesAction(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback, act *slack.BlockAction) error {
	return withID(act, func(id int64) error {
		d, err := b.leadMeeting(ctx, r, id)
		if err != nil {
			return err
		}
		switch m := d.Meeting; {
		case m.State == workflow.MeetingHeld:
			return workflow.Errorf(workflow.Conflict, "err.meeting.minutes_written")
		case m.State != workflow.MeetingScheduled:
			return workflow.Errorf(workflow.Conflict, "err.meeting.closed")
		case b.svc.Now().Before(m.Start):
			return workflow.Errorf(workflow.Invalid, "err.meeting.not_started")
		}
		return b.openModal(ctx, r, ic.TriggerID, view.MinutesModal(r.lang, d, b.loc))
	})
}

// richText writes a rich-text value as lines of text in which each user element is
// its mention, "<@U…>", the form workflow.ParseTasks reads. Text typed by the user is
// kept as typed: a typed "<@U1>" is text, but so it would be in Slack's own rich text.
func richText(v slack.RichTextBlock) string {
	var sb strings.Builder
	inline := func(els []slack.RichTextSectionElement) {
		for _, e := range els {
			switch e := e.(type) {
			case *slack.RichTextSectionTextElement:
				sb.WriteString(e.Text)
			case *slack.RichTextSectionUserElement:
				if isUserID(e.UserID) { // a malformed id must not write a mention of its own
					sb.WriteString("<@" + e.UserID + ">")
				}
			case *slack.RichTextSectionLinkElement:
				sb.WriteString(e.URL)
			case *slack.RichTextSectionEmojiElement:
				sb.WriteString(":" + e.Name + ":")
			case *slack.RichTextSectionBroadcastElement:
				sb.WriteString("@" + e.Range)
			case *slack.RichTextSectionChannelElement:
				sb.WriteString("#" + e.ChannelID)
			}
		}
	}
	for _, el := range v.Elements {
		switch el := el.(type) {
		case *slack.RichTextSection:
			inline(el.Elements)
		case *slack.RichTextList:
			for _, item := range el.Elements {
				if s, ok := item.(*slack.RichTextSection); ok {
					inline(s.Elements)
				}
				sb.WriteString("\n")
			}
		case *slack.RichTextPreformatted:
			inline(el.Elements)
		case *slack.RichTextQuote:
			inline(el.Elements)
		}
		if !strings.HasSuffix(sb.String(), "\n") {
			sb.WriteString("\n")
		}
	}
	return sb.String()
}

// minutesTasks reads the tasks of the minutes modal, or says on which line what is
// wrong: malformed, or an owner who is not in the workspace.
func (b *Bot) minutesTasks(ctx context.Context, r *request, ic *slack.InteractionCallback) ([]workflow.TaskDraft, string) {
	v, ok := ic.View.State.Values[view.BlkMinutesTasks][view.ActInput]
	if !ok {
		return nil, ""
	}
	text := richText(v.RichTextValue)
	drafts, err := workflow.ParseTasks(text, b.svc.Now(), b.loc)
	var le *workflow.LineError
	if errors.As(err, &le) {
		return nil, r.t("minutes.err.line", le.Line, b.errorText(r, le.Err))
	}
	if err != nil {
		return nil, b.errorText(r, err)
	}
	known := b.ownersInWorkspace(ctx, drafts)
	for i, d := range drafts {
		if !known[d.Owner] {
			return nil, r.t("minutes.err.owner", lineOf(text, i), view.User(d.Owner))
		}
	}
	return drafts, ""
}

// ownerLookupTime bounds the users.info calls of a minutes form: the form's answer
// must reach Slack within its 3 seconds.
const ownerLookupTime = 1500 * time.Millisecond

// ownersInWorkspace asks Slack, all at once and within ownerLookupTime, whether each
// distinct task owner is a member of the workspace who has not left it; an owner Slack
// did not confirm in time is not known.
func (b *Bot) ownersInWorkspace(ctx context.Context, drafts []workflow.TaskDraft) map[string]bool {
	ctx, cancel := context.WithTimeout(ctx, ownerLookupTime)
	defer cancel()
	var (
		mu    sync.Mutex
		wg    sync.WaitGroup
		known = map[string]bool{}
		asked = map[string]bool{}
	)
	for _, d := range drafts {
		if asked[d.Owner] {
			continue
		}
		asked[d.Owner] = true
		wg.Add(1)
		go func(owner string) {
			defer wg.Done()
			u, err := b.slack.GetUserInfoContext(ctx, owner)
			ok := err == nil && u != nil && !u.Deleted
			mu.Lock()
			known[owner] = ok
			mu.Unlock()
		}(d.Owner)
	}
	wg.Wait()
	return known
}

// lineOf is the line number (from 1) of the n-th non-blank line of text.
func lineOf(text string, n int) int {
	seen := -1
	for i, l := range strings.Split(text, "\n") {
		if strings.TrimSpace(l) != "" {
			seen++
		}
		if seen == n {
			return i + 1
		}
	}
	return n + 1
}

func submitMinutes(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	id, ok := idValue(ic.View.PrivateMetadata)
	if !ok {
		return nil, workflow.Errorf(workflow.Invalid, "err.stale")
	}
	tasks, bad := b.minutesTasks(ctx, r, ic)
	if bad != "" {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{view.BlkMinutesTasks: view.Truncate(bad, 1000)}), nil
	}
	in := workflow.MinutesInput{Decisions: inputValue(ic, view.BlkMinutesDecided), Tasks: tasks}
	for i := 0; ; i++ {
		if _, ok := ic.View.State.Values[view.BlkMinutesNote+strconv.Itoa(i)]; !ok {
			break
		}
		in.Notes = append(in.Notes, inputValue(ic, view.BlkMinutesNote+strconv.Itoa(i)))
	}
	a, err := b.actor(ctx, r)
	if err != nil {
		return nil, err
	}
	_, err = b.svc.WriteMinutes(ctx, a, id, in)
	var ne *workflow.NoteError
	if errors.As(err, &ne) {
		block := view.BlkMinutesDecided
		if ne.Item >= 0 {
			block = view.BlkMinutesNote + strconv.Itoa(ne.Item)
		}
		return slack.NewErrorsViewSubmissionResponse(map[string]string{block: r.t("minutes.err.too_long", workflow.MaxMinutesNote)}), nil
	}
	if resp, ok := b.modalError(r, err, map[string]string{"err.task.too_many": view.BlkMinutesTasks}, view.BlkMinutesDecided); ok {
		return resp, nil
	}
	return nil, err
}

func cmdVolunteer(ctx context.Context, b *Bot, r *request, args []string) error {
	if len(args) != 1 {
		return errUsage
	}
	return b.volunteer(ctx, r, strings.ToLower(args[0]))
}

func volunteerAction(ctx context.Context, b *Bot, r *request, _ *slack.InteractionCallback, act *slack.BlockAction) error {
	return b.volunteer(ctx, r, act.Value)
}

func (b *Bot) volunteer(ctx context.Context, r *request, key string) error {
	a, err := b.actor(ctx, r)
	if err != nil {
		return err
	}
	if err := b.svc.Volunteer(ctx, a, key); err != nil {
		return err
	}
	b.sayKey(ctx, r, "coordinator.volunteered", view.Esc(b.groupName(ctx, key)))
	return nil
}

// decideVolunteerAction confirms or declines a volunteer, for the secretariat.
func decideVolunteerAction(confirm bool) actionFunc {
	return func(ctx context.Context, b *Bot, r *request, _ *slack.InteractionCallback, act *slack.BlockAction) error {
		key, who, ok := strings.Cut(act.Value, ":")
		if !ok || !isUserID(who) {
			return workflow.Errorf(workflow.Invalid, "err.unknown_action")
		}
		a, err := b.actor(ctx, r)
		if err != nil {
			return err
		}
		return b.svc.DecideVolunteer(ctx, a, key, who, confirm)
	}
}

func cmdStepDown(ctx context.Context, b *Bot, r *request, args []string) error {
	if len(args) != 1 {
		return errUsage
	}
	a, err := b.actor(ctx, r)
	if err != nil {
		return err
	}
	key := strings.ToLower(args[0])
	if err := b.svc.StepDown(ctx, a, key); err != nil {
		return err
	}
	b.sayKey(ctx, r, "coordinator.stepped_down_you", view.Esc(b.groupName(ctx, key)))
	return nil
}
