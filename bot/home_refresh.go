package bot

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/workflow"
)

// Home refresh pacing: a viewer's Home tab is republished at most this often, and
// only for people who opened it within homeViewerTTL (views.publish for everyone who
// ever opened it would be a waste of Slack's rate limits).
const (
	homeRefreshEvery = 5 * time.Second
	homeViewerTTL    = 24 * time.Hour
	// homePublishesPerMinute keeps refreshes under Slack's views.publish limit (Tier 4,
	// about 100 a minute; ../shared/slack.md), with room for the Home tabs people open.
	homePublishesPerMinute = 80
)

// homeViewers remembers who has looked at their Home tab lately, so that it can be
// refreshed when something changes rather than showing yesterday's queues. It lives
// in memory: after a restart a Home tab refreshes again once its user opens it.
type homeViewers struct {
	mu   sync.Mutex
	m    map[string]*homeViewer
	sent []time.Time // refreshes published in the last minute, oldest first
}

type homeViewer struct {
	lang      i18n.Lang
	opened    time.Time
	published time.Time
	dirty     bool
}

// opened records that user opened their Home tab and has it published at now.
func (h *homeViewers) opened(user string, lang i18n.Lang, now time.Time) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.m == nil {
		h.m = map[string]*homeViewer{}
	}
	h.m[user] = &homeViewer{lang: lang, opened: now, published: now}
}

// touch marks the recent viewers for whom seen holds out of date: something they see
// on their Home tab was changed.
func (h *homeViewers) touch(now time.Time, seen func(user string) bool) {
	h.mu.Lock()
	var users []string
	for u, v := range h.m {
		if now.Sub(v.opened) > homeViewerTTL {
			delete(h.m, u)
			continue
		}
		users = append(users, u)
	}
	h.mu.Unlock()
	// seen may read the database: not under the lock.
	var dirty []string
	for _, u := range users {
		if seen(u) {
			dirty = append(dirty, u)
		}
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, u := range dirty {
		if v, ok := h.m[u]; ok {
			v.dirty = true
		}
	}
}

// touchHomes marks out of date the Home tabs of those who see what events changed
// (workflow.AudienceOf): a poll of one group refreshes its members', not everyone's.
func (b *Bot) touchHomes(now time.Time, events []int64) {
	ctx := context.Background()
	var audiences []workflow.HomeAudience
	for _, id := range events {
		e, err := b.store.Event(ctx, id)
		if err != nil {
			audiences = append(audiences, workflow.HomeAudience{Everyone: true})
			continue
		}
		h, err := b.svc.HomeAudience(ctx, e)
		if err != nil {
			b.log.Warn().Err(err).Int64("event", id).Msg("could not tell whose Home tab an event changed; refreshing every open one")
		}
		audiences = append(audiences, h)
	}
	b.homes.touch(now, func(user string) bool {
		var roles []workflow.Role
		rolesRead := false
		for _, h := range audiences {
			if len(h.Roles) > 0 && !rolesRead {
				if a, err := b.svc.Actor(ctx, user); err == nil {
					roles = a.Roles
				}
				rolesRead = true
			}
			if h.Includes(user, roles) {
				return true
			}
		}
		return false
	})
}

// due takes the viewers whose Home tab is out of date and may be published again at
// now (any, when force), and marks them published.
func (h *homeViewers) due(now time.Time, force bool) map[string]i18n.Lang {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := map[string]i18n.Lang{}
	for len(h.sent) > 0 && now.Sub(h.sent[0]) >= time.Minute {
		h.sent = h.sent[1:]
	}
	// The longest out of date first; the rest stay out of date for the next round.
	var ready []string
	for u, v := range h.m {
		if v.dirty && (force || now.Sub(v.published) >= homeRefreshEvery) {
			ready = append(ready, u)
		}
	}
	slices.SortFunc(ready, func(a, b string) int { return h.m[a].published.Compare(h.m[b].published) })
	for _, u := range ready[:min(len(ready), max(0, homePublishesPerMinute-len(h.sent)))] {
		v := h.m[u]
		out[u] = v.lang
		v.dirty, v.published = false, now
		h.sent = append(h.sent, now)
	}
	return out
}

// refreshHomes republishes the Home tabs that are out of date.
func (b *Bot) refreshHomes(ctx context.Context, force bool) {
	for u, lang := range b.homes.due(b.now(), force) {
		if err := b.publishHome(ctx, u, lang); err != nil && ctx.Err() == nil {
			b.log.Warn().Err(err).Str("user", u).Msg("could not refresh a Home tab; it refreshes when its user opens it")
		}
	}
}

// runHomeRefresh refreshes Home tabs every second until ctx ends.
func (b *Bot) runHomeRefresh(ctx context.Context) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			b.refreshHomes(ctx, false)
		}
	}
}
