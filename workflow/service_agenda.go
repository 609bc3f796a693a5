package workflow

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"
)

// Queue is the first few wishes awaiting one kind of work, and how many there are.
type Queue struct {
	Key      string // what they await, e.g. "triage", "estimate"
	Group    string // the group's name, for a coordinator's queues
	GroupKey string // the group's key, for a coordinator's queues
	Wishes   []Wish
	Total    int
}

// Agenda is what awaits a person, for their Home tab: each list cut at a limit, with
// its total.
type Agenda struct {
	Polls         []PollDetail // open polls in the person's groups awaiting their stance
	PollsTotal    int
	Queues        []Queue            // their groups' queues (coordinators) and the secretariat's
	Initiatives   []InitiativeDetail // recommendations awaiting the steering group's decision
	InitiativesOf int                // how many await it in all
}

// AgendaOf returns what awaits actor a, each list cut at limit items.
func (s *Service) AgendaOf(ctx context.Context, a Actor, limit int) (Agenda, error) {
	var ag Agenda
	now := s.now()
	err := s.Store.Read(ctx, func(tx Tx) error {
		groups, err := tx.Groups()
		if err != nil {
			return err
		}
		if err := ag.addPolls(tx, a, groups, now, limit); err != nil {
			return err
		}
		for _, g := range groups {
			// The secretariat convenes a group without a coordinator, so whatever a
			// coordinator would be asked reaches it (domain.md, "Mandates").
			coordinates := g.CoordinatorID != "" && g.CoordinatorID == a.UserID
			if coordinates || (g.CoordinatorID == "" && a.Has(RoleSecretariat)) {
				if err := ag.addGroupQueues(tx, g, limit); err != nil {
					return err
				}
			}
		}
		if a.Has(RoleSecretariat) {
			if err := ag.addSecretariatQueues(tx, limit); err != nil {
				return err
			}
		}
		if a.Has(RoleSteering) {
			return ag.addInitiatives(tx, limit)
		}
		return nil
	})
	return ag, err
}

func (ag *Agenda) addPolls(tx Tx, a Actor, groups []Group, now time.Time, limit int) error {
	polls, err := tx.OpenPolls()
	if err != nil {
		return err
	}
	byKey := map[string]Group{}
	for _, g := range groups {
		byKey[g.Key] = g
	}
	for _, p := range polls {
		g := byKey[p.GroupKey]
		if !p.InElectorate(a.UserID) || !now.Before(p.Deadline) {
			continue
		}
		stances, err := tx.Stances(p.ID)
		if err != nil {
			return err
		}
		if tookStance(stances, a.UserID) {
			continue
		}
		ag.PollsTotal++
		if len(ag.Polls) >= limit {
			continue
		}
		d := PollDetail{Poll: p, Group: g, Tally: Count(p.Electorate, p.Quorum, stances)}
		if p.WishID != 0 {
			w, err := loadWish(tx, p.WishID)
			if err != nil {
				return err
			}
			d.Wish = &w
		}
		ag.Polls = append(ag.Polls, d)
	}
	return nil
}

func tookStance(ss []Stance, user string) bool {
	for _, s := range ss {
		if s.UserID == user {
			return true
		}
	}
	return false
}

// addGroupQueues adds a coordinator's queues: wishes in assessment, and prioritised
// major wishes awaiting their requirements.
func (ag *Agenda) addGroupQueues(tx Tx, g Group, limit int) error {
	for _, k := range groupQueues {
		q, err := queue(tx, k.key, limit, k.of(g.Key)...)
		if err != nil {
			return err
		}
		q.Group, q.GroupKey = g.Name, g.Key
		ag.Queues = append(ag.Queues, q)
	}
	return nil
}

// queueKind is a queue of the Home tab: its key (a Queue's, and a digest section's)
// and the wishes in it, as filters the store can count and cut (queue).
type queueKind struct {
	key     string
	filters []WishFilter
}

// of are the queue's filters within group ("" for every group).
func (k queueKind) of(group string) []WishFilter {
	fs := slices.Clone(k.filters)
	for i := range fs {
		fs[i].Group = group
	}
	return fs
}

// groupQueues are a coordinator's queues of a group, secretariatQueues the
// secretariat's; TestQueueFilters proves each one selects what its rule (CanPlan,
// CanAddSpec) allows.
var (
	groupQueues = []queueKind{
		{"assessment", []WishFilter{{States: []State{StateInAssessment}}}},
		{"spec", specFilters("")},
	}
	secretariatQueues = []queueKind{
		{"triage", []WishFilter{{States: []State{StateSubmitted}}}},
		{"estimate", []WishFilter{{States: []State{StateSpecified}}}},
		{"recommend", []WishFilter{{States: []State{StateEstimated}}}},
		{"plan", planFilters()},
		{"deliver", []WishFilter{{States: []State{StatePlanned}}}},
	}
)

// planFilters select the wishes the secretariat may put in a cycle and that wait for
// one (CanPlan, without those already planned).
func planFilters() []WishFilter {
	return []WishFilter{{States: []State{StateApproved}}, {States: []State{StatePrioritised}, Sizes: sizesBut(SizeMajor)}}
}

// specFilters select a group's wishes awaiting requirements (CanAddSpec).
func specFilters(group string) []WishFilter {
	return []WishFilter{{Group: group, States: []State{StatePrioritised}, Sizes: []Size{SizeMajor}}}
}

// sizesBut is every size, unset included, but not.
func sizesBut(not Size) []Size {
	var out []Size
	for _, s := range []Size{"", SizeNormal, SizeMajor} {
		if s != not {
			out = append(out, s)
		}
	}
	return out
}

func (ag *Agenda) addSecretariatQueues(tx Tx, limit int) error {
	for _, k := range secretariatQueues {
		q, err := queue(tx, k.key, limit, k.filters...)
		if err != nil {
			return err
		}
		ag.Queues = append(ag.Queues, q)
	}
	return nil
}

// MaxQueue is how many wishes QueueOf lists at most.
const MaxQueue = 500

// QueueOf is the whole of a Home tab's queue, oldest first as on the Home tab, so that
// "… and 60 more" leads to the same list continued: a secretariat queue by its key, or
// a group's queue (assessment, spec) by its key and the group's key.
func (s *Service) QueueOf(ctx context.Context, key, group string) (Queue, error) {
	kinds := secretariatQueues
	if group != "" {
		kinds = groupQueues
	}
	i := slices.IndexFunc(kinds, func(k queueKind) bool { return k.key == key })
	if i < 0 {
		return Queue{}, Errorf(Invalid, "err.queue.unknown", key)
	}
	var q Queue
	err := s.Store.Read(ctx, func(tx Tx) error {
		var g Group
		if group != "" {
			var err error
			if g, err = loadGroup(tx, group); err != nil {
				return err
			}
		}
		var err error
		q, err = queue(tx, key, MaxQueue, kinds[i].of(g.Key)...)
		q.Group, q.GroupKey = g.Name, g.Key
		return err
	})
	return q, err
}

// queue lists the oldest wishes matching any of filters, as work is done, cut at
// limit, and counts them all: a COUNT and a LIMIT per filter, never every wish.
// The filters must not overlap.
func queue(tx Tx, key string, limit int, filters ...WishFilter) (Queue, error) {
	q := Queue{Key: key}
	for _, f := range filters {
		n, err := tx.CountWishes(f)
		if err != nil {
			return q, fmt.Errorf("queue %s: %w", key, err)
		}
		if q.Total += n; n == 0 {
			continue
		}
		f.Oldest, f.Limit = true, limit
		ws, err := tx.Wishes(f)
		if err != nil {
			return q, fmt.Errorf("queue %s: %w", key, err)
		}
		q.Wishes = append(q.Wishes, ws...)
	}
	slices.SortFunc(q.Wishes, func(a, b Wish) int { return cmp.Compare(a.ID, b.ID) })
	q.Wishes = q.Wishes[:min(len(q.Wishes), limit)]
	return q, nil
}

func (ag *Agenda) addInitiatives(tx Tx, limit int) error {
	inis, err := tx.Initiatives(InitiativeRecommended)
	if err != nil {
		return err
	}
	ag.InitiativesOf = len(inis)
	for _, ini := range inis {
		if len(ag.Initiatives) >= limit {
			break
		}
		d, err := initiativeDetail(tx, ini.ID)
		if err != nil {
			return err
		}
		ag.Initiatives = append(ag.Initiatives, d)
	}
	return nil
}
