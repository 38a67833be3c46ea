// Runs (or adopts) one step attempt: spawns it in its own session with output to a log file and
// events to a file, follows the events, and carries out abort requests. Effects live here.
import {appendFileSync, mkdirSync} from 'node:fs';
import {dirname} from 'node:path';
import {LineTail} from './tail.js';
import type {DriverEvent} from '../ansible/events.js';
import type {ExitFact} from './machine.js';
import {spawnDetached} from './spawn-detached.js';
import {StepAbort} from './abort.js';
import {attemptProcesses} from './attempt-processes.js';
import {isSameProcessAlive, processStartTime} from './process.js';
import {applyEvent, newSummary, problemOf, type AttemptSummary} from './summary.js';
import type {HostProblem} from './types.js';

export type ExitInfo = ExitFact & {error?: string};

export interface Spawned {
	pid: number;
	pidStart: number | null;
	exited: Promise<ExitInfo>;
}

export function spawnAttempt(argv: string[], cwd: string, env: Record<string, string>, logFile: string, header: string): Spawned {
	mkdirSync(dirname(logFile), {recursive: true, mode: 0o700});
	appendFileSync(logFile, header, {mode: 0o600});
	const child = spawnDetached(argv, {cwd, env, logFile});
	const pid = child.pid ?? 0;
	const exited: Promise<ExitInfo> = child.then(
		(r): ExitInfo => {
			const info: ExitInfo = {code: r.exitCode ?? null, signal: r.signal ?? null};
			// A spawn failure (e.g. ENOENT) has neither an exit code nor a signal.
			if (info.code === null && info.signal === null) info.error = r.shortMessage ?? "could not start";
			return info;
		},
		(error: Error): ExitInfo => ({code: null, signal: null, error: error.message}),
	);
	return {pid, pidStart: pid ? processStartTime(pid) : null, exited};
}

export interface WatchHooks {
	/** Called with each new host problem as it arrives. */
	onProblem(problem: HostProblem): void;
	/** Called after new events were applied (cheap; the caller throttles persistence). */
	onProgress(summary: AttemptSummary, events: DriverEvent[]): void;
	/** Checked every tick: should the attempt be aborted now? */
	abortWanted(): boolean;
	/** Called every tick while running. */
	onTick(summary: AttemptSummary): void;
	note(text: string): void;
}

export interface Watched {
	exit: ExitFact | null;
	error?: string;
	summary: AttemptSummary;
	aborted: boolean;
	badLines: number;
}

const groupKillTimeoutMs = 10_000;

/**
 * Follows an attempt until every process of it is gone (attempt-processes.ts). `exited` is the
 * child's exit when we spawned it; for an adopted process (null) liveness is polled by pid.
 */
export async function watchAttempt(
	opts: {pid: number; pidStart: number | null; token: string | null; eventsFile: string; exited: Spawned['exited'] | null; tickMs?: number},
	hooks: WatchHooks,
	wait: (ms: number) => Promise<void>,
): Promise<Watched> {
	const summary = newSummary();
	const events = new LineTail(opts.eventsFile);
	let exit: ExitInfo | undefined;
	void opts.exited?.then((e) => (exit = e));
	let aborted = false;
	let abort: StepAbort | null = null;
	let groupWaitStarted: number | null = null;
	let killStarted: number | null = null;
	let leftoverNoted = false;

	const drain = (final: boolean) => {
		const fresh = events.readEvents(final).map((e) => e.event);
		if (fresh.length === 0) return;
		for (const e of fresh) {
			applyEvent(summary, e);
			abort?.saw(e);
			if (e.type === 'result') {
				const problem = problemOf(summary, e);
				if (problem) hooks.onProblem(problem);
			}
		}
		hooks.onProgress(summary, fresh);
	};

	for (;;) {
		drain(false);
		const leaderGone = opts.exited ? exit !== undefined : !(opts.pid > 0 && isSameProcessAlive(opts.pid, opts.pidStart));
		if (!aborted && hooks.abortWanted()) {
			aborted = true;
			hooks.note('abort: interrupting the running step (SIGINT to its process groups)');
			const token = opts.token;
			if (opts.pid || token) abort = new StepAbort(opts.pid ? {pid: opts.pid, pidStart: opts.pidStart} : null, token ? (value) => value === token : null, (text) => hooks.note(text));
		}
		abort?.tick(Date.now(), !leaderGone);
		if (leaderGone) {
			if (abort) {
				// Nothing of an aborted step may outlive it: its workers are killed, not waited for.
				const left = abort.killLeft();
				if (left.length === 0) break;
				killStarted ??= Date.now();
				if (Date.now() - killStarted < groupKillTimeoutMs) {
					await wait(50);
					continue;
				}
				hooks.note(`warning: processes of the step (process groups ${left.join(', ')}) are still there after SIGKILL`);
				break;
			}
			// Workers outlive a killed ansible-playbook (they finish their task; from 2.19 on in
			// sessions of their own): wait for them, so a step is never started again while a
			// process of it lives.
			const left = attemptProcesses({pid: opts.pid || null, pidStart: opts.pidStart, token: opts.token});
			if (left.length > 0) {
				groupWaitStarted ??= Date.now();
				if (!leftoverNoted && Date.now() - groupWaitStarted > 10_000) {
					leftoverNoted = true;
					hooks.note(`the step's ansible-playbook has ended, but processes of it still run (pid ${left.slice(0, 8).map((p) => p.pid).join(', ')}${left.length > 8 ? ', ...' : ''}: its workers, or a task left in the background); waiting for them before judging the step (stop --abort ends them)`);
				}
				// A process left in the background may run for long: look less often (each look reads /proc).
				await wait(leftoverNoted ? Math.max(opts.tickMs ?? 200, 1000) : (opts.tickMs ?? 200));
				continue;
			}
			break;
		}
		hooks.onTick(summary);
		await wait(opts.tickMs ?? 200);
	}
	drain(true);
	const result: Watched = {exit: exit ? {code: exit.code, signal: exit.signal} : null, summary, aborted, badLines: events.badLines};
	if (exit?.error) result.error = exit.error;
	return result;
}
