/**
 * process-per-task: a multiprocessing.Process started for every item of a loop; the
 * process-loop-to-pool fix.
 */
import { code, readFixture, testRule } from '../support';

testRule('process-per-task', {
  valid: [
    {
      name: 'a bounded pool maps over the items',
      code: readFixture('python', 'articles', 'sum_of_squares_pool.py').text,
    },
    {
      name: 'one process for the whole job',
      code: code`
        import multiprocessing


        def index_all(paths):
            return [len(p) for p in paths]


        if __name__ == "__main__":
            worker = multiprocessing.Process(target=index_all, args=(["a", "b"],))
            worker.start()
            worker.join()
      `,
    },
    {
      name: 'one long-lived consumer per core, fed by a queue (a pool written by hand)',
      // The loop runs os.cpu_count() times and each process serves the queue until told to stop:
      // the number of processes is bounded by the cores, yet the rule says nothing bounds it.
      pending: 'false positive: a loop over range(os.cpu_count()) is reported as one process per item',
      code: code`
        import multiprocessing
        import os


        def serve(queue):
            while True:
                item = queue.get()
                if item is None:
                    break


        if __name__ == "__main__":
            queue = multiprocessing.Queue()
            for _ in range(os.cpu_count()):
                multiprocessing.Process(target=serve, args=(queue,)).start()
      `,
    },
  ],
  invalid: [
    {
      name: 'one Process per image (the article example)',
      code: readFixture('python', 'articles', 'image_processes.py').text,
      findings: [
        { line: 20, column: 19, endLine: 20, endColumn: 84, severity: 'warning',
          message: 'A new process is started for process_image() on every iteration of this loop: each one is a fresh interpreter and nothing bounds how many run at once. Use a multiprocessing.Pool (or ProcessPoolExecutor) so a fixed set of workers handles the items.' },
      ],
      offers: [['process-loop-to-pool', 'python-ignore']],
    },
    {
      name: 'start, then collect to join: the loop becomes pool.starmap',
      code: readFixture('python', 'fixes', 'process_per_task.py').text,
      findings: [
        { line: 16, column: 19, endLine: 16, endColumn: 80, severity: 'warning',
          message: 'A new process is started for render() on every iteration of this loop: each one is a fresh interpreter and nothing bounds how many run at once. Use a multiprocessing.Pool (or ProcessPoolExecutor) so a fixed set of workers handles the items.' },
      ],
      fixes: [
        { id: 'process-loop-to-pool', diff: code`
          @@ 15
          -    for index in range(4):
          -        process = multiprocessing.Process(target=render, args=(index, out_dir))
          -        process.start()
          -        processes.append(process)
          +    with multiprocessing.Pool() as pool:
          +        pool.starmap(render, [(index, out_dir) for index in range(4)])
          +        pool.close()
          +        pool.join()
        ` },
      ],
    },
    {
      name: 'a keyword the pool cannot carry over (daemon=) keeps the loop',
      code: code`
        import multiprocessing


        def render(index):
            print(sum(i * i for i in range(100_000 + index)))


        if __name__ == "__main__":
            for index in range(8):
                multiprocessing.Process(target=render, args=(index,), daemon=True).start()
      `,
      findings: [
        { line: 10, column: 9, endLine: 10, endColumn: 75, severity: 'warning',
          message: 'A new process is started for render() on every iteration of this loop: each one is a fresh interpreter and nothing bounds how many run at once. Use a multiprocessing.Pool (or ProcessPoolExecutor) so a fixed set of workers handles the items.' },
      ],
      fixes: [{ id: 'process-loop-to-pool', diff: null }],
    },
  ],
});
