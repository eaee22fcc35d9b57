/**
 * sequential-io-loop: independent blocking I/O calls one after another in a loop or
 * comprehension; the loop-to-thread-pool-map fix.
 */
import { code, readFixture, testRule } from '../support';

testRule('sequential-io-loop', {
  valid: [
    {
      name: 'each request needs the previous answer (pagination)',
      code: code`
        import requests


        def all_items(url):
            items = []
            while url:
                page = requests.get(url).json()
                items.extend(page["items"])
                url = page.get("next")
            return items
      `,
    },
    {
      name: 'the loop stops at the first success',
      code: code`
        import requests


        def first_mirror(mirrors):
            for mirror in mirrors:
                response = requests.get(mirror, timeout=5)
                if response.ok:
                    return response
            return None
      `,
    },
    {
      name: 'protocol steps through the object\'s own methods: replies written in order on one connection',
      code: code`
        import asyncio


        class LineServer(asyncio.Protocol):
            def __init__(self, reader, writer):
                self.reader = reader
                self.writer = writer
                self.handlers = {}

            async def reply(self, line):
                self.writer.write(line.encode() + b"\\r\\n")
                await self.writer.drain()

            async def greet(self, features):
                for feature in features:
                    await self.reply(f"250-{feature}")

            async def dispatch(self, events):
                for event in events:
                    await self.handlers[event.kind].handle(event)
      `,
    },
    {
      name: 'a method writes each body chunk to the same socket',
      code: code`
        import socket


        class Response:
            def __init__(self, sock: socket.socket):
                self.sock = sock

            def send(self, chunk):
                self.sock.sendall(chunk)

            def write_body(self, chunks):
                for chunk in chunks:
                    self.send(chunk)
      `,
    },
    {
      name: 'a change watcher that starts a new process (without waiting for it) when a file changed',
      code: code`
        import os
        import subprocess
        import sys


        def check(mtimes, path):
            modified = os.stat(path).st_mtime
            if mtimes.setdefault(path, modified) != modified:
                subprocess.Popen([sys.executable] + sys.argv)
                os._exit(0)


        def scan(mtimes, paths):
            for path in paths:
                check(mtimes, path)
      `,
    },
    {
      name: 'starting a detached process per job without waiting for it (os.P_NOWAIT)',
      code: code`
        import os
        import sys


        def launch_all(jobs):
            for job in jobs:
                os.spawnv(os.P_NOWAIT, sys.executable, [sys.executable, "worker.py", job])
      `,
    },
    {
      name: 'CPU work in the loop, no I/O',
      code: code`
        def squares(values):
            return [v * v for v in values]
      `,
    },
    {
      name: 'the blocks of one upload written in order into one stream',
      code: code`
        import asyncio


        class UploadStream:
            def __init__(self, writer):
                self.writer = writer

            async def write(self, block):
                self.writer.write(block)
                await self.writer.drain()


        async def open_upload(host):
            reader, writer = await asyncio.open_connection(host, 21)
            return UploadStream(writer)


        async def upload(host, blocks):
            stream = await open_upload(host)
            for block in blocks:
                await stream.write(block)
      `,
    },
  ],
  invalid: [
    {
      name: 'a stream opened per item: the uploads to different hosts are independent',
      code: code`
        import asyncio


        class UploadStream:
            def __init__(self, writer):
                self.writer = writer

            async def write(self, block):
                self.writer.write(block)
                await self.writer.drain()


        async def open_upload(host):
            reader, writer = await asyncio.open_connection(host, 21)
            return UploadStream(writer)


        async def mirror(hosts, block):
            for host in hosts:
                stream = await open_upload(host)
                await stream.write(block)
      `,
      findings: [
        { line: 19, column: 5, endLine: 19, endColumn: 23, severity: 'info',
          message: 'Each iteration of this loop waits for open_upload() before the next one starts, though the iterations are independent. Run the calls concurrently with asyncio.gather(...), which keeps the results in order.' },
      ],
    },
    {
      name: 'append in a for loop and a comprehension of calls that run a process per item (local writes and stats stay quiet)',
      code: readFixture('python', 'fixes', 'sequential_io.py').text,
      findings: [
        { line: 19, column: 5, endLine: 19, endColumn: 23, severity: 'info',
          message: 'Each iteration of this loop waits for size_of() before the next one starts, though the iterations are independent. Run the calls concurrently with ThreadPoolExecutor.map(...), which keeps the results in order.' },
        { line: 22, column: 15, endLine: 22, endColumn: 42, severity: 'info',
          message: 'Each iteration of this comprehension waits for size_of() before the next one starts, though the iterations are independent. Run the calls concurrently with ThreadPoolExecutor.map(...), which keeps the results in order.' },
      ],
      offers: [['loop-to-thread-pool-map', 'python-ignore']],
      fixes: [
        { id: 'loop-to-thread-pool-map', diff: code`
          @@ 1
          +from concurrent.futures import ThreadPoolExecutor
          @@ 19
          -    for path in paths:
          -        sizes.append(size_of(path))
          +    with ThreadPoolExecutor() as executor:
          +        sizes.extend(executor.map(size_of, paths))
        ` },
        { id: 'loop-to-thread-pool-map', finding: 1, diff: code`
          @@ 1
          +from concurrent.futures import ThreadPoolExecutor
          @@ 22
          -    checked = [size_of(p) for p in paths]
          +    with ThreadPoolExecutor() as executor:
          +        checked = list(executor.map(size_of, paths))
        ` },
      ],
    },
    {
      name: 'one HTTP request per URL',
      code: readFixture('python', 'fixes', 'sequential_http.py').text,
      findings: [
        { line: 33, column: 5, endLine: 33, endColumn: 21, severity: 'info',
          message: 'Each iteration of this loop waits for fetch() before the next one starts, though the iterations are independent. Run the calls concurrently with ThreadPoolExecutor.map(...), which keeps the results in order.' },
      ],
      fixes: [
        { id: 'loop-to-thread-pool-map', diff: code`
          @@ 2
          +from concurrent.futures import ThreadPoolExecutor
          @@ 33
          -    for url in urls:
          -        pages.append(fetch(url))
          +    with ThreadPoolExecutor() as executor:
          +        pages.extend(executor.map(fetch, urls))
        ` },
      ],
    },
    {
      name: 'a method of a crawler calls a module-level fetcher per URL: still independent requests',
      code: code`
        import requests


        def fetch(url):
            return requests.get(url, timeout=10).text


        class Crawler:
            def __init__(self, urls):
                self.urls = urls

            def crawl(self):
                pages = []
                for url in self.urls:
                    pages.append(fetch(url))
                return pages
      `,
      findings: [
        { line: 14, column: 9, endLine: 14, endColumn: 30, severity: 'info',
          message: 'Each iteration of this loop waits for fetch() before the next one starts, though the iterations are independent. Run the calls concurrently with ThreadPoolExecutor.map(...), which keeps the results in order.' },
      ],
    },
    {
      name: 'a process per job, each waited for (os.P_WAIT)',
      code: code`
        import os
        import sys


        def run_all(jobs):
            for job in jobs:
                os.spawnv(os.P_WAIT, sys.executable, [sys.executable, "worker.py", job])
      `,
      findings: [
        { line: 6, column: 5, endLine: 6, endColumn: 21, severity: 'info',
          message: 'Each iteration of this loop waits for os.spawnv() before the next one starts, though the iterations are independent. Run the calls concurrently with ThreadPoolExecutor.map(...), which keeps the results in order.' },
      ],
    },
    {
      name: 'in async code: asyncio.gather is advised, only the ignore fix',
      code: code`
        import httpx


        async def crawl(urls):
            pages = []
            async with httpx.AsyncClient() as client:
                for url in urls:
                    response = await client.get(url)
                    pages.append(response.text)
            return pages
      `,
      findings: [
        { line: 7, column: 9, endLine: 7, endColumn: 25, severity: 'info',
          message: 'Each iteration of this loop waits for client.get() before the next one starts, though the iterations are independent. Run the calls concurrently with asyncio.gather(...), which keeps the results in order.' },
      ],
    },
  ],
});
