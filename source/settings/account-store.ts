// The account file's writer: conf, as the design names it for operator settings. It finds the
// file where XDG says (projectName, no suffix), writes it atomically (a temp file renamed over
// it), and checks the whole file against the schema (ajv) on every read and write: a value
// that breaks the rules is never written. Loaded by `settings set` and `settings unset` only
// (read.ts says why the other commands read the file without it).
import {existsSync, mkdirSync} from 'node:fs';
import {dirname} from 'node:path';
import type {Schema} from 'conf';
import {accountFilePath} from './files.js';
import {SETTINGS_SCHEMA} from './keys.js';

export interface AccountStore {
	readonly path: string;
	has(key: string): boolean;
	get(key: string): unknown;
	set(key: string, value: unknown): void;
	delete(key: string): void;
}

/**
 * The account file through conf. Throws conf's error for a file it refuses (bad JSON, a value
 * against the schema): the caller refuses to write then. Never clears a bad file.
 */
export async function openAccountStore(env: Record<string, string | undefined>): Promise<AccountStore> {
	makeFolder(dirname(accountFilePath(env)));
	const {default: Conf} = await import('conf');
	const conf = new Conf<Record<string, unknown>>({
		projectName: 'ansible-driver',
		projectSuffix: '',
		schema: SETTINGS_SCHEMA as unknown as Schema<Record<string, unknown>>,
		// Unknown keys are refused as well (a typo would otherwise sit there doing nothing).
		rootSchema: {additionalProperties: false},
		clearInvalidConfig: false,
		// It may hold a notify command: the operator's alone.
		configFileMode: 0o600,
		accessPropertiesByDotNotation: false,
	});
	// conf finds the file from the process's environment, the readers from the command's: one file.
	const expected = accountFilePath(env);
	if (conf.path !== expected) throw new Error(`conf keeps the settings in ${conf.path}, not in ${expected}`);
	return conf;
}

/**
 * Makes the file's folder and the missing ones above it, one at a time (owner only). conf makes
 * it with a recursive mkdir, which node repeats forever where a folder cannot be made (under
 * /proc, say); one at a time, the first that cannot be made throws, with why.
 */
function makeFolder(dir: string): void {
	const missing: string[] = [];
	for (let d = dir; !existsSync(d) && d !== dirname(d); d = dirname(d)) missing.unshift(d);
	for (const d of missing) mkdirSync(d, {mode: 0o700});
}
