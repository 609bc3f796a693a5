package workflow

import (
	"context"
	"time"
)

// Grouped runs fn as a grouped use case of s does: in a transaction shared with the
// other use cases waiting at the same time, in a savepoint of its own.
func Grouped(s *Service, ctx context.Context, fn func(Tx) error) error {
	return s.group.do(ctx, s.Store, fn)
}

// DigestOf builds the digest of rule at fire as sendDigest does, and its readers.
func DigestOf(s *Service, ctx context.Context, rule string, fire time.Time) (dg Digest, readers []string, err error) {
	err = s.Store.Read(ctx, func(tx Tx) error {
		dg, readers, err = digestOf(tx, dueRun{rule: rule, fire: fire})
		return err
	})
	return dg, readers, err
}

// SecretariatDigest is secretariatDigest in a read transaction.
func SecretariatDigest(s *Service, ctx context.Context) (secs []DigestSection, err error) {
	err = s.Store.Read(ctx, func(tx Tx) error {
		secs, err = secretariatDigest(tx)
		return err
	})
	return secs, err
}
