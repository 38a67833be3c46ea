// Drives the built CLI (dist/bundle/cli.js, as installed) as an operator would: real processes, real ansible-playbook,
// a plan written to a temp dir that uses the playbooks in fixtures/runs/.
import {spawn, type ChildProcess} from 'node:child_process';
import {cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {readState} from '../../source/run/store.js';
import type {RunState} from '../../source/run/types.js';

import {cliPath, driverArgv, driverCwd, driverEnv, program, testingExecutable} from './driver.js';

export {cliPath, program};
export const runsFixtures = fileURLToPath(new URL('../../fixtures/runs', import.meta.url));


export interface Cli {
	child: ChildProcess;
	done: Promise<{code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string}>;
	output(): string;
}

export function startCli(args: string[], env: Record<string, string | undefined>, cwd?: string): Cli {
	const [command, ...before] = driverArgv as [string, ...string[]];
	const where = cwd ?? driverCwd;
	const child = spawn(command, [...before, ...args], {env: driverEnv(env) as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'], ...(where === undefined ? {} : {cwd: where})});
	let stdout = '';
	let stderr = '';
	child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
	child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
	const done = new Promise<{code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string}>((resolve) => {
		child.on('close', (code, signal) => resolve({code, signal, stdout, stderr}));
	});
	return {child, done, output: () => stdout + stderr};
}

export function runCli(args: string[], env: Record<string, string | undefined>, cwd?: string) {
	return startCli(args, env, cwd).done;
}

export interface Sandbox {
	dir: string;
	out: string;
	state: string;
	env: Record<string, string | undefined>;
	/** Writes a plan with these steps (YAML text, indented as list items) and returns its path. */
	plan(steps: string, name?: string): string;
	/** Lines appended to an output marker file: how many times that task ran on that host. */
	runs(marker: string): number;
	markers(): string[];
	cli(...args: string[]): ReturnType<typeof runCli>;
	start(...args: string[]): Cli;
}

export function sandbox(): Sandbox {
	const dir = mkdtempSync(join(tmpdir(), 'ansible-driver-test-'));
	const out = join(dir, 'out');
	const state = join(dir, 'state');
	const env: Record<string, string | undefined> = {
		...process.env,
		DRIVER_TEST_OUT: out,
		XDG_STATE_HOME: join(dir, 'xdg-state'),
		ANSIBLE_LOCAL_TEMP: join(dir, 'ansible-tmp'),
	};
	mkdirSync(out, {recursive: true});
	// The executable's plans use a copy of the playbooks: nothing of the repository's is read.
	const fixtures = testingExecutable ? join(dir, 'fixtures') : runsFixtures;
	if (testingExecutable) cpSync(runsFixtures, fixtures, {recursive: true});
	return {
		dir,
		out,
		state,
		env,
		plan(steps, name = 'Test plan') {
			const path = join(dir, 'plan.yml');
			writeFileSync(path, `name: ${name}\ncwd: ${join(fixtures, 'playbooks')}\ninventory: ${join(fixtures, 'inventory.ini')}\nenv: {ANSIBLE_FORKS: "5"}\nsteps:\n${steps}`);
			return path;
		},
		runs(marker) {
			const path = join(out, marker);
			return existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean).length : 0;
		},
		markers: () => (existsSync(out) ? readdirSync(out).sort() : []),
		cli: (...args) => runCli([...args, '--state-dir', state], env),
		start: (...args) => startCli([...args, '--state-dir', state], env),
	};
}


export async function waitFor(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
	const start = Date.now();
	while (!check()) {
		if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 100));
	}
}

export interface StatusJson {
	plan: {name: string; path: string; hash: string};
	run: {status: string; pid: number | null; live: boolean; waitingFor: string | null};
	steps: Array<{
		id: string;
		status: string;
		attempts: number;
		pausedAt: {task: string | null; play: string | null; reason: string} | null;
		hosts: {ok: number; changed: number; failed: number; unreachable: number; skipped: number};
		problems: Array<{host: string; task: string; msg: string}>;
		failedHosts: string[];
		onlyOnHosts: string[] | null;
		reason: string | null;
		log: string | null;
	}>;
}

export async function status(box: Sandbox): Promise<StatusJson> {
	const r = await box.cli('status', '--json');
	// Its exit code says how the run stands (0, 1, 3, 4, 6, 7); 2 is no run or bad input.
	if (r.code === null || ![0, 1, 3, 4, 6, 7].includes(r.code)) throw new Error(`status failed (exit ${r.code}): ${r.stderr}`);
	return JSON.parse(r.stdout) as StatusJson;
}

/** The persisted state as the supervisor wrote it (for facts status does not print, like pids). */
/** state.json as it is on disk (attempt files relative to the run directory). */
export function rawState(box: Sandbox): RunState {
	return (JSON.parse(readFileSync(join(box.state, 'state.json'), 'utf8')) as {state: RunState}).state;
}

/** The run's saved state as the driver reads it (attempt files resolved in the run directory). */
export function savedState(box: Sandbox): RunState {
	const read = readState(box.state);
	if (!read.ok) throw new Error(read.message);
	return read.state;
}

/** Pid and process group of each live process but this one; zombies are left out. */
function liveProcesses(): Array<{pid: number; pgid: number}> {
	const live: Array<{pid: number; pgid: number}> = [];
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
		try {
			const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
			const [state, , pgid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			if (state !== 'Z') live.push({pid: Number(name), pgid: Number(pgid)});
		} catch {
			// Gone meanwhile.
		}
	}
	return live;
}

/**
 * Live processes started for this sandbox's runs, found by the DRIVER_TEST_OUT in their
 * environment: a signal to one process group proves nothing once workers have sessions of their
 * own (ansible-core 2.19+). The driver itself must have ended.
 */
export function processesOf(box: Sandbox): number[] {
	const mark = `DRIVER_TEST_OUT=${box.out}`;
	return liveProcesses()
		.filter(({pid}) => {
			try {
				return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(mark);
			} catch {
				return false; // gone meanwhile, or not ours to read
			}
		})
		.map(({pid}) => pid);
}

/** Does a process of the group still run? Zombies do not count: an init may reap orphans late. */
export function groupAlive(pgid: number): boolean {
	return liveProcesses().some((p) => p.pgid === pgid);
}

/** The hosts of fixtures/runs/inventory.ini. */
export const hosts = ['h1', 'h2', 'h3'];

/** How many times a task ran on each host: the line counts of its marker files. */
export const each = (box: Sandbox, marker: string) => hosts.map((h) => box.runs(`${marker}.${h}`));

/** `text` as a regular expression that matches it literally (for a program name in a pattern). */
export const esc = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
