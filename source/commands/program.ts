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

/**
 * `ansible-driver` when that name on PATH is this program (npm install -g, npm link, a symlink);
 * else `node dist/bundle/cli.js` (the script relative to the working directory when it is under
 * it, else absolute; `node` by its path when PATH finds another one).
 */
export function invokedAs(script: string, execPath: string, env: Record<string, string | undefined>, cwd: string): string {
	const self = real(script);
	if (self !== null && onPath('ansible-driver', env) === self) return 'ansible-driver';
	const node = onPath(basename(execPath), env) === real(execPath) ? basename(execPath) : execPath;
	const rel = relative(cwd, script);
	const path = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : script;
	return shellQuote([node, path]);
}
