"""Times the Python primitives of the cost model for `npm run calibrate` and prints them as JSON:
the loop bodies of loops.py (ns per call at their calibration size) and the kernels the catalog
prices (ns per unit: per KB, per iteration, per element, per call). Warm-up, several runs, median,
in CPU time of the process. Compression is timed on the representative texts calibrate.mjs writes
to the file CALIBRATE_TEXTS names (the median over them); CALIBRATE_ONLY=compression (or
regex-literal: findall of patterns that begin with literal text over the same texts) times only
that (for `npm run calibrate -- --only`)."""
import hashlib
import json
import os
import platform
import re
import statistics
import sys
import time
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import loops  # noqa: E402

RUNS = int(os.environ.get("CALIBRATE_RUNS", "7"))


def measure(run, units):
    """Median ns per unit over RUNS timed runs, after two warm-up runs."""
    for _ in range(2):
        run()
    times = []
    for _ in range(RUNS):
        start = time.process_time_ns()
        run()
        times.append(time.process_time_ns() - start)
    median = statistics.median(times)
    return {"ns": median / units, "spread": (max(times) - min(times)) / median, "runs": RUNS}


def records(count):
    return [{"id": i, "name": f"user-{i}", "email": f"user{i}@example.com", "active": i % 3 == 0,
             "scores": [i % 7, i % 11, i % 13], "address": {"city": "Lyon", "zip": f"{69000 + i % 9}"}}
            for i in range(count)]


def compression():
    """zlib.compress and zlib.decompress ns per KB (uncompressed) of each representative text, and their medians."""
    with open(os.environ["CALIBRATE_TEXTS"], encoding="utf-8") as handle:
        texts = json.load(handle)
    compress, decompress = {}, {}
    for name, text in texts.items():
        blob = text.encode()
        kb = len(blob) / 1024
        packed = zlib.compress(blob)
        compress[name] = round(measure(lambda: zlib.compress(blob), kb)["ns"], 1)
        decompress[name] = round(measure(lambda: zlib.decompress(packed), kb)["ns"], 1)
    return {
        "compress": {"ns": statistics.median(compress.values()), "samples": compress},
        "decompress": {"ns": statistics.median(decompress.values()), "samples": decompress},
    }


# patterns that begin with literal text, as programs scan logs, exports and sources for a field
LITERAL_PATTERNS = [r'"GET /api/(\w+)', r"return (\w+)", r"paid,(\d+)", r"HTTP/1\.1\" (\d+)", r"the (\w+)"]


def regex_literal():
    """findall ns per KB of each representative text, for patterns that begin with literal text (median over all pairs)."""
    with open(os.environ["CALIBRATE_TEXTS"], encoding="utf-8") as handle:
        texts = json.load(handle)
    samples = {}
    for name, text in texts.items():
        kb = len(text.encode()) / 1024
        for source in LITERAL_PATTERNS:
            pattern = re.compile(source)
            samples[f"{name}: {source}"] = round(measure(lambda: len(pattern.findall(text)), kb)["ns"], 1)
    return {"ns": statistics.median(samples.values()), "samples": samples}


def main():
    only = os.environ.get("CALIBRATE_ONLY")
    if only == "compression":
        print(json.dumps({"compression": compression()}))
        return
    if only == "regex-literal":
        print(json.dumps({"regexLiteral": regex_literal()}))
        return
    result = {"python": platform.python_version(), "implementation": platform.python_implementation(), "loops": {}, "kernels": {}, "plain": loops.PLAIN}
    for name, size in loops.SIZES.items():
        fn = getattr(loops, name)
        result["loops"][name] = {**measure(lambda: fn(size), 1), "size": size}

    # a value kept alive, beyond the loop iteration that makes it (median of three everyday forms)
    n = 200_000

    def plain():
        total = 0
        for i in range(n):
            total += i * 2
        return total

    def appended_plain():
        for i in range(n):
            text = str(i)
        return text

    def appended():
        parts = []
        for i in range(n):
            parts.append(str(i))
        return parts

    base = measure(plain, n)["ns"]
    kept = {
        "list comprehension": measure(lambda: [i * 2 for i in range(n)], n)["ns"] - base,
        "append": measure(appended, n)["ns"] - measure(appended_plain, n)["ns"],
        "dict comprehension": measure(lambda: {i: i for i in range(n)}, n)["ns"] - base,
    }
    result["alloc"] = {"ns": max(1.0, statistics.median(kept.values())), "samples": {k: round(v, 1) for k, v in kept.items()}}

    doc = records(5_000)
    text = json.dumps(doc)
    kb = len(text.encode()) / 1024
    blob = text.encode()
    k = result["kernels"]
    k["py.json-dumps-kb"] = measure(lambda: json.dumps(doc), kb)
    k["py.json-loads-kb"] = measure(lambda: json.loads(text), kb)
    k["py.sha256-kb"] = measure(lambda: hashlib.sha256(blob).digest(), kb)
    k["py.hash-call"] = measure(lambda: [hashlib.sha256(f"token-{i}".encode()).hexdigest() for i in range(20_000)], 20_000)
    k["py.pbkdf2-sha256-iteration"] = measure(lambda: hashlib.pbkdf2_hmac("sha256", b"password", b"salt", 50_000), 50_000)
    result["compression"] = compression()
    result["regexLiteral"] = regex_literal()
    pattern = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
    k["py.regex-kb"] = measure(lambda: len(pattern.findall(text)), kb)
    k["py.sum-element"] = measure(lambda: sum(range(2_000_000)), 2_000_000)
    numbers = [(i * 7919) % 1_000_003 for i in range(200_000)]
    import math
    k["py.sort-comparison"] = measure(lambda: sorted(numbers), 200_000 * math.log2(200_000))
    print(json.dumps(result))


main()
