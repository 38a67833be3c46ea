// How long each task took before on its slowest host, by step hash and task name, across runs
// on this account: the default threshold of stalled-task detection. A rehearsal on a test cloud
// thus tells the production run what "too long" is.
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {stateRoot} from './paths.js';
import {writeFileAtomic} from '../fs/atomic-file.js';
import {ensurePrivateDir} from './store.js';

type TaskDurations = Record<string, Record<string, number>>;

const historyFile = (env: Record<string, string | undefined>) => join(stateRoot(env), 'task-durations.json');

export function readTaskDurations(env: Record<string, string | undefined>, stepHash: string): Record<string, number> {
	try {
		const all = JSON.parse(readFileSync(historyFile(env), 'utf8')) as TaskDurations;
		const mine = all[stepHash];
		return mine !== null && typeof mine === 'object' ? mine : {};
	} catch {
		return {};
	}
}

/** Keeps the longest per-host duration seen for each task; a failure to write only costs the default. */
export function recordTaskDurations(env: Record<string, string | undefined>, stepHash: string, seconds: ReadonlyMap<string, number>): void {
	if (seconds.size === 0) return;
	try {
		ensurePrivateDir(stateRoot(env));
		let all: TaskDurations = {};
		try {
			all = JSON.parse(readFileSync(historyFile(env), 'utf8')) as TaskDurations;
		} catch {
			// None yet, or unreadable: start again.
		}
		const mine = {...(all[stepHash] ?? {})};
		for (const [task, s] of seconds) mine[task] = Math.max(mine[task] ?? 0, Math.round(s * 10) / 10);
		all[stepHash] = mine;
		const file = historyFile(env);
		writeFileAtomic(file, JSON.stringify(all));
	} catch {
		// No default threshold next time; nothing else depends on it.
	}
}
