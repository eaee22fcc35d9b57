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
      name: 'CPU work in the loop, no I/O',
      code: code`
        def squares(values):
            return [v * v for v in values]
      `,
    },
  ],
  invalid: [
    {
      name: 'append in a for loop and a comprehension of file reads',
      code: readFixture('python', 'fixes', 'sequential_io.py').text,
      findings: [
        { line: 13, column: 5, endLine: 13, endColumn: 37, severity: 'info',
          message: 'Each iteration of this loop waits for open() before the next one starts, though the iterations are independent. Run the calls concurrently with ThreadPoolExecutor.map(...), which keeps the results in order.' },
        { line: 17, column: 5, endLine: 17, endColumn: 23, severity: 'info',
          message: 'Each iteration of this loop waits for read_page() before the next one starts, though the iterations are independent. Run the calls concurrently with ThreadPoolExecutor.map(...), which keeps the results in order.' },
        { line: 20, column: 13, endLine: 20, endColumn: 48, severity: 'info',
          message: 'Each iteration of this comprehension waits for os.path.getsize() before the next one starts, though the iterations are independent. Run the calls concurrently with ThreadPoolExecutor.map(...), which keeps the results in order.' },
      ],
      offers: [['loop-to-thread-pool-map', 'python-ignore']],
      fixes: [{ id: 'loop-to-thread-pool-map', output: null }, { id: 'loop-to-thread-pool-map', finding: 1, output: code`
          from concurrent.futures import ThreadPoolExecutor
          import os
          import tempfile


          def read_page(path):
              with open(path) as f:
                  return f.read()


          def main():
              folder = tempfile.mkdtemp()
              paths = [os.path.join(folder, f"page{i}.txt") for i in range(5)]
              for i, path in enumerate(paths):
                  with open(path, "w") as f:
                      f.write("x" * (i + 1))
              pages = []
              with ThreadPoolExecutor() as executor:
                  pages.extend(executor.map(read_page, paths))
              print(pages)
              sizes = [os.path.getsize(p) for p in paths]
              print(sizes)


          main()
        ` }, { id: 'loop-to-thread-pool-map', finding: 2, output: code`
          from concurrent.futures import ThreadPoolExecutor
          import os
          import tempfile


          def read_page(path):
              with open(path) as f:
                  return f.read()


          def main():
              folder = tempfile.mkdtemp()
              paths = [os.path.join(folder, f"page{i}.txt") for i in range(5)]
              for i, path in enumerate(paths):
                  with open(path, "w") as f:
                      f.write("x" * (i + 1))
              pages = []
              for path in paths:
                  pages.append(read_page(path))
              print(pages)
              with ThreadPoolExecutor() as executor:
                  sizes = list(executor.map(os.path.getsize, paths))
              print(sizes)


          main()
        ` }],
    },
    {
      name: 'one HTTP request per URL',
      code: readFixture('python', 'fixes', 'sequential_http.py').text,
      findings: [
        { line: 33, column: 5, endLine: 33, endColumn: 21, severity: 'info',
          message: 'Each iteration of this loop waits for fetch() before the next one starts, though the iterations are independent. Run the calls concurrently with ThreadPoolExecutor.map(...), which keeps the results in order.' },
      ],
      fixes: [{ id: 'loop-to-thread-pool-map', output: code`
          """Fetches pages one by one from a local HTTP server on 127.0.0.1 (never any other address)."""
          from concurrent.futures import ThreadPoolExecutor
          import http.server
          import threading
          import time
          import urllib.request


          class Handler(http.server.BaseHTTPRequestHandler):
              def do_GET(self):
                  time.sleep(0.05)
                  body = self.path.encode()
                  self.send_response(200)
                  self.send_header("Content-Length", str(len(body)))
                  self.end_headers()
                  self.wfile.write(body)

              def log_message(self, *args):
                  pass


          def fetch(url):
              with urllib.request.urlopen(url, timeout=5) as response:
                  return response.read().decode()


          def main():
              server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
              threading.Thread(target=server.serve_forever, daemon=True).start()
              base = f"http://127.0.0.1:{server.server_address[1]}"
              urls = [f"{base}/page/{i}" for i in range(6)]
              started = time.perf_counter()
              pages = []
              with ThreadPoolExecutor() as executor:
                  pages.extend(executor.map(fetch, urls))
              elapsed = time.perf_counter() - started
              server.shutdown()
              print(pages)
              print("ELAPSED", round(elapsed, 3))


          main()
        ` }],
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
