package features

import "unsafe"

// pageSize is the smallest page size of the platforms Go runs on; a larger
// real page only makes touchPages write more than it needs to.
const pageSize = 4096

// touchPages writes the zero value to one element of s per memory page.
//
// Why: a large slice fresh from the operating system is not backed by
// memory until first touched. When the first touch of a page is a read,
// as it is in a hash table whose inserts probe before they write, Linux
// maps the shared zero page, and the first write then faults again, copies
// that page, and flushes the stale mapping from every core running the
// process (an interrupt to each, costly in a virtual machine). A write
// first makes that one fault. On tasnif tag with a 318,000-feature model
// this removed a fifth of the page-fault time of loading. For memory the
// Go runtime recycled the writes are plain stores, a few thousand at most.
func touchPages[T any](s []T) {
	var zero T
	size := unsafe.Sizeof(zero)
	if size == 0 || len(s) == 0 {
		return
	}
	step := max(1, pageSize/int(size))
	for i := 0; i < len(s); i += step {
		s[i] = zero
	}
}
