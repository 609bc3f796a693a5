package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/workflow"
)

// Action and callback ids of the steps from priority to delivery. A button's value
// is the wish's number, or the initiative's for Approve and Decline.
const (
	plActSpec      = "pipeline.spec"
	plActEstimate  = "pipeline.estimate"
	plActRecommend = "pipeline.recommend"
	plActApprove   = "pipeline.approve"
	plActDecline   = "pipeline.decline"
	plActPlan      = "pipeline.plan"
	plActDeliver   = "pipeline.deliver"
	plActWithdraw  = "pipeline.withdraw"
	plCbSpec       = "pipeline.spec"
	plCbEstimate   = "pipeline.estimate"
	plCbRecommend  = "pipeline.recommend"
	plCbApprove    = "pipeline.approve"
	plCbDecline    = "pipeline.decline"
	plCbPlan       = "pipeline.plan"
	plBlkTitle     = "title"
	plBlkLink      = "link"
	plBlkSummary   = "summary"
	plBlkAmount    = "amount"
	plBlkHours     = "hours"
	plBlkNote      = "note"
	plBlkWishes    = "wishes"
	plBlkRecText   = "text"
	plBlkFinancing = "financing"
	plBlkCycle     = "cycle"
	maxCycleNames  = 100 // a static_select's options
)

// pipelineCommands are the slash subcommands of the pipeline.
var pipelineCommands = []Command{
	{Slash: "/tovholder", Name: "recommend", Args: "usage.recommend", Help: "help.recommend", Example: "/tovholder recommend 12 14", Run: cmdRecommend},
	{Slash: "/tovholder", Name: "financing add", Args: "usage.financing_add", Help: "help.financing_add", Example: "/tovholder financing add EU-midler", Run: cmdFinancingAdd},
	{Slash: "/tovholder", Name: "financing remove", Args: "usage.financing_remove", Help: "help.financing_remove", Example: "/tovholder financing remove eu-midler", Run: cmdFinancingRemove},
	{Slash: "/tovholder", Name: "financing list", Help: "help.financing_list", Run: cmdFinancingList},
	{Slash: "/tovholder", Name: "cycle create", Args: "usage.cycle_create", Help: "help.cycle_create", Example: "/tovholder cycle create 2027.2 2027-06-30", Run: cmdCycleCreate},
	{Slash: "/tovholder", Name: "cycle deliver", Args: "usage.cycle", Help: "help.cycle_deliver", Example: "/tovholder cycle deliver 2027.2", Run: cmdCycleDeliver},
	{Slash: "/tovholder", Name: "cycle list", Help: "help.cycle_list", Run: cmdCycleList},
	{Slash: "/wish", Name: "plan", Args: "usage.plan", Help: "help.wish_plan", Example: "/wish plan 2027.2", Run: cmdWishPlan},
	{Slash: "/wish", Name: "withdraw", Args: "usage.wish_number", Help: "help.wish_withdraw", Example: "/wish withdraw 12", Run: cmdWithdraw},
}

var pipelineActions = map[string]actionFunc{
	plActSpec:     wishAction(openSpecModal),
	plActEstimate: wishAction(openEstimateModal),
	plActRecommend: wishAction(func(ctx context.Context, b *Bot, r *request, id int64) error {
		return b.openRecommendModal(ctx, r, []int64{id})
	}),
	plActPlan:     wishAction(openPlanModal),
	plActDeliver:  wishAction(deliverWish),
	plActWithdraw: wishAction(func(ctx context.Context, b *Bot, r *request, id int64) error { return b.withdraw(ctx, r, id) }),
	plActApprove: wishAction(func(ctx context.Context, b *Bot, r *request, id int64) error {
		return openDecisionModal(ctx, b, r, id, true)
	}),
	plActDecline: wishAction(func(ctx context.Context, b *Bot, r *request, id int64) error {
		return openDecisionModal(ctx, b, r, id, false)
	}),
}

var pipelineSubmissions = map[string]submitFunc{
	plCbSpec: submitSpec, plCbEstimate: submitEstimate, plCbRecommend: submitRecommend,
	plCbApprove: submitDecision(true), plCbDecline: submitDecision(false), plCbPlan: submitPlan,
}

// wishAction adapts a handler of a wish (or initiative) number to a button.
func wishAction(f func(ctx context.Context, b *Bot, r *request, id int64) error) actionFunc {
	return func(ctx context.Context, b *Bot, r *request, _ *slack.InteractionCallback, a *slack.BlockAction) error {
		return withID(a, func(id int64) error { return f(ctx, b, r, id) })
	}
}

// openModal opens v on the request's trigger; a trigger that expired is said privately.
func (b *Bot) openPipelineModal(ctx context.Context, r *request, v slack.ModalViewRequest) error {
	if _, err := b.slack.OpenViewContext(ctx, r.triggerID, v); err != nil {
		r.log.Warn().Err(err).Str("modal", v.CallbackID).Msg("could not open a modal")
		b.sayKey(ctx, r, "wish.modal_failed")
	}
	return nil
}

func pipelineModal(lang i18n.Lang, cb, title, submit, meta string, blocks ...slack.Block) slack.ModalViewRequest {
	return slack.ModalViewRequest{Type: slack.VTModal, CallbackID: cb, PrivateMetadata: meta,
		Title: plain(truncate(i18n.T(lang, title), 24)), Submit: plain(truncate(i18n.T(lang, submit), 24)),
		Close: plain(i18n.T(lang, "modal.cancel")), Blocks: slack.Blocks{BlockSet: blocks}}
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
	link := textInput(r.lang, plBlkLink, "spec.field.link", "spec.hint.link", d.Wish.SpecLink, false, 1000, true)
	sum := textInput(r.lang, plBlkSummary, "spec.field.summary", "spec.hint.summary", d.Wish.SpecSummary, true, workflow.MaxNote, false)
	return b.openPipelineModal(ctx, r, pipelineModal(r.lang, plCbSpec, "spec.modal.title", "modal.save", idStr(id),
		section(i18n.T(r.lang, "pipeline.modal.wish", plWishName(d.Wish))), link, sum))
}

func submitSpec(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	return submitForWish(ctx, b, r, ic, plBlkSummary, func(a workflow.Actor, id int64) error {
		_, err := b.svc.AddSpec(ctx, a, id, inputValue(ic, plBlkLink), inputValue(ic, plBlkSummary))
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
	blocks := []slack.Block{section(i18n.T(r.lang, "pipeline.modal.wish", plWishName(d.Wish)))}
	if es, err := b.svc.Estimates(ctx, id); err == nil && len(es) > 0 {
		last := es[len(es)-1]
		blocks = append(blocks, context_(i18n.T(r.lang, "estimate.previous", len(es), dkk(r.lang, last.Amount), hoursCount(r.lang, last.Hours))))
	}
	blocks = append(blocks,
		textInput(r.lang, plBlkAmount, "estimate.field.amount", "estimate.hint.amount", "", false, 20, false),
		textInput(r.lang, plBlkHours, "estimate.field.hours", "estimate.hint.hours", "", false, 10, false),
		textInput(r.lang, plBlkNote, "estimate.field.note", "", "", true, workflow.MaxNote, true))
	return b.openPipelineModal(ctx, r, pipelineModal(r.lang, plCbEstimate, "estimate.modal.title", "modal.save", idStr(id), blocks...))
}

func submitEstimate(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	amount, errA := workflow.ParseAmount(inputValue(ic, plBlkAmount))
	hours, errH := workflow.ParseHours(inputValue(ic, plBlkHours))
	if errA != nil || errH != nil {
		errs := map[string]string{}
		if errA != nil {
			errs[plBlkAmount] = b.errorText(r, errA)
		}
		if errH != nil {
			errs[plBlkHours] = b.errorText(r, errH)
		}
		return slack.NewErrorsViewSubmissionResponse(errs), nil
	}
	return submitForWish(ctx, b, r, ic, plBlkAmount, func(a workflow.Actor, id int64) error {
		_, err := b.svc.AddEstimate(ctx, a, id, workflow.EstimateInput{Amount: amount, Hours: hours, Note: inputValue(ic, plBlkNote)})
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
	var nums, title []string
	for _, id := range ids {
		d, err := b.svc.Wish(ctx, id)
		if err != nil {
			return err
		}
		if d.Wish.State != workflow.StateEstimated {
			return workflow.Errorf(workflow.Conflict, "err.recommend.state", id, string(d.Wish.State))
		}
		nums, title = append(nums, idStr(id)), append(title, d.Wish.Title)
	}
	return b.openPipelineModal(ctx, r, pipelineModal(r.lang, plCbRecommend, "recommend.modal.title", "recommend.modal.submit", "",
		b.candidatesBlock(ctx, r.lang),
		textInput(r.lang, plBlkWishes, "recommend.field.wishes", "recommend.hint.wishes", strings.Join(nums, " "), false, 200, false),
		textInput(r.lang, plBlkTitle, "recommend.field.title", "", strings.Join(title, " + "), false, workflow.MaxTitle, false),
		textInput(r.lang, plBlkRecText, "recommend.field.text", "recommend.hint.text", "", true, workflow.MaxText, false)))
}

func submitRecommend(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	ids, ok := workflow.ParseWishIDs(inputValue(ic, plBlkWishes))
	if !ok {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{plBlkWishes: r.t("err.recommend.wishes")}), nil
	}
	a, err := b.actor(ctx, r)
	if err != nil {
		return nil, err
	}
	_, err = b.svc.Recommend(ctx, a, workflow.RecommendInput{WishIDs: ids, Title: inputValue(ic, plBlkTitle), Text: inputValue(ic, plBlkRecText)})
	if resp, ok := fieldErrors(r, err); ok {
		return resp, nil
	}
	if err != nil && workflow.KindOf(err) != workflow.Internal {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{plBlkWishes: truncate(b.errorText(r, err), 1000)}), nil
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
	intro := section(i18n.T(r.lang, "decision.modal.intro", clip(d.Initiative.Title, 200), len(d.Wishes)))
	if !approve {
		return b.openPipelineModal(ctx, r, pipelineModal(r.lang, plCbDecline, "decline.modal.title", "decline.modal.submit", idStr(id), intro,
			textInput(r.lang, plBlkNote, "decline.field.reason", "decline.hint.reason", "", true, workflow.MaxNote, false)))
	}
	forms, err := b.svc.FinancingForms(ctx)
	if err != nil {
		return err
	}
	var opts []*slack.OptionBlockObject
	for _, f := range forms {
		if len(opts) < 100 {
			opts = append(opts, slack.NewOptionBlockObject(f.Key, plain(clip(financingName(r.lang, f.Key, f.Name), 75)), nil))
		}
	}
	sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain(i18n.T(r.lang, "approve.field.financing")), actInput, opts...)
	in := slack.NewInputBlock(plBlkFinancing, plain(i18n.T(r.lang, "approve.field.financing")), nil, sel)
	return b.openPipelineModal(ctx, r, pipelineModal(r.lang, plCbApprove, "approve.modal.title", "approve.modal.submit", idStr(id), intro, in,
		textInput(r.lang, plBlkNote, "approve.field.note", "", "", true, workflow.MaxNote, true)))
}

func submitDecision(approve bool) submitFunc {
	return func(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
		first := plBlkNote
		if approve {
			first = plBlkFinancing
		}
		return submitForWish(ctx, b, r, ic, first, func(a workflow.Actor, id int64) error {
			_, err := b.svc.Decide(ctx, a, id, approve, inputValue(ic, plBlkFinancing), inputValue(ic, plBlkNote))
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
	var opts []*slack.OptionBlockObject
	for _, c := range cycles {
		if c.DeliveredAt.IsZero() && c.Name != d.Wish.Cycle && len(opts) < maxCycleNames {
			label := i18n.T(r.lang, "plan.option", c.Name, c.Expected.Format(time.DateOnly))
			opts = append(opts, slack.NewOptionBlockObject(c.Name, plain(truncate(label, 75)), nil))
		}
	}
	if len(opts) == 0 {
		return workflow.Errorf(workflow.Conflict, "err.cycle.none")
	}
	sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain(i18n.T(r.lang, "plan.field.cycle")), actInput, opts...)
	return b.openPipelineModal(ctx, r, pipelineModal(r.lang, plCbPlan, "plan.modal.title", "modal.save", idStr(id),
		section(i18n.T(r.lang, "pipeline.modal.wish", plWishName(d.Wish))),
		slack.NewInputBlock(plBlkCycle, plain(i18n.T(r.lang, "plan.field.cycle")), nil, sel),
		textInput(r.lang, plBlkNote, "plan.field.note", "", "", true, workflow.MaxNote, true)))
}

func submitPlan(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	return submitForWish(ctx, b, r, ic, plBlkCycle, func(a workflow.Actor, id int64) error {
		_, err := b.svc.Plan(ctx, a, id, inputValue(ic, plBlkCycle), inputValue(ic, plBlkNote))
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
	b.sayKey(ctx, r, "deliver.done", plWishName(w))
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
	b.sayKey(ctx, r, "withdraw.done", plWishName(w))
	return nil
}

func cmdFinancingAdd(ctx context.Context, b *Bot, r *request, args []string) error {
	if len(args) == 0 {
		return errUsage
	}
	a, err := b.actor(ctx, r)
	if err != nil {
		return err
	}
	f, err := b.svc.AddFinancing(ctx, a, strings.Join(args, " "))
	if err != nil {
		return refusal(err, "err.forbidden.financing")
	}
	b.sayKey(ctx, r, "financing.added", esc(f.Name), f.Key)
	return nil
}

func cmdFinancingRemove(ctx context.Context, b *Bot, r *request, args []string) error {
	if len(args) != 1 {
		return errUsage
	}
	a, err := b.actor(ctx, r)
	if err != nil {
		return err
	}
	if err := b.svc.RemoveFinancing(ctx, a, args[0]); err != nil {
		return refusal(err, "err.forbidden.financing")
	}
	b.sayKey(ctx, r, "financing.removed", esc(args[0]))
	return nil
}

func cmdFinancingList(ctx context.Context, b *Bot, r *request, args []string) error {
	if len(args) > 0 {
		return errUsage
	}
	forms, err := b.svc.FinancingForms(ctx)
	if err != nil {
		return err
	}
	lines := []string{r.t("financing.list")}
	for _, f := range forms {
		lines = append(lines, fmt.Sprintf("• %s (`%s`)", esc(financingName(r.lang, f.Key, f.Name)), esc(f.Key)))
	}
	b.say(ctx, r, lines[0], section(truncate(strings.Join(lines, "\n"), 3000)))
	return nil
}

// financingName is a form of financing in lang: a default's from the catalog, a
// custom one's as it was typed (not yet escaped).
func financingName(lang i18n.Lang, key, name string) string {
	if name != "" {
		return name
	}
	if i18n.Has("financing." + key) {
		return i18n.T(lang, "financing."+key)
	}
	return key
}

func cmdCycleCreate(ctx context.Context, b *Bot, r *request, args []string) error {
	if len(args) != 2 {
		return errUsage
	}
	date, err := time.Parse(time.DateOnly, args[1])
	if err != nil {
		return workflow.Errorf(workflow.Invalid, "err.cycle.date")
	}
	a, err := b.actor(ctx, r)
	if err != nil {
		return err
	}
	c, err := b.svc.CreateCycle(ctx, a, args[0], date)
	if err != nil {
		return err
	}
	b.sayKey(ctx, r, "cycle.created", esc(c.Name), c.Expected.Format(time.DateOnly))
	return nil
}

func cmdCycleDeliver(ctx context.Context, b *Bot, r *request, args []string) error {
	if len(args) != 1 {
		return errUsage
	}
	a, err := b.actor(ctx, r)
	if err != nil {
		return err
	}
	ws, err := b.svc.DeliverCycle(ctx, a, args[0], "")
	if err != nil {
		return err
	}
	b.sayKey(ctx, r, "cycle.delivered", esc(args[0]), len(ws))
	return nil
}

func cmdCycleList(ctx context.Context, b *Bot, r *request, args []string) error {
	if len(args) > 0 {
		return errUsage
	}
	cycles, err := b.svc.Cycles(ctx)
	if err != nil {
		return err
	}
	if len(cycles) == 0 {
		b.sayKey(ctx, r, "cycle.none")
		return nil
	}
	lines := []string{r.t("cycle.list")}
	for _, c := range cycles {
		l := r.t("cycle.line", esc(c.Name), c.Expected.Format(time.DateOnly))
		if !c.DeliveredAt.IsZero() {
			l += " " + r.t("cycle.line_delivered", b.date(c.DeliveredAt))
		}
		lines = append(lines, l)
	}
	b.say(ctx, r, lines[0], section(truncate(strings.Join(lines, "\n"), 3000)))
	return nil
}

// cmdWishPlan shows the development plan privately: one cycle, or every cycle not
// yet delivered.
func cmdWishPlan(ctx context.Context, b *Bot, r *request, args []string) error {
	if len(args) > 1 || len(args) == 1 && !workflow.ValidCycleName(args[0]) {
		return errUsage
	}
	var names []string
	if len(args) == 1 {
		names = args
	} else {
		cycles, err := b.svc.Cycles(ctx)
		if err != nil {
			return err
		}
		for _, c := range cycles {
			if c.DeliveredAt.IsZero() {
				names = append(names, c.Name)
			}
		}
	}
	if len(names) == 0 {
		b.sayKey(ctx, r, "cycle.none")
		return nil
	}
	var blocks []slack.Block
	for _, n := range names {
		p, err := b.svc.PlanOf(ctx, n)
		if err != nil {
			return err
		}
		if more := b.planBlocks(r.lang, p, 48-len(blocks)); len(blocks)+len(more) <= 48 {
			blocks = append(blocks, more...)
		}
	}
	b.say(ctx, r, r.t("plan.text", esc(strings.Join(names, ", "))), blocks...)
	return nil
}

// errNoCard is what a renderer returns for a message key it cannot read: a bug.
var errNoCard = errors.New("malformed message key")
