package workflow

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// SetPlace sets the channel of a place (admins only).
func (s *Service) SetPlace(ctx context.Context, a Actor, p Place, channelID string) error {
	if err := requireRole(a, RoleAdmin); err != nil {
		return err
	}
	return s.atomic(ctx, a, func(c *change) error {
		if err := c.require(RoleAdmin); err != nil {
			return err
		}
		if err := checkPlaceChannel(c.tx, p, channelID); err != nil {
			return err
		}
		if err := c.tx.SetSetting(PlaceSetting(p), channelID); err != nil {
			return fmt.Errorf("set channel of %s: %w", p, err)
		}
		_, err := c.record(Event{Kind: EvChannelSet, Data: map[string]string{"place": string(p), "channel": channelID}})
		return err
	})
}

// checkPlaceChannel refuses to make channelID the steering group's or the user club's
// channel when it is a working group's channel, or the other of the two: the steering
// group's recommendations would be read by a group, or the user club's announcements
// mixed with the steering group's decisions still to be made.
func checkPlaceChannel(tx Tx, p Place, channelID string) error {
	if p != PlaceSteering && p != PlaceUserClub {
		return nil
	}
	gs, err := tx.Groups()
	if err != nil {
		return fmt.Errorf("groups: %w", err)
	}
	for _, g := range gs {
		if g.ChannelID == channelID {
			return Errorf(Invalid, "err.channel.group", string(p), g.Key)
		}
	}
	other := PlaceUserClub
	if p == PlaceUserClub {
		other = PlaceSteering
	}
	ch, err := tx.Setting(PlaceSetting(other))
	if err != nil {
		return fmt.Errorf("channel of %s: %w", other, err)
	}
	if ch == channelID {
		return Errorf(Invalid, "err.channel.other_place", string(p), string(other))
	}
	return nil
}

// PlaceChannel returns the channel of place p, or "" when it is not set.
func (s *Service) PlaceChannel(ctx context.Context, p Place) (string, error) {
	var ch string
	err := s.Store.Read(ctx, func(tx Tx) (err error) {
		ch, err = tx.Setting(PlaceSetting(p))
		return err
	})
	return ch, err
}

// Grant gives role to users (admins only) and reports who did not have it already.
func (s *Service) Grant(ctx context.Context, a Actor, role Role, users []string) ([]string, error) {
	return s.changeRole(ctx, a, role, users, true)
}

// Revoke takes role from users (admins only) and reports who had it.
func (s *Service) Revoke(ctx context.Context, a Actor, role Role, users []string) ([]string, error) {
	return s.changeRole(ctx, a, role, users, false)
}

func (s *Service) changeRole(ctx context.Context, a Actor, role Role, users []string, grant bool) ([]string, error) {
	if err := requireRole(a, RoleAdmin); err != nil {
		return nil, err
	}
	var changed []string
	err := s.atomic(ctx, a, func(c *change) error {
		if err := c.require(RoleAdmin); err != nil {
			return err
		}
		changed = nil
		if !grant && (role == RoleSecretariat || role == RoleSteering) {
			// Someone must still receive the role's digests and decide its part.
			holders, err := c.tx.RoleHolders(role)
			if err != nil {
				return fmt.Errorf("holders of %s: %w", role, err)
			}
			if len(holders) > 0 && !slices.ContainsFunc(holders, func(h string) bool { return !slices.Contains(users, h) }) {
				return Errorf(Conflict, "err.role.last", string(role))
			}
		}
		for _, u := range users {
			kind, f := EvRoleAdded, c.tx.GrantRole
			if !grant {
				kind, f = EvRoleRemoved, c.tx.RevokeRole
			}
			ok, err := f(u, role)
			if err != nil {
				return fmt.Errorf("%s role %s of %s: %w", kind, role, u, err)
			}
			if !ok {
				continue
			}
			changed = append(changed, u)
			if _, err := c.record(Event{Kind: kind, Data: map[string]string{"role": string(role), "user": u}}); err != nil {
				return err
			}
		}
		return nil
	})
	return changed, err
}

// RoleHolders returns the holders of each role; configured admins are listed too.
func (s *Service) RoleHolders(ctx context.Context) (map[Role][]string, error) {
	out := map[Role][]string{}
	err := s.Store.Read(ctx, func(tx Tx) error {
		for _, r := range Roles {
			users, err := tx.RoleHolders(r)
			if err != nil {
				return err
			}
			out[r] = users
		}
		return nil
	})
	for _, u := range s.Admins {
		if !slices.Contains(out[RoleAdmin], u) {
			out[RoleAdmin] = append(out[RoleAdmin], u)
		}
	}
	return out, err
}

// CreateGroup creates a working group (admins and the secretariat).
func (s *Service) CreateGroup(ctx context.Context, a Actor, key, channelID, name string) (Group, error) {
	if err := requireRole(a, RoleAdmin, RoleSecretariat); err != nil {
		return Group{}, err
	}
	name = strings.TrimSpace(name)
	switch {
	case !ValidGroupKey(key):
		return Group{}, Errorf(Invalid, "err.group.key", key)
	case name == "" || utf8.RuneCountInString(name) > 80:
		return Group{}, Errorf(Invalid, "err.group.name")
	case channelID == "":
		return Group{}, Errorf(Invalid, "err.group.channel")
	}
	g := Group{Key: key, Name: name, ChannelID: channelID}
	err := s.atomic(ctx, a, func(c *change) error {
		if err := c.require(RoleAdmin, RoleSecretariat); err != nil {
			return err
		}
		if other, err := c.tx.GroupByChannel(channelID); err == nil {
			return Errorf(Conflict, "err.group.channel_taken", other.Name)
		} else if KindOf(err) != NotFound {
			return err
		}
		g.CreatedAt = c.at
		if err := c.tx.CreateGroup(g); KindOf(err) == Conflict {
			return Errorf(Conflict, "err.group.exists", key)
		} else if err != nil {
			return fmt.Errorf("create group %s: %w", key, err)
		}
		_, err := c.record(Event{Kind: EvGroupCreated, GroupKey: key, Data: map[string]string{"name": name, "channel": channelID}})
		return err
	})
	return g, err
}

// SetCoordinator makes user the coordinator of group key, or leaves the group without
// one when user is "" (admins and the secretariat). A coordinator is also a member.
func (s *Service) SetCoordinator(ctx context.Context, a Actor, key, user string) error {
	if err := requireRole(a, RoleAdmin, RoleSecretariat); err != nil {
		return err
	}
	return s.atomic(ctx, a, func(c *change) error {
		if err := c.require(RoleAdmin, RoleSecretariat); err != nil {
			return err
		}
		g, err := loadGroup(c.tx, key)
		if err != nil {
			return err
		}
		was := g.CoordinatorID
		g.CoordinatorID = user
		if err := c.tx.UpdateGroup(g); err != nil {
			return fmt.Errorf("update group %s: %w", key, err)
		}
		var notices []Notice
		if user == "" && was != "" {
			// The group's channel is asked for a volunteer (domain.md, "A coordinator volunteers").
			notices = c.vacancy(g, was)[:1]
		}
		if user != "" {
			if _, err := c.tx.AddMember(key, user); err != nil {
				return fmt.Errorf("add coordinator to %s: %w", key, err)
			}
		}
		_, err = c.record(Event{Kind: EvGroupChanged, GroupKey: key, Data: map[string]string{"coordinator": user}}, notices...)
		return err
	})
}

// AddMembers adds users to group key and reports who was not a member already.
func (s *Service) AddMembers(ctx context.Context, a Actor, key string, users []string) ([]string, error) {
	return s.changeMembers(ctx, a, key, users, true)
}

// RemoveMembers removes users from group key and reports who was a member. The
// coordinator is not removed in passing, which would leave the group without one
// unannounced: the whole change is refused (Conflict), saying to choose another
// coordinator or none first.
func (s *Service) RemoveMembers(ctx context.Context, a Actor, key string, users []string) ([]string, error) {
	return s.changeMembers(ctx, a, key, users, false)
}

func (s *Service) changeMembers(ctx context.Context, a Actor, key string, users []string, add bool) ([]string, error) {
	if err := requireRole(a, RoleAdmin, RoleSecretariat); err != nil {
		return nil, err
	}
	var changed []string
	err := s.atomic(ctx, a, func(c *change) error {
		if err := c.require(RoleAdmin, RoleSecretariat); err != nil {
			return err
		}
		changed = nil
		g, err := loadGroup(c.tx, key)
		if err != nil {
			return err
		}
		if !add && g.CoordinatorID != "" && slices.Contains(users, g.CoordinatorID) {
			return Errorf(Conflict, "err.group.remove_coordinator", g.Name, g.Key)
		}
		for _, u := range users {
			kind, f := EvMemberAdded, c.tx.AddMember
			if !add {
				kind, f = EvMemberRemoved, c.tx.RemoveMember
			}
			ok, err := f(key, u)
			if err != nil {
				return fmt.Errorf("%s %s in %s: %w", kind, u, key, err)
			}
			if !ok {
				continue
			}
			changed = append(changed, u)
			if _, err := c.record(Event{Kind: kind, GroupKey: key, Data: map[string]string{"user": u}}); err != nil {
				return err
			}
		}
		return nil
	})
	return changed, err
}

// Groups returns every working group with its members.
func (s *Service) Groups(ctx context.Context) ([]Group, error) {
	var gs []Group
	err := s.Store.Read(ctx, func(tx Tx) (err error) {
		gs, err = tx.Groups()
		return err
	})
	return gs, err
}

// Group returns one working group.
func (s *Service) Group(ctx context.Context, key string) (Group, error) {
	var g Group
	err := s.Store.Read(ctx, func(tx Tx) (err error) {
		g, err = loadGroup(tx, key)
		return err
	})
	return g, err
}

// GroupByChannel returns the working group whose channel is channelID.
func (s *Service) GroupByChannel(ctx context.Context, channelID string) (Group, error) {
	var g Group
	err := s.Store.Read(ctx, func(tx Tx) (err error) {
		g, err = tx.GroupByChannel(channelID)
		if KindOf(err) == NotFound {
			return Errorf(NotFound, "err.group.no_channel")
		}
		return err
	})
	return g, err
}
