package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/bot/view"
	"github.com/os2kitos/tovholder/workflow"
)

// Action and callback ids and input blocks of a ranking.
const (
	actRankStart    = view.ActRankStart
	actRankDots     = view.ActRankDots
	actRankClose    = view.ActRankClose
	cbRankStart     = "rank.start_form"
	cbRankDots      = "rank.dots_form"
	blkRankWishes   = "wishes"
	blkRankDots     = "dots"
	blkRankDeadline = "deadline"
	blkDotsPrefix   = "dots_"
	maxCheckboxes   = 10 // Slack's checkboxes take at most 10 options
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
	var opts, initial []*slack.OptionBlockObject
	for _, rw := range bl {
		if len(opts) == 100 {
			break
		}
		o := slack.NewOptionBlockObject(strconv.FormatInt(rw.Wish.ID, 10), plain(truncate(fmt.Sprintf("#%d %s", rw.Wish.ID, rw.Wish.Title), 75)), nil)
		opts = append(opts, o)
		if len(initial) < workflow.MaxRankWishes {
			initial = append(initial, o)
		}
	}
	var el slack.BlockElement
	if len(opts) <= maxCheckboxes {
		cb := slack.NewCheckboxGroupsBlockElement(actInput, opts...)
		cb.InitialOptions = initial
		el = cb
	} else {
		ms := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeStatic, plain(i18n.T(r.lang, "rank.field.wishes")), actInput, opts...)
		maxItems := workflow.MaxRankWishes
		ms.InitialOptions, ms.MaxSelectedItems = initial, &maxItems
		el = ms
	}
	wishes := slack.NewInputBlock(blkRankWishes, plain(r.t("rank.field.wishes")), nil, el)
	wishes.Hint = plain(r.t("rank.hint.wishes", workflow.MinRankWishes, workflow.MaxRankWishes))
	dots := textInput(r.lang, blkRankDots, "rank.field.dots", "", strconv.Itoa(workflow.DefaultDots), false, 2, false)
	dots.Hint = plain(r.t("rank.hint.dots", workflow.MinDots, workflow.MaxDots))
	day := slack.NewDatePickerBlockElement(actInput)
	day.InitialDate = b.defaultDay()
	deadline := slack.NewInputBlock(blkRankDeadline, plain(r.t("poll.field.deadline")), nil, day)
	deadline.Hint = plain(r.t("rank.hint.deadline"))
	return b.openModal(ctx, r, trigger, slack.ModalViewRequest{
		Type: slack.VTModal, CallbackID: cbRankStart, PrivateMetadata: g.Key,
		Title:  plain(r.t("rank.modal.title")),
		Submit: plain(r.t("rank.modal.submit")),
		Close:  plain(r.t("modal.cancel")),
		Blocks: slack.Blocks{BlockSet: []slack.Block{section(r.t("rank.modal.intro", esc(g.Name))), wishes, dots, deadline}},
	})
}

// rankErrorBlocks says beside which input a ranking error belongs.
var rankErrorBlocks = map[string]string{
	"err.rank.wishes": blkRankWishes, "err.rank.not_backlog": blkRankWishes, "err.rank.dots": blkRankDots,
	"err.poll.deadline": blkRankDeadline,
}

func submitRankStart(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	in := workflow.RankingInput{GroupKey: ic.View.PrivateMetadata}
	for _, o := range ic.View.State.Values[blkRankWishes][actInput].SelectedOptions {
		id, ok := idValue(o.Value)
		if !ok {
			return slack.NewErrorsViewSubmissionResponse(map[string]string{blkRankWishes: r.t("err.stale")}), nil
		}
		in.WishIDs = append(in.WishIDs, id)
	}
	dots, ok := parseQuorum(inputValue(ic, blkRankDots))
	if !ok {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{blkRankDots: r.t("rank.hint.dots", workflow.MinDots, workflow.MaxDots)}), nil
	}
	in.Dots = dots
	deadline, ok := b.pollDeadline(inputValue(ic, blkRankDeadline), b.defaultDay())
	if !ok {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{blkRankDeadline: r.t("poll.err.day")}), nil
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
			block = blkRankWishes
		}
		return slack.NewErrorsViewSubmissionResponse(map[string]string{block: truncate(b.errorText(r, err), 1000)}), nil
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
		blocks := []slack.Block{section(r.t("rank.dots.intro", d.Ranking.Dots))}
		for _, rw := range d.Wishes {
			initial := ""
			if n, ok := mine[rw.Wish.ID]; ok {
				initial = strconv.Itoa(n)
			}
			in := textInput(r.lang, blkDotsPrefix+strconv.FormatInt(rw.Wish.ID, 10), "", "", initial, false, 3, true)
			in.Label = plain(truncate(fmt.Sprintf("#%d %s", rw.Wish.ID, rw.Wish.Title), 2000))
			in.Hint = plain(supportLine(r.lang, rw.Support))
			blocks = append(blocks, in)
		}
		return b.openModal(ctx, r, ic.TriggerID, slack.ModalViewRequest{
			Type: slack.VTModal, CallbackID: cbRankDots, PrivateMetadata: strconv.FormatInt(id, 10),
			Title:  plain(r.t("rank.dots.title")),
			Submit: plain(r.t("rank.dots.submit")),
			Close:  plain(r.t("modal.cancel")),
			Blocks: slack.Blocks{BlockSet: blocks},
		})
	})
}

func submitDots(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	id, ok := idValue(ic.View.PrivateMetadata)
	if !ok {
		return nil, workflow.Errorf(workflow.Invalid, "err.stale")
	}
	raw := map[int64]string{}
	for block := range ic.View.State.Values {
		wid, ok := idValue(strings.TrimPrefix(block, blkDotsPrefix))
		if !ok || !strings.HasPrefix(block, blkDotsPrefix) {
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
			errs[blkDotsPrefix+wid] = r.t(key, maxDotsOf(ctx, b, id))
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
func renderRanking(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (message, error) {
	id, err := rankingID(n)
	if err != nil {
		return message{}, err
	}
	d, err := b.svc.RankingDetail(ctx, id)
	if err != nil {
		return message{}, err
	}
	return view.RankingMessage(lang, d, b.loc), nil
}

// renderRankingResult is the result in the ranking's thread when it closes.
func renderRankingResult(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (message, error) {
	id, err := rankingID(workflow.Notice{Payload: n.Payload})
	if err != nil {
		return message{}, err
	}
	d, err := b.svc.RankingDetail(ctx, id)
	if err != nil {
		return message{}, err
	}
	return view.RankingResult(lang, d), nil
}

// renderRanksAnnounced tells the user club the group's new order.
func renderRanksAnnounced(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (message, error) {
	id, err := rankingID(workflow.Notice{Payload: n.Payload})
	if err != nil {
		return message{}, err
	}
	bl, err := b.rankedOf(ctx, id)
	if err != nil {
		return message{}, err
	}
	d, err := b.svc.RankingDetail(ctx, id)
	if err != nil {
		return message{}, err
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

// backlogsOf are the backlogs of the groups a leads (as coordinator or secretariat)
// with at least two wishes to rank, for a's Home tab.
func (b *Bot) backlogsOf(ctx context.Context, a workflow.Actor) ([]view.Backlog, error) {
	groups, err := b.svc.Groups(ctx)
	if err != nil {
		return nil, err
	}
	var out []view.Backlog
	for _, g := range groups {
		if workflow.CanLead(a, g) != nil {
			continue
		}
		bl, err := b.svc.Backlog(ctx, g.Key)
		if err != nil {
			return nil, err
		}
		if len(bl) >= workflow.MinRankWishes {
			out = append(out, view.Backlog{Group: g, Wishes: bl})
		}
	}
	return out, nil
}

// candidatesBlock lists the wishes the secretariat may recommend (estimated), by group
// and the group's adopted rank, with their support: what the recommendation rests on.
func (b *Bot) candidatesBlock(ctx context.Context, lang i18n.Lang) slack.Block {
	ws, err := b.svc.Candidates(ctx)
	if err != nil || len(ws) == 0 {
		return context_(i18n.T(lang, "recommend.no_candidates"))
	}
	lines := []string{"*" + i18n.T(lang, "recommend.candidates") + "*"}
	for _, rw := range ws {
		l := "• " + wishLabel(rw.Wish) + " · " + supportLine(lang, rw.Support)
		if rw.Rank > 0 {
			l += " · " + i18n.T(lang, "rank.line", rw.Rank, esc(b.groupName(ctx, rw.Wish.Group)))
		}
		lines = append(lines, l)
	}
	return section(truncate(strings.Join(lines, "\n"), 3000))
}
