package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/bot/view"
	"github.com/os2kitos/tovholder/workflow"
)

// news is the view-model of a pipeline announcement about ws: their groups' names and
// their group cards' kept permalinks, and the time zone.
func (b *Bot) news(ctx context.Context, ws ...workflow.Wish) view.News {
	n := view.News{Groups: map[string]string{}, Links: map[int64]string{}, Loc: b.loc}
	for _, w := range ws {
		if w.Group == "" {
			continue
		}
		if _, ok := n.Groups[w.Group]; !ok {
			n.Groups[w.Group] = b.groupName(ctx, w.Group)
		}
		n.Links[w.ID] = b.permalink(ctx, workflow.WishRef(w.ID, "group/"+w.Group))
	}
	return n
}

// wishNews loads the news of notice n about one wish and the event that caused it.
func (b *Bot) wishNews(ctx context.Context, n workflow.Notice) (view.News, error) {
	d, e, err := noticeWish(ctx, b, n)
	if err != nil {
		return view.News{}, err
	}
	vm := b.news(ctx, d.Wish)
	vm.Wish, vm.Event = d.Wish, e
	return vm, nil
}

// initiativeNews loads the news of initiative id, with its wishes' groups and links.
func (b *Bot) initiativeNews(ctx context.Context, id int64) (view.News, error) {
	d, err := b.svc.InitiativeDetail(ctx, id)
	if err != nil {
		return view.News{}, err
	}
	vm := b.news(ctx, d.Wishes...)
	vm.Initiative = d
	return vm, nil
}

func renderSpecReady(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
	vm, err := b.wishNews(ctx, n)
	if err != nil {
		return view.Message{}, err
	}
	return view.SpecReady(lang, vm), nil
}

func renderEstimateNews(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
	vm, err := b.wishNews(ctx, n)
	if err != nil {
		return view.Message{}, err
	}
	if ini, ok, _ := b.svc.InitiativeOfWish(ctx, vm.Wish.ID); ok && ini.State == workflow.InitiativeApproved {
		vm.Approved = &ini
	}
	return view.EstimateNews(lang, vm), nil
}

// initiativeID reads the initiative's id from its message key.
func initiativeID(ref string) (int64, error) {
	id, ok := idValue(strings.TrimPrefix(ref, "initiative/"))
	if !ok || !strings.HasPrefix(ref, "initiative/") {
		return 0, fmt.Errorf("%w: %q", errNoCard, ref)
	}
	return id, nil
}

// renderRecommendation is the initiative in the steering channel.
func renderRecommendation(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
	id, err := initiativeID(n.Ref)
	if err != nil {
		return view.Message{}, err
	}
	vm, err := b.initiativeNews(ctx, id)
	if err != nil {
		return view.Message{}, err
	}
	return view.Recommendation(lang, vm), nil
}

// eventInitiative loads the event of notice n and the news of the initiative it names.
func (b *Bot) eventInitiative(ctx context.Context, n workflow.Notice) (view.News, error) {
	e, err := b.store.Event(ctx, n.EventID)
	if err != nil {
		return view.News{}, err
	}
	id, ok := idValue(e.Data["initiative"])
	if !ok {
		return view.News{}, fmt.Errorf("%w: %s event %d", errNoCard, e.Kind, e.ID)
	}
	vm, err := b.initiativeNews(ctx, id)
	vm.Event = e
	return vm, err
}

// renderDecision announces the steering group's decision in the user club.
func renderDecision(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
	vm, err := b.eventInitiative(ctx, n)
	if err != nil {
		return view.Message{}, err
	}
	vm.WebURL = b.webURL(lang, "/decisions")
	return view.Decision(lang, vm), nil
}

// renderWishLeft tells the steering group that a wish left an initiative.
func renderWishLeft(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
	vm, err := b.eventInitiative(ctx, n)
	if err != nil {
		return view.Message{}, err
	}
	w, err := b.svc.Wish(ctx, vm.Event.WishID)
	if err != nil {
		return view.Message{}, err
	}
	vm.Wish = w.Wish
	return view.WishLeft(lang, vm), nil
}

// renderPlan is the development plan of a cycle; the cycle is read from its message key.
func renderPlan(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
	name, ok := strings.CutPrefix(n.Ref, "plan/")
	if !ok {
		return view.Message{}, fmt.Errorf("%w: %q", errNoCard, n.Ref)
	}
	p, err := b.svc.PlanOf(ctx, name)
	if err != nil {
		return view.Message{}, err
	}
	return view.PlanMessage(lang, view.News{Plan: p, Loc: b.loc, WebURL: b.webURL(lang, planPath(name))}), nil
}

// renderPlanChanged is the short post that a cycle's plan changed.
func renderPlanChanged(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
	vm, err := b.wishNews(ctx, n)
	if err != nil {
		return view.Message{}, err
	}
	return view.PlanChanged(lang, vm), nil
}

// renderDelivered announces a delivered wish (of a cycle, or a minor one done by the
// secretariat), or a whole delivered cycle.
func renderDelivered(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
	e, err := b.store.Event(ctx, n.EventID)
	if err != nil {
		return view.Message{}, err
	}
	if e.Kind == workflow.EvCycleDelivered {
		ids, _ := workflow.ParseWishIDs(e.Data["wishes"])
		var ws []workflow.Wish
		for _, id := range ids {
			if d, err := b.svc.Wish(ctx, id); err == nil {
				ws = append(ws, d.Wish)
			}
		}
		vm := b.news(ctx, ws...)
		vm.Event, vm.Wishes = e, ws
		return view.Delivered(lang, vm), nil
	}
	d, err := b.svc.Wish(ctx, n.WishID)
	if err != nil {
		return view.Message{}, err
	}
	vm := b.news(ctx, d.Wish)
	vm.Wish, vm.Event, vm.WebURL = d.Wish, e, b.webURL(lang, wishPath(d.Wish.ID))
	return view.Delivered(lang, vm), nil
}

// estimateHistory says a price estimate in a wish's history.
func estimateHistory(lang i18n.Lang, e workflow.Event) string {
	amount, hours := workflow.EstimateOfEvent(e.Data)
	return i18n.T(lang, "history.estimate", view.User(e.Actor), view.DKK(lang, amount), view.HoursCount(lang, hours), e.Data["revision"])
}

// wishLeftHistory says that a wish left its initiative; the note is the initiative's title.
func wishLeftHistory(lang i18n.Lang, e workflow.Event) string {
	return i18n.T(lang, "history.wish_left")
}

// estimateChange tells a wish's followers of a price estimate.
func estimateChange(lang i18n.Lang, w workflow.Wish, e workflow.Event) string {
	amount, hours := workflow.EstimateOfEvent(e.Data)
	return i18n.T(lang, "estimate.changed", view.PlWishName(w), view.DKK(lang, amount), view.HoursCount(lang, hours), view.User(e.Actor))
}
