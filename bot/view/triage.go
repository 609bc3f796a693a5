package view

import (
	"strconv"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/workflow"
)

// SeenValue is the value of a triage button, and the private_metadata of a triage
// modal: the wish's number and the revision of its text shown, "12@3", so that the
// secretariat decides on the text it read (the bot's parseSeen reads it).
func SeenValue(w workflow.Wish) string {
	return strconv.FormatInt(w.ID, 10) + "@" + strconv.FormatInt(int64(w.Revision), 10)
}

// triageView is a triage step's form on wish w, which remembers the revision shown.
func triageView(lang i18n.Lang, cb, title string, w workflow.Wish, blocks []slack.Block) slack.ModalViewRequest {
	return slack.ModalViewRequest{
		Type: slack.VTModal, CallbackID: cb, PrivateMetadata: SeenValue(w),
		Title:  Plain(i18n.T(lang, title)),
		Submit: Plain(i18n.T(lang, "triage.modal.submit")),
		Close:  Plain(i18n.T(lang, "modal.cancel")),
		Blocks: slack.Blocks{BlockSet: blocks},
	}
}

// RouteModal asks where to send the wish: the group (preselected from the
// submitter's choice), the size, and an optional note.
func RouteModal(lang i18n.Lang, groups []workflow.Group, w workflow.Wish) slack.ModalViewRequest {
	var opts []*slack.OptionBlockObject
	var initial *slack.OptionBlockObject
	for _, g := range groups {
		if len(opts) == 100 {
			break
		}
		o := slack.NewOptionBlockObject(g.Key, Plain(Clip(g.Name, 75)), nil)
		opts = append(opts, o)
		if g.Key == w.RequestedGroup {
			initial = o
		}
	}
	sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, Plain(i18n.T(lang, "triage.route.choose")), ActInput, opts...)
	sel.InitialOption = initial
	normal := slack.NewOptionBlockObject(string(workflow.SizeNormal), Plain(i18n.T(lang, "size.normal")), Plain(i18n.T(lang, "triage.route.normal_hint")))
	major := slack.NewOptionBlockObject(string(workflow.SizeMajor), Plain(i18n.T(lang, "size.major")), Plain(i18n.T(lang, "triage.route.major_hint")))
	size := slack.NewRadioButtonsBlockElement(ActInput, normal, major)
	size.InitialOption = normal
	blocks := []slack.Block{
		Section(i18n.T(lang, "triage.modal.wish", WishLabel(w))),
		slack.NewInputBlock(BlkGroup, Plain(i18n.T(lang, "wish.field.group")), nil, sel),
		slack.NewInputBlock(BlkSize, Plain(i18n.T(lang, "wish.label.size")), nil, size),
		TextInput(lang, BlkNote, "triage.note", "triage.route.note_hint", "", true, workflow.MaxNote, true),
	}
	return triageView(lang, CbRoute, "triage.route.title", w, blocks)
}

// triageForm is what the form of a triage step asks: its title and its one text input.
type triageForm struct {
	title, block, label, hint string
	optional                  bool
}

// triageForms are the forms of the triage steps with one text input, by callback id.
var triageForms = map[string]triageForm{
	CbAsk:       {"triage.ask.title", BlkQuestion, "triage.ask.question", "triage.ask.hint", false},
	CbDecline:   {"triage.decline.title", BlkReason, "triage.decline.reason", "triage.decline.hint", false},
	CbDuplicate: {"triage.duplicate.title", BlkNote, "triage.note", "", true},
}

// TriageModal is the form of the triage step cb (CbAsk, CbDecline or CbDuplicate) on
// wish w: the wish, for a duplicate the other wish's number, and the text.
func TriageModal(lang i18n.Lang, cb string, w workflow.Wish) slack.ModalViewRequest {
	f := triageForms[cb]
	blocks := []slack.Block{Section(i18n.T(lang, "triage.modal.wish", WishLabel(w)))}
	if cb == CbDuplicate {
		blocks = append(blocks, TextInput(lang, BlkOther, "triage.duplicate.other", "triage.duplicate.other_hint", "", false, 12, false))
	}
	blocks = append(blocks, TextInput(lang, f.block, f.label, f.hint, "", true, workflow.MaxNote, f.optional))
	return triageView(lang, cb, f.title, w, blocks)
}
