package main

import (
	"strings"
	"testing"

	"github.com/os2kitos/tovholder/bot/i18n"
)

// envOf is a getenv over a map.
func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// with returns base with changes; an empty value unsets.
func with(base map[string]string, changes ...string) map[string]string {
	out := map[string]string{}
	for k, v := range base {
		out[k] = v
	}
	for i := 0; i+1 < len(changes); i += 2 {
		if changes[i+1] == "" {
			delete(out, changes[i])
		} else {
			out[changes[i]] = changes[i+1]
		}
	}
	return out
}

var httpMode = map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s3cret"}

func TestLoadConfigRefusesWithOneLineNamingTheVariable(t *testing.T) {
	cases := []struct {
		name string
		env  map[string]string
		want string // the variable the line starts with
	}{
		{"no bot token", with(httpMode, "SLACK_BOT_TOKEN", ""), "SLACK_BOT_TOKEN"},
		{"a user token", with(httpMode, "SLACK_BOT_TOKEN", "xoxp-1"), "SLACK_BOT_TOKEN"},
		{"an app token that is not one", with(httpMode, "SLACK_APP_TOKEN", "xoxb-2"), "SLACK_APP_TOKEN"},
		{"HTTP mode without a signing secret", with(httpMode, "SLACK_SIGNING_SECRET", ""), "SLACK_SIGNING_SECRET"},
		{"an admin that is not a user ID", with(httpMode, "TOVHOLDER_ADMINS", "U0ADMIN01, mette"), "TOVHOLDER_ADMINS"},
		{"an unknown time zone", with(httpMode, "TOVHOLDER_TIMEZONE", "Europe/Atlantis"), "TOVHOLDER_TIMEZONE"},
		{"a language we do not speak", with(httpMode, "TOVHOLDER_LANGUAGE", "de"), "TOVHOLDER_LANGUAGE"},
		{"a locale as the language", with(httpMode, "TOVHOLDER_LANGUAGE", "da-DK"), "TOVHOLDER_LANGUAGE"},
		{"follow locale not a boolean", with(httpMode, "TOVHOLDER_FOLLOW_LOCALE", "sometimes"), "TOVHOLDER_FOLLOW_LOCALE"},
		{"an unknown log level", with(httpMode, "LOG_LEVEL", "loud"), "LOG_LEVEL"},
		{"an unknown log format", with(httpMode, "LOG_FORMAT", "xml"), "LOG_FORMAT"},
		{"an API URL without a scheme", with(httpMode, "SLACK_API_URL", "slack.com/api"), "SLACK_API_URL"},
		{"an API URL of another scheme", with(httpMode, "SLACK_API_URL", "ftp://slack.com/api/"), "SLACK_API_URL"},
		{"an address without a port", with(httpMode, "TOVHOLDER_ADDR", "localhost"), "TOVHOLDER_ADDR"},
		{"a backup directory that cannot be made", with(httpMode, "TOVHOLDER_BACKUP_DIR", "/dev/null/backups"), "TOVHOLDER_BACKUP_DIR"},
		{"a backup schedule that is not cron", with(httpMode, "TOVHOLDER_BACKUP_SCHEDULE", "nightly"), "TOVHOLDER_BACKUP_SCHEDULE"},
		{"keeping no backups", with(httpMode, "TOVHOLDER_BACKUP_KEEP", "0"), "TOVHOLDER_BACKUP_KEEP"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := loadConfig(envOf(c.env), true)
			if err == nil {
				t.Fatal("accepted")
			}
			if msg := err.Error(); !strings.HasPrefix(msg, c.want+": ") || strings.Contains(msg, "\n") {
				t.Errorf("error %q: want one line starting with %s", msg, c.want)
			}
		})
	}
}

func TestLoadConfig(t *testing.T) {
	c, err := loadConfig(envOf(httpMode), true)
	if err != nil {
		t.Fatal(err)
	}
	if c.socketMode() || c.APIURL != "https://slack.com/api/" || c.DB != "./tovholder.db" || c.Addr != ":3000" ||
		c.Lang != i18n.English || !c.FollowLocale || c.Location.String() != "Europe/Copenhagen" ||
		c.Backup != (backupConfig{Schedule: "0 3 * * *", Keep: 14}) {
		t.Errorf("defaults: %+v", c)
	}
	c, err = loadConfig(envOf(with(httpMode, "SLACK_APP_TOKEN", "xapp-1", "SLACK_SIGNING_SECRET", "",
		"SLACK_API_URL", "https://slack-gov.com/api", "TOVHOLDER_ADMINS", " U0ADMIN01 ,W0ADMIN02,",
		"TOVHOLDER_LANGUAGE", "da", "TOVHOLDER_FOLLOW_LOCALE", "false", "TOVHOLDER_TIMEZONE", "UTC")), true)
	if err != nil {
		t.Fatal(err)
	}
	if !c.socketMode() || c.APIURL != "https://slack-gov.com/api/" || c.Lang != i18n.Danish || c.FollowLocale ||
		strings.Join(c.Admins, ",") != "U0ADMIN01,W0ADMIN02" || c.Location.String() != "UTC" {
		t.Errorf("socket mode config: %+v", c)
	}
	// migrate and backup need no Slack settings.
	if _, err := loadConfig(envOf(nil), false); err != nil {
		t.Errorf("without Slack settings, not serving: %v", err)
	}
}
