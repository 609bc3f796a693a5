package bot

import (
	"context"
	"slices"
	"strings"

	"github.com/os2kitos/tovholder/bot/view"
	"github.com/os2kitos/tovholder/workflow"
)

func cmdChannel(ctx context.Context, b *Bot, r *request, args []string) error {
	if len(args) != 2 {
		return errUsage
	}
	place := workflow.Place(strings.ToLower(args[0]))
	ch, ok := parseChannel(args[1])
	if !ok || !slices.Contains(workflow.Places, place) {
		return errUsage
	}
	a, err := b.actor(ctx, r)
	if err != nil {
		return err
	}
	if err := b.svc.SetPlace(ctx, a, place, ch); err != nil {
		return refusal(err, "err.forbidden.admin_config")
	}
	b.sayKey(ctx, r, "admin.channel_set", r.t("place."+string(place)), view.Channel(ch))
	return nil
}

// refusal says who may do what the user tried: the workflow names only the first of
// the roles that may, and a refused admin should learn every way in.
func refusal(err error, key string) error {
	if workflow.KindOf(err) == workflow.Forbidden {
		return workflow.Errorf(workflow.Forbidden, key)
	}
	return err
}

func cmdRole(grant bool) func(ctx context.Context, b *Bot, r *request, args []string) error {
	return func(ctx context.Context, b *Bot, r *request, args []string) error {
		if len(args) < 2 {
			return errUsage
		}
		role, ok := workflow.ParseRole(strings.ToLower(args[0]))
		users, err := parseUsers(args[1:])
		if !ok || err != nil {
			return errUsage
		}
		a, err := b.actor(ctx, r)
		if err != nil {
			return err
		}
		f, key, sameKey := b.svc.Grant, "admin.role_added", "admin.had_role"
		if !grant {
			f, key, sameKey = b.svc.Revoke, "admin.role_removed", "admin.had_no_role"
		}
		changed, err := f(ctx, a, role, users)
		if err != nil {
			return refusal(err, "err.forbidden.admin_config")
		}
		b.say(ctx, r, changeSummary(r, key, sameKey, r.t("role."+string(role)), changed, users))
		return nil
	}
}

// changeSummary says who changed, and (sameKey) who was as asked already: already a
// member, or not a member to remove.
func changeSummary(r *request, key, sameKey, what string, changed, asked []string) string {
	s := r.t(key, what, view.Mentions(changed))
	var same []string
	for _, u := range asked {
		if !slices.Contains(changed, u) {
			same = append(same, u)
		}
	}
	if len(changed) == 0 {
		s = r.t("admin.nothing_changed")
	}
	if len(same) > 0 {
		s += "\n" + r.t(sameKey, what, view.Mentions(same))
	}
	return s
}

func cmdRoleList(ctx context.Context, b *Bot, r *request, args []string) error {
	if len(args) > 0 {
		return errUsage
	}
	holders, err := b.svc.RoleHolders(ctx)
	if err != nil {
		return err
	}
	var sb strings.Builder
	sb.WriteString(r.t("admin.roles_title"))
	for _, role := range workflow.Roles {
		who := view.Mentions(holders[role])
		if who == "" {
			who = r.t("admin.nobody")
		}
		sb.WriteString("\n• *" + r.t("role."+string(role)) + "*: " + who)
	}
	b.say(ctx, r, sb.String())
	return nil
}

func cmdGroupCreate(ctx context.Context, b *Bot, r *request, args []string) error {
	if len(args) < 3 {
		return errUsage
	}
	ch, ok := parseChannel(args[1])
	if !ok {
		return errUsage
	}
	a, err := b.actor(ctx, r)
	if err != nil {
		return err
	}
	g, err := b.svc.CreateGroup(ctx, a, strings.ToLower(args[0]), ch, strings.Join(args[2:], " "))
	if err != nil {
		return refusal(err, "err.forbidden.group_config")
	}
	b.sayKey(ctx, r, "admin.group_created", view.Esc(g.Name), g.Key, view.Channel(g.ChannelID), g.Key)
	return nil
}

func cmdGroupCoordinator(ctx context.Context, b *Bot, r *request, args []string) error {
	if len(args) != 2 {
		return errUsage
	}
	u, ok := parseUser(args[1])
	if !ok && !strings.EqualFold(args[1], "none") {
		return errUsage
	}
	a, err := b.actor(ctx, r)
	if err != nil {
		return err
	}
	if err := b.svc.SetCoordinator(ctx, a, strings.ToLower(args[0]), u); err != nil {
		return refusal(err, "err.forbidden.group_config")
	}
	if u == "" {
		b.sayKey(ctx, r, "admin.coordinator_none", view.Esc(args[0]))
	} else {
		b.sayKey(ctx, r, "admin.coordinator_set", view.User(u), view.Esc(args[0]))
	}
	return nil
}

func cmdGroupMembers(add bool) func(ctx context.Context, b *Bot, r *request, args []string) error {
	return func(ctx context.Context, b *Bot, r *request, args []string) error {
		if len(args) < 2 {
			return errUsage
		}
		users, err := parseUsers(args[1:])
		if err != nil {
			return err
		}
		a, err := b.actor(ctx, r)
		if err != nil {
			return err
		}
		f, key, sameKey := b.svc.AddMembers, "admin.members_added", "admin.were_members"
		if !add {
			f, key, sameKey = b.svc.RemoveMembers, "admin.members_removed", "admin.not_members"
		}
		changed, err := f(ctx, a, strings.ToLower(args[0]), users)
		if err != nil {
			return refusal(err, "err.forbidden.group_config")
		}
		b.say(ctx, r, changeSummary(r, key, sameKey, "`"+view.Esc(strings.ToLower(args[0]))+"`", changed, users))
		return nil
	}
}

func cmdGroupList(ctx context.Context, b *Bot, r *request, args []string) error {
	if len(args) > 0 {
		return errUsage
	}
	gs, err := b.svc.Groups(ctx)
	if err != nil {
		return err
	}
	if len(gs) == 0 {
		b.sayKey(ctx, r, "admin.no_groups")
		return nil
	}
	next, err := b.svc.NextMeetings(ctx)
	if err != nil {
		return err
	}
	var sb strings.Builder
	sb.WriteString(r.t("admin.groups_title"))
	for _, g := range gs {
		m, planned := next[g.Key]
		coord := r.t("admin.no_coordinator")
		if g.CoordinatorID != "" {
			coord = view.User(g.CoordinatorID)
		}
		sb.WriteString("\n• " + r.t("admin.group_line", view.Esc(g.Name), g.Key, view.Channel(g.ChannelID), coord, len(g.Members)) +
			" " + r.t("admin.group_next_meeting", view.NextMeeting(r.lang, m, planned, b.loc)))
	}
	b.say(ctx, r, view.Truncate(sb.String(), 3000))
	return nil
}
