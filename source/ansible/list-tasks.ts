// How many tasks a playbook step has, from `ansible-playbook --list-tasks`, for "task k of N".
// Approximate by nature: facts gathering, handlers and dynamic includes are not listed.
import {createHash} from 'node:crypto';
import {mkdirSync, readFileSync} from 'node:fs';
import {setPriority} from 'node:os';
import {basename, join} from 'node:path';
import {execa} from 'execa';
import {cacheDir} from '../cache-dir.js';
import {writeFileAtomic} from '../fs/atomic-file.js';

/** Counts the task lines of --list-tasks output (indented lines after a "tasks:" header). */
export function countListedTasks(output: string): number | null {
	let count = 0;
	let seenPlay = false;
	let inTasks = false;
	for (const line of output.split('\n')) {
		if (/^\s+play #\d+/.test(line)) {
			seenPlay = true;
			inTasks = false;
		} else if (/^\s+tasks:\s*$/.test(line)) inTasks = true;
		else if (inTasks && /\S/.test(line) && /\tTAGS: \[.*\]\s*$/.test(line)) count++;
		else if (line.trim() === '') inTasks = false;
	}
	return seenPlay ? count : null;
}

/** What --list-tasks needs of a plan step: its command line, folder and playbook file. */
export interface ListedStep {
	argv: string[];
	cwd: string;
	playbook?: string;
}

export function cacheRoot(env: Record<string, string | undefined>): string {
	return cacheDir(env, 'task-counts');
}

/** The cache key: what the step runs plus the playbook file's content. */
function cacheKey(step: ListedStep): string | null {
	if (!step.playbook) return null;
	let content: string;
	try {
		content = readFileSync(step.playbook, 'utf8');
	} catch {
		return null;
	}
	return createHash('sha256').update(JSON.stringify(step.argv)).update('\0').update(content).digest('hex').slice(0, 32);
}

/** The step's task count: from the cache, else by running --list-tasks (at low CPU priority). */
export async function taskCount(step: ListedStep, env: Record<string, string>, dir: string): Promise<number | null> {
	// Only ansible-playbook itself is asked: a wrapper such as openstack-ansible runs the deployment's
	// dynamic inventory, which rewrites its files on every run, and the upgrade must not run it more
	// often than the script does.
	if (basename(step.argv[0] ?? '') !== 'ansible-playbook') return null;
	const key = cacheKey(step);
	if (!key) return null;
	const file = join(dir, `${key}.json`);
	try {
		const cached = JSON.parse(readFileSync(file, 'utf8')) as {count: number | null};
		return cached.count;
	} catch {
		// Not cached yet.
	}
	const [command, ...args] = step.argv;
	const child = execa(command ?? '', [...args, '--list-tasks'], {cwd: step.cwd, env, extendEnv: false, reject: false, timeout: 120_000, stdin: 'ignore'});
	try {
		if (child.pid) setPriority(child.pid, 15);
	} catch {
		// Not allowed to lower it: it still runs.
	}
	const result = await child;
	const count = result.exitCode === 0 ? countListedTasks(String(result.stdout)) : null;
	if (count !== null) {
		mkdirSync(dir, {recursive: true, mode: 0o700});
		writeFileAtomic(file, JSON.stringify({count}));
	}
	return count;
}
