package workflow

import "context"

// Grouped runs fn as a grouped use case of s does: in a transaction shared with the
// other use cases waiting at the same time, in a savepoint of its own.
func Grouped(s *Service, ctx context.Context, fn func(Tx) error) error {
	return s.group.do(ctx, s.Store, fn)
}
