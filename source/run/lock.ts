// One live supervisor per run directory: the kernel holds the lock (kernel-lock.ts), and a lock
// file says who holds it (pid, start time, host) for messages and viewers.
import {randomBytes} from 'node:crypto';
import {readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {hostname} from 'node:os';
import {holdKernelLock} from './kernel-lock.js';
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

/**
 * Takes the run directory's lock. The kernel decides (kernel-lock.ts: one process binds the run's
 * address, and it is free again the moment that process dies); the lock file only tells others
 * who holds it. A file left by a process that died is simply replaced: nothing is moved aside,
 * so no takeover can remove a lock another process just took.
 */
export async function acquireLock(dir: string, pid = process.pid): Promise<LockResult> {
	const kernel = await holdKernelLock(dir);
	if (!kernel.held) return {ok: false, owner: await ownerOnceWritten(dir)};
	const path = join(dir, lockFileName);
	// A supervisor on another host sharing this directory is beyond the kernel's lock: its file says so.
	const seen = readLock(dir);
	if (seen && seen.host !== hostname()) {
		kernel.release();
		return {ok: false, owner: seen};
	}
	const me: LockOwner = {pid, start: processStartTime(pid), host: hostname(), since: new Date().toISOString()};
	const mine = JSON.stringify(me);
	// Written whole to a private file, then renamed into place: readers never see half of it.
	const draft = join(dir, `.${lockFileName}.${pid}.${randomBytes(4).toString('hex')}`);
	try {
		writeFileSync(draft, mine, {mode: 0o600});
		renameSync(draft, path);
	} catch (error) {
		rmSync(draft, {force: true});
		kernel.release();
		throw error;
	}
	return {
		ok: true,
		release() {
			if (readText(path) === mine) rmSync(path, {force: true});
			kernel.release();
		},
	};
}

/** Who holds the lock, by its file: the holder may not have written it yet, so look a little while. */
async function ownerOnceWritten(dir: string): Promise<LockOwner> {
	for (let tries = 0; tries < 20; tries++) {
		const owner = readLock(dir);
		if (owner && isLive(owner)) return owner;
		await new Promise((resolve) => setTimeout(resolve, 25));
	}
	return readLock(dir) ?? {pid: 0, start: null, host: hostname(), since: 'unknown'};
}
