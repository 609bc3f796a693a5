package workflow

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"
)

// Service is the use cases of the process. Each method runs in one Store transaction:
// load, check the mandate, check the transition, save, and append the events and
// notices in the same transaction.
type Service struct {
	Store  Store
	Clock  Clock    // nil for time.Now
	Admins []string // configured admins (TOVHOLDER_ADMINS); they hold RoleAdmin always
	// Location is the community's time zone (TOVHOLDER_TIMEZONE), in which deadlines
	// are wall-clock times; nil for UTC.
	Location *time.Location

	group groupCommit // stances committed together; see atomicGrouped
}

// New returns a Service on store.
func New(store Store, clock Clock, admins []string) *Service {
	return &Service{Store: store, Clock: clock, Admins: admins}
}

// now is the service's time, to the microsecond that storage keeps, so that a value
// returned by a use case equals the same value read back.
func (s *Service) now() time.Time {
	if s.Clock == nil {
		return time.Now().UTC().Truncate(time.Microsecond)
	}
	return s.Clock().UTC().Truncate(time.Microsecond)
}

// Now is the service's clock, for adapters that must agree with it (deadlines shown).
func (s *Service) Now() time.Time { return s.now() }

// Actor loads who user is: the roles granted in the database plus admin when the user
// is a configured admin.
func (s *Service) Actor(ctx context.Context, user string) (Actor, error) {
	a := Actor{UserID: user}
	err := s.Store.Read(ctx, func(tx Tx) (err error) {
		a, err = s.reloadRoles(tx, a)
		return err
	})
	return a, err
}

// reloadRoles is a with the roles it holds in tx: those granted in the database plus
// admin when the user is a configured admin. Every write transaction starts with it,
// so that a mandate is checked on the roles of the transaction that decides, not on
// a copy loaded before it (an admin's revoke may have committed in between).
func (s *Service) reloadRoles(tx Tx, a Actor) (Actor, error) {
	if a.UserID == System.UserID {
		return a, nil // the scheduler: no user, no roles
	}
	roles, err := tx.UserRoles(a.UserID)
	if err != nil {
		return a, fmt.Errorf("load roles of %s: %w", a.UserID, err)
	}
	if slices.Contains(s.Admins, a.UserID) && !slices.Contains(roles, RoleAdmin) {
		roles = append(roles, RoleAdmin)
	}
	return Actor{UserID: a.UserID, Roles: roles}, nil
}

// change is the context of one use case's transaction: it stamps events with the
// actor and the time, and links notices to the event that caused them.
type change struct {
	tx    Tx
	actor Actor
	at    time.Time
}

// atomic runs fn in one write transaction as actor, with the actor's roles read in
// that transaction: mandates inside fn are checked on c.actor, never on the copy the
// caller passed.
func (s *Service) atomic(ctx context.Context, actor Actor, fn func(c *change) error) error {
	return s.Store.Atomic(ctx, func(tx Tx) error {
		a, err := s.reloadRoles(tx, actor)
		if err != nil {
			return err
		}
		return fn(&change{tx: tx, actor: a, at: s.now()})
	})
}

// require refuses the transaction's actor when they hold none of roles.
func (c *change) require(roles ...Role) error { return requireRole(c.actor, roles...) }

// record appends e, stamped, and enqueues the notices it causes.
func (c *change) record(e Event, notices ...Notice) (int64, error) {
	e.At, e.Actor = c.at, c.actor.UserID
	id, err := c.tx.AppendEvent(e)
	if err != nil {
		return 0, fmt.Errorf("append event %s: %w", e.Kind, err)
	}
	for _, n := range notices {
		n.EventID, n.CreatedAt = id, c.at
		if n.WishID == 0 {
			n.WishID = e.WishID
		}
		if n.PollID == 0 {
			n.PollID = e.PollID
		}
		if _, err := c.tx.Enqueue(n); err != nil {
			return 0, fmt.Errorf("enqueue %s: %w", n.Kind, err)
		}
	}
	return id, nil
}

// PlaceTarget is the Notice.To of a notice for a configured place: the dispatcher looks
// the channel up when it delivers, so a notice waits for a channel set later.
func PlaceTarget(p Place) string { return "place:" + string(p) }

// PlaceSetting is the settings key of a place's channel.
func PlaceSetting(p Place) string { return "channel." + string(p) }

// requireRole refuses an actor who holds none of roles. A use case calls it on the
// caller's actor to refuse early, before validating input, and again as c.require
// inside its transaction, which is the check that counts.
func requireRole(a Actor, roles ...Role) error {
	for _, r := range roles {
		if a.Has(r) {
			return nil
		}
	}
	return Errorf(Forbidden, "err.forbidden.role", string(roles[0]))
}

// requireGroupLead refuses an actor who is neither the group's coordinator nor the
// secretariat: they lead a group's process.
func requireGroupLead(a Actor, g Group) error {
	if a.Has(RoleSecretariat) || (g.CoordinatorID != "" && a.UserID == g.CoordinatorID) {
		return nil
	}
	return Errorf(Forbidden, "err.forbidden.group_lead", g.Name)
}

func loadWish(tx Tx, id int64) (Wish, error) {
	w, err := tx.Wish(id)
	if KindOf(err) == NotFound {
		return w, Errorf(NotFound, "err.wish.not_found", id)
	}
	if err != nil {
		return w, fmt.Errorf("load wish %d: %w", id, err)
	}
	return w, nil
}

func loadGroup(tx Tx, key string) (Group, error) {
	g, err := tx.Group(key)
	if KindOf(err) == NotFound {
		return g, Errorf(NotFound, "err.group.not_found", key)
	}
	if err != nil {
		return g, fmt.Errorf("load group %s: %w", key, err)
	}
	return g, nil
}

func loadPoll(tx Tx, id int64) (Poll, error) {
	p, err := tx.Poll(id)
	if KindOf(err) == NotFound {
		return p, Errorf(NotFound, "err.poll.not_found", id)
	}
	if err != nil {
		return p, fmt.Errorf("load poll %d: %w", id, err)
	}
	return p, nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
