// Runs the real ansible-playbook with the ansible_driver callback plugin on the local 3-host
// inventory of fixtures/plugin, and reads back what happened: events, exit code, marker files.
import {spawn} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterEach, expect} from 'vitest';
import {type EventRecord, pluginEnv, readEvents} from './ansible.js';

export const fixtures = fileURLToPath(new URL('../../fixtures/plugin/', import.meta.url));
const inventory = path.join(fixtures, 'inventory.ini');
export const hosts = ['h1', 'h2', 'h3'];

export interface RunOptions {
	playbook: string;
	pauseMode?: 'task' | 'play' | 'step';
	extraVars?: Record<string, string | number>;
	/** Leave ANSIBLE_DRIVER_EVENTS unset (the plugin is still on ANSIBLE_CALLBACK_PLUGINS). */
	noEvents?: boolean;
	extraArgs?: string[];
	/** Create the pause file before the run starts. */
	pauseBefore?: boolean;
	/** Polled while the run goes on; may create or remove the pause file. */
	watch?: (events: EventRecord[], run: RunDir) => void;
	timeoutMs?: number;
	/** More environment for ansible-playbook. */
	env?: Record<string, string>;
}

export interface RunDir {
	dir: string;
	eventsFile: string;
	pauseFile: string;
	requestPause: () => void;
	cancelPause: () => void;
}

export interface RunOutcome extends RunDir {
	code: number | null;
	signal: NodeJS.Signals | null;
	output: string;
	events: EventRecord[];
	/** True when no process of ansible-playbook's process group was left after it exited. */
	groupGone: boolean;
	ran: (host: string, marker: string) => boolean;
}

const tempDirs: string[] = [];

afterEach(() => {
	for (const dir of tempDirs.splice(0)) {
		rmSync(dir, {recursive: true, force: true});
	}
});

function processGroupAlive(pgid: number): boolean {
	try {
		process.kill(-pgid, 0);
		return true;
	} catch {
		return false;
	}
}

/** A watch that requests one pause, the first time `when` holds. */
export function pauseWhen(when: (events: EventRecord[], run: RunDir) => boolean): NonNullable<RunOptions['watch']> {
	let requested = false;
	return (events, run) => {
		if (!requested && when(events, run)) {
			requested = true;
			run.requestPause();
		}
	};
}

export async function runPlaybook(options: RunOptions): Promise<RunOutcome> {
	const dir = mkdtempSync(path.join(tmpdir(), 'ad-plugin-'));
	tempDirs.push(dir);
	const eventsFile = path.join(dir, 'events.ndjson');
	const pauseFile = path.join(dir, 'pause');
	const runDir: RunDir = {
		dir,
		eventsFile,
		pauseFile,
		requestPause: () => writeFileSync(pauseFile, ''),
		cancelPause: () => rmSync(pauseFile, {force: true}),
	};
	if (options.pauseBefore) {
		runDir.requestPause();
	}

	const env: Record<string, string | undefined> = {
		...process.env,
		...pluginEnv({eventsFile, pauseFile, ...(options.pauseMode ? {pauseMode: options.pauseMode} : {})}),
		ANSIBLE_LOCAL_TEMP: path.join(dir, '.ansible-tmp'),
		...options.env,
	};
	if (options.noEvents) {
		delete env['ANSIBLE_DRIVER_EVENTS'];
	}

	const extraVars = {out_dir: dir, ...options.extraVars};
	const args = ['-i', inventory, path.join(fixtures, options.playbook), '-e', JSON.stringify(extraVars), ...(options.extraArgs ?? [])];
	const child = spawn('ansible-playbook', args, {env, detached: true, stdio: ['ignore', 'pipe', 'pipe']});
	const pgid = child.pid;
	if (pgid === undefined) {
		throw new Error('ansible-playbook did not start');
	}

	let output = '';
	child.stdout.on('data', (chunk: Buffer) => {
		output += chunk.toString();
	});
	child.stderr.on('data', (chunk: Buffer) => {
		output += chunk.toString();
	});

	const timer = setInterval(() => {
		if (options.watch) {
			options.watch(readEvents(eventsFile), runDir);
		}
	}, 25);
	const killer = setTimeout(() => {
		try {
			process.kill(-pgid, 'SIGKILL');
		} catch {}
	}, options.timeoutMs ?? 60_000);

	const {code, signal} = await new Promise<{code: number | null; signal: NodeJS.Signals | null}>(resolve => {
		child.on('close', (exitCode, exitSignal) => {
			resolve({code: exitCode, signal: exitSignal});
		});
	});
	clearInterval(timer);
	clearTimeout(killer);

	// Give the kernel a moment to reap; then nothing of the group may be left.
	let groupGone = !processGroupAlive(pgid);
	for (let i = 0; i < 20 && !groupGone; i++) {
		await new Promise(resolve => setTimeout(resolve, 50));
		groupGone = !processGroupAlive(pgid);
	}

	return {
		...runDir,
		code,
		signal,
		output,
		events: readEvents(eventsFile),
		groupGone,
		ran: (host, marker) => existsSync(path.join(dir, `${host}.${marker}`)),
	};
}

export function ofType(events: EventRecord[], type: string): EventRecord[] {
	return events.filter(event => event['type'] === type);
}

export function taskIdByName(events: EventRecord[], name: string): string {
	const start = ofType(events, 'task_start').find(event => event['task']['name'] === name);
	expect(start, `task_start of ${name}`).toBeDefined();
	return String(start?.['task']['id']);
}

export function resultsOf(events: EventRecord[], taskName: string): Record<string, string> {
	const id = taskIdByName(events, taskName);
	const statuses: Record<string, string> = {};
	for (const result of ofType(events, 'result')) {
		if (result['task_id'] === id) {
			statuses[String(result['host'])] = String(result['status']);
		}
	}

	return statuses;
}

export function allHosts(status: string): Record<string, string> {
	return Object.fromEntries(hosts.map(host => [host, status]));
}

export function hasTaskStart(events: EventRecord[], name: string): boolean {
	return ofType(events, 'task_start').some(event => event['task']['name'] === name);
}

