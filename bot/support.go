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

// Action and callback ids of support and the organisation list.
const (
	actSupport   = view.ActSupport
	actUnsupport = view.ActUnsupport
	cbOrg        = "org.choose"
	blkOrg       = "organisation"
	topPage      = 20
)

func cmdMunicipality(ctx context.Context, b *Bot, r *request, _ []string) error {
	return b.openOrgModal(ctx, r, r.triggerID, 0)
}

func cmdSupport(on bool) func(ctx context.Context, b *Bot, r *request, args []string) error {
	return func(ctx context.Context, b *Bot, r *request, args []string) error {
		if len(args) != 1 {
			return errUsage
		}
		id, ok := wishNumber(args[0])
		if !ok {
			return errUsage
		}
		return b.support(ctx, r, r.triggerID, id, on)
	}
}

func supportAction(on bool) actionFunc {
	return func(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback, act *slack.BlockAction) error {
		return withID(act, func(id int64) error { return b.support(ctx, r, ic.TriggerID, id, on) })
	}
}

// support records or withdraws the user's support; a person who has not chosen their
// organisation is asked to first, and the support is recorded when they have.
func (b *Bot) support(ctx context.Context, r *request, trigger string, id int64, on bool) error {
	a, err := b.actor(ctx, r)
	if err != nil {
		return err
	}
	if !on {
		changed, err := b.svc.Unsupport(ctx, a, id)
		if err != nil {
			return err
		}
		b.sayKey(ctx, r, map[bool]string{true: "support.withdrawn", false: "support.not_supporting"}[changed], id)
		return nil
	}
	changed, err := b.svc.Support(ctx, a, id)
	if workflow.NeedsOrganisation(err) {
		return b.openOrgModal(ctx, r, trigger, id)
	}
	if err != nil {
		return err
	}
	return b.saySupported(ctx, r, id, changed)
}

func (b *Bot) saySupported(ctx context.Context, r *request, id int64, changed bool) error {
	s, err := b.svc.SupportOf(ctx, id)
	if err != nil {
		return err
	}
	key := "support.recorded"
	if !changed {
		key = "support.already"
	}
	b.sayKey(ctx, r, key, id, supportLine(r.lang, s))
	return nil
}

// openOrgModal asks the user's municipality or organisation; forWish is the wish to
// support once chosen (0 for none).
func (b *Bot) openOrgModal(ctx context.Context, r *request, trigger string, forWish int64) error {
	os, err := b.svc.Organisations(ctx)
	if err != nil {
		return err
	}
	mine, _, err := b.svc.OrganisationOf(ctx, r.user)
	if err != nil {
		return err
	}
	meta := ""
	if forWish != 0 {
		meta = strconv.FormatInt(forWish, 10)
	}
	blocks := []slack.Block{}
	if forWish != 0 {
		blocks = append(blocks, section(r.t("org.modal.first", forWish)))
	}
	blocks = append(blocks, orgSelect(r.lang, os, mine.Key))
	return b.openModal(ctx, r, trigger, slack.ModalViewRequest{
		Type: slack.VTModal, CallbackID: cbOrg, PrivateMetadata: meta,
		Title:  plain(r.t("org.modal.title")),
		Submit: plain(r.t("org.modal.submit")),
		Close:  plain(r.t("modal.cancel")),
		Blocks: slack.Blocks{BlockSet: blocks},
	})
}

// orgSelect is a select of the organisations in option groups, one per region and
// "Other": Slack allows at most 100 options in a group and 100 groups.
func orgSelect(lang i18n.Lang, os []workflow.Organisation, selected string) *slack.InputBlock {
	var groups []*slack.OptionGroupBlockObject
	var initial *slack.OptionBlockObject
	for _, g := range workflow.OrgGroups {
		var opts []*slack.OptionBlockObject
		for _, o := range os {
			if o.Group != g || len(opts) == workflow.MaxOrgsPerGroup {
				continue
			}
			opt := slack.NewOptionBlockObject(o.Key, plain(clip(o.Name, 75)), nil)
			if o.Key == selected {
				initial = opt
			}
			opts = append(opts, opt)
		}
		if len(opts) > 0 {
			groups = append(groups, slack.NewOptionGroupBlockElement(plain(i18n.T(lang, "org.group."+g)), opts...))
		}
	}
	sel := slack.NewOptionsGroupSelectBlockElement(slack.OptTypeStatic, plain(i18n.T(lang, "org.placeholder")), actInput, groups...)
	sel.InitialOption = initial
	in := slack.NewInputBlock(blkOrg, plain(i18n.T(lang, "org.field")), nil, sel)
	in.Hint = plain(i18n.T(lang, "org.hint"))
	return in
}

func submitOrg(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	a, err := b.actor(ctx, r)
	if err != nil {
		return nil, err
	}
	org := inputValue(ic, blkOrg)
	id, forWish := idValue(ic.View.PrivateMetadata)
	var o workflow.Organisation
	if forWish {
		// Chosen to support a wish: both are recorded together, and the outbox tells
		// the person once the wish's cards show the new count.
		err = b.svc.ChooseAndSupport(ctx, a, org, id)
	} else {
		o, err = b.svc.ChooseOrganisation(ctx, a, org)
	}
	if e, ok := workflow.AsError(err); ok && e.Kind != workflow.Internal {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{blkOrg: truncate(b.errorText(r, err), 1000)}), nil
	}
	if err != nil || forWish {
		return nil, err
	}
	b.afterAck(r, func() {
		// The submission's context ends with the ack; the answer has its own.
		actx, cancel := context.WithTimeout(r.log.WithContext(context.Background()), submitTimeout)
		defer cancel()
		b.sayKey(actx, r, "org.chosen", esc(o.Name))
	})
	return nil, nil
}

// renderSupportReceipt is the DM to a person whose support, given with their choice of
// organisation, is recorded.
func renderSupportReceipt(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (message, error) {
	s, err := b.svc.SupportOf(ctx, n.WishID)
	if err != nil {
		return message{}, err
	}
	text := i18n.T(lang, "support.recorded", n.WishID, supportLine(lang, s))
	return message{Text: text, Blocks: []slack.Block{section(text)}}, nil
}

// supportLine is "Supported by 14 people from 9 municipalities".
func supportLine(lang i18n.Lang, s workflow.Support) string { return view.SupportLine(lang, s) }

// standing loads w's support and rank for its card or `/wish N`; nil when it cannot.
func (b *Bot) standing(ctx context.Context, w workflow.Wish) *view.Standing {
	rw, err := b.svc.Standing(ctx, w.ID)
	if err != nil {
		b.log.Warn().Err(err).Int64("wish", w.ID).Msg("could not load the support of a wish")
		return nil
	}
	return &view.Standing{RankedWish: rw, GroupName: b.groupName(ctx, w.Group)}
}

// supportElements is Support on a wish shown to viewer (its DMs, /wish N) while it
// takes support, or Withdraw support for one who supports it; nothing for its
// submitter, who always counts.
func (b *Bot) supportElements(ctx context.Context, lang i18n.Lang, w workflow.Wish, viewer string) []slack.BlockElement {
	if viewer == w.SubmitterID || workflow.CanSupport(w) != nil {
		return nil
	}
	id := strconv.FormatInt(w.ID, 10)
	if on, err := b.svc.Supports(ctx, w.ID, viewer); err == nil && on {
		return []slack.BlockElement{button(actUnsupport, i18n.T(lang, "support.unsupport_button"), id, "")}
	}
	return []slack.BlockElement{button(actSupport, i18n.T(lang, "support.button"), id, "")}
}

// cmdWishListTop lists the open wishes by supporting municipalities, then people.
func cmdWishListTop(ctx context.Context, b *Bot, r *request, _ []string) error {
	ws, err := b.svc.TopWishes(ctx, topPage)
	if err != nil {
		return err
	}
	if len(ws) == 0 {
		b.sayKey(ctx, r, "wish.list_empty")
		return nil
	}
	lines := make([]string, len(ws))
	for i, rw := range ws {
		lines[i] = i18n.T(r.lang, "top.line", i+1, wishLabel(rw.Wish), stateName(r.lang, rw.Wish.State), supportLine(r.lang, rw.Support))
	}
	blocks := append([]slack.Block{section("*" + r.t("top.header") + "*")}, packLines(lines, 40, moreText(r.lang, "wish.history_more"))...)
	b.say(ctx, r, r.t("top.header"), blocks...)
	return nil
}

func cmdOrgAdd(ctx context.Context, b *Bot, r *request, args []string) error {
	if len(args) < 2 {
		return errUsage
	}
	a, err := b.actor(ctx, r)
	if err != nil {
		return err
	}
	o, err := b.svc.AddOrganisation(ctx, a, strings.Join(args[1:], " "), args[0])
	if err != nil {
		return err
	}
	b.sayKey(ctx, r, "org.added", esc(o.Name), i18n.T(r.lang, "org.group."+o.Group))
	return nil
}

func cmdOrgRemove(ctx context.Context, b *Bot, r *request, args []string) error {
	if len(args) == 0 {
		return errUsage
	}
	a, err := b.actor(ctx, r)
	if err != nil {
		return err
	}
	o, err := b.svc.RemoveOrganisation(ctx, a, strings.Join(args, " "))
	if err != nil {
		return err
	}
	b.sayKey(ctx, r, "org.removed", esc(o.Name))
	return nil
}

func cmdOrgList(ctx context.Context, b *Bot, r *request, _ []string) error {
	a, err := b.actor(ctx, r)
	if err != nil {
		return err
	}
	if err := workflow.CanConfigureOrganisations(a); err != nil {
		return err
	}
	os, err := b.svc.Organisations(ctx)
	if err != nil {
		return err
	}
	var lines []string
	for _, g := range workflow.OrgGroups {
		var names []string
		for _, o := range os {
			if o.Group == g {
				names = append(names, esc(o.Name))
			}
		}
		if len(names) > 0 {
			lines = append(lines, "*"+i18n.T(r.lang, "org.group."+g)+"* ("+strconv.Itoa(len(names))+"): "+strings.Join(names, ", "))
		}
	}
	b.say(ctx, r, r.t("org.list"), packLines(append([]string{"*" + r.t("org.list") + "*"}, lines...), 20, moreText(r.lang, "wish.history_more"))...)
	return nil
}
