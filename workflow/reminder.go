package workflow

// ReminderTx is what reminders need of a transaction: schedules and fire times.
type ReminderTx interface{}
