// Runs preflight's `ansible-playbook --syntax-check` (plan/syntax-targets.ts says what), bounded
// in time, and keeps each success in the cache: the same program, arguments, environment and
// the same files under each playbook's folder (its roles and imports) need no second check.
import {spawnSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {existsSync, mkdirSync, readdirSync, realpathSync, statSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {cacheDir} from '../cache-dir.js';
import {ansibleError, type AnsibleError} from './error-text.js';

/** One ansible-playbook --syntax-check over the playbooks of steps that share a program, folder, environment and arguments (plan/syntax-targets.ts). */
export interface SyntaxCheck {
	program: string;
	/** Arguments after the program: --syntax-check, the steps' other arguments, then their playbooks. */
	args: string[];
	cwd: string;
	env: Record<string, string | undefined>;
	/** The playbook files checked (collection playbooks are named, not files). */
	playbooks: string[];
	/** Indexes of the steps checked. */
	steps: number[];
}

export const syntaxTimeoutMs = 120_000;
/** A folder with more files than this is not walked: the check then runs every time. */
const mostFiles = 20_000;

export type SyntaxResult = {ok: true; cached: boolean} | {ok: false; exit: string; error: AnsibleError | null; output: string};

/** Path, size and time of every file under `dir` (hidden folders left out); null when too many. */
function stamps(dir: string, into: string[]): boolean {
	const walk = (at: string): boolean => {
		let entries;
		try {
			entries = readdirSync(at, {withFileTypes: true});
		} catch {
			return true;
		}
		for (const e of entries) {
			const path = join(at, e.name);
			if (e.isDirectory()) {
				if (e.name.startsWith('.')) continue;
				if (!walk(path)) return false;
			} else {
				try {
					const s = statSync(path);
					into.push(`${path}:${s.size}:${s.mtimeMs}`);
				} catch {
					into.push(`${path}:gone`);
				}
				if (into.length > mostFiles) return false;
			}
		}
		return true;
	};
	return walk(dir);
}

function keyOf(check: SyntaxCheck): string | null {
	try {
		const program = realpathSync(check.program);
		const s = statSync(program);
		const parts: string[] = [program, String(s.size), String(s.mtimeMs), check.cwd, ...check.args, JSON.stringify(Object.entries(check.env).sort())];
		const dirs = new Set([...check.playbooks.map((p) => dirname(p)), ...(check.env['ANSIBLE_ROLES_PATH'] ?? '').split(':').filter(Boolean)]);
		for (const dir of [...dirs].sort()) if (!stamps(dir, parts)) return null;
		return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 40);
	} catch {
		return null;
	}
}

/** Syntax-checks one group of playbooks; a success already seen is not asked again. */
export function syntaxCheck(check: SyntaxCheck, env: Record<string, string | undefined>): SyntaxResult {
	const key = keyOf(check);
	const dir = cacheDir(env, 'syntax');
	const kept = key === null ? null : join(dir, key);
	if (kept && existsSync(kept)) return {ok: true, cached: true};
	// No colour codes in what is read back; no events file of the driver's (nothing runs).
	const childEnv: Record<string, string | undefined> = {...check.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_FORCE_COLOR: '0'};
	delete childEnv['ANSIBLE_DRIVER_EVENTS'];
	const result = spawnSync(check.program, check.args, {
		cwd: check.cwd,
		env: childEnv as NodeJS.ProcessEnv,
		stdio: ['ignore', 'pipe', 'pipe'],
		encoding: 'utf8',
		timeout: syntaxTimeoutMs,
		killSignal: 'SIGKILL',
		maxBuffer: 4 * 1024 * 1024,
	});
	if (result.error) {
		const timedOut = (result.error as NodeJS.ErrnoException).code === 'ETIMEDOUT';
		return {ok: false, exit: timedOut ? `did not finish within ${syntaxTimeoutMs / 1000} s` : result.error.message, error: null, output: ''};
	}
	const output = `${result.stderr ?? ''}\n${result.stdout ?? ''}`;
	if (result.status !== 0) return {ok: false, exit: result.signal ? `was killed by ${result.signal}` : `exited ${result.status}`, error: ansibleError(output), output};
	if (kept) {
		try {
			mkdirSync(dir, {recursive: true, mode: 0o700});
			writeFileSync(kept, '');
		} catch {
			// A cache that cannot be written only costs the next run the check.
		}
	}
	return {ok: true, cached: false};
}
