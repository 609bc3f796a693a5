package bot

import (
	"context"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/bot/view"
	"github.com/os2kitos/tovholder/workflow"
)

// publishHome renders and publishes user's Home tab, from one load of what it shows.
func (b *Bot) publishHome(ctx context.Context, userID string, lang i18n.Lang) error {
	a, err := b.svc.Actor(ctx, userID)
	if err != nil {
		return err
	}
	h := view.Home{Steering: a.Has(workflow.RoleSteering), Loc: b.loc}
	if h.Mine, h.MineTotal, err = b.svc.Wishes(ctx, workflow.WishFilter{Submitter: userID, Limit: view.HomeWishes}); err != nil {
		return err
	}
	if h.Agenda, err = b.svc.AgendaOf(ctx, a, view.HomeItems); err != nil {
		return err
	}
	if h.Backlogs, err = b.backlogsOf(ctx, a); err != nil {
		return err
	}
	h.MineRanks = map[int64]string{}
	for _, w := range h.Mine {
		if st := b.standing(ctx, w); st != nil && st.Rank > 0 {
			h.MineRanks[w.ID] = i18n.T(lang, "rank.line", st.Rank, view.Esc(st.GroupName))
		}
	}
	if err = b.meetingHome(ctx, a, &h); err != nil {
		return err
	}
	if h.Secretariat = a.Has(workflow.RoleSecretariat); h.Secretariat {
		d, err := b.svc.Decisions(ctx, a, workflow.DecisionsConsultations)
		if err != nil {
			return err
		}
		h.Consultations, h.ConsultLinks = d.Consultations, map[int64]string{}
		for _, c := range d.Consultations {
			if c.State != workflow.ConsultDecided {
				h.ConsultLinks[c.ID] = b.permalink(ctx, workflow.ConsultRef(c.ID))
			}
		}
	}
	_, err = b.slack.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: userID, View: view.HomeTab(lang, h, homeSections)})
	return err
}
