/**
 * The file system as module resolution sees it, remembered for a one-shot analysis (the CLI):
 * the disk does not change while it runs, so whether a path exists, what a package.json says and
 * where a link leads are asked of the system once. Resolving an import probes a dozen paths
 * (extensions, index files, each `node_modules` up to the root), and the imports of thousands of
 * files probe the same folders again and again; a cached re-run, which resolves every import again
 * to check its summaries, spent most of that time in such repeated look-ups.
 */
import type { ts } from 'ts-morph';

export function rememberedHost(host: ts.ModuleResolutionHost): ts.ModuleResolutionHost {
  const memo = <T>(ask: (path: string) => T): ((path: string) => T) => {
    const answers = new Map<string, T>();
    return (path) => {
      if (answers.has(path)) return answers.get(path)!;
      const answer = ask(path);
      answers.set(path, answer);
      return answer;
    };
  };
  return {
    fileExists: memo((file) => host.fileExists(file)),
    readFile: memo((file) => host.readFile(file)),
    directoryExists: host.directoryExists && memo((directory) => host.directoryExists!(directory)),
    realpath: host.realpath && memo((file) => host.realpath!(file)),
    getCurrentDirectory: host.getCurrentDirectory && (() => host.getCurrentDirectory!()),
    getDirectories: host.getDirectories && memo((directory) => host.getDirectories!(directory)),
    useCaseSensitiveFileNames: host.useCaseSensitiveFileNames,
  };
}
