package workflow

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Organisation is a municipality (kommune) or another organisation a member of the
// user club belongs to. Support is counted by it (domain.md, "Support").
type Organisation struct {
	Key   string // stable, e.g. "aarhus"
	Name  string // e.g. "Aarhus"
	Group string // one of OrgGroups: a region, or OrgOther
}

// The groups of the organisation list: Denmark's five regions and the rest.
const (
	OrgHovedstaden = "hovedstaden"
	OrgSjaelland   = "sjaelland"
	OrgSyddanmark  = "syddanmark"
	OrgMidtjylland = "midtjylland"
	OrgNordjylland = "nordjylland"
	OrgOther       = "andre" // "Other": OS2, KL, the regions and "another organisation"
)

// OrgGroups lists the groups in the order the select shows them.
var OrgGroups = []string{OrgHovedstaden, OrgSjaelland, OrgSyddanmark, OrgMidtjylland, OrgNordjylland, OrgOther}

// MaxOrgsPerGroup is Slack's limit of options in one option group of a select.
const MaxOrgsPerGroup = 100

// MaxOrgName bounds an organisation's name: Slack shows at most 75 characters of an option.
const MaxOrgName = 75

// IsMunicipality reports whether o is a municipality: counted as one in "from N municipalities".
func (o Organisation) IsMunicipality() bool { return o.Group != OrgOther && o.Group != "" }

// OrgKey derives a stable key from an organisation's name.
func OrgKey(name string) string { return FinancingKey(name) }

// NewOrganisation checks an organisation an admin or the secretariat adds to the list.
func NewOrganisation(name, group string, existing []Organisation) (Organisation, error) {
	name = strings.Join(strings.Fields(name), " ")
	o := Organisation{Key: OrgKey(name), Name: name, Group: strings.ToLower(strings.TrimSpace(group))}
	switch {
	case !slices.Contains(OrgGroups, o.Group):
		return o, Errorf(Invalid, "err.org.group", strings.Join(OrgGroups, ", "))
	case o.Key == "" || utf8.RuneCountInString(name) > MaxOrgName:
		return o, Errorf(Invalid, "err.org.name", MaxOrgName)
	}
	n := 0
	for _, e := range existing {
		if e.Key == o.Key {
			return o, Errorf(Conflict, "err.org.exists", e.Name)
		}
		if e.Group == o.Group {
			n++
		}
	}
	if n >= MaxOrgsPerGroup {
		return o, Errorf(Invalid, "err.org.group_full", MaxOrgsPerGroup)
	}
	return o, nil
}

// CanConfigureOrganisations reports, as a Forbidden error, whether a may keep the list
// of organisations: admins and the secretariat may.
func CanConfigureOrganisations(a Actor) error { return requireRole(a, RoleAdmin, RoleSecretariat) }

func orgs(group string, names ...string) []Organisation {
	out := make([]Organisation, len(names))
	for i, n := range names {
		out[i] = Organisation{Key: OrgKey(n), Name: n, Group: group}
	}
	return out
}

// DefaultOrganisations is the list used until an admin or the secretariat changes it:
// Denmark's 98 municipalities by their five regions, and the others of the community.
var DefaultOrganisations = slices.Concat(
	orgs(OrgHovedstaden, "Albertslund", "Allerød", "Ballerup", "Bornholm", "Brøndby", "Dragør", "Egedal",
		"Fredensborg", "Frederiksberg", "Frederikssund", "Furesø", "Gentofte", "Gladsaxe", "Glostrup", "Gribskov",
		"Halsnæs", "Helsingør", "Herlev", "Hillerød", "Hvidovre", "Høje-Taastrup", "Hørsholm", "Ishøj",
		"København", "Lyngby-Taarbæk", "Rudersdal", "Rødovre", "Tårnby", "Vallensbæk"),
	orgs(OrgSjaelland, "Faxe", "Greve", "Guldborgsund", "Holbæk", "Kalundborg", "Køge", "Lejre", "Lolland",
		"Næstved", "Odsherred", "Ringsted", "Roskilde", "Slagelse", "Solrød", "Sorø", "Stevns", "Vordingborg"),
	orgs(OrgSyddanmark, "Assens", "Billund", "Esbjerg", "Faaborg-Midtfyn", "Fanø", "Fredericia", "Haderslev",
		"Kerteminde", "Kolding", "Langeland", "Middelfart", "Nordfyns", "Nyborg", "Odense", "Svendborg",
		"Sønderborg", "Tønder", "Varde", "Vejen", "Vejle", "Ærø", "Aabenraa"),
	orgs(OrgMidtjylland, "Favrskov", "Hedensted", "Herning", "Holstebro", "Horsens", "Ikast-Brande", "Lemvig",
		"Norddjurs", "Odder", "Randers", "Ringkøbing-Skjern", "Samsø", "Silkeborg", "Skanderborg", "Skive",
		"Struer", "Syddjurs", "Viborg", "Aarhus"),
	orgs(OrgNordjylland, "Brønderslev", "Frederikshavn", "Hjørring", "Jammerbugt", "Læsø", "Mariagerfjord",
		"Morsø", "Rebild", "Thisted", "Vesthimmerlands", "Aalborg"),
	orgs(OrgOther, "OS2", "KL", "Region Hovedstaden", "Region Sjælland", "Region Syddanmark",
		"Region Midtjylland", "Region Nordjylland", "Anden organisation"),
)
