// Control requests: how viewers and `stop` ask the supervisor for a pause or an abort. A request
// is a file in the run directory (the callback plugin watches the pause file itself), plus a
// signal to the supervisor so it reacts at once.
import {existsSync, mkdirSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {hostname} from 'node:os';
import {join} from 'node:path';

export const pauseSignal: NodeJS.Signals = 'SIGUSR1';
export const abortSignal: NodeJS.Signals = 'SIGUSR2';

export function controlPaths(dir: string): {pause: string; abort: string} {
	return {pause: join(dir, 'control', 'pause'), abort: join(dir, 'control', 'abort')};
}

function write(path: string): void {
	mkdirSync(join(path, '..'), {recursive: true, mode: 0o700});
	try {
		writeFileSync(path, new Date().toISOString() + '\n', {mode: 0o600});
	} catch (error) {
		// A request is the file's existence (its text is only for people): on a full disk the
		// file is created though its text cannot be written, and the request stands.
		if (!existsSync(path)) throw error;
	}
}

/** Requests the supervisor heard by signal: they stand even when their file could not be written. */
export interface HeardRequests {
	pause: boolean;
	abort: boolean;
}

export const requestPause = (dir: string) => write(controlPaths(dir).pause);
export const requestAbort = (dir: string) => write(controlPaths(dir).abort);
export const pauseRequested = (dir: string) => existsSync(controlPaths(dir).pause);
export const abortRequested = (dir: string) => existsSync(controlPaths(dir).abort);
export const clearPause = (dir: string) => rmSync(controlPaths(dir).pause, {force: true});
export const clearAbort = (dir: string) => rmSync(controlPaths(dir).abort, {force: true});

/** Removes pause and abort requests made before `time` (ms since the epoch): left from earlier. */
export function clearRequestsBefore(dir: string, time: number): void {
	for (const path of Object.values(controlPaths(dir))) {
		try {
			if (statSync(path).mtimeMs < time) rmSync(path, {force: true});
		} catch {
			// No such request.
		}
	}
}

/**
 * Signals the supervisor so it reacts at once; a missing process is not an error (it may have
 * just ended). A supervisor on another host (a shared run directory) only gets the request file:
 * its pid means another process here. True when the signal was sent.
 */
export function poke(owner: {pid: number; host: string} | null, signal: NodeJS.Signals): boolean {
	if (!owner?.pid || owner.host !== hostname()) return false;
	const {pid} = owner;
	try {
		process.kill(pid, signal);
		return true;
	} catch {
		// The request file is enough: the supervisor polls it.
		return false;
	}
}
