//go:build !unix

package storage

import "os"

// On systems without flock the lock is not enforced; Tovholder's images run Linux.
func tryLock(*os.File) error { return nil }

func unlock(*os.File) error { return nil }
