// One live supervisor per run directory: a lock file holding the owner's pid and start time.
// A lock whose process is gone (or whose pid was reused) is stale and taken over.
import {openSync, readFileSync, unlinkSync, writeSync, closeSync} from 'node:fs';
import {join} from 'node:path';
import {hostname} from 'node:os';
import {isSameProcessAlive, processStartTime} from './process.js';

export interface LockOwner {
	pid: number;
	start: number | null;
	host: string;
	since: string;
}

export const lockFileName = 'supervisor.lock';

export function readLock(dir: string): LockOwner | null {
	try {
		const owner = JSON.parse(readFileSync(join(dir, lockFileName), 'utf8')) as LockOwner;
		return typeof owner.pid === 'number' ? owner : null;
	} catch {
		return null;
	}
}

/** The live owner of the run directory's lock, if any. */
export function liveOwner(dir: string): LockOwner | null {
	const owner = readLock(dir);
	if (!owner) return null;
	if (owner.host !== hostname()) return owner;
	return isSameProcessAlive(owner.pid, owner.start) ? owner : null;
}

export type LockResult = {ok: true; release: () => void} | {ok: false; owner: LockOwner};

export function acquireLock(dir: string, pid = process.pid): LockResult {
	const path = join(dir, lockFileName);
	const me: LockOwner = {pid, start: processStartTime(pid), host: hostname(), since: new Date().toISOString()};
	for (let tries = 0; tries < 3; tries++) {
		try {
			const fd = openSync(path, 'wx', 0o600);
			writeSync(fd, JSON.stringify(me));
			closeSync(fd);
			return {
				ok: true,
				release() {
					const current = readLock(dir);
					if (current?.pid === me.pid && current.start === me.start) unlinkSync(path);
				},
			};
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		}
		const owner = liveOwner(dir);
		if (owner) return {ok: false, owner};
		// Stale (or unreadable, e.g. half-written by a process that died): take it over.
		try {
			unlinkSync(path);
		} catch {
			// Someone else took it over first; try again.
		}
	}
	const owner = readLock(dir);
	return {ok: false, owner: owner ?? {pid: 0, start: null, host: hostname(), since: ''}};
}
