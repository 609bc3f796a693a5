package workflow

import (
	"context"
	"fmt"
	"slices"
)

// The events of a group's coordinator (tovholder).
const (
	EvCoordinatorVolunteered EventKind = "coordinator.volunteered"
	EvCoordinatorConfirmed   EventKind = "coordinator.confirmed"
	EvCoordinatorDeclined    EventKind = "coordinator.declined"
	EvCoordinatorSteppedDown EventKind = "coordinator.stepped_down"
)

// The notices of a group's coordinator.
const (
	// NoticeVolunteer is the message in the secretariat's channel with Confirm and
	// Decline; refreshed once decided.
	NoticeVolunteer NoticeKind = "volunteer"
	// NoticeCoordinator tells a channel (the group's, or the secretariat's) that the
	// group has a new coordinator ("confirmed"), or none ("vacant", with Volunteer as
	// coordinator; "stepped_down" to the secretariat).
	NoticeCoordinator NoticeKind = "coordinator"
	// NoticeVolunteerAnswer tells the volunteer the secretariat's answer.
	NoticeVolunteerAnswer NoticeKind = "volunteer_answer"
)

// VolunteerRef is the message key of a volunteer's message to the secretariat.
func VolunteerRef(key, user string) string { return "volunteer/" + key + "/" + user }

// MayVolunteer reports whether a may volunteer to coordinate g, given who already has:
// a member of a group without a coordinator, once.
func MayVolunteer(a Actor, g Group, pending []string) error {
	switch {
	case !g.IsMember(a.UserID):
		return Errorf(Forbidden, "err.forbidden.volunteer", g.Name)
	case g.CoordinatorID != "":
		return Errorf(Conflict, "err.volunteer.has_coordinator", g.Name)
	case slices.Contains(pending, a.UserID):
		return Errorf(Conflict, "err.volunteer.already", g.Name)
	}
	return nil
}

// MayStepDown reports whether a may step down as g's coordinator: only the coordinator.
func MayStepDown(a Actor, g Group) error {
	if g.CoordinatorID == "" || a.UserID != g.CoordinatorID {
		return Errorf(Forbidden, "err.forbidden.step_down", g.Name)
	}
	return nil
}

// Volunteer records that a volunteers (melder sig) as coordinator of group key; the
// secretariat is asked to confirm.
func (s *Service) Volunteer(ctx context.Context, a Actor, key string) error {
	return s.atomic(ctx, a, func(c *change) error {
		g, err := loadGroup(c.tx, key)
		if err != nil {
			return err
		}
		pending, err := c.tx.Volunteers(key)
		if err != nil {
			return fmt.Errorf("volunteers of %s: %w", key, err)
		}
		if err := MayVolunteer(a, g, pending); err != nil {
			return err
		}
		if _, err := c.tx.AddVolunteer(key, a.UserID, c.at); err != nil {
			return fmt.Errorf("volunteer for %s: %w", key, err)
		}
		_, err = c.record(Event{Kind: EvCoordinatorVolunteered, GroupKey: key, Data: map[string]string{"user": a.UserID}},
			Notice{Kind: NoticeVolunteer, Op: OpPost, To: PlaceTarget(PlaceSecretariat), Ref: VolunteerRef(key, a.UserID),
				Payload: NoticeData{Group: key, User: a.UserID}.String()})
		return err
	})
}

// DecideVolunteer confirms user as coordinator of group key, or declines them (the
// secretariat). On confirm the group's channel is told and the group's digest goes
// to the new coordinator from then on.
func (s *Service) DecideVolunteer(ctx context.Context, a Actor, key, user string, confirm bool) error {
	if err := requireRole(a, RoleSecretariat); err != nil {
		return err
	}
	return s.atomic(ctx, a, func(c *change) error {
		g, err := loadGroup(c.tx, key)
		if err != nil {
			return err
		}
		pending, err := c.tx.Volunteers(key)
		if err != nil {
			return fmt.Errorf("volunteers of %s: %w", key, err)
		}
		switch {
		case !slices.Contains(pending, user):
			return Errorf(Conflict, "err.volunteer.not_pending")
		case confirm && g.CoordinatorID != "":
			return Errorf(Conflict, "err.volunteer.has_coordinator", g.Name)
		}
		what, kind := "declined", EvCoordinatorDeclined
		drop := user
		var notices []Notice
		if confirm {
			what, kind, drop = "confirmed", EvCoordinatorConfirmed, ""
			g.CoordinatorID = user
			if err := c.tx.UpdateGroup(g); err != nil {
				return fmt.Errorf("update group %s: %w", key, err)
			}
			if _, err := c.tx.AddMember(key, user); err != nil {
				return fmt.Errorf("add coordinator to %s: %w", key, err)
			}
			notices = append(notices, Notice{Kind: NoticeCoordinator, Op: OpPost, To: g.ChannelID,
				Payload: NoticeData{Group: key, User: user, What: what}.String()})
		}
		if err := c.tx.RemoveVolunteers(key, drop); err != nil {
			return fmt.Errorf("forget volunteers of %s: %w", key, err)
		}
		nd := NoticeData{Group: key, User: user, What: what}.String()
		notices = append(notices, Notice{Kind: NoticeVolunteerAnswer, Op: OpDM, To: user, Payload: nd})
		for _, u := range pending {
			if u == user || confirm {
				notices = append(notices, Notice{Kind: NoticeVolunteer, Op: OpRefresh, Ref: VolunteerRef(key, u),
					Payload: NoticeData{Group: key, User: u}.String()})
			}
		}
		_, err = c.record(Event{Kind: kind, GroupKey: key, Data: map[string]string{"user": user}}, notices...)
		return err
	})
}

// StepDown leaves group key without a coordinator (its coordinator): the secretariat
// is told and convenes the group from then on, and the group's channel is asked for a
// new volunteer.
func (s *Service) StepDown(ctx context.Context, a Actor, key string) error {
	return s.atomic(ctx, a, func(c *change) error {
		g, err := loadGroup(c.tx, key)
		if err != nil {
			return err
		}
		if err := MayStepDown(a, g); err != nil {
			return err
		}
		g.CoordinatorID = ""
		if err := c.tx.UpdateGroup(g); err != nil {
			return fmt.Errorf("update group %s: %w", key, err)
		}
		_, err = c.record(Event{Kind: EvCoordinatorSteppedDown, GroupKey: key, Data: map[string]string{"user": a.UserID}},
			c.vacancy(g, a.UserID)...)
		return err
	})
}

// vacancy is what a group left without coordinator causes: the group's channel is
// asked for a volunteer, and the secretariat told it convenes the group now.
func (c *change) vacancy(g Group, was string) []Notice {
	return []Notice{
		{Kind: NoticeCoordinator, Op: OpPost, To: g.ChannelID, Payload: NoticeData{Group: g.Key, User: was, What: "vacant"}.String()},
		{Kind: NoticeCoordinator, Op: OpPost, To: PlaceTarget(PlaceSecretariat), Payload: NoticeData{Group: g.Key, User: was, What: "stepped_down"}.String()},
	}
}

// Volunteers returns the pending volunteers of group key.
func (s *Service) Volunteers(ctx context.Context, key string) ([]string, error) {
	var out []string
	err := s.Store.Read(ctx, func(tx Tx) (err error) {
		out, err = tx.Volunteers(key)
		return err
	})
	return out, err
}
