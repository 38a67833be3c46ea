// Where runs live: $XDG_STATE_HOME/ansible-driver/<plan id>, and a pointer to the latest run so
// `status`, `stop` and `resume` work without naming it again.
import {createHash} from 'node:crypto';
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {homedir} from 'node:os';
import {basename, extname, join, resolve} from 'node:path';
import type {Plan} from '../plan/types.js';
import {ensurePrivateDir} from './store.js';

export function stateRoot(env: Record<string, string | undefined>): string {
	const base = env['XDG_STATE_HOME'] || join(env['HOME'] || homedir(), '.local', 'state');
	return join(base, 'ansible-driver');
}

/** A built-in plan's name, or the plan file's name plus a short hash of its path. */
export function planId(plan: Pick<Plan, 'path' | 'builtin'>): string {
	if (plan.builtin) return plan.builtin;
	const stem = basename(plan.path, extname(plan.path)).toLowerCase().replace(/[^a-z0-9._-]+/g, '-') || 'plan';
	return `${stem}-${createHash('sha256').update(plan.path).digest('hex').slice(0, 8)}`;
}

export function defaultStateDir(plan: Pick<Plan, 'path' | 'builtin'>, env: Record<string, string | undefined>): string {
	return join(stateRoot(env), planId(plan));
}

const lastRunFile = (env: Record<string, string | undefined>) => join(stateRoot(env), 'last-run');
/** Every run directory started on this account, one a line: runs given --state-dir live elsewhere. */
const runsFile = (env: Record<string, string | undefined>) => join(stateRoot(env), 'runs');
const runsKept = 200;

export function rememberLastRun(dir: string, env: Record<string, string | undefined>): void {
	ensurePrivateDir(stateRoot(env));
	const path = resolve(dir);
	writeFileSync(lastRunFile(env), path + '\n', {mode: 0o600});
	const runs = recordedRuns(env).filter((d) => d !== path);
	runs.push(path);
	writeFileSync(runsFile(env), runs.slice(-runsKept).join('\n') + '\n', {mode: 0o600});
}

export function lastRun(env: Record<string, string | undefined>): string | null {
	try {
		const dir = readFileSync(lastRunFile(env), 'utf8').trim();
		return dir === '' ? null : dir;
	} catch {
		return null;
	}
}

function recordedRuns(env: Record<string, string | undefined>): string[] {
	try {
		return readFileSync(runsFile(env), 'utf8').split('\n').filter((l) => l.trim() !== '');
	} catch {
		return [];
	}
}

/**
 * The run directories of this account that still hold a run: those under the state root, those
 * recorded when they started (--state-dir elsewhere) and the latest run.
 */
export function knownRuns(env: Record<string, string | undefined>): string[] {
	const root = stateRoot(env);
	let under: string[] = [];
	try {
		under = readdirSync(root, {withFileTypes: true}).filter((e) => e.isDirectory()).map((e) => join(root, e.name));
	} catch {
		// No run yet.
	}
	const last = lastRun(env);
	const all = new Set([...under, ...recordedRuns(env), ...(last ? [last] : [])].map((d) => resolve(d)));
	return [...all].filter((d) => existsSync(join(d, 'state.json'))).sort();
}
