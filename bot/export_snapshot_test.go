package bot

import (
	"context"
	"slices"
	"sync"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/bot/view"
	"github.com/os2kitos/tovholder/workflow"
)

// rendered is every notice the renderers were given, by bot, in order: real notices,
// with their payloads, for tests that render them again.
var rendered struct {
	mu sync.Mutex
	ns map[*Bot][]workflow.Notice
}

func init() {
	for k, f := range renderers {
		renderers[k] = func(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
			rendered.mu.Lock()
			if rendered.ns == nil {
				rendered.ns = map[*Bot][]workflow.Notice{}
			}
			rendered.ns[b] = append(rendered.ns[b], n)
			rendered.mu.Unlock()
			return f(ctx, b, lang, n)
		}
	}
}

// RenderedNotices are the notices b has rendered so far.
func RenderedNotices(b *Bot) []workflow.Notice {
	rendered.mu.Lock()
	defer rendered.mu.Unlock()
	return slices.Clone(rendered.ns[b])
}

// NoticeKinds are the kinds of notice the route table renders, sorted.
func NoticeKinds() []string {
	var ks []string
	for k := range renderers {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// Render renders n as the dispatcher does: in one snapshot.
func Render(ctx context.Context, b *Bot, n workflow.Notice, lang i18n.Lang) (view.Message, error) {
	return views{b}.Render(ctx, n, lang)
}

// RenderUnsnapshotted runs n's renderer without a snapshot, each load on its own: for
// a test to show what the snapshot prevents.
func RenderUnsnapshotted(ctx context.Context, b *Bot, n workflow.Notice, lang i18n.Lang) (view.Message, error) {
	return renderers[string(n.Kind)](ctx, b, lang, n)
}

// HomeOf loads user's Home tab as publishHome does (one snapshot), without publishing.
func HomeOf(ctx context.Context, b *Bot, user string, lang i18n.Lang) (view.Home, error) {
	return b.homeOf(ctx, user, lang)
}

// HomeTab is the view homeOf's h makes, as publishHome publishes it.
func HomeTab(lang i18n.Lang, h view.Home) slack.HomeTabViewRequest {
	return view.HomeTab(lang, h, homeSections)
}

// PublishHome loads, renders and publishes user's Home tab.
func PublishHome(ctx context.Context, b *Bot, user string, lang i18n.Lang) error {
	return b.publishHome(ctx, user, lang)
}

// LoadHomeUnsnapshotted loads user's Home tab with each load in a read of its own, as
// before the snapshot: for a benchmark to compare.
func LoadHomeUnsnapshotted(ctx context.Context, b *Bot, user string, lang i18n.Lang) (view.Home, error) {
	return b.loadHome(ctx, user, lang)
}
