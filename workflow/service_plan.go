package workflow

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// CreateCycle creates a development cycle with its expected date (secretariat) and
// posts its plan, empty for now, in the user club: that one message is updated as
// wishes are planned in the cycle.
func (s *Service) CreateCycle(ctx context.Context, a Actor, name string, expected time.Time) (Cycle, error) {
	if err := requireRole(a, RoleSecretariat); err != nil {
		return Cycle{}, err
	}
	if !ValidCycleName(name) {
		return Cycle{}, Errorf(Invalid, "err.cycle.name", name)
	}
	if expected.IsZero() {
		return Cycle{}, Errorf(Invalid, "err.cycle.date")
	}
	y, m, d := expected.Date()
	loc := s.Location
	if loc == nil {
		loc = time.UTC
	}
	if ty, tm, td := s.now().In(loc).Date(); time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Before(time.Date(ty, tm, td, 0, 0, 0, 0, time.UTC)) {
		// A development plan promises what is to come.
		return Cycle{}, Errorf(Invalid, "err.cycle.past", expected.Format(time.DateOnly))
	}
	cy := Cycle{Name: name, Expected: time.Date(y, m, d, 0, 0, 0, 0, time.UTC), CreatedBy: a.UserID}
	err := s.atomic(ctx, a, func(c *change) error {
		if err := c.require(RoleSecretariat); err != nil {
			return err
		}
		cy.CreatedAt = c.at
		if err := c.tx.CreateCycle(cy); KindOf(err) == Conflict {
			return Errorf(Conflict, "err.cycle.exists", name)
		} else if err != nil {
			return fmt.Errorf("create cycle %s: %w", name, err)
		}
		_, err := c.record(Event{Kind: EvCycleCreated, Data: map[string]string{"cycle": name, "expected": cy.Expected.Format(time.DateOnly)}},
			Notice{Kind: NoticePlan, Op: OpPost, To: PlaceTarget(PlaceUserClub), Ref: PlanRef(name)})
		return err
	})
	return cy, err
}

func loadCycle(tx Tx, name string) (Cycle, error) {
	cy, err := tx.Cycle(name)
	if KindOf(err) == NotFound {
		return cy, Errorf(NotFound, "err.cycle.not_found", name)
	}
	if err != nil {
		return cy, fmt.Errorf("load cycle %s: %w", name, err)
	}
	return cy, nil
}

// Plan puts a wish in a development cycle, or moves it to another (secretariat): an
// approved wish, or a prioritised wish of normal size. The cycle's plan message is
// updated in place, and a short post in the user club says that it changed.
func (s *Service) Plan(ctx context.Context, a Actor, id int64, cycle, note string) (Wish, error) {
	return s.transition(ctx, a, id, nil, StatePlanned, note, false, secretariatOnly, func(c *change, w *Wish) ([]Notice, map[string]string, error) {
		if !CanPlan(*w) {
			return nil, nil, Errorf(Conflict, "err.plan.state", w.ID, string(w.State))
		}
		cy, err := loadCycle(c.tx, cycle)
		if err != nil {
			return nil, nil, err
		}
		if !cy.DeliveredAt.IsZero() {
			return nil, nil, Errorf(Conflict, "err.cycle.delivered", cy.Name)
		}
		if w.State == StatePlanned && w.Cycle == cy.Name {
			return nil, nil, Errorf(Conflict, "err.plan.same", w.ID, cy.Name)
		}
		from := ""
		if w.State == StatePlanned {
			from = w.Cycle
		}
		w.Cycle = cy.Name
		notices := []Notice{planRefresh(cy.Name), {Kind: NoticePlanChanged, Op: OpPost, To: PlaceTarget(PlaceUserClub)}}
		if from != "" {
			notices = append(notices, planRefresh(from))
		}
		return notices, map[string]string{"cycle": cy.Name, "from_cycle": from}, nil
	})
}

// planRefresh updates the plan message of cycle in place.
func planRefresh(cycle string) Notice {
	return Notice{Kind: NoticePlan, Op: OpRefresh, Ref: PlanRef(cycle)}
}

// Deliver marks a planned wish delivered (secretariat): the user club is told, the
// watchers get a DM, and the cycle's plan shows it.
func (s *Service) Deliver(ctx context.Context, a Actor, id int64, note string) (Wish, error) {
	return s.transition(ctx, a, id, nil, StateDelivered, note, false, secretariatOnly, func(c *change, w *Wish) ([]Notice, map[string]string, error) {
		if w.State != StatePlanned {
			return nil, nil, TransitionError(w.ID, w.State, StateDelivered)
		}
		return []Notice{planRefresh(w.Cycle), {Kind: NoticeDelivered, Op: OpPost, To: PlaceTarget(PlaceUserClub)}},
			map[string]string{"cycle": w.Cycle}, nil
	})
}

// DeliverCycle marks every planned wish of a cycle delivered, and the cycle with them
// (secretariat): one announcement in the user club, a DM to each wish's watchers.
func (s *Service) DeliverCycle(ctx context.Context, a Actor, name, note string) ([]Wish, error) {
	if err := requireRole(a, RoleSecretariat); err != nil {
		return nil, err
	}
	note, err := cleanNote(note, false)
	if err != nil {
		return nil, err
	}
	var done []Wish
	err = s.atomic(ctx, a, func(c *change) error {
		if err := c.require(RoleSecretariat); err != nil {
			return err
		}
		done = nil
		cy, err := loadCycle(c.tx, name)
		if err != nil {
			return err
		}
		if !cy.DeliveredAt.IsZero() {
			return Errorf(Conflict, "err.cycle.delivered", cy.Name)
		}
		ws, err := c.tx.WishesInCycle(cy.Name)
		if err != nil {
			return fmt.Errorf("wishes of cycle %s: %w", cy.Name, err)
		}
		var ids []int64
		for i := range ws {
			if ws[i].State != StatePlanned {
				continue
			}
			if err := c.move(&ws[i], StateDelivered, note, map[string]string{"cycle": cy.Name}); err != nil {
				return err
			}
			done, ids = append(done, ws[i]), append(ids, ws[i].ID)
		}
		if len(done) == 0 {
			return Errorf(Conflict, "err.cycle.nothing_planned", cy.Name)
		}
		cy.DeliveredAt = c.at
		if err := c.tx.UpdateCycle(cy); err != nil {
			return fmt.Errorf("save cycle %s: %w", cy.Name, err)
		}
		_, err = c.record(Event{Kind: EvCycleDelivered, Note: note, Data: map[string]string{"cycle": cy.Name, "wishes": joinIDs(ids)}},
			planRefresh(cy.Name), Notice{Kind: NoticeDelivered, Op: OpPost, To: PlaceTarget(PlaceUserClub)})
		return err
	})
	return done, err
}

// Cycles returns every development cycle, by expected date.
func (s *Service) Cycles(ctx context.Context) ([]Cycle, error) {
	var cs []Cycle
	err := s.Store.Read(ctx, func(tx Tx) (err error) {
		cs, err = tx.Cycles()
		return err
	})
	return cs, err
}

// CyclePlan is a cycle with the wishes planned or delivered in it.
type CyclePlan struct {
	Cycle  Cycle
	Wishes []Wish        // by group, and in each group by its adopted rank (ranked first)
	Ranks  map[int64]int // each wish's rank in its group; absent when it has none
}

// PlanOf returns the plan of cycle name.
func (s *Service) PlanOf(ctx context.Context, name string) (CyclePlan, error) {
	var p CyclePlan
	err := s.Store.Read(ctx, func(tx Tx) (err error) {
		if p.Cycle, err = loadCycle(tx, name); err != nil {
			return err
		}
		if p.Wishes, err = tx.WishesInCycle(name); err != nil {
			return err
		}
		p.Ranks = map[int64]int{}
		for _, w := range p.Wishes {
			if w.Group == "" {
				continue
			}
			ranks, err := tx.Ranks(w.Group)
			if err != nil {
				return fmt.Errorf("ranks of %s: %w", w.Group, err)
			}
			if r := ranks[w.ID]; r > 0 {
				p.Ranks[w.ID] = r
			}
		}
		ByGroupRank(p.Wishes, p.Ranks)
		return nil
	})
	return p, err
}

// Estimates returns every estimate of a wish, oldest revision first.
func (s *Service) Estimates(ctx context.Context, wishID int64) ([]Estimate, error) {
	var es []Estimate
	err := s.Store.Read(ctx, func(tx Tx) (err error) {
		es, err = tx.Estimates(wishID)
		return err
	})
	return es, err
}

// InitiativeDetail is an initiative with its wishes, each wish's latest estimate and,
// once decided, each wish's estimate the decision was made on.
type InitiativeDetail struct {
	Initiative Initiative
	Wishes     []Wish
	Latest     map[int64]Estimate
	Decided    map[int64]Estimate // empty until decided
}

// Revised reports whether an estimate was revised after the decision.
func (d InitiativeDetail) Revised() bool {
	if len(d.Decided) == 0 {
		return false
	}
	for id, e := range d.Latest {
		if d.Decided[id].ID != e.ID {
			return true
		}
	}
	return false
}

// InitiativeDetail returns initiative id with its wishes and their latest estimates.
func (s *Service) InitiativeDetail(ctx context.Context, id int64) (InitiativeDetail, error) {
	var d InitiativeDetail
	err := s.Store.Read(ctx, func(tx Tx) (err error) {
		d, err = initiativeDetail(tx, id)
		return err
	})
	return d, err
}

func initiativeDetail(tx Tx, id int64) (InitiativeDetail, error) {
	d := InitiativeDetail{Latest: map[int64]Estimate{}, Decided: map[int64]Estimate{}}
	var err error
	if d.Initiative, err = loadInitiative(tx, id); err != nil {
		return d, err
	}
	for _, wid := range d.Initiative.WishIDs {
		w, err := loadWish(tx, wid)
		if err != nil {
			return d, err
		}
		d.Wishes = append(d.Wishes, w)
		es, err := tx.Estimates(wid)
		if err != nil {
			return d, fmt.Errorf("estimates of %d: %w", wid, err)
		}
		if len(es) > 0 {
			d.Latest[wid] = es[len(es)-1]
		}
		for _, e := range es {
			if d.Initiative.DecidedEstimate > 0 && e.ID <= d.Initiative.DecidedEstimate {
				d.Decided[wid] = e
			}
		}
	}
	return d, nil
}

// InitiativeOfWish returns the latest initiative a wish was part of, if any.
func (s *Service) InitiativeOfWish(ctx context.Context, wishID int64) (Initiative, bool, error) {
	var ini Initiative
	err := s.Store.Read(ctx, func(tx Tx) (err error) {
		ini, err = tx.InitiativeOfWish(wishID)
		return err
	})
	if KindOf(err) == NotFound {
		return ini, false, nil
	}
	return ini, err == nil, err
}

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

// ParseWishIDs reads wish numbers ("12", "#12", "12,13"), for commands and forms.
func ParseWishIDs(s string) ([]int64, bool) {
	var ids []int64
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == ';' || r == '\n' }) {
		var id int64
		if _, err := fmt.Sscanf(strings.TrimPrefix(f, "#"), "%d", &id); err != nil || id <= 0 || itoa(id) != strings.TrimPrefix(f, "#") {
			return nil, false
		}
		ids = append(ids, id)
	}
	return ids, len(ids) > 0
}
