// Small inline helpers the explorer needs and Swift does not offer directly:
// atomic operations on words inside raw memory, cache prefetch, and reserving
// large zeroed regions of virtual memory that are only backed when touched.
#ifndef CHIPCHECK_EXPLORER_SUPPORT_H
#define CHIPCHECK_EXPLORER_SUPPORT_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

/// Loads a word with acquire ordering (pairs with `cc_store_release`).
static inline uint64_t cc_load_acquire(const uint64_t *p) {
    return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

/// Loads a word with no ordering; the value is not torn.
static inline uint64_t cc_load_relaxed(const uint64_t *p) {
    return __atomic_load_n(p, __ATOMIC_RELAXED);
}

/// Stores a word with no ordering.
static inline void cc_store_relaxed(uint64_t *p, uint64_t v) {
    __atomic_store_n(p, v, __ATOMIC_RELAXED);
}

/// Stores a word with release ordering, publishing every earlier write.
static inline void cc_store_release(uint64_t *p, uint64_t v) {
    __atomic_store_n(p, v, __ATOMIC_RELEASE);
}

/// Compare-and-swap; on failure `*expected` receives the current value.
static inline bool cc_cas(uint64_t *p, uint64_t *expected, uint64_t desired) {
    return __atomic_compare_exchange_n(p, expected, desired, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

/// Adds and returns the previous value.
static inline uint64_t cc_fetch_add(uint64_t *p, uint64_t v) {
    return __atomic_fetch_add(p, v, __ATOMIC_ACQ_REL);
}

/// Lowers the 32-bit `*p` to `v` if `v` is smaller; returns true when it did.
static inline bool cc_fetch_min32(uint32_t *p, uint32_t v) {
    uint32_t cur = __atomic_load_n(p, __ATOMIC_ACQUIRE);
    while (v < cur) {
        if (__atomic_compare_exchange_n(p, &cur, v, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
            return true;
        }
    }
    return false;
}

/// Loads a 32-bit word with acquire ordering.
static inline uint32_t cc_load_acquire32(const uint32_t *p) {
    return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

/// Hints the CPU to bring the line holding `p` into cache for a later write.
static inline void cc_prefetch_write(const void *p) {
    __builtin_prefetch(p, 1, 3);
}

/// Hints the CPU to bring the line holding `p` into cache for a later read.
static inline void cc_prefetch_read(const void *p) {
    __builtin_prefetch(p, 0, 3);
}

/// A spin-wait hint for busy loops that wait on another thread.
static inline void cc_pause(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

/// Reserves `bytes` of zeroed, private, anonymous memory that the kernel backs
/// only as pages are touched. Returns NULL on failure.
void *cc_reserve_zeroed(size_t bytes);

/// Returns memory from `cc_reserve_zeroed` to the system.
void cc_release(void *p, size_t bytes);

/// Gives the whole pages inside `[p, p + bytes)` back to the system while keeping the
/// reservation (`madvise(MADV_DONTNEED)`); they read as zero if touched again.
void cc_discard(void *p, size_t bytes);

/// Creates an anonymous scratch file for data written once and rarely read back (the
/// fingerprint store's predecessor links): in `$TMPDIR`, else `/tmp`, and unlinked at once so
/// that it vanishes with the process. Returns the descriptor, or -1 with `errno` set.
int cc_scratch_file_create(void);

/// Whether the file lives in memory (tmpfs or ramfs), where writing it saves no memory.
bool cc_scratch_file_in_memory(int fd);

/// Writes `bytes` at `offset`, retrying short writes. Returns 0, or an `errno` value.
int cc_scratch_file_write(int fd, const void *p, size_t bytes, uint64_t offset);

/// Reads `bytes` at `offset`. Returns 0, or an `errno` value (EIO for a short read).
int cc_scratch_file_read(int fd, void *p, size_t bytes, uint64_t offset);

/// Closes the file (its blocks go back to the file system).
void cc_scratch_file_close(int fd);

/// Resident set size of this process in bytes (0 if unknown).
uint64_t cc_resident_bytes(void);

/// Peak resident set size of this process in bytes (0 if unknown).
uint64_t cc_peak_resident_bytes(void);

/// How many of the pages that overlap `[p, p + bytes)` are resident (`mincore`); 0 on failure.
size_t cc_resident_pages(const void *p, size_t bytes);

/// Physical memory of the machine in bytes (0 if unknown).
uint64_t cc_physical_memory_bytes(void);

/// Number of online processors (at least 1).
int cc_online_processors(void);

/// A team of threads for short parallel phases (see WorkerTeam.c). Opaque.
typedef struct cc_team cc_team;

/// A job: called once on every thread of the team with its index (0 is the caller's).
typedef void (*cc_team_job)(void *context, long worker);

/// Starts `threads - 1` helper threads that, between jobs, spin `spins` times on the next job
/// (a pause each) before they sleep. Returns NULL if a thread could not be started.
cc_team *cc_team_create(long threads, long spins);

/// Runs `job(context, w)` for every worker `w` of the team, 0 on the calling thread, and
/// returns when all have returned. Only one thread may run jobs on a team.
void cc_team_run(cc_team *team, cc_team_job job, void *context);

/// Stops and joins the helpers and frees the team.
void cc_team_destroy(cc_team *team);

#endif
