package i18n

// importMessages are the words of wishes brought in by `tovholder import`.
var importMessages = Messages{
	"history.imported":  {"imported as %s", "importeret som %s"},
	"estimate.imported": {"the import", "importen"},
}
