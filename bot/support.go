package bot

import (
	"context"
	"strings"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/bot/view"
	"github.com/os2kitos/tovholder/workflow"
)

// topPage is how many wishes /wish list top shows.
const topPage = 20

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
	return b.openModal(ctx, r, trigger, view.OrgModal(r.lang, os, mine.Key, forWish))
}

func submitOrg(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	a, err := b.actor(ctx, r)
	if err != nil {
		return nil, err
	}
	org := inputValue(ic, view.BlkOrg)
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
		return slack.NewErrorsViewSubmissionResponse(map[string]string{view.BlkOrg: view.Truncate(b.errorText(r, err), 1000)}), nil
	}
	if err != nil || forWish {
		return nil, err
	}
	b.afterAck(r, func() {
		// The submission's context ends with the ack; the answer has its own.
		actx, cancel := context.WithTimeout(r.log.WithContext(context.Background()), submitTimeout)
		defer cancel()
		b.sayKey(actx, r, "org.chosen", view.Esc(o.Name))
	})
	return nil, nil
}

// renderSupportReceipt is the DM to a person whose support, given with their choice of
// organisation, is recorded.
func renderSupportReceipt(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
	s, err := b.svc.SupportOf(ctx, n.WishID)
	if err != nil {
		return view.Message{}, err
	}
	return view.SupportReceipt(lang, n.WishID, s), nil
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

// supportElements is Support, or Withdraw support, on a wish shown to viewer
// (view.SupportButton).
func (b *Bot) supportElements(ctx context.Context, lang i18n.Lang, w workflow.Wish, viewer string) []slack.BlockElement {
	if viewer == w.SubmitterID || workflow.CanSupport(w) != nil {
		return nil // no need to ask the store
	}
	on, err := b.svc.Supports(ctx, w.ID, viewer)
	if err != nil {
		b.log.Warn().Err(err).Int64("wish", w.ID).Msg("could not load whether a person supports a wish")
	}
	return view.SupportButton(lang, w, viewer, on)
}

// cmdWishListTop lists the open wishes by supporting municipalities, then people.
func cmdWishListTop(ctx context.Context, b *Bot, r *request, _ []string) error {
	ws, err := b.svc.TopWishes(ctx, topPage)
	if err != nil {
		return err
	}
	m := view.TopList(r.lang, ws)
	b.say(ctx, r, m.Text, m.Blocks...)
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
	b.sayKey(ctx, r, "org.added", view.Esc(o.Name), i18n.T(r.lang, "org.group."+o.Group))
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
	b.sayKey(ctx, r, "org.removed", view.Esc(o.Name))
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
	m := view.OrgList(r.lang, os)
	b.say(ctx, r, m.Text, m.Blocks...)
	return nil
}
