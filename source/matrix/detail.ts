// Reads one cell's details back from the events file, by the byte offsets the matrix kept.
// Pure given `read(start, end)`, which returns the text of bytes [start, end) (less at the end
// of the file). Strings are returned as found: the views sanitize what they draw.
import {parseEventLine} from '../ansible/parse.js';
import {cellStatus} from './reducer.js';
import type {CellDetail, MatrixModel} from './types.js';

/** How far past a running cell's first line to look for its items and retries. */
const runningWindow = 4 * 1024 * 1024;
/** Kept of stdout and stderr: the tail, which is what a failure shows. */
const outputTail = 16 * 1024;
const maxEntries = 500;

/** The whole line starting at `offset`, reading in growing chunks until its newline. */
function lineAt(read: (start: number, end: number) => string, offset: number): string {
	let before = -1;
	for (let size = 64 * 1024; ; size *= 2) {
		const text = read(offset, offset + size);
		const newline = text.indexOf('\n');
		if (newline >= 0) return text.slice(0, newline);
		// Nothing more came than last time: the end of the file (a line cut short).
		if (text.length === before || size >= 256 * 1024 * 1024) return text;
		before = text.length;
	}
}

function tail(text: string | undefined): string | null {
	if (text === undefined) return null;
	return text.length > outputTail ? text.slice(text.length - outputTail) : text;
}

function keepLast<T>(list: T[], value: T): void {
	list.push(value);
	if (list.length > maxEntries) list.shift();
}

export function readCellDetail(
	read: (start: number, end: number) => string,
	model: MatrixModel,
	row: number,
	col: number,
): CellDetail {
	const task = model.tasks[row];
	const host = model.hosts[col] ?? '';
	const detail: CellDetail = {
		host,
		task: task?.name ?? '',
		status: cellStatus(model, row, col),
		duration: null,
		msg: null,
		rc: null,
		stdout: null,
		stderr: null,
		exception: null,
		items: [],
		retries: [],
	};
	const start = model.startOffsets[row]?.[col] ?? -1;
	if (!task || start < 0) return detail;
	const result = model.resultOffsets[row]?.[col] ?? -1;
	let lines: string[];
	if (result >= 0) {
		lines = result > start ? read(start, result).split('\n') : [];
		lines.push(lineAt(read, result));
	} else {
		// Still running: everything written since its start; the last line may be partial.
		lines = read(start, start + runningWindow).split('\n');
		lines.pop();
	}
	for (const line of lines) {
		if (line.trim() === '') continue;
		for (const event of parseEventLine(line) ?? []) {
			if (!('host' in event) || event.host !== host) continue;
			if (!('taskId' in event) || event.taskId !== task.id) continue;
			if (event.type === 'item') keepLast(detail.items, {item: event.item, status: event.status});
			else if (event.type === 'retry') {
				keepLast(detail.retries, {attempts: event.attempts, retries: event.retries, msg: event.msg ?? null});
			} else if (event.type === 'result') {
				detail.status = event.status;
				detail.duration = event.duration ?? null;
				detail.msg = event.msg ?? null;
				detail.rc = event.rc ?? null;
				detail.stdout = tail(event.stdout);
				detail.stderr = tail(event.stderr);
				detail.exception = tail(event.exception);
				// Named by the plugin, or by the parser that bounded them (json-values.ts).
				if (event.cut) detail.cut = event.cut;
			}
		}
	}
	return detail;
}
