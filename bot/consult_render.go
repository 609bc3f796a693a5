package bot

import (
	"context"
	"strconv"
	"strings"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/bot/view"
	"github.com/os2kitos/tovholder/workflow"
)

// noticeEntity is the consultation or proposal a notice is about: its message key
// ("consultation/3") or, for notices without one, its payload ("3").
func noticeEntity(n workflow.Notice) (int64, error) {
	s := n.Payload
	if i := strings.LastIndexByte(n.Ref, '/'); i >= 0 && s == "" {
		s = n.Ref[i+1:]
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, &workflow.Error{Kind: workflow.NotFound, Msg: "notice without its consultation or proposal", Err: errNoCard}
	}
	return id, nil
}

func (b *Bot) noticeConsultation(ctx context.Context, n workflow.Notice) (workflow.ConsultationDetail, error) {
	id, err := noticeEntity(n)
	if err != nil {
		return workflow.ConsultationDetail{}, err
	}
	return b.svc.Consultation(ctx, id)
}

// consultView loads what the views of notice n's consultation show, in one read, with
// the permalinks of the messages it links.
func (b *Bot) consultView(ctx context.Context, n workflow.Notice) (view.ConsultView, error) {
	d, err := b.noticeConsultation(ctx, n)
	if err != nil {
		return view.ConsultView{}, err
	}
	v := view.ConsultView{ConsultationDetail: d, WebURL: b.cfg.PublicURL, Loc: b.loc}
	v.ConsultLink = b.permalink(ctx, workflow.ConsultRef(d.ID))
	if d.WishID != 0 {
		v.WishLink = b.permalink(ctx, workflow.WishRef(d.WishID, "secretariat"))
	}
	return v, nil
}

// consultRender adapts a pure view of a consultation to a renderer.
func consultRender(render func(i18n.Lang, view.ConsultView) view.Message) renderFunc {
	return func(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
		v, err := b.consultView(ctx, n)
		if err != nil {
			return view.Message{}, err
		}
		return render(lang, v), nil
	}
}
