"""Fail with a clear message when the Redis named for the RQ test run cannot be reached."""

import sys

import redis

url = sys.argv[1]
try:
    info = redis.Redis.from_url(url, socket_connect_timeout=5).info("server")
except redis.RedisError as exc:
    safe = url.split("@")[-1]
    print(
        f"FAILED: Redis at {safe} is unreachable, so the RQ (scale-out) test run cannot happen.\n"
        f"  {exc}".rstrip(),
        file=sys.stderr,
    )
    sys.exit(1)
print(f"Redis {info.get('redis_version', '?')} reachable.")
