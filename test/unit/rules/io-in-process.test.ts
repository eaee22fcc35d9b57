/**
 * io-in-process: processes used for work that only waits; the process-to-thread fix.
 */
import { code, readFixture, testRule } from '../support';

testRule('io-in-process', {
  valid: [
    {
      name: 'CPU work in processes (Pillow encoding is computation)',
      code: readFixture('python', 'articles', 'image_processes.py').text,
    },
    {
      name: 'waiting work in a thread',
      code: code`
        import threading
        import time


        def heartbeat():
            time.sleep(5)
            print("alive")


        threading.Thread(target=heartbeat, daemon=True).start()
      `,
    },
  ],
  invalid: [
    {
      name: 'sleep in a process (the article example), next to the same work in a thread',
      code: readFixture('python', 'articles', 'sleep_thread_and_process.py').text,
      findings: [
        { line: 21, column: 5, endLine: 21, endColumn: 49, severity: 'info',
          message: 'process_task() only waits (it calls time.sleep()), yet runs in a process: a new interpreter and pickled data buy nothing for waiting. Threads (or asyncio) overlap the waits as well, since the GIL is released while waiting.' },
      ],
      offers: [['process-to-thread', 'python-ignore']],
    },
    {
      name: 'a Process that only sleeps becomes a Thread',
      code: readFixture('python', 'fixes', 'io_in_process.py').text,
      findings: [
        { line: 23, column: 9, endLine: 23, endColumn: 53, severity: 'info',
          message: 'process_task() only waits (it calls time.sleep()), yet runs in a process: a new interpreter and pickled data buy nothing for waiting. Threads (or asyncio) overlap the waits as well, since the GIL is released while waiting.' },
      ],
      fixes: [
        { id: 'process-to-thread', diff: code`
          @@ 23
          -    p = multiprocessing.Process(target=process_task)
          +    p = threading.Thread(target=process_task)
        ` },
      ],
    },
    {
      name: 'downloads submitted to a ProcessPoolExecutor',
      code: code`
        from concurrent.futures import ProcessPoolExecutor
        from urllib.request import urlopen


        def download(url):
            with urlopen(url) as response:
                return response.read()


        if __name__ == "__main__":
            with ProcessPoolExecutor() as executor:
                futures = [executor.submit(download, u) for u in ["https://example.com/a", "https://example.com/b"]]
      `,
      findings: [
        { line: 12, column: 20, endLine: 12, endColumn: 48, severity: 'info',
          message: 'download() only waits (it calls urlopen()), yet runs in a process pool: a new interpreter and pickled data buy nothing for waiting. Threads (or asyncio) overlap the waits as well, since the GIL is released while waiting.' },
      ],
      fixes: [
        { id: 'process-to-thread', diff: code`
          @@ 1
          +from concurrent.futures import ThreadPoolExecutor
          @@ 11
          -    with ProcessPoolExecutor() as executor:
          +    with ThreadPoolExecutor() as executor:
        ` },
      ],
    },
  ],
});
