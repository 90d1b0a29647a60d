// zhendi allocates and frees millions of small blocks per build (strings, arrays, template
// contexts) from two threads; jemalloc does that ≈ 7 % faster than glibc's allocator
// (BENCHMARKS.md). Linked into the command only: the engine library does not choose an allocator.
//
// Its settings, read by jemalloc at start (the MALLOC_CONF variable still overrides them):
// pages a build has freed stay mapped until the kernel wants them back (`muzzy_decay_ms:-1`)
// instead of being returned at once and faulted in again by the next segment's buffers.
#include "CAllocator.h"

#if defined(__linux__)
const char *malloc_conf = "muzzy_decay_ms:-1";
#endif
