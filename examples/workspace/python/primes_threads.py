"""Counts the primes below 200,000 in two threads; each thread appends its count to a shared list."""
import threading


def count_primes(start, stop, results):
    count = 0
    for n in range(start, stop):
        if n > 1 and all(n % d for d in range(2, int(n ** 0.5) + 1)):
            count += 1
    results.append(count)


counts = []
low = threading.Thread(target=count_primes, args=(0, 100_000, counts))
high = threading.Thread(target=count_primes, args=(100_000, 200_000, counts))
low.start()
high.start()
low.join()
high.join()
print(f"primes below 200,000: {sum(counts)}")
