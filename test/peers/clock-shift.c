/*
 * clock-shift: an LD_PRELOAD library that moves the wall clock of every process it is loaded into forward by
 * STAYKEY_CLOCK_SHIFT_SECONDS, so the whole test suite (Node, redis-server, Chromium, workerd) can run "a year
 * from now" and date bombs go off here instead of in production.
 *
 * Why not Debian's faketime: libfaketime resolves the real clock_gettime with dlsym() on first use, dlsym
 * allocates, and redis-server (jemalloc) and workerd call clock_gettime from inside their allocator's
 * initialisation; libfaketime then fails ("Unexpected recursive calls to clock_gettime()", libfaketime
 * issue #130) and redis-server dies while workerd hangs. This library never calls dlsym or allocates: it calls
 * glibc's own entry points under their internal names (__clock_gettime, __gettimeofday: the same vDSO-backed
 * code as the public symbols, as fast) and adds the shift to the realtime clocks only (monotonic clocks are
 * untouched, so timeouts and intervals behave as usual).
 *
 * Built by scripts/test-peers.sh --clock-shift; used by scripts/test-future.sh.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>

extern int __clock_gettime(clockid_t id, struct timespec *ts);
extern int __gettimeofday(struct timeval *restrict tv, void *restrict tz);

static long shift_seconds = -1;

static long shift(void) {
  if (shift_seconds < 0) {
    const char *v = getenv("STAYKEY_CLOCK_SHIFT_SECONDS");
    long s = v ? atol(v) : 0;
    shift_seconds = s > 0 ? s : 0;
  }
  return shift_seconds;
}

static int is_wall_clock(clockid_t id) {
  return id == CLOCK_REALTIME || id == CLOCK_REALTIME_COARSE || id == CLOCK_TAI;
}

int clock_gettime(clockid_t id, struct timespec *ts) {
  int r = __clock_gettime(id, ts);
  if (r == 0 && ts && is_wall_clock(id)) ts->tv_sec += shift();
  return r;
}

int gettimeofday(struct timeval *restrict tv, void *restrict tz) {
  int r = __gettimeofday(tv, tz);
  if (r == 0 && tv) tv->tv_sec += shift();
  return r;
}

time_t time(time_t *out) {
  struct timespec ts;
  if (clock_gettime(CLOCK_REALTIME, &ts) != 0) return (time_t)-1;
  if (out) *out = ts.tv_sec;
  return ts.tv_sec;
}
