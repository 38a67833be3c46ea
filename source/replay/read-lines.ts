// Streams a recorded event file line by line with the BYTE offset where each line starts, so a
// replay never holds the file (or its events) in memory: the viewer keeps offsets and reads a
// result's details back from the file when it is shown.
import {createReadStream} from 'node:fs';
import type {DriverEvent} from '../ansible/events.js';
import {parseEventLine} from '../ansible/parse.js';

export interface LineAt {
	/** The line without its line ending (\n or \r\n). */
	line: string;
	/** Byte offset of the line's first byte in the file. */
	offset: number;
}

export interface EventAt {
	event: DriverEvent;
	/** Byte offset of the line the event came from; -1 when the source is not a line file. */
	offset: number;
}

/** Events of one recorded step; the counters are final once iteration has ended. */
export interface RecordedEvents extends AsyncIterable<EventAt> {
	/** Non-empty lines (or documents, files) read. */
	readonly lines: number;
	/** Lines that were not events; skipped, never fatal. */
	readonly badLines: number;
	/** The same events a batch at a time, when the source can give them so (cheaper per event). */
	batches?(): AsyncIterable<EventAt[]>;
}

/** Longer lines are skipped and counted as unreadable instead of being held (the plugin writes < 20 kB). */
export const defaultMaxLineBytes = 64 * 1024 * 1024;

const newline = 0x0a;
const carriageReturn = 0x0d;

/**
 * The lines of a file with their byte offsets. Lines split at "\n" bytes, which never occur
 * inside a multi-byte UTF-8 character, so each line is decoded on its own. Iterable again
 * (each iteration reads the file anew); `lines`/`tooLong` count the last iteration.
 */
export class LineFile implements AsyncIterable<LineAt> {
	lines = 0;
	/** Lines over maxLineBytes, skipped. */
	tooLong = 0;

	constructor(
		readonly path: string,
		private readonly options: {maxLineBytes?: number; highWaterMark?: number} = {},
	) {}

	async *[Symbol.asyncIterator](): AsyncGenerator<LineAt> {
		for await (const batch of this.batches()) yield* batch;
	}

	/**
	 * The lines of each chunk read, as one array: a reader that takes them a batch at a time pays
	 * one await per chunk instead of one per line (headless replay of a large file).
	 */
	async *batches(): AsyncGenerator<LineAt[]> {
		this.lines = 0;
		this.tooLong = 0;
		const max = this.options.maxLineBytes ?? defaultMaxLineBytes;
		const stream = createReadStream(this.path, {highWaterMark: this.options.highWaterMark ?? 256 * 1024});
		let pending: Buffer[] = [];
		let pendingBytes = 0;
		let dropping = false;
		let lineStart = 0;
		let position = 0;
		const take = (bytes: Buffer, offset: number): LineAt | null => {
			let end = bytes.length;
			if (end > 0 && bytes[end - 1] === carriageReturn) end--;
			let line = bytes.toString('utf8', 0, end);
			if (offset === 0 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
			if (line.trim() === '') return null;
			this.lines++;
			return {line, offset};
		};
		try {
			for await (const chunk of stream as AsyncIterable<Buffer>) {
				const batch: LineAt[] = [];
				let from = 0;
				while (from < chunk.length) {
					const at = chunk.indexOf(newline, from);
					const end = at === -1 ? chunk.length : at;
					if (dropping) {
						// The rest of an over-long line: skip it.
					} else if (pendingBytes + end - from > max) {
						dropping = true;
						pending = [];
						pendingBytes = 0;
					} else if (at !== -1 && pending.length === 0) {
						const out = take(chunk.subarray(from, end), lineStart);
						if (out) batch.push(out);
					} else {
						pending.push(chunk.subarray(from, end));
						pendingBytes += end - from;
					}
					if (at === -1) break;
					if (dropping) {
						this.tooLong++;
						dropping = false;
					} else if (pending.length > 0) {
						const out = take(Buffer.concat(pending, pendingBytes), lineStart);
						pending = [];
						pendingBytes = 0;
						if (out) batch.push(out);
					}
					from = at + 1;
					lineStart = position + from;
				}
				position += chunk.length;
				if (batch.length > 0) yield batch;
			}
			// A last line without a newline (a file that ended mid-write gives a partial line here,
			// which then fails to parse and is counted).
			if (dropping) this.tooLong++;
			else if (pendingBytes > 0) {
				const out = take(Buffer.concat(pending, pendingBytes), lineStart);
				if (out) yield [out];
			}
		} finally {
			stream.destroy();
		}
	}
}

/**
 * The events of a driver NDJSON or ansible.posix.jsonl file with the offset of their line (a
 * jsonl result line with several hosts gives several events at one offset).
 */
export class EventFile implements RecordedEvents {
	private readonly file: LineFile;
	private unparsed = 0;

	constructor(
		readonly path: string,
		options: {maxLineBytes?: number; highWaterMark?: number} = {},
	) {
		this.file = new LineFile(path, options);
	}

	get lines(): number {
		return this.file.lines + this.file.tooLong;
	}

	get badLines(): number {
		return this.unparsed + this.file.tooLong;
	}

	async *[Symbol.asyncIterator](): AsyncGenerator<EventAt> {
		for await (const batch of this.batches()) yield* batch;
	}

	/** The events of each chunk read, as one array (see LineFile.batches). */
	async *batches(): AsyncGenerator<EventAt[]> {
		this.unparsed = 0;
		for await (const lines of this.file.batches()) {
			const out: EventAt[] = [];
			for (const {line, offset} of lines) {
				const events = parseEventLine(line);
				if (events === null) {
					this.unparsed++;
					continue;
				}
				for (const event of events) out.push({event, offset});
			}
			if (out.length > 0) yield out;
		}
	}
}
