package main

import (
	"fmt"

	"github.com/os2kitos/tovholder/bot/i18n"
)

// consoleText is the console's own wording, in English and Danish; what the bot
// says comes from the bot's catalog.
var consoleText = map[string][2]string{
	"banner": {
		"Tovholder console: the real bot against a built-in Slack. Type help for the commands.",
		"Tovholder-konsol: den rigtige bot mod et indbygget Slack. Skriv help for kommandoerne."},
	"banner.db":     {"Database: %s", "Database: %s"},
	"banner.web":    {"Web pages: %s (open in a browser)", "Websider: %s (åbn i en browser)"},
	"banner.tempdb": {"Database: %s (temporary)", "Database: %s (midlertidig)"},
	"banner.copydb": {"Database: a temporary copy of %s (%s): the console never runs on a database it did not create, so the file is left as it was.",
		"Database: en midlertidig kopi af %s (%s): konsollen kører aldrig på en database, den ikke selv har oprettet, så filen er urørt."},
	"banner.log":   {"Bot log: %s (removed when you quit)", "Botlog: %s (slettes, når du afslutter)"},
	"banner.clock": {"Bot clock: %s; it stands still until you move it with time.", "Bottens ur: %s; det står stille, til du flytter det med time."},
	"banner.resumed": {"The database's latest record is later than today, so the clock starts just after it; --at \"2027-03-01 09:00\" starts it elsewhere.",
		"Databasens seneste registrering ligger efter i dag, så uret starter lige efter den; --at \"2027-03-01 09:00\" starter det et andet sted."},
	"banner.demo":    {"Demo workspace: /users and /channels list who and where.", "Demo-arbejdsrum: /users og /channels viser hvem og hvor."},
	"banner.empty":   {"Empty workspace: configure Tovholder as admin (/tovholder help).", "Tomt arbejdsrum: sæt Tovholder op som admin (/tovholder help)."},
	"hdr.dm":         {"DM to @%s", "DM til @%s"},
	"hdr.thread":     {"thread: %s", "tråd: %s"},
	"hdr.only_you":   {"only visible to you", "kun synlig for dig"},
	"hdr.only":       {"only visible to @%s", "kun synlig for @%s"},
	"hdr.updated":    {"updated", "opdateret"},
	"hdr.deleted":    {"deleted", "slettet"},
	"hdr.home":       {"Home of @%s", "Hjem for @%s"},
	"hdr.history":    {"Latest in #%s:", "Seneste i #%s:"},
	"history.none":   {"No messages in #%s yet.", "Ingen beskeder i #%s endnu."},
	"home.none":      {"The bot published no Home for @%s.", "Botten har ikke udgivet et Hjem for @%s."},
	"clock":          {"Bot clock: %s", "Bottens ur: %s"},
	"err.unknown":    {"Unknown command %q; type help.", "Ukendt kommando %q; skriv help."},
	"err.user":       {"No one called %q; /users lists them.", "Ingen hedder %q; /users viser dem."},
	"err.channel":    {"No channel %q; /channels lists them.", "Ingen kanal %q; /channels viser dem."},
	"err.button":     {"No button %q; the numbers are in brackets, like [3 Follow].", "Ingen knap %q; numrene står i klammer, som [3 Følg]."},
	"err.not_yours":  {"That is only visible to @%s; use: as %s", "Den er kun synlig for @%s; brug: as %s"},
	"err.select":     {"Button %d is a select: select %d <option>", "Knap %d er en liste: select %d <valg>"},
	"err.not_select": {"%d is not a select; use click %d.", "%d er ikke en liste; brug click %d."},
	"err.time":       {"Say time +2d, time +3h, time +1w or time 2027-03-30 09:00.", "Skriv time +2d, time +3h, time +1w eller time 2027-03-30 09:00."},
	"err.message":    {"No message %q here; shortcut <n> counts back from the latest (1 to %d).", "Ingen besked %q her; shortcut <n> tæller tilbage fra den seneste (1 til %d)."},
	"err.say":        {"Say what: say <text>", "Skriv hvad: say <tekst>"},
	"err.past":       {"The bot's clock only moves forward; it is %s.", "Bottens ur går kun fremad; det er %s."},
	"err.slack":      {"Slack refused: %v", "Slack afviste: %v"},
	"warn.violation": {"⚠ Slack would refuse what the bot sent (%s): %s", "⚠ Slack ville afvise det, botten sendte (%s): %s"},
	"form.submit":    {"→ submitted", "→ sendt"},
	"form.cancel":    {"→ closed", "→ lukket"},
	"form.help":      {"(Enter keeps the [value]; \\n is a new line; cancel closes the form)", "(Enter beholder [værdien]; \\n er ny linje; cancel lukker formularen)"},
	"form.options":   {"options: %s", "valg: %s"},
	"form.optional":  {"optional", "valgfri"},
	"form.no_option": {"%q is not one of the options", "%q er ikke et af valgene"},
	"form.required":  {"this must be filled in", "dette skal udfyldes"},
	"form.date":      {"YYYY-MM-DD", "ÅÅÅÅ-MM-DD"},
	"form.time":      {"HH:MM", "TT:MM"},
	"form.mentions":  {"@name picks a person; \\n starts a new line", "@navn vælger en person; \\n giver en ny linje"},
	"form.many":      {"comma-separated", "adskilt med komma"},
	"form.bad":       {"  ✗ %s", "  ✗ %s"},
	"who.admin":      {"admin (TOVHOLDER_ADMINS)", "admin (TOVHOLDER_ADMINS)"},
	"who.coord":      {"coordinator of %s", "tovholder for %s"},
	"who.member":     {"member of %s", "medlem af %s"},
	"who.userclub":   {"member of the user club", "medlem af brugerklubben"},
	"where.group":    {"working group %s (%s)", "arbejdsgruppe %s (%s)"},
	"where.place":    {"the %s's channel", "kanal for %s"},
	"help": {`Commands:
  as <user>              act as someone (as mette, as @per)
  in <#channel>          act in a channel (in #kitos-sekretariat); in dm for your DM with the bot
  /<command> …           send a slash command from there: /wish …, /tovholder …
  click <n>              click button n as yourself (on messages, private answers and Home)
  select <n> <option>    pick an option of select n
  home                   open your App Home
  history                show the latest messages in this channel
  say <text>             post a message here as yourself
  shortcut               the New wish shortcut; shortcut <n>: Turn into a wish on the n-th latest message here
  time                   show the bot's clock; time +2d, +3h, +1w or 2027-03-30 09:00 moves it
                         and runs what the scheduler would have run (deadlines, digests, reminders)
  /users, /channels      list the people and channels of the workspace
  help, quit
Try: /wish help, /tovholder help`,
		`Kommandoer:
  as <bruger>            handl som en anden (as mette, as @per)
  in <#kanal>            handl i en kanal (in #kitos-sekretariat); in dm for din DM med botten
  /<kommando> …          send en skråstregskommando derfra: /wish …, /tovholder …
  click <n>              klik på knap n som dig selv (på beskeder, private svar og Hjem)
  select <n> <valg>      vælg i liste n
  home                   åbn dit App-Hjem
  history                vis de seneste beskeder i kanalen
  say <tekst>            skriv en besked her som dig selv
  shortcut               genvejen Nyt ønske; shortcut <n>: Gør til et ønske på den n-te seneste besked her
  time                   vis bottens ur; time +2d, +3h, +1w eller 2027-03-30 09:00 flytter det
                         og kører det, planlæggeren ville have kørt (frister, oversigter, påmindelser)
  /users, /channels      vis arbejdsrummets personer og kanaler
  help, quit
Prøv: /wish help, /tovholder help`},
}

// say is the console's wording for key in lang.
func say(lang i18n.Lang, key string, args ...any) string {
	t, ok := consoleText[key]
	if !ok {
		return key
	}
	f := t[0]
	if lang == i18n.Danish {
		f = t[1]
	}
	if len(args) == 0 {
		return f
	}
	return fmt.Sprintf(f, args...)
}
