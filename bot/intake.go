package bot

import (
	"context"
	"errors"
	"regexp"
	"strings"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/view"
	"github.com/os2kitos/tovholder/workflow"
)

// listPage is how many wishes a page of /wish list shows.
const listPage = 20

// cmdWish opens the wish modal (with the title filled in from the text as typed,
// quotes and all), or shows a wish when the text is its number.
func cmdWish(ctx context.Context, b *Bot, r *request, args []string) error {
	if len(args) == 1 {
		if id, ok := wishNumber(args[0]); ok {
			return b.showWish(ctx, r, id)
		}
		if looksLikeNumber(args[0]) {
			// "/wish 0", "/wish -1": a wrong number, not the title of a new wish.
			b.sayKey(ctx, r, "wish.bad_number", view.Esc(args[0]))
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
	return b.openModal(ctx, r, trigger, view.WishModal(r.lang, groups, w, edit))
}

// inputValue reads a text or select input of a submitted modal.
func inputValue(ic *slack.InteractionCallback, blockID string) string {
	v, ok := ic.View.State.Values[blockID][view.ActInput]
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
	in := workflow.WishInput{Title: inputValue(ic, view.BlkTitle), Purpose: inputValue(ic, view.BlkPurpose),
		Value: inputValue(ic, view.BlkValue), Description: inputValue(ic, view.BlkDescription), Group: inputValue(ic, view.BlkGroup)}
	if in.Group == view.NoGroup {
		in.Group = ""
	}
	if ic.View.CallbackID == view.CbNewWish {
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
		return slack.NewErrorsViewSubmissionResponse(map[string]string{view.BlkTitle: r.t("err.stale")}), nil
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

// cmdWishQueue is /wish queue <key> [group]: the whole of a Home tab's queue, which
// "… and 60 more" there points to.
func cmdWishQueue(ctx context.Context, b *Bot, r *request, args []string) error {
	if len(args) < 1 || len(args) > 2 {
		return errUsage
	}
	group := ""
	if len(args) == 2 {
		group = strings.ToLower(args[1])
	}
	q, err := b.svc.QueueOf(ctx, strings.ToLower(args[0]), group)
	if err != nil {
		return err
	}
	m := view.QueueList(r.lang, q)
	b.say(ctx, r, m.Text, m.Blocks...)
	return nil
}

func (b *Bot) listWishes(ctx context.Context, r *request, all bool, before int64) error {
	f := workflow.WishFilter{Submitter: r.user, BeforeID: before, Limit: listPage}
	if all {
		f = workflow.WishFilter{OpenOnly: true, BeforeID: before, Limit: listPage}
	}
	ws, total, err := b.svc.Wishes(ctx, f)
	if err != nil {
		return err
	}
	if len(ws) == 0 {
		b.sayKey(ctx, r, "wish.list_empty")
		return nil
	}
	more := false
	if len(ws) == listPage {
		last := ws[len(ws)-1].ID
		next, _, _ := b.svc.Wishes(ctx, workflow.WishFilter{Submitter: f.Submitter, OpenOnly: f.OpenOnly, BeforeID: last, Limit: 1})
		more = len(next) > 0
	}
	m := view.WishList(r.lang, ws, total, all, more)
	b.say(ctx, r, m.Text, m.Blocks...)
	return nil
}

// followAction is the Follow button of a wish.
func followAction(ctx context.Context, b *Bot, r *request, _ *slack.InteractionCallback, a *slack.BlockAction) error {
	return withID(a, func(id int64) error { return b.follow(ctx, r, id, true) })
}

// unfollowAction is the Unfollow button of a wish shown with /wish N.
func unfollowAction(ctx context.Context, b *Bot, r *request, _ *slack.InteractionCallback, a *slack.BlockAction) error {
	return withID(a, func(id int64) error { return b.follow(ctx, r, id, false) })
}

// submitWishAction is the Home tab's "Submit a wish" button.
func submitWishAction(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback, _ *slack.BlockAction) error {
	return b.openWishModal(ctx, r, ic.TriggerID, &workflow.Wish{}, false)
}

// listMoreAction shows the next page of /wish list or /wish list all.
func listMoreAction(ctx context.Context, b *Bot, r *request, _ *slack.InteractionCallback, a *slack.BlockAction) error {
	scope, before, _ := strings.Cut(a.Value, ":")
	id, ok := idValue(before)
	if !ok || (scope != "all" && scope != "mine") {
		return workflow.Errorf(workflow.Invalid, "err.unknown_action")
	}
	return b.listWishes(ctx, r, scope == "all", id)
}
