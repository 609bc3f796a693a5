package bot

import (
	"context"
	"strings"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/bot/view"
	"github.com/os2kitos/tovholder/workflow"
)

func cmdProposeSteering(ctx context.Context, b *Bot, r *request, args []string) error {
	if len(args) > 0 {
		return errUsage
	}
	if err := b.requireRoleEarly(ctx, r, workflow.RoleSecretariat); err != nil {
		return err
	}
	return b.openModal(ctx, r, r.triggerID, view.ProposeModal(r.lang))
}

func submitProposeSteering(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	in := workflow.ProposalInput{Title: inputValue(ic, view.BlkProposalTitle), Text: inputValue(ic, view.BlkProposalText), Kind: inputValue(ic, view.BlkProposalKind),
		Amount: inputValue(ic, view.BlkProposalAmount), Links: strings.Split(inputValue(ic, view.BlkProposalLinks), "\n"),
		Internal: len(selectedValues(ic, view.BlkProposalInternal)) > 0}
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
	return b.openModal(ctx, r, r.triggerID, view.ProposalDecisionModal(r.lang, p, approve))
}

func submitSteeringDecision(approve bool) submitFunc {
	return func(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
		return submitForWish(ctx, b, r, ic, view.BlkDecisionNote, func(a workflow.Actor, id int64) error {
			_, err := b.svc.DecideSteering(ctx, a, id, approve, inputValue(ic, view.BlkDecisionNote))
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
