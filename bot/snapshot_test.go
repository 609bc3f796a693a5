package bot_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/bot"
	"github.com/os2kitos/tovholder/bot/bottest"
	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/bot/view"
	"github.com/os2kitos/tovholder/storage"
	"github.com/os2kitos/tovholder/workflow"
)

// snapshotEnv is a workspace with a wish taken through triage, a poll and the steering
// group's decision to delivery, a second wish with an open poll, one asked about and
// answered, one rerouted, supported and consulted on, steering proposals, a meeting,
// and the Monday digests sent; the bot is stopped then (the database and the emulator stay), so that
// nothing but the test reads the database. It returns the first wish's number and the
// notices the bot rendered.
func snapshotEnv(t *testing.T) (*bottest.Env, int64, []workflow.Notice) {
	t.Helper()
	e := plEnv(t)
	ctx := e.Ctx()
	e.Advance(time.Minute) // the scheduler's first run: the schedules start counting
	id := plEstimate(t, e, "Notice-period alarm", 120000)
	ini, err := e.Svc.Recommend(ctx, plActor(t, e, bottest.Mette), workflow.RecommendInput{WishIDs: []int64{id}, Title: "Contract alarms", Text: "Yes."})
	plMust(t, err)
	_, err = e.Svc.Decide(ctx, plActor(t, e, bottest.Jens), ini.ID, true, workflow.FinancingFrame, "Good value.")
	plMust(t, err)
	_, err = e.Svc.AddEstimate(ctx, plActor(t, e, bottest.Mette), id, workflow.EstimateInput{Amount: workflow.Kroner(130000), Hours: workflow.WholeHours(12)})
	plMust(t, err)
	_, err = e.Svc.CreateCycle(ctx, plActor(t, e, bottest.Mette), "2027.2", time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC))
	plMust(t, err)
	_, err = e.Svc.Plan(ctx, plActor(t, e, bottest.Mette), id, "2027.2", "")
	plMust(t, err)
	_, err = e.Svc.Deliver(ctx, plActor(t, e, bottest.Mette), id, "")
	plMust(t, err)
	plFlush(e)
	polled := routeTo(t, e, "New contract role", "kontrakt", workflow.SizeNormal)
	agree(t, e, bottest.Soren, pollOn(t, e, polled, 10))
	asked := newWish(t, e, "Export to Excel", "")
	_, err = e.Svc.AskForInfo(ctx, plActor(t, e, bottest.Mette), asked.ID, "Which columns?")
	plMust(t, err)
	newWish(t, e, "Sort by deadline", "") // awaiting triage: the secretariat's digest links its card
	moved := routeTo(t, e, "Data processors", "kontrakt", workflow.SizeNormal)
	_, err = e.Svc.Reroute(ctx, plActor(t, e, bottest.Mette), moved.ID, "systemer", workflow.SizeNormal, "Theirs.")
	plMust(t, err)
	_, err = e.Svc.EditWish(ctx, plActor(t, e, bottest.Per), asked.ID, workflow.WishInput{Title: "Export to Excel",
		Purpose: "Every column.", Value: "Saves copying."})
	plMust(t, err)
	plMust(t, e.Svc.ChooseAndSupport(ctx, plActor(t, e, bottest.Lars), workflow.DefaultOrganisations[0].Key, moved.ID))
	c, err := e.Svc.StartConsultation(ctx, plActor(t, e, bottest.Mette), workflow.ConsultInput{Question: "Close the hotline on Fridays?", WishID: moved.ID})
	plMust(t, err)
	_, err = e.Svc.StartConsultation(ctx, plActor(t, e, bottest.Mette), workflow.ConsultInput{Question: "A second hotline?"})
	plMust(t, err)
	plFlush(e)
	_, err = e.Svc.CloseConsultation(ctx, plActor(t, e, bottest.Mette), c.ID)
	plMust(t, err)
	_, err = e.Svc.RecordConsultDecision(ctx, plActor(t, e, bottest.Mette), c.ID, "Kept open.")
	plMust(t, err)
	p, err := e.Svc.ProposeSteering(ctx, plActor(t, e, bottest.Mette), workflow.ProposalInput{Title: "One more consultant",
		Text: "The secretariat needs hands.", Kind: "organisation", Amount: "450.000 kr."})
	plMust(t, err)
	plFlush(e)
	_, err = e.Svc.DecideSteering(ctx, plActor(t, e, bottest.Jens), p.ID, true, "Yes.")
	plMust(t, err)
	_, err = e.Svc.ProposeSteering(ctx, plActor(t, e, bottest.Mette), workflow.ProposalInput{Title: "A second consultant",
		Text: "Still more hands.", Kind: "organisation", Amount: "450.000 kr."})
	plMust(t, err)
	_, err = e.Svc.Convene(ctx, plActor(t, e, bottest.Soren), workflow.ConveneInput{Group: "kontrakt", Date: "2027-03-20", Time: "10:00",
		Place: "Online", Other: "The contract roles"})
	plMust(t, err)
	plFlush(e)
	advanceTo(e, nextMonday)
	plFlush(e)
	if len(digestsTo(e, bottest.Mette)) == 0 {
		t.Fatal("the secretariat got no digest")
	}
	e.Stop()
	return e, id, bot.RenderedNotices(e.Bot)
}

// lastOfKinds is the last notice rendered of each kind, and the last digest by role
// (not of a group) to each reader.
func lastOfKinds(ns []workflow.Notice) (map[string]workflow.Notice, map[string]workflow.Notice) {
	kinds, digests := map[string]workflow.Notice{}, map[string]workflow.Notice{}
	for _, n := range ns {
		kinds[string(n.Kind)] = n
		var dg workflow.Digest
		if n.Kind == workflow.NoticeDigest && json.Unmarshal([]byte(n.Payload), &dg) == nil && dg.Group == "" {
			digests[n.To] = n
		}
	}
	return kinds, digests
}

// oneSnapshot fails the test unless what ran between before and now began exactly one
// read transaction and no write, and read nothing outside it.
func oneSnapshot(t *testing.T, db *storage.DB, what string, before storage.Stats) {
	t.Helper()
	if got := db.Stats().Sub(before); got != (storage.Stats{ReadTx: 1}) {
		t.Errorf("%s: %d read transactions, %d writes, %d bare reads; want one read transaction and nothing else",
			what, got.ReadTx, got.WriteTx, got.Bare)
	}
}

// Every notice kind is rendered in one read transaction and no bare read; so is each
// Home tab, and the secretariat's digest links its cards from that snapshot, without
// asking Slack for a permalink.
func TestEveryViewIsOneSnapshot(t *testing.T) {
	e, id, ns := snapshotEnv(t)
	ctx := context.Background()
	kinds, digests := lastOfKinds(ns)
	links := len(e.Emu.CallsTo("chat.getPermalink"))
	var real, synthetic []string
	for _, kind := range bot.NoticeKinds() {
		n, ok := kinds[kind]
		if !ok {
			// No step above queued this kind: its loads still run, on the first wish.
			n = workflow.Notice{Kind: workflow.NoticeKind(kind), Op: workflow.OpPost, To: bottest.Secretary, WishID: id, EventID: 1}
			synthetic = append(synthetic, kind)
		} else {
			real = append(real, kind)
		}
		t.Run(kind, func(t *testing.T) {
			before := e.DB.Stats()
			m, err := bot.Render(ctx, e.Bot, n, i18n.English)
			oneSnapshot(t, e.DB, "rendering "+kind, before)
			if ok && (err != nil || len(m.Blocks) == 0 && m.Text == "") {
				t.Errorf("the %s the dispatcher rendered renders now as %+v, %v", kind, m, err)
			}
		})
	}
	t.Logf("rendered %d kinds from their real notices %v, %d from a made-up one %v", len(real), real, len(synthetic), synthetic)
	if len(real) < 25 {
		t.Errorf("only %d notice kinds were queued by the scenario: %v", len(real), real)
	}

	dg, ok := digests[bottest.Mette]
	if !ok {
		t.Fatal("no digest to the secretariat was rendered")
	}
	before := e.DB.Stats()
	m, err := bot.Render(ctx, e.Bot, dg, i18n.English)
	oneSnapshot(t, e.DB, "the secretariat's digest", before)
	if b, _ := json.Marshal(m.Blocks); err != nil || !strings.Contains(string(b), "/archives/"+bottest.Secretary+"/p") {
		t.Errorf("the secretariat's digest links no card: %v\n%s", err, b)
	}
	if n := len(e.Emu.CallsTo("chat.getPermalink")) - links; n != 0 {
		t.Errorf("rendering the views called chat.getPermalink %d times, want 0: permalinks are kept when posted", n)
	}

	for _, c := range []struct{ role, user, shows string }{
		{"secretariat", bottest.Mette, "Data processors"}, {"coordinator", bottest.Soren, "New contract role"},
		{"member", bottest.Anna, "New contract role"},
	} {
		publishes := len(e.Emu.CallsTo("views.publish"))
		before := e.DB.Stats()
		if err := bot.PublishHome(ctx, e.Bot, c.user, i18n.English); err != nil {
			t.Errorf("the %s's Home: %v", c.role, err)
		}
		oneSnapshot(t, e.DB, "the "+c.role+"'s Home", before)
		v, ok := e.Emu.Home(c.user)
		if !ok || len(e.Emu.CallsTo("views.publish")) != publishes+1 {
			t.Errorf("the %s's Home was not published", c.role)
			continue
		}
		if text := e.Emu.RenderView(v); !strings.Contains(text, c.shows) {
			t.Errorf("the %s's Home does not show %q:\n%s", c.role, c.shows, text)
		}
	}
}

// countedStore counts the workflow's reads, and commits a change just before the
// read numbered at: a write that lands between two loads of one view.
type countedStore struct {
	workflow.Store
	reads, at int
	change    func()
}

func (s *countedStore) Read(ctx context.Context, fn func(workflow.Tx) error) error {
	s.reads++
	if s.reads == s.at {
		s.change()
	}
	return s.Store.Read(ctx, fn)
}

// A write committed between two loads of a view is not in it: the view shows the
// moment of its first load throughout. The change renames the wish and its group,
// which a card loads in two reads; without the snapshot the card shows half of it.
func TestViewShowsOneMoment(t *testing.T) {
	e, id, ns := snapshotEnv(t)
	ctx := context.Background()
	kinds, _ := lastOfKinds(ns)
	var wish workflow.Wish
	var group workflow.Group
	plMust(t, e.DB.Read(ctx, func(tx workflow.Tx) (err error) {
		if wish, err = tx.Wish(id); err == nil {
			group, err = tx.Group(wish.Group)
		}
		return err
	}))
	set := func(title, name string) {
		t.Helper()
		plMust(t, e.DB.Atomic(ctx, func(tx workflow.Tx) error {
			w, g := wish, group
			w.Title, g.Name = title, name
			if err := tx.UpdateWish(w); err != nil {
				return err
			}
			return tx.UpdateGroup(g)
		}))
	}
	counted := &countedStore{Store: e.Svc.Store}
	e.Svc.Store = counted
	render := func(n workflow.Notice, at int, bare bool) (string, int) {
		t.Helper()
		counted.reads, counted.at = 0, at
		counted.change = func() { set("Renamed wish", "Renamed group") }
		f := bot.Render
		if bare {
			f = bot.RenderUnsnapshotted
		}
		m, err := f(ctx, e.Bot, n, i18n.English)
		plMust(t, err)
		set(wish.Title, group.Name)
		return blocksText(m), counted.reads
	}
	tried := 0
	for _, kind := range bot.NoticeKinds() {
		n, ok := kinds[kind]
		if !ok {
			continue
		}
		old, reads := render(n, 0, false)
		set("Renamed wish", "Renamed group")
		renamed, _ := render(n, 0, false)
		for at := 1; at <= reads; at++ {
			tried++
			got, _ := render(n, at, false)
			// A read transaction's snapshot is taken at its first read: a change
			// before it is all in the view, a change after it is all out.
			if got != old && (at > 1 || got != renamed) {
				t.Errorf("%s with a write before its load %d of %d shows neither the moment before nor the one after:\n%s", kind, at, reads, got)
			}
		}
	}
	if tried < 20 {
		t.Errorf("only %d renders had a write between their loads", tried)
	}

	// Without the snapshot, the same write between the wish's load and its group's
	// shows the old title beside the new group name: what the snapshot prevents.
	var card workflow.Notice
	for _, n := range ns {
		if n.Kind == workflow.NoticeGroupCard && n.WishID == id {
			card = n
		}
	}
	old, reads := render(card, 0, false)
	if reads < 2 || !strings.Contains(old, "Notice-period alarm") || !strings.Contains(old, "IT-kontrakter") {
		t.Fatalf("the group card (%d reads) shows:\n%s", reads, old)
	}
	if mixed, _ := render(card, 2, true); !strings.Contains(mixed, "Notice-period alarm") || !strings.Contains(mixed, "Renamed group") {
		t.Errorf("without a snapshot, a write between the card's loads should show half of it; the card shows:\n%s", mixed)
	}
	if got, _ := render(card, 2, false); got != old {
		t.Errorf("with the snapshot the card shows:\n%s\nwant the moment before the write:\n%s", got, old)
	}
}

// blocksText is m as JSON, to compare two renders.
func blocksText(m view.Message) string {
	b, _ := json.Marshal(m)
	return string(b)
}
