package bot

import (
	"context"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/bot/view"
	"github.com/os2kitos/tovholder/workflow"
)

// publishHome renders and publishes user's Home tab, from one load of what it shows.
// The load is one snapshot of the database; the publish waits for Slack outside it.
func (b *Bot) publishHome(ctx context.Context, userID string, lang i18n.Lang) error {
	h, err := b.homeOf(ctx, userID, lang)
	if err != nil {
		return err
	}
	_, err = b.slack.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: userID, View: view.HomeTab(lang, h, homeSections)})
	return err
}

// homeOf loads what user's Home tab shows in one snapshot of the database.
func (b *Bot) homeOf(ctx context.Context, userID string, lang i18n.Lang) (h view.Home, err error) {
	err = b.store.Snapshot(ctx, func(ctx context.Context) (err error) {
		h, err = b.loadHome(ctx, userID, lang)
		return err
	})
	return h, err
}

// loadHome loads what user's Home tab shows; homeOf runs it in one snapshot.
func (b *Bot) loadHome(ctx context.Context, userID string, lang i18n.Lang) (view.Home, error) {
	a, err := b.svc.Actor(ctx, userID)
	if err != nil {
		return view.Home{}, err
	}
	h := view.Home{Steering: a.Has(workflow.RoleSteering), Loc: b.loc}
	if h.Mine, h.MineTotal, err = b.svc.Wishes(ctx, workflow.WishFilter{Submitter: userID, Limit: view.HomeWishes}); err != nil {
		return h, err
	}
	if h.Agenda, err = b.svc.AgendaOf(ctx, a, view.HomeItems); err != nil {
		return h, err
	}
	if h.Backlogs, err = b.backlogsOf(ctx, a); err != nil {
		return h, err
	}
	h.MineRanks = map[int64]string{}
	for _, w := range h.Mine {
		if st := b.standing(ctx, w); st != nil && st.Rank > 0 {
			h.MineRanks[w.ID] = i18n.T(lang, "rank.line", st.Rank, view.Esc(st.GroupName))
		}
	}
	if err = b.meetingHome(ctx, a, &h); err != nil {
		return h, err
	}
	if h.Secretariat = a.Has(workflow.RoleSecretariat); h.Secretariat {
		d, err := b.svc.Decisions(ctx, a, workflow.DecisionsConsultations)
		if err != nil {
			return h, err
		}
		h.Consultations, h.ConsultLinks = d.Consultations, map[int64]string{}
		for _, c := range d.Consultations {
			if c.State != workflow.ConsultDecided {
				h.ConsultLinks[c.ID] = b.permalink(ctx, workflow.ConsultRef(c.ID))
			}
		}
	}
	return h, nil
}
