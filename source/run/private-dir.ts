// Directories the driver makes for itself: created level by level with mode 0700, so a virtual
// file system is an error instead of a hang, and a directory that already exists keeps its mode.
import {chmodSync, mkdirSync, statSync} from 'node:fs';
import {dirname} from 'node:path';

const reasons: Record<string, string> = {
	EACCES: 'permission denied',
	EPERM: 'operation not permitted',
	EROFS: 'read-only file system',
	ENOSPC: 'no space left on the device',
	ENOTDIR: 'a part of the path is a file, not a directory',
	ELOOP: 'too many symbolic links in the path',
	ENAMETOOLONG: 'the path is too long',
};

/** An errno in words an operator can act on. */
export function fsReason(error: unknown): string {
	const code = (error as NodeJS.ErrnoException).code;
	return code === undefined ? (error as Error).message : `${reasons[code] ?? code} (${code})`;
}

/**
 * Creates `dir` and its missing parents, owner only (mode 0700). Each level is made on its own:
 * Node's recursive mkdir loops forever where the parent exists but refuses new entries with
 * ENOENT (/proc, /sys). Throws Error with a reason an operator can act on.
 */
export function createPrivateDirs(dir: string): void {
	const missing: string[] = [];
	for (let path = dir; ; path = dirname(path)) {
		try {
			statSync(path);
			break;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(path) === path) throw new Error(fsReason(error));
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
			throw new Error(`cannot create ${path}: ${fsReason(error)}`);
		}
		// The umask may have taken bits away; this directory is ours to set.
		chmodSync(path, 0o700);
	}
}
