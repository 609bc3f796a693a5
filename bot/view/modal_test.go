package view

import (
	"testing"

	"github.com/os2kitos/tovholder/workflow"
)

func TestWishModals(t *testing.T) {
	for _, lang := range langs {
		golden(t, "modal.wish_new", lang, WishModal(lang, groups, &workflow.Wish{Title: "Export to CSV"}, false))
		w := asking()
		golden(t, "modal.wish_edit", lang, WishModal(lang, groups, &w, true))
	}
}

func TestTriageModals(t *testing.T) {
	for _, lang := range langs {
		golden(t, "modal.triage_route", lang, RouteModal(lang, groups, alarm))
		golden(t, "modal.triage_ask", lang, TriageModal(lang, CbAsk, alarm))
		golden(t, "modal.triage_decline", lang, TriageModal(lang, CbDecline, alarm))
		golden(t, "modal.triage_duplicate", lang, TriageModal(lang, CbDuplicate, alarm))
	}
}
