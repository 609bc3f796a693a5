package workflow

import (
	"cmp"
	"slices"
	"time"
)

// SupportTx is what support and the organisation list need of a transaction.
type SupportTx interface {
	// Organisations returns the configured organisations in the order added; nil
	// when the list was never configured (DefaultOrganisations apply).
	Organisations() ([]Organisation, error)
	// SaveOrganisations replaces the configured list.
	SaveOrganisations(os []Organisation) error
	// UserOrganisation returns the key of user's organisation, "" when none is chosen.
	UserOrganisation(user string) (string, error)
	// SetUserOrganisation records user's organisation.
	SetUserOrganisation(user, key string, at time.Time) error
	// AddSupport records user's support of wish id; false when they supported it already.
	AddSupport(id int64, user string, at time.Time) (bool, error)
	// RemoveSupport withdraws user's support of wish id; false when there was none.
	RemoveSupport(id int64, user string) (bool, error)
	// MoveSupport moves the support of wish from to wish to, each person once.
	MoveSupport(from, to int64) error
	// Supporters returns the people supporting wish id (not counting its submitter)
	// with the keys of their organisations ("" for none), in the order they supported.
	Supporters(id int64) ([]Supporter, error)
	// BacklogCount returns how many wishes group key has in states.
	BacklogCount(key string, states []State) (int, error)
	// BacklogPage returns the wishes of group key in states with what ranking them
	// takes (BacklogEntry): those with a rank in the group (ranked), in no particular
	// order, or those without one, by their number of supports (most first), then by
	// creation and id, from offset, at most limit (0 for all). It reads no more of a
	// wish: a backlog of hundreds is ranked to show its first few.
	BacklogPage(key string, states []State, ranked bool, offset, limit int) ([]BacklogEntry, error)
}

// BacklogEntry is one wish of a backlog as ranking it needs it (SupportTx.BacklogPage):
// its id and creation time, its submitter and its supporters (in no particular order)
// with the organisations they belong to today, and how many supports it has, which
// bounds the people supporting it (SupportRows + 1, the submitter).
type BacklogEntry struct {
	WishID      int64
	CreatedAt   time.Time
	Submitter   Supporter
	Supporters  []Supporter
	SupportRows int
}

// Supporter is a person supporting a wish, with their organisation's key.
type Supporter struct {
	UserID string
	Org    string
}

// OrgSupport is how many people of one organisation support a wish.
type OrgSupport struct {
	Organisation
	People int
}

// Support is a wish's support: evidence of need, never a vote (domain.md).
type Support struct {
	People         int          // distinct people, the submitter included
	Municipalities int          // distinct municipalities among them
	Orgs           []OrgSupport // by people, then name
}

// CountSupport counts the support of a wish: each person once, the submitter
// included, each by the organisation they belong to today.
func CountSupport(submitter Supporter, supporters []Supporter, list []Organisation) Support {
	if len(supporters) == 0 {
		// Most wishes: the submitter alone, counted without the sets below.
		s := Support{}
		if submitter.UserID == "" {
			return s
		}
		s.People = 1
		if submitter.Org != "" {
			o := OrganisationOf(list, submitter.Org)
			if o.IsMunicipality() {
				s.Municipalities = 1
			}
			s.Orgs = []OrgSupport{{Organisation: o, People: 1}}
		}
		return s
	}
	var s Support
	seen := map[string]bool{}
	byOrg := map[string]int{}
	for _, p := range append([]Supporter{submitter}, supporters...) {
		if p.UserID == "" || seen[p.UserID] {
			continue
		}
		seen[p.UserID] = true
		s.People++
		if p.Org != "" {
			byOrg[p.Org]++
		}
	}
	for key, n := range byOrg {
		o := OrganisationOf(list, key)
		if o.IsMunicipality() {
			s.Municipalities++
		}
		s.Orgs = append(s.Orgs, OrgSupport{Organisation: o, People: n})
	}
	slices.SortFunc(s.Orgs, func(a, b OrgSupport) int {
		return cmp.Or(cmp.Compare(b.People, a.People), cmp.Compare(a.Name, b.Name))
	})
	return s
}

// OrganisationOf returns the organisation key names in list (the configured list, nil
// for the defaults). One taken off the list since a person chose it still counts, as
// what the default list says it is, else as an organisation named by its key.
func OrganisationOf(list []Organisation, key string) Organisation {
	if list == nil {
		list = DefaultOrganisations
	}
	if o, ok := findOrg(list, key); ok {
		return o
	}
	if o, ok := findOrg(DefaultOrganisations, key); ok {
		return o
	}
	return Organisation{Key: key, Name: key, Group: OrgOther}
}

func findOrg(list []Organisation, key string) (Organisation, bool) {
	for _, o := range list {
		if o.Key == key {
			return o, true
		}
	}
	return Organisation{}, false
}

// MaxNamedOrgs is how many organisations a card names before "and N more".
const MaxNamedOrgs = 10

// Named returns the organisations a card names and how many more there are.
func (s Support) Named() ([]OrgSupport, int) {
	if len(s.Orgs) <= MaxNamedOrgs {
		return s.Orgs, 0
	}
	return s.Orgs[:MaxNamedOrgs], len(s.Orgs) - MaxNamedOrgs
}

// CanSupport reports, as a Conflict error, whether wish w takes new support: a wish
// that is closed (withdrawn, declined, rejected, not approved, a duplicate, delivered)
// takes none, and the error says why.
func CanSupport(w Wish) error {
	if w.State.Open() {
		return nil
	}
	if w.State == StateDuplicate {
		return Errorf(Conflict, "err.support.duplicate", w.ID, w.DuplicateOf)
	}
	return Errorf(Conflict, "err.support.closed", w.ID, string(w.State))
}

// ErrNeedsOrganisation is the catalog key of the error a person gets who supports a
// wish before choosing their organisation: the bot asks them to choose first.
const ErrNeedsOrganisation = "err.support.no_organisation"

// NeedsOrganisation reports whether err asks the person to choose an organisation.
func NeedsOrganisation(err error) bool {
	e, ok := err.(*Error)
	return ok && e.Msg == ErrNeedsOrganisation
}

// ByMunicipalities orders wishes for "/wish list top": by supporting municipalities,
// then people, then age (older first).
func ByMunicipalities(ws []RankedWish) { slices.SortStableFunc(ws, bySupport) }

// bySupport is ByMunicipalities' order: negative when a goes before b.
func bySupport(a, b RankedWish) int {
	return cmp.Or(cmp.Compare(b.Support.Municipalities, a.Support.Municipalities),
		cmp.Compare(b.Support.People, a.Support.People), a.Wish.CreatedAt.Compare(b.Wish.CreatedAt),
		cmp.Compare(a.Wish.ID, b.Wish.ID))
}

// RankedWish is a wish with its support and its rank in its group (0 for none).
type RankedWish struct {
	Wish    Wish
	Support Support
	Rank    int
}
