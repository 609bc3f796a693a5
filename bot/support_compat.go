package bot

import (
	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/bot/view"
	"github.com/os2kitos/tovholder/workflow"
)

// The support and ranking handlers were written before bot/view held the Block Kit
// helpers; these names keep them building until their renderers move into bot/view.

type message = view.Message

func plain(s string) *slack.TextBlockObject        { return view.Plain(s) }
func section(s string) *slack.SectionBlock         { return view.Section(s) }
func truncate(s string, n int) string              { return view.Truncate(s, n) }
func context_(parts ...string) *slack.ContextBlock { return view.Context(parts...) }
func button(actionID, label, value string, style slack.Style) *slack.ButtonBlockElement {
	return view.Button(actionID, label, value, style)
}
func packLines(lines []string, room int, more func(rest int) string) []slack.Block {
	return view.PackLines(lines, room, more)
}
func moreText(lang i18n.Lang, key string) func(int) string { return view.MoreText(lang, key) }
func textInput(lang i18n.Lang, blockID, label, hint, initial string, multiline bool, maxLen int, optional bool) *slack.InputBlock {
	return view.TextInput(lang, blockID, label, hint, initial, multiline, maxLen, optional)
}

const actInput = view.ActInput

func clip(s string, n int) string                       { return view.Clip(s, n) }
func esc(s string) string                               { return view.Esc(s) }
func stateName(lang i18n.Lang, s workflow.State) string { return view.StateName(lang, s) }
func wishLabel(w workflow.Wish) string                  { return view.WishLabel(w) }
