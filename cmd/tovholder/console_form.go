package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"strings"

	"github.com/os2kitos/tovholder/bot/slackemu"
)

// field is an input block of a modal, as the form asks for it.
type field struct {
	blockID, label, hint string
	optional             bool
	el                   struct {
		Type          string                 `json:"type"`
		Multiline     bool                   `json:"multiline"`
		Placeholder   *struct{ Text string } `json:"placeholder"`
		InitialValue  string                 `json:"initial_value"`
		InitialDate   string                 `json:"initial_date"`
		InitialTime   string                 `json:"initial_time"`
		InitialUser   string                 `json:"initial_user"`
		InitialOption *formOption            `json:"initial_option"`
		InitialOpts   []formOption           `json:"initial_options"`
		Options       []formOption           `json:"options"`
		OptionGroups  []optionGroup          `json:"option_groups"`
	}
}

// optionGroup is a labelled group of a select's options (a region's municipalities).
type optionGroup struct {
	Label   struct{ Text string } `json:"label"`
	Options []formOption          `json:"options"`
}

type formOption struct {
	Text  struct{ Text string } `json:"text"`
	Value string                `json:"value"`
}

// parseField reads an input block; ok is false for any other block.
func parseField(raw json.RawMessage) (field, bool) {
	var b struct {
		Type     string                 `json:"type"`
		BlockID  string                 `json:"block_id"`
		Label    struct{ Text string }  `json:"label"`
		Hint     *struct{ Text string } `json:"hint"`
		Optional bool                   `json:"optional"`
		Element  json.RawMessage        `json:"element"`
	}
	if json.Unmarshal(raw, &b) != nil || b.Type != "input" {
		return field{}, false
	}
	f := field{blockID: b.BlockID, label: b.Label.Text, optional: b.Optional}
	if b.Hint != nil {
		f.hint = b.Hint.Text
	}
	_ = json.Unmarshal(b.Element, &f.el)
	for _, g := range f.el.OptionGroups {
		f.el.Options = append(f.el.Options, g.Options...) // what may be typed
	}
	return f, true
}

// initial is what the input was prefilled with, as the person would type it.
func (f field) initial(c *client) string {
	e := f.el
	switch {
	case e.InitialOption != nil:
		return e.InitialOption.Text.Text
	case len(e.InitialOpts) > 0:
		names := make([]string, 0, len(e.InitialOpts))
		for _, o := range e.InitialOpts {
			names = append(names, o.Text.Text)
		}
		return strings.Join(names, ", ")
	case e.InitialUser != "":
		return "@" + c.userName(e.InitialUser)
	case e.InitialDate != "":
		return e.InitialDate
	case e.InitialTime != "":
		return e.InitialTime
	}
	return e.InitialValue
}

// fillForm shows the user's modal as a form: it asks for each input by its label,
// submits, and asks again with the bot's errors until the bot accepts or the person
// types cancel.
func (c *client) fillForm(ctx context.Context, viewID string) error {
	answers := map[string]string{}
	for {
		v, ok := c.s.emu.ViewByID(viewID)
		if !ok || v.Closed || v.Type != "modal" || v.User != c.user {
			return nil
		}
		given, err := c.ask(v, answers)
		if errors.Is(err, errCancel) || errors.Is(err, io.EOF) {
			_, cerr := c.s.emu.CloseView(ctx, c.user, viewID)
			c.printf("%s\n", say(c.lang, "form.cancel"))
			return c.after(ctx, cerr)
		}
		if err != nil {
			return err
		}
		answers = given
		resp, err := c.s.emu.SubmitForm(ctx, c.user, viewID, answers)
		if err != nil {
			c.printf("%s\n", say(c.lang, "form.bad", strings.TrimPrefix(err.Error(), "slackemu: ")))
			continue
		}
		if resp.ResponseAction == "errors" {
			c.showErrors(v, resp.Errors)
			continue
		}
		c.printf("%s\n", say(c.lang, "form.submit"))
		return c.after(ctx, nil)
	}
}

var errCancel = errors.New("cancel")

// ask prints the modal and reads an answer for each input; answers from an earlier
// round are the defaults.
func (c *client) ask(v slackemu.View, earlier map[string]string) (map[string]string, error) {
	var chrome struct {
		Title, Submit *struct{ Text string }
	}
	_ = json.Unmarshal(v.JSON, &chrome)
	if chrome.Title != nil {
		c.printf("┌ %s ┐\n", chrome.Title.Text)
	}
	c.printf("%s\n", say(c.lang, "form.help"))
	answers := map[string]string{}
	inputs := 0
	for _, raw := range v.Blocks {
		f, ok := parseField(raw)
		if !ok {
			c.printf("%s", indent(c.render([]json.RawMessage{raw}, button{viewID: v.ID, owner: c.user, view: true})))
			continue
		}
		inputs++
		def, had := earlier[f.label]
		if !had {
			def = f.initial(c)
		}
		typed, err := c.askField(f, def)
		if err != nil {
			return nil, err
		}
		if typed == "" {
			typed = def
		}
		if typed != "" {
			answers[f.label] = typed
		}
	}
	if inputs == 0 && chrome.Submit != nil {
		if typed, err := c.in.ReadLine("  <" + chrome.Submit.Text + "> "); err != nil {
			return nil, err
		} else if strings.EqualFold(strings.TrimSpace(typed), "cancel") {
			return nil, errCancel
		}
	}
	return answers, nil
}

// askField shows an input's hint and choices and reads its value.
func (c *client) askField(f field, def string) (string, error) {
	if f.hint != "" {
		c.printf("    ↳ %s\n", f.hint)
	}
	if f.el.Placeholder != nil && def == "" {
		c.printf("    ↳ %s\n", f.el.Placeholder.Text)
	}
	for _, g := range f.el.OptionGroups {
		names := make([]string, 0, len(g.Options))
		for _, o := range g.Options {
			names = append(names, o.Text.Text)
		}
		c.printf("    %s: %s\n", g.Label.Text, strings.Join(names, " | "))
	}
	if len(f.el.Options) > 0 && len(f.el.OptionGroups) == 0 {
		names := make([]string, 0, len(f.el.Options))
		for _, o := range f.el.Options {
			names = append(names, o.Text.Text)
		}
		c.printf("    %s\n", say(c.lang, "form.options", strings.Join(names, " | ")))
	}
	label := f.label
	switch f.el.Type {
	case "datepicker":
		label += " (" + say(c.lang, "form.date") + ")"
	case "timepicker":
		label += " (" + say(c.lang, "form.time") + ")"
	case "rich_text_input":
		label += " (" + say(c.lang, "form.mentions") + ")"
	case "checkboxes", "multi_static_select", "multi_users_select":
		label += " (" + say(c.lang, "form.many") + ")"
	}
	if opt := say(c.lang, "form.optional"); f.optional && !strings.Contains(strings.ToLower(label), opt) {
		label += " (" + opt + ")"
	}
	if def != "" {
		label += " [" + firstLine(def, 60) + "]"
	}
	for {
		typed, err := c.in.ReadLine("  " + label + ": ")
		typed = strings.TrimSpace(typed)
		switch {
		case err != nil:
			return "", err
		case strings.EqualFold(typed, "cancel"):
			return "", errCancel
		case typed == "" && def == "" && !f.optional:
			c.printf("%s\n", say(c.lang, "form.bad", say(c.lang, "form.required")))
		case f.el.Multiline || f.el.Type == "rich_text_input":
			return strings.ReplaceAll(typed, `\n`, "\n"), nil
		case typed == "" || f.offers(typed):
			return typed, nil
		default:
			c.printf("%s\n", say(c.lang, "form.bad", say(c.lang, "form.no_option", typed)))
		}
	}
}

// offers reports whether typed names options of the input by text or value (a
// comma-separated list for checkboxes), or the input has no options to check.
func (f field) offers(typed string) bool {
	if len(f.el.Options) == 0 {
		return true
	}
	wants := []string{typed}
	if f.el.Type == "checkboxes" || f.el.Type == "multi_static_select" {
		wants = strings.Split(typed, ",")
	}
	for _, want := range wants {
		want = strings.TrimSpace(want)
		if !slices.ContainsFunc(f.el.Options, func(o formOption) bool { return o.Value == want || o.Text.Text == want }) {
			return false
		}
	}
	return true
}

// showErrors prints the bot's errors under the labels of their inputs.
func (c *client) showErrors(v slackemu.View, errs map[string]string) {
	for _, raw := range v.Blocks {
		if f, ok := parseField(raw); ok {
			if msg, bad := errs[f.blockID]; bad {
				c.printf("%s\n", say(c.lang, "form.bad", f.label+": "+msg))
			}
		}
	}
}
