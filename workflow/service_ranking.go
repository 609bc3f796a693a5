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

// Events and notices of a ranked backlog.
const (
	EvRankingStarted EventKind = "ranking.started"
	EvDotsGiven      EventKind = "ranking.dots"
	EvRankingClosed  EventKind = "ranking.closed"
	EvRanksAdopted   EventKind = "ranking.adopted"

	NoticeRanking        NoticeKind = "ranking"         // the ranking message in the group channel
	NoticeRankingResult  NoticeKind = "ranking_result"  // in its thread, when it closes
	NoticeRanksAnnounced NoticeKind = "ranks_announced" // the adopted order, in the user club
)

// StartRanking starts a dot vote over a group's backlog (coordinator or secretariat).
func (s *Service) StartRanking(ctx context.Context, a Actor, in RankingInput) (Ranking, error) {
	var r Ranking
	err := s.atomic(ctx, a, func(c *change) error {
		g, err := loadGroup(c.tx, in.GroupKey)
		if err != nil {
			return err
		}
		if err := CanLead(a, g); err != nil {
			return err
		}
		if len(g.Members) == 0 {
			return Errorf(Invalid, "err.poll.no_members", g.Name)
		}
		open, err := c.tx.OpenRankings()
		if err != nil {
			return fmt.Errorf("open rankings: %w", err)
		}
		if slices.ContainsFunc(open, func(o Ranking) bool { return o.GroupKey == g.Key }) {
			return Errorf(Conflict, "err.rank.already_open", g.Name)
		}
		bl, err := backlog(c.tx, g.Key)
		if err != nil {
			return err
		}
		ws := make([]Wish, len(bl))
		for i, rw := range bl {
			ws[i] = rw.Wish
		}
		if in.Deadline.IsZero() {
			in.Deadline = DefaultDeadline(c.at, s.Location)
		}
		if err := checkRankingInput(&in, ws, c.at); err != nil {
			return err
		}
		r = Ranking{GroupKey: g.Key, WishIDs: in.WishIDs, Dots: in.Dots, Deadline: in.Deadline,
			Electorate: slices.Clone(g.Members), CreatedBy: a.UserID, CreatedAt: c.at}
		if r.ID, err = c.tx.CreateRanking(r); err != nil {
			return fmt.Errorf("create ranking: %w", err)
		}
		_, err = c.record(Event{Kind: EvRankingStarted, GroupKey: g.Key, Data: map[string]string{"ranking": itoa(r.ID),
			"wishes": joinIDs(r.WishIDs), "dots": strconv.Itoa(r.Dots), "deadline": r.Deadline.Format(time.RFC3339)}},
			Notice{Kind: NoticeRanking, Op: OpPost, To: g.ChannelID, Ref: RankingRef(r.ID)})
		return err
	})
	return r, err
}

// Distribute records the actor's dots in ranking id, replacing earlier ones; raw is
// the text of each wish's input. A malformed allocation is a *FieldError whose fields
// are the wish numbers.
func (s *Service) Distribute(ctx context.Context, a Actor, id int64, raw map[int64]string) error {
	return s.atomic(ctx, a, func(c *change) error {
		r, g, err := loadRankingGroup(c.tx, id)
		if err != nil {
			return err
		}
		if !r.Open() || !c.at.Before(r.Deadline) {
			return Errorf(Conflict, "err.rank.closed")
		}
		if err := CanDistribute(a, r, g); err != nil {
			return err
		}
		for wid := range raw {
			if !slices.Contains(r.WishIDs, wid) {
				return Errorf(Invalid, "err.stale")
			}
		}
		dots, errs := CheckDots(raw, r.Dots)
		if errs != nil {
			fe := FieldErrors{}
			for wid, key := range errs {
				fe[itoa(wid)] = key
			}
			return &FieldError{Fields: fe}
		}
		if err := c.tx.SetDots(id, a.UserID, dots, c.at); err != nil {
			return fmt.Errorf("set dots: %w", err)
		}
		// The event names the ranking, not the allocation: it is private until the end.
		_, err = c.record(Event{Kind: EvDotsGiven, GroupKey: g.Key, Data: map[string]string{"ranking": itoa(id)}},
			Notice{Kind: NoticeRanking, Op: OpRefresh, Ref: RankingRef(id)})
		return err
	})
}

// CloseRanking closes a ranking now (coordinator or secretariat).
func (s *Service) CloseRanking(ctx context.Context, a Actor, id int64) (Ranking, error) {
	var r Ranking
	err := s.atomic(ctx, a, func(c *change) error {
		var g Group
		var err error
		if r, g, err = loadRankingGroup(c.tx, id); err != nil {
			return err
		}
		if err := CanLead(a, g); err != nil {
			return err
		}
		if !r.Open() {
			return Errorf(Conflict, "err.rank.closed")
		}
		r, err = c.closeRanking(r, g, s.Location)
		return err
	})
	return r, err
}

// CloseDueRankings closes every open ranking past its deadline, as the system; run
// every minute and at start, so one that ran out while the bot was down closes.
func (s *Service) CloseDueRankings(ctx context.Context) (int, error) {
	return s.closeDue(ctx, "ranking",
		func(tx Tx) ([]int64, error) {
			rs, err := tx.OpenRankings()
			var due []int64
			for _, r := range rs {
				if !s.now().Before(r.Deadline) {
					due = append(due, r.ID)
				}
			}
			return due, err
		},
		func(c *change, id int64) error {
			r, g, err := loadRankingGroup(c.tx, id)
			if err != nil || !r.Open() {
				return err
			}
			_, err = c.closeRanking(r, g, s.Location)
			return err
		})
}

// closeRanking orders the wishes still in the backlog and proposes the order to the
// group as a consensus poll "Adopt this order".
func (c *change) closeRanking(r Ranking, g Group, loc *time.Location) (Ranking, error) {
	dots, err := c.tx.Dots(r.ID)
	if err != nil {
		return r, fmt.Errorf("dots of ranking %d: %w", r.ID, err)
	}
	totals := TotalDots(r.Electorate, dots)
	var items []RankItem
	var lines []string
	for _, id := range r.WishIDs {
		w, err := loadWish(c.tx, id)
		if err != nil {
			return r, err
		}
		if !InBacklog(w, g.Key) {
			r.Dropped = append(r.Dropped, id)
			continue
		}
		sup, err := supportOf(c.tx, w)
		if err != nil {
			return r, err
		}
		items = append(items, RankItem{WishID: id, Dots: totals[id], Municipalities: sup.Municipalities, CreatedAt: w.CreatedAt})
	}
	r.Order = OrderRanking(items)
	r.ClosedAt, r.ClosedBy = c.at, c.actor.UserID
	for i, id := range r.Order {
		w, _ := loadWish(c.tx, id)
		lines = append(lines, fmt.Sprintf("%d. #%d %s", i+1, id, w.Title))
	}
	if len(r.Order) > 0 && len(g.Members) > 0 {
		text := strings.Join(lines, "\n")
		if utf8.RuneCountInString(text) > MaxNote {
			text = joinIDs(r.Order)
		}
		p := Poll{GroupKey: g.Key, Proposal: ProposeOrder, Text: text, Deadline: DefaultDeadline(c.at, loc),
			Quorum: MinQuorum(len(g.Members)), CreatedBy: c.actor.UserID, CreatedAt: c.at, Electorate: slices.Clone(g.Members)}
		if r.PollID, err = c.tx.CreatePoll(p); err != nil {
			return r, fmt.Errorf("create poll: %w", err)
		}
	}
	if err := c.tx.UpdateRanking(r); err != nil {
		return r, fmt.Errorf("save ranking %d: %w", r.ID, err)
	}
	_, err = c.record(Event{Kind: EvRankingClosed, GroupKey: g.Key, PollID: r.PollID, Data: map[string]string{
		"ranking": itoa(r.ID), "order": joinIDs(r.Order), "dropped": joinIDs(r.Dropped)}},
		Notice{Kind: NoticeRanking, Op: OpRefresh, Ref: RankingRef(r.ID)},
		Notice{Kind: NoticeRankingResult, Op: OpReply, Ref: RankingRef(r.ID), Payload: itoa(r.ID)})
	if err != nil || r.PollID == 0 {
		return r, err
	}
	// The poll starts in the ranking's thread, below the result it proposes.
	p, err := loadPoll(c.tx, r.PollID)
	if err != nil {
		return r, err
	}
	_, err = c.record(Event{Kind: EvPollStarted, PollID: r.PollID, GroupKey: g.Key, Note: p.Text,
		Data: map[string]string{"proposal": string(p.Proposal), "ranking": itoa(r.ID),
			"deadline": p.Deadline.Format(time.RFC3339), "quorum": strconv.Itoa(p.Quorum)}},
		Notice{Kind: NoticePoll, Op: OpReply, Ref: RankingRef(r.ID)})
	return r, err
}

// adoptOrder gives the wishes of a ranking adopted by consensus their ranks in the
// group, replacing the earlier ranks, and tells the user club. A wish that left the
// backlog since the ranking closed gets no rank.
func (c *change) adoptOrder(p Poll) error {
	r, err := c.tx.RankingOfPoll(p.ID)
	if err != nil {
		return fmt.Errorf("ranking of poll %d: %w", p.ID, err)
	}
	var order []int64
	for _, id := range r.Order {
		w, err := loadWish(c.tx, id)
		if err != nil {
			return err
		}
		if InBacklog(w, r.GroupKey) {
			order = append(order, id)
		}
	}
	if err := c.tx.SetRanks(r.GroupKey, order, r.ID, c.at); err != nil {
		return fmt.Errorf("set ranks of %s: %w", r.GroupKey, err)
	}
	notices := []Notice{{Kind: NoticeRanksAnnounced, Op: OpPost, To: PlaceTarget(PlaceUserClub), Payload: itoa(r.ID)}}
	for _, id := range order {
		notices = append(notices, Notice{Kind: NoticeWishCard, Op: OpRefresh, WishID: id})
	}
	// The poll is named in the data, not as the event's poll: the cards' refreshes are
	// of the wishes only, and the poll message is refreshed by its closing already.
	_, err = c.record(Event{Kind: EvRanksAdopted, GroupKey: r.GroupKey,
		Data: map[string]string{"ranking": itoa(r.ID), "poll": itoa(p.ID), "order": joinIDs(order)}}, notices...)
	return err
}

func loadRankingGroup(tx Tx, id int64) (Ranking, Group, error) {
	r, err := tx.Ranking(id)
	if KindOf(err) == NotFound {
		return r, Group{}, Errorf(NotFound, "err.rank.not_found", id)
	}
	if err != nil {
		return r, Group{}, fmt.Errorf("load ranking %d: %w", id, err)
	}
	g, err := loadGroup(tx, r.GroupKey)
	return r, g, err
}

// leaveRankings returns a refresh of the message of every open ranking w is in when
// w leaves its group's backlog (withdrawn, planned, a duplicate): the message says it
// dropped out, and the result will not count it.
func (c *change) leaveRankings(w Wish, from State) ([]Notice, error) {
	was := Wish{Group: w.Group, State: from}
	if w.Group == "" || !InBacklog(was, w.Group) || InBacklog(w, w.Group) {
		return nil, nil
	}
	open, err := c.tx.OpenRankings()
	if err != nil {
		return nil, fmt.Errorf("open rankings: %w", err)
	}
	var out []Notice
	for _, r := range open {
		if slices.Contains(r.WishIDs, w.ID) {
			out = append(out, Notice{Kind: NoticeRanking, Op: OpRefresh, Ref: RankingRef(r.ID)})
		}
	}
	return out, nil
}

// pollThread is the message under which a poll's outcome is told: the poll's own, or,
// for a ranking's "Adopt this order", which is itself in the ranking's thread, the
// ranking's (Slack threads are one level deep).
func (c *change) pollThread(p Poll) (string, error) {
	if p.Proposal != ProposeOrder {
		return PollRef(p.ID), nil
	}
	r, err := c.tx.RankingOfPoll(p.ID)
	if err != nil {
		return "", fmt.Errorf("ranking of poll %d: %w", p.ID, err)
	}
	return RankingRef(r.ID), nil
}
