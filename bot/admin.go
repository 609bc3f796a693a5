package bot

import (
	"context"
	"slices"
	"strings"

	"github.com/os2kitos/tovholder/workflow"
)

// adminCommands configure the bot: places, roles and working groups.
var adminCommands = []Command{
	{Slash: "/tovholder", Name: "help", Help: "help.tovholder.help", Example: "/tovholder help"}, // Run nil: the router's help
	{Slash: "/tovholder", Name: "channel", Args: "usage.channel", Help: "help.channel",
		Example: "/tovholder channel secretariat #kitos-sekretariat", Run: cmdChannel},
	{Slash: "/tovholder", Name: "role add", Args: "usage.role", Help: "help.role_add",
		Example: "/tovholder role add secretariat @Mette", Run: cmdRole(true)},
	{Slash: "/tovholder", Name: "role remove", Args: "usage.role", Help: "help.role_remove",
		Example: "/tovholder role remove steering @Jens", Run: cmdRole(false)},
	{Slash: "/tovholder", Name: "role list", Help: "help.role_list", Example: "/tovholder role list", Run: cmdRoleList},
	{Slash: "/tovholder", Name: "group create", Args: "usage.group_create", Help: "help.group_create",
		Example: "/tovholder group create kontrakt #kitos-kontrakt IT-kontrakter", Run: cmdGroupCreate},
	{Slash: "/tovholder", Name: "group coordinator", Args: "usage.group_coordinator", Help: "help.group_coordinator",
		Example: "/tovholder group coordinator kontrakt @Søren", Run: cmdGroupCoordinator},
	{Slash: "/tovholder", Name: "group member add", Args: "usage.group_member", Help: "help.group_member_add",
		Example: "/tovholder group member add kontrakt @Anna @Lars", Run: cmdGroupMembers(true)},
	{Slash: "/tovholder", Name: "group member remove", Args: "usage.group_member", Help: "help.group_member_remove",
		Example: "/tovholder group member remove kontrakt @Lars", Run: cmdGroupMembers(false)},
	{Slash: "/tovholder", Name: "group list", Help: "help.group_list", Example: "/tovholder group list", Run: cmdGroupList},
}

func cmdChannel(ctx context.Context, b *Bot, r *request, args []string) error {
	if len(args) != 2 {
		return errUsage
	}
	place := workflow.Place(strings.ToLower(args[0]))
	ch, ok := parseChannel(args[1])
	if !ok || !validPlace(place) {
		return errUsage
	}
	a, err := b.actor(ctx, r)
	if err != nil {
		return err
	}
	if err := b.svc.SetPlace(ctx, a, place, ch); err != nil {
		return refusal(err, "err.forbidden.admin_config")
	}
	b.sayKey(ctx, r, "admin.channel_set", r.t("place."+string(place)), channel(ch))
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

func validPlace(p workflow.Place) bool {
	for _, q := range workflow.Places {
		if p == q {
			return true
		}
	}
	return false
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
		f, key := b.svc.Grant, "admin.role_added"
		if !grant {
			f, key = b.svc.Revoke, "admin.role_removed"
		}
		changed, err := f(ctx, a, role, users)
		if err != nil {
			return refusal(err, "err.forbidden.admin_config")
		}
		b.say(ctx, r, changeSummary(r, key, r.t("role."+string(role)), changed, users))
		return nil
	}
}

// changeSummary says who changed and who was as asked already.
func changeSummary(r *request, key, what string, changed, asked []string) string {
	s := r.t(key, what, mentions(changed))
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
		s += "\n" + r.t("admin.unchanged", mentions(same))
	}
	return s
}

func mentions(users []string) string {
	out := make([]string, len(users))
	for i, u := range users {
		out[i] = user(u)
	}
	return strings.Join(out, ", ")
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
		who := mentions(holders[role])
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
	b.sayKey(ctx, r, "admin.group_created", esc(g.Name), g.Key, channel(g.ChannelID), g.Key)
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
		b.sayKey(ctx, r, "admin.coordinator_none", esc(args[0]))
	} else {
		b.sayKey(ctx, r, "admin.coordinator_set", user(u), esc(args[0]))
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
		f, key := b.svc.AddMembers, "admin.members_added"
		if !add {
			f, key = b.svc.RemoveMembers, "admin.members_removed"
		}
		changed, err := f(ctx, a, strings.ToLower(args[0]), users)
		if err != nil {
			return refusal(err, "err.forbidden.group_config")
		}
		b.say(ctx, r, changeSummary(r, key, "`"+esc(strings.ToLower(args[0]))+"`", changed, users))
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
		coord := r.t("admin.no_coordinator")
		if g.CoordinatorID != "" {
			coord = user(g.CoordinatorID)
		}
		sb.WriteString("\n• " + r.t("admin.group_line", esc(g.Name), g.Key, channel(g.ChannelID), coord, len(g.Members)) +
			" " + r.t("admin.group_next_meeting", b.nextMeetingText(r.lang, next, g.Key)))
	}
	b.say(ctx, r, truncate(sb.String(), 3000))
	return nil
}
