package web

import (
	"fmt"
	"strings"
)

// Lang is a language of the pages.
type Lang string

// The languages the pages speak.
const (
	English Lang = "en"
	Danish  Lang = "da"
)

// ParseLang reads "en" or "da", or a tag of one of them ("da-DK").
func ParseLang(s string) (Lang, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch {
	case s == "en" || strings.HasPrefix(s, "en-"):
		return English, true
	case s == "da" || strings.HasPrefix(s, "da-"):
		return Danish, true
	}
	return "", false
}

// Text is one entry of the pages' catalog in both languages: fmt formats taking the
// same arguments. It has the shape of the bot's catalog, so that it can move there.
type Text struct{ En, Da string }

// T is the text of key in lang, formatted with args. A missing key shows itself, so
// that a test finds it.
func T(lang Lang, key string, args ...any) string {
	m, ok := messages[key]
	if !ok {
		return "[" + key + "]"
	}
	f := m.En
	if lang == Danish {
		f = m.Da
	}
	if len(args) == 0 {
		return f
	}
	return fmt.Sprintf(f, args...)
}

// messages is every word of the pages. The domain's Danish terms are domain.md's.
var messages = map[string]Text{
	"site.name":        {"KITOS change wishes", "KITOS-ændringsønsker"},
	"site.tagline":     {"Follow the working groups' work", "Følg arbejdsgruppernes arbejde"},
	"nav.label":        {"Main", "Hovedmenu"},
	"nav.overview":     {"Overview", "Overblik"},
	"nav.wishes":       {"Wishes", "Ønsker"},
	"nav.plan":         {"Development plan", "Udviklingsplan"},
	"nav.groups":       {"Working groups", "Arbejdsgrupper"},
	"nav.decisions":    {"Decisions", "Beslutninger"},
	"nav.feed":         {"Atom feed", "Atom-feed"},
	"nav.data":         {"Open data", "Åbne data"},
	"skip":             {"Skip to content", "Spring til indhold"},
	"lang.switch":      {"Dansk", "English"},
	"lang.switch_hint": {"Læs siden på dansk", "Read this page in English"},
	"footer.about": {"Read-only pages of the KITOS user club's change wishes, kept by Tovholder. They show what every member of the user club sees in Slack.",
		"Skrivebeskyttede sider om KITOS-brugerklubbens ændringsønsker, vedligeholdt af Tovholder. De viser det, alle medlemmer af brugerklubben ser i Slack."},

	"state.submitted":      {"submitted", "indsendt"},
	"state.needs_info":     {"needs more information", "mangler oplysninger"},
	"state.minor":          {"handled by the secretariat", "håndteres af sekretariatet"},
	"state.in_assessment":  {"in assessment", "til vurdering"},
	"state.prioritised":    {"prioritised", "prioriteret"},
	"state.rejected":       {"rejected by the working group", "afvist af arbejdsgruppen"},
	"state.declined":       {"declined by the secretariat", "afvist af sekretariatet"},
	"state.specified":      {"requirements specified", "kravspecificeret"},
	"state.estimated":      {"price estimate obtained", "prisoverslag indhentet"},
	"state.recommended":    {"recommended to the steering group", "indstillet til styregruppen"},
	"state.approved":       {"approved", "godkendt"},
	"state.not_approved":   {"not approved", "ikke godkendt"},
	"state.planned":        {"in the development plan", "i udviklingsplan"},
	"state.delivered":      {"delivered", "leveret"},
	"state.withdrawn":      {"withdrawn", "trukket tilbage"},
	"state.duplicate":      {"duplicate", "dublet"},
	"size.normal":          {"normal", "normal"},
	"size.major":           {"major (larger development initiative)", "større udviklingstiltag"},
	"priority.high":        {"high", "høj"},
	"priority.medium":      {"medium", "mellem"},
	"priority.low":         {"low", "lav"},
	"financing.frame":      {"Within the development frame of the annual fee", "Inden for rammen"},
	"financing.grant":      {"Separate grant by the steering group", "Særskilt bevilling"},
	"financing.requester":  {"Paid by the municipality that asked", "Opgavestiller betaler"},
	"financing.cofinanced": {"Co-financed by several municipalities", "Samfinansiering"},

	"who.submitter":   {"the submitter", "forslagsstilleren"},
	"who.secretariat": {"the secretariat", "sekretariatet"},
	"who.steering":    {"the steering group", "styregruppen"},
	"who.consensus":   {"the working group, by consensus", "arbejdsgruppen i konsensus"},
	"who.group":       {"a member of %s", "et medlem af %s"},
	"who.group_none":  {"a working group member", "et medlem af arbejdsgruppen"},
	"who.system":      {"Tovholder, automatically", "Tovholder, automatisk"},

	"overview.title":     {"Overview", "Overblik"},
	"overview.intro":     {"Change wishes for KITOS, from submission to delivery: what the working groups assess, what the steering group decides, and what is planned.", "Ændringsønsker til KITOS fra indsendelse til levering: hvad arbejdsgrupperne vurderer, hvad styregruppen beslutter, og hvad der er planlagt."},
	"overview.cycles":    {"Development cycles", "Udviklingsrunder"},
	"overview.no_cycles": {"No development cycle is planned yet.", "Der er endnu ingen planlagte udviklingsrunder."},
	"overview.latest":    {"Latest decisions", "Seneste beslutninger"},
	"overview.none":      {"Nothing has been decided yet.", "Der er endnu ikke truffet beslutninger."},
	"overview.counts":    {"Wishes by state", "Ønsker efter status"},
	"overview.all":       {"See all %d wishes", "Se alle %d ønsker"},

	"search.label":  {"Search wishes", "Søg i ønsker"},
	"search.button": {"Search", "Søg"},

	"wishes.title":      {"Wishes", "Ønsker"},
	"wishes.filter":     {"Filter", "Filtrér"},
	"wishes.state":      {"State", "Status"},
	"wishes.group":      {"Working group", "Arbejdsgruppe"},
	"wishes.cycle":      {"Development cycle", "Udviklingsrunde"},
	"wishes.any":        {"All", "Alle"},
	"wishes.apply":      {"Show", "Vis"},
	"wishes.count":      {"%d wishes", "%d ønsker"},
	"wishes.count_one":  {"1 wish", "1 ønske"},
	"wishes.none":       {"No wish matches.", "Ingen ønsker passer."},
	"wishes.caption":    {"Wishes, newest first", "Ønsker, nyeste først"},
	"wishes.col.number": {"No.", "Nr."},
	"wishes.col.title":  {"Title", "Titel"},
	"wishes.col.state":  {"State", "Status"},
	"wishes.col.group":  {"Working group", "Arbejdsgruppe"},
	"wishes.col.date":   {"Submitted", "Indsendt"},
	"pages.label":       {"Pages", "Sider"},
	"pages.prev":        {"Newer", "Nyere"},
	"pages.next":        {"Older", "Ældre"},
	"pages.of":          {"Page %d of %d", "Side %d af %d"},

	"wish.title":       {"Wish #%d: %s", "Ønske nr. %d: %s"},
	"wish.facts":       {"Facts", "Fakta"},
	"wish.state":       {"State", "Status"},
	"wish.group":       {"Working group", "Arbejdsgruppe"},
	"wish.group_none":  {"not yet routed", "endnu ikke fordelt"},
	"wish.size":        {"Size", "Størrelse"},
	"wish.priority":    {"Priority", "Prioritet"},
	"wish.estimate":    {"Price estimate", "Prisoverslag"},
	"wish.estimate_of": {"%s kr., %s hours", "%s kr., %s timer"},
	"wish.cycle":       {"Development cycle", "Udviklingsrunde"},
	"wish.duplicate":   {"Duplicate of", "Dublet af"},
	"wish.submitted":   {"Submitted", "Indsendt"},
	"wish.submitter":   {"Submitted by", "Indsendt af"},
	"wish.purpose":     {"Purpose", "Formål"},
	"wish.value":       {"Business value", "Forretningsværdi"},
	"wish.description": {"Description", "Beskrivelse"},
	"wish.spec":        {"Requirements specification", "Kravspecifikation"},
	"wish.history":     {"History", "Historik"},
	"wish.member":      {"a member of the user club", "et medlem af brugerklubben"},

	"history.submitted": {"%s submitted the wish", "%s indsendte ønsket"},
	"history.edited":    {"%s edited the wish", "%s redigerede ønsket"},
	"history.moved":     {"%s: %s", "%s: %s"},
	"history.poll":      {"%s started a consensus poll: %s", "%s startede en konsensusafstemning: %s"},
	"history.closed":    {"The consensus poll closed: %s", "Konsensusafstemningen er lukket: %s"},
	"history.estimate":  {"%s recorded a price estimate: %s", "%s registrerede et prisoverslag: %s"},
	"history.left":      {"The wish left the initiative \"%s\"", "Ønsket udgik af udviklingstiltaget \"%s\""},
	"history.why":       {"Note", "Bemærkning"},
	"poll.prioritise":   {"prioritise (%s)", "prioritér (%s)"},
	"poll.reject":       {"reject", "afvis"},
	"poll.consensus":    {"consensus", "konsensus"},
	"poll.no_consensus": {"no consensus", "ingen konsensus"},
	"poll.withdrawn":    {"the wish was withdrawn", "ønsket blev trukket tilbage"},
	"poll.tally":        {"%d agree, %d stand aside, %d object, of %d members", "%d enige, %d afstår, %d gør indsigelse, ud af %d medlemmer"},

	"plan.title":        {"Development plan", "Udviklingsplan"},
	"plan.cycle_title":  {"Development cycle %s", "Udviklingsrunde %s"},
	"plan.expected":     {"Expected %s", "Forventet %s"},
	"plan.delivered_at": {"Delivered %s", "Leveret %s"},
	"plan.empty":        {"No wish is planned in this cycle yet.", "Der er endnu ingen ønsker i denne runde."},
	"plan.count":        {"Wishes: %d, delivered: %d", "Ønsker: %d, leveret: %d"},
	"plan.caption":      {"Wishes in development cycle %s", "Ønsker i udviklingsrunde %s"},
	"plan.done":         {"Delivered", "Leveret"},
	"plan.not_done":     {"Not yet delivered", "Endnu ikke leveret"},

	"groups.title":       {"Working groups", "Arbejdsgrupper"},
	"groups.none":        {"No working group is set up yet.", "Der er endnu ingen arbejdsgrupper."},
	"group.title":        {"Working group %s", "Arbejdsgruppen %s"},
	"group.coordinator":  {"Coordinator", "Tovholder"},
	"group.has_coord":    {"a member of the group", "et medlem af gruppen"},
	"group.vacant":       {"vacant: the secretariat convenes the group", "ledig: sekretariatet indkalder gruppen"},
	"group.members":      {"Members", "Medlemmer"},
	"group.queue":        {"Queue", "Kø"},
	"group.queue_none":   {"Nothing awaits the group.", "Intet venter på gruppen."},
	"group.decisions":    {"The group's decisions", "Gruppens beslutninger"},
	"group.no_decisions": {"The group has not decided on a wish yet.", "Gruppen har endnu ikke besluttet noget om et ønske."},
	"group.feed":         {"Atom feed of the group", "Atom-feed for gruppen"},
	"group.wishes":       {"All the group's wishes", "Alle gruppens ønsker"},

	"decisions.title":     {"The steering group's decisions", "Styregruppens beslutninger"},
	"decisions.none":      {"The steering group has not decided on an initiative yet.", "Styregruppen har endnu ikke besluttet noget om et udviklingstiltag."},
	"decisions.caption":   {"Decisions, newest first", "Beslutninger, nyeste først"},
	"decisions.col.date":  {"Date", "Dato"},
	"decisions.col.what":  {"Initiative", "Udviklingstiltag"},
	"decisions.col.out":   {"Decision", "Beslutning"},
	"decisions.col.money": {"Financing", "Finansiering"},
	"decisions.col.est":   {"Estimate", "Prisoverslag"},
	"decisions.approved":  {"approved", "godkendt"},
	"decisions.declined":  {"not approved", "ikke godkendt"},
	"decisions.revised":   {"revised since: %s kr.", "revideret siden: %s kr."},

	"feed.title":       {"KITOS change wishes: announcements", "KITOS-ændringsønsker: meddelelser"},
	"feed.group_title": {"KITOS change wishes: %s", "KITOS-ændringsønsker: %s"},
	"feed.entry":       {"#%d %s: %s", "nr. %d %s: %s"},

	"data.title": {"Open data", "Åbne data"},

	"err.404.title": {"Not found", "Ikke fundet"},
	"err.404.text":  {"There is no such page: the wish, working group or development cycle may not exist.", "Siden findes ikke: ønsket, arbejdsgruppen eller udviklingsrunden findes måske ikke."},
	"err.400.title": {"Bad request", "Ugyldig forespørgsel"},
	"err.400.text":  {"The address is not one these pages understand: check the number, the page or the filter.", "Adressen er ikke en, siderne forstår: tjek nummeret, siden eller filteret."},
	"err.500.title": {"Something went wrong", "Noget gik galt"},
	"err.500.text":  {"The page could not be shown. Try again in a moment.", "Siden kunne ikke vises. Prøv igen om lidt."},
	"err.back":      {"Go to the overview", "Gå til overblikket"},
}
