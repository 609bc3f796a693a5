package workflow

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ProposeOrder is the proposal of a ranking's consensus poll: "Adopt this order". It is
// started only by closing a ranking, never from the poll modal.
const ProposeOrder Proposal = "order"

// RankingTx is what a ranked backlog needs of a transaction.
type RankingTx interface {
	// CreateRanking stores r with its wishes and electorate and returns its id.
	CreateRanking(r Ranking) (int64, error)
	// Ranking returns ranking id; ErrNotFound when there is none.
	Ranking(id int64) (Ranking, error)
	// RankingOfPoll returns the ranking whose adoption poll is pollID; ErrNotFound when none.
	RankingOfPoll(pollID int64) (Ranking, error)
	// UpdateRanking saves the closing fields of r (ClosedAt, ClosedBy, Order, Dropped, PollID).
	UpdateRanking(r Ranking) error
	// OpenRankings returns the rankings that are still open, oldest first.
	OpenRankings() ([]Ranking, error)
	// SetDots replaces user's allocation in ranking id.
	SetDots(id int64, user string, dots map[int64]int, at time.Time) error
	// Dots returns every allocation of ranking id, by user.
	Dots(id int64) (map[string]map[int64]int, error)
	// SetRanks replaces the ranks of group key with order (rank 1 first), from ranking id.
	SetRanks(key string, order []int64, rankingID int64, at time.Time) error
	// Ranks returns the ranks of group key's wishes, by wish.
	Ranks(key string) (map[int64]int, error)
}

// Ranking is a dot vote of a working group over its prioritised backlog.
type Ranking struct {
	ID         int64
	GroupKey   string
	WishIDs    []int64 // the wishes in the vote, as the lead chose them
	Dots       int     // dots per member
	Deadline   time.Time
	Electorate []string // the group's members when it started
	CreatedBy  string
	CreatedAt  time.Time
	ClosedAt   time.Time // zero while open
	ClosedBy   string
	Order      []int64 // the result, once closed: best first
	Dropped    []int64 // wishes that left the backlog before it closed
	PollID     int64   // the "Adopt this order" poll, once closed
}

// Open reports whether members may still distribute their dots.
func (r Ranking) Open() bool { return r.ClosedAt.IsZero() }

// Limits of a ranking (issue 14).
const (
	MinRankWishes = 2
	MaxRankWishes = 10
	DefaultDots   = 10
	MinDots       = 1
	MaxDots       = 50
)

// RankingRef is the message key of a ranking's message.
func RankingRef(id int64) string { return "ranking/" + itoa(id) }

// BacklogStates are the states of a wish in its group's ranked backlog: prioritised
// and not yet planned or delivered.
var BacklogStates = []State{StatePrioritised, StateSpecified, StateEstimated, StateRecommended, StateApproved}

// InBacklog reports whether w belongs in group key's ranked backlog: prioritised and
// not yet planned or delivered.
func InBacklog(w Wish, key string) bool {
	return w.Group == key && slices.Contains(BacklogStates, w.State)
}

// RankingInput is what the lead fills in to start a ranking.
type RankingInput struct {
	GroupKey string
	WishIDs  []int64
	Dots     int       // 0 for DefaultDots
	Deadline time.Time // zero for DefaultDeadline
}

// checkRankingInput checks the lead's choices against the group's backlog.
func checkRankingInput(in *RankingInput, backlog []Wish, now time.Time) error {
	if in.Dots == 0 {
		in.Dots = DefaultDots
	}
	ids, ok := distinct(in.WishIDs)
	switch {
	case in.Dots < MinDots || in.Dots > MaxDots:
		return Errorf(Invalid, "err.rank.dots", MinDots, MaxDots)
	case !ok || len(ids) < MinRankWishes || len(ids) > MaxRankWishes:
		return Errorf(Invalid, "err.rank.wishes", MinRankWishes, MaxRankWishes)
	case !in.Deadline.After(now) || in.Deadline.Sub(now) > MaxPollDuration:
		return Errorf(Invalid, "err.poll.deadline", int(MaxPollDuration.Hours()/24))
	}
	for _, id := range ids {
		if !slices.ContainsFunc(backlog, func(w Wish) bool { return w.ID == id }) {
			return Errorf(Invalid, "err.rank.not_backlog", id)
		}
	}
	in.WishIDs = ids
	return nil
}

// ParseDots reads the dots a member gives one wish: blank is 0; otherwise a whole
// number from 0 to max, digits only. The error is a catalog key.
func ParseDots(s string, max int) (int, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, ""
	}
	if len(s) > 3 || strings.Trim(s, "0123456789") != "" {
		if strings.HasPrefix(s, "-") {
			return 0, "err.rank.negative"
		}
		return 0, "err.rank.number"
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, "err.rank.number"
	}
	if n > max {
		return 0, "err.rank.too_many"
	}
	return n, ""
}

// CheckDots reads a member's allocation (the raw text per wish) and says what is wrong
// with which wish's input: each must be a number from 0 to dots, and together at most
// dots; when the sum is over, every input that gave dots is marked.
func CheckDots(raw map[int64]string, dots int) (map[int64]int, map[int64]string) {
	out, errs := map[int64]int{}, map[int64]string{}
	sum := 0
	for id, s := range raw {
		n, e := ParseDots(s, dots)
		if e != "" {
			errs[id] = e
			continue
		}
		out[id] = n
		sum += n
	}
	if len(errs) == 0 && sum > dots {
		for id, n := range out {
			if n > 0 {
				errs[id] = "err.rank.over"
			}
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return out, nil
}

// RankItem is one wish's standing when a ranking closes.
type RankItem struct {
	WishID         int64
	Dots           int
	Municipalities int
	CreatedAt      time.Time
}

// OrderRanking orders a ranking's wishes: by dots, ties broken by the number of
// supporting municipalities, then by age (the older first).
func OrderRanking(items []RankItem) []int64 {
	items = slices.Clone(items)
	slices.SortStableFunc(items, func(a, b RankItem) int {
		return cmp.Or(cmp.Compare(b.Dots, a.Dots), cmp.Compare(b.Municipalities, a.Municipalities),
			a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.WishID, b.WishID))
	})
	out := make([]int64, len(items))
	for i, it := range items {
		out[i] = it.WishID
	}
	return out
}

// TotalDots sums every member's dots per wish, counting only the electorate.
func TotalDots(electorate []string, dots map[string]map[int64]int) map[int64]int {
	out := map[int64]int{}
	for user, alloc := range dots {
		if !slices.Contains(electorate, user) {
			continue
		}
		for id, n := range alloc {
			out[id] += n
		}
	}
	return out
}

// CanDistribute reports, as a Forbidden error, whether a may distribute dots in r of
// group g: only its electorate may, as in a poll.
func CanDistribute(a Actor, r Ranking, g Group) error {
	switch {
	case slices.Contains(r.Electorate, a.UserID):
		return nil
	case g.IsMember(a.UserID):
		return Errorf(Forbidden, "err.rank.not_electorate", g.Name)
	}
	return Errorf(Forbidden, "err.forbidden.member", g.Name)
}

// ByGroupRank orders wishes as a development plan lists them: by group, and in each
// group by its adopted rank, the ranked first; otherwise as they were.
func ByGroupRank(ws []Wish, ranks map[int64]int) {
	key := func(w Wish) int {
		if r := ranks[w.ID]; r > 0 {
			return r
		}
		return 1 << 30
	}
	slices.SortStableFunc(ws, func(a, b Wish) int {
		return cmp.Or(cmp.Compare(a.Group, b.Group), cmp.Compare(key(a), key(b)))
	})
}
