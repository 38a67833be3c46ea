// Where runs live: $XDG_STATE_HOME/ansible-driver/<plan id>, or under the `state_root` setting,
// and a pointer to the latest run so `status`, `stop` and `resume` work without naming it again.
import {createHash} from 'node:crypto';
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {homedir} from 'node:os';
import {basename, extname, isAbsolute, join, resolve} from 'node:path';
import type {Plan} from '../plan/types.js';
import {ensurePrivateDir} from './store.js';

/**
 * The state root the `state_root` setting chose (docs/settings.md): the command line puts it in
 * the environment before any command runs, so every reader of runs, and every process the
 * driver starts (the detached supervisor), sees the same root. Only an absolute path counts.
 */
export const STATE_ROOT_ENV = 'ANSIBLE_DRIVER_STATE_ROOT';

/** $XDG_STATE_HOME/ansible-driver (else ~/.local/state/ansible-driver): the root without the setting. */
export function defaultStateRoot(env: Record<string, string | undefined>): string {
	const base = env['XDG_STATE_HOME'] || join(env['HOME'] || homedir(), '.local', 'state');
	return join(base, 'ansible-driver');
}

/** The setting's root, when one is in effect and it is not the default one. */
function chosenRoot(env: Record<string, string | undefined>): string | null {
	const chosen = env[STATE_ROOT_ENV];
	if (!chosen || !isAbsolute(chosen)) return null;
	const root = resolve(chosen);
	return root === resolve(defaultStateRoot(env)) ? null : root;
}

export function stateRoot(env: Record<string, string | undefined>): string {
	return chosenRoot(env) ?? defaultStateRoot(env);
}

/**
 * Where runs were kept before `state_root` moved the root: the default root, still read for the
 * runs that began there (they stay where they began; a new run goes under the new root).
 */
function earlierRoot(env: Record<string, string | undefined>): string | null {
	return chosenRoot(env) === null ? null : defaultStateRoot(env);
}

/** A built-in plan's name, or the plan file's name plus a short hash of its path. */
export function planId(plan: Pick<Plan, 'path' | 'builtin'>): string {
	if (plan.builtin) return plan.builtin;
	const stem = basename(plan.path, extname(plan.path)).toLowerCase().replace(/[^a-z0-9._-]+/g, '-') || 'plan';
	return `${stem}-${createHash('sha256').update(plan.path).digest('hex').slice(0, 8)}`;
}

/**
 * The plan's run directory under the state root; a run of the plan that began under the default
 * root before `state_root` moved it carries on there (its finished steps are not run again).
 */
export function defaultStateDir(plan: Pick<Plan, 'path' | 'builtin'>, env: Record<string, string | undefined>): string {
	const dir = join(stateRoot(env), planId(plan));
	const earlier = earlierRoot(env);
	if (earlier === null || existsSync(join(dir, 'state.json'))) return dir;
	const before = join(earlier, planId(plan));
	return existsSync(join(before, 'state.json')) ? before : dir;
}

const lastRunFile = (root: string) => join(root, 'last-run');
/** Every run directory started on this account, one a line: runs given --state-dir live elsewhere. */
const runsFile = (root: string) => join(root, 'runs');
const runsKept = 200;

export function rememberLastRun(dir: string, env: Record<string, string | undefined>): void {
	const root = stateRoot(env);
	ensurePrivateDir(root);
	const path = resolve(dir);
	writeFileSync(lastRunFile(root), path + '\n', {mode: 0o600});
	const runs = recordedRuns(root).filter((d) => d !== path);
	runs.push(path);
	writeFileSync(runsFile(root), runs.slice(-runsKept).join('\n') + '\n', {mode: 0o600});
}

/** The latest run: the state root's, else (no run under a root `state_root` chose yet) the default root's. */
export function lastRun(env: Record<string, string | undefined>): string | null {
	const earlier = earlierRoot(env);
	return lastRunIn(stateRoot(env)) ?? (earlier === null ? null : lastRunIn(earlier));
}

function lastRunIn(root: string): string | null {
	try {
		const dir = readFileSync(lastRunFile(root), 'utf8').trim();
		return dir === '' ? null : dir;
	} catch {
		return null;
	}
}

function recordedRuns(root: string): string[] {
	try {
		return readFileSync(runsFile(root), 'utf8').split('\n').filter((l) => l.trim() !== '');
	} catch {
		return [];
	}
}

/**
 * The run directories of this account that still hold a run: those under the state root, those
 * recorded when they started (--state-dir elsewhere) and the latest run.
 */
export function knownRuns(env: Record<string, string | undefined>): string[] {
	const earlier = earlierRoot(env);
	const roots = [stateRoot(env), ...(earlier === null ? [] : [earlier])];
	const found: string[] = [];
	for (const root of roots) {
		try {
			found.push(...readdirSync(root, {withFileTypes: true}).filter((e) => e.isDirectory()).map((e) => join(root, e.name)));
		} catch {
			// No run yet.
		}
		found.push(...recordedRuns(root));
	}
	const last = lastRun(env);
	const all = new Set([...found, ...(last ? [last] : [])].map((d) => resolve(d)));
	return [...all].filter((d) => existsSync(join(d, 'state.json'))).sort();
}
