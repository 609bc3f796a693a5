package bot

import (
	"context"
	"errors"
	"strings"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/view"
	"github.com/os2kitos/tovholder/workflow"
)

// wishAction adapts a handler of a wish (or initiative) number to a button.
func wishAction(f func(ctx context.Context, b *Bot, r *request, id int64) error) actionFunc {
	return func(ctx context.Context, b *Bot, r *request, _ *slack.InteractionCallback, a *slack.BlockAction) error {
		return withID(a, func(id int64) error { return f(ctx, b, r, id) })
	}
}

// requireRoleEarly refuses a click before a modal opens, so nobody fills a form in
// vain; the use case checks the mandate again when it runs.
func (b *Bot) requireRoleEarly(ctx context.Context, r *request, role workflow.Role) error {
	a, err := b.actor(ctx, r)
	if err != nil {
		return err
	}
	if !a.Has(role) {
		return workflow.Errorf(workflow.Forbidden, "err.forbidden.role", string(role))
	}
	return nil
}

func openSpecModal(ctx context.Context, b *Bot, r *request, id int64) error {
	d, err := b.svc.Wish(ctx, id)
	if err != nil {
		return err
	}
	a, err := b.actor(ctx, r)
	if err != nil {
		return err
	}
	g, err := b.svc.Group(ctx, d.Wish.Group)
	if err != nil {
		return err
	}
	if !workflow.MayAddSpec(a, g) {
		return workflow.Errorf(workflow.Forbidden, "err.forbidden.spec", g.Name)
	}
	return b.openModal(ctx, r, r.triggerID, view.SpecModal(r.lang, d.Wish))
}

func submitSpec(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	return submitForWish(ctx, b, r, ic, view.BlkPipelineSummary, func(a workflow.Actor, id int64) error {
		_, err := b.svc.AddSpec(ctx, a, id, inputValue(ic, view.BlkPipelineLink), inputValue(ic, view.BlkPipelineSummary))
		return err
	})
}

// submitForWish runs a modal's use case on the wish in its metadata and shows field
// errors beside their inputs; other errors go beside the first input.
func submitForWish(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback, first string,
	f func(a workflow.Actor, id int64) error) (*slack.ViewSubmissionResponse, error) {
	id, ok := idValue(ic.View.PrivateMetadata)
	if !ok {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{first: r.t("err.stale")}), nil
	}
	a, err := b.actor(ctx, r)
	if err != nil {
		return nil, err
	}
	err = f(a, id)
	if resp, ok := fieldErrors(r, err); ok {
		return resp, nil
	}
	return nil, err
}

func openEstimateModal(ctx context.Context, b *Bot, r *request, id int64) error {
	if err := b.requireRoleEarly(ctx, r, workflow.RoleSecretariat); err != nil {
		return err
	}
	d, err := b.svc.Wish(ctx, id)
	if err != nil {
		return err
	}
	if !workflow.CanEstimate(d.Wish) {
		return workflow.Errorf(workflow.Conflict, "err.estimate.state", id, string(d.Wish.State))
	}
	es, err := b.svc.Estimates(ctx, id)
	if err != nil {
		es = nil // the form works without the previous estimate
	}
	return b.openModal(ctx, r, r.triggerID, view.EstimateModal(r.lang, d.Wish, es))
}

func submitEstimate(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	amount, errA := workflow.ParseAmount(inputValue(ic, view.BlkPipelineAmount))
	hours, errH := workflow.ParseHours(inputValue(ic, view.BlkPipelineHours))
	if errA != nil || errH != nil {
		errs := map[string]string{}
		if errA != nil {
			errs[view.BlkPipelineAmount] = b.errorText(r, errA)
		}
		if errH != nil {
			errs[view.BlkPipelineHours] = b.errorText(r, errH)
		}
		return slack.NewErrorsViewSubmissionResponse(errs), nil
	}
	return submitForWish(ctx, b, r, ic, view.BlkPipelineAmount, func(a workflow.Actor, id int64) error {
		_, err := b.svc.AddEstimate(ctx, a, id, workflow.EstimateInput{Amount: amount, Hours: hours, Note: inputValue(ic, view.BlkPipelineNote)})
		return err
	})
}

func cmdRecommend(ctx context.Context, b *Bot, r *request, args []string) error {
	ids, ok := workflow.ParseWishIDs(strings.Join(args, " "))
	if !ok {
		return errUsage
	}
	return b.openRecommendModal(ctx, r, ids)
}

func (b *Bot) openRecommendModal(ctx context.Context, r *request, ids []int64) error {
	if err := b.requireRoleEarly(ctx, r, workflow.RoleSecretariat); err != nil {
		return err
	}
	var ws []workflow.Wish
	for _, id := range ids {
		d, err := b.svc.Wish(ctx, id)
		if err != nil {
			return err
		}
		if d.Wish.State != workflow.StateEstimated {
			return workflow.Errorf(workflow.Conflict, "err.recommend.state", id, string(d.Wish.State))
		}
		ws = append(ws, d.Wish)
	}
	m := view.RecommendModal(r.lang, ws)
	// The candidates by the groups' order, with their support: what a recommendation rests on.
	m.Blocks.BlockSet = append([]slack.Block{b.candidatesBlock(ctx, r.lang)}, m.Blocks.BlockSet...)
	return b.openModal(ctx, r, r.triggerID, m)
}

func submitRecommend(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	ids, ok := workflow.ParseWishIDs(inputValue(ic, view.BlkPipelineWishes))
	if !ok {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{view.BlkPipelineWishes: r.t("err.recommend.wishes")}), nil
	}
	a, err := b.actor(ctx, r)
	if err != nil {
		return nil, err
	}
	_, err = b.svc.Recommend(ctx, a, workflow.RecommendInput{WishIDs: ids, Title: inputValue(ic, view.BlkPipelineTitle), Text: inputValue(ic, view.BlkPipelineRecText)})
	if resp, ok := fieldErrors(r, err); ok {
		return resp, nil
	}
	if err != nil && workflow.KindOf(err) != workflow.Internal {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{view.BlkPipelineWishes: view.Truncate(b.errorText(r, err), 1000)}), nil
	}
	return nil, err
}

func openDecisionModal(ctx context.Context, b *Bot, r *request, id int64, approve bool) error {
	if err := b.requireRoleEarly(ctx, r, workflow.RoleSteering); err != nil {
		return err
	}
	d, err := b.svc.InitiativeDetail(ctx, id)
	if err != nil {
		return err
	}
	if d.Initiative.State != workflow.InitiativeRecommended {
		return workflow.Errorf(workflow.Conflict, "err.initiative.decided", id)
	}
	if !approve {
		return b.openModal(ctx, r, r.triggerID, view.DeclineModal(r.lang, d))
	}
	forms, err := b.svc.FinancingForms(ctx)
	if err != nil {
		return err
	}
	return b.openModal(ctx, r, r.triggerID, view.ApproveModal(r.lang, d, forms))
}

func submitDecision(approve bool) submitFunc {
	return func(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
		first := view.BlkPipelineNote
		if approve {
			first = view.BlkPipelineFinancing
		}
		return submitForWish(ctx, b, r, ic, first, func(a workflow.Actor, id int64) error {
			_, err := b.svc.Decide(ctx, a, id, approve, inputValue(ic, view.BlkPipelineFinancing), inputValue(ic, view.BlkPipelineNote))
			return err
		})
	}
}

func openPlanModal(ctx context.Context, b *Bot, r *request, id int64) error {
	if err := b.requireRoleEarly(ctx, r, workflow.RoleSecretariat); err != nil {
		return err
	}
	d, err := b.svc.Wish(ctx, id)
	if err != nil {
		return err
	}
	if !workflow.CanPlan(d.Wish) {
		return workflow.Errorf(workflow.Conflict, "err.plan.state", id, string(d.Wish.State))
	}
	cycles, err := b.svc.Cycles(ctx)
	if err != nil {
		return err
	}
	m, ok := view.PlanModal(r.lang, d.Wish, cycles)
	if !ok {
		return workflow.Errorf(workflow.Conflict, "err.cycle.none")
	}
	return b.openModal(ctx, r, r.triggerID, m)
}

func submitPlan(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	return submitForWish(ctx, b, r, ic, view.BlkPipelineCycle, func(a workflow.Actor, id int64) error {
		_, err := b.svc.Plan(ctx, a, id, inputValue(ic, view.BlkPipelineCycle), inputValue(ic, view.BlkPipelineNote))
		return err
	})
}

func deliverWish(ctx context.Context, b *Bot, r *request, id int64) error {
	a, err := b.actor(ctx, r)
	if err != nil {
		return err
	}
	w, err := b.svc.Deliver(ctx, a, id, "")
	if err != nil {
		return err
	}
	b.sayKey(ctx, r, "deliver.done", view.PlWishName(w))
	return nil
}

func cmdWithdraw(ctx context.Context, b *Bot, r *request, args []string) error {
	if len(args) != 1 {
		return errUsage
	}
	id, ok := wishNumber(args[0])
	if !ok {
		return errUsage
	}
	return b.withdraw(ctx, r, id)
}

func (b *Bot) withdraw(ctx context.Context, r *request, id int64) error {
	a, err := b.actor(ctx, r)
	if err != nil {
		return err
	}
	w, err := b.svc.Withdraw(ctx, a, id, "")
	if err != nil {
		return err
	}
	b.sayKey(ctx, r, "withdraw.done", view.PlWishName(w))
	return nil
}

// errNoCard is what a renderer returns for a message key it cannot read: a bug.
var errNoCard = errors.New("malformed message key")

// recommendWish opens the recommendation form for one wish.
func recommendWish(ctx context.Context, b *Bot, r *request, id int64) error {
	return b.openRecommendModal(ctx, r, []int64{id})
}

// withdrawWish withdraws a wish for its submitter.
func withdrawWish(ctx context.Context, b *Bot, r *request, id int64) error {
	return b.withdraw(ctx, r, id)
}

// approveInitiative opens the steering group's approval form.
func approveInitiative(ctx context.Context, b *Bot, r *request, id int64) error {
	return openDecisionModal(ctx, b, r, id, true)
}

// declineInitiative opens the steering group's form to decline.
func declineInitiative(ctx context.Context, b *Bot, r *request, id int64) error {
	return openDecisionModal(ctx, b, r, id, false)
}
