package workflow_test

import (
	"testing"

	"github.com/os2kitos/tovholder/workflow"
)

func TestDefaultOrganisations(t *testing.T) {
	per := map[string]int{}
	keys := map[string]bool{}
	for _, o := range workflow.DefaultOrganisations {
		per[o.Group]++
		if keys[o.Key] || o.Key == "" {
			t.Errorf("key %q of %s is empty or taken", o.Key, o.Name)
		}
		keys[o.Key] = true
		if len([]rune(o.Name)) > workflow.MaxOrgName {
			t.Errorf("%s is too long for a select option", o.Name)
		}
	}
	want := map[string]int{workflow.OrgHovedstaden: 29, workflow.OrgSjaelland: 17, workflow.OrgSyddanmark: 22,
		workflow.OrgMidtjylland: 19, workflow.OrgNordjylland: 11, workflow.OrgOther: 8}
	municipalities := 0
	for g, n := range want {
		if per[g] != n {
			t.Errorf("%s has %d organisations, want %d", g, per[g], n)
		}
		if g != workflow.OrgOther {
			municipalities += per[g]
		}
	}
	if municipalities != 98 {
		t.Errorf("%d municipalities, want Denmark's 98", municipalities)
	}
}

func TestNewOrganisation(t *testing.T) {
	full := make([]workflow.Organisation, workflow.MaxOrgsPerGroup)
	for i := range full {
		full[i] = workflow.Organisation{Key: "k" + string(rune('a'+i%26)) + string(rune('a'+i/26)), Group: workflow.OrgOther}
	}
	cases := []struct {
		name, org, group string
		existing         []workflow.Organisation
		err              string
	}{
		{"OK", "Digitaliseringsstyrelsen", "andre", nil, ""},
		{"OK region", "  Ny   Kommune ", "Sjaelland", nil, ""},
		{"unknown group", "X", "jylland", nil, "err.org.group"},
		{"blank", "  !! ", "andre", nil, "err.org.name"},
		{"too long", string(make([]byte, 80)) + "x", "andre", nil, "err.org.name"},
		{"taken", "aarhus", "midtjylland", workflow.DefaultOrganisations, "err.org.exists"},
		{"group full", "One more", "andre", full, "err.org.group_full"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o, err := workflow.NewOrganisation(c.org, c.group, c.existing)
			if c.err == "" {
				if err != nil || o.Key == "" {
					t.Fatalf("NewOrganisation = %+v, %v", o, err)
				}
				return
			}
			if e, ok := workflow.AsError(err); !ok || e.Msg != c.err {
				t.Fatalf("NewOrganisation = %v, want %s", err, c.err)
			}
		})
	}
}

func TestCountSupport(t *testing.T) {
	list := workflow.DefaultOrganisations
	sub := workflow.Supporter{UserID: "S", Org: "aarhus"}
	cases := []struct {
		name       string
		supporters []workflow.Supporter
		people     int
		munis      int
		first      string
	}{
		{"the submitter alone", nil, 1, 1, "Aarhus"},
		{"two from one municipality count once", []workflow.Supporter{{"A", "aarhus"}}, 2, 1, "Aarhus"},
		{"the submitter listed again counts once", []workflow.Supporter{{"S", "aarhus"}}, 1, 1, "Aarhus"},
		{"KL is not a municipality", []workflow.Supporter{{"A", "kl"}, {"B", "odense"}}, 3, 2, "Aarhus"},
		{"without an organisation: a person, no municipality", []workflow.Supporter{{"A", ""}}, 2, 1, "Aarhus"},
		{"ordered by people", []workflow.Supporter{{"A", "odense"}, {"B", "odense"}}, 3, 2, "Odense"},
		{"an organisation taken off the list still counts", []workflow.Supporter{{"A", "gone"}, {"B", "gone"}}, 3, 1, "gone"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := workflow.CountSupport(sub, c.supporters, list)
			if s.People != c.people || s.Municipalities != c.munis || s.Orgs[0].Name != c.first {
				t.Errorf("CountSupport = %+v; want %d people, %d municipalities, %s first", s, c.people, c.munis, c.first)
			}
		})
	}
}

func TestSupportNamed(t *testing.T) {
	var sup []workflow.Supporter
	for i, o := range workflow.DefaultOrganisations[:14] {
		sup = append(sup, workflow.Supporter{UserID: "U" + string(rune('A'+i)), Org: o.Key})
	}
	s := workflow.CountSupport(workflow.Supporter{}, sup, workflow.DefaultOrganisations)
	named, more := s.Named()
	if len(named) != workflow.MaxNamedOrgs || more != 4 || s.Municipalities != 14 {
		t.Errorf("Named = %d and %d more of %d", len(named), more, s.Municipalities)
	}
}

func TestCanSupport(t *testing.T) {
	for _, c := range []struct {
		state workflow.State
		err   string
	}{
		{workflow.StateSubmitted, ""}, {workflow.StateInAssessment, ""}, {workflow.StatePrioritised, ""},
		{workflow.StateApproved, ""}, {workflow.StatePlanned, ""},
		{workflow.StateWithdrawn, "err.support.closed"}, {workflow.StateDeclined, "err.support.closed"},
		{workflow.StateDelivered, "err.support.closed"}, {workflow.StateRejected, "err.support.closed"},
		{workflow.StateDuplicate, "err.support.duplicate"},
	} {
		err := workflow.CanSupport(workflow.Wish{ID: 1, State: c.state, DuplicateOf: 2})
		if e, _ := workflow.AsError(err); (c.err == "" && err != nil) || (c.err != "" && (e == nil || e.Msg != c.err)) {
			t.Errorf("CanSupport(%s) = %v, want %q", c.state, err, c.err)
		}
	}
}

func FuzzNewOrganisation(f *testing.F) {
	for _, s := range []string{"Digitaliseringsstyrelsen", "  Ny   Kommune ", "  !! ", "aarhus", "<!channel> *Kommune*",
		"Æblerød Ø", string(make([]byte, 80)), "Region Sjælland", "\u200b", "København"} {
		f.Add(s, "andre")
		f.Add(s, "Sjaelland")
	}
	f.Fuzz(func(t *testing.T, name, group string) {
		o, err := workflow.NewOrganisation(name, group, workflow.DefaultOrganisations)
		if err != nil {
			if k := workflow.KindOf(err); k != workflow.Invalid && k != workflow.Conflict {
				t.Fatalf("NewOrganisation(%q, %q) = %v, want invalid or conflict", name, group, err)
			}
			return
		}
		if o.Key == "" || o.Key != workflow.OrgKey(o.Name) || len([]rune(o.Name)) > workflow.MaxOrgName {
			t.Fatalf("NewOrganisation(%q) = %+v", name, o)
		}
		for _, r := range o.Key {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
				t.Fatalf("key %q of %q is not a slug", o.Key, name)
			}
		}
	})
}
