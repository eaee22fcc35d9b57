/**
 * cpu-in-thread: CPU-bound Python code run in a thread (Thread, ThreadPoolExecutor, to_thread),
 * where the GIL serialises it; quiet for waiting work and GIL-releasing C code; advisory only on
 * free-threaded builds; the thread-to-process-pool fix.
 */
import { code, readFixture, testRule } from '../support';

const crossmodule = (name: string) => readFixture('python', 'crossmodule', name).text;

testRule('cpu-in-thread', {
  valid: [
    {
      name: 'threads that download (waiting releases the GIL)',
      code: readFixture('python', 'articles', 'download_threads.py').text,
    },
    {
      name: 'sleep in a thread (waiting, not computing)',
      code: readFixture('python', 'articles', 'sleep_thread_and_process.py').text,
    },
    {
      name: 'a cheap function in a thread',
      code: readFixture('python', 'articles', 'fibonacci_thread.py').text,
    },
    {
      name: 'hashlib on large buffers releases the GIL',
      code: code`
        import hashlib
        from concurrent.futures import ThreadPoolExecutor


        def digest_all(chunks):
            for chunk in chunks:
                for _ in range(20_000):
                    hashlib.sha256(chunk).hexdigest()


        with ThreadPoolExecutor() as executor:
            executor.submit(digest_all, [b"x" * 65536] * 4)
      `,
    },
    {
      name: 'the same CPU work in a process pool',
      code: readFixture('python', 'articles', 'sum_of_squares_pool.py').text,
    },
  ],
  invalid: [
    {
      name: 'a CPU loop started with threading.Thread',
      code: readFixture('python', 'fixes', 'cpu_in_thread.py').text,
      findings: [
        { line: 11, column: 10, endLine: 11, endColumn: 60, severity: 'warning',
          message: 'crunch() is CPU-bound (it loops 2,000,000 times (from the call at main.py:11)) but runs in a thread: the GIL lets one thread run Python code at a time, so it gets no parallelism. Use a ProcessPoolExecutor or multiprocessing.Pool (threads only run in parallel on a free-threaded 3.13t+ build).' },
      ],
      offers: [['thread-to-process-pool', 'python-ignore']],
      fixes: [
        // the unused threading import goes; the process starts under the main guard
        { id: 'thread-to-process-pool', diff: code`
          @@ 1
          -import threading
          +import multiprocessing
          @@ 11
          -worker = threading.Thread(target=crunch, args=(2_000_000,))
          -worker.start()
          -worker.join()
          -print("done")
          +if __name__ == "__main__":
          +    worker = multiprocessing.Process(target=crunch, args=(2_000_000,))
          +    worker.start()
          +    worker.join()
          +    print("done")
        ` },
        { id: 'python-ignore', diff: code`
          @@ 11
          +# threadwise-ignore-next-line cpu-in-thread
        ` },
      ],
    },
    {
      name: 'submitted to a ThreadPoolExecutor in a with block',
      code: readFixture('python', 'fixes', 'cpu_in_thread_pool.py').text,
      findings: [
        { line: 13, column: 24, endLine: 13, endColumn: 70, severity: 'warning',
          message: 'checksum() is CPU-bound (it loops 1,500,000 times (from the call at main.py:13)) but runs in a thread pool: the GIL lets one thread run Python code at a time, so it gets no parallelism. Use a ProcessPoolExecutor or multiprocessing.Pool (threads only run in parallel on a free-threaded 3.13t+ build).' },
      ],
      fixes: [
        { id: 'thread-to-process-pool', diff: code`
          @@ 1
          -from concurrent.futures import ThreadPoolExecutor
          +from concurrent.futures import ProcessPoolExecutor
          @@ 12
          -    with ThreadPoolExecutor(max_workers=2) as executor:
          +    with ProcessPoolExecutor(max_workers=2) as executor:
        ` },
      ],
    },
    {
      name: 'a CPU-heavy callee from another module run in a thread',
      filename: 'app.py',
      files: { 'tools/__init__.py': crossmodule('tools/__init__.py'), 'tools/parse.py': crossmodule('tools/parse.py') },
      code: crossmodule('app.py'),
      findings: [
        { line: 17, column: 14, endLine: 17, endColumn: 51, severity: 'warning',
          message: 'build_report() is CPU-bound (it calls parse_all() in tools/parse.py:6, which loops 10,000,000 times) but runs in a thread: the GIL lets one thread run Python code at a time, so it gets no parallelism. Use a ProcessPoolExecutor or multiprocessing.Pool (threads only run in parallel on a free-threaded 3.13t+ build).' },
      ],
    },
    {
      name: 'a target that writes module state cannot move to a process',
      code: code`
        import threading

        results = []


        def crunch(n):
            results.append(sum(i * i for i in range(n)))


        threading.Thread(target=crunch, args=(5_000_000,)).start()
      `,
      findings: [
        { line: 10, column: 1, endLine: 10, endColumn: 51, severity: 'warning',
          message: 'crunch() is CPU-bound (it loops 5,000,000 times (from the call at main.py:10)) but runs in a thread: the GIL lets one thread run Python code at a time, so it gets no parallelism. Use a ProcessPoolExecutor or multiprocessing.Pool (threads only run in parallel on a free-threaded 3.13t+ build).' },
      ],
      fixes: [{ id: 'thread-to-process-pool', diff: null }],
    },
    {
      name: 'a target that writes its result into a list argument returns it from a process pool instead',
      code: readFixture('python', 'fixes', 'primes_shared_list.py').text,
      findings: [
        { line: 14, column: 9, endLine: 14, endColumn: 73, severity: 'warning',
          message: 'count_primes() is CPU-bound (it loops 315 times) but runs in a thread: the GIL lets one thread run Python code at a time, so it gets no parallelism. Use a ProcessPoolExecutor or multiprocessing.Pool (threads only run in parallel on a free-threaded 3.13t+ build).' },
        { line: 15, column: 10, endLine: 15, endColumn: 80, severity: 'warning',
          message: 'count_primes() is CPU-bound (it loops 446 times) but runs in a thread: the GIL lets one thread run Python code at a time, so it gets no parallelism. Use a ProcessPoolExecutor or multiprocessing.Pool (threads only run in parallel on a free-threaded 3.13t+ build).' },
      ],
      fixes: [{ id: 'thread-to-process-pool', diff: code`
        @@ 2
        -import threading
        +from concurrent.futures import ProcessPoolExecutor
        @@ 5
        -def count_primes(start, stop, results):
        +def count_primes(start, stop):
        @@ 10
        -    results.append(count)
        +    return count
        @@ 13
        -counts = []
        -first = threading.Thread(target=count_primes, args=(0, 100_000, counts))
        -second = threading.Thread(target=count_primes, args=(100_000, 200_000, counts))
        -first.start()
        -second.start()
        -first.join()
        -second.join()
        -print(f"primes below 200,000: {sum(counts)}")
        +if __name__ == "__main__":
        +    counts = []
        +    with ProcessPoolExecutor() as executor:
        +        first = executor.submit(count_primes, 0, 100_000)
        +        second = executor.submit(count_primes, 100_000, 200_000)
        +        counts.append(first.result())
        +        counts.append(second.result())
        +    print(f"primes below 200,000: {sum(counts)}")
      ` }],
    },
    {
      name: 'asyncio.to_thread offloads CPU work to a thread: only the ignore fix',
      code: code`
        import asyncio


        def crunch():
            return sum(i * i for i in range(10_000_000))


        async def main():
            print(await asyncio.to_thread(crunch))


        asyncio.run(main())
      `,
      findings: [
        { line: 9, column: 17, endLine: 9, endColumn: 42, severity: 'warning',
          message: 'crunch() is CPU-bound (it loops 10,000,000 times) but runs in asyncio.to_thread: the GIL lets one thread run Python code at a time, so it gets no parallelism. Use a ProcessPoolExecutor or multiprocessing.Pool (threads only run in parallel on a free-threaded 3.13t+ build).' },
      ],
      offers: [['python-ignore']],
    },
    {
      name: 'on a free-threaded build the finding is an advisory hint',
      config: { python: { freeThreaded: true } },
      code: code`
        import threading
        def crunch():
            return sum(i * i for i in range(10_000_000))
        threading.Thread(target=crunch).start()
      `,
      findings: [
        { line: 4, column: 1, endLine: 4, endColumn: 32, severity: 'hint',
          message: 'crunch() is CPU-bound (it loops 10,000,000 times) and runs in a thread: on your free-threaded build threads run it in parallel, but on a standard (GIL) build they would take turns.' },
      ],
      offers: [['python-ignore']],
    },
  ],
});
