// Persists the run state in the run directory (state.json, owner-only). The supervisor is the only
// writer; viewers and `status` only read. A write is all-or-nothing (fs/atomic-file.ts): a full disk
// or a crash leaves the previous state, never a truncated one. The file is written here rather
// than with conf: conf's writer did not check for short writes (a full disk renamed a truncated
// state.json into place) nor fsync the directory, and it hooked SIGINT/SIGTERM for its temp files.
// The format is the one conf wrote ({"state": ...}, tab-indented), so older run directories read.
import {closeSync, constants, existsSync, fstatSync, openSync, readFileSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {removeTempFiles, writeFileAtomic} from '../fs/atomic-file.js';
import {createPrivateDirs} from './private-dir.js';
import {fromStoredPaths, toStoredPaths} from './state-paths.js';
import {checkRunState, describeProblems} from './state-shape.js';
import type {RunState} from './types.js';

export const stateFileName = 'state.json';

/** The driver's own directories (state root, run directory): see private-dir.ts. */
export function ensurePrivateDir(dir: string): void {
	createPrivateDirs(dir);
}

/** Why the state could not be read; the message names the file and what is wrong. */
export class StateReadError extends Error {}

/** Why the state could not be saved; the previous state.json is still in place. */
export class StateWriteError extends Error {
	constructor(
		message: string,
		readonly code: string | undefined,
	) {
		super(message);
	}
}

const isFile = (path: string) => {
	try {
		return statSync(path).isFile();
	} catch {
		return false;
	}
};

export class StateStore {
	readonly file: string;

	constructor(readonly dir: string) {
		this.file = join(dir, stateFileName);
	}

	static exists(dir: string): boolean {
		return existsSync(join(dir, stateFileName));
	}

	/** The saved state with absolute attempt paths; null when there is none; throws StateReadError when it cannot be used. */
	read(): RunState | null {
		let text: string;
		let fd: number;
		try {
			// Non-blocking: opening a FIFO put in its place must not wait for a writer.
			fd = openSync(this.file, constants.O_RDONLY | constants.O_NONBLOCK);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
			throw new StateReadError(`cannot read ${this.file}: ${(error as Error).message}`);
		}
		try {
			if (!fstatSync(fd).isFile()) throw new StateReadError(`${this.file} is not a regular file, so it holds no run state`);
			text = readFileSync(fd, 'utf8');
		} catch (error) {
			if (error instanceof StateReadError) throw error;
			throw new StateReadError(`cannot read ${this.file}: ${(error as Error).message}`);
		} finally {
			closeSync(fd);
		}
		let document: unknown;
		try {
			document = JSON.parse(text);
		} catch (error) {
			throw new StateReadError(`cannot read ${this.file}: ${(error as Error).message}`);
		}
		const inner = typeof document === 'object' && document !== null && !Array.isArray(document) ? (document as {state?: unknown}).state : undefined;
		if (inner === undefined) throw new StateReadError(`${this.file} holds no ansible-driver run state (no "state" object in it)`);
		const checked = checkRunState(inner);
		if (!checked.ok) throw new StateReadError(`${this.file} holds no ansible-driver run state it can use: ${describeProblems(checked.problems)}`);
		return fromStoredPaths(checked.state, this.dir, isFile);
	}

	/** Replaces state.json whole, or throws StateWriteError and leaves it as it was. */
	write(state: RunState): void {
		const content = JSON.stringify({state: toStoredPaths(state, this.dir)}, undefined, '\t');
		try {
			writeFileAtomic(this.file, content, 0o600);
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			throw new StateWriteError(`cannot save the run state to ${this.file}: ${(error as Error).message}`, code);
		}
	}

	/** Temp files of a writer killed mid-save; call under the run's lock, before the first write. */
	removeTempFiles(): string[] {
		return removeTempFiles(this.file);
	}
}

/** Reads a run's state, or explains why it cannot (for viewers and `status`); a poller passes its store. */
export function readState(dir: string, store?: StateStore): {ok: true; state: RunState} | {ok: false; message: string} {
	if (!StateStore.exists(dir)) return {ok: false, message: `no run in ${dir} (no ${stateFileName})`};
	try {
		const state = (store ?? new StateStore(dir)).read();
		if (state === null) return {ok: false, message: `no run in ${dir} (no ${stateFileName})`};
		return {ok: true, state};
	} catch (error) {
		if (error instanceof StateReadError) return {ok: false, message: error.message};
		return {ok: false, message: `cannot read ${join(dir, stateFileName)}: ${(error as Error).message}`};
	}
}
