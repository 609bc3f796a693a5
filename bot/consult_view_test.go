package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/bot/slackemu"
	"github.com/os2kitos/tovholder/workflow"
)

var updateViews = flag.Bool("update", false, "rewrite the golden files in testdata/view")

// viewGolden compares m, as indented JSON, with testdata/view/name.lang.json after the
// strict emulator has taken it as Slack would (chat.postMessage, no violations).
func viewGolden(t *testing.T, emu *slackemu.Server, client *slack.Client, name string, lang i18n.Lang, m message) {
	t.Helper()
	if _, _, err := client.PostMessageContext(context.Background(), "C0VIEW001", m.options()...); err != nil {
		t.Errorf("%s.%s: Slack refused it: %v", name, lang, err)
	}
	if v := emu.Violations(); len(v) > 0 {
		t.Errorf("%s.%s broke Slack's limits: %+v", name, lang, v)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		t.Fatal(err)
	}
	got := strings.NewReplacer(`\u0026`, "&", `\u003c`, "<", `\u003e`, ">").Replace(buf.String())
	path := filepath.Join("testdata", "view", name+"."+string(lang)+".json")
	if *updateViews {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./bot -run TestConsultViews -update)", err)
	}
	if d := cmp.Diff(string(want), got); d != "" {
		t.Errorf("%s differs (-want +got); if right, go test ./bot -run TestConsultViews -update:\n%s", path, d)
	}
}

// TestConsultViews renders every view of consultations and steering proposals in both
// languages, with hostile text, against golden files.
func TestConsultViews(t *testing.T) {
	emu := slackemu.New(slackemu.WithoutRateLimit())
	defer emu.Close()
	emu.AddChannel(slackemu.Channel{ID: "C0VIEW001", Name: "views", Members: []string{slackemu.BotUserID}})
	client := slack.New(slackemu.BotToken, slack.OptionAPIURL(emu.APIURL()))
	loc, _ := time.LoadLocation("Europe/Copenhagen")
	t0 := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	hostile := "<!channel> *bold* <https://evil.example|click> & more"
	c := workflow.ConsultationDetail{
		Consultation: workflow.Consultation{ID: 3, Question: "Close the hotline on Fridays? " + hostile, Background: "Few calls. " + hostile,
			Link: "https://os2.eu/notat", WishID: 12, State: workflow.ConsultOpen, Deadline: t0.AddDate(0, 0, 14),
			StartedBy: "U0METTE01", StartedAt: t0},
		Tally: workflow.ConsultTally{Count: workflow.ConsultCount{Support: 3, Concerns: 1, NoOpinion: 2},
			ByMunicipality: []workflow.MunicipalityCount{{Municipality: "Aarhus", ConsultCount: workflow.ConsultCount{Support: 2}},
				{ConsultCount: workflow.ConsultCount{Support: 1, Concerns: 1, NoOpinion: 2}}},
			Concerns: []workflow.ConsultAnswer{{UserID: "U0ANNA001", Answer: workflow.AnswerConcerns, Reason: "Citizens call. " + hostile}}},
		Wish: workflow.Wish{ID: 12, Title: "Archive ended contracts " + hostile},
	}
	open := consultView{ConsultationDetail: c, ConsultLink: "https://kitos.slack.com/archives/C0BRUG001/p1", Loc: loc}
	closed := open
	closed.State, closed.ClosedBy, closed.ClosedAt = workflow.ConsultClosed, "system", t0.AddDate(0, 0, 14)
	decided := closed
	decided.State, decided.Decision, decided.DecidedBy, decided.DecidedAt = workflow.ConsultDecided, "Kept open. "+hostile, "U0METTE01", t0.AddDate(0, 0, 15)
	decided.WishLink, decided.WebURL = "https://kitos.slack.com/archives/C0SEKR001/p2", "https://kitos.example.dk"
	p := workflow.SteeringProposal{ID: 4, Title: "A second consultant " + hostile, Text: "More hands. " + hostile,
		Kind: workflow.KindOrganisation, Amount: 45_000_050, Links: []string{"https://os2.eu/budget.pdf"},
		State: workflow.ProposalPending, ProposedBy: "U0METTE01", ProposedAt: t0}
	approved := p
	approved.State, approved.DecisionNote, approved.DecidedBy, approved.DecidedAt = workflow.ProposalApproved, "Within the frame.", "U0JENS001", t0.AddDate(0, 0, 3)
	internal := approved
	internal.Internal, internal.State, internal.DecisionNote = true, workflow.ProposalDeclined, "Not this year. "+hostile
	for _, lang := range []i18n.Lang{i18n.English, i18n.Danish} {
		for name, m := range map[string]message{
			"consultation.open":          consultationMessage(lang, open),
			"consultation.closed":        consultationMessage(lang, closed),
			"consultation.decided":       consultationMessage(lang, decided),
			"consultation.group":         consultGroupMessage(lang, open),
			"consultation.result":        consultResultMessage(lang, closed),
			"consultation.announcement":  consultDecisionMessage(lang, decided),
			"proposal.pending":           proposalMessage(lang, proposalView{SteeringProposal: p, Loc: loc}),
			"proposal.approved":          proposalMessage(lang, proposalView{SteeringProposal: approved, Loc: loc}),
			"proposal.announcement":      steeringDecisionMessage(lang, proposalView{SteeringProposal: approved, WebURL: "https://kitos.example.dk", Loc: loc}),
			"proposal.internal_decision": steeringDecisionMessage(lang, proposalView{SteeringProposal: internal, WebURL: "https://kitos.example.dk", Loc: loc}),
		} {
			viewGolden(t, emu, client, name, lang, m)
			raw, _ := json.Marshal(m)
			s := strings.NewReplacer(`\u0026`, "&", `\u003c`, "<", `\u003e`, ">").Replace(string(raw))
			if strings.Contains(s, "<!channel>") || strings.Contains(s, "<https://evil.example|click>") {
				t.Errorf("%s.%s repeats hostile text unescaped", name, lang)
			}
			if name == "proposal.internal_decision" && strings.Contains(s, "kitos.example.dk") {
				t.Errorf("the internal decision links the public pages")
			}
		}
	}
}
