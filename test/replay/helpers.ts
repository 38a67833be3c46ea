import {closeSync, openSync, readSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import type {DriverEvent} from '../../source/ansible/events.js';
import type {EventAt} from '../../source/replay/read-lines.js';

export const REPLAY = fileURLToPath(new URL('../../fixtures/replay/', import.meta.url));
export const EVENTS = fileURLToPath(new URL('../../fixtures/events/', import.meta.url));

/** The line that starts at a byte offset, read the way a detail pane would (no CR, no LF). */
export function lineAt(file: string, offset: number): string {
	const fd = openSync(file, 'r');
	try {
		const parts: Buffer[] = [];
		let at = offset;
		for (;;) {
			const buffer = Buffer.alloc(4096);
			const n = readSync(fd, buffer, 0, buffer.length, at);
			if (n === 0) break;
			const nl = buffer.subarray(0, n).indexOf(0x0a);
			if (nl !== -1) {
				parts.push(buffer.subarray(0, nl));
				break;
			}
			parts.push(buffer.subarray(0, n));
			at += n;
		}
		return Buffer.concat(parts).toString('utf8').replace(/\r$/, '');
	} finally {
		closeSync(fd);
	}
}

export async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
	const out: T[] = [];
	for await (const item of source) out.push(item);
	return out;
}

/** "type" or "result HOST STATUS" per event, for order assertions. */
export function describeEvents(events: Array<DriverEvent | EventAt>): string[] {
	return events.map((x) => {
		const e = 'event' in x ? x.event : x;
		if (e.type === 'result') return `result ${e.host} ${e.status}`;
		if (e.type === 'item') return `item ${e.host} ${e.status} ${e.item}`;
		if (e.type === 'task_start') return `task_start ${e.task.name}`;
		return e.type;
	});
}
