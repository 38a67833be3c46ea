// Find a program the way execvp would: a path with a "/" as is (relative to cwd), else on PATH.
import {accessSync, constants, statSync} from 'node:fs';
import {delimiter, isAbsolute, join, resolve} from 'node:path';

export type Lookup =
	| {found: true; path: string}
	| {found: false; reason: 'missing' | 'not-executable' | 'directory'; path?: string; searchedPath: boolean};

function check(path: string): 'ok' | 'missing' | 'not-executable' | 'directory' {
	let isFile: boolean;
	try {
		const stats = statSync(path);
		if (stats.isDirectory()) return 'directory';
		isFile = stats.isFile();
	} catch {
		return 'missing';
	}

	if (!isFile) return 'missing';
	try {
		accessSync(path, constants.X_OK);
		return 'ok';
	} catch {
		return 'not-executable';
	}
}

/** Look up `program` from `cwd` with `pathVariable` (the PATH value; empty entries are skipped). */
export function which(program: string, opts: {cwd: string; path: string | undefined}): Lookup {
	if (program.includes('/') || isAbsolute(program)) {
		const path = resolve(opts.cwd, program);
		const state = check(path);
		return state === 'ok' ? {found: true, path} : {found: false, reason: state, path, searchedPath: false};
	}

	let notExecutable: string | undefined;
	for (const dir of (opts.path ?? '').split(delimiter)) {
		if (dir === '') continue;
		const path = join(dir, program);
		const state = check(path);
		if (state === 'ok') return {found: true, path};
		if (state === 'not-executable') notExecutable ??= path;
	}

	return notExecutable === undefined
		? {found: false, reason: 'missing', searchedPath: true}
		: {found: false, reason: 'not-executable', path: notExecutable, searchedPath: true};
}
