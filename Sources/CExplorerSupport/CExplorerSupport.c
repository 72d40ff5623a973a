#include "CExplorerSupport.h"

#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>
#include <errno.h>
#include <stdlib.h>
#if defined(__linux__)
#include <sys/vfs.h>
#endif

void *cc_reserve_zeroed(size_t bytes) {
    if (bytes == 0) {
        return NULL;
    }
    int flags = MAP_PRIVATE | MAP_ANONYMOUS;
#ifdef MAP_NORESERVE
    flags |= MAP_NORESERVE;
#endif
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, flags, -1, 0);
    if (p == MAP_FAILED) {
        return NULL;
    }
#ifdef MADV_HUGEPAGE
    // The table is read at random: with 4 KiB pages nearly every probe also misses the TLB.
    // Transparent huge pages (where the system allows them) take most of those misses away.
    if (bytes >= ((size_t)4 << 20)) {
        madvise(p, bytes, MADV_HUGEPAGE);
    }
#endif
    return p;
}

void cc_release(void *p, size_t bytes) {
    if (p != NULL && bytes != 0) {
        munmap(p, bytes);
    }
}

void cc_discard(void *p, size_t bytes) {
    long page = sysconf(_SC_PAGESIZE);
    if (p == NULL || page <= 0) {
        return;
    }
    uintptr_t start = ((uintptr_t)p + (uintptr_t)page - 1) & ~((uintptr_t)page - 1);
    uintptr_t end = ((uintptr_t)p + bytes) & ~((uintptr_t)page - 1);
    if (end > start) {
        madvise((void *)start, end - start, MADV_DONTNEED);
    }
}

uint64_t cc_resident_bytes(void) {
    FILE *f = fopen("/proc/self/statm", "r");
    if (f == NULL) {
        return 0;
    }
    unsigned long size = 0, resident = 0;
    int n = fscanf(f, "%lu %lu", &size, &resident);
    fclose(f);
    if (n != 2) {
        return 0;
    }
    return (uint64_t)resident * (uint64_t)sysconf(_SC_PAGESIZE);
}

uint64_t cc_peak_resident_bytes(void) {
#if defined(__linux__)
    // VmHWM belongs to this process image. getrusage's ru_maxrss does not: Linux carries it
    // over from the parent across fork and exec, so a run started by a big process (a test
    // runner, a CI agent) would report that process's peak.
    FILE *f = fopen("/proc/self/status", "r");
    if (f != NULL) {
        char line[256];
        unsigned long long kib = 0;
        int found = 0;
        while (fgets(line, sizeof line, f) != NULL) {
            if (sscanf(line, "VmHWM: %llu kB", &kib) == 1) {
                found = 1;
                break;
            }
        }
        fclose(f);
        if (found) {
            return (uint64_t)kib * 1024u;
        }
    }
#endif
    struct rusage usage;
    if (getrusage(RUSAGE_SELF, &usage) != 0) {
        return 0;
    }
#if defined(__APPLE__)
    return (uint64_t)usage.ru_maxrss;
#else
    return (uint64_t)usage.ru_maxrss * 1024u;
#endif
}

size_t cc_resident_pages(const void *p, size_t bytes) {
    long page = sysconf(_SC_PAGESIZE);
    if (page <= 0 || bytes == 0) {
        return 0;
    }
    uintptr_t start = (uintptr_t)p & ~((uintptr_t)page - 1);
    uintptr_t end = ((uintptr_t)p + bytes + (uintptr_t)page - 1) & ~((uintptr_t)page - 1);
    size_t pages = (end - start) / (size_t)page;
    unsigned char *flags = malloc(pages);
    if (flags == NULL) {
        return 0;
    }
    size_t resident = 0;
    if (mincore((void *)start, end - start, (void *)flags) == 0) {
        for (size_t i = 0; i < pages; i++) {
            resident += flags[i] & 1;
        }
    }
    free(flags);
    return resident;
}

uint64_t cc_physical_memory_bytes(void) {
    long pages = sysconf(_SC_PHYS_PAGES);
    long page = sysconf(_SC_PAGESIZE);
    if (pages <= 0 || page <= 0) {
        return 0;
    }
    return (uint64_t)pages * (uint64_t)page;
}

int cc_online_processors(void) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : (int)n;
}

int cc_scratch_file_create(void) {
    const char *dir = getenv("TMPDIR");
    if (dir == NULL || dir[0] == '\0') dir = "/tmp";
    char path[4096];
    int n = snprintf(path, sizeof path, "%s/chipcheck-links-XXXXXX", dir);
    if (n < 0 || (size_t)n >= sizeof path) {
        errno = ENAMETOOLONG;
        return -1;
    }
    int fd = mkstemp(path);
    if (fd < 0) return -1;
    unlink(path);
    return fd;
}

bool cc_scratch_file_in_memory(int fd) {
#if !defined(__linux__)
    (void)fd;
    return false;
#else
    struct statfs info;
    if (fstatfs(fd, &info) != 0) return false;
    // TMPFS_MAGIC and RAMFS_MAGIC from <linux/magic.h>.
    return info.f_type == 0x01021994 || info.f_type == (long)0x858458f6;
#endif
}

/// Moves `bytes` between the file at `offset` and `p`, retrying short transfers; an end of
/// file before `bytes` is `at_end` (ENOSPC for a write, EIO for a read).
static int cc_scratch_file_transfer(int fd, char *p, size_t bytes, uint64_t offset, bool write, int at_end) {
    while (bytes > 0) {
        ssize_t done = write ? pwrite(fd, p, bytes, (off_t)offset) : pread(fd, p, bytes, (off_t)offset);
        if (done < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        if (done == 0) return at_end;
        p += done;
        bytes -= (size_t)done;
        offset += (uint64_t)done;
    }
    return 0;
}

int cc_scratch_file_write(int fd, const void *p, size_t bytes, uint64_t offset) {
    // pwrite only reads from the buffer; the cast lets one loop serve both directions.
    return cc_scratch_file_transfer(fd, (char *)p, bytes, offset, true, ENOSPC);
}

int cc_scratch_file_read(int fd, void *p, size_t bytes, uint64_t offset) {
    return cc_scratch_file_transfer(fd, p, bytes, offset, false, EIO);
}

void cc_scratch_file_close(int fd) {
    if (fd >= 0) close(fd);
}
