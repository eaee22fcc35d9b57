/** The `threadwise` executable. */
import { setFlagsFromString } from 'node:v8';
import { runCli } from './main';

/**
 * How far the heap may grow past what is alive before a full collection, in percent. A run's heap
 * is mostly summaries that live until its end; V8's own choice (made for programs whose data dies
 * young) let the heap reach about three times the live data before collecting, so a 10,000-file
 * run peaked at three times what it used. Half again keeps the peak near what is used, for a few
 * more full collections. Set by the executable only: a program that embeds the CLI keeps its own.
 */
const HEAP_GROWING_PERCENT = 50;

/** The working directory, or undefined (with a clear error) when it no longer exists. */
function workingDirectory(): string | undefined {
  try {
    return process.cwd();
  } catch (error) {
    process.stderr.write(`threadwise: the working directory cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}); was it deleted?\n`);
    return undefined;
  }
}

function main(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  const cwd = workingDirectory();
  if (cwd === undefined) {
    process.exitCode = 2;
    return;
  }
  runCli(process.argv.slice(2), {
    cwd,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTty: Boolean(process.stderr.isTTY),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`threadwise: internal error: ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 2;
    },
  );
}

main();
