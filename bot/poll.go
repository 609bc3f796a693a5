package bot

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/workflow"
)

// Action ids of consensus polls: the group card's Start button, the poll message's
// buttons (their value is the poll id), and Add a reason in a stance's confirmation
// (its value is "poll id:position").
const (
	actStartPoll = "poll.start"
	actAgree     = "poll.agree"
	actAbstain   = "poll.abstain"
	actObject    = "poll.object"
	actClosePoll = "poll.close"
	actReason    = "poll.reason"
)

// Callback ids and input blocks of the poll modals.
const (
	cbStartPoll = "poll.start_form"
	cbStance    = "poll.stance_form"
	blkProposal = "proposal"
	blkPollText = "text"
	blkDeadline = "deadline"
	blkQuorum   = "quorum"
	dayFormat   = "2006-01-02"
)

func init() {
	cardButtons = append(cardButtons, pollButtons)
	changeTexts[workflow.EvPollClosed] = pollClosedChange
	historyTexts[workflow.EvPollStarted] = pollStartedHistory
	historyTexts[workflow.EvPollClosed] = pollClosedHistory
}

var pollCommands = []Command{
	{Slash: "/tovholder", Name: "poll", Args: "usage.poll", Help: "help.poll",
		Example: "example.poll", Run: cmdPoll},
}

var pollActions = map[string]actionFunc{
	actStartPoll: startPollAction,
	actAgree:     stanceAction(workflow.Agree),
	actAbstain:   stanceAction(workflow.Abstain),
	actObject:    stanceAction(workflow.Object),
	actReason:    reasonAction,
	actClosePoll: closePollAction,
}

var pollSubmissions = map[string]submitFunc{cbStartPoll: submitStartPoll, cbStance: submitStance}

var pollRenderers = map[string]renderFunc{
	string(workflow.NoticePoll):         renderPoll,
	string(workflow.NoticePollOutcome):  renderPollOutcome,
	string(workflow.NoticeAnnouncement): renderAnnouncement,
}

// pollButtons is Start consensus poll on a group's card while the wish is assessed.
func pollButtons(lang i18n.Lang, w workflow.Wish, n workflow.Notice) []slack.BlockElement {
	if n.Kind != workflow.NoticeGroupCard || w.State != workflow.StateInAssessment {
		return nil
	}
	return []slack.BlockElement{button(actStartPoll, i18n.T(lang, "poll.start"), strconv.FormatInt(w.ID, 10), slack.StylePrimary)}
}

// startPollAction opens the poll modal for the group's coordinator or the secretariat.
func startPollAction(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback, act *slack.BlockAction) error {
	return withID(act, func(id int64) error {
		d, err := b.svc.Wish(ctx, id)
		if err != nil {
			return err
		}
		w := d.Wish
		if w.State != workflow.StateInAssessment {
			return workflow.Errorf(workflow.Conflict, "err.poll.wish_state", w.ID, string(w.State))
		}
		g, err := b.svc.Group(ctx, w.Group)
		if err != nil {
			return err
		}
		a, err := b.actor(ctx, r)
		if err != nil {
			return err
		}
		if err := workflow.CanLead(a, g); err != nil {
			return err
		}
		return b.openModal(ctx, r, ic.TriggerID, b.pollModal(r.lang, w, g))
	})
}

// defaultDay is the date the deadline picker starts at: the day of the default
// deadline (workflow.DefaultDeadline) in the bot's time zone.
func (b *Bot) defaultDay() string {
	return workflow.DefaultDeadline(b.svc.Now(), b.loc).In(b.loc).Format(dayFormat)
}

// pollDeadline reads the picked day. Left at its default, the poll runs until the
// default deadline (a zero deadline tells the workflow so); another day means the end
// of that day in the bot's time zone (workflow.EndOfDay), so that "Friday" includes all
// of Friday for everyone in Denmark and is shown as Friday.
func (b *Bot) pollDeadline(day, defaultDay string) (time.Time, bool) {
	if day == "" || day == defaultDay {
		return time.Time{}, true
	}
	return dayDeadline(day, b.loc)
}

// dayDeadline is the deadline a picked day (YYYY-MM-DD, as Slack's date picker sends
// it) means in loc: the end of that day.
func dayDeadline(day string, loc *time.Location) (time.Time, bool) {
	t, err := time.ParseInLocation(dayFormat, day, loc)
	if err != nil {
		return time.Time{}, false
	}
	return workflow.EndOfDay(t.Year(), t.Month(), t.Day(), loc), true
}

// pollModal asks the proposal, the deadline and the quorum of a poll on wish w.
func (b *Bot) pollModal(lang i18n.Lang, w workflow.Wish, g workflow.Group) slack.ModalViewRequest {
	var opts []*slack.OptionBlockObject
	for _, p := range []workflow.Priority{workflow.PriorityHigh, workflow.PriorityMedium, workflow.PriorityLow} {
		opts = append(opts, slack.NewOptionBlockObject("prioritise:"+string(p), plain(i18n.T(lang, "poll.propose.prioritise", i18n.T(lang, "priority."+string(p)))), nil))
	}
	opts = append(opts, slack.NewOptionBlockObject(string(workflow.ProposeReject), plain(i18n.T(lang, "poll.propose.reject")), nil))
	day := b.defaultDay()
	picker := slack.NewDatePickerBlockElement(actInput)
	picker.InitialDate = day
	deadline := slack.NewInputBlock(blkDeadline, plain(i18n.T(lang, "poll.field.deadline")), plain(i18n.T(lang, "poll.hint.deadline")), picker)
	quorum := textInput(lang, blkQuorum, "poll.field.quorum", "", strconv.Itoa(g.DefaultQuorum()), false, 4, false)
	quorum.Hint = plain(i18n.T(lang, "poll.hint.quorum", g.DefaultQuorum(), i18n.N(lang, "count.members", len(g.Members))))
	blocks := []slack.Block{
		section(i18n.T(lang, "triage.modal.wish", wishLabel(w))),
		slack.NewInputBlock(blkProposal, plain(i18n.T(lang, "poll.field.proposal")), nil, slack.NewRadioButtonsBlockElement(actInput, opts...)),
		textInput(lang, blkPollText, "poll.field.text", "poll.hint.text", "", true, workflow.MaxNote, true),
		deadline,
		quorum,
	}
	return slack.ModalViewRequest{
		Type: slack.VTModal, CallbackID: cbStartPoll, PrivateMetadata: strconv.FormatInt(w.ID, 10) + "|" + day,
		Title:  plain(i18n.T(lang, "poll.modal.title")),
		Submit: plain(i18n.T(lang, "poll.modal.submit")),
		Close:  plain(i18n.T(lang, "modal.cancel")),
		Blocks: slack.Blocks{BlockSet: blocks},
	}
}

// pollInput reads the poll modal, or says which field is wrong.
func (b *Bot) pollInput(r *request, ic *slack.InteractionCallback) (workflow.PollInput, map[string]string) {
	idText, defaultDay, _ := strings.Cut(ic.View.PrivateMetadata, "|")
	id, ok := idValue(idText)
	if !ok {
		return workflow.PollInput{}, map[string]string{blkProposal: r.t("err.stale")}
	}
	in := workflow.PollInput{WishID: id, Text: inputValue(ic, blkPollText)}
	errs := map[string]string{}
	if in.Proposal, in.Priority, ok = parseProposal(inputValue(ic, blkProposal)); !ok {
		// Nothing chosen (a broken or forged client leaves the radio out): the
		// workflow would refuse it too, but the person should see it beside the field.
		errs[blkProposal] = r.t("err.poll.proposal")
	}
	if in.Deadline, ok = b.pollDeadline(inputValue(ic, blkDeadline), defaultDay); !ok {
		errs[blkDeadline] = r.t("poll.err.day")
	}
	q, ok := parseQuorum(inputValue(ic, blkQuorum))
	if !ok {
		errs[blkQuorum] = r.t("poll.err.quorum_number")
	}
	in.Quorum = q
	return in, errs
}

// parseProposal reads the value of the poll modal's proposal radio: "reject" or
// "prioritise:<priority>" with a known priority. Anything else is not a proposal.
func parseProposal(v string) (workflow.Proposal, workflow.Priority, bool) {
	if v == string(workflow.ProposeReject) {
		return workflow.ProposeReject, "", true
	}
	if rest, ok := strings.CutPrefix(v, "prioritise:"); ok && workflow.Priority(rest).Known() {
		return workflow.ProposePrioritise, workflow.Priority(rest), true
	}
	return "", "", false
}

// parseQuorum reads the quorum field: a whole number of members, 1 to 9999 (the
// field takes four digits). Whether it is high enough for the group is the
// workflow's rule (workflow.MinQuorum), refused beside the field with the minimum.
func parseQuorum(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 4 || strings.Trim(s, "0123456789") != "" {
		return 0, false
	}
	q, err := strconv.Atoi(s)
	return q, err == nil && q >= 1
}

// pollErrorBlocks says beside which input a poll error belongs.
var pollErrorBlocks = map[string]string{
	"err.poll.proposal": blkProposal, "err.poll.priority": blkProposal, "err.poll.text": blkPollText,
	"err.note.too_long": blkPollText, "err.poll.deadline": blkDeadline, "err.poll.quorum": blkQuorum,
	"err.poll.quorum_min": blkQuorum,
}

func submitStartPoll(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	in, errs := b.pollInput(r, ic)
	if len(errs) > 0 {
		return slack.NewErrorsViewSubmissionResponse(errs), nil
	}
	a, err := b.actor(ctx, r)
	if err != nil {
		return nil, err
	}
	_, err = b.svc.StartPoll(ctx, a, in)
	if e, ok := workflow.AsError(err); ok && e.Kind != workflow.Internal {
		block, ok := pollErrorBlocks[e.Msg]
		if !ok {
			block = blkProposal
		}
		return slack.NewErrorsViewSubmissionResponse(map[string]string{block: truncate(b.errorText(r, err), 1000)}), nil
	}
	return nil, err
}

// cmdPoll starts a poll on a free-standing proposal in the group's channel, with the
// default deadline and quorum.
func cmdPoll(ctx context.Context, b *Bot, r *request, args []string) error {
	text := strings.TrimSpace(strings.Join(args, " "))
	if text == "" {
		return errUsage
	}
	g, err := b.svc.GroupByChannel(ctx, r.channel)
	if err != nil {
		return err
	}
	a, err := b.actor(ctx, r)
	if err != nil {
		return err
	}
	p, err := b.svc.StartPoll(ctx, a, workflow.PollInput{GroupKey: g.Key, Proposal: workflow.ProposeFree, Text: text})
	if err != nil {
		return err
	}
	b.sayKey(ctx, r, "poll.started", esc(g.Name), b.slackDate(p.Deadline), p.Quorum, i18n.N(r.lang, "count.members", len(p.Electorate)))
	return nil
}

// stanceAction records Agree or Abstain at once, and confirms privately with a way to
// add a reason; Object opens a modal, because an objection needs one.
func stanceAction(pos workflow.Position) actionFunc {
	return func(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback, act *slack.BlockAction) error {
		return withID(act, func(id int64) error {
			a, err := b.actor(ctx, r)
			if err != nil {
				return err
			}
			if pos == workflow.Object {
				return b.openStanceModal(ctx, r, ic.TriggerID, a, id, pos)
			}
			t, err := b.svc.TakeStance(ctx, a, id, pos, "")
			if err != nil {
				return err
			}
			text := r.t("poll.took."+string(pos), i18n.N(r.lang, "poll.so_far", t.Taken), i18n.N(r.lang, "poll.needed", t.Quorum))
			b.say(ctx, r, text, section(text), buttons("stance_reason",
				button(actReason, r.t("poll.add_reason"), strconv.FormatInt(id, 10)+":"+string(pos), "")))
			return nil
		})
	}
}

// reasonAction opens the stance modal to give a reason with an Agree or Abstain.
func reasonAction(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback, act *slack.BlockAction) error {
	idText, pos, _ := strings.Cut(act.Value, ":")
	id, ok := idValue(idText)
	if !ok || (pos != string(workflow.Agree) && pos != string(workflow.Abstain)) {
		return workflow.Errorf(workflow.Invalid, "err.unknown_action")
	}
	a, err := b.actor(ctx, r)
	if err != nil {
		return err
	}
	return b.openStanceModal(ctx, r, ic.TriggerID, a, id, workflow.Position(pos))
}

// openStanceModal asks the reason for a stance, after checking that the poll is open
// and the actor may take a stance in it: nobody fills in a form in vain.
func (b *Bot) openStanceModal(ctx context.Context, r *request, trigger string, a workflow.Actor, id int64, pos workflow.Position) error {
	d, err := b.svc.Poll(ctx, id)
	if err != nil {
		return err
	}
	if !d.Poll.Open() {
		return workflow.Errorf(workflow.Conflict, "err.poll.closed", id)
	}
	if err := workflow.CanTakeStance(a, d.Poll, d.Group); err != nil {
		return err
	}
	reason := textInput(r.lang, blkReason, "poll.field.reason."+string(pos), "poll.hint.reason."+string(pos), "", true, workflow.MaxNote, pos != workflow.Object)
	return b.openModal(ctx, r, trigger, slack.ModalViewRequest{
		Type: slack.VTModal, CallbackID: cbStance, PrivateMetadata: strconv.FormatInt(id, 10) + ":" + string(pos),
		Title:  plain(r.t("poll.modal.stance." + string(pos))),
		Submit: plain(r.t("poll.modal.stance_submit")),
		Close:  plain(r.t("modal.cancel")),
		Blocks: slack.Blocks{BlockSet: []slack.Block{section(proposalText(r.lang, d)), reason}},
	})
}

func submitStance(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	idText, pos, _ := strings.Cut(ic.View.PrivateMetadata, ":")
	id, ok := idValue(idText)
	if !ok {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{blkReason: r.t("err.stale")}), nil
	}
	a, err := b.actor(ctx, r)
	if err != nil {
		return nil, err
	}
	_, err = b.svc.TakeStance(ctx, a, id, workflow.Position(pos), inputValue(ic, blkReason))
	if e, ok := workflow.AsError(err); ok && e.Kind != workflow.Internal {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{blkReason: truncate(b.errorText(r, err), 1000)}), nil
	}
	return nil, err
}

// closePollAction closes a poll now, for its group's coordinator or the secretariat.
func closePollAction(ctx context.Context, b *Bot, r *request, _ *slack.InteractionCallback, act *slack.BlockAction) error {
	return withID(act, func(id int64) error {
		a, err := b.actor(ctx, r)
		if err != nil {
			return err
		}
		_, err = b.svc.ClosePoll(ctx, a, id)
		return err
	})
}
