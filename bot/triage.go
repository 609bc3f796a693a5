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

// triageFunc does one triage action on wish w for the secretariat actor a; w is the
// revision the card showed, which the use case is to decide on.
type triageFunc func(ctx context.Context, b *Bot, r *request, trigger string, a workflow.Actor, w workflow.Wish) error

// triage wraps a triage button: anyone but the secretariat is told privately who may
// use it, and nothing changes; a card that is out of date (the wish moved on) is
// answered before a modal is opened in vain, as is a card showing a text the
// submitter has edited since (its button names the revision it showed).
func triage(to workflow.State, f triageFunc) actionFunc {
	return func(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback, act *slack.BlockAction) error {
		id, seen, ok := parseSeen(act.Value)
		if !ok {
			return workflow.Errorf(workflow.Invalid, "err.unknown_action")
		}
		a, err := b.actor(ctx, r)
		if err != nil {
			return err
		}
		if workflow.CanTriage(a) != nil {
			return b.refuseTriage(ctx, r)
		}
		d, err := b.svc.Wish(ctx, id)
		if err != nil {
			return err
		}
		if w := d.Wish; !workflow.CanMove(w.State, to) || (to == workflow.StateDelivered && w.State != workflow.StateMinor) {
			return workflow.TransitionError(w.ID, w.State, to)
		}
		if seen != 0 && seen != d.Wish.Revision {
			return workflow.Errorf(workflow.Conflict, "err.wish.changed", id, id)
		}
		return f(ctx, b, r, ic.TriggerID, a, d.Wish)
	}
}

// parseSeen reads view.SeenValue (a triage button's value, a triage modal's
// private_metadata), exactly as written. A bare number, from a card posted by a release
// before revisions, is accepted with no revision (0): the wish is decided as it is then.
func parseSeen(s string) (int64, workflow.Revision, bool) {
	idText, revText, withRev := strings.Cut(s, "@")
	id, ok := canonicalPositive(idText)
	if !ok || !withRev {
		return id, 0, ok
	}
	rev, ok := canonicalPositive(revText)
	if !ok {
		return 0, 0, false
	}
	return id, workflow.Revision(rev), true
}

// canonicalPositive reads a positive number written as strconv writes it: digits
// only, no sign, no leading zero.
func canonicalPositive(s string) (int64, bool) {
	if s == "" || s[0] < '1' || s[0] > '9' || strings.Trim(s, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

// triageModal is a triage button that opens the form of the step whose callback id is
// cb: one text input (and, for a duplicate, the other wish's number).
func triageModal(to workflow.State, cb string) actionFunc {
	return triage(to, func(ctx context.Context, b *Bot, r *request, trigger string, _ workflow.Actor, w workflow.Wish) error {
		return b.openModal(ctx, r, trigger, view.TriageModal(r.lang, cb, w))
	})
}

// triageSubmit runs a triage modal's use case: a domain error shows beside block (or
// beside the note, when the note is what is wrong), so the modal keeps what was typed.
// The use case decides on the revision of the wish the modal was opened on; when the
// submitter has edited it since, the modal says so (err.wish.changed).
func triageSubmit(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback, block string,
	f func(a workflow.Actor, id int64, seen workflow.Revision) error) (*slack.ViewSubmissionResponse, error) {
	id, seen, ok := parseSeen(ic.View.PrivateMetadata)
	if !ok {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{block: r.t("err.stale")}), nil
	}
	a, err := b.actor(ctx, r)
	if err != nil {
		return nil, err
	}
	err = f(a, id, seen)
	if e, ok := workflow.AsError(err); ok && e.Kind != workflow.Internal {
		if strings.HasPrefix(e.Msg, "err.note.") {
			if _, has := ic.View.State.Values[view.BlkNote]; has {
				block = view.BlkNote
			}
		}
		return slack.NewErrorsViewSubmissionResponse(map[string]string{block: view.Truncate(b.errorText(r, err), 1000)}), nil
	}
	return nil, err
}

// refuseTriage tells someone who is not the secretariat who may triage.
func (b *Bot) refuseTriage(ctx context.Context, r *request) error {
	holders, err := b.svc.RoleHolders(ctx)
	if err != nil {
		return err
	}
	if who := holders[workflow.RoleSecretariat]; len(who) > 0 {
		b.sayKey(ctx, r, "err.forbidden.triage", view.Mentions(who))
	} else {
		b.sayKey(ctx, r, "err.forbidden.triage_nobody")
	}
	return nil
}

// editWishAction opens the wish modal, prefilled, for the submitter who was asked for
// more information; after the edit the wish is back with the secretariat.
func editWishAction(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback, act *slack.BlockAction) error {
	return withID(act, func(id int64) error {
		d, err := b.svc.Wish(ctx, id)
		if err != nil {
			return err
		}
		w := d.Wish
		if w.SubmitterID != r.user {
			return workflow.Errorf(workflow.Forbidden, "err.forbidden.submitter")
		}
		if w.State != workflow.StateNeedsInfo && w.State != workflow.StateSubmitted {
			return workflow.Errorf(workflow.Conflict, "err.wish.not_editable", w.ID, string(w.State))
		}
		return b.openWishModal(ctx, r, ic.TriggerID, &w, true)
	})
}

// renderInfoRequest is the DM asking the submitter the secretariat's question.
func renderInfoRequest(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
	d, e, err := noticeWish(ctx, b, n)
	if err != nil {
		return view.Message{}, err
	}
	return view.InfoRequest(lang, d.Wish, e), nil
}

// renderInfoAnswered tells the secretariat, in the card's thread, that the submitter
// answered its question by editing the wish.
func renderInfoAnswered(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
	d, _, err := noticeWish(ctx, b, n)
	if err != nil {
		return view.Message{}, err
	}
	return view.InfoAnswered(lang, d.Wish), nil
}

// cmdReroute is /wish reroute N <group> normal|major [note…]: the secretariat corrects
// the group and size of a wish in assessment before a poll has started.
func cmdReroute(ctx context.Context, b *Bot, r *request, args []string) error {
	if len(args) < 3 {
		return errUsage
	}
	id, ok := wishNumber(args[0])
	size := workflow.Size(strings.ToLower(args[2]))
	if !ok || (size != workflow.SizeNormal && size != workflow.SizeMajor) {
		return errUsage
	}
	a, err := b.actor(ctx, r)
	if err != nil {
		return err
	}
	w, err := b.svc.Reroute(ctx, a, id, strings.ToLower(args[1]), size, strings.Join(args[3:], " "))
	if err != nil {
		return err
	}
	b.sayKey(ctx, r, "reroute.done", view.PlWishName(w), view.Esc(b.groupName(ctx, w.Group)), view.SizeName(r.lang, w.Size))
	return nil
}

// renderRerouted tells a group's channel that a wish's group or size was corrected.
func renderRerouted(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
	d, e, err := noticeWish(ctx, b, n)
	if err != nil {
		return view.Message{}, err
	}
	return view.Rerouted(lang, d.Wish, e, b.groupName(ctx, e.Data["from_group"]), b.groupName(ctx, e.Data["group"])), nil
}

// triageMinor hands a wish to the secretariat as a minor one.
func triageMinor(ctx context.Context, b *Bot, _ *request, _ string, a workflow.Actor, w workflow.Wish) error {
	_, err := b.svc.HandleAsMinor(ctx, a, w.ID, "", w.Revision)
	return err
}

// triageDone marks a minor wish done.
func triageDone(ctx context.Context, b *Bot, _ *request, _ string, a workflow.Actor, w workflow.Wish) error {
	_, err := b.svc.CompleteMinor(ctx, a, w.ID, "", w.Revision)
	return err
}

// triageRoute opens the form that sends a wish to a working group.
func triageRoute(ctx context.Context, b *Bot, r *request, trigger string, _ workflow.Actor, w workflow.Wish) error {
	groups, err := b.svc.Groups(ctx)
	if err != nil {
		return err
	}
	if len(groups) == 0 {
		return workflow.Errorf(workflow.Invalid, "triage.no_groups")
	}
	return b.openModal(ctx, r, trigger, view.RouteModal(r.lang, groups, w))
}

// submitRoute sends a wish to the working group chosen in the form.
func submitRoute(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	return triageSubmit(ctx, b, r, ic, view.BlkNote, func(a workflow.Actor, id int64, seen workflow.Revision) error {
		_, err := b.svc.RouteToGroup(ctx, a, id, inputValue(ic, view.BlkGroup), workflow.Size(inputValue(ic, view.BlkSize)), inputValue(ic, view.BlkNote), seen)
		return err
	})
}

// submitAsk asks the submitter the form's question.
func submitAsk(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	return triageSubmit(ctx, b, r, ic, view.BlkQuestion, func(a workflow.Actor, id int64, seen workflow.Revision) error {
		_, err := b.svc.AskForInfo(ctx, a, id, inputValue(ic, view.BlkQuestion), seen)
		return err
	})
}

// submitDecline declines a wish with the form's reason.
func submitDecline(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	return triageSubmit(ctx, b, r, ic, view.BlkReason, func(a workflow.Actor, id int64, seen workflow.Revision) error {
		_, err := b.svc.Decline(ctx, a, id, inputValue(ic, view.BlkReason), seen)
		return err
	})
}

// submitDuplicate marks a wish a duplicate of the number in the form.
func submitDuplicate(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	other, ok := wishNumber(strings.TrimSpace(inputValue(ic, view.BlkOther)))
	if !ok {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{view.BlkOther: r.t("triage.duplicate.number")}), nil
	}
	return triageSubmit(ctx, b, r, ic, view.BlkOther, func(a workflow.Actor, id int64, seen workflow.Revision) error {
		_, err := b.svc.MarkDuplicate(ctx, a, id, other, inputValue(ic, view.BlkNote), seen)
		return err
	})
}
