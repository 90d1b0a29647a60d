// The allocator's settings are a symbol jemalloc looks up (allocator.c); nothing to call.
