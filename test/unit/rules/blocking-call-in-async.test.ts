/**
 * blocking-call-in-async: blocking calls inside `async def`, directly or through a callee; the
 * sleep-to-asyncio-sleep and blocking-to-to-thread fixes.
 */
import { code, readFixture, testRule } from '../support';

testRule('blocking-call-in-async', {
  valid: [
    {
      name: 'awaited asyncio.sleep',
      code: code`
        import asyncio


        async def tick():
            await asyncio.sleep(1)
      `,
    },
    {
      name: 'blocking calls in plain def code',
      code: code`
        import time
        import requests


        def poll(url):
            time.sleep(1)
            return requests.get(url).json()
      `,
    },
    {
      name: 'the blocking call already moved to a thread',
      code: code`
        import asyncio
        import requests


        async def fetch(url):
            response = await asyncio.to_thread(requests.get, url)
            return response.json()
      `,
    },
    {
      name: 'the size of a file already open, from its descriptor (os.fstat reads no disk)',
      code: code`
        import os


        def body_length(stream):
            return os.fstat(stream.fileno()).st_size


        async def send(stream, transport):
            length = body_length(stream)
            await transport.send(length, stream)
      `,
    },
  ],
  invalid: [
    {
      name: 'time.sleep in async def becomes await asyncio.sleep',
      code: readFixture('python', 'fixes', 'async_sleep.py').text,
      findings: [
        { line: 6, column: 5, endLine: 6, endColumn: 22, severity: 'warning',
          message: 'time.sleep() waits inside async def tick(), freezing the event loop for every other task. Use await asyncio.sleep(...).' },
      ],
      offers: [['sleep-to-asyncio-sleep', 'python-ignore']],
      fixes: [
        { id: 'sleep-to-asyncio-sleep', diff: code`
          @@ 6
          -    time.sleep(delay)
          +    await asyncio.sleep(delay)
        ` },
      ],
    },
    {
      name: 'sleep imported from time, without an asyncio import',
      code: readFixture('python', 'fixes', 'async_sleep_no_import.py').text,
      findings: [
        { line: 7, column: 5, endLine: 7, endColumn: 21, severity: 'warning',
          message: 'time.sleep() waits inside async def pause(), freezing the event loop for every other task. Use await asyncio.sleep(...).' },
      ],
      fixes: [
        { id: 'sleep-to-asyncio-sleep', diff: code`
          @@ 2
          +import asyncio
          @@ 7
          -    time.sleep(0.01)
          +    await asyncio.sleep(0.01)
        ` },
      ],
    },
    {
      name: 'a blocking helper and open() in async def go to asyncio.to_thread',
      code: readFixture('python', 'fixes', 'async_blocking.py').text,
      findings: [
        { line: 13, column: 16, endLine: 13, endColumn: 35, severity: 'warning',
          message: 'load_settings() blocks: calls open(): blocking I/O; the GIL is released while it waits; use await asyncio.to_thread(...) or aiofiles inside async def handler(), freezing the event loop for every other task. Use await asyncio.to_thread(...).' },
        { line: 18, column: 10, endLine: 18, endColumn: 25, severity: 'warning',
          message: 'open() does blocking I/O inside async def save_settings(), freezing the event loop for every other task. Use await asyncio.to_thread(...) or aiofiles.' },
        { line: 19, column: 9, endLine: 19, endColumn: 37, severity: 'warning',
          message: 'json.dump() does blocking I/O inside async def save_settings(), freezing the event loop for every other task. Use await asyncio.to_thread(...).' },
      ],
      offers: [['blocking-to-to-thread', 'python-ignore']],
      fixes: [
        { id: 'blocking-to-to-thread', diff: code`
          @@ 13
          -    settings = load_settings(path)
          +    settings = await asyncio.to_thread(load_settings, path)
        ` },
        { id: 'blocking-to-to-thread', finding: 1, diff: null },
        { id: 'blocking-to-to-thread', finding: 2, diff: code`
          @@ 19
          -        json.dump({"name": name}, f)
          +        await asyncio.to_thread(json.dump, {"name": name}, f)
        ` },
      ],
    },
    {
      name: 'requests.get used as an object is wrapped in parentheses',
      code: code`
        import requests


        async def profile(user):
            return requests.get(f"https://api.example.com/users/{user}").json()
      `,
      findings: [
        { line: 5, column: 12, endLine: 5, endColumn: 65, severity: 'warning',
          message: 'requests.get() does blocking I/O inside async def profile(), freezing the event loop for every other task. Use an async HTTP client (httpx.AsyncClient or aiohttp), or await asyncio.to_thread(...).' },
      ],
      fixes: [
        { id: 'blocking-to-to-thread', diff: code`
          @@ 1
          +import asyncio
          @@ 5
          -    return requests.get(f"https://api.example.com/users/{user}").json()
          +    return (await asyncio.to_thread(requests.get, f"https://api.example.com/users/{user}")).json()
        ` },
      ],
    },
  ],
});
