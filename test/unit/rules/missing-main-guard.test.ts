/**
 * missing-main-guard: processes started at module level without `if __name__ == "__main__":`;
 * the add-main-guard fix (offered only when the script code can move).
 */
import { code, readFixture, testRule } from '../support';

testRule('missing-main-guard', {
  valid: [
    {
      name: 'processes started under the guard',
      code: readFixture('python', 'fixes', 'io_in_process.py').text,
    },
    {
      name: 'processes started per image under the guard (the article example)',
      code: readFixture('python', 'articles', 'image_processes.py').text,
    },
    {
      name: 'threads at module level need no guard',
      code: readFixture('python', 'articles', 'download_threads.py').text,
    },
    {
      name: 'a pool created inside a function only called under the guard',
      code: code`
        from multiprocessing import Pool


        def square(x):
            return x * x


        def main():
            with Pool() as pool:
                print(pool.map(square, range(10)))


        if __name__ == "__main__":
            main()
      `,
    },
  ],
  invalid: [
    {
      name: 'the article\'s thread-and-process script',
      code: readFixture('python', 'articles', 'sleep_thread_and_process.py').text,
      findings: [
        { line: 21, column: 5, endLine: 21, endColumn: 49, severity: 'warning',
          message: 'multiprocessing.Process starts processes at module level without `if __name__ == "__main__":`. With the spawn and forkserver start methods (the defaults on Windows and macOS, and on Linux from Python 3.14) every child re-imports this module and runs this code again.' },
      ],
    },
    {
      name: 'the script code moves under the guard, strings keep their text',
      code: readFixture('python', 'fixes', 'missing_main_guard.py').text,
      findings: [
        { line: 30, column: 5, endLine: 30, endColumn: 49, severity: 'warning',
          message: 'multiprocessing.Process starts processes at module level without `if __name__ == "__main__":`. With the spawn and forkserver start methods (the defaults on Windows and macOS, and on Linux from Python 3.14) every child re-imports this module and runs this code again.' },
      ],
      offers: [['add-main-guard', 'python-ignore']],
      fixes: [
        { id: 'add-main-guard', diff: code`
          @@ 19
          -BANNER = """threads
          +if __name__ == "__main__":
          +    BANNER = """threads
          @@ 22
          -# Create and start a thread
          -t = threading.Thread(target=thread_task)
          -t.start()
          -t.join()
          +    # Create and start a thread
          +    t = threading.Thread(target=thread_task)
          +    t.start()
          +    t.join()
          @@ 27
          -message = """multi-line
          +    message = """multi-line
          @@ 29
          -# Create and start a process
          -p = multiprocessing.Process(target=process_task)
          -p.start()
          -p.join()
          -print(message)
          +    # Create and start a process
          +    p = multiprocessing.Process(target=process_task)
          +    p.start()
          +    p.join()
          +    print(message)
        ` },
      ],
    },
    {
      name: 'a definition after the script code: only the ignore fix',
      code: code`
        import multiprocessing


        def work(n):
            return n * n


        pool = multiprocessing.Pool(2)
        print(pool.map(work, range(4)))


        def report(results):
            print(results)
      `,
      findings: [
        { line: 8, column: 8, endLine: 8, endColumn: 31, severity: 'warning',
          message: 'multiprocessing.Pool starts processes at module level without `if __name__ == "__main__":`. With the spawn and forkserver start methods (the defaults on Windows and macOS, and on Linux from Python 3.14) every child re-imports this module and runs this code again.' },
      ],
      offers: [['python-ignore']],
    },
  ],
});
