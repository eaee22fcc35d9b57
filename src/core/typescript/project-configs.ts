/**
 * The compiler options each file's imports are resolved with. In a monorepo every package has its
 * own tsconfig.json (its own `paths`, `baseUrl`, `moduleResolution`), so a file's imports follow
 * the nearest tsconfig.json or jsconfig.json between its folder and the analysed root — never
 * above the root, which is the project — and the root's options (or defaults) otherwise.
 */
import * as path from 'node:path';
import { ts } from 'ts-morph';

const CONFIG_NAMES = ['tsconfig.json', 'jsconfig.json'];

export interface ProjectOptions {
  /** the tsconfig.json or jsconfig.json the options come from; undefined for the defaults */
  configFile: string | undefined;
  options: ts.CompilerOptions;
}

export class ProjectConfigs {
  /** the root's own options: the fallback, and what the type checker uses */
  readonly rootOptions: ProjectOptions;
  private readonly root: string;
  /** parsed options per config file; undefined when the file is unreadable or not valid JSON */
  private readonly parsed = new Map<string, ts.CompilerOptions | undefined>();
  private readonly nearestByDirectory = new Map<string, ProjectOptions>();
  /** packages of a monorepo usually extend one shared base config: parse it once */
  private readonly extendedConfigs = new Map<string, ts.ExtendedConfigCacheEntry>();
  private readonly parseHost: ts.ParseConfigHost;

  constructor(root: string, private readonly host: ts.System = ts.sys) {
    this.root = path.resolve(root);
    this.parseHost = {
      useCaseSensitiveFileNames: host.useCaseSensitiveFileNames,
      fileExists: (file) => host.fileExists(file),
      readFile: (file) => host.readFile(file),
      // Only the options matter, not the file list: listing `include` would walk the whole tree.
      readDirectory: () => [],
    };
    this.rootOptions = this.configIn(this.root) ?? { configFile: undefined, options: defaultCompilerOptions() };
  }

  /** The options of the nearest config between `directory` and the root. */
  forDirectory(directory: string): ProjectOptions {
    const cached = this.nearestByDirectory.get(directory);
    if (cached) return cached;
    const nearest = this.isBelowRoot(directory)
      ? this.configIn(directory) ?? this.forDirectory(path.dirname(directory))
      : this.rootOptions;
    this.nearestByDirectory.set(directory, nearest);
    return nearest;
  }

  private isBelowRoot(directory: string): boolean {
    const relative = path.relative(this.root, directory);
    return relative !== '' && !isOutside(relative);
  }

  /** The usable config of one folder: a broken tsconfig.json gives way to a jsconfig.json, then to the parent. */
  private configIn(directory: string): ProjectOptions | undefined {
    for (const name of CONFIG_NAMES) {
      const configFile = path.join(directory, name);
      if (!this.host.fileExists(configFile)) continue;
      const options = this.optionsOf(configFile);
      if (options) return { configFile, options };
    }
    return undefined;
  }

  private optionsOf(configFile: string): ts.CompilerOptions | undefined {
    if (!this.parsed.has(configFile)) this.parsed.set(configFile, this.parse(configFile));
    return this.parsed.get(configFile);
  }

  private parse(configFile: string): ts.CompilerOptions | undefined {
    try {
      const { config, error } = ts.readConfigFile(configFile, (file) => this.host.readFile(file));
      if (error) return undefined;
      // Errors past the JSON (an unknown option, a missing `extends` base) leave the rest usable, as in tsc.
      const parsed = ts.parseJsonConfigFileContent(
        config, this.parseHost, path.dirname(configFile), undefined, configFile, undefined, undefined, this.extendedConfigs,
      );
      // JavaScript files are analysed whatever the project compiles.
      return { ...parsed.options, allowJs: true };
    } catch {
      // A config the compiler API chokes on must not stop the analysis: the caller falls back.
      return undefined;
    }
  }
}

/** Whether a path relative to a folder leaves it (`..`, `../x`, or another drive). */
export function isOutside(relative: string): boolean {
  return relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
}

export function defaultCompilerOptions(): ts.CompilerOptions {
  return {
    allowJs: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    // Bundler resolution accepts extensionless and `.js`-for-`.ts` specifiers, as most projects write them.
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    jsx: ts.JsxEmit.Preserve,
  };
}
