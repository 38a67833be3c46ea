// Parses event lines (the driver's own plugin format, or ansible.posix.jsonl) into DriverEvents.
// Pure: a line reader object with push(chunk) -> events, no I/O. A bad line is counted, never fatal.
import type {DriverEvent, HostCounts, HostStatus, ItemStatus, TaskRef} from './events.js';
import {hostCounts, isObject, num, resultDetails, str, type Json} from './json-values.js';

const hostStatuses = new Set<HostStatus>(['ok', 'changed', 'failed', 'skipped', 'unreachable', 'ignored', 'rescued']);
const itemStatuses = new Set<ItemStatus>(['ok', 'changed', 'failed', 'skipped']);

function taskRef(value: unknown): TaskRef | null {
	if (!isObject(value) || typeof value['id'] !== 'string') return null;
	const ref: TaskRef = {id: value['id'], name: str(value['name']) ?? ''};
	const path = str(value['path']);
	if (path !== undefined) ref.path = path;
	if (typeof value['role'] === 'string' || value['role'] === null) ref.role = value['role'];
	const action = str(value['action']);
	if (action !== undefined) ref.action = action;
	if (typeof value['handler'] === 'boolean') ref.handler = value['handler'];
	return ref;
}

function statsHosts(value: unknown): Record<string, HostCounts> {
	const hosts: Record<string, HostCounts> = {};
	if (isObject(value)) for (const [name, c] of Object.entries(value)) hosts[name] = hostCounts(c);
	return hosts;
}

/** One line of the driver's own plugin format (docs/events.md). */
function fromDriver(o: Json): DriverEvent | null {
	const t = num(o['t']) ?? 0;
	switch (o['type']) {
		case 'hello':
			return {
				type: 'hello',
				t,
				ansibleVersion: str(o['ansible_version']) ?? 'unknown',
				pid: num(o['pid']) ?? 0,
				...(typeof o['pause_mode'] === 'string' ? {pauseMode: o['pause_mode']} : {}),
			};
		case 'playbook_start':
			return {type: 'playbook_start', t, playbook: str(o['playbook']) ?? ''};
		case 'play_start': {
			const play = isObject(o['play']) ? o['play'] : {};
			const hosts = Array.isArray(o['hosts']) ? o['hosts'].filter((h): h is string => typeof h === 'string') : undefined;
			return {
				type: 'play_start',
				t,
				play: {
					id: str(play['id']) ?? '',
					name: str(play['name']) ?? '',
					...(typeof play['strategy'] === 'string' ? {strategy: play['strategy']} : {}),
					...(play['serial'] === undefined ? {} : {serial: play['serial']}),
				},
				...(hosts ? {hosts} : {}),
				...hostGroups(o['host_groups']),
			};
		}
		case 'task_start': {
			const task = taskRef(o['task']);
			return task ? {type: 'task_start', t, task} : null;
		}
		case 'host_start':
			if (typeof o['host'] !== 'string' || typeof o['task_id'] !== 'string') return null;
			return {type: 'host_start', t, host: o['host'], taskId: o['task_id']};
		case 'result': {
			const status = o['status'] as HostStatus;
			if (typeof o['host'] !== 'string' || typeof o['task_id'] !== 'string' || !hostStatuses.has(status)) return null;
			const duration = num(o['duration']);
			return {type: 'result', t, host: o['host'], taskId: o['task_id'], status, duration: duration ?? null, ...resultDetails(o)};
		}
		case 'item': {
			const status = o['status'] as ItemStatus;
			if (typeof o['host'] !== 'string' || typeof o['task_id'] !== 'string' || !itemStatuses.has(status)) return null;
			return {type: 'item', t, host: o['host'], taskId: o['task_id'], status, item: str(o['item']) ?? ''};
		}
		case 'retry':
			if (typeof o['host'] !== 'string' || typeof o['task_id'] !== 'string') return null;
			return {
				type: 'retry',
				t,
				host: o['host'],
				taskId: o['task_id'],
				attempts: num(o['attempts']) ?? 0,
				retries: num(o['retries']) ?? 0,
				...(str(o['msg']) === undefined ? {} : {msg: str(o['msg'])!}),
			};
		case 'notify':
			if (typeof o['host'] !== 'string') return null;
			return {type: 'notify', t, host: o['host'], handlerId: str(o['handler_id']) ?? '', handlerName: str(o['handler_name']) ?? ''};
		case 'pause_wait':
			return {type: 'pause_wait', t, reason: str(o['reason']) ?? '', detail: str(o['detail']) ?? '', task: taskRef(o['task'])};
		case 'paused': {
			const play = isObject(o['play']) ? {id: str(o['play']['id']) ?? '', name: str(o['play']['name']) ?? ''} : null;
			return {type: 'paused', t, reason: str(o['reason']) ?? '', task: taskRef(o['task']), play};
		}
		case 'stats':
			return {type: 'stats', t, hosts: statsHosts(o['hosts'])};
		default:
			return null;
	}
}

function jsonlTime(o: Json): number {
	const stamp = o['_timestamp'];
	if (typeof stamp !== 'string') return 0;
	const ms = Date.parse(stamp);
	return Number.isNaN(ms) ? 0 : ms / 1000;
}

function jsonlDuration(task: unknown): number | null {
	if (!isObject(task) || !isObject(task['duration'])) return null;
	const {start, end} = task['duration'];
	if (typeof start !== 'string' || typeof end !== 'string') return null;
	const d = (Date.parse(end) - Date.parse(start)) / 1000;
	return Number.isFinite(d) ? d : null;
}

const jsonlResult: Record<string, HostStatus> = {
	v2_runner_on_ok: 'ok',
	v2_runner_on_failed: 'failed',
	v2_runner_on_skipped: 'skipped',
	v2_runner_on_unreachable: 'unreachable',
};

/** One line of ansible.posix.jsonl (a result line may carry several hosts). */
function fromJsonl(o: Json): DriverEvent[] | null {
	const t = jsonlTime(o);
	const event = o['_event'];
	if (event === 'v2_playbook_on_play_start') {
		const play = isObject(o['play']) ? o['play'] : {};
		return [{type: 'play_start', t, play: {id: str(play['id']) ?? '', name: str(play['name']) ?? ''}}];
	}
	if (event === 'v2_playbook_on_task_start' || event === 'v2_playbook_on_handler_task_start' || event === 'v2_runner_on_start') {
		const task = taskRef(o['task']);
		if (!task) return null;
		if (event === 'v2_playbook_on_handler_task_start') task.handler = true;
		// The free strategy sends runner starts instead of task starts: treat the first as the task start.
		const out: DriverEvent[] = [{type: 'task_start', t, task}];
		if (event === 'v2_runner_on_start' && isObject(o['hosts'])) {
			for (const host of Object.keys(o['hosts'])) out.push({type: 'host_start', t, host, taskId: task.id});
		}
		return out;
	}
	if (event === 'v2_playbook_on_stats') {
		return [{type: 'stats', t, hosts: statsHosts(o['stats'])}];
	}
	const base = typeof event === 'string' ? jsonlResult[event] : undefined;
	if (base) {
		const task = taskRef(o['task']);
		if (!task || !isObject(o['hosts'])) return null;
		const duration = jsonlDuration(o['task']);
		const out: DriverEvent[] = [];
		for (const [host, raw] of Object.entries(o['hosts'])) {
			const result = isObject(raw) ? raw : {};
			const status: HostStatus = base === 'ok' && result['changed'] === true ? 'changed' : base;
			out.push({type: 'result', t, host, taskId: task.id, task, status, duration, ...resultDetails(result)});
		}
		return out;
	}
	// Other jsonl events (includes, no-hosts notices) carry nothing the driver shows.
	return [];
}

/** Parses one line; null means the line is not a recognizable event. */
export function parseEventLine(line: string): DriverEvent[] | null {
	let value: unknown;
	try {
		value = JSON.parse(line);
	} catch {
		return null;
	}
	if (!isObject(value)) return null;
	if (typeof value['type'] === 'string') {
		const event = fromDriver(value);
		return event ? [event] : null;
	}
	if (typeof value['_event'] === 'string') return fromJsonl(value);
	return null;
}

/** Splits a byte stream into lines and parses them, keeping a partial last line for the next push. */
export class EventLineReader {
	badLines = 0;
	lines = 0;
	private rest = '';

	push(chunk: string): DriverEvent[] {
		const text = this.rest + chunk;
		const parts = text.split('\n');
		this.rest = parts.pop() ?? '';
		const events: DriverEvent[] = [];
		for (const line of parts) this.take(line, events);
		return events;
	}

	/** Parses a final line that had no newline (only at the end of a finished file). */
	end(): DriverEvent[] {
		const events: DriverEvent[] = [];
		if (this.rest !== '') this.take(this.rest, events);
		this.rest = '';
		return events;
	}

	private take(line: string, into: DriverEvent[]): void {
		if (line.trim() === '') return;
		this.lines++;
		const parsed = parseEventLine(line);
		if (parsed === null) this.badLines++;
		else into.push(...parsed);
	}
}

/** `host_groups` of a play_start: host -> inventory group names; anything malformed is left out. */
function hostGroups(value: unknown): {hostGroups?: Record<string, string[]>} {
	if (!isObject(value)) return {};
	const out: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
	let any = false;
	for (const [host, groups] of Object.entries(value)) {
		if (!Array.isArray(groups)) continue;
		out[host] = groups.filter((g): g is string => typeof g === 'string');
		any = true;
	}
	return any ? {hostGroups: out} : {};
}
