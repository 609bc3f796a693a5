package workflow

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxPollDuration bounds a poll's deadline, so that a typo does not park a wish for years.
const MaxPollDuration = 90 * 24 * time.Hour

// StartPoll starts a consensus poll in a working group's channel, on a wish in
// assessment or on a free-standing proposal (coordinator or secretariat).
func (s *Service) StartPoll(ctx context.Context, a Actor, in PollInput) (Poll, error) {
	var p Poll
	if in.Proposal == ProposeOrder {
		// An order is proposed by closing a ranking, never by hand.
		return p, Errorf(Invalid, "err.poll.proposal")
	}
	err := s.atomic(ctx, a, func(c *change) error {
		var w Wish
		if in.WishID != 0 {
			var err error
			if w, err = loadWish(c.tx, in.WishID); err != nil {
				return err
			}
			if w.State != StateInAssessment {
				// Only an assessed wish has a group to poll.
				return Errorf(Conflict, "err.poll.wish_state", w.ID, string(w.State))
			}
			in.GroupKey = w.Group
		}
		g, err := loadGroup(c.tx, in.GroupKey)
		if err != nil {
			return err
		}
		if err := CanLead(c.actor, g); err != nil {
			return err
		}
		if in.Deadline.IsZero() {
			in.Deadline = DefaultDeadline(c.at, s.Location)
		}
		if p, err = newPoll(in, g, w, c.at); err != nil {
			return err
		}
		p.CreatedBy = a.UserID
		if in.WishID != 0 {
			if err := noOpenPoll(c.tx, in.WishID); err != nil {
				return err
			}
		}
		if p.ID, err = c.tx.CreatePoll(p); err != nil {
			return fmt.Errorf("create poll: %w", err)
		}
		_, err = c.record(Event{Kind: EvPollStarted, WishID: p.WishID, PollID: p.ID, GroupKey: g.Key,
			Note: p.Text, Data: map[string]string{"proposal": string(p.Proposal), "priority": string(p.Priority),
				"deadline": p.Deadline.Format(time.RFC3339), "quorum": strconv.Itoa(p.Quorum)}},
			pollNotices(p, Notice{Kind: NoticePoll, Op: OpPost, To: g.ChannelID, Ref: PollRef(p.ID)})...)
		return err
	})
	return p, err
}

// newPoll checks a poll's input against the group and the wish and fills defaults.
func newPoll(in PollInput, g Group, w Wish, now time.Time) (Poll, error) {
	p := Poll{WishID: in.WishID, GroupKey: g.Key, Proposal: in.Proposal, Priority: in.Priority,
		Text: strings.TrimSpace(in.Text), Deadline: in.Deadline, Quorum: in.Quorum, CreatedAt: now,
		Electorate: slices.Clone(g.Members)}
	if in.WishID != 0 && w.State != StateInAssessment {
		return p, Errorf(Conflict, "err.poll.wish_state", w.ID, string(w.State))
	}
	if err := checkProposal(in); err != nil {
		return p, err
	}
	if in.Proposal != ProposePrioritise {
		p.Priority = "" // a priority means something only to a proposal to prioritise
	}
	switch {
	case len(g.Members) == 0:
		return p, Errorf(Invalid, "err.poll.no_members", g.Name)
	case in.Proposal != ProposePrioritise && p.Text == "":
		return p, Errorf(Invalid, "err.poll.text")
	case utf8.RuneCountInString(p.Text) > MaxNote:
		return p, Errorf(Invalid, "err.note.too_long", MaxNote)
	}
	if !p.Deadline.After(now) || p.Deadline.Sub(now) > MaxPollDuration {
		return p, Errorf(Invalid, "err.poll.deadline", int(MaxPollDuration.Hours()/24))
	}
	n := len(p.Electorate)
	if p.Quorum == 0 {
		p.Quorum = MinQuorum(n)
	}
	switch {
	case p.Quorum < MinQuorum(n):
		return p, Errorf(Invalid, "err.poll.quorum_min", MinQuorum(n), n)
	case p.Quorum > n:
		return p, Errorf(Invalid, "err.poll.quorum", n)
	}
	return p, nil
}

// checkProposal refuses a proposal the poll's consensus could not apply as its
// message says: on a wish only prioritise (at a known priority) or reject, and
// without one only a free-standing proposal. Anything else (an empty or unknown
// proposal from a forged or broken form) would read as a free question and yet
// decide the wish.
func checkProposal(in PollInput) error {
	switch {
	case in.WishID == 0 && in.Proposal != ProposeFree:
		return Errorf(Invalid, "err.poll.proposal")
	case in.WishID != 0 && in.Proposal != ProposePrioritise && in.Proposal != ProposeReject:
		return Errorf(Invalid, "err.poll.proposal")
	case in.Proposal == ProposePrioritise && !in.Priority.Known():
		return Errorf(Invalid, "err.poll.priority")
	}
	return nil
}

func noOpenPoll(tx Tx, wishID int64) error {
	polls, err := tx.PollsOfWish(wishID)
	if err != nil {
		return fmt.Errorf("polls of wish %d: %w", wishID, err)
	}
	if OpenPollOf(polls) != nil {
		return Errorf(Conflict, "err.poll.already_open", wishID)
	}
	return nil
}

// pollNotices are notices of a poll's start or close, and, for a poll on a wish, the
// refresh of the wish's cards, which show the open poll instead of Start consensus poll.
func pollNotices(p Poll, ns ...Notice) []Notice {
	if p.WishID != 0 {
		ns = append(ns, Notice{Kind: NoticeWishCard, Op: OpRefresh})
	}
	return ns
}

// OpenPollOf is the open one of a wish's polls (a wish has at most one), or nil.
func OpenPollOf(polls []Poll) *Poll {
	for i := range polls {
		if polls[i].Open() {
			return &polls[i]
		}
	}
	return nil
}

func loadPollGroup(tx Tx, pollID int64) (Poll, Group, error) {
	p, err := loadPoll(tx, pollID)
	if err != nil {
		return p, Group{}, err
	}
	g, err := loadGroup(tx, p.GroupKey)
	return p, g, err
}

// ClosePoll closes a poll now (coordinator or secretariat) and applies its outcome.
func (s *Service) ClosePoll(ctx context.Context, a Actor, pollID int64) (Tally, error) {
	var t Tally
	err := s.atomic(ctx, a, func(c *change) error {
		p, g, err := loadPollGroup(c.tx, pollID)
		if err != nil {
			return err
		}
		if err := CanLead(c.actor, g); err != nil {
			return err
		}
		if !p.Open() {
			return Errorf(Conflict, "err.poll.closed", pollID)
		}
		t, err = c.closePoll(p, g)
		return err
	})
	return t, err
}

// CloseDuePolls closes every open poll whose deadline has passed, as the system. It is
// run every minute and at start, so a poll that ran out while the bot was down closes.
func (s *Service) CloseDuePolls(ctx context.Context) (int, error) {
	return s.closeDue(ctx, "poll",
		func(tx Tx) ([]int64, error) {
			polls, err := tx.OpenPolls()
			var due []int64
			for _, p := range polls {
				if !s.now().Before(p.Deadline) {
					due = append(due, p.ID)
				}
			}
			return due, err
		},
		func(c *change, id int64) error {
			p, g, err := loadPollGroup(c.tx, id)
			if err != nil || !p.Open() {
				return err
			}
			_, err = c.closePoll(p, g)
			return err
		})
}

// closePoll computes the outcome, saves it, and moves the wish when the group agreed:
// prioritised or rejected, announced in the user club.
func (c *change) closePoll(p Poll, g Group) (Tally, error) {
	stances, err := c.tx.Stances(p.ID)
	if err != nil {
		return Tally{}, fmt.Errorf("stances of poll %d: %w", p.ID, err)
	}
	t := Count(p.Electorate, p.Quorum, stances)
	p.ClosedAt, p.ClosedBy, p.Consensus, p.Outcome = c.at, c.actor.UserID, t.Consensus, OutcomeNoConsensus
	if t.Consensus {
		p.Outcome = OutcomeConsensus
	}
	if err := c.tx.UpdatePoll(p); err != nil {
		return t, fmt.Errorf("save poll %d: %w", p.ID, err)
	}
	data := map[string]string{"agree": strconv.Itoa(t.Agree), "abstain": strconv.Itoa(t.Abstain),
		"object": strconv.Itoa(t.Object), "quorum": strconv.Itoa(t.Quorum), "consensus": strconv.FormatBool(t.Consensus)}
	for _, f := range t.Failures {
		data["failed_"+string(f)] = "true"
	}
	thread, err := c.pollThread(p)
	if err != nil {
		return t, err
	}
	notices := pollNotices(p, Notice{Kind: NoticePoll, Op: OpRefresh}, Notice{Kind: NoticePollOutcome, Op: OpReply, Ref: thread})
	if p.WishID != 0 && !t.Consensus {
		w, err := loadWish(c.tx, p.WishID)
		if err != nil {
			return t, err
		}
		ws, err := c.watchers(w)
		if err != nil {
			return t, err
		}
		for _, u := range ws {
			notices = append(notices, Notice{Kind: NoticeWishChanged, Op: OpDM, To: u})
		}
	}
	if _, err := c.record(Event{Kind: EvPollClosed, WishID: p.WishID, PollID: p.ID, GroupKey: g.Key, Data: data}, notices...); err != nil {
		return t, err
	}
	if p.Proposal == ProposeOrder && t.Consensus {
		return t, c.adoptOrder(p)
	}
	if p.WishID == 0 || !t.Consensus {
		return t, nil
	}
	if w, err := loadWish(c.tx, p.WishID); err != nil {
		return t, err
	} else if w.State != StateInAssessment {
		return t, nil // left assessment another way (withdrawn); the outcome is on record
	}
	return t, c.applyDecision(p)
}

// applyDecision moves a wish as its working group agreed and announces it.
func (c *change) applyDecision(p Poll) error {
	w, err := loadWish(c.tx, p.WishID)
	if err != nil {
		return err
	}
	var to State
	switch {
	case p.Proposal == ProposePrioritise && p.Priority.Known():
		to, w.Priority = StatePrioritised, p.Priority
	case p.Proposal == ProposeReject:
		to = StateRejected
	default:
		// StartPoll refuses such a poll; one in the database anyway must not decide
		// the wish by a default.
		return fmt.Errorf("apply poll %d on wish %d: proposal %q at priority %q cannot be applied", p.ID, p.WishID, p.Proposal, p.Priority)
	}
	announce := Notice{Kind: NoticeAnnouncement, Op: OpPost, To: PlaceTarget(PlaceUserClub), PollID: p.ID}
	return c.move(&w, to, p.Text, map[string]string{"poll": itoa(p.ID), "priority": string(p.Priority)}, announce)
}

// EndedByWithdrawal reports whether the poll was closed because its wish was
// withdrawn, as stored when it closed.
func (d PollDetail) EndedByWithdrawal() bool { return d.Poll.Outcome == OutcomeWithdrawn }

// PollDetail is a poll with its group, wish and tally.
type PollDetail struct {
	Poll  Poll
	Group Group
	Wish  *Wish // nil for a free-standing proposal
	Tally Tally
}

// Poll returns poll id with its group, wish and current tally.
func (s *Service) Poll(ctx context.Context, id int64) (PollDetail, error) {
	var d PollDetail
	err := s.Store.Read(ctx, func(tx Tx) (err error) {
		if d.Poll, d.Group, err = loadPollGroup(tx, id); err != nil {
			return err
		}
		if d.Poll.WishID != 0 {
			w, err := loadWish(tx, d.Poll.WishID)
			if err != nil {
				return err
			}
			d.Wish = &w
		}
		stances, err := tx.Stances(id)
		d.Tally = Count(d.Poll.Electorate, d.Poll.Quorum, stances)
		return err
	})
	return d, err
}
