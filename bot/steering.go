package bot

import (
	"context"
	"strings"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/bot/view"
	"github.com/os2kitos/tovholder/workflow"
)

// Input blocks of the steering proposal's forms.
const (
	stBlkTitle    = "title"
	stBlkText     = "text"
	stBlkKind     = "kind"
	stBlkAmount   = "amount"
	stBlkLinks    = "links"
	stBlkInternal = "internal"
	stBlkNote     = "note"
	stInternal    = "internal"
)

func cmdProposeSteering(ctx context.Context, b *Bot, r *request, args []string) error {
	if len(args) > 0 {
		return errUsage
	}
	if err := b.requireRoleEarly(ctx, r, workflow.RoleSecretariat); err != nil {
		return err
	}
	var opts []*slack.OptionBlockObject
	for _, k := range workflow.ProposalKinds {
		opts = append(opts, slack.NewOptionBlockObject(string(k), view.Plain(i18n.T(r.lang, "steering.kind."+string(k))), nil))
	}
	kind := slack.NewInputBlock(stBlkKind, view.Plain(i18n.T(r.lang, "steering.field.kind")), nil,
		slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, nil, view.ActInput, opts...))
	internal := slack.NewInputBlock(stBlkInternal, view.Plain(i18n.T(r.lang, "steering.field.internal")), nil,
		slack.NewCheckboxGroupsBlockElement(view.ActInput, slack.NewOptionBlockObject(stInternal, view.Plain(i18n.T(r.lang, "steering.internal_option")), nil)))
	internal.Optional = true
	return b.openModal(ctx, r, r.triggerID, consultModal(r.lang, view.CbSteeringPropose, "steering.modal.title", "steering.modal.submit", "",
		view.TextInput(r.lang, stBlkTitle, "steering.field.title", "", "", false, workflow.MaxTitle, false),
		kind,
		view.TextInput(r.lang, stBlkText, "steering.field.text", "", "", true, workflow.MaxText, false),
		view.TextInput(r.lang, stBlkAmount, "steering.field.amount", "estimate.hint.amount", "", false, 20, true),
		view.TextInput(r.lang, stBlkLinks, "steering.field.links", "steering.hint.links", "", true, 3000, true),
		internal))
}

func submitProposeSteering(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	in := workflow.ProposalInput{Title: inputValue(ic, stBlkTitle), Text: inputValue(ic, stBlkText), Kind: inputValue(ic, stBlkKind),
		Amount: inputValue(ic, stBlkAmount), Links: strings.Split(inputValue(ic, stBlkLinks), "\n"),
		Internal: len(selectedValues(ic, stBlkInternal)) > 0}
	a, err := b.actor(ctx, r)
	if err != nil {
		return nil, err
	}
	_, err = b.svc.ProposeSteering(ctx, a, in)
	if resp, ok := fieldErrors(r, err); ok {
		return resp, nil
	}
	return nil, err
}

func openSteeringDecision(ctx context.Context, b *Bot, r *request, id int64, approve bool) error {
	if err := b.requireRoleEarly(ctx, r, workflow.RoleSteering); err != nil {
		return err
	}
	a, err := b.actor(ctx, r)
	if err != nil {
		return err
	}
	p, err := b.svc.SteeringProposal(ctx, a, id)
	if err != nil {
		return err
	}
	if p.State != workflow.ProposalPending {
		return workflow.Errorf(workflow.Conflict, "err.steering.decided", id)
	}
	intro := view.Section("*" + view.Clip(p.Title, 200) + "*")
	if !approve {
		return b.openModal(ctx, r, r.triggerID, consultModal(r.lang, view.CbSteeringDecline, "steering.decline.title", "decline.modal.submit", view.IDStr(id), intro,
			view.TextInput(r.lang, stBlkNote, "decline.field.reason", "steering.hint.reason", "", true, workflow.MaxNote, false)))
	}
	return b.openModal(ctx, r, r.triggerID, consultModal(r.lang, view.CbSteeringApprove, "steering.approve.title", "approve.modal.submit", view.IDStr(id), intro,
		view.TextInput(r.lang, stBlkNote, "approve.field.note", "", "", true, workflow.MaxNote, true)))
}

func submitSteeringDecision(approve bool) submitFunc {
	return func(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
		return submitForWish(ctx, b, r, ic, stBlkNote, func(a workflow.Actor, id int64) error {
			_, err := b.svc.DecideSteering(ctx, a, id, approve, inputValue(ic, stBlkNote))
			return err
		})
	}
}

func (b *Bot) noticeProposal(ctx context.Context, n workflow.Notice) (workflow.SteeringProposal, error) {
	id, err := noticeEntity(n)
	if err != nil {
		return workflow.SteeringProposal{}, err
	}
	return b.svc.SteeringProposal(ctx, workflow.System, id)
}

// proposalRender adapts a pure view of a steering proposal to a renderer.
func proposalRender(render func(i18n.Lang, view.ProposalView) view.Message) renderFunc {
	return func(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
		p, err := b.noticeProposal(ctx, n)
		if err != nil {
			return view.Message{}, err
		}
		return render(lang, view.ProposalView{SteeringProposal: p, WebURL: b.cfg.PublicURL, Loc: b.loc}), nil
	}
}
