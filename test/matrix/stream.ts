// Feeds an events file to the matrix reducer line by line, tracking byte offsets as the viewer does.
import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {parseEventLine} from '../../source/ansible/parse.js';
import {applyMatrixEvent, newMatrix} from '../../source/matrix/reducer.js';
import type {MatrixModel} from '../../source/matrix/types.js';

const EVENTS = fileURLToPath(new URL('../../fixtures/events/', import.meta.url));

export function fixtureBytes(name: string): Buffer {
	return readFileSync(`${EVENTS}${name}`);
}

export function load(bytes: Buffer, model: MatrixModel = newMatrix()): MatrixModel {
	let start = 0;
	while (start < bytes.length) {
		let end = bytes.indexOf(0x0a, start);
		if (end < 0) end = bytes.length;
		const line = bytes.subarray(start, end).toString('utf8');
		if (line.trim() !== '') {
			const events = parseEventLine(line);
			if (events === null) model.badLines++;
			else for (const event of events) applyMatrixEvent(model, event, start);
		}
		start = end + 1;
	}
	return model;
}

export function reader(bytes: Buffer): (start: number, end: number) => string {
	return (start, end) => bytes.subarray(start, Math.min(end, bytes.length)).toString('utf8');
}

/** Rows as "task: status status ..." for readable assertions. */
export function picture(model: MatrixModel): string[] {
	const names = ['none', 'running', 'ok', 'changed', 'failed', 'skipped', 'unreachable', 'ignored', 'rescued'];
	return model.tasks.map((t, r) => `${t.name}: ${model.hosts.map((_, c) => names[model.cells[r]![c]!]).join(' ')}`);
}

/** One line of the driver's own event format. */
export function line(type: string, fields: Record<string, unknown>): string {
	return `${JSON.stringify({v: 1, type, t: 1, ...fields})}\n`;
}
