package view

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/workflow"
)

// ranking is a ranking of the contract group over two wishes, open or closed.
func ranking(closed bool) workflow.RankingDetail {
	other := workflow.Wish{ID: 14, Title: "Contract roles", State: workflow.StatePrioritised, Group: "kontrakt"}
	gone := workflow.Wish{ID: 15, Title: "Withdrawn <b>midway</b>", State: workflow.StateWithdrawn, Group: "kontrakt"}
	d := workflow.RankingDetail{
		Ranking: workflow.Ranking{ID: 3, GroupKey: "kontrakt", WishIDs: []int64{alarm.ID, other.ID, gone.ID}, Dots: 10,
			Deadline: at.Add(7 * 24 * time.Hour), Electorate: []string{"U0SOREN01", "U0ANNA001", "U0LARS001"},
			CreatedBy: "U0SOREN01", CreatedAt: at},
		Group: workflow.Group{Key: "kontrakt", Name: "IT-kontrakter", ChannelID: "C0KONT001"},
		Wishes: []workflow.RankedWish{
			{Wish: alarm, Support: workflow.Support{People: 14, Municipalities: 9}},
			{Wish: other, Support: workflow.Support{People: 1}},
		},
		Left:  []workflow.Wish{gone},
		Voted: 2,
	}
	if closed {
		d.Ranking.ClosedAt, d.Ranking.ClosedBy = at.Add(time.Hour), "U0SOREN01"
		d.Ranking.Order, d.Ranking.Dropped = []int64{alarm.ID, other.ID}, []int64{gone.ID}
		d.Totals = map[int64]int{alarm.ID: 15, other.ID: 5}
		d.Poll = &workflow.Poll{ID: 9, Proposal: workflow.ProposeOrder}
	}
	return d
}

func TestRankingViews(t *testing.T) {
	for _, lang := range langs {
		golden(t, "message.ranking_open", lang, RankingMessage(lang, ranking(false), copenhagen))
		golden(t, "message.ranking_closed", lang, RankingMessage(lang, ranking(true), copenhagen))
		golden(t, "message.ranking_result", lang, RankingResult(lang, ranking(true)))
		d := ranking(true)
		d.Poll.ClosedAt, d.Poll.ClosedBy, d.Poll.Consensus = at.Add(48*time.Hour), "U0SOREN01", true
		golden(t, "message.ranks_announced", lang, RanksAnnounced(lang, d, []workflow.RankedWish{
			{Wish: alarm, Support: workflow.Support{People: 14, Municipalities: 9}, Rank: 1},
			{Wish: workflow.Wish{ID: 14, Title: "Contract roles"}, Support: workflow.Support{People: 1}, Rank: 2}}, copenhagen))
	}
	// Closed without a poll: nothing left in the backlog, or nobody to adopt the order.
	for name, order := range map[string][]int64{"message.ranking_nothing_left": nil, "message.ranking_no_members": {alarm.ID, 14}} {
		d := ranking(true)
		d.Poll, d.Ranking.Order = nil, order
		want := map[bool]string{true: "rank.nothing_left", false: "rank.no_members"}[order == nil]
		for _, lang := range langs {
			m := RankingMessage(lang, d, copenhagen)
			golden(t, name, lang, m)
			res := RankingResult(lang, d)
			golden(t, name+"_result", lang, res)
			for _, msg := range []Message{m, res} {
				raw, _ := json.Marshal(msg.Blocks)
				if !strings.Contains(string(raw), i18n.T(lang, want)) {
					t.Errorf("%s in %s does not say %q", name, lang, i18n.T(lang, want))
				}
			}
		}
	}
}
