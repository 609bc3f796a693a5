package bot

import (
	"context"
	"fmt"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/workflow"
)

// homeSections add the parts of the Home tab that belong to other features (polls
// awaiting a stance, queues of coordinators, the secretariat and the steering group).
// Each returns blocks; publishHome keeps the whole within Block Kit's 100 blocks.
var homeSections []func(ctx context.Context, b *Bot, lang i18n.Lang, a workflow.Actor) ([]slack.Block, error)

// maxHomeBlocks is Slack's limit for a Home tab.
const maxHomeBlocks = 100

// publishHome renders and publishes user's Home tab.
func (b *Bot) publishHome(ctx context.Context, userID string, lang i18n.Lang) error {
	a, err := b.svc.Actor(ctx, userID)
	if err != nil {
		return err
	}
	blocks := []slack.Block{
		header(i18n.T(lang, "home.title")),
		section(i18n.T(lang, "home.intro")),
		buttons("home_actions", button(actSubmitWish, i18n.T(lang, "home.submit"), "new", slack.StylePrimary)),
		slack.NewDividerBlock(),
	}
	mine, err := b.myWishesBlocks(ctx, lang, userID)
	if err != nil {
		return err
	}
	blocks = append(blocks, mine...)
	for _, f := range homeSections {
		more, err := f(ctx, b, lang, a)
		if err != nil {
			return err
		}
		if len(blocks)+len(more) > maxHomeBlocks {
			blocks = append(blocks, context_(i18n.T(lang, "home.truncated")))
			break
		}
		blocks = append(blocks, more...)
	}
	if len(blocks) > maxHomeBlocks {
		blocks = blocks[:maxHomeBlocks]
	}
	_, err = b.slack.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: userID,
		View: slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: blocks}}})
	return err
}

// homeWishes is how many of the user's own wishes the Home tab lists.
const homeWishes = 10

func (b *Bot) myWishesBlocks(ctx context.Context, lang i18n.Lang, userID string) ([]slack.Block, error) {
	ws, total, err := b.svc.Wishes(ctx, workflow.WishFilter{Submitter: userID, Limit: homeWishes})
	if err != nil {
		return nil, err
	}
	blocks := []slack.Block{section("*" + i18n.T(lang, "home.mine", total) + "*")}
	if total == 0 {
		return append(blocks, context_(i18n.T(lang, "home.mine_none"))), nil
	}
	blocks = append(blocks, section(wishLinesWith(lang, ws, func(w workflow.Wish) string { return b.rankSuffix(ctx, lang, w) })))
	if total > len(ws) {
		blocks = append(blocks, context_(i18n.T(lang, "home.more", total-len(ws), "/wish list")))
	}
	return blocks, nil
}

// wishLines lists wishes one a line, within a section's 3000 characters.
func wishLines(lang i18n.Lang, ws []workflow.Wish) string { return wishLinesWith(lang, ws, nil) }

// wishLinesWith is wishLines with more said of each wish by more (nil for nothing).
func wishLinesWith(lang i18n.Lang, ws []workflow.Wish, more func(workflow.Wish) string) string {
	s := ""
	for _, w := range ws {
		line := fmt.Sprintf("• *#%d* %s: _%s_", w.ID, clip(w.Title, 120), stateName(lang, w.State))
		if more != nil {
			line += more(w)
		}
		line += "\n"
		if len(s)+len(line) > 2900 {
			break
		}
		s += line
	}
	return s
}

var homeActions = map[string]actionFunc{}
