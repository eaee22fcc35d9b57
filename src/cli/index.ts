/** The `threadwise` executable. */
import { runCli } from './main';

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
