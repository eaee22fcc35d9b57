/**
 * The language server's CPU profiles: those loaded by "Threadwise: Load CPU Profile" (kept across
 * settings changes) and those in the folder `threadwise.profileFolder` names, watched so a new
 * profile (or a newer run's) applies as soon as it is written. The analysis of what a profile
 * changes is the core's (src/core/profiles); this only finds, reads and watches the files.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readProfile, type Profile } from '../core/profiles';

/** File names profilers write: V8, speedscope, cProfile binary and text exports. */
const PROFILE_FILE = /\.(cpuprofile|speedscope\.json|json|prof|pstats|pstat|cprofile)$/i;

export interface ProfileLoad {
  profiles: Profile[];
  failed: { file: string; error: string }[];
}

/** Reads profile files; one that cannot be read is reported and costs the others nothing. */
export async function readProfiles(files: readonly string[]): Promise<ProfileLoad> {
  const load: ProfileLoad = { profiles: [], failed: [] };
  for (const file of files) {
    try {
      load.profiles.push(await readProfile(file));
    } catch (error) {
      load.failed.push({ file, error: (error as Error).message });
    }
  }
  return load;
}

/** The profile files in a folder (not recursive), newest first. */
export function profilesIn(folder: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch {
    return [];
  }
  return names
    .filter((name) => PROFILE_FILE.test(name))
    .map((name) => path.join(folder, name))
    .filter((file) => {
      try {
        return fs.statSync(file).isFile();
      } catch {
        return false;
      }
    })
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
}

/** The folder a `threadwise.profileFolder` setting names for a workspace folder ('' for none). */
export function profileFolderOf(setting: string, root: string): string | undefined {
  if (setting.trim() === '') return undefined;
  return path.resolve(root, setting);
}

/**
 * Watches a folder for profile files written or removed; `changed` runs once things settle
 * (profilers write in several steps). Never creates the folder. Returns a function that stops watching.
 */
export function watchProfileFolder(folder: string, changed: () => void, settleMs = 500): () => void {
  let timer: NodeJS.Timeout | undefined;
  let watcher: fs.FSWatcher | undefined;
  const settle = () => {
    clearTimeout(timer);
    timer = setTimeout(changed, settleMs);
  };
  try {
    // A folder that does not exist yet (the first profiling run creates it) is awaited in its parent.
    if (!fs.existsSync(folder)) {
      watcher = fs.watch(path.dirname(folder), (_event, name) => {
        if (String(name) === path.basename(folder)) settle();
      });
    } else {
      watcher = fs.watch(folder, (_event, name) => {
        if (!name || PROFILE_FILE.test(String(name))) settle();
      });
    }
    watcher.on('error', () => watcher?.close());
  } catch {
    // A folder that cannot be watched: its profiles still load with the project, just not live.
  }
  return () => {
    clearTimeout(timer);
    watcher?.close();
  };
}
