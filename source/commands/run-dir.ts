// The run directory a run or resume may write to: one the driver creates (owner only), an empty
// one, or one that already holds a run. Anything else (a shared folder such as /tmp, a home
// directory) is refused, and a directory the driver did not create keeps its mode.
import {chmodSync, mkdirSync, readdirSync, statSync} from 'node:fs';
import {dirname, join} from 'node:path';

/** What only a run directory holds: the UI writes the log before the supervisor writes the state, and steps/ stays when a state is moved away to start over. */
const RUN_FILES = ['state.json', 'supervisor.lock', 'supervisor.log', 'steps'];

/** `fix`: what to do instead, when giving another --state-dir is not all there is to say. */
export type RunDirCheck = {ok: true; exists: boolean} | {ok: false; reason: string; fix?: string};

const reasons: Record<string, string> = {
	EACCES: 'permission denied',
	EPERM: 'operation not permitted',
	EROFS: 'read-only file system',
	ENOSPC: 'no space left on the device',
	ENOTDIR: 'a part of the path is a file, not a directory',
	ELOOP: 'too many symbolic links in the path',
	ENAMETOOLONG: 'the path is too long',
};

function reasonOf(error: unknown): string {
	const code = (error as NodeJS.ErrnoException).code;
	return code === undefined ? (error as Error).message : `${reasons[code] ?? code} (${code})`;
}

/** Whether `dir` may be the run directory, without changing anything. */
export function checkRunDir(dir: string): RunDirCheck {
	let isDirectory: boolean;
	try {
		isDirectory = statSync(dir).isDirectory();
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {ok: true, exists: false};
		return {ok: false, reason: reasonOf(error)};
	}
	if (!isDirectory) return {ok: false, reason: 'it is a file, not a directory'};
	let names: string[];
	try {
		names = readdirSync(dir);
	} catch (error) {
		return {ok: false, reason: `cannot list it: ${reasonOf(error)}`};
	}
	if (names.length === 0 || names.some((name) => RUN_FILES.includes(name))) return {ok: true, exists: true};
	const shown = names.slice(0, 3).join(', ') + (names.length > 3 ? `, ... (${names.length} entries)` : '');
	return {
		ok: false,
		reason: `it is not empty (${shown}) and holds no ansible-driver run (no state.json)`,
		fix: `The run directory holds the run's state and logs, readable by you only: the driver wants a new or empty directory of its own, and never changes the permissions of an existing one.\nGive a new directory, e.g. --state-dir ${join(dir, 'ansible-driver-run')} (it is created), or leave --state-dir out for the default.`,
	};
}

/**
 * Creates `dir` and its missing parents, owner only (mode 0700). Each level is made on its own:
 * Node's recursive mkdir loops forever where the parent exists but refuses new entries with
 * ENOENT (/proc, /sys). Throws Error with a reason an operator can act on.
 */
export function createRunDir(dir: string): void {
	const missing: string[] = [];
	for (let path = dir; ; path = dirname(path)) {
		try {
			statSync(path);
			break;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(path) === path) throw new Error(reasonOf(error));
			missing.unshift(path);
		}
	}
	for (const path of missing) {
		try {
			mkdirSync(path, {mode: 0o700});
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			// Made meanwhile by someone else: checked again by the caller.
			if (code === 'EEXIST') continue;
			if (code === 'ENOENT') throw new Error(`${dirname(path)} does not accept new directories (a virtual file system such as /proc or /sys)`);
			throw new Error(`cannot create ${path}: ${reasonOf(error)}`);
		}
		// The umask may have taken bits away; this directory is ours to set.
		chmodSync(path, 0o700);
	}
}
