// Small tmpfs mounts for disk-full tests. Mounting needs root (or CAP_SYS_ADMIN); where it is
// refused, the suite is skipped with a visible note, never silently.
import {spawnSync} from 'node:child_process';
import {closeSync, mkdirSync, mkdtempSync, openSync, rmSync, statfsSync, writeSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

const mounted: string[] = [];

/** Mounts a tmpfs of `bytes` (and at most `inodes` files) at dir (created if needed), `ro` for read-only; the reason it could not, or null. */
export function mountTmpfs(dir: string, bytes: number, options: {readOnly?: boolean; inodes?: number} = {}): string | null {
	mkdirSync(dir, {recursive: true});
	const more = `${options.readOnly ? ',ro' : ''}${options.inodes === undefined ? '' : `,nr_inodes=${options.inodes}`}`;
	const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes},mode=0700${more}`, 'tmpfs', dir], {encoding: 'utf8'});
	if (r.error) return r.error.message;
	if (r.status !== 0) return (r.stderr || r.stdout).trim() || `mount exited ${r.status}`;
	mounted.push(dir);
	return null;
}

/** Why tmpfs cannot be mounted here (the suite is then skipped), or null when it can. */
export function tmpfsRefused(): string | null {
	const probe = mkdtempSync(join(tmpdir(), 'tmpfs-probe-'));
	const refused = mountTmpfs(probe, 64 * 1024);
	if (refused === null) unmountAll();
	rmSync(probe, {recursive: true, force: true});
	return refused;
}

/** Unmounts every tmpfs mounted here (lazily: a process may still hold a file open). */
export function unmountAll(): void {
	for (const dir of mounted.splice(0)) spawnSync('umount', ['-l', dir]);
}

export const freeBytes = (dir: string) => {
	const s = statfsSync(dir);
	return s.bavail * s.bsize;
};

/**
 * Fills the filesystem of dir with `file` until only `leave` bytes (whole pages) are free, or
 * until it is full when `leave` is 0. Returns the bytes left free.
 */
export function fillUp(file: string, leave: number): number {
	const fd = openSync(file, 'a');
	try {
		const chunk = Buffer.alloc(4096);
		for (;;) {
			const room = freeBytes(file) - leave;
			if (room <= 0) break;
			try {
				writeSync(fd, chunk, 0, Math.min(chunk.length, room));
			} catch {
				break; // ENOSPC: full
			}
		}
	} finally {
		closeSync(fd);
	}
	return freeBytes(file);
}

/**
 * Takes every free inode of dir's filesystem with empty files in `folder` (created on it): not
 * even an empty file can be made there afterwards. Returns the folder, to remove to free them.
 */
export function fillInodes(folder: string): string {
	mkdirSync(folder);
	for (let n = 0; ; n++) {
		try {
			closeSync(openSync(join(folder, `i${n}`), 'w'));
		} catch {
			return folder; // ENOSPC: no inode left
		}
	}
}
