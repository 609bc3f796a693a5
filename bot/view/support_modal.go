package view

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/workflow"
)

// The callback ids and input blocks of the organisation, ranking and dots forms.
const (
	CbOrg           = "org.choose"
	CbRankStart     = "rank.start_form"
	CbRankDots      = "rank.dots_form"
	BlkOrg          = "organisation"
	BlkRankWishes   = "wishes"
	BlkRankDots     = "dots"
	BlkRankDeadline = "deadline"
	BlkDotsPrefix   = "dots_" // + the wish's number: one input per wish
	maxCheckboxes   = 10      // Slack's checkboxes take at most 10 options
)

func supportModal(lang i18n.Lang, cb, title, submit, meta string, blocks ...slack.Block) slack.ModalViewRequest {
	return slack.ModalViewRequest{Type: slack.VTModal, CallbackID: cb, PrivateMetadata: meta,
		Title: Plain(Truncate(i18n.T(lang, title), 24)), Submit: Plain(Truncate(i18n.T(lang, submit), 24)),
		Close: Plain(i18n.T(lang, "modal.cancel")), Blocks: slack.Blocks{BlockSet: blocks}}
}

// OrgModal asks a person's municipality or organisation from os, with selected (a
// key, "" for none) chosen; forWish is the wish to support once chosen (0 for none),
// kept in the form's metadata.
func OrgModal(lang i18n.Lang, os []workflow.Organisation, selected string, forWish int64) slack.ModalViewRequest {
	var blocks []slack.Block
	meta := ""
	if forWish != 0 {
		meta = IDStr(forWish)
		blocks = append(blocks, Section(i18n.T(lang, "org.modal.first", forWish)))
	}
	blocks = append(blocks, orgSelect(lang, os, selected))
	return supportModal(lang, CbOrg, "org.modal.title", "org.modal.submit", meta, blocks...)
}

// orgSelect is a select of the organisations in option groups, one per region and
// "Other": Slack allows at most 100 options in a group and 100 groups.
func orgSelect(lang i18n.Lang, os []workflow.Organisation, selected string) *slack.InputBlock {
	var groups []*slack.OptionGroupBlockObject
	var initial *slack.OptionBlockObject
	for _, g := range workflow.OrgGroups {
		var opts []*slack.OptionBlockObject
		for _, o := range os {
			if o.Group != g || len(opts) == workflow.MaxOrgsPerGroup {
				continue
			}
			opt := slack.NewOptionBlockObject(o.Key, Plain(Clip(o.Name, 75)), nil)
			if o.Key == selected {
				initial = opt
			}
			opts = append(opts, opt)
		}
		if len(opts) > 0 {
			groups = append(groups, slack.NewOptionGroupBlockElement(Plain(i18n.T(lang, "org.group."+g)), opts...))
		}
	}
	sel := slack.NewOptionsGroupSelectBlockElement(slack.OptTypeStatic, Plain(i18n.T(lang, "org.placeholder")), ActInput, groups...)
	sel.InitialOption = initial
	in := slack.NewInputBlock(BlkOrg, Plain(i18n.T(lang, "org.field")), nil, sel)
	in.Hint = Plain(i18n.T(lang, "org.hint"))
	return in
}

// RankModal is Rank the backlog of g: which wishes of its backlog to rank (the first
// MaxRankWishes ticked; checkboxes up to ten, else a multi-select), the dots per member
// and the deadline, its picker at day (YYYY-MM-DD).
func RankModal(lang i18n.Lang, g workflow.Group, backlog []workflow.RankedWish, day string) slack.ModalViewRequest {
	var opts, initial []*slack.OptionBlockObject
	for _, rw := range backlog {
		if len(opts) == 100 {
			break
		}
		o := slack.NewOptionBlockObject(IDStr(rw.Wish.ID), Plain(Truncate(fmt.Sprintf("#%d %s", rw.Wish.ID, rw.Wish.Title), 75)), nil)
		opts = append(opts, o)
		if len(initial) < workflow.MaxRankWishes {
			initial = append(initial, o)
		}
	}
	var el slack.BlockElement
	if len(opts) <= maxCheckboxes {
		cb := slack.NewCheckboxGroupsBlockElement(ActInput, opts...)
		cb.InitialOptions = initial
		el = cb
	} else {
		ms := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeStatic, Plain(i18n.T(lang, "rank.field.wishes")), ActInput, opts...)
		maxItems := workflow.MaxRankWishes
		ms.InitialOptions, ms.MaxSelectedItems = initial, &maxItems
		el = ms
	}
	wishes := slack.NewInputBlock(BlkRankWishes, Plain(i18n.T(lang, "rank.field.wishes")), nil, el)
	wishes.Hint = Plain(i18n.T(lang, "rank.hint.wishes", workflow.MinRankWishes, workflow.MaxRankWishes))
	dots := TextInput(lang, BlkRankDots, "rank.field.dots", "", strconv.Itoa(workflow.DefaultDots), false, 2, false)
	dots.Hint = Plain(i18n.T(lang, "rank.hint.dots", workflow.MinDots, workflow.MaxDots))
	picker := slack.NewDatePickerBlockElement(ActInput)
	picker.InitialDate = day
	deadline := slack.NewInputBlock(BlkRankDeadline, Plain(i18n.T(lang, "poll.field.deadline")), nil, picker)
	deadline.Hint = Plain(i18n.T(lang, "rank.hint.deadline"))
	return supportModal(lang, CbRankStart, "rank.modal.title", "rank.modal.submit", g.Key,
		Section(i18n.T(lang, "rank.modal.intro", Esc(g.Name))), wishes, dots, deadline)
}

// DotsModal is Distribute my dots on ranking d: a number per wish, mine (the member's
// earlier dots by wish) filled in, with each wish's support as its hint.
func DotsModal(lang i18n.Lang, d workflow.RankingDetail, mine map[int64]int) slack.ModalViewRequest {
	blocks := []slack.Block{Section(i18n.T(lang, "rank.dots.intro", d.Ranking.Dots))}
	for _, rw := range d.Wishes {
		initial := ""
		if n, ok := mine[rw.Wish.ID]; ok {
			initial = strconv.Itoa(n)
		}
		in := TextInput(lang, BlkDotsPrefix+IDStr(rw.Wish.ID), "", "", initial, false, 3, true)
		in.Label = Plain(Truncate(fmt.Sprintf("#%d %s", rw.Wish.ID, rw.Wish.Title), 2000))
		in.Hint = Plain(SupportLine(lang, rw.Support))
		blocks = append(blocks, in)
	}
	return supportModal(lang, CbRankDots, "rank.dots.title", "rank.dots.submit", IDStr(d.Ranking.ID), blocks...)
}

// TopList is /wish list top: the open wishes by supporting municipalities, then people.
func TopList(lang i18n.Lang, ws []workflow.RankedWish) Message {
	if len(ws) == 0 {
		return Message{Text: i18n.T(lang, "wish.list_empty"), Blocks: []slack.Block{Section(i18n.T(lang, "wish.list_empty"))}}
	}
	lines := make([]string, len(ws))
	for i, rw := range ws {
		lines[i] = i18n.T(lang, "top.line", i+1, WishLabel(rw.Wish), StateName(lang, rw.Wish.State), SupportLine(lang, rw.Support))
	}
	header := i18n.T(lang, "top.header")
	blocks := append([]slack.Block{Section("*" + header + "*")}, PackLines(lines, 40, MoreText(lang, "wish.history_more"))...)
	return Message{Text: header, Blocks: blocks}
}

// OrgList is /tovholder organisation list: the organisations by group.
func OrgList(lang i18n.Lang, os []workflow.Organisation) Message {
	title := i18n.T(lang, "org.list")
	lines := []string{"*" + title + "*"}
	for _, g := range workflow.OrgGroups {
		var names []string
		for _, o := range os {
			if o.Group == g {
				names = append(names, Esc(o.Name))
			}
		}
		if len(names) > 0 {
			lines = append(lines, "*"+i18n.T(lang, "org.group."+g)+"* ("+strconv.Itoa(len(names))+"): "+strings.Join(names, ", "))
		}
	}
	return Message{Text: title, Blocks: PackLines(lines, 20, MoreText(lang, "wish.history_more"))}
}

// SupportReceipt is the DM to a person whose support of wish id, given with their
// choice of organisation, is recorded; s is the wish's support now.
func SupportReceipt(lang i18n.Lang, id int64, s workflow.Support) Message {
	text := i18n.T(lang, "support.recorded", id, SupportLine(lang, s))
	return Message{Text: text, Blocks: []slack.Block{Section(text)}}
}

// SupportButton is Support on wish w shown to a person who may support it (its DMs,
// `/wish N`), or Withdraw support for one who does (supports); nothing for w's
// submitter, who always counts, nor on a wish that takes no support.
func SupportButton(lang i18n.Lang, w workflow.Wish, viewer string, supports bool) []slack.BlockElement {
	if viewer == w.SubmitterID || workflow.CanSupport(w) != nil {
		return nil
	}
	if supports {
		return []slack.BlockElement{Button(ActUnsupport, i18n.T(lang, "support.unsupport_button"), IDStr(w.ID), "")}
	}
	return []slack.BlockElement{Button(ActSupport, i18n.T(lang, "support.button"), IDStr(w.ID), "")}
}

// Candidates lists the wishes the secretariat may recommend (estimated), by group and
// the group's adopted rank, with their support: what a recommendation rests on.
// groupName names a group by its key.
func Candidates(lang i18n.Lang, ws []workflow.RankedWish, groupName func(key string) string) slack.Block {
	if len(ws) == 0 {
		return Context(i18n.T(lang, "recommend.no_candidates"))
	}
	lines := []string{"*" + i18n.T(lang, "recommend.candidates") + "*"}
	for _, rw := range ws {
		l := "• " + WishLabel(rw.Wish) + " · " + SupportLine(lang, rw.Support)
		if rw.Rank > 0 {
			l += " · " + i18n.T(lang, "rank.line", rw.Rank, Esc(groupName(rw.Wish.Group)))
		}
		lines = append(lines, l)
	}
	return Section(Truncate(strings.Join(lines, "\n"), 3000))
}
