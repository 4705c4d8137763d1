//go:build !unix

package dirfs

// readFile has no fast path here: os.ReadFile does the work.
func readFile(string) ([]byte, bool, error) { return nil, false, nil }
