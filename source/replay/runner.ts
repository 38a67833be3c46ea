// ansible-runner artifacts (job_events/<counter>-<uuid>.json, one event per file) -> DriverEvents.
// Files are read one at a time in counter order, so a long run is never held in memory.
// What runner events cannot tell: a rescued failure reads as `failed` (the recap's count is
// right); a notification names its handler but not the handler task's id.
import {readdirSync, statSync, type Dirent} from 'node:fs';
import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import type {DriverEvent, HostCounts, HostStatus, ItemStatus, TaskRef} from '../ansible/events.js';
import {hostCounts, isObject, num, resultDetails, str, type Json} from '../ansible/json-values.js';
import {isoSeconds, itemLabel} from './json-doc.js';
import type {EventAt, RecordedEvents} from './read-lines.js';

const eventFileName = /^(\d+)-.*\.json$/;

/** A regular file (a named pipe among the events would block the replay forever). */
function isRegularFile(dir: string, entry: Dirent): boolean {
	if (entry.isFile()) return true;
	if (!entry.isSymbolicLink()) return false;
	try {
		return statSync(join(dir, entry.name)).isFile();
	} catch {
		return false;
	}
}

/** The event files of a job_events folder in counter order (other files are ignored). */
export function jobEventFiles(dir: string): string[] {
	const files: Array<{counter: number; name: string}> = [];
	for (const entry of readdirSync(dir, {withFileTypes: true})) {
		const match = eventFileName.exec(entry.name);
		if (match?.[1] !== undefined && isRegularFile(dir, entry)) files.push({counter: Number(match[1]), name: entry.name});
	}
	files.sort((a, b) => a.counter - b.counter || (a.name < b.name ? -1 : 1));
	return files.map((f) => join(dir, f.name));
}

const resultStatus: Record<string, HostStatus> = {
	runner_on_ok: 'ok',
	runner_on_failed: 'failed',
	runner_on_skipped: 'skipped',
	runner_on_unreachable: 'unreachable',
};

const itemStatus: Record<string, ItemStatus> = {
	runner_item_on_ok: 'ok',
	runner_item_on_failed: 'failed',
	runner_item_on_skipped: 'skipped',
};

function taskOf(data: Json, event: string): TaskRef | null {
	const id = str(data['task_uuid']);
	if (id === undefined) return null;
	const task: TaskRef = {id, name: str(data['task']) ?? str(data['name']) ?? ''};
	const path = str(data['task_path']);
	if (path !== undefined) task.path = path;
	const action = str(data['task_action']);
	if (action !== undefined) task.action = action;
	if (typeof data['role'] === 'string') task.role = data['role'];
	// Runner sends handler starts as playbook_on_task_start with is_conditional=true (how
	// ansible 1 marked a handler); a plain task start has is_conditional=false.
	task.handler = event === 'playbook_on_handler_task_start' || data['is_conditional'] === true;
	return task;
}

function runnerStats(data: Json): Record<string, HostCounts> {
	// Per category {host: n}; `dark` is unreachable.
	const categories: Record<string, keyof HostCounts> = {
		ok: 'ok',
		changed: 'changed',
		failures: 'failures',
		dark: 'unreachable',
		skipped: 'skipped',
		rescued: 'rescued',
		ignored: 'ignored',
	};
	const hosts: Record<string, HostCounts> = {};
	const names = new Set<string>();
	for (const key of ['processed', ...Object.keys(categories)]) {
		const value = data[key];
		if (isObject(value)) for (const host of Object.keys(value)) names.add(host);
	}
	for (const host of names) hosts[host] = hostCounts({});
	for (const [key, field] of Object.entries(categories)) {
		const value = data[key];
		if (!isObject(value)) continue;
		for (const [host, n] of Object.entries(value)) {
			const counts = hosts[host];
			if (counts) counts[field] = num(n) ?? 0;
		}
	}
	return hosts;
}

/**
 * One runner event as DriverEvents: [] for events the driver does not show (playbook_on_include,
 * verbose, ...), null for a value that is not a runner event at all.
 */
export function runnerEvents(value: unknown): DriverEvent[] | null {
	if (!isObject(value) || typeof value['event'] !== 'string') return null;
	const event = value['event'];
	const data = isObject(value['event_data']) ? value['event_data'] : {};
	const t = isoSeconds(value['created']) ?? 0;
	const host = str(data['host']);
	const taskId = str(data['task_uuid']) ?? '';
	const res = isObject(data['res']) ? data['res'] : {};
	switch (event) {
		case 'playbook_on_start':
			return [{type: 'playbook_start', t, playbook: str(data['playbook']) ?? ''}];
		case 'playbook_on_play_start':
			return [{type: 'play_start', t, play: {id: str(data['play_uuid']) ?? '', name: str(data['play']) ?? str(data['name']) ?? ''}}];
		case 'playbook_on_task_start':
		case 'playbook_on_handler_task_start': {
			const task = taskOf(data, event);
			return task ? [{type: 'task_start', t, task}] : null;
		}
		case 'runner_on_start':
			return host === undefined ? null : [{type: 'host_start', t, host, taskId}];
		case 'runner_retry':
			if (host === undefined) return null;
			return [
				{
					type: 'retry',
					t,
					host,
					taskId,
					attempts: num(res['attempts']) ?? 0,
					retries: num(res['retries']) ?? 0,
					...(str(res['msg']) === undefined ? {} : {msg: resultDetails(res).msg ?? ''}),
				},
			];
		case 'playbook_on_notify':
			if (host === undefined) return null;
			return [{type: 'notify', t, host, handlerId: '', handlerName: str(data['handler']) ?? ''}];
		case 'playbook_on_stats':
			return [{type: 'stats', t, hosts: runnerStats(data)}];
		default:
			break;
	}
	const base = resultStatus[event];
	if (base !== undefined) {
		if (host === undefined) return null;
		let status = base;
		if (base === 'ok' && res['changed'] === true) status = 'changed';
		if (base === 'failed' && data['ignore_errors'] === true) status = 'ignored';
		const duration = num(data['duration']) ?? null;
		return [{type: 'result', t, host, taskId, status, duration, ...resultDetails(res)}];
	}
	const item = itemStatus[event];
	if (item !== undefined) {
		if (host === undefined) return null;
		const status: ItemStatus = item === 'ok' && res['changed'] === true ? 'changed' : item;
		return [{type: 'item', t, host, taskId, status, item: itemLabel(res)}];
	}
	return [];
}

/** The events of a job_events folder; a file that is not a runner event counts as one bad line. */
export class RunnerEvents implements RecordedEvents {
	lines = 0;
	badLines = 0;

	constructor(readonly dir: string) {}

	async *[Symbol.asyncIterator](): AsyncGenerator<EventAt> {
		this.lines = 0;
		this.badLines = 0;
		for (const file of jobEventFiles(this.dir)) {
			this.lines++;
			let events: DriverEvent[] | null = null;
			try {
				events = runnerEvents(JSON.parse(await readFile(file, 'utf8')));
			} catch {
				events = null;
			}
			if (events === null) {
				this.badLines++;
				continue;
			}
			for (const event of events) yield {event, offset: -1};
		}
	}
}
