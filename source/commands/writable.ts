// Checks that a command can write where it must, made before it writes anything, so that an
// unwritable place or a full disk is a message and exit 2, never a crash halfway.
import {accessSync, constants, existsSync, statSync} from 'node:fs';
import {dirname} from 'node:path';
import {userInfo} from 'node:os';
import {acquireLock} from '../run/lock.js';
import {stateRoot} from '../run/paths.js';
import {ensurePrivateDir} from '../run/store.js';
import {CommandExit, exitCodes} from './io.js';

/**
 * The state root ($XDG_STATE_HOME/ansible-driver) holds last-run and durations.json beside the run
 * directories; found unwritable later, a run would have half-started (state.json written, then a crash).
 */
export function mustUseStateRoot(env: Record<string, string | undefined>, {create = true} = {}): void {
	const root = stateRoot(env);
	try {
		// Without create (before a prompt that may be declined): a missing root is fine if it can be made.
		if (!create && !existsSync(root)) {
			const blocked = blockingCode(root);
			if (blocked !== null) throw new Error(blocked);
			return;
		}
		ensurePrivateDir(root);
		accessSync(root, constants.W_OK | constants.X_OK);
	} catch (error) {
		const code = blockingCode(root) ?? (error as NodeJS.ErrnoException).code ?? (error as Error).message;
		let user = 'you';
		try {
			user = userInfo().username;
		} catch {
			// No passwd entry: "you" will do.
		}
		throw new CommandExit(
			exitCodes.usage,
			`cannot write to the state root ${root} (${code}): ansible-driver keeps last-run and durations.json there.\nMake it a directory writable by ${user}, or set XDG_STATE_HOME to one that is; nothing was written or run.`,
		);
	}
}

/**
 * Why the nearest existing folder on the way to `path` stops its creation: a recursive mkdir says
 * ENOENT on a read-only filesystem, which would send the operator looking for a missing folder.
 */
function blockingCode(path: string): string | null {
	for (let p = path; ; p = dirname(p)) {
		try {
			if (!statSync(p).isDirectory()) return 'ENOTDIR';
			accessSync(p, constants.W_OK | constants.X_OK);
			return null;
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			if (code !== 'ENOENT' || p === dirname(p)) return code ?? null;
		}
	}
}

/** The run's lock; a run directory where even the lock cannot be written (a full disk) is exit 2. */
export async function mustTryLock(dir: string): ReturnType<typeof acquireLock> {
	try {
		return await acquireLock(dir);
	} catch (error) {
		throw new CommandExit(exitCodes.usage, `cannot take the run's lock in ${dir}: ${(error as Error).message}\nFree space (or fix the run directory), then try again; nothing was changed.`);
	}
}
