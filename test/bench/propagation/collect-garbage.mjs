// Bench only (preloaded with --expose-gc): a full garbage collection every second, so memory
// samples count what idle streams keep, not garbage no collection has reached yet.
setInterval(() => globalThis.gc(), 1000).unref();
