package workflow

import (
	"context"
	"slices"
	"strings"
	"time"
)

// PublicTx is what the public web pages need of a read transaction beyond Tx:
// listings with search, counts and the announced events. storage implements it on
// the read pool.
type PublicTx interface {
	// PublicWishes returns the page of wishes matching f, newest first, and how many
	// match in all.
	PublicWishes(f PublicFilter) ([]Wish, int, error)
	// StateCounts counts the wishes in each state.
	StateCounts() (map[State]int, error)
	// AnnouncedEvents returns the newest limit moves of a wish into one of
	// AnnouncedStates, of wishes routed to group when group is not "", newest first.
	AnnouncedEvents(group string, limit int) ([]Event, error)
	// DisplayNames returns the stored display names of users; a user without one is
	// left out.
	DisplayNames(users []string) (map[string]string, error)
	// SetDisplayName stores user's display name as Slack's users.info gave it.
	SetDisplayName(user, name string, at time.Time) error
	// LastChange is the time of the newest event, for the pages' Last-Modified.
	LastChange() (time.Time, error)
	// HeldMeetings returns the newest limit meetings of group key whose minutes are
	// written (and so posted in the group's channel), newest first, and how many there
	// are in all.
	HeldMeetings(key string, limit int) ([]Meeting, int, error)
}

// PublicFilter selects wishes for the public listing. Zero fields do not filter.
type PublicFilter struct {
	State  State
	Group  string
	Cycle  string
	Query  string // words searched in the title and purpose
	Offset int
	Limit  int
}

// PageSize is the number of wishes on one page of the public listing.
const PageSize = 50

// PublicKinds are the events that are part of a wish's public story: what any member
// sees in the wish's history with /wish N and in the user club channel. Stances are
// shown by the poll, follows are nobody's business, configuration is not a wish's.
var PublicKinds = []EventKind{
	EvWishSubmitted, EvWishEdited, EvWishMoved, EvPollStarted, EvPollClosed,
	EvEstimate, EvInitiativeWishLeft, EvWishDiscussed,
}

// PublicEvent returns e as the public may see it, and false when e is not public at
// all. The note of a move to needs_info is the secretariat's question to the submitter,
// and a note marked private in the event's data is private: neither is ever shown.
func PublicEvent(e Event) (Event, bool) {
	if !slices.Contains(PublicKinds, e.Kind) {
		return Event{}, false
	}
	// Independently of the mark, a move to needs_info never shows its note.
	if e.To == StateNeedsInfo || e.NoteIsPrivate() {
		e.Note = ""
	}
	return e, true
}

// AnnouncedStates are the states a wish is announced in the user club channel on
// entering: group decisions on wishes, the steering group's decisions, plans and
// deliveries (domain.md, "Announcements in the user club channel").
var AnnouncedStates = []State{StatePrioritised, StateRejected, StateApproved, StateNotApproved,
	StatePlanned, StateDelivered}

// Announced reports whether e was announced in the user club channel, so that it
// belongs in the feed.
func Announced(e Event) bool {
	return e.Kind == EvWishMoved && slices.Contains(AnnouncedStates, e.To)
}

// Who is who made a change, as the public pages say it: by role, never by Slack ID.
type Who string

// The roles a change is said to come from.
const (
	WhoSubmitter   Who = "submitter"   // the member who submitted the wish
	WhoSecretariat Who = "secretariat" // the secretariat
	WhoSteering    Who = "steering"    // the steering group
	WhoConsensus   Who = "consensus"   // the working group, by consensus
	WhoGroup       Who = "group"       // a member of the working group
	WhoSystem      Who = "system"      // Tovholder itself (deadlines)
)

// WhoDid says by which role e was done on wish w, from the mandates of domain.md:
// the kind of change tells who may make it, so no Slack ID is needed to name the role.
func WhoDid(e Event, w Wish) Who {
	switch {
	case e.Actor == System.UserID:
		return WhoSystem
	case e.Kind == EvWishMoved && e.Data["poll"] != "":
		return WhoConsensus
	case e.Kind == EvPollStarted:
		return WhoGroup
	case e.Kind == EvWishSubmitted, e.Kind == EvWishEdited:
		return WhoSubmitter
	case e.Kind == EvPollClosed:
		return WhoGroup
	}
	if e.Kind == EvWishMoved {
		switch e.To {
		case StateWithdrawn:
			return WhoSubmitter
		case StateSubmitted:
			if e.Actor == w.SubmitterID {
				return WhoSubmitter
			}
		case StateApproved, StateNotApproved:
			return WhoSteering
		case StateSpecified:
			return WhoGroup
		}
	}
	return WhoSecretariat
}

// RememberName stores user's display name for the public pages. It is not a change
// of governance, so no event is recorded; the name replaces the one stored.
func (s *Service) RememberName(ctx context.Context, user, name string) error {
	if user == "" || name == "" {
		return nil
	}
	if r := []rune(name); len(r) > 80 {
		name = string(r[:80])
	}
	return s.Store.Atomic(ctx, func(tx Tx) error { return tx.SetDisplayName(user, name, s.now()) })
}

// ParseQuery cleans a search box's text: spaces collapsed, at most 100 characters,
// and the characters SQL LIKE gives a meaning (% _ \) kept as text by the caller.
func ParseQuery(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 100 {
		s = strings.TrimSpace(string(r[:100]))
	}
	return s
}
