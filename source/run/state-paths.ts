// Attempt files (events, log) are stored relative to the run directory, so a copied or moved run
// directory reads its own files, never the original's. In memory they are absolute, as every
// reader (viewer, report, status) uses them. Pure: the file test is passed in.
import {basename, isAbsolute, join, relative, resolve, sep} from 'node:path';
import type {Attempt, RunState, StepState} from './types.js';

type FileKeys = 'eventsFile' | 'logFile';
const fileKeys: FileKeys[] = ['eventsFile', 'logFile'];

function mapAttemptFiles(state: RunState, map: (file: string, step: StepState) => string): RunState {
	return {
		...state,
		steps: state.steps.map((step) => {
			const attempt = step.attempt;
			if (!attempt) return step;
			const mapped: Attempt = {...attempt};
			for (const key of fileKeys) mapped[key] = map(attempt[key], step);
			return {...step, attempt: mapped};
		}),
	};
}

/** The path of an absolute file relative to root, or null when it is not below root. */
function below(root: string, file: string): string | null {
	const inside = relative(root, file);
	return inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside) ? null : inside;
}

/** For state.json: files inside the run directory become relative to it; others stay as they are. */
export function toStoredPaths(state: RunState, dir: string): RunState {
	const root = resolve(dir);
	return mapAttemptFiles(state, (file) => (isAbsolute(file) ? (below(root, file) ?? file) : file));
}

/**
 * From state.json: relative files are resolved against the run directory. An absolute one (a
 * state written before paths were relative) is kept, unless it lies outside this run directory
 * and this directory holds the same attempt file: then the run directory was copied or moved,
 * and its own file is the one to read.
 */
export function fromStoredPaths(state: RunState, dir: string, isFile: (path: string) => boolean): RunState {
	const root = resolve(dir);
	return mapAttemptFiles(state, (file, step) => {
		if (!isAbsolute(file)) return resolve(root, file);
		if (below(root, file) !== null) return file;
		const own = join(root, 'steps', step.id, basename(file));
		return isFile(own) ? own : file;
	});
}
