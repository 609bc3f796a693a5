package view

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/workflow"
)

// Action ids of support and ranking.
const (
	ActSupport   = "wish.support"
	ActUnsupport = "wish.unsupport"
	ActRankStart = "rank.start"
)

// Standing is a wish's support and its rank in its group's adopted order, as its card
// and `/wish N` show them.
type Standing struct {
	workflow.RankedWish
	GroupName string
}

// SupportLine is "Supported by 14 people from 9 municipalities".
func SupportLine(lang i18n.Lang, s workflow.Support) string {
	if s.Municipalities == 0 {
		return i18n.T(lang, "support.line_people", i18n.N(lang, "count.people", s.People))
	}
	return i18n.T(lang, "support.line", i18n.N(lang, "count.people", s.People), i18n.N(lang, "count.municipalities", s.Municipalities))
}

// OrgNames names the supporting organisations, up to ten, then "and 4 more".
func OrgNames(lang i18n.Lang, s workflow.Support) string {
	named, more := s.Named()
	names := make([]string, len(named))
	for i, o := range named {
		names[i] = fmt.Sprintf("%s (%d)", Esc(o.Name), o.People)
	}
	out := strings.Join(names, ", ")
	if more > 0 {
		out += " " + i18n.T(lang, "support.more", more)
	}
	return out
}

// StandingLines are the support and the rank of a wish; names lists the supporting
// organisations too (the secretariat's and the group's cards).
func StandingLines(lang i18n.Lang, st Standing, names bool) []string {
	lines := []string{":raised_hands: " + SupportLine(lang, st.Support)}
	if names && len(st.Support.Orgs) > 0 {
		lines[0] += ": " + OrgNames(lang, st.Support)
	}
	if st.Rank > 0 {
		lines = append(lines, ":trophy: "+i18n.T(lang, "rank.line", st.Rank, Esc(st.GroupName)))
	}
	return lines
}

// StandingPart shows the support and rank on every wish card.
func StandingPart(lang i18n.Lang, c Card) []slack.Block {
	if c.Standing == nil {
		return nil
	}
	names := c.Notice.Kind == workflow.NoticeWishCard || c.Notice.Kind == workflow.NoticeGroupCard
	return []slack.Block{Context(StandingLines(lang, *c.Standing, names)...)}
}

// Backlog is a group's prioritised backlog on its lead's Home tab: its first wishes
// (HomeItems are shown), and how many it has in all (len(Wishes) when Total is 0).
type Backlog struct {
	Group  workflow.Group
	Wishes []workflow.RankedWish
	Total  int
}

// HomeRank is, for a group's coordinator or the secretariat, each group's backlog with
// a Rank the backlog button.
func HomeRank(lang i18n.Lang, h Home) []slack.Block {
	var blocks []slack.Block
	for _, bl := range h.Backlogs {
		if len(blocks) >= 12 {
			break
		}
		var lines []string
		for i, rw := range bl.Wishes {
			if i == HomeItems {
				break
			}
			pos := "•"
			if rw.Rank > 0 {
				pos = strconv.Itoa(rw.Rank) + "."
			}
			lines = append(lines, pos+" "+WishLabel(rw.Wish))
		}
		total := max(bl.Total, len(bl.Wishes))
		s := slack.NewSectionBlock(Mrkdwn(Truncate("*"+i18n.T(lang, "rank.home", Esc(bl.Group.Name), total)+"*\n"+strings.Join(lines, "\n"), 3000)), nil,
			slack.NewAccessory(Button(ActRankStart, i18n.T(lang, "rank.start"), bl.Group.Key, "")))
		blocks = append(blocks, s)
	}
	if len(blocks) > 0 {
		blocks = append([]slack.Block{slack.NewDividerBlock()}, blocks...)
	}
	return blocks
}

// AnnounceSupport is Support under an announcement in the user club about an open wish.
func AnnounceSupport(lang i18n.Lang, w workflow.Wish) []slack.Block {
	if workflow.CanSupport(w) != nil {
		return nil
	}
	return []slack.Block{Buttons("announce_support", Button(ActSupport, i18n.T(lang, "support.button"), strconv.FormatInt(w.ID, 10), ""))}
}
