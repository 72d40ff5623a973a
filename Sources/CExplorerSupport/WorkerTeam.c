// A team of threads that stays awake between the short parallel phases of a search.
//
// A round of the explorer is two parallel phases of a few milliseconds each, a hundred rounds
// and more a run. Handing each phase to a thread pool that puts its threads to sleep in
// between costs a wake-up per phase, which on a virtual machine whose idle processor has
// halted goes through the host. Here a helper spins for a while on the job counter before it
// sleeps, so a phase that follows within the spin starts on every thread at once.

#include "CExplorerSupport.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

struct cc_team {
    // Written once per job by the caller, read by every helper: a line of their own.
    _Alignas(128) _Atomic uint64_t generation;
    cc_team_job job;
    void *context;
    // Counted down by the helpers as they finish the job.
    _Alignas(128) _Atomic long pending;
    _Alignas(128) long helpers;
    long spins;
    _Atomic bool shutdown;
    pthread_mutex_t lock;
    pthread_cond_t started;
    pthread_cond_t finished;
    pthread_t *threads;
};

struct cc_helper_start {
    cc_team *team;
    long index;
};

static void *cc_team_helper(void *argument) {
    struct cc_helper_start start = *(struct cc_helper_start *)argument;
    free(argument);
    cc_team *team = start.team;
    uint64_t seen = 0;
    for (;;) {
        uint64_t generation = atomic_load_explicit(&team->generation, memory_order_acquire);
        for (long n = 0; generation == seen && n < team->spins; n++) {
            cc_pause();
            generation = atomic_load_explicit(&team->generation, memory_order_acquire);
        }
        if (generation == seen) {
            pthread_mutex_lock(&team->lock);
            while ((generation = atomic_load_explicit(&team->generation, memory_order_acquire)) == seen) {
                pthread_cond_wait(&team->started, &team->lock);
            }
            pthread_mutex_unlock(&team->lock);
        }
        seen = generation;
        if (atomic_load_explicit(&team->shutdown, memory_order_acquire)) {
            return NULL;
        }
        team->job(team->context, start.index);
        if (atomic_fetch_sub_explicit(&team->pending, 1, memory_order_acq_rel) == 1) {
            pthread_mutex_lock(&team->lock);
            pthread_cond_signal(&team->finished);
            pthread_mutex_unlock(&team->lock);
        }
    }
}

cc_team *cc_team_create(long threads, long spins) {
    cc_team *team = aligned_alloc(128, (sizeof(cc_team) + 127) / 128 * 128);
    if (team == NULL) {
        return NULL;
    }
    atomic_init(&team->generation, 0);
    atomic_init(&team->pending, 0);
    atomic_init(&team->shutdown, false);
    team->job = NULL;
    team->context = NULL;
    team->helpers = 0;
    team->spins = spins;
    pthread_mutex_init(&team->lock, NULL);
    pthread_cond_init(&team->started, NULL);
    pthread_cond_init(&team->finished, NULL);
    team->threads = calloc(threads > 1 ? (size_t)(threads - 1) : 1, sizeof(pthread_t));
    if (team->threads == NULL) {
        cc_team_destroy(team);
        return NULL;
    }
    for (long i = 1; i < threads; i++) {
        struct cc_helper_start *start = malloc(sizeof *start);
        if (start == NULL) {
            cc_team_destroy(team);
            return NULL;
        }
        start->team = team;
        start->index = i;
        if (pthread_create(&team->threads[i - 1], NULL, cc_team_helper, start) != 0) {
            free(start);
            cc_team_destroy(team);
            return NULL;
        }
        team->helpers = i;
    }
    return team;
}

void cc_team_run(cc_team *team, cc_team_job job, void *context) {
    if (team->helpers > 0) {
        team->job = job;
        team->context = context;
        atomic_store_explicit(&team->pending, team->helpers, memory_order_relaxed);
        atomic_fetch_add_explicit(&team->generation, 1, memory_order_release);
        // Wakes helpers that went to sleep; without waiters this stays in user space.
        pthread_mutex_lock(&team->lock);
        pthread_cond_broadcast(&team->started);
        pthread_mutex_unlock(&team->lock);
    }
    job(context, 0);
    if (team->helpers == 0) {
        return;
    }
    for (long n = 0; atomic_load_explicit(&team->pending, memory_order_acquire) != 0 && n < team->spins; n++) {
        cc_pause();
    }
    if (atomic_load_explicit(&team->pending, memory_order_acquire) != 0) {
        pthread_mutex_lock(&team->lock);
        while (atomic_load_explicit(&team->pending, memory_order_acquire) != 0) {
            pthread_cond_wait(&team->finished, &team->lock);
        }
        pthread_mutex_unlock(&team->lock);
    }
}

void cc_team_destroy(cc_team *team) {
    if (team->helpers > 0) {
        atomic_store_explicit(&team->shutdown, true, memory_order_release);
        atomic_fetch_add_explicit(&team->generation, 1, memory_order_release);
        pthread_mutex_lock(&team->lock);
        pthread_cond_broadcast(&team->started);
        pthread_mutex_unlock(&team->lock);
        for (long i = 0; i < team->helpers; i++) {
            pthread_join(team->threads[i], NULL);
        }
    }
    free(team->threads);
    pthread_mutex_destroy(&team->lock);
    pthread_cond_destroy(&team->started);
    pthread_cond_destroy(&team->finished);
    free(team);
}
