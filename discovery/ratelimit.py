"""Per-provider rate limits shared by every worker (Redis), with an in-process fallback for the embedded default.

Each provider has a minimum interval between requests (1 / rate). A request takes the next free
slot: Redis keeps, per provider, the time the next slot opens, and one Lua script reads and moves
it atomically on Redis's own clock, so workers on several machines never overlap. A caller whose
slot is further away than it may wait is told how long instead (and retries later), so no worker
thread sleeps for minutes.
"""

from __future__ import annotations

import functools
import math
import threading
import time

import redis
from django.conf import settings

KEY_PREFIX = "discovery:ratelimit:"

# KEYS[1]: the provider's key. ARGV: interval and longest acceptable wait, in ms.
# Returns {1, wait} with the slot taken, or {0, wait} when the wait is too long (nothing taken).
_TAKE_SLOT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
local max_wait = tonumber(ARGV[2])
local free = tonumber(redis.call('GET', KEYS[1]) or '0')
local start = math.max(now, free)
local wait = start - now
if wait > max_wait then
  return {0, wait}
end
redis.call('SET', KEYS[1], start + interval, 'PX', wait + interval + 1000)
return {1, wait}
"""


class RateLimited(Exception):
    """The provider's next free slot is further away than the caller may wait."""

    def __init__(self, wait_seconds: float) -> None:
        super().__init__(f"rate limit: next slot in {wait_seconds:.1f} s")
        self.wait_seconds = wait_seconds


@functools.cache
def _redis(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)


_local_lock = threading.Lock()
_local_next: dict[str, float] = {}


def _take_local(name: str, interval: float, max_wait: float) -> tuple[bool, float]:
    with _local_lock:
        now = time.monotonic()
        start = max(now, _local_next.get(name, 0.0))
        wait = start - now
        if wait > max_wait:
            return False, wait
        _local_next[name] = start + interval
        return True, wait


def acquire(name: str, *, rate_per_second: float | None, max_wait: float | None = None) -> float:
    """Wait for the provider's next request slot; returns the seconds waited, or raises RateLimited."""
    if not rate_per_second or rate_per_second <= 0:
        return 0.0
    interval = 1.0 / rate_per_second
    limit = settings.DISCOVERY_RATE_LIMIT_MAX_WAIT_SECONDS if max_wait is None else max_wait
    if settings.CELERY_TASK_ALWAYS_EAGER and max_wait is None:
        # In-process tasks cannot be put off (a countdown runs them at once): they wait their turn.
        limit = math.inf
    if settings.REDIS_URL:
        client = _redis(settings.REDIS_URL)
        max_wait_ms = int(min(limit, 86_400) * 1000)
        taken, wait_ms = client.eval(_TAKE_SLOT, 1, KEY_PREFIX + name, int(interval * 1000), max_wait_ms)
        ok, wait = bool(taken), float(wait_ms) / 1000
    else:
        ok, wait = _take_local(name, interval, limit)
    if not ok:
        raise RateLimited(wait)
    if wait > 0:
        time.sleep(wait)
    return wait


def reset(name: str) -> None:
    """Forget a provider's schedule (tests)."""
    if settings.REDIS_URL:
        _redis(settings.REDIS_URL).delete(KEY_PREFIX + name)
    with _local_lock:
        _local_next.pop(name, None)
