// How long steps took before, by step hash, across runs on this account: the viewer's ETA.
// A rehearsal on a test cloud thus gives the production run its estimate.
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {stateRoot} from './paths.js';
import {writeFileAtomic} from '../fs/atomic-file.js';
import {ensurePrivateDir} from './store.js';

const historyFile = (env: Record<string, string | undefined>) => join(stateRoot(env), 'durations.json');

export function readDurations(env: Record<string, string | undefined>): Record<string, number> {
	try {
		return JSON.parse(readFileSync(historyFile(env), 'utf8')) as Record<string, number>;
	} catch {
		return {};
	}
}

/** Remembers a finished step's duration; a failure to write only costs the estimate. */
export function recordDuration(env: Record<string, string | undefined>, hash: string, ms: number): void {
	try {
		ensurePrivateDir(stateRoot(env));
		const all = readDurations(env);
		all[hash] = Math.round(ms);
		const file = historyFile(env);
		writeFileAtomic(file, JSON.stringify(all));
	} catch {
		// No estimate next time; nothing else depends on it.
	}
}
