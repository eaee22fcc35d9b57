"""Checksums of several large ranges, computed in threads: the GIL runs them one at a time."""
from concurrent.futures import ThreadPoolExecutor


def checksum(n):
    total = 0
    for i in range(n):
        total = (total * 31 + i) % 1_000_000_007
    return total


if __name__ == "__main__":
    sizes = [2_000_000, 2_000_000, 2_000_000, 2_000_000]
    with ThreadPoolExecutor(max_workers=4) as executor:
        results = list(executor.map(checksum, sizes))
    print(results)
