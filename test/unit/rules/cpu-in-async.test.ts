/**
 * cpu-in-async: CPU work sized by the code inside `async def` (directly or through a synchronous
 * helper it calls), on the event loop's thread; not work handed to a thread or process, not work
 * of coroutines handed to gather(), not loops whose size is data the analysis cannot see.
 * (What a profile adds under this rule: test/unit/profiles/apply.test.ts.)
 */
import { code, readFixture, testRule } from '../support';

testRule('cpu-in-async', {
  valid: [
    {
      name: 'only awaits',
      code: code`
        import asyncio


        async def ping():
            await asyncio.sleep(0.01)
            return "pong"
      `,
    },
    {
      name: 'the CPU work already runs in a process pool',
      code: code`
        import asyncio
        from concurrent.futures import ProcessPoolExecutor

        POOL = ProcessPoolExecutor()


        def checksum(n):
            total = 0
            for i in range(n):
                total = (total * 31 + i) % 1_000_003
            return total


        async def handle():
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(POOL, checksum, 5_000_000)
      `,
    },
    {
      name: 'a loop over data whose size the code does not state',
      code: code`
        async def total(rows):
            await rows.load()
            return sum(row.price for row in rows)
      `,
    },
    {
      name: 'compressing chunks of a size the code does not state: the kernel\'s price is an assumed size',
      code: code`
        import zlib


        class ChunkWriter:
            def __init__(self, transport):
                self.transport = transport
                self.packer = zlib.compressobj(wbits=-zlib.MAX_WBITS)

            async def send(self, chunk):
                packed = self.packer.compress(chunk)
                if packed:
                    self.transport.write(packed)
                await self.transport.drain()

            async def send_all(self, body):
                self.transport.write(zlib.compress(body))
                await self.transport.drain()
      `,
    },
    {
      name: 'coroutines handed to gather() run as their own tasks: the work is theirs',
      code: readFixture('python', 'async-cpu', 'service.py').text.replace('async def build_report', 'def build_report_sync'),
    },
  ],
  invalid: [
    {
      name: 'a known number of records serialised between two awaits',
      code: readFixture('python', 'async-cpu', 'service.py').text,
      findings: [
        { line: 23, column: 11, endLine: 23, endColumn: 23, severity: 'warning',
          message: 'async def build_report() runs ≈ {time} of CPU work per call on this machine class (calls json.dumps() at line 27), on the event loop: no other task, timer or connection is served meanwhile. Run it in a process pool: await loop.run_in_executor(pool, ...) with a ProcessPoolExecutor.' },
      ],
      offers: [['python-ignore']],
    },
    {
      name: 'a synchronous helper called from async def runs on the loop too; its work releases the GIL, so a thread fits',
      code: code`
        import hashlib


        def derive(password):
            return hashlib.pbkdf2_hmac("sha256", password, b"salt", 600_000)


        async def login(request):
            key = derive(request.password)
            await request.session.save(key)
      `,
      findings: [
        { line: 8, column: 11, endLine: 8, endColumn: 16, severity: 'warning',
          message: 'async def login() runs ≈ {time} of CPU work per call on this machine class (calls derive() at line 9), on the event loop: no other task, timer or connection is served meanwhile. Await it in a thread: await asyncio.to_thread(...) (the work releases the GIL).' },
      ],
    },
    {
      name: 'compressing a body whose size the code states',
      code: code`
        import zlib

        REPORT = b"row,value\\n" * 2_000_000


        async def upload(session):
            packed = zlib.compress(REPORT)
            await session.put("/reports", data=packed)
      `,
      findings: [
        { line: 6, column: 11, endLine: 6, endColumn: 17, severity: 'warning',
          message: 'async def upload() runs ≈ {time} of CPU work per call on this machine class (calls zlib.compress() at line 7), on the event loop: no other task, timer or connection is served meanwhile. Await it in a thread: await asyncio.to_thread(...) (the work releases the GIL).' },
      ],
    },
  ],
});
