package bot

import (
	"context"
	"strings"
	"time"

	"github.com/os2kitos/tovholder/bot/view"
	"github.com/os2kitos/tovholder/workflow"
)

// The setup of the development plan: the forms of financing the steering group chooses
// from, the development cycles, and /wish plan.

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
	b.sayKey(ctx, r, "financing.added", view.Esc(f.Name), f.Key)
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
	b.sayKey(ctx, r, "financing.removed", view.Esc(args[0]))
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
	m := view.FinancingList(r.lang, forms)
	b.say(ctx, r, m.Text, m.Blocks...)
	return nil
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
	b.sayKey(ctx, r, "cycle.created", view.Esc(c.Name), c.Expected.Format(time.DateOnly))
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
	b.sayKey(ctx, r, "cycle.delivered", view.Esc(args[0]), len(ws))
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
	m := view.CycleList(r.lang, cycles, b.loc)
	b.say(ctx, r, m.Text, m.Blocks...)
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
	var plans []workflow.CyclePlan
	for _, n := range names {
		p, err := b.svc.PlanOf(ctx, n)
		if err != nil {
			return err
		}
		plans = append(plans, p)
	}
	m := view.Plans(r.lang, plans, b.loc)
	b.say(ctx, r, m.Text, m.Blocks...)
	return nil
}
