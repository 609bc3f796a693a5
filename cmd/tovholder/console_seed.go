package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/bot/slackemu"
	"github.com/os2kitos/tovholder/workflow"
)

// The demo workspace's admin: the one user in TOVHOLDER_ADMINS.
const demoAdmin = "U0ADMIN01"

// demoPeople are the people of the demo workspace, admin first.
var demoPeople = []slackemu.User{
	{ID: demoAdmin, Name: "admin", RealName: "Ida Berg"},
	{ID: "U0METTE01", Name: "mette", RealName: "Mette Sørensen"},
	{ID: "U0SOREN01", Name: "soren", RealName: "Søren Jensen"},
	{ID: "U0ANNA001", Name: "anna", RealName: "Anna Holm"},
	{ID: "U0LARS001", Name: "lars", RealName: "Lars Nielsen"},
	{ID: "U0KIRST01", Name: "kirsten", RealName: "Kirsten Dahl"},
	{ID: "U0JENS001", Name: "jens", RealName: "Jens Madsen"},
	{ID: "U0PER0001", Name: "per", RealName: "Per Hansen"},
}

// demoChannels are the channels of the demo workspace; everyone is in all of them.
var demoChannels = []slackemu.Channel{
	{ID: "C0SEKR001", Name: "kitos-sekretariat"},
	{ID: "C0STYR001", Name: "kitos-styregruppe"},
	{ID: "C0BRUG001", Name: "brugerklubben"},
	{ID: "C0KONT001", Name: "kitos-kontrakt"},
	{ID: "C0SYST001", Name: "kitos-systemer"},
}

// demoSetup configures Tovholder the way an admin would, with its own commands.
var demoSetup = []string{
	"/tovholder channel secretariat #kitos-sekretariat",
	"/tovholder channel steering #kitos-styregruppe",
	"/tovholder channel userclub #brugerklubben",
	"/tovholder role add secretariat @mette",
	"/tovholder role add steering @jens",
	"/tovholder group create kontrakt #kitos-kontrakt IT-kontrakter",
	"/tovholder group coordinator kontrakt @soren",
	"/tovholder group member add kontrakt @anna @lars",
	"/tovholder group create systemer #kitos-systemer IT-systemer",
	"/tovholder group member add systemer @kirsten",
}

// addDemoWorkspace adds the people and channels. Their Slack locale follows the
// workspace's language, so private answers and DMs come in it too.
func addDemoWorkspace(emu *slackemu.Server, lang i18n.Lang) {
	locale := "en-US"
	if lang == i18n.Danish {
		locale = "da-DK"
	}
	ids := make([]string, 0, len(demoPeople))
	for _, u := range demoPeople {
		u.Locale, u.TZ = locale, "Europe/Copenhagen"
		emu.AddUser(u)
		ids = append(ids, u.ID)
	}
	for _, c := range demoChannels {
		c.Members = ids
		emu.AddChannel(c)
	}
}

// seed sends demoSetup as the admin from the secretariat's channel, then checks that
// the configuration took, so a broken command stops the console with its answer.
func (c *client) seed(ctx context.Context) error {
	for _, cmd := range demoSetup {
		if err := c.slash(ctx, demoAdmin, demoChannels[0].ID, cmd); err != nil {
			return fmt.Errorf("demo setup %q: %w", cmd, err)
		}
		_ = c.changes.take() // the admin's confirmations

	}
	groups, err := c.s.app.svc.Groups(ctx)
	if err != nil {
		return err
	}
	roles, err := c.s.app.svc.RoleHolders(ctx)
	if err != nil {
		return err
	}
	if len(groups) != 2 || len(roles[workflow.RoleSecretariat]) != 1 || len(roles[workflow.RoleSteering]) != 1 {
		var last []string
		for _, m := range c.s.emu.Ephemerals(demoAdmin) {
			last = append(last, slackemu.RenderMessage(m))
		}
		return fmt.Errorf("the demo setup did not take; the bot answered:\n%s", strings.Join(last, "\n"))
	}
	return nil
}
