package bot

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/bot/view"
	"github.com/os2kitos/tovholder/workflow"
)

// dayFormat is how a date picker gives a day.
const dayFormat = "2006-01-02"

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
		if workflow.OpenPollOf(d.Polls) != nil {
			// Said at the click, not after the whole form is filled in.
			return workflow.Errorf(workflow.Conflict, "err.poll.already_open", w.ID)
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
		return b.openModal(ctx, r, ic.TriggerID, view.PollModal(r.lang, w, g, b.defaultDay()))
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

// pollInput reads the poll modal, or says which field is wrong.
func (b *Bot) pollInput(r *request, ic *slack.InteractionCallback) (workflow.PollInput, map[string]string) {
	idText, defaultDay, _ := strings.Cut(ic.View.PrivateMetadata, "|")
	id, ok := idValue(idText)
	if !ok {
		return workflow.PollInput{}, map[string]string{view.BlkProposal: r.t("err.stale")}
	}
	in := workflow.PollInput{WishID: id, Text: inputValue(ic, view.BlkPollText)}
	errs := map[string]string{}
	if in.Proposal, in.Priority, ok = parseProposal(inputValue(ic, view.BlkProposal)); !ok {
		// Nothing chosen (a broken or forged client leaves the radio out): the
		// workflow would refuse it too, but the person should see it beside the field.
		errs[view.BlkProposal] = r.t("err.poll.proposal")
	}
	if in.Deadline, ok = b.pollDeadline(inputValue(ic, view.BlkDeadline), defaultDay); !ok {
		errs[view.BlkDeadline] = r.t("poll.err.day")
	}
	q, ok := parseQuorum(inputValue(ic, view.BlkQuorum))
	if !ok {
		errs[view.BlkQuorum] = r.t("poll.err.quorum_number")
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
	"err.poll.proposal": view.BlkProposal, "err.poll.priority": view.BlkProposal, "err.poll.text": view.BlkPollText,
	"err.note.too_long": view.BlkPollText, "err.poll.deadline": view.BlkDeadline, "err.poll.quorum": view.BlkQuorum,
	"err.poll.quorum_min": view.BlkQuorum,
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
			block = view.BlkProposal
		}
		return slack.NewErrorsViewSubmissionResponse(map[string]string{block: view.Truncate(b.errorText(r, err), 1000)}), nil
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
	b.sayKey(ctx, r, "poll.started", view.Esc(g.Name), b.slackDate(p.Deadline), p.Quorum, i18n.N(r.lang, "count.members", len(p.Electorate)))
	return nil
}

// stanceAction records Agree or Abstain at once, and confirms privately with a way to
// add a reason; Object opens a modal, because an objection needs one. Agree and
// Abstain are in commitsFirst: the user's language is looked up after the commit.
func stanceAction(pos workflow.Position) actionFunc {
	return func(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback, act *slack.BlockAction) error {
		return withID(act, func(id int64) error {
			if pos == workflow.Object {
				b.personalise(ctx, r)
				a, err := b.actor(ctx, r)
				if err != nil {
					return err
				}
				return b.openStanceModal(ctx, r, ic.TriggerID, a, id, pos)
			}
			// The stance is committed first: no lookup of the user (users.info for
			// their language) or of their roles holds a burst's commit back. A
			// stance is checked against the poll's stored electorate alone.
			t, err := func() (workflow.Tally, error) {
				defer b.commits.begin()() // ended even if the use case panics
				return b.svc.TakeStance(ctx, workflow.Actor{UserID: r.user}, id, pos, "")
			}()
			if err != nil {
				return err
			}
			// Committed: the slot goes to the next click, and the answer (Slack round
			// trips, rendering) waits while others of the burst are still committing.
			r.committed()
			b.commits.wait()
			b.personalise(ctx, r)
			m := view.StanceTaken(r.lang, id, pos, t)
			b.say(ctx, r, m.Text, m.Blocks...)
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
	return b.openModal(ctx, r, trigger, view.StanceModal(r.lang, d, pos))
}

func submitStance(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	idText, pos, _ := strings.Cut(ic.View.PrivateMetadata, ":")
	id, ok := idValue(idText)
	if !ok {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{view.BlkReason: r.t("err.stale")}), nil
	}
	a, err := b.actor(ctx, r)
	if err != nil {
		return nil, err
	}
	_, err = b.svc.TakeStance(ctx, a, id, workflow.Position(pos), inputValue(ic, view.BlkReason))
	if e, ok := workflow.AsError(err); ok && e.Kind != workflow.Internal {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{view.BlkReason: view.Truncate(b.errorText(r, err), 1000)}), nil
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
