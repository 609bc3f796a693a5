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

// Callback ids and input blocks of the meeting modals.
const (
	cbConvene      = "meeting.convene_form"
	cbAnswerTimes  = "meeting.answer_form"
	cbMinutes      = "meeting.minutes_form"
	cbMove         = "meeting.move_form"
	cbCancel       = "meeting.cancel_form"
	blkDate        = "date"
	blkStart       = "start"
	blkDuration    = "duration"
	blkPlace       = "place"
	blkAgenda      = "agenda"
	blkOtherItems  = "other"
	blkCandidate   = "cand" // cand1date, cand1time, …
	blkMinutesNote = "note" // note0, note1, …
	blkDecisions   = "decisions"
	blkTasks       = "tasks"
	blkCancel      = "reason"
	modeFixed      = "fixed"
	modeFind       = "find"
)

// discussedHistory says that a wish was discussed at a meeting, in its history.
func discussedHistory(lang i18n.Lang, e workflow.Event) string {
	return i18n.T(lang, "history.discussed", e.Data["day"])
}

// refLink links label to the first of refs the bot posted with a kept permalink, or
// is the label alone.
func (b *Bot) refLink(ctx context.Context, label string, refs ...string) string {
	if l := b.permalink(ctx, refs...); l != "" {
		return "<" + l + "|" + label + ">"
	}
	return label
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
	return b.openModal(ctx, r, trigger, b.conveneModal(r.lang, g, items, modeFixed))
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
	_, err = b.slack.UpdateViewContext(ctx, b.conveneModal(r.lang, g, items, modeFind), "", ic.View.Hash, ic.View.ID)
	return err
}

// conveneModal asks when, how long, where and what: a fixed time, or in mode find up
// to five candidate times.
func (b *Bot) conveneModal(lang i18n.Lang, g workflow.Group, items []workflow.AgendaItem, mode string) slack.ModalViewRequest {
	blocks := []slack.Block{view.Section(i18n.T(lang, "meeting.modal.intro", view.Esc(g.Name), b.loc.String()))}
	tomorrow := b.svc.Now().In(b.loc).AddDate(0, 0, 1).Format(dayFormat)
	if mode == modeFind {
		for i := 1; i <= workflow.MaxCandidates; i++ {
			n := strconv.Itoa(i)
			blocks = append(blocks,
				datePicker(lang, blkCandidate+n+"date", i18n.T(lang, "meeting.field.cand_date", i), "", i > workflow.MinCandidates),
				timePicker(lang, blkCandidate+n+"time", i18n.T(lang, "meeting.field.cand_time", i), "", i > workflow.MinCandidates))
		}
	} else {
		blocks = append(blocks,
			datePicker(lang, blkDate, i18n.T(lang, "meeting.field.date"), tomorrow, false),
			timePicker(lang, blkStart, i18n.T(lang, "meeting.field.start"), "10:00", false),
			view.Buttons("find_date", view.Button(view.ActFindDate, i18n.T(lang, "meeting.find_date"), g.Key, "")))
	}
	dur := view.TextInput(lang, blkDuration, "meeting.field.duration", "meeting.hint.duration", workflow.FormatDuration(workflow.DefaultDuration), false, 10, false)
	blocks = append(blocks, dur, view.TextInput(lang, blkPlace, "meeting.field.place", "", "", false, workflow.MaxPlace, true))
	if len(items) > 0 {
		blocks = append(blocks, b.agendaChoice(lang, items))
	}
	other := view.TextInput(lang, blkOtherItems, "meeting.field.other", "meeting.hint.other", "", true, 2500, len(items) > 0)
	blocks = append(blocks, other)
	return slack.ModalViewRequest{
		Type: slack.VTModal, CallbackID: cbConvene, PrivateMetadata: g.Key + "|" + mode,
		Title:  view.Plain(i18n.T(lang, "meeting.modal.title")),
		Submit: view.Plain(i18n.T(lang, "meeting.modal.submit")),
		Close:  view.Plain(i18n.T(lang, "modal.cancel")),
		Blocks: slack.Blocks{BlockSet: blocks},
	}
}

// agendaChoice is the proposed agenda as checkboxes, all ticked; what does not fit in
// MaxAgendaProposals is named in the hint.
func (b *Bot) agendaChoice(lang i18n.Lang, items []workflow.AgendaItem) *slack.InputBlock {
	var opts []*slack.OptionBlockObject
	for _, it := range items[:min(len(items), workflow.MaxAgendaProposals)] {
		opts = append(opts, slack.NewOptionBlockObject(it.Key(), view.Plain(view.Truncate(view.ItemLabel(lang, it, false), 75)), nil))
	}
	cb := slack.NewCheckboxGroupsBlockElement(view.ActInput, opts...)
	cb.InitialOptions = opts
	in := slack.NewInputBlock(blkAgenda, view.Plain(i18n.T(lang, "meeting.field.agenda")), view.Plain(i18n.T(lang, "meeting.hint.agenda")), cb)
	in.Optional = true
	if rest := items[min(len(items), workflow.MaxAgendaProposals):]; len(rest) > 0 {
		var names []string
		for _, it := range rest {
			names = append(names, view.ItemLabel(lang, it, false))
		}
		in.Hint = view.Plain(view.Truncate(i18n.T(lang, "meeting.hint.agenda_rest", len(rest), strings.Join(names, "; ")), 2000))
	}
	return in
}

func datePicker(lang i18n.Lang, block, label, initial string, optional bool) *slack.InputBlock {
	p := slack.NewDatePickerBlockElement(view.ActInput)
	p.InitialDate = initial
	in := slack.NewInputBlock(block, view.Plain(label), nil, p)
	in.Optional = optional
	return in
}

func timePicker(lang i18n.Lang, block, label, initial string, optional bool) *slack.InputBlock {
	p := slack.NewTimePickerBlockElement(view.ActInput)
	p.InitialTime = initial
	in := slack.NewInputBlock(block, view.Plain(label), nil, p)
	in.Optional = optional
	return in
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
	"err.meeting.date": blkDate, "err.meeting.time": blkStart, "err.meeting.no_such_time": blkStart,
	"err.meeting.past": blkDate, "err.meeting.duration": blkDuration, "err.meeting.place_too_long": blkPlace,
	"err.meeting.item_too_long": blkOtherItems, "err.meeting.too_many_items": blkOtherItems, "err.meeting.empty_agenda": blkOtherItems,
	"err.meeting.candidates": blkCandidate + "1date", "err.meeting.candidate_twice": blkCandidate + "1date",
	"err.meeting.reason": blkCancel, "err.meeting.reason_too_long": blkCancel, "err.meeting.same_time": blkStart,
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
	in := workflow.ConveneInput{Group: key, Duration: inputValue(ic, blkDuration), Place: inputValue(ic, blkPlace), Other: inputValue(ic, blkOtherItems)}
	if v, ok := ic.View.State.Values[blkAgenda][view.ActInput]; ok {
		for _, o := range v.SelectedOptions {
			in.Items = append(in.Items, o.Value)
		}
	}
	first := blkDate
	if mode == modeFind {
		first = blkCandidate + "1date"
		for i := 1; i <= workflow.MaxCandidates; i++ {
			n := strconv.Itoa(i)
			d, t := stateValue(ic, blkCandidate+n+"date"), stateValue(ic, blkCandidate+n+"time")
			if d != "" || t != "" {
				in.Candidates = append(in.Candidates, [2]string{d, t})
			}
		}
	} else {
		in.Date, in.Time = stateValue(ic, blkDate), stateValue(ic, blkStart)
	}
	a, err := b.actor(ctx, r)
	if err != nil {
		return nil, err
	}
	_, err = b.svc.Convene(ctx, a, in)
	blocks := meetingErrorBlocks
	if mode == modeFind {
		blocks = map[string]string{"err.meeting.duration": blkDuration, "err.meeting.place_too_long": blkPlace,
			"err.meeting.item_too_long": blkOtherItems, "err.meeting.too_many_items": blkOtherItems, "err.meeting.empty_agenda": blkOtherItems}
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
