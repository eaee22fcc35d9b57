/**
 * pool-not-closed: a thread or process pool created without `with` or close()/shutdown(); the
 * pool-to-with fix.
 */
import { code, readFixture, testRule } from '../support';

testRule('pool-not-closed', {
  valid: [
    {
      name: 'a pool used as a context manager',
      code: readFixture('python', 'articles', 'sum_of_squares_pool.py').text,
    },
    {
      name: 'close() and join() in finally',
      code: code`
        from multiprocessing import Pool


        def square(x):
            return x * x


        if __name__ == "__main__":
            pool = Pool(4)
            try:
                print(pool.map(square, range(10)))
            finally:
                pool.close()
                pool.join()
      `,
    },
    {
      name: 'an executor shut down when done',
      code: code`
        from concurrent.futures import ThreadPoolExecutor


        def fetch_all(fetch, urls):
            executor = ThreadPoolExecutor(max_workers=8)
            results = list(executor.map(fetch, urls))
            executor.shutdown()
            return results
      `,
    },
  ],
  invalid: [
    {
      name: 'a multiprocessing.Pool never closed becomes a with block',
      code: readFixture('python', 'fixes', 'pool_not_closed.py').text,
      findings: [
        { line: 9, column: 12, endLine: 9, endColumn: 35, severity: 'warning',
          message: 'This pool is never closed: its worker processes stay alive until the interpreter exits. Use it in a `with` block, or call close() and join() (shutdown() for executors) when done.' },
      ],
      offers: [['pool-to-with', 'python-ignore']],
      fixes: [
        { id: 'pool-to-with', diff: code`
          @@ 9
          -    pool = multiprocessing.Pool(2)
          -    results = pool.map(square, range(10))
          +    with multiprocessing.Pool(2) as pool:
          +        results = pool.map(square, range(10))
          +        pool.close()
          +        pool.join()
        ` },
      ],
    },
    {
      name: 'an executor never shut down',
      code: readFixture('python', 'fixes', 'executor_not_closed.py').text,
      findings: [
        { line: 8, column: 12, endLine: 8, endColumn: 45, severity: 'warning',
          message: 'This pool is never closed: its worker threads stay alive until the interpreter exits. Use it in a `with` block, or call close() and join() (shutdown() for executors) when done.' },
      ],
      fixes: [
        { id: 'pool-to-with', diff: code`
          @@ 8
          -executor = ThreadPoolExecutor(max_workers=2)
          -futures = [executor.submit(double, n) for n in range(5)]
          +with ThreadPoolExecutor(max_workers=2) as executor:
          +    futures = [executor.submit(double, n) for n in range(5)]
        ` },
      ],
    },
    {
      name: 'a pool created inline, with no variable: only the ignore fix',
      code: code`
        from multiprocessing import Pool


        def square(x):
            return x * x


        if __name__ == "__main__":
            print(Pool(2).map(square, range(5)))
      `,
      findings: [
        { line: 9, column: 11, endLine: 9, endColumn: 18, severity: 'warning',
          message: 'This pool is never closed: its worker processes stay alive until the interpreter exits. Use it in a `with` block, or call close() and join() (shutdown() for executors) when done.' },
      ],
      offers: [['python-ignore']],
    },
  ],
});
