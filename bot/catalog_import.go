package bot

import "github.com/os2kitos/tovholder/workflow"

func init() {
	historyTexts[workflow.EvWishImported] = func(lang Lang, e workflow.Event) string {
		return T(lang, "history.imported", stateName(lang, e.To))
	}
}

// importMessages are the words of wishes brought in by `tovholder import`.
var importMessages = Messages{
	"history.imported": {"imported as %s", "importeret som %s"},
}
