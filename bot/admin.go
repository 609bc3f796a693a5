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
	var sb strings.Builder
	sb.WriteString(r.t("admin.groups_title"))
	for _, g := range gs {
		coord := r.t("admin.no_coordinator")
		if g.CoordinatorID != "" {
			coord = user(g.CoordinatorID)
		}
		sb.WriteString("\n• " + r.t("admin.group_line", esc(g.Name), g.Key, channel(g.ChannelID), coord, len(g.Members)))
	}
	b.say(ctx, r, truncate(sb.String(), 3000))
	return nil
}

var adminMessages = Messages{
	"help.title.tovholder":       {"*Tovholder setup* (admins configure channels and roles; admins and the secretariat configure working groups):", "*Opsætning af Tovholder* (administratorer sætter kanaler og roller op; administratorer og sekretariatet sætter arbejdsgrupper op):"},
	"help.example":               {"Example: `%s`", "Eksempel: `%s`"},
	"usage.wrong":                {"That is not quite right. Use: `%s`", "Det er ikke helt rigtigt. Brug: `%s`"},
	"usage.unknown_sub":          {"I do not know the subcommand `%s`.", "Underkommandoen `%s` kender jeg ikke."},
	"help.tovholder.help":        {"show this help", "vis denne hjælp"},
	"usage.channel":              {"secretariat|steering|userclub #channel", "secretariat|steering|userclub #kanal"},
	"help.channel":               {"set the channel of the secretariat, the steering group or the user club", "sæt kanalen for sekretariatet, styregruppen eller brugerklubben"},
	"usage.role":                 {"admin|secretariat|steering @user [@user …]", "admin|secretariat|steering @bruger [@bruger …]"},
	"help.role_add":              {"give people a role", "giv personer en rolle"},
	"help.role_remove":           {"take a role from people", "fjern en rolle fra personer"},
	"help.role_list":             {"list who holds which role", "vis, hvem der har hvilken rolle"},
	"usage.group_create":         {"<key> #channel <name…>", "<nøgle> #kanal <navn…>"},
	"help.group_create":          {"create a working group with its channel", "opret en arbejdsgruppe med dens kanal"},
	"usage.group_coordinator":    {"<key> @user|none", "<nøgle> @bruger|none"},
	"help.group_coordinator":     {"set the group's coordinator, or none (then the secretariat convenes it)", "sæt gruppens tovholder, eller none (så indkalder sekretariatet)"},
	"usage.group_member":         {"<key> @user [@user …]", "<nøgle> @bruger [@bruger …]"},
	"help.group_member_add":      {"add members to a working group", "tilføj medlemmer til en arbejdsgruppe"},
	"help.group_member_remove":   {"remove members from a working group", "fjern medlemmer fra en arbejdsgruppe"},
	"help.group_list":            {"list the working groups", "vis arbejdsgrupperne"},
	"admin.channel_set":          {":white_check_mark: The %s channel is now %s.", ":white_check_mark: Kanalen for %s er nu %s."},
	"admin.role_added":           {":white_check_mark: Role *%s* given to %s.", ":white_check_mark: Rollen *%s* er givet til %s."},
	"admin.role_removed":         {":white_check_mark: Role *%s* taken from %s.", ":white_check_mark: Rollen *%s* er fjernet fra %s."},
	"admin.nothing_changed":      {"Nothing changed.", "Intet er ændret."},
	"admin.unchanged":            {"Already so: %s.", "Var allerede sådan: %s."},
	"admin.roles_title":          {"*Roles in Tovholder*", "*Roller i Tovholder*"},
	"admin.nobody":               {"nobody yet", "ingen endnu"},
	"admin.group_created":        {":white_check_mark: Working group *%s* (`%s`) created in %s. Add members with `/tovholder group member add %s @user`.", ":white_check_mark: Arbejdsgruppen *%s* (`%s`) er oprettet i %s. Tilføj medlemmer med `/tovholder group member add %s @bruger`."},
	"admin.coordinator_set":      {":white_check_mark: %s is now the coordinator of `%s`.", ":white_check_mark: %s er nu tovholder for `%s`."},
	"admin.coordinator_none":     {":white_check_mark: `%s` has no coordinator now; the secretariat convenes it.", ":white_check_mark: `%s` har nu ingen tovholder; sekretariatet indkalder gruppen."},
	"admin.members_added":        {":white_check_mark: Added to %s: %s.", ":white_check_mark: Tilføjet til %s: %s."},
	"admin.members_removed":      {":white_check_mark: Removed from %s: %s.", ":white_check_mark: Fjernet fra %s: %s."},
	"admin.no_groups":            {"There are no working groups yet. Create one with `/tovholder group create kontrakt #kitos-kontrakt IT-kontrakter`.", "Der er endnu ingen arbejdsgrupper. Opret en med `/tovholder group create kontrakt #kitos-kontrakt IT-kontrakter`."},
	"admin.groups_title":         {"*Working groups*", "*Arbejdsgrupper*"},
	"admin.no_coordinator":       {"none (the secretariat convenes the group)", "ingen (sekretariatet indkalder gruppen)"},
	"err.forbidden.admin_config": {"Sorry, only an admin of Tovholder can set channels and roles. `/tovholder role list` shows who the admins are.", "Beklager, kun en administrator af Tovholder kan sætte kanaler og roller op. `/tovholder role list` viser, hvem administratorerne er."},
	"err.forbidden.group_config": {"Sorry, only an admin of Tovholder or the secretariat can set up working groups. `/tovholder role list` shows who they are.", "Beklager, kun en administrator af Tovholder eller sekretariatet kan sætte arbejdsgrupper op. `/tovholder role list` viser, hvem de er."},
	"admin.group_line":           {"*%s* (`%s`) in %s, coordinator: %s, members: %d", "*%s* (`%s`) i %s, tovholder: %s, medlemmer: %d"},
}
