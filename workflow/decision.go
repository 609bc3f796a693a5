package workflow

// PipelineTx is what the steps from priority to delivery need of a transaction:
// estimates, initiatives, decisions, financing and development cycles.
type PipelineTx interface{}
