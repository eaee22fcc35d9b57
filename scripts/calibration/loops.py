"""Loop bodies of everyday Python, for `npm run calibrate`: each is timed for real and counted by
the analyser (its operations at the size `calibration_sizes` passes); the median time per counted
operation becomes the `py.op` primitive of the cost model. Not product code: a sample."""
import random


def sum_squares(n):
    total = 0
    for i in range(n):
        total += i * i
    return total


def while_mask(n):
    total = 0
    i = 0
    while i < n:
        total += i & 7
        i += 1
    return total


def doubled_list(n):
    return len([i * 2 for i in range(n)])


def count_keys(n):
    counts = {}
    for i in range(n):
        key = i % 100
        counts[key] = counts.get(key, 0) + 1
    return counts[0]


def affine(x):
    return x * 3 + 1


def call_helper(n):
    total = 0
    for i in range(n):
        total += affine(i)
    return total


def monte_carlo_pi(n):
    inside = 0
    for _ in range(n):
        x = random.random()
        y = random.random()
        if x * x + y * y <= 1:
            inside += 1
    return 4 * inside / n


def string_parts(n):
    parts = []
    for i in range(n):
        parts.append(str(i))
    return len(",".join(parts))


def nested_grid(n):
    total = 0
    for row in range(n):
        for col in range(100):
            total += (row * col) % 7
    return total


def calibration_sizes():
    sum_squares(200_000)
    while_mask(200_000)
    doubled_list(200_000)
    count_keys(200_000)
    call_helper(200_000)
    monte_carlo_pi(200_000)
    string_parts(200_000)
    nested_grid(2_000)


# the samples that keep no values alive: what `py.op` is the median of
PLAIN = ["sum_squares", "while_mask", "count_keys", "call_helper", "monte_carlo_pi", "nested_grid"]

SIZES = {
    "sum_squares": 200_000, "while_mask": 200_000, "doubled_list": 200_000, "count_keys": 200_000,
    "call_helper": 200_000, "monte_carlo_pi": 200_000, "string_parts": 200_000, "nested_grid": 2_000,
}
