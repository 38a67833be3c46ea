// ansible.posix.json (one document printed at the end of a run) -> DriverEvents. That callback
// keeps the whole run in memory and prints it at once, so the document is necessarily parsed
// whole; the events are then produced lazily from it. Pure except readJsonDoc.
// What the document cannot tell: an ignored or rescued failure reads as `failed` (the recap's
// ignored/rescued counts are right); retries and notifications are not recorded.
import {readFile} from 'node:fs/promises';
import type {DriverEvent, HostCounts, HostStatus, ItemStatus, TaskRef} from '../ansible/events.js';
import {hostCounts, isObject, msgBound, resultDetails, str, type Json} from '../ansible/json-values.js';
import type {EventAt, RecordedEvents} from './read-lines.js';

/** Seconds since the epoch of an ISO time; a time without a zone is UTC (ansible writes utcnow()). */
export function isoSeconds(value: unknown): number | undefined {
	if (typeof value !== 'string' || value === '') return undefined;
	const zoned = /(?:Z|[+-]\d\d:?\d\d)$/.test(value) ? value : `${value}Z`;
	const ms = Date.parse(zoned);
	return Number.isNaN(ms) ? undefined : ms / 1000;
}

/** A loop item's label as ansible shows it. */
export function itemLabel(res: Json): string {
	const label = str(res['_ansible_item_label']) ?? str(res['item']) ?? '';
	return label.length > msgBound ? label.slice(0, msgBound) : label;
}

function resultStatus(res: Json): HostStatus {
	if (res['unreachable'] === true) return 'unreachable';
	if (res['failed'] === true) return 'failed';
	if (res['skipped'] === true) return 'skipped';
	return res['changed'] === true ? 'changed' : 'ok';
}

function itemStatus(res: Json): ItemStatus {
	if (res['failed'] === true) return 'failed';
	if (res['skipped'] === true) return 'skipped';
	return res['changed'] === true ? 'changed' : 'ok';
}

function durationOf(entry: Json): {start: number | undefined; end: number | undefined} {
	const d = isObject(entry['duration']) ? entry['duration'] : {};
	return {start: isoSeconds(d['start']), end: isoSeconds(d['end'])};
}

/** Host names of a play in order of first result. */
function playHosts(tasks: unknown[]): string[] {
	const seen = new Set<string>();
	for (const entry of tasks) if (isObject(entry) && isObject(entry['hosts'])) for (const host of Object.keys(entry['hosts'])) seen.add(host);
	return [...seen];
}

/** True when the value looks like an ansible.posix.json document. */
export function isJsonDoc(value: unknown): value is Json {
	return isObject(value) && (Array.isArray(value['plays']) || isObject(value['stats']));
}

/** The events of a parsed document, in run order. */
export function* jsonDocEvents(doc: unknown): Generator<DriverEvent> {
	if (!isObject(doc)) return;
	let t = 0;
	for (const playEntry of Array.isArray(doc['plays']) ? doc['plays'] : []) {
		if (!isObject(playEntry)) continue;
		const play = isObject(playEntry['play']) ? playEntry['play'] : {};
		const tasks = Array.isArray(playEntry['tasks']) ? playEntry['tasks'] : [];
		t = durationOf(play).start ?? t;
		yield {type: 'play_start', t, play: {id: str(play['id']) ?? '', name: str(play['name']) ?? ''}, hosts: playHosts(tasks)};
		for (const taskEntry of tasks) {
			if (!isObject(taskEntry) || !isObject(taskEntry['task'])) continue;
			const raw = taskEntry['task'];
			const task: TaskRef = {id: str(raw['id']) ?? '', name: str(raw['name']) ?? ''};
			const path = str(raw['path']);
			if (path !== undefined) task.path = path;
			const {start, end} = durationOf(raw);
			t = start ?? t;
			yield {type: 'task_start', t, task};
			// Results carry no time of their own: they are placed at the task's end.
			t = end ?? t;
			const duration = start !== undefined && end !== undefined ? end - start : null;
			for (const [host, value] of Object.entries(isObject(taskEntry['hosts']) ? taskEntry['hosts'] : {})) {
				const res = isObject(value) ? value : {};
				if (Array.isArray(res['results'])) {
					for (const item of res['results']) {
						if (isObject(item)) yield {type: 'item', t, host, taskId: task.id, status: itemStatus(item), item: itemLabel(item)};
					}
				}
				yield {type: 'result', t, host, taskId: task.id, status: resultStatus(res), duration, ...resultDetails(res)};
			}
		}
		t = durationOf(play).end ?? t;
	}
	if (isObject(doc['stats'])) {
		const hosts: Record<string, HostCounts> = {};
		for (const [name, c] of Object.entries(doc['stats'])) hosts[name] = hostCounts(c);
		yield {type: 'stats', t, hosts};
	}
}

/** Parses document text; tolerates lines printed before the document (e.g. warnings on stdout). */
export function parseJsonDoc(text: string): Json | null {
	const tryParse = (s: string): Json | null => {
		try {
			const value: unknown = JSON.parse(s);
			return isJsonDoc(value) ? value : null;
		} catch {
			return null;
		}
	};
	const whole = tryParse(text);
	if (whole) return whole;
	const start = text.search(/^\{/m);
	return start > 0 ? tryParse(text.slice(start)) : null;
}

/** The events of an ansible.posix.json file; a document that does not parse counts as one bad line. */
export class JsonDocFile implements RecordedEvents {
	lines = 0;
	badLines = 0;

	constructor(readonly path: string) {}

	async *[Symbol.asyncIterator](): AsyncGenerator<EventAt> {
		this.lines = 1;
		this.badLines = 0;
		const doc = parseJsonDoc(await readFile(this.path, 'utf8'));
		if (!doc) {
			this.badLines = 1;
			return;
		}
		for (const event of jsonDocEvents(doc)) yield {event, offset: -1};
	}
}
