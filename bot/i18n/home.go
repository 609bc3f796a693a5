package i18n

// homeMessages are the words of the Home tab.
var homeMessages = Messages{
	"home.title":     {"Tovholder", "Tovholder"},
	"home.intro":     {"Submit change wishes to KITOS and follow how the working groups, the secretariat and the steering group decide on them.", "Indsend ændringsønsker til KITOS, og følg hvordan arbejdsgrupperne, sekretariatet og styregruppen beslutter dem."},
	"home.submit":    {"Submit a wish", "Indsend et ønske"},
	"home.mine":      {"Your wishes (%d)", "Dine ønsker (%d)"},
	"home.mine_none": {"You have not submitted any wishes yet.", "Du har endnu ikke indsendt nogen ønsker."},
	"home.more":      {"%d more: `%s`", "%d flere: `%s`"},
	"home.truncated": {"There is more than fits here; the commands in `/wish help` list the rest.", "Der er mere, end der er plads til her; kommandoerne i `/wish help` viser resten."},
}
