// How the operator invoked the driver, so every command a hint names works as typed: the
// `ansible-driver` on PATH when that is this program, else `node` and the path of the bundle.
import {realpathSync} from 'node:fs';
import {basename, delimiter, isAbsolute, join, relative} from 'node:path';
import {shellQuote} from '../ansible/command.js';

function real(path: string): string | null {
	try {
		return realpathSync(path);
	} catch {
		return null;
	}
}

/** The first `name` on PATH, resolved; null when there is none. */
function onPath(name: string, env: Record<string, string | undefined>): string | null {
	for (const dir of (env['PATH'] ?? '').split(delimiter)) {
		if (dir === '' || !isAbsolute(dir)) continue;
		const found = real(join(dir, name));
		if (found !== null) return found;
	}
	return null;
}

/** The script's path relative to the working directory when it is under it, else absolute. */
function shownPath(script: string, cwd: string): string {
	const rel = relative(cwd, script);
	return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : script;
}

/**
 * `ansible-driver` when that name on PATH is this program (npm install -g, npm link, a symlink,
 * the executable copied there); else `node dist/bundle/cli.js` (the script relative to the working
 * directory when it is under it, else absolute; `node` by its path when PATH finds another one),
 * or the single executable as typed (by name when PATH found it, else by its path).
 */
export function invokedAs(script: string, execPath: string, env: Record<string, string | undefined>, cwd: string, executable = false): string {
	const self = real(executable ? execPath : script);
	if (self !== null && onPath('ansible-driver', env) === self) return 'ansible-driver';
	if (executable) {
		if (!script.includes('/') && onPath(script, env) === self) return shellQuote([script]);
		const path = shownPath(isAbsolute(script) ? script : join(cwd, script), cwd);
		return shellQuote([path.includes('/') ? path : `./${path}`]);
	}
	const node = onPath(basename(execPath), env) === real(execPath) ? basename(execPath) : execPath;
	return shellQuote([node, shownPath(script, cwd)]);
}
