package view

import (
	"fmt"
	"strconv"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/workflow"
)

// WishModal is the New wish (or Edit wish) modal, prefilled from w.
func WishModal(lang i18n.Lang, groups []workflow.Group, w *workflow.Wish, edit bool) slack.ModalViewRequest {
	title, cb, meta := "wish.modal.title", CbNewWish, ""
	if edit {
		title, cb, meta = "wish.modal.edit_title", CbEditWish, strconv.FormatInt(w.ID, 10)
	} else {
		meta = w.SourceLink // the message the Turn into a wish shortcut made it from, or ""
	}
	blocks := []slack.Block{
		TextInput(lang, BlkTitle, "wish.field.title", "wish.hint.title", w.Title, false, workflow.MaxTitle, false),
		groupSelect(lang, groups, w.RequestedGroup),
		TextInput(lang, BlkPurpose, "wish.field.purpose", "wish.hint.purpose", w.Purpose, true, workflow.MaxText, false),
		TextInput(lang, BlkValue, "wish.field.value", "wish.hint.value", w.Value, true, workflow.MaxText, false),
		TextInput(lang, BlkDescription, "wish.field.description", "wish.hint.description", w.Description, true, workflow.MaxText, true),
	}
	if !edit && w.SourceLink != "" {
		blocks = append([]slack.Block{Context(i18n.T(lang, "wish.source_modal"))}, blocks...)
	}
	if edit && w.Question != "" {
		blocks = append([]slack.Block{Section(i18n.T(lang, "wish.modal.question", Clip(w.Question, 2800)))}, blocks...)
	}
	return slack.ModalViewRequest{
		Type: slack.VTModal, CallbackID: cb, PrivateMetadata: meta,
		Title:  Plain(i18n.T(lang, title)),
		Submit: Plain(i18n.T(lang, "wish.modal.submit")),
		Close:  Plain(i18n.T(lang, "modal.cancel")),
		Blocks: slack.Blocks{BlockSet: blocks},
	}
}

// TextInput is an input block with a plain-text input limited to max characters.
func TextInput(lang i18n.Lang, blockID, label, hint, initial string, multiline bool, maxLen int, optional bool) *slack.InputBlock {
	el := slack.NewPlainTextInputBlockElement(nil, ActInput)
	el.Multiline, el.MaxLength, el.InitialValue = multiline, maxLen, Truncate(initial, maxLen)
	in := slack.NewInputBlock(blockID, Plain(i18n.T(lang, label)), nil, el)
	if hint != "" {
		in.Hint = Plain(i18n.T(lang, hint))
	}
	in.Optional = optional
	return in
}

func groupSelect(lang i18n.Lang, groups []workflow.Group, selected string) *slack.InputBlock {
	opts := []*slack.OptionBlockObject{slack.NewOptionBlockObject(NoGroup, Plain(i18n.T(lang, "group.none")), nil)}
	initial := opts[0]
	for _, g := range groups {
		if len(opts) == 100 {
			break
		}
		o := slack.NewOptionBlockObject(g.Key, Plain(Clip(g.Name, 75)), nil)
		opts = append(opts, o)
		if g.Key == selected {
			initial = o
		}
	}
	sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, nil, ActInput, opts...)
	sel.InitialOption = initial
	in := slack.NewInputBlock(BlkGroup, Plain(i18n.T(lang, "wish.field.group")), nil, sel)
	in.Hint = Plain(i18n.T(lang, "wish.hint.group"))
	return in
}

// NoGroup is the wish modal's "Not sure" option of a group.
const NoGroup = "-"

// WishLabel is "#12 Title", escaped.
func WishLabel(w workflow.Wish) string { return fmt.Sprintf("#%d %s", w.ID, Esc(w.Title)) }
