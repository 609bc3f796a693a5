package workflow

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// HomeAudience is whose Home tab a change may have changed: the people named, and
// every holder of the roles named; Everyone when the change may touch any Home (a
// role or a group's members changed, or a kind this rule does not know).
type HomeAudience struct {
	Users    []string
	Roles    []Role
	Everyone bool
}

// Includes reports whether user, holding roles, is in the audience.
func (h HomeAudience) Includes(user string, roles []Role) bool {
	if h.Everyone || slices.Contains(h.Users, user) {
		return true
	}
	for _, r := range h.Roles {
		if slices.Contains(roles, r) {
			return true
		}
	}
	return false
}

// The states a wish waits in on somebody's Home tab: in a group's queues (its
// coordinator's, or the secretariat's when it has none: addGroupQueues), the
// secretariat's queues (secretariatQueues), and the steering group's list.
var (
	groupQueueStates       = []State{StateInAssessment, StatePrioritised}
	secretariatQueueStates = queueStates()
	steeringQueueStates    = []State{StateRecommended}
)

// queueStates are the states of the secretariat's queues.
func queueStates() []State {
	var out []State
	for _, q := range secretariatQueues {
		for _, f := range q.filters {
			out = append(out, f.States...)
		}
	}
	return out
}

// AudienceOf is the rule of who sees a change on their Home tab (bot/home.go shows
// one's own wishes, the open polls awaiting one's stance, one's queues and the
// steering group's list): e is the change, w its wish (nil for none), p its poll (nil
// for none) and g the group of the wish or poll (nil for none).
func AudienceOf(e Event, w *Wish, p *Poll, g *Group) HomeAudience {
	var h HomeAudience
	switch {
	case e.Kind == EvStanceTaken:
		// The poll leaves the stance-taker's list; nobody else's Home shows a tally.
		h.Users = []string{e.Actor}
		return h
	case e.Kind == EvPollStarted || e.Kind == EvPollClosed:
		if p == nil {
			return HomeAudience{Everyone: true}
		}
		h.Users = slices.Clone(p.Electorate)
		return h
	case e.Kind == EvWishFollowed || e.Kind == EvWishUnfollowed || e.Kind == EvReminderSent ||
		e.Kind == EvChannelSet || e.Kind == EvScheduleChanged || e.Kind == EvFinancingAdded || e.Kind == EvFinancingRemoved:
		return h // shown on no Home tab
	case e.Kind == EvWishSupported || e.Kind == EvWishUnsupported || e.Kind == EvOrgChosen || e.Kind == EvOrgAdded ||
		e.Kind == EvOrgRemoved || e.Kind == EvRankingStarted || e.Kind == EvDotsGiven || e.Kind == EvRankingClosed:
		// Home shows neither support nor a ranking under way; only adopted ranks
		// (EvRanksAdopted: the group's backlog and its submitters' wishes) reach it.
		return h
	case e.Kind == EvWishSubmitted || e.Kind == EvWishEdited || e.Kind == EvWishMoved ||
		strings.HasPrefix(string(e.Kind), "pipeline."):
	default:
		return HomeAudience{Everyone: true}
	}
	if w == nil {
		if strings.HasPrefix(string(e.Kind), "pipeline.") {
			h.Roles = []Role{RoleSecretariat, RoleSteering} // a cycle or an initiative as a whole
			return h
		}
		return HomeAudience{Everyone: true}
	}
	h.Users = []string{w.SubmitterID}
	states := []State{w.State, e.From, e.To}
	waits := func(in []State) bool {
		return slices.ContainsFunc(states, func(s State) bool { return slices.Contains(in, s) })
	}
	if waits(groupQueueStates) {
		if g != nil && g.CoordinatorID != "" {
			h.Users = append(h.Users, g.CoordinatorID)
		} else {
			h.Roles = append(h.Roles, RoleSecretariat)
		}
	}
	if waits(secretariatQueueStates) && !slices.Contains(h.Roles, RoleSecretariat) {
		h.Roles = append(h.Roles, RoleSecretariat)
	}
	if waits(steeringQueueStates) || strings.HasPrefix(string(e.Kind), "pipeline.") {
		h.Roles = append(h.Roles, RoleSteering)
	}
	return h
}

// HomeAudience loads the wish, poll and group event e changed, as they are now, and
// returns whose Home tab may show the change (AudienceOf). On an error the audience
// is everyone: a Home refreshed in vain costs less than one left stale.
func (s *Service) HomeAudience(ctx context.Context, e Event) (HomeAudience, error) {
	var w *Wish
	var p *Poll
	var g *Group
	err := s.Store.Read(ctx, func(tx Tx) error {
		if e.PollID != 0 {
			v, err := loadPoll(tx, e.PollID)
			if err != nil {
				return err
			}
			p = &v
		}
		if e.WishID != 0 {
			v, err := loadWish(tx, e.WishID)
			if err != nil {
				return err
			}
			w = &v
		}
		key := e.GroupKey
		if w != nil && w.Group != "" {
			key = w.Group
		}
		if key == "" {
			return nil
		}
		v, err := loadGroup(tx, key)
		if KindOf(err) == NotFound {
			return nil
		}
		g = &v
		return err
	})
	if err != nil {
		return HomeAudience{Everyone: true}, fmt.Errorf("audience of event %d: %w", e.ID, err)
	}
	return AudienceOf(e, w, p, g), nil
}
