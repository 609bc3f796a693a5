package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/workflow"
)

// Action ids of the triage buttons on the secretariat's wish card, and of the Edit
// wish button in the DM that asks the submitter for more information.
const (
	actMinor     = "triage.minor"
	actRoute     = "triage.route"
	actAsk       = "triage.ask"
	actDecline   = "triage.decline"
	actDuplicate = "triage.duplicate"
	actDone      = "triage.done"
	actEditWish  = "triage.edit_wish"
)

// Callback ids of the triage modals; each carries the wish's number in private_metadata.
const (
	cbRoute     = "triage.route_form"
	cbAsk       = "triage.ask_form"
	cbDecline   = "triage.decline_form"
	cbDuplicate = "triage.duplicate_form"
)

// Input block ids of the triage modals.
const (
	blkSize     = "size"
	blkNote     = "note"
	blkQuestion = "question"
	blkReason   = "reason"
	blkOther    = "other"
)

func init() {
	cardButtons = append(cardButtons, triageButtons)
	cardBlocks = append(cardBlocks, groupLeadLine)
}

var triageCommands []Command

var triageActions = map[string]actionFunc{
	actMinor: triage(workflow.StateMinor, func(ctx context.Context, b *Bot, _ *request, _ string, a workflow.Actor, w workflow.Wish) error {
		_, err := b.svc.HandleAsMinor(ctx, a, w.ID, "", w.Revision)
		return err
	}),
	actDone: triage(workflow.StateDelivered, func(ctx context.Context, b *Bot, _ *request, _ string, a workflow.Actor, w workflow.Wish) error {
		_, err := b.svc.CompleteMinor(ctx, a, w.ID, "", w.Revision)
		return err
	}),
	actRoute: triage(workflow.StateInAssessment, func(ctx context.Context, b *Bot, r *request, trigger string, _ workflow.Actor, w workflow.Wish) error {
		groups, err := b.svc.Groups(ctx)
		if err != nil {
			return err
		}
		if len(groups) == 0 {
			return workflow.Errorf(workflow.Invalid, "triage.no_groups")
		}
		return b.openModal(ctx, r, trigger, routeModal(r.lang, groups, w))
	}),
	actAsk:       triageModal(workflow.StateNeedsInfo, cbAsk, "triage.ask.title", blkQuestion, "triage.ask.question", "triage.ask.hint", false),
	actDecline:   triageModal(workflow.StateDeclined, cbDecline, "triage.decline.title", blkReason, "triage.decline.reason", "triage.decline.hint", false),
	actDuplicate: triageModal(workflow.StateDuplicate, cbDuplicate, "triage.duplicate.title", blkNote, "triage.note", "", true),
	actEditWish:  editWishAction,
}

var triageSubmissions = map[string]submitFunc{
	cbRoute: func(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
		return triageSubmit(ctx, b, r, ic, blkNote, func(a workflow.Actor, id int64, seen workflow.Revision) error {
			_, err := b.svc.RouteToGroup(ctx, a, id, inputValue(ic, blkGroup), workflow.Size(inputValue(ic, blkSize)), inputValue(ic, blkNote), seen)
			return err
		})
	},
	cbAsk: func(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
		return triageSubmit(ctx, b, r, ic, blkQuestion, func(a workflow.Actor, id int64, seen workflow.Revision) error {
			_, err := b.svc.AskForInfo(ctx, a, id, inputValue(ic, blkQuestion), seen)
			return err
		})
	},
	cbDecline: func(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
		return triageSubmit(ctx, b, r, ic, blkReason, func(a workflow.Actor, id int64, seen workflow.Revision) error {
			_, err := b.svc.Decline(ctx, a, id, inputValue(ic, blkReason), seen)
			return err
		})
	},
	cbDuplicate: func(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
		other, ok := wishNumber(strings.TrimSpace(inputValue(ic, blkOther)))
		if !ok {
			return slack.NewErrorsViewSubmissionResponse(map[string]string{blkOther: r.t("triage.duplicate.number")}), nil
		}
		return triageSubmit(ctx, b, r, ic, blkOther, func(a workflow.Actor, id int64, seen workflow.Revision) error {
			_, err := b.svc.MarkDuplicate(ctx, a, id, other, inputValue(ic, blkNote), seen)
			return err
		})
	},
}

var triageRenderers = map[string]renderFunc{string(workflow.NoticeInfoRequest): renderInfoRequest}

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
			return workflow.Errorf(workflow.Conflict, "err.wish.transition", w.ID, string(w.State), string(to))
		}
		if seen != 0 && seen != d.Wish.Revision {
			return workflow.Errorf(workflow.Conflict, "err.wish.changed", id, id)
		}
		return f(ctx, b, r, ic.TriggerID, a, d.Wish)
	}
}

// seenValue is the value of a triage button, and the private_metadata of a triage
// modal: the wish's number and the revision of its text shown, "12@3".
func seenValue(w workflow.Wish) string {
	return strconv.FormatInt(w.ID, 10) + "@" + strconv.FormatInt(int64(w.Revision), 10)
}

// parseSeen reads seenValue, exactly as written. A bare number, from a card posted by
// a release before revisions, is accepted with no revision (0): the wish is decided as
// it is then.
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

// triageModal is a triage button that opens a modal with one text input (and, for a
// duplicate, the other wish's number).
func triageModal(to workflow.State, cb, title, block, label, hint string, optional bool) actionFunc {
	return triage(to, func(ctx context.Context, b *Bot, r *request, trigger string, _ workflow.Actor, w workflow.Wish) error {
		var blocks []slack.Block
		blocks = append(blocks, section(i18n.T(r.lang, "triage.modal.wish", wishLabel(w))))
		if cb == cbDuplicate {
			num := textInput(r.lang, blkOther, "triage.duplicate.other", "triage.duplicate.other_hint", "", false, 12, false)
			blocks = append(blocks, num)
		}
		blocks = append(blocks, textInput(r.lang, block, label, hint, "", true, workflow.MaxNote, optional))
		return b.openModal(ctx, r, trigger, triageView(r.lang, cb, title, w, blocks))
	})
}

func triageView(lang i18n.Lang, cb, title string, w workflow.Wish, blocks []slack.Block) slack.ModalViewRequest {
	return slack.ModalViewRequest{
		Type: slack.VTModal, CallbackID: cb, PrivateMetadata: seenValue(w),
		Title:  plain(i18n.T(lang, title)),
		Submit: plain(i18n.T(lang, "triage.modal.submit")),
		Close:  plain(i18n.T(lang, "modal.cancel")),
		Blocks: slack.Blocks{BlockSet: blocks},
	}
}

// routeModal asks where to send the wish: the group (preselected from the
// submitter's choice), the size, and an optional note.
func routeModal(lang i18n.Lang, groups []workflow.Group, w workflow.Wish) slack.ModalViewRequest {
	var opts []*slack.OptionBlockObject
	var initial *slack.OptionBlockObject
	for _, g := range groups {
		if len(opts) == 100 {
			break
		}
		o := slack.NewOptionBlockObject(g.Key, plain(clip(g.Name, 75)), nil)
		opts = append(opts, o)
		if g.Key == w.RequestedGroup {
			initial = o
		}
	}
	sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain(i18n.T(lang, "triage.route.choose")), actInput, opts...)
	sel.InitialOption = initial
	normal := slack.NewOptionBlockObject(string(workflow.SizeNormal), plain(i18n.T(lang, "size.normal")), plain(i18n.T(lang, "triage.route.normal_hint")))
	major := slack.NewOptionBlockObject(string(workflow.SizeMajor), plain(i18n.T(lang, "size.major")), plain(i18n.T(lang, "triage.route.major_hint")))
	size := slack.NewRadioButtonsBlockElement(actInput, normal, major)
	size.InitialOption = normal
	blocks := []slack.Block{
		section(i18n.T(lang, "triage.modal.wish", wishLabel(w))),
		slack.NewInputBlock(blkGroup, plain(i18n.T(lang, "wish.field.group")), nil, sel),
		slack.NewInputBlock(blkSize, plain(i18n.T(lang, "wish.label.size")), nil, size),
		textInput(lang, blkNote, "triage.note", "triage.route.note_hint", "", true, workflow.MaxNote, true),
	}
	return triageView(lang, cbRoute, "triage.route.title", w, blocks)
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
			if _, has := ic.View.State.Values[blkNote]; has {
				block = blkNote
			}
		}
		return slack.NewErrorsViewSubmissionResponse(map[string]string{block: truncate(b.errorText(r, err), 1000)}), nil
	}
	return nil, err
}

// openModal opens view; when Slack will not (an expired trigger), the user is told.
func (b *Bot) openModal(ctx context.Context, r *request, trigger string, view slack.ModalViewRequest) error {
	if _, err := b.slack.OpenViewContext(ctx, trigger, view); err != nil {
		r.log.Warn().Err(err).Str("callback", view.CallbackID).Msg("could not open a modal")
		b.sayKey(ctx, r, "wish.modal_failed")
	}
	return nil
}

// refuseTriage tells someone who is not the secretariat who may triage.
func (b *Bot) refuseTriage(ctx context.Context, r *request) error {
	holders, err := b.svc.RoleHolders(ctx)
	if err != nil {
		return err
	}
	if who := holders[workflow.RoleSecretariat]; len(who) > 0 {
		b.sayKey(ctx, r, "err.forbidden.triage", mentions(who))
	} else {
		b.sayKey(ctx, r, "err.forbidden.triage_nobody")
	}
	return nil
}

// triageButtons are the secretariat card's buttons, in the states where they apply.
func triageButtons(lang i18n.Lang, w workflow.Wish, n workflow.Notice) []slack.BlockElement {
	if n.Kind != workflow.NoticeWishCard {
		return nil
	}
	id := seenValue(w)
	switch w.State {
	case workflow.StateSubmitted:
		return []slack.BlockElement{
			button(actRoute, i18n.T(lang, "triage.route"), id, slack.StylePrimary),
			button(actMinor, i18n.T(lang, "triage.minor"), id, ""),
			button(actAsk, i18n.T(lang, "triage.ask"), id, ""),
			button(actDuplicate, i18n.T(lang, "triage.duplicate"), id, ""),
			button(actDecline, i18n.T(lang, "triage.decline"), id, slack.StyleDanger),
		}
	case workflow.StateMinor:
		return []slack.BlockElement{
			button(actDone, i18n.T(lang, "triage.done"), id, slack.StylePrimary),
			button(actDecline, i18n.T(lang, "triage.decline"), id, slack.StyleDanger),
		}
	}
	return nil
}

// groupLeadLine says on a group's card who leads its assessment: the coordinator, or
// the secretariat when the group has none (domain.md, "Mandates").
func groupLeadLine(ctx context.Context, b *Bot, lang i18n.Lang, d workflow.WishDetail, n workflow.Notice) []slack.Block {
	if n.Kind != workflow.NoticeGroupCard || d.Wish.Group == "" {
		return nil
	}
	g, err := b.svc.Group(ctx, d.Wish.Group)
	if err != nil {
		return nil
	}
	if g.CoordinatorID != "" {
		// Only while the group assesses the wish does it wait for the coordinator's poll.
		key := "triage.group.coordinator_only"
		if d.Wish.State == workflow.StateInAssessment {
			key = "triage.group.coordinator"
		}
		return []slack.Block{context_(i18n.T(lang, key, user(g.CoordinatorID), esc(g.Name)))}
	}
	who := i18n.T(lang, "role.the.secretariat")
	if holders, err := b.svc.RoleHolders(ctx); err == nil && len(holders[workflow.RoleSecretariat]) > 0 {
		who = mentions(holders[workflow.RoleSecretariat])
	}
	return []slack.Block{context_(i18n.T(lang, "triage.group.no_coordinator", esc(g.Name), who))}
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
			return workflow.Errorf(workflow.Conflict, "err.wish.not_editable", string(w.State))
		}
		return b.openWishModal(ctx, r, ic.TriggerID, &w, true)
	})
}

// renderInfoRequest is the DM asking the submitter the secretariat's question.
func renderInfoRequest(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (message, error) {
	d, e, err := noticeWish(ctx, b, n)
	if err != nil {
		return message{}, err
	}
	w := d.Wish
	text := i18n.T(lang, "triage.info_request", user(e.Actor), wishLabel(w))
	blocks := []slack.Block{
		section(text + "\n" + quote(e.Note, 2500)),
		section(i18n.T(lang, "triage.info_request.how")),
	}
	if w.State == workflow.StateNeedsInfo {
		blocks = append(blocks, buttons("info_request", button(actEditWish, i18n.T(lang, "triage.edit_wish"), fmt.Sprint(w.ID), slack.StylePrimary)))
	}
	blocks = append(blocks, context_(i18n.T(lang, "wish.dm_footer", w.ID, w.ID)))
	return message{Text: text, Blocks: blocks}, nil
}

// quote escapes and clips what someone typed and shows it as a block quote, every
// line of it.
func quote(s string, n int) string {
	return ">" + strings.ReplaceAll(clip(strings.TrimSpace(s), n), "\n", "\n>")
}

// wishLabel is "#12 Title", escaped.
func wishLabel(w workflow.Wish) string { return fmt.Sprintf("#%d %s", w.ID, esc(w.Title)) }
