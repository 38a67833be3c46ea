// `attach --cast FILE`: what the viewer writes to the terminal, also written to FILE as an
// asciicast v2 file (asciinema's format), timed by the wall clock from the start. The file is
// opened before the viewer starts: a name that exists, or a place that cannot be written, is
// refused (exit 2) with nothing shown.
import {closeSync, openSync, writeSync} from 'node:fs';
import {resolve} from 'node:path';
import {CommandExit, exitCodes, type Io} from './io.js';

export interface CastRecorder {
	/** Stops recording (the terminal is written as before) and closes the file; returns its path and counts. */
	stop(): {file: string; events: number; seconds: number};
}

/** A new cast file (never over one that exists: a cast may be a demo someone keeps): its path and fd. */
export function openCastFile(file: string, cwd: string): {out: string; fd: number} {
	const out = resolve(cwd, file);
	try {
		return {out, fd: openSync(out, 'wx', 0o644)};
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		throw new CommandExit(exitCodes.usage, code === 'EEXIST' ? `${out} exists: give a new file name (nothing was written)` : `cannot write ${out}: ${(error as Error).message}`);
	}
}

/** Opens FILE (never over one that exists) and starts recording what `stream` is given. */
export function recordTerminal(file: string, stream: NodeJS.WriteStream, io: Pick<Io, 'cwd' | 'env'>): CastRecorder {
	const {out, fd} = openCastFile(file, io.cwd);
	const started = performance.now();
	const header = {version: 2, width: stream.columns || 80, height: stream.rows || 24, timestamp: Math.floor(Date.now() / 1000), env: {TERM: io.env['TERM'] ?? 'xterm-256color'}};
	writeSync(fd, `${JSON.stringify(header)}\n`);
	let events = 0;
	let seconds = 0;
	const original = stream.write;
	// Every write goes to the terminal as before; a copy, with its time, to the file.
	stream.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
		try {
			const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) || chunk instanceof Uint8Array ? Buffer.from(chunk).toString('utf8') : '';
			if (text !== '') {
				seconds = (performance.now() - started) / 1000;
				writeSync(fd, `${JSON.stringify([Number(seconds.toFixed(6)), 'o', text])}\n`);
				events++;
			}
		} catch {
			// A full disk must not take the viewer down: the cast just ends there.
		}
		return (original as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
	} as NodeJS.WriteStream['write'];
	return {
		stop() {
			stream.write = original;
			closeSync(fd);
			return {file: out, events, seconds};
		},
	};
}
