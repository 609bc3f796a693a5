package workflow

import (
	"regexp"
	"slices"
	"time"
)

// Role is a standing mandate in the community, held by Slack users.
type Role string

// The roles. Working-group membership and coordinatorship are per group, not roles.
const (
	RoleAdmin       Role = "admin"       // configures the bot
	RoleSecretariat Role = "secretariat" // sekretariatet
	RoleSteering    Role = "steering"    // styregruppen
)

// Roles lists the roles that can be granted.
var Roles = []Role{RoleAdmin, RoleSecretariat, RoleSteering}

// ParseRole reads a role name.
func ParseRole(s string) (Role, bool) {
	r := Role(s)
	return r, slices.Contains(Roles, r)
}

// Actor is who is acting, with the roles they hold at that moment.
type Actor struct {
	UserID string
	Roles  []Role
}

// Has reports whether the actor holds role r.
func (a Actor) Has(r Role) bool { return slices.Contains(a.Roles, r) }

// System is the actor for what the scheduler does on its own (deadlines, reminders).
var System = Actor{UserID: "system"}

// Place is a channel with a job in the process, set with /tovholder channel.
type Place string

// The places.
const (
	PlaceSecretariat Place = "secretariat"
	PlaceSteering    Place = "steering"
	PlaceUserClub    Place = "userclub"
)

// Places lists the configurable places.
var Places = []Place{PlaceSecretariat, PlaceSteering, PlaceUserClub}

// Group is a working group (arbejdsgruppe), one per KITOS module or cross-cutting theme.
type Group struct {
	Key           string // e.g. "kontrakt"
	Name          string // e.g. "IT-kontrakter"
	ChannelID     string
	CoordinatorID string // the tovholder; "" when the secretariat convenes the group
	Members       []string
	Schedule      string        // reminder cron expression; "" for DefaultSchedule
	RemindBefore  time.Duration // before-deadline reminder; 0 for DefaultRemindBefore
	CreatedAt     time.Time
}

// Defaults of a group's reminders (domain.md, "Reminders").
const (
	DefaultSchedule     = "0 9 * * 1"
	DefaultRemindBefore = 24 * time.Hour
)

// IsMember reports whether user is a member of the group.
func (g Group) IsMember(user string) bool { return slices.Contains(g.Members, user) }

// DefaultQuorum is half of the members, rounded up, and at least one: the quorum of
// a poll started now, whose electorate is today's members.
func (g Group) DefaultQuorum() int { return MinQuorum(len(g.Members)) }

var groupKey = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,31}$`)

// ValidGroupKey reports whether k is a group key: lowercase letters, digits and dashes.
func ValidGroupKey(k string) bool { return groupKey.MatchString(k) }
