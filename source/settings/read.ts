// Reading the settings files: the account file (JSON, the file conf writes) and a directory file
// (ansible-driver.yml, YAML). Neither ever stops a command: a file that cannot be used is
// ignored with a warning that names it and says why, and is never changed.
//
// The account file is read here, not through conf: conf's start-up (ajv compiling the schema,
// 0.1 to 0.2 s of CPU) would weigh on every `status`, and importing it hooks the process's
// signals (atomically's when-exit re-sends SIGINT, SIGTERM, SIGHUP, SIGUSR2), which the
// supervisor and the viewer own. conf writes it (`settings set`, account-store.ts); both hold
// values to the same rules (keys.ts; test/settings/schema.test.ts).
import {closeSync, constants, fstatSync, openSync, readFileSync} from 'node:fs';
import {LineCounter, parseDocument} from 'yaml';
import type {PlanProblem} from '../plan/types.js';
import type {ReadContext} from '../plan/read-node.js';
import {unsafeReason} from './files.js';
import {readSettings, type SomeSettings} from './keys.js';

export interface FileRead {
	kind: 'account' | 'directory';
	path: string;
	/** absent: no such file; ignored: not used at all (see warnings); read: its good settings are used. */
	status: 'absent' | 'read' | 'ignored';
	values: SomeSettings;
	/** Why it is ignored, when it is. */
	problem?: string;
	/** Why it is ignored, or which of its keys are (one line each). */
	warnings: string[];
}

/** `file:line:column: key: message`. */
function where(problem: PlanProblem): string {
	const at = [problem.file, problem.line, problem.line === undefined ? undefined : problem.column].filter((part) => part !== undefined).join(':');
	return `${at}: ${problem.key ? `${problem.key}: ` : ''}${problem.message}`;
}

const inFileOrder = (problems: PlanProblem[]) => [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));

type Opened = {ok: true; text: string; stat: {uid: number; mode: number}} | {ok: false; absent: true} | {ok: false; absent: false; why: string};

/** The file's text and its owner and mode as opened; never blocks on a named pipe. */
function open(path: string): Opened {
	let fd: number;
	try {
		fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT' || code === 'ENOTDIR') return {ok: false, absent: true};
		return {ok: false, absent: false, why: `it cannot be read (${code ?? (error as Error).message})`};
	}
	try {
		const stat = fstatSync(fd);
		if (!stat.isFile()) return {ok: false, absent: false, why: 'it is not a regular file'};
		return {ok: true, text: readFileSync(fd, 'utf8'), stat};
	} catch (error) {
		return {ok: false, absent: false, why: `it cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`};
	} finally {
		closeSync(fd);
	}
}

/** The document and the context the key readers report into; null with a reason when it is not YAML. */
function parse(path: string, text: string): {ctx: ReadContext} | {why: string} {
	const lineCounter = new LineCounter();
	const doc = parseDocument(text, {lineCounter});
	const error = doc.errors[0];
	if (error) {
		const at = error.linePos?.[0];
		return {why: `${path}${at ? `:${at.line}:${at.col}` : ''}: ${(error.message.split('\n')[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, '')}`};
	}
	return {ctx: {file: path, doc, lineCounter, env: {}, problems: [], warnings: []}};
}

/**
 * The account file. Bad JSON, or a value that breaks the rules, and the whole file is ignored
 * (as conf would refuse it), with a warning; nothing in it is lost.
 */
export function readAccountFile(path: string, home: string): FileRead {
	const read: FileRead = {kind: 'account', path, status: 'absent', values: {}, warnings: []};
	const ignored = (why: string): FileRead => ({...read, status: 'ignored', problem: why, warnings: [`the account file ${path} is ignored: ${why}. Nothing in it was changed: fix it, or remove it`]});
	const opened = open(path);
	if (!opened.ok) return opened.absent ? read : ignored(opened.why);
	try {
		JSON.parse(opened.text);
	} catch (error) {
		return ignored(`it is not valid JSON (${(error as Error).message})`);
	}
	const parsed = parse(path, opened.text);
	if ('why' in parsed) return ignored(parsed.why);
	const values = readSettings(parsed.ctx, parsed.ctx.doc, 'settings file', home);
	if (parsed.ctx.problems.length > 0) return ignored(inFileOrder(parsed.ctx.problems).map(where).join('; '));
	return {...read, status: 'read', values};
}

/**
 * A directory file (ansible-driver.yml). One another user owns or can write is ignored whole,
 * with a warning (its notify: could run commands as you); a bad key or value is left out with a
 * warning naming its line, and the file's other settings are used.
 */
export function readDirectoryFile(path: string, home: string, uid: number): FileRead {
	const read: FileRead = {kind: 'directory', path, status: 'absent', values: {}, warnings: []};
	const ignored = (why: string, fix = ''): FileRead => ({...read, status: 'ignored', problem: why, warnings: [`the directory file ${path} is ignored: ${why}${fix}`]});
	const opened = open(path);
	if (!opened.ok) return opened.absent ? read : ignored(opened.why);
	const unsafe = unsafeReason(opened.stat, uid);
	if (unsafe !== null) return ignored(unsafe, `, and its notify: could run commands as you. If you trust it, ${unsafe.startsWith('it is owned') ? 'chown it' : 'chmod go-w it'}`);
	const parsed = parse(path, opened.text);
	if ('why' in parsed) return ignored(`it is not valid YAML: ${parsed.why}`);
	const values = readSettings(parsed.ctx, parsed.ctx.doc, 'directory file', home);
	return {...read, status: 'read', values, warnings: inFileOrder(parsed.ctx.problems).map((problem) => `${where(problem)} (this setting is ignored)`)};
}
