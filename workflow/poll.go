package workflow

import (
	"slices"
	"time"
)

// Proposal is what a consensus poll asks the group to agree on.
type Proposal string

// The kinds of proposal.
const (
	ProposePrioritise Proposal = "prioritise" // a wish, at a priority
	ProposeReject     Proposal = "reject"     // a wish, with a reason
	ProposeFree       Proposal = "free"       // a free-standing proposal of the group
)

// Position is a member's stance in a consensus poll.
type Position string

// The stances.
const (
	Agree   Position = "agree"
	Abstain Position = "abstain" // stand aside
	Object  Position = "object"  // a blocking concern; needs a reason
)

// DefaultPollDays is how many days a poll stays open unless its starter says otherwise.
const DefaultPollDays = 7

// DefaultPollDuration is the nominal length of a poll without a chosen deadline. The
// deadline itself is DefaultDeadline: across a change of summer time the poll is an
// hour shorter or longer than this.
const DefaultPollDuration = DefaultPollDays * 24 * time.Hour

// DefaultDeadline is the deadline of a poll started at now without a chosen one: the
// same wall-clock time DefaultPollDays later in loc (domain.md: deadlines are wall-clock
// times in the community's time zone), so that a poll started on a Monday at 09:00 ends
// on the next Monday at 09:00 even when summer time starts or ends in between. A nil
// loc is UTC.
func DefaultDeadline(now time.Time, loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	return now.In(loc).AddDate(0, 0, DefaultPollDays).UTC()
}

// EndOfDay is the deadline that a date chosen as a deadline means: the last second of
// that day in loc (domain.md), so that the poll is open all of that day and is shown as
// ending on it, not at 00:00 on the next. A nil loc is UTC.
func EndOfDay(year int, month time.Month, day int, loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	return time.Date(year, month, day, 23, 59, 59, 0, loc).UTC()
}

// Poll is a consensus poll in a working group's channel.
type Poll struct {
	ID         int64
	WishID     int64 // 0 for a free-standing proposal
	GroupKey   string
	Proposal   Proposal
	Priority   Priority // for ProposePrioritise
	Text       string   // the reason to reject, or the free proposal
	Deadline   time.Time
	Quorum     int
	CreatedBy  string
	CreatedAt  time.Time
	ClosedAt   time.Time // zero while open
	ClosedBy   string
	Consensus  bool    // the outcome, once closed
	Outcome    Outcome // why it ended, once closed
	RemindedAt time.Time
	// Electorate is the group's members when the poll started, fixed for the poll's
	// life (domain.md, "Rules added after the first release"): only they take a
	// stance, and the quorum is counted against them.
	Electorate []string
}

// Outcome is why a poll ended.
type Outcome string

// The outcomes of a closed poll.
const (
	OutcomeConsensus   Outcome = "consensus"
	OutcomeNoConsensus Outcome = "no_consensus"
	OutcomeWithdrawn   Outcome = "withdrawn" // its wish was withdrawn: nothing left to decide
)

// Open reports whether the poll still takes stances.
func (p Poll) Open() bool { return p.ClosedAt.IsZero() }

// InElectorate reports whether user takes a stance in the poll: a member of its
// group when it started, whether or not they are still one.
func (p Poll) InElectorate(user string) bool { return slices.Contains(p.Electorate, user) }

// MinQuorum is the smallest quorum of an electorate of n: half of it, rounded up, and
// at least one. It is the default; a poll's starter may raise it, never lower it.
func MinQuorum(n int) int { return max(1, (n+1)/2) }

// Stance is one member's position in a poll; a member has at most one.
type Stance struct {
	PollID   int64
	UserID   string
	Position Position
	Reason   string
	At       time.Time
}

// Failure names a condition of consensus that was not met.
type Failure string

// The conditions of consensus.
const (
	FailQuorum    Failure = "quorum"
	FailNoAgree   Failure = "no_agree"
	FailObjection Failure = "objection"
)

// Tally is the count of a poll and whether it amounts to consensus.
type Tally struct {
	Agree, Abstain, Object int
	Taken                  int      // members who took a stance
	Quorum                 int      // stances needed
	Missing                []string // members who have not taken a stance
	Stances                []Stance // the members' stances, in the order taken
	Consensus              bool
	Failures               []Failure
}

// Count computes the tally of a poll (domain.md, "Consensus polls"): consensus needs a
// quorum of the electorate with a stance (abstentions count), at least one of them
// agreeing, and no objection standing. Only the electorate's stances count: pass the
// poll's Electorate, never the group's members of today. The quorum counted is at
// least MinQuorum of the electorate whatever quorum is passed, so that a quorum
// stored by an older release (or by any mistake) cannot let fewer decide.
func Count(members []string, quorum int, stances []Stance) Tally {
	quorum = max(quorum, MinQuorum(len(members)))
	t := Tally{Quorum: quorum, Stances: make([]Stance, 0, min(len(stances), len(members)))}
	// A set, not nested loops: a poll of 200 members is counted on every click. took
	// holds the electorate, each marked once they have taken a stance.
	took := make(map[string]bool, len(members))
	for _, m := range members {
		took[m] = false
	}
	for _, s := range stances {
		if done, in := took[s.UserID]; !in || done {
			continue
		}
		took[s.UserID] = true
		t.Stances = append(t.Stances, s)
		switch s.Position {
		case Agree:
			t.Agree++
		case Abstain:
			t.Abstain++
		case Object:
			t.Object++
		}
	}
	t.Taken = len(t.Stances)
	for _, m := range members {
		if !took[m] {
			t.Missing = append(t.Missing, m)
		}
		took[m] = true // a member listed twice is missing once
	}
	if t.Taken < quorum {
		t.Failures = append(t.Failures, FailQuorum)
	}
	if t.Agree == 0 {
		t.Failures = append(t.Failures, FailNoAgree)
	}
	if t.Object > 0 {
		t.Failures = append(t.Failures, FailObjection)
	}
	t.Consensus = len(t.Failures) == 0
	return t
}

// Objections returns the objecting stances with their reasons.
func (t Tally) Objections() []Stance {
	var out []Stance
	for _, s := range t.Stances {
		if s.Position == Object {
			out = append(out, s)
		}
	}
	return out
}

// PollInput is what the coordinator or the secretariat fills in to start a poll.
type PollInput struct {
	WishID   int64 // 0 with GroupKey for a free-standing proposal
	GroupKey string
	Proposal Proposal
	Priority Priority
	Text     string
	Deadline time.Time // zero for DefaultDeadline; a chosen date is its EndOfDay
	Quorum   int       // 0 for the group's default
}

// CanLead reports, as a Forbidden error, whether a may lead group g's process: start
// and close its consensus polls. The group's coordinator and the secretariat may; the
// secretariat convenes groups that have no coordinator (domain.md, "Mandates").
func CanLead(a Actor, g Group) error { return requireGroupLead(a, g) }

// CanTakeStance reports, as a Forbidden error, whether a may take a stance in poll p
// of group g: only its electorate may, whatever roles they hold elsewhere. A member
// who joined after the poll started is told so.
func CanTakeStance(a Actor, p Poll, g Group) error {
	switch {
	case p.InElectorate(a.UserID):
		return nil
	case g.IsMember(a.UserID):
		return Errorf(Forbidden, "err.poll.not_electorate", g.Name)
	}
	return Errorf(Forbidden, "err.forbidden.member", g.Name)
}

// withStance returns stances with s in place of the user's earlier stance, or added
// at the end, as SetStance stores it: changing one's mind keeps one's place. It
// leaves stances as it was.
func withStance(stances []Stance, s Stance) []Stance {
	return setStance(slices.Clip(slices.Clone(stances)), s)
}

// setStance is withStance on a slice the caller owns: it changes stances in place,
// and appends only for a new member.
func setStance(stances []Stance, s Stance) []Stance {
	for i := range stances {
		if stances[i].UserID == s.UserID {
			stances[i].Position, stances[i].Reason, stances[i].At = s.Position, s.Reason, s.At
			return stances
		}
	}
	return append(stances, s)
}
