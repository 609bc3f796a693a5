package storage

import "context"

// MigrationNames lists the embedded migrations in order.
func MigrationNames() []string {
	ms, err := migrations()
	if err != nil {
		panic(err)
	}
	var names []string
	for _, m := range ms {
		names = append(names, m.name)
	}
	return names
}

// Exec runs raw SQL on the write connection, for tests that write rows as an old
// schema had them.
func (db *DB) Exec(ctx context.Context, query string, args ...any) error {
	_, err := db.write.ExecContext(ctx, query, args...)
	return err
}
