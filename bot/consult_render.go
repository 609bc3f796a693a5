package bot

import (
	"context"
	"strconv"
	"strings"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/workflow"
)

// consultRenderers are the views of consultations and steering proposals.
var consultRenderers = map[string]renderFunc{
	string(workflow.NoticeConsultation):     consultRender(consultationMessage),
	string(workflow.NoticeConsultGroup):     consultRender(consultGroupMessage),
	string(workflow.NoticeConsultResult):    consultRender(consultResultMessage),
	string(workflow.NoticeConsultDecision):  consultRender(consultDecisionMessage),
	string(workflow.NoticeSteeringProposal): proposalRender(proposalMessage),
	string(workflow.NoticeSteeringDecision): proposalRender(steeringDecisionMessage),
}

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
func (b *Bot) consultView(ctx context.Context, n workflow.Notice) (consultView, error) {
	d, err := b.noticeConsultation(ctx, n)
	if err != nil {
		return consultView{}, err
	}
	v := consultView{ConsultationDetail: d, WebURL: b.cfg.PublicURL, Loc: b.loc}
	v.ConsultLink = b.permalink(ctx, workflow.ConsultRef(d.ID))
	if d.WishID != 0 {
		v.WishLink = b.permalink(ctx, workflow.WishRef(d.WishID, "secretariat"))
	}
	return v, nil
}

// permalink is the permalink of the message the bot posted under ref, or "".
func (b *Bot) permalink(ctx context.Context, ref string) string {
	l, ok := b.permalinkTo(ctx, ref, "x")
	if !ok {
		return ""
	}
	return strings.TrimSuffix(strings.TrimPrefix(l, "<"), "|x>")
}

// consultRender adapts a pure view of a consultation to a renderer.
func consultRender(view func(i18n.Lang, consultView) message) renderFunc {
	return func(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (message, error) {
		v, err := b.consultView(ctx, n)
		if err != nil {
			return message{}, err
		}
		return view(lang, v), nil
	}
}
