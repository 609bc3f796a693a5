package bot

import (
	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/workflow"
)

func init() {
	historyTexts[workflow.EvWishImported] = func(lang i18n.Lang, e workflow.Event) string {
		return i18n.T(lang, "history.imported", stateName(lang, e.To))
	}
}
