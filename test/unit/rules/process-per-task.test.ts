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
      // the number of processes is bounded by the cores.
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
    {
      name: 'a fixed number of workers from a module constant, each draining a shared queue',
      code: code`
        import multiprocessing

        N_WORKERS = 4


        def transcode(jobs, results):
            for path in iter(jobs.get, None):
                results.put(path.upper())


        def start_workers(jobs, results):
            workers = [multiprocessing.Process(target=transcode, args=(jobs, results)) for _ in range(N_WORKERS)]
            for worker in workers:
                worker.start()
            return workers


        def start_consumers(jobs, results):
            consumers = []
            for _ in range(max(1, multiprocessing.cpu_count() - 1)):
                consumer = multiprocessing.Process(target=transcode, args=(jobs, results))
                consumer.start()
                consumers.append(consumer)
            return consumers
      `,
    },
    {
      name: 'identical server workers, as many as the configuration says, sharing the listening sockets',
      code: code`
        import multiprocessing


        def serve(config, sockets, stop):
            while not stop.is_set():
                stop.wait(1)


        def run_workers(config, sockets):
            stop = multiprocessing.Event()
            workers = []
            for _ in range(config.workers):
                worker = multiprocessing.Process(target=serve, kwargs={"config": config, "sockets": sockets, "stop": stop})
                worker.daemon = True
                worker.start()
                workers.append(worker)
            return workers
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
        { line: 17, column: 19, endLine: 17, endColumn: 80, severity: 'warning',
          message: 'A new process is started for render() on every iteration of this loop: each one is a fresh interpreter and nothing bounds how many run at once. Use a multiprocessing.Pool (or ProcessPoolExecutor) so a fixed set of workers handles the items.' },
      ],
      fixes: [
        { id: 'process-loop-to-pool', diff: code`
          @@ 16
          -    for index in frames:
          -        process = multiprocessing.Process(target=render, args=(index, out_dir))
          -        process.start()
          -        processes.append(process)
          +    with multiprocessing.Pool() as pool:
          +        pool.starmap(render, [(index, out_dir) for index in frames])
          +        pool.close()
          +        pool.join()
        ` },
      ],
    },
    {
      name: 'one process per item of a large range is still one process per item',
      code: code`
        import multiprocessing

        N_SHARDS = 1_000


        def rebuild_shard(shard):
            print(sum(i * i for i in range(shard * 1_000)))


        if __name__ == "__main__":
            for shard in range(N_SHARDS):
                multiprocessing.Process(target=rebuild_shard, args=(shard,)).start()
      `,
      findings: [
        { line: 12, column: 9, endLine: 12, endColumn: 69, severity: 'warning',
          message: 'A new process is started for rebuild_shard() on every iteration of this loop: each one is a fresh interpreter and nothing bounds how many run at once. Use a multiprocessing.Pool (or ProcessPoolExecutor) so a fixed set of workers handles the items.' },
      ],
      offers: [['process-loop-to-pool', 'python-ignore']],
    },
    {
      name: 'a keyword the pool cannot carry over (daemon=) keeps the loop',
      code: code`
        import multiprocessing


        def render(index):
            print(sum(i * i for i in range(100_000 + index)))


        def render_all(indexes):
            for index in indexes:
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
