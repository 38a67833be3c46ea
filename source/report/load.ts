// Reads what a report needs from a run directory: each step's last attempt's events file, streamed
// through the event parser into per-task results.
import {createReadStream} from 'node:fs';
import {EventLineReader} from '../ansible/parse.js';
import {isDoneByMarker} from '../run/machine.js';
import type {RunState} from '../run/types.js';
import {buildRunReport, type RunReport} from './model.js';
import {TaskCollector, type TaskRecord} from './tasks.js';

/** The tasks of one events file; a missing or unreadable file has none. */
export async function readTasks(eventsFile: string): Promise<TaskRecord[]> {
	return (await readAttempt(eventsFile)).tasks;
}

/** The tasks of one events file and the ansible-core version it reports (null: none). */
export async function readAttempt(eventsFile: string): Promise<{tasks: TaskRecord[]; ansibleVersion: string | null}> {
	const reader = new EventLineReader();
	const collector = new TaskCollector();
	try {
		for await (const chunk of createReadStream(eventsFile, {encoding: 'utf8'})) {
			for (const event of reader.push(chunk as string)) collector.push(event);
		}
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
		return {tasks: [], ansibleVersion: null};
	}
	for (const event of reader.end()) collector.push(event);
	return {tasks: collector.tasks(), ansibleVersion: collector.ansibleVersion};
}

export async function loadRunReport(dir: string, state: RunState, now = new Date().toISOString()): Promise<RunReport> {
	const tasks = new Map<string, TaskRecord[]>();
	const seen = new Map<string, string>();
	for (const step of state.steps) {
		// A pending (or reset) step and one found done by its marker did not run in this run.
		if (step.status === 'pending' || isDoneByMarker(step) || !step.attempt) continue;
		const attempt = await readAttempt(step.attempt.eventsFile);
		tasks.set(step.id, attempt.tasks);
		if (attempt.ansibleVersion !== null) seen.set(step.id, attempt.ansibleVersion);
	}
	return buildRunReport(state, dir, tasks, now, seen);
}
