package bot

// Features that have not landed yet declare nothing. Each line goes when its feature's
// own file declares the names.
var reminderMessages, reminderActions, reminderRenderers, reminderCommands = Messages{}, map[string]actionFunc{}, map[string]renderFunc{}, []Command(nil)
