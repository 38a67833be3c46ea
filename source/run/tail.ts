// Follows an append-only file (a step's events, read by the supervisor and by viewers) as bytes and splits it into lines with their byte offsets, so a
// line can be read again later by offset. Splitting on the newline byte is UTF-8 safe.
import {closeSync, fstatSync, openSync, readSync} from 'node:fs';
import {parseEventLine} from '../ansible/parse.js';
import type {DriverEvent} from '../ansible/events.js';

export class LineTail {
	private offset = 0;
	private partial: Buffer = Buffer.alloc(0);
	private partialOffset = 0;
	badLines = 0;

	constructor(readonly path: string) {}

	/** New complete lines since the last call. */
	readLines(): Array<{line: string; offset: number}> {
		const fresh = readFrom(this.path, this.offset);
		if (fresh.length === 0) return [];
		const start = this.partial.length > 0 ? this.partialOffset : this.offset;
		this.offset += fresh.length;
		const data = this.partial.length > 0 ? Buffer.concat([this.partial, fresh]) : fresh;
		const lines: Array<{line: string; offset: number}> = [];
		let from = 0;
		for (let nl = data.indexOf(0x0a); nl !== -1; nl = data.indexOf(0x0a, from)) {
			if (nl > from) lines.push({line: data.toString('utf8', from, nl), offset: start + from});
			from = nl + 1;
		}
		this.partial = from < data.length ? data.subarray(from) : Buffer.alloc(0);
		this.partialOffset = start + from;
		return lines;
	}

	/**
	 * New events with the byte offsets of their lines; unreadable lines are counted. `final` (the
	 * writer is gone) also takes a last line that has no newline.
	 */
	readEvents(final = false): Array<{event: DriverEvent; offset: number}> {
		const out: Array<{event: DriverEvent; offset: number}> = [];
		const lines = this.readLines();
		if (final && this.partial.length > 0) {
			lines.push({line: this.partial.toString('utf8'), offset: this.partialOffset});
			this.partial = Buffer.alloc(0);
		}
		for (const {line, offset} of lines) {
			if (line.trim() === '') continue;
			const parsed = parseEventLine(line);
			if (!parsed) this.badLines++;
			else for (const event of parsed) out.push({event, offset});
		}
		return out;
	}
}

function readFrom(path: string, offset: number): Buffer {
	let fd: number;
	try {
		fd = openSync(path, 'r');
	} catch {
		return Buffer.alloc(0);
	}
	try {
		const size = fstatSync(fd).size;
		if (size <= offset) return Buffer.alloc(0);
		const buffer = Buffer.alloc(size - offset);
		const n = readSync(fd, buffer, 0, buffer.length, offset);
		return buffer.subarray(0, n);
	} finally {
		closeSync(fd);
	}
}

/** Reads a byte range of a file as text (for cell details read by offset). */
export function readRange(path: string, start: number, end: number): string {
	if (end <= start) return '';
	let fd: number;
	try {
		fd = openSync(path, 'r');
	} catch {
		return '';
	}
	try {
		const buffer = Buffer.alloc(end - start);
		const n = readSync(fd, buffer, 0, buffer.length, start);
		return buffer.toString('utf8', 0, n);
	} finally {
		closeSync(fd);
	}
}

/** The last lines of a text file (reads at most `maxBytes` from its end). */
export function tailLines(path: string, maxLines: number, maxBytes = 256 * 1024): string[] {
	let fd: number;
	try {
		fd = openSync(path, 'r');
	} catch {
		return [];
	}
	try {
		const size = fstatSync(fd).size;
		const start = Math.max(0, size - maxBytes);
		const buffer = Buffer.alloc(size - start);
		const n = readSync(fd, buffer, 0, buffer.length, start);
		const lines = buffer.toString('utf8', 0, n).split('\n');
		if (start > 0) lines.shift(); // a partial first line
		if (lines.at(-1) === '') lines.pop();
		return lines.slice(-maxLines);
	} finally {
		closeSync(fd);
	}
}
