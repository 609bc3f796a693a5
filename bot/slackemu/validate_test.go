package slackemu

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/slack-go/slack"
)

func plain(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject("plain_text", s, false, false)
}

func TestMessageLimits(t *testing.T) {
	many := make([]slack.Block, 51)
	for i := range many {
		many[i] = section("x")
	}
	dup1 := slack.NewSectionBlock(plain("a"), nil, nil, slack.SectionBlockOptionBlockID("same"))
	dup2 := slack.NewSectionBlock(plain("b"), nil, nil, slack.SectionBlockOptionBlockID("same"))
	longButton := slack.NewActionBlock("act", slack.NewButtonBlockElement("b", "v", plain(strings.Repeat("x", 76))))
	verbatim := slack.NewSectionBlock(slack.NewTextBlockObject("plain_text", "v", false, true), nil, nil)
	fields := make([]*slack.TextBlockObject, 11)
	for i := range fields {
		fields[i] = plain("f")
	}
	tests := []struct {
		name   string
		blocks []slack.Block
		want   string
	}{
		{"51 blocks", many, "no more than 50 items"},
		{"3001-char text", []slack.Block{section(strings.Repeat("é", 3001))}, "less than 3001 characters"},
		{"duplicate block_id", []slack.Block{dup1, dup2}, "duplicate block_id"},
		{"76-char button", []slack.Block{longButton}, "less than 76 characters"},
		{"151-char header", []slack.Block{slack.NewHeaderBlock(plain(strings.Repeat("h", 151)))}, "less than 151"},
		{"plain_text verbatim", []slack.Block{verbatim}, "verbatim"},
		{"11 fields", []slack.Block{slack.NewSectionBlock(nil, fields, nil)}, "no more than 10 items"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, api := newTestServer(t)
			_, _, err := api.PostMessage("C1", slack.MsgOptionText("fallback", false), slack.MsgOptionBlocks(tt.blocks...))
			var se slack.SlackErrorResponse
			if !errors.As(err, &se) || se.Err != "invalid_blocks" {
				t.Fatalf("err = %v, want invalid_blocks", err)
			}
			if msgs := strings.Join(se.ResponseMetadata.Messages, "\n"); !strings.Contains(msgs, tt.want) {
				t.Errorf("messages = %q, want %q", msgs, tt.want)
			}
			if v := s.Violations(); len(v) == 0 || v[0].Method != "chat.postMessage" {
				t.Errorf("Violations = %+v", v)
			}
			if m := s.Messages("C1"); len(m) != 0 {
				t.Errorf("rejected message stored: %+v", m)
			}
		})
	}
}

func TestTextLimits(t *testing.T) {
	s, api := newTestServer(t)
	_, _, err := api.PostMessage("C1", slack.MsgOptionText(strings.Repeat("x", 40001), false))
	if err == nil || err.Error() != "msg_too_long" {
		t.Errorf("postMessage 40001: err = %v", err)
	}
	_, ts, err := api.PostMessage("C1", slack.MsgOptionText(strings.Repeat("x", 4001), false))
	if err != nil {
		t.Fatalf("postMessage 4001: %v", err)
	}
	_, _, _, err = api.UpdateMessage("C1", ts, slack.MsgOptionText(strings.Repeat("x", 4001), false))
	if err == nil || err.Error() != "msg_too_long" {
		t.Errorf("update 4001: err = %v", err)
	}
	if len(s.Violations()) != 2 {
		t.Errorf("Violations = %+v", s.Violations())
	}
}

func TestViewLimits(t *testing.T) {
	input := slack.NewInputBlock("in", plain("Name"), nil, slack.NewPlainTextInputBlockElement(nil, "name"))
	noSubmit := modal("OK", input)
	longTitle := modal(strings.Repeat("t", 25))
	bigMeta := modal("OK")
	bigMeta.PrivateMetadata = strings.Repeat("m", 3001)
	grouped := func(groups, per int) slack.ModalViewRequest {
		var gs []*slack.OptionGroupBlockObject
		for g := 0; g < groups; g++ {
			var opts []*slack.OptionBlockObject
			for i := 0; i < per; i++ {
				opts = append(opts, slack.NewOptionBlockObject(fmt.Sprintf("o%d-%d", g, i), plain("x"), nil))
			}
			gs = append(gs, slack.NewOptionGroupBlockElement(plain("Region"), opts...))
		}
		sel := slack.NewOptionsGroupSelectBlockElement(slack.OptTypeStatic, nil, "org", gs...)
		v := modal("OK", slack.NewInputBlock("org", plain("Organisation"), nil, sel))
		v.Submit = plain("Save")
		return v
	}
	tests := []struct {
		name string
		view slack.ModalViewRequest
		want string
	}{
		{"101 options in a group", grouped(2, 101), "no more than 100 items allowed [json-pointer:/view/blocks/0/element/option_groups/1/options]"},
		{"101 option groups", grouped(101, 1), "no more than 100 items allowed [json-pointer:/view/blocks/0/element/option_groups]"},
		{"25-char title", longTitle, "less than 25"},
		{"no submit", noSubmit, "submit is required"},
		{"metadata", bigMeta, "less than 3001"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, api := newTestServer(t)
			trigger := s.mintTrigger("U1", "C1", "")
			_, err := api.OpenView(trigger, tt.view)
			var se slack.SlackErrorResponse
			if !errors.As(err, &se) || se.Err != "invalid_arguments" {
				t.Fatalf("err = %v, want invalid_arguments", err)
			}
			if msgs := strings.Join(se.ResponseMetadata.Messages, "\n"); !strings.Contains(msgs, tt.want) {
				t.Errorf("messages = %q, want %q", msgs, tt.want)
			}
			if len(s.Violations()) == 0 || len(s.OpenViews("U1")) != 0 {
				t.Errorf("Violations = %v, OpenViews = %v", s.Violations(), s.OpenViews("U1"))
			}
		})
	}
	t.Run("home with 101 blocks", func(t *testing.T) {
		s, api := newTestServer(t)
		blocks := make([]slack.Block, 101)
		for i := range blocks {
			blocks[i] = slack.NewDividerBlock()
		}
		_, err := api.PublishView("U1", slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: blocks}}, "")
		if err == nil || err.Error() != "invalid_arguments" || len(s.Violations()) != 1 {
			t.Errorf("err = %v, Violations = %v", err, s.Violations())
		}
	})
	t.Run("view_too_large", func(t *testing.T) {
		_, api := newTestServer(t)
		blocks := make([]slack.Block, 90)
		for i := range blocks {
			blocks[i] = section(strings.Repeat("y", 2900))
		}
		_, err := api.PublishView("U1", slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: blocks}}, "")
		if err == nil || err.Error() != "view_too_large" {
			t.Errorf("err = %v", err)
		}
	})
}
