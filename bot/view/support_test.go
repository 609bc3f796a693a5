package view

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/workflow"
)

// backlog is n prioritised wishes of the contract group, the first ranked.
func backlog(n int) []workflow.RankedWish {
	out := make([]workflow.RankedWish, n)
	for i := range out {
		out[i] = workflow.RankedWish{Wish: workflow.Wish{ID: int64(20 + i), Title: "Wish <b>" + strings.Repeat("long ", i) + "</b>",
			State: workflow.StatePrioritised, Group: "kontrakt"}, Support: workflow.Support{People: i + 1, Municipalities: i}}
	}
	out[0].Rank = 1
	return out
}

// TestSupportViews renders the forms and answers of support and ranking in both
// languages against golden files: the organisation select, Rank the backlog, Distribute
// my dots, /wish list top, the organisation list, the support receipt and the
// recommendation's candidates.
func TestSupportViews(t *testing.T) {
	kontrakt := workflow.Group{Key: "kontrakt", Name: "IT-kontrakter <script>", ChannelID: "C0KONT001"}
	extra := append(append([]workflow.Organisation{}, workflow.DefaultOrganisations...),
		workflow.Organisation{Key: "digst", Name: "Digitaliseringsstyrelsen & <co>", Group: workflow.OrgOther})
	d := ranking(false)
	top := []workflow.RankedWish{
		{Wish: alarm, Support: workflow.Support{People: 14, Municipalities: 9}},
		{Wish: workflow.Wish{ID: 14, Title: "Contract roles", State: workflow.StateInAssessment}, Support: workflow.Support{People: 1}},
	}
	names := func(string) string { return "IT-kontrakter" }
	for _, lang := range langs {
		golden(t, "modal.organisation", lang, OrgModal(lang, workflow.DefaultOrganisations, "", 0))
		golden(t, "modal.organisation_to_support", lang, OrgModal(lang, extra, "aarhus", 12))
		golden(t, "modal.rank", lang, RankModal(lang, kontrakt, backlog(3), "2027-03-08"))
		golden(t, "modal.rank_many", lang, RankModal(lang, kontrakt, backlog(12), "2027-03-08"))
		golden(t, "modal.dots", lang, DotsModal(lang, d, map[int64]int{alarm.ID: 7}))
		golden(t, "message.top", lang, TopList(lang, top))
		golden(t, "message.top_empty", lang, TopList(lang, nil))
		golden(t, "message.organisations", lang, OrgList(lang, extra))
		golden(t, "message.support_receipt", lang, SupportReceipt(lang, 12, workflow.Support{People: 14, Municipalities: 9}))
		golden(t, "message.recommend_candidates", lang, Message{Text: i18n.T(lang, "recommend.candidates"), Blocks: []slack.Block{Candidates(lang, top[:1], names)}})
		golden(t, "message.recommend_no_candidates", lang, Message{Text: i18n.T(lang, "recommend.candidates"), Blocks: []slack.Block{Candidates(lang, nil, names)}})
	}
}

// TestOrgModalGroups: every option group holds at most Slack's 100 options, and the
// person's organisation is chosen.
func TestOrgModalGroups(t *testing.T) {
	m := OrgModal(langs[0], workflow.DefaultOrganisations, "aarhus", 0)
	in := m.Blocks.BlockSet[0].(*slack.InputBlock)
	sel := in.Element.(*slack.SelectBlockElement)
	if sel.InitialOption == nil || sel.InitialOption.Value != "aarhus" {
		t.Errorf("initial option %+v, want aarhus", sel.InitialOption)
	}
	n := 0
	for _, g := range sel.OptionGroups {
		if len(g.Options) > 100 {
			t.Errorf("group %s holds %d options", g.Label.Text, len(g.Options))
		}
		n += len(g.Options)
	}
	if n != len(workflow.DefaultOrganisations) {
		t.Errorf("%d options, want every one of the %d organisations", n, len(workflow.DefaultOrganisations))
	}
}

// TestRankModalLimits: up to ten wishes are checkboxes, all ticked; more are a
// multi-select with the first MaxRankWishes chosen and no more allowed.
func TestRankModalLimits(t *testing.T) {
	few := RankModal(langs[0], workflow.Group{Key: "k"}, backlog(10), "2027-03-08")
	cb, ok := few.Blocks.BlockSet[1].(*slack.InputBlock).Element.(*slack.CheckboxGroupsBlockElement)
	if !ok || len(cb.InitialOptions) != 10 {
		t.Fatalf("ten wishes: %T, want checkboxes with all ten ticked", few.Blocks.BlockSet[1].(*slack.InputBlock).Element)
	}
	many := RankModal(langs[0], workflow.Group{Key: "k"}, backlog(12), "2027-03-08")
	raw, err := json.Marshal(many.Blocks.BlockSet[1])
	if err != nil {
		t.Fatal(err)
	}
	var in struct {
		Element struct {
			Type           string            `json:"type"`
			InitialOptions []json.RawMessage `json:"initial_options"`
			Max            int               `json:"max_selected_items"`
		} `json:"element"`
	}
	if err := json.Unmarshal(raw, &in); err != nil {
		t.Fatal(err)
	}
	if in.Element.Type != "multi_static_select" || len(in.Element.InitialOptions) != workflow.MaxRankWishes || in.Element.Max != workflow.MaxRankWishes {
		t.Errorf("twelve wishes: %+v, want a multi-select of at most %d, that many chosen", in.Element, workflow.MaxRankWishes)
	}
}
