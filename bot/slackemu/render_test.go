package slackemu

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/slack-go/slack"
)

func TestRenderBlocks(t *testing.T) {
	s, _ := newTestServer(t)
	blocks := []slack.Block{
		slack.NewHeaderBlock(plain("Poll")),
		slack.NewSectionBlock(slack.NewTextBlockObject("mrkdwn", "<@U1> asks &lt;why&gt; <https://x.dk|here>", false, false),
			[]*slack.TextBlockObject{plain("Due: Friday")}, nil),
		slack.NewDividerBlock(),
		slack.NewContextBlock("", slack.NewTextBlockObject("mrkdwn", "2 votes", false, false)),
		slack.NewActionBlock("a", slack.NewButtonBlockElement("y", "1", plain("Agree")), slack.NewButtonBlockElement("n", "1", plain("Object"))),
	}
	var raw []json.RawMessage
	for _, b := range blocks {
		raw = append(raw, mustJSON(b))
	}
	n := 0
	opts := s.RenderOptions()
	opts.Button = func(ButtonRef) string { n++; return fmt.Sprint(n) }
	want := "Poll\n════\n@anna asks <why> here (https://x.dk)\n  • Due: Friday\n────────\n│ 2 votes\n[1 Agree] [2 Object]\n"
	if diff := cmp.Diff(want, RenderBlocks(raw, opts)); diff != "" {
		t.Errorf("RenderBlocks (-want +got):\n%s", diff)
	}
}

func TestHomeAndClickInView(t *testing.T) {
	s, api := newTestServer(t)
	app := &fakeApp{}
	srv := httptest.NewServer(app)
	defer srv.Close()
	s.UseHTTP(srv.URL)
	home := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: []slack.Block{
		slack.NewActionBlock("h", slack.NewButtonBlockElement("home.new", "", plain("New wish"))),
	}}}
	vr, err := api.PublishView("U1", home, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := api.PublishView("U1", home, "stale.hash"); err == nil || err.Error() != "hash_conflict" {
		t.Errorf("stale hash: %v", err)
	}
	if err := s.OpenHome(context.Background(), "U1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ClickInView(context.Background(), "U1", vr.ID, "New wish"); err != nil {
		t.Fatal(err)
	}
	ic := app.lastIC()
	if ic.Container.Type != "view" || ic.Container.ViewID != vr.ID || ic.View.ID != vr.ID || ic.ActionCallback.BlockActions[0].ActionID != "home.new" {
		t.Errorf("payload = %+v", ic)
	}
	if got := s.RenderView(mustHome(t, s)); got != "┌ Home ┐\n[New wish]\n" {
		t.Errorf("RenderView = %q", got)
	}
}

func mustHome(t *testing.T, s *Server) View {
	t.Helper()
	v, ok := s.Home("U1")
	if !ok {
		t.Fatal("no home view")
	}
	return v
}

func TestRenderFieldKeepsItsLinesTogether(t *testing.T) {
	raw := []json.RawMessage{mustJSON(slack.NewSectionBlock(nil, []*slack.TextBlockObject{
		slack.NewTextBlockObject("mrkdwn", "*Status*\nsubmitted", false, false), plain("Group"),
	}, nil))}
	want := "  • *Status*\n    submitted\n  • Group\n"
	if diff := cmp.Diff(want, RenderBlocks(raw, RenderOptions{})); diff != "" {
		t.Errorf("RenderBlocks (-want +got):\n%s", diff)
	}
}

func TestClickButtonTellsApartButtonsThatShareALabel(t *testing.T) {
	s, api := newTestServer(t)
	app := &fakeApp{}
	srv := httptest.NewServer(app)
	defer srv.Close()
	s.UseHTTP(srv.URL)
	_, ts, err := api.PostMessage("C1", slack.MsgOptionBlocks(
		slack.NewActionBlock("w1", slack.NewButtonBlockElement("open", "1", plain("Open"))),
		slack.NewActionBlock("w2", slack.NewButtonBlockElement("open", "2", plain("Open")))))
	if err != nil {
		t.Fatal(err)
	}
	var refs []ButtonRef
	m, _ := s.Message("C1", ts)
	RenderBlocks(m.Blocks, RenderOptions{Button: func(r ButtonRef) string { refs = append(refs, r); return "" }})
	if len(refs) != 2 {
		t.Fatalf("rendered %d buttons, want 2", len(refs))
	}
	if _, err := s.ClickButton(context.Background(), "U1", "C1", ts, refs[1]); err != nil {
		t.Fatal(err)
	}
	if a := app.lastIC().ActionCallback.BlockActions[0]; a.Value != "2" || a.BlockID != "w2" {
		t.Errorf("clicked %+v, want the second Open", a)
	}
	gone := refs[1]
	gone.Value = "3"
	if _, err := s.ClickButton(context.Background(), "U1", "C1", ts, gone); err == nil {
		t.Error("a button that is not in the message was clicked")
	}
}

func TestClickButtonInView(t *testing.T) {
	s, api := newTestServer(t)
	app := &fakeApp{}
	srv := httptest.NewServer(app)
	defer srv.Close()
	s.UseHTTP(srv.URL)
	home := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: []slack.Block{
		slack.NewActionBlock("h1", slack.NewButtonBlockElement("home.new", "a", plain("New"))),
		slack.NewActionBlock("h2", slack.NewButtonBlockElement("home.new", "b", plain("New"))),
	}}}
	vr, err := api.PublishView("U1", home, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ClickButtonInView(context.Background(), "U1", vr.ID, ButtonRef{ActionID: "home.new", Value: "b", Label: "New"}); err != nil {
		t.Fatal(err)
	}
	if a := app.lastIC().ActionCallback.BlockActions[0]; a.Value != "b" {
		t.Errorf("clicked %+v, want the second New", a)
	}
	if _, err := s.ClickButtonInView(context.Background(), "U2", vr.ID, ButtonRef{ActionID: "home.new", Value: "b"}); err == nil {
		t.Error("someone else's Home was clicked")
	}
}
