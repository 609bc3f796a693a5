package workflow

import (
	"context"
	"fmt"
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
