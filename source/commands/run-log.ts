// Plain mode's output, also appended to the run directory's supervisor.log: stdout may be a pipe
// into `tee` that a Ctrl-C killed, or a terminal that went away, and what the supervisor says
// (the pause line, the summary, the hand-over commands) must still be found somewhere.
import {appendFileSync, fstatSync, statSync} from 'node:fs';
import {Writable} from 'node:stream';
import {supervisorLog} from './detach.js';

export interface RunLog {
	stream: Writable;
	/** From now on, also append to DIR/supervisor.log (called once the run's lock is held). */
	keepIn(dir: string): void;
}

/** Whether fd 1 already is that file (a detached supervisor's stdout is its supervisor.log). */
function stdoutIs(path: string): boolean {
	try {
		const out = fstatSync(1);
		const file = statSync(path);
		return out.dev === file.dev && out.ino === file.ino;
	} catch {
		return false;
	}
}

export function runLog(target: Writable): RunLog {
	let file: string | null = null;
	let failed = false;
	const stream = new Writable({
		decodeStrings: false,
		write(chunk: string | Buffer, _encoding, callback) {
			const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
			// A closed pipe or a gone terminal must not stop the supervisor: errors are dropped here
			// (the process's stdout has an error listener), and the log keeps the text.
			try {
				target.write(text);
			} catch {
				// Written to a destroyed stream: the log has it.
			}
			if (file !== null && !failed) {
				try {
					appendFileSync(file, text, {mode: 0o600});
				} catch {
					// A full disk: the supervisor says so about its state; the log just stops.
					failed = true;
				}
			}
			callback();
		},
	});
	return {
		stream,
		keepIn(dir) {
			const path = supervisorLog(dir);
			if (!stdoutIs(path)) file = path;
		},
	};
}
