package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/bot/view"
	"github.com/os2kitos/tovholder/workflow"
)

// cmdRank opens Rank the backlog for the group whose channel it is typed in.
func cmdRank(ctx context.Context, b *Bot, r *request, _ []string) error {
	g, err := b.svc.GroupByChannel(ctx, r.channel)
	if err != nil {
		return err
	}
	return b.openRankModal(ctx, r, r.triggerID, g)
}

func rankStartAction(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback, act *slack.BlockAction) error {
	g, err := b.svc.Group(ctx, act.Value)
	if err != nil {
		return err
	}
	return b.openRankModal(ctx, r, ic.TriggerID, g)
}

// openRankModal asks the lead which wishes of the backlog to rank (all ticked), the
// dots per member and the deadline, after checking the lead may and there is enough.
func (b *Bot) openRankModal(ctx context.Context, r *request, trigger string, g workflow.Group) error {
	a, err := b.actor(ctx, r)
	if err != nil {
		return err
	}
	if err := workflow.CanLead(a, g); err != nil {
		return err
	}
	if _, open, err := b.svc.OpenRankingOf(ctx, g.Key); err != nil || open {
		if err == nil {
			err = workflow.Errorf(workflow.Conflict, "err.rank.already_open", g.Name)
		}
		return err
	}
	bl, err := b.svc.Backlog(ctx, g.Key)
	if err != nil {
		return err
	}
	if len(bl) < workflow.MinRankWishes {
		return workflow.Errorf(workflow.Conflict, "err.rank.too_few", g.Name, workflow.MinRankWishes)
	}
	return b.openModal(ctx, r, trigger, view.RankModal(r.lang, g, bl, b.defaultDay()))
}

// rankErrorBlocks says beside which input a ranking error belongs.
var rankErrorBlocks = map[string]string{
	"err.rank.wishes": view.BlkRankWishes, "err.rank.not_backlog": view.BlkRankWishes, "err.rank.dots": view.BlkRankDots,
	"err.poll.deadline": view.BlkRankDeadline,
}

func submitRankStart(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	in := workflow.RankingInput{GroupKey: ic.View.PrivateMetadata}
	for _, o := range ic.View.State.Values[view.BlkRankWishes][view.ActInput].SelectedOptions {
		id, ok := idValue(o.Value)
		if !ok {
			return slack.NewErrorsViewSubmissionResponse(map[string]string{view.BlkRankWishes: r.t("err.stale")}), nil
		}
		in.WishIDs = append(in.WishIDs, id)
	}
	dots, ok := parseQuorum(inputValue(ic, view.BlkRankDots))
	if !ok {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{view.BlkRankDots: r.t("rank.hint.dots", workflow.MinDots, workflow.MaxDots)}), nil
	}
	in.Dots = dots
	deadline, ok := b.pollDeadline(inputValue(ic, view.BlkRankDeadline), b.defaultDay())
	if !ok {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{view.BlkRankDeadline: r.t("poll.err.day")}), nil
	}
	in.Deadline = deadline
	a, err := b.actor(ctx, r)
	if err != nil {
		return nil, err
	}
	_, err = b.svc.StartRanking(ctx, a, in)
	if e, ok := workflow.AsError(err); ok && e.Kind != workflow.Internal {
		block, ok := rankErrorBlocks[e.Msg]
		if !ok {
			block = view.BlkRankWishes
		}
		return slack.NewErrorsViewSubmissionResponse(map[string]string{block: view.Truncate(b.errorText(r, err), 1000)}), nil
	}
	return nil, err
}

// rankDotsAction opens Distribute my dots, with the member's earlier dots filled in,
// after checking the ranking is open and the member is in its electorate.
func rankDotsAction(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback, act *slack.BlockAction) error {
	return withID(act, func(id int64) error {
		d, err := b.svc.RankingDetail(ctx, id)
		if err != nil {
			return err
		}
		if !d.Ranking.Open() {
			return workflow.Errorf(workflow.Conflict, "err.rank.closed")
		}
		a, err := b.actor(ctx, r)
		if err != nil {
			return err
		}
		if err := workflow.CanDistribute(a, d.Ranking, d.Group); err != nil {
			return err
		}
		mine, err := b.svc.MyDots(ctx, id, r.user)
		if err != nil {
			return err
		}
		return b.openModal(ctx, r, ic.TriggerID, view.DotsModal(r.lang, d, mine))
	})
}

func submitDots(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	id, ok := idValue(ic.View.PrivateMetadata)
	if !ok {
		return nil, workflow.Errorf(workflow.Invalid, "err.stale")
	}
	raw := map[int64]string{}
	for block := range ic.View.State.Values {
		wid, ok := idValue(strings.TrimPrefix(block, view.BlkDotsPrefix))
		if !ok || !strings.HasPrefix(block, view.BlkDotsPrefix) {
			continue
		}
		raw[wid] = inputValue(ic, block)
	}
	a, err := b.actor(ctx, r)
	if err != nil {
		return nil, err
	}
	err = b.svc.Distribute(ctx, a, id, raw)
	if fe, ok := err.(*workflow.FieldError); ok {
		errs := map[string]string{}
		for wid, key := range fe.Fields {
			errs[view.BlkDotsPrefix+wid] = r.t(key, maxDotsOf(ctx, b, id))
		}
		return slack.NewErrorsViewSubmissionResponse(errs), nil
	}
	return nil, err
}

func maxDotsOf(ctx context.Context, b *Bot, id int64) int {
	d, err := b.svc.RankingDetail(ctx, id)
	if err != nil {
		return workflow.MaxDots
	}
	return d.Ranking.Dots
}

func rankCloseAction(ctx context.Context, b *Bot, r *request, _ *slack.InteractionCallback, act *slack.BlockAction) error {
	return withID(act, func(id int64) error {
		a, err := b.actor(ctx, r)
		if err != nil {
			return err
		}
		_, err = b.svc.CloseRanking(ctx, a, id)
		return err
	})
}

// rankingID reads the ranking of a notice: its Ref ("ranking/3") or its Payload.
func rankingID(n workflow.Notice) (int64, error) {
	if id, ok := idValue(strings.TrimPrefix(n.Ref, "ranking/")); ok && strings.HasPrefix(n.Ref, "ranking/") {
		return id, nil
	}
	if id, ok := idValue(n.Payload); ok {
		return id, nil
	}
	return 0, fmt.Errorf("%w: %q", errNoCard, n.Ref)
}

// renderRanking is the ranking message in the group's channel (view.RankingMessage).
func renderRanking(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
	id, err := rankingID(n)
	if err != nil {
		return view.Message{}, err
	}
	d, err := b.svc.RankingDetail(ctx, id)
	if err != nil {
		return view.Message{}, err
	}
	return view.RankingMessage(lang, d, b.loc), nil
}

// renderRankingResult is the result in the ranking's thread when it closes.
func renderRankingResult(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
	id, err := rankingID(workflow.Notice{Payload: n.Payload})
	if err != nil {
		return view.Message{}, err
	}
	d, err := b.svc.RankingDetail(ctx, id)
	if err != nil {
		return view.Message{}, err
	}
	return view.RankingResult(lang, d), nil
}

// renderRanksAnnounced tells the user club the group's new order.
func renderRanksAnnounced(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
	id, err := rankingID(workflow.Notice{Payload: n.Payload})
	if err != nil {
		return view.Message{}, err
	}
	bl, err := b.rankedOf(ctx, id)
	if err != nil {
		return view.Message{}, err
	}
	d, err := b.svc.RankingDetail(ctx, id)
	if err != nil {
		return view.Message{}, err
	}
	return view.RanksAnnounced(lang, d, bl, b.loc), nil
}

// rankedOf is the ranked part of the backlog of ranking id's group, by rank.
func (b *Bot) rankedOf(ctx context.Context, id int64) ([]workflow.RankedWish, error) {
	d, err := b.svc.RankingDetail(ctx, id)
	if err != nil {
		return nil, err
	}
	bl, err := b.svc.Backlog(ctx, d.Group.Key)
	var out []workflow.RankedWish
	for _, rw := range bl {
		if rw.Rank > 0 {
			out = append(out, rw)
		}
	}
	return out, err
}

// backlogsOf are the starts of the backlogs of the groups a leads (as coordinator or
// secretariat) with at least two wishes to rank, for a's Home tab.
func (b *Bot) backlogsOf(ctx context.Context, a workflow.Actor) ([]view.Backlog, error) {
	tops, err := b.svc.BacklogTops(ctx, a, view.HomeItems)
	out := make([]view.Backlog, len(tops))
	for i, t := range tops {
		out[i] = view.Backlog{Group: t.Group, Wishes: t.Wishes, Total: t.Total}
	}
	return out, err
}

// candidatesBlock lists the wishes the secretariat may recommend (view.Candidates);
// nothing said when they cannot be loaded but that there are none.
func (b *Bot) candidatesBlock(ctx context.Context, lang i18n.Lang) slack.Block {
	ws, err := b.svc.Candidates(ctx)
	if err != nil {
		b.log.Warn().Err(err).Msg("could not load the candidates for a recommendation")
		ws = nil
	}
	return view.Candidates(lang, ws, func(key string) string { return b.groupName(ctx, key) })
}
