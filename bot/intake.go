package bot

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/workflow"
)

// Action and callback ids of the intake.
const (
	actFollow     = "wish.follow"
	actUnfollow   = "wish.unfollow"
	actListMore   = "wish.list_more"
	actSubmitWish = "wish.open_modal"
	cbNewWish     = "wish.new"
	cbEditWish    = "wish.edit"
	listPage      = 20
)

// wishCommands are /wish and its subcommands.
var wishCommands = []Command{
	{Slash: "/wish", Name: "help", Help: "help.wish.help", Example: "/wish help"},
	{Slash: "/wish", Name: "", Args: "usage.wish_new", Help: "help.wish_new", Example: "example.wish_new", Run: cmdWish, Fallback: true},
	{Slash: "/wish", Name: "list", Help: "help.wish_list", Example: "/wish list", Run: cmdWishList},
	{Slash: "/wish", Name: "list all", Help: "help.wish_list_all", Example: "/wish list all", Run: cmdWishListAll},
	{Slash: "/wish", Name: "follow", Args: "usage.wish_number", Help: "help.wish_follow", Example: "/wish follow 12", Run: cmdFollow(true)},
	{Slash: "/wish", Name: "unfollow", Args: "usage.wish_number", Help: "help.wish_unfollow", Example: "/wish unfollow 12", Run: cmdFollow(false)},
}

// cmdWish opens the wish modal (with the title filled in from the text as typed,
// quotes and all), or shows a wish when the text is its number.
func cmdWish(ctx context.Context, b *Bot, r *request, args []string) error {
	if len(args) == 1 {
		if id, ok := wishNumber(args[0]); ok {
			return b.showWish(ctx, r, id)
		}
		if looksLikeNumber(args[0]) {
			// "/wish 0", "/wish -1": a wrong number, not the title of a new wish.
			b.sayKey(ctx, r, "wish.bad_number", esc(args[0]))
			return nil
		}
	}
	title := strings.TrimSpace(r.text)
	if title == "" {
		title = strings.Join(args, " ")
	}
	return b.openWishModal(ctx, r, r.triggerID, &workflow.Wish{Title: title}, false)
}

// numberLike is a word written as a whole number, signed or with a "#".
var numberLike = regexp.MustCompile(`^#?[-+]?[0-9]+$`)

// looksLikeNumber reports whether s is written as a number, valid wish number or not.
func looksLikeNumber(s string) bool { return numberLike.MatchString(s) }

// wishNumber reads "12" or "#12".
func wishNumber(s string) (int64, bool) { return idValue(strings.TrimPrefix(s, "#")) }

func cmdFollow(on bool) func(ctx context.Context, b *Bot, r *request, args []string) error {
	return func(ctx context.Context, b *Bot, r *request, args []string) error {
		if len(args) != 1 {
			return errUsage
		}
		id, ok := wishNumber(args[0])
		if !ok {
			return errUsage
		}
		return b.follow(ctx, r, id, on)
	}
}

func (b *Bot) follow(ctx context.Context, r *request, id int64, on bool) error {
	a, err := b.actor(ctx, r)
	if err != nil {
		return err
	}
	f, yes, no := b.svc.Follow, "wish.followed", "wish.already_following"
	if !on {
		f, yes, no = b.svc.Unfollow, "wish.unfollowed", "wish.not_following"
	}
	changed, err := f(ctx, a, id)
	if err != nil {
		return err
	}
	if changed {
		b.sayKey(ctx, r, yes, id)
	} else {
		b.sayKey(ctx, r, no, id)
	}
	return nil
}

func (b *Bot) openWishModal(ctx context.Context, r *request, trigger string, w *workflow.Wish, edit bool) error {
	groups, err := b.svc.Groups(ctx)
	if err != nil {
		return err
	}
	_, err = b.slack.OpenViewContext(ctx, trigger, wishModal(r.lang, groups, w, edit))
	if err != nil {
		r.log.Warn().Err(err).Msg("could not open the wish modal")
		b.sayKey(ctx, r, "wish.modal_failed")
	}
	return nil
}

// Input block ids of the wish modal; the workflow's field names map to them.
const (
	blkTitle, blkGroup, blkPurpose, blkValue, blkDescription = "title", "group", "purpose", "value", "description"
	actInput                                                 = "input"
	noGroup                                                  = "-"
)

// wishModal is the New wish (or Edit wish) modal, prefilled from w.
func wishModal(lang i18n.Lang, groups []workflow.Group, w *workflow.Wish, edit bool) slack.ModalViewRequest {
	title, cb, meta := "wish.modal.title", cbNewWish, ""
	if edit {
		title, cb, meta = "wish.modal.edit_title", cbEditWish, strconv.FormatInt(w.ID, 10)
	} else {
		meta = w.SourceLink
	}
	blocks := []slack.Block{
		textInput(lang, blkTitle, "wish.field.title", "wish.hint.title", w.Title, false, workflow.MaxTitle, false),
		groupSelect(lang, groups, w.RequestedGroup),
		textInput(lang, blkPurpose, "wish.field.purpose", "wish.hint.purpose", w.Purpose, true, workflow.MaxText, false),
		textInput(lang, blkValue, "wish.field.value", "wish.hint.value", w.Value, true, workflow.MaxText, false),
		textInput(lang, blkDescription, "wish.field.description", "wish.hint.description", w.Description, true, workflow.MaxText, true),
	}
	if !edit && w.SourceLink != "" {
		blocks = append([]slack.Block{context_(i18n.T(lang, "wish.source_modal"))}, blocks...)
	}
	if edit && w.Question != "" {
		blocks = append([]slack.Block{section(i18n.T(lang, "wish.modal.question", clip(w.Question, 2800)))}, blocks...)
	}
	return slack.ModalViewRequest{
		Type: slack.VTModal, CallbackID: cb, PrivateMetadata: meta,
		Title:  plain(i18n.T(lang, title)),
		Submit: plain(i18n.T(lang, "wish.modal.submit")),
		Close:  plain(i18n.T(lang, "modal.cancel")),
		Blocks: slack.Blocks{BlockSet: blocks},
	}
}

// textInput is an input block with a plain-text input limited to max characters.
func textInput(lang i18n.Lang, blockID, label, hint, initial string, multiline bool, maxLen int, optional bool) *slack.InputBlock {
	el := slack.NewPlainTextInputBlockElement(nil, actInput)
	el.Multiline, el.MaxLength, el.InitialValue = multiline, maxLen, truncate(initial, maxLen)
	in := slack.NewInputBlock(blockID, plain(i18n.T(lang, label)), nil, el)
	if hint != "" {
		in.Hint = plain(i18n.T(lang, hint))
	}
	in.Optional = optional
	return in
}

func groupSelect(lang i18n.Lang, groups []workflow.Group, selected string) *slack.InputBlock {
	opts := []*slack.OptionBlockObject{slack.NewOptionBlockObject(noGroup, plain(i18n.T(lang, "group.none")), nil)}
	initial := opts[0]
	for _, g := range groups {
		if len(opts) == 100 {
			break
		}
		o := slack.NewOptionBlockObject(g.Key, plain(clip(g.Name, 75)), nil)
		opts = append(opts, o)
		if g.Key == selected {
			initial = o
		}
	}
	sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, nil, actInput, opts...)
	sel.InitialOption = initial
	in := slack.NewInputBlock(blkGroup, plain(i18n.T(lang, "wish.field.group")), nil, sel)
	in.Hint = plain(i18n.T(lang, "wish.hint.group"))
	return in
}

// inputValue reads a text or select input of a submitted modal.
func inputValue(ic *slack.InteractionCallback, blockID string) string {
	v, ok := ic.View.State.Values[blockID][actInput]
	if !ok {
		return ""
	}
	switch {
	case v.SelectedOption.Value != "":
		return v.SelectedOption.Value
	case v.SelectedDate != "":
		return v.SelectedDate
	case v.SelectedUser != "":
		return v.SelectedUser
	}
	return v.Value
}

func wishInput(ic *slack.InteractionCallback) workflow.WishInput {
	in := workflow.WishInput{Title: inputValue(ic, blkTitle), Purpose: inputValue(ic, blkPurpose),
		Value: inputValue(ic, blkValue), Description: inputValue(ic, blkDescription), Group: inputValue(ic, blkGroup)}
	if in.Group == noGroup {
		in.Group = ""
	}
	if ic.View.CallbackID == cbNewWish {
		in.SourceLink = ic.View.PrivateMetadata // the message a shortcut made it from, or ""
	}
	return in
}

// fieldErrors turns the workflow's field errors into the modal's, or reports false.
func fieldErrors(r *request, err error) (*slack.ViewSubmissionResponse, bool) {
	var fe *workflow.FieldError
	if !errors.As(err, &fe) {
		return nil, false
	}
	out := map[string]string{}
	for field, key := range fe.Fields {
		out[field] = r.t(key)
	}
	return slack.NewErrorsViewSubmissionResponse(out), true
}

func submitNewWish(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	a, err := b.actor(ctx, r)
	if err != nil {
		return nil, err
	}
	_, err = b.svc.SubmitWish(ctx, a, wishInput(ic))
	if resp, ok := fieldErrors(r, err); ok {
		return resp, nil
	}
	return nil, err
}

func submitEditWish(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	id, ok := idValue(ic.View.PrivateMetadata)
	if !ok {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{blkTitle: r.t("err.stale")}), nil
	}
	a, err := b.actor(ctx, r)
	if err != nil {
		return nil, err
	}
	_, err = b.svc.EditWish(ctx, a, id, wishInput(ic))
	if resp, ok := fieldErrors(r, err); ok {
		return resp, nil
	}
	return nil, err
}

var intakeSubmissions = map[string]submitFunc{cbNewWish: submitNewWish, cbEditWish: submitEditWish}

var intakeActions = map[string]actionFunc{
	actFollow: func(ctx context.Context, b *Bot, r *request, _ *slack.InteractionCallback, a *slack.BlockAction) error {
		return withID(a, func(id int64) error { return b.follow(ctx, r, id, true) })
	},
	actUnfollow: func(ctx context.Context, b *Bot, r *request, _ *slack.InteractionCallback, a *slack.BlockAction) error {
		return withID(a, func(id int64) error { return b.follow(ctx, r, id, false) })
	},
	actSubmitWish: func(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback, _ *slack.BlockAction) error {
		return b.openWishModal(ctx, r, ic.TriggerID, &workflow.Wish{}, false)
	},
	actListMore: func(ctx context.Context, b *Bot, r *request, _ *slack.InteractionCallback, a *slack.BlockAction) error {
		scope, before, _ := strings.Cut(a.Value, ":")
		id, ok := idValue(before)
		if !ok || (scope != "all" && scope != "mine") {
			return workflow.Errorf(workflow.Invalid, "err.unknown_action")
		}
		return b.listWishes(ctx, r, scope == "all", id)
	},
}

// withID runs f with the wish or poll id in a button's value; a value that is not one
// means the payload was not ours.
func withID(a *slack.BlockAction, f func(int64) error) error {
	id, ok := idValue(a.Value)
	if !ok {
		return workflow.Errorf(workflow.Invalid, "err.unknown_action")
	}
	return f(id)
}

func cmdWishList(ctx context.Context, b *Bot, r *request, args []string) error {
	if len(args) > 0 {
		return errUsage
	}
	return b.listWishes(ctx, r, false, 0)
}

func cmdWishListAll(ctx context.Context, b *Bot, r *request, args []string) error {
	if len(args) > 0 {
		return errUsage
	}
	return b.listWishes(ctx, r, true, 0)
}

func (b *Bot) listWishes(ctx context.Context, r *request, all bool, before int64) error {
	f := workflow.WishFilter{Submitter: r.user, BeforeID: before, Limit: listPage}
	title, scope := "wish.list_mine", "mine"
	if all {
		f = workflow.WishFilter{OpenOnly: true, BeforeID: before, Limit: listPage}
		title, scope = "wish.list_all", "all"
	}
	ws, total, err := b.svc.Wishes(ctx, f)
	if err != nil {
		return err
	}
	if len(ws) == 0 {
		b.sayKey(ctx, r, "wish.list_empty")
		return nil
	}
	lines := []string{r.t(title, total)}
	for _, w := range ws {
		lines = append(lines, fmt.Sprintf("• *#%d* %s: _%s_", w.ID, clip(w.Title, 150), stateName(r.lang, w.State)))
	}
	blocks := []slack.Block{section(strings.Join(lines, "\n"))}
	if len(ws) == listPage {
		last := ws[len(ws)-1].ID
		if more, _, _ := b.svc.Wishes(ctx, workflow.WishFilter{Submitter: f.Submitter, OpenOnly: f.OpenOnly, BeforeID: last, Limit: 1}); len(more) > 0 {
			blocks = append(blocks, buttons("list", button(actListMore, r.t("wish.list_more"), scope+":"+strconv.FormatInt(last, 10), "")))
		}
	}
	b.say(ctx, r, lines[0], blocks...)
	return nil
}
