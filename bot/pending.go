package bot

// Features that have not landed yet declare nothing. Each line goes when its feature's
// own file declares the names.
var triageMessages, triageActions, triageSubmissions, triageRenderers, triageCommands = Messages{}, map[string]actionFunc{}, map[string]submitFunc{}, map[string]renderFunc{}, []Command(nil)
var pollMessages, pollActions, pollSubmissions, pollRenderers, pollCommands = Messages{}, map[string]actionFunc{}, map[string]submitFunc{}, map[string]renderFunc{}, []Command(nil)
var pipelineMessages, pipelineActions, pipelineSubmissions, pipelineRenderers, pipelineCommands = Messages{}, map[string]actionFunc{}, map[string]submitFunc{}, map[string]renderFunc{}, []Command(nil)
var reminderMessages, reminderActions, reminderRenderers, reminderCommands = Messages{}, map[string]actionFunc{}, map[string]renderFunc{}, []Command(nil)
