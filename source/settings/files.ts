// Where the settings files are, and whether a directory file may be used. Cheap: node's fs and
// path only, so the commands that find no settings file pay for nothing more (early.ts).
import {statSync} from 'node:fs';
import {homedir} from 'node:os';
import {dirname, join, resolve} from 'node:path';

/** The directory file: beside the plan file, else in the current directory. */
export const DIRECTORY_FILE = 'ansible-driver.yml';

export const homeOf = (env: Record<string, string | undefined>): string => env['HOME'] || homedir();

/**
 * The account file, where conf keeps it (env-paths with no suffix):
 * $XDG_CONFIG_HOME/ansible-driver/config.json, else ~/.config/ansible-driver/config.json.
 */
export function accountFilePath(env: Record<string, string | undefined>): string {
	return join(env['XDG_CONFIG_HOME'] || join(homeOf(env), '.config'), 'ansible-driver', 'config.json');
}

/**
 * Where the directory file of a command is looked for: the folder of the plan file it names
 * (PLAN resolved as `run` resolves it: a file there first), else the current directory (a
 * built-in plan, `osa`, or a command that finds a run rather than a plan).
 */
export function folderOfPlanRef(ref: string | undefined, cwd: string): string {
	if (ref === undefined || ref === '') return cwd;
	const file = resolve(cwd, ref);
	try {
		return statSync(file).isFile() ? dirname(file) : cwd;
	} catch {
		return cwd;
	}
}

/** The folder of a loaded plan's directory file: its file's folder; for a built-in or derived plan, `cwd`. */
export function folderOfPlan(plan: {path: string; builtin?: string; osa?: unknown}, cwd: string): string {
	return plan.builtin !== undefined || plan.osa !== undefined ? cwd : dirname(plan.path);
}

export function exists(path: string): boolean {
	try {
		statSync(path);
		return true;
	} catch {
		return false;
	}
}

/**
 * Why a directory file must not be used, or null. Its notify: would run commands as you, so it
 * must be yours (or root's, who can act as you anyway) and writable by nobody else, as git
 * trusts a repository's config only when the repository is yours (safe.directory). `file` is
 * the file as opened (symbolic links followed). Its folder is not checked: another user who can
 * write there can put there only a file of their own, which this check refuses.
 */
export function unsafeReason(file: {uid: number; mode: number}, uid: number): string | null {
	const mode = (file.mode & 0o7777).toString(8).padStart(4, '0');
	if (file.uid !== uid && file.uid !== 0) return `it is owned by uid ${file.uid}, not by you (uid ${uid}) nor root`;
	if (file.mode & 0o002) return `anyone can write to it (mode ${mode})`;
	if (file.mode & 0o020) return `its group can write to it (mode ${mode})`;
	return null;
}
