package main

import (
	"fmt"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/os2kitos/tovholder/bot"
	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/workflow"
)

// config is everything read from the environment at start.
type config struct {
	BotToken      string
	AppToken      string
	SigningSecret string
	APIURL        string
	DB            string
	Addr          string
	Admins        []string
	Location      *time.Location
	Lang          i18n.Lang
	FollowLocale  bool
	LogLevel      zerolog.Level
	LogFormat     string // json, console, or "" for console on a terminal
	// OutboxRetention is how long delivered notices are kept (TOVHOLDER_OUTBOX_RETENTION).
	OutboxRetention time.Duration
	Backup          backupConfig
	// Web serves the public pages (TOVHOLDER_WEB); PublicURL is their public base URL
	// (TOVHOLDER_PUBLIC_URL); WebNames shows people by name there (TOVHOLDER_WEB_NAMES).
	Web       bool
	PublicURL string
	WebNames  bool
}

// backupConfig is the scheduled backup; Dir "" turns it off.
type backupConfig struct {
	Dir      string
	Schedule string
	Keep     int
}

// configError names the setting that stops the bot, in one line.
type configError struct{ name, problem string }

func (e configError) Error() string { return e.name + ": " + e.problem }

// loadConfig reads the configuration; forServe also requires what serve needs.
func loadConfig(getenv func(string) string, forServe bool) (config, error) {
	c := config{
		BotToken: getenv("SLACK_BOT_TOKEN"), AppToken: getenv("SLACK_APP_TOKEN"),
		SigningSecret: getenv("SLACK_SIGNING_SECRET"),
		APIURL:        bot.APIURL(getenv("SLACK_API_URL")),
		DB:            or(getenv("TOVHOLDER_DB"), "./tovholder.db"),
		Addr:          or(getenv("TOVHOLDER_ADDR"), ":3000"),
		LogFormat:     strings.ToLower(getenv("LOG_FORMAT")),
	}
	var err error
	steps := []func() error{
		func() error { return c.parseAdmins(getenv("TOVHOLDER_ADMINS")) },
		func() error { return c.parseZone(or(getenv("TOVHOLDER_TIMEZONE"), "Europe/Copenhagen")) },
		func() error { return c.parseLang(or(getenv("TOVHOLDER_LANGUAGE"), "en")) },
		func() error { return c.parseFollow(getenv("TOVHOLDER_FOLLOW_LOCALE")) },
		func() error { return c.parseLog(getenv("LOG_LEVEL")) },
		func() error { return c.parseRetention(getenv("TOVHOLDER_OUTBOX_RETENTION")) },
		func() error {
			return c.parseWeb(getenv("TOVHOLDER_WEB"), getenv("TOVHOLDER_PUBLIC_URL"), getenv("TOVHOLDER_WEB_NAMES"))
		},
		func() error { return c.checkAPIURL() },
		func() error { return c.checkAddr() },
		func() error {
			return c.parseBackup(getenv("TOVHOLDER_BACKUP_DIR"), getenv("TOVHOLDER_BACKUP_SCHEDULE"), getenv("TOVHOLDER_BACKUP_KEEP"))
		},
	}
	if forServe {
		steps = append(steps, c.checkSlack, c.checkBackupDir)
	}
	for _, step := range steps {
		if err = step(); err != nil {
			return c, err
		}
	}
	return c, nil
}

func or(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return strings.TrimSpace(s)
}

func (c *config) parseAdmins(s string) error {
	for _, a := range strings.Split(s, ",") {
		a = strings.TrimSpace(a)
		if a == "" {
			continue
		}
		if !validUserID(a) {
			return configError{"TOVHOLDER_ADMINS", fmt.Sprintf("%q is not a Slack user ID (like U012AB3CD)", a)}
		}
		c.Admins = append(c.Admins, a)
	}
	return nil
}

func validUserID(s string) bool {
	if len(s) < 2 || (s[0] != 'U' && s[0] != 'W') {
		return false
	}
	for _, r := range s[1:] {
		if (r < 'A' || r > 'Z') && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}

func (c *config) parseZone(s string) error {
	loc, err := time.LoadLocation(s)
	if err != nil {
		return configError{"TOVHOLDER_TIMEZONE", fmt.Sprintf("%q is not an IANA time zone (like Europe/Copenhagen)", s)}
	}
	c.Location = loc
	return nil
}

func (c *config) parseLang(s string) error {
	l, ok := i18n.ParseLang(s)
	if !ok || (s != "en" && s != "da") {
		return configError{"TOVHOLDER_LANGUAGE", fmt.Sprintf("%q is not a language Tovholder speaks: use en or da", s)}
	}
	c.Lang = l
	return nil
}

func (c *config) parseFollow(s string) error {
	if s == "" {
		c.FollowLocale = true
		return nil
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		return configError{"TOVHOLDER_FOLLOW_LOCALE", fmt.Sprintf("%q is not true or false", s)}
	}
	c.FollowLocale = b
	return nil
}

func (c *config) parseLog(s string) error {
	c.LogLevel = zerolog.InfoLevel
	if s != "" {
		l, err := zerolog.ParseLevel(strings.ToLower(s))
		if err != nil {
			return configError{"LOG_LEVEL", fmt.Sprintf("%q is not a level: use debug, info, warn or error", s)}
		}
		c.LogLevel = l
	}
	switch c.LogFormat {
	case "", "json", "console":
	default:
		return configError{"LOG_FORMAT", fmt.Sprintf("%q is not a format: use json or console", c.LogFormat)}
	}
	return nil
}

func (c *config) parseWeb(on, publicURL, names string) error {
	switch strings.ToLower(strings.TrimSpace(on)) {
	case "", "on", "true":
		c.Web = true
	case "off", "false":
	default:
		return configError{"TOVHOLDER_WEB", fmt.Sprintf("%q is not on or off", on)}
	}
	if publicURL = strings.TrimSpace(publicURL); publicURL != "" {
		u, err := url.Parse(publicURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
			return configError{"TOVHOLDER_PUBLIC_URL", fmt.Sprintf("%q is not an http(s) URL like https://tovholder.example.dk", publicURL)}
		}
		c.PublicURL = strings.TrimRight(publicURL, "/")
	}
	if names != "" {
		b, err := strconv.ParseBool(names)
		if err != nil {
			return configError{"TOVHOLDER_WEB_NAMES", fmt.Sprintf("%q is not true or false", names)}
		}
		c.WebNames = b
	}
	return nil
}

func (c *config) checkAPIURL() error {
	u, err := url.Parse(c.APIURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return configError{"SLACK_API_URL", fmt.Sprintf("%q is not an http(s) URL like https://slack.com/api/", c.APIURL)}
	}
	return nil
}

func (c *config) checkAddr() error {
	if _, port, err := net.SplitHostPort(c.Addr); err != nil || port == "" {
		return configError{"TOVHOLDER_ADDR", fmt.Sprintf("%q is not a listen address like :3000 or 127.0.0.1:3000", c.Addr)}
	}
	return nil
}

func (c *config) checkSlack() error {
	switch {
	case c.BotToken == "":
		return configError{"SLACK_BOT_TOKEN", "is required: the bot token (xoxb-…) from the app's OAuth & Permissions page"}
	case !strings.HasPrefix(c.BotToken, "xoxb-"):
		return configError{"SLACK_BOT_TOKEN", "must be a bot token starting with xoxb-"}
	case c.AppToken != "" && !strings.HasPrefix(c.AppToken, "xapp-"):
		return configError{"SLACK_APP_TOKEN", "must be an app-level token starting with xapp- (or unset for HTTP mode)"}
	case c.AppToken == "" && c.SigningSecret == "":
		return configError{"SLACK_SIGNING_SECRET", "is required in HTTP mode (no SLACK_APP_TOKEN): the app's signing secret"}
	}
	return nil
}

// socketMode reports whether the bot connects over Socket Mode.
func (c config) socketMode() bool { return c.AppToken != "" }

// parseBackup reads the scheduled backup's settings: a directory that exists, a cron
// expression (default 03:00 every day) and how many backups to keep (default 14).
func (c *config) parseBackup(dir, schedule, keep string) error {
	c.Backup = backupConfig{Dir: strings.TrimSpace(dir), Schedule: or(schedule, "0 3 * * *"), Keep: 14}
	if _, err := workflow.ParseSchedule(c.Backup.Schedule); err != nil {
		return configError{"TOVHOLDER_BACKUP_SCHEDULE", fmt.Sprintf("%q is not a cron expression like 0 3 * * *: %v", c.Backup.Schedule, err)}
	}
	if strings.TrimSpace(keep) != "" {
		n, err := strconv.Atoi(strings.TrimSpace(keep))
		if err != nil || n < 1 {
			return configError{"TOVHOLDER_BACKUP_KEEP", fmt.Sprintf("%q is not a number of backups (1 or more)", keep)}
		}
		c.Backup.Keep = n
	}
	return nil
}

// checkBackupDir creates the backup directory when it is missing (a volume from an
// older release lacks it), and refuses to serve when that fails: the first backup
// would fail hours after the start.
func (c *config) checkBackupDir() error {
	if c.Backup.Dir == "" {
		return nil
	}
	if err := os.MkdirAll(c.Backup.Dir, 0o700); err != nil {
		return configError{"TOVHOLDER_BACKUP_DIR", fmt.Sprintf("%q is not a directory the bot can create or write: %v", c.Backup.Dir, err)}
	}
	return nil
}
