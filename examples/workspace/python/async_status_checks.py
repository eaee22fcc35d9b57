"""Checks several services' health endpoints from an asyncio program.

Two mistakes that make the "concurrent" checks run one after another: a blocking HTTP
client and time.sleep() inside `async def`. Both hold the event loop, so no other
coroutine runs while they wait.
"""
import asyncio
import time

import requests

SERVICES = [
    "https://status.example.com/api",
    "https://status.example.com/db",
    "https://status.example.com/cache",
]


async def check(url: str) -> int:
    response = requests.get(url, timeout=5)  # blocks the event loop for the whole round trip
    return response.status_code


async def check_with_retry(url: str, attempts: int = 3) -> int:
    for attempt in range(attempts):
        try:
            return await check(url)
        except requests.RequestException:
            time.sleep(2 ** attempt)  # stops every coroutine, not just this one
    return 0


async def main() -> None:
    codes = await asyncio.gather(*(check_with_retry(url) for url in SERVICES))
    for url, code in zip(SERVICES, codes):
        print(f"{url}: {code}")


if __name__ == "__main__":
    asyncio.run(main())
