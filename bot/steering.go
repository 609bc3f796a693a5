package bot

import (
	"context"
	"strings"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/workflow"
)

// Action and callback ids of the secretariat's proposals to the steering group that
// are not wishes. A button's value is the proposal's number.
const (
	stActApprove  = "steering.approve"
	stActDecline  = "steering.decline"
	stCbPropose   = "steering.propose"
	stCbApprove   = "steering.approve"
	stCbDecline   = "steering.decline"
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
		opts = append(opts, slack.NewOptionBlockObject(string(k), plain(i18n.T(r.lang, "steering.kind."+string(k))), nil))
	}
	kind := slack.NewInputBlock(stBlkKind, plain(i18n.T(r.lang, "steering.field.kind")), nil,
		slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, nil, actInput, opts...))
	internal := slack.NewInputBlock(stBlkInternal, plain(i18n.T(r.lang, "steering.field.internal")), nil,
		slack.NewCheckboxGroupsBlockElement(actInput, slack.NewOptionBlockObject(stInternal, plain(i18n.T(r.lang, "steering.internal_option")), nil)))
	internal.Optional = true
	return b.openPipelineModal(ctx, r, pipelineModal(r.lang, stCbPropose, "steering.modal.title", "steering.modal.submit", "",
		textInput(r.lang, stBlkTitle, "steering.field.title", "", "", false, workflow.MaxTitle, false),
		kind,
		textInput(r.lang, stBlkText, "steering.field.text", "", "", true, workflow.MaxText, false),
		textInput(r.lang, stBlkAmount, "steering.field.amount", "estimate.hint.amount", "", false, 20, true),
		textInput(r.lang, stBlkLinks, "steering.field.links", "steering.hint.links", "", true, 3000, true),
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
	intro := section("*" + clip(p.Title, 200) + "*")
	if !approve {
		return b.openPipelineModal(ctx, r, pipelineModal(r.lang, stCbDecline, "steering.decline.title", "decline.modal.submit", idStr(id), intro,
			textInput(r.lang, stBlkNote, "decline.field.reason", "steering.hint.reason", "", true, workflow.MaxNote, false)))
	}
	return b.openPipelineModal(ctx, r, pipelineModal(r.lang, stCbApprove, "steering.approve.title", "approve.modal.submit", idStr(id), intro,
		textInput(r.lang, stBlkNote, "approve.field.note", "", "", true, workflow.MaxNote, true)))
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

// proposalBlocks are the proposal as the steering group reads it.
func (b *Bot) proposalBlocks(lang i18n.Lang, p workflow.SteeringProposal) []slack.Block {
	amount := ""
	if p.Amount != 0 {
		amount = dkk(lang, p.Amount)
	}
	blocks := []slack.Block{
		header(i18n.T(lang, "steering.header", clip(p.Title, 110))),
		fields(i18n.T(lang, "steering.field.kind"), i18n.T(lang, "steering.kind."+string(p.Kind)),
			i18n.T(lang, "steering.field.amount"), amount,
			i18n.T(lang, "steering.label.proposed_by"), user(p.ProposedBy)),
		section(clip(p.Text, 2800)),
	}
	var links []string
	for _, l := range p.Links {
		links = append(links, "• <"+l+"|"+clip(l, 150)+">")
	}
	if len(links) > 0 {
		blocks = append(blocks, section(strings.Join(links, "\n")))
	}
	if p.Internal {
		blocks = append(blocks, context_(i18n.T(lang, "steering.internal_note")))
	}
	return blocks
}

// renderSteeringProposal is the proposal in the steering channel, with Approve and
// Decline while it waits and the decision once made.
func renderSteeringProposal(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (message, error) {
	p, err := b.noticeProposal(ctx, n)
	if err != nil {
		return message{}, err
	}
	blocks := b.proposalBlocks(lang, p)
	switch p.State {
	case workflow.ProposalPending:
		id := idStr(p.ID)
		blocks = append(blocks, buttons("steering_decide",
			button(stActApprove, i18n.T(lang, "approve.button"), id, slack.StylePrimary),
			button(stActDecline, i18n.T(lang, "decline.button"), id, slack.StyleDanger)))
	default:
		blocks = append(blocks, section(b.steeringDecisionLine(lang, p)))
	}
	return message{Text: i18n.T(lang, "steering.text", clip(p.Title, 150)), Blocks: blocks}, nil
}

func (b *Bot) steeringDecisionLine(lang i18n.Lang, p workflow.SteeringProposal) string {
	line := i18n.T(lang, "steering.decided."+string(p.State), user(p.DecidedBy), b.slackDate(p.DecidedAt))
	if p.DecisionNote != "" {
		line += "\n> " + clip(oneLine(p.DecisionNote), 2000)
	}
	return line
}

// renderSteeringDecision announces the decision: in the user club, or, for an
// internal proposal, in the secretariat's channel only.
func renderSteeringDecision(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (message, error) {
	p, err := b.noticeProposal(ctx, n)
	if err != nil {
		return message{}, err
	}
	text := i18n.T(lang, "steering.announce."+string(p.State), clip(p.Title, 150))
	blocks := []slack.Block{section(text)}
	blocks = append(blocks, b.proposalBlocks(lang, p)[1:]...)
	blocks = append(blocks, section(b.steeringDecisionLine(lang, p)))
	if p.Public() {
		blocks = append(blocks, b.webLink(lang, "/decisions")...)
	}
	return message{Text: text, Blocks: blocks}, nil
}
