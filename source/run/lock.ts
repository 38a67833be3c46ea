// One live supervisor per run directory: a lock file holding the owner's pid and start time.
// A lock whose process is gone (or whose pid was reused) is stale and taken over.
import {randomBytes} from 'node:crypto';
import {linkSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs';
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
	return parseOwner(readText(join(dir, lockFileName)) ?? '');
}

/** The live owner of the run directory's lock, if any (an owner on another host counts as live). */
export function liveOwner(dir: string): LockOwner | null {
	const owner = readLock(dir);
	return owner && isLive(owner) ? owner : null;
}

export type LockResult = {ok: true; release: () => void} | {ok: false; owner: LockOwner};

function readText(path: string): string | null {
	try {
		return readFileSync(path, 'utf8');
	} catch {
		return null;
	}
}

function parseOwner(text: string): LockOwner | null {
	try {
		const owner = JSON.parse(text) as LockOwner;
		return typeof owner.pid === 'number' ? owner : null;
	} catch {
		return null;
	}
}

function isLive(owner: LockOwner): boolean {
	return owner.host !== hostname() || isSameProcessAlive(owner.pid, owner.start);
}

export function acquireLock(dir: string, pid = process.pid): LockResult {
	const path = join(dir, lockFileName);
	const me: LockOwner = {pid, start: processStartTime(pid), host: hostname(), since: new Date().toISOString()};
	const mine = JSON.stringify(me);
	// Written whole to a private file, then linked into place: the lock never exists half-written,
	// and link() fails if a lock is there, atomically.
	const draft = join(dir, `.${lockFileName}.${pid}.${randomBytes(4).toString('hex')}`);
	writeFileSync(draft, mine, {mode: 0o600});
	try {
		for (let tries = 0; tries < 5; tries++) {
			try {
				linkSync(draft, path);
				return {
					ok: true,
					release() {
						if (readText(path) === mine) rmSync(path, {force: true});
					},
				};
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			}
			const seen = readText(path);
			if (seen === null) continue; // released meanwhile
			const owner = parseOwner(seen);
			if (owner && isLive(owner)) return {ok: false, owner};
			// Stale: move it aside, then make sure what was moved is the stale lock and not a fresh
			// one another process took meanwhile (if it is, put it back).
			const aside = join(dir, `.${lockFileName}.stale.${pid}.${randomBytes(4).toString('hex')}`);
			try {
				renameSync(path, aside);
			} catch {
				continue; // someone else moved it first
			}
			if (readText(aside) !== seen) {
				try {
					linkSync(aside, path);
				} catch {
					// The place was taken again: the next try sees that owner.
				}
			}
			rmSync(aside, {force: true});
		}
		const owner = parseOwner(readText(path) ?? '');
		return {ok: false, owner: owner ?? {pid: 0, start: null, host: hostname(), since: ''}};
	} finally {
		rmSync(draft, {force: true});
	}
}
