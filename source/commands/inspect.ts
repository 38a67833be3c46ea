// `status` and `stop`: commands that read a run and never run anything.
import {sanitizeLine} from '../ansible/sanitize.js';
import {ansibleView} from '../ansible/version.js';
import {runHeadline, stepLines} from '../plain/format.js';
import {join} from 'node:path';
import {REPORT_FILE} from '../report/write.js';
import {abortSignal, pauseSignal, poke, requestAbort, requestPause} from '../run/control.js';
import {liveOwner} from '../run/lock.js';
import {exitCodeFor, recordedFailedHosts} from '../run/machine.js';
import {stallWords} from '../run/stall.js';
import {failedBeforeCheck, runExitCode} from '../run/checks.js';
import type {RunState} from '../run/types.js';
import {CommandExit, exitCodes, type Flags, type Io} from './io.js';
import {commandFor, mustReadState, runDir} from './find-run.js';

/** The `status --json` object (DESIGN.md), plus where the run lives, what a pause waits for, and which ansible-core runs. */
export function statusJson(state: RunState, dir: string, live: boolean) {
	return {
		plan: {name: state.plan.name, path: state.plan.path, hash: state.plan.hash, ...(state.plan.sourceSeries ? {sourceSeries: state.plan.sourceSeries} : {})},
		// notStarted: a check before the upgrade failed and nothing of the upgrade ran (exit 7).
		run: {status: state.run.status, notStarted: failedBeforeCheck(state) !== null, pid: live ? state.run.pid : null, live, waitingFor: state.run.waitingFor, dir, ansible: ansibleView(state.run.ansible)},
		steps: state.steps.map((s) => ({
			id: s.id,
			name: s.name,
			status: s.status,
			attempts: s.attempts,
			startedAt: s.startedAt,
			endedAt: s.endedAt,
			pausedAt: s.pausedAt,
			reason: s.reason,
			hosts: s.hosts,
			problems: s.problems,
			failedHosts: recordedFailedHosts(s),
			onlyOnHosts: s.attempt?.failedHostsOnly ?? null,
			eventsSeen: s.eventsSeen,
			ansible: ansibleView(s.ansible),
			log: s.attempt?.logFile ?? null,
			stalled: s.stalled ?? null,
			...(s.unit ? {unit: s.unit, fallback: s.fallback ?? null} : {}),
			...(s.check ? {check: s.check} : {}),
		})),
	};
}

/**
 * `status`'s exit code, for scripts: the run's outcome when it is at one (0 done, 1 failed,
 * 3 paused, 4 aborted), 6 while a supervisor runs it, 7 when nothing runs it and it is not at an
 * end (never started, or its supervisor stopped without finishing).
 */
export function statusExitCode(state: RunState, live: boolean): number {
	const status = state.run.status;
	if (status === 'done' || status === 'failed' || status === 'aborted') return runExitCode(state, exitCodeFor(status));
	if (live) return exitCodes.goingOn;
	return status === 'paused' ? exitCodes.paused : exitCodes.notStarted;
}

export function statusCommand(flags: Flags, io: Io): number {
	let dir: string | null = null;
	let state: RunState;
	try {
		dir = runDir(flags, io, undefined, flags.json ? 'status --json' : 'status');
		state = mustReadState(dir, io);
	} catch (error) {
		// A script that asked for JSON gets JSON, also when there is no run to show.
		if (!flags.json || !(error instanceof CommandExit)) throw error;
		io.stdout.write(JSON.stringify({plan: null, run: null, steps: [], dir, error: error.message}, null, 2) + '\n');
		io.stderr.write(`ansible-driver: ${error.message}\n`);
		return error.code;
	}
	const owner = liveOwner(dir);
	const code = statusExitCode(state, owner !== null);
	if (flags.json) {
		io.stdout.write(JSON.stringify(statusJson(state, dir, owner !== null), null, 2) + '\n');
		return code;
	}
	const lines = [runHeadline(state), `run directory: ${dir}`];
	if (owner) lines.push(`supervisor: pid ${owner.pid} since ${owner.since}`);
	else if (state.run.status === 'running' || state.run.status === 'pausing') {
		lines.push(`supervisor: gone (it stopped without finishing); \`${commandFor('resume', dir, flags, io)}\` takes the run over and follows a step still running`);
	}
	lines.push('', ...stepLines(state));
	for (const s of state.steps) if (s.stalled && s.status === 'running') lines.push('', `stalled: step ${s.id}: ${sanitizeLine(stallWords(s.stalled, Date.now()))}`);
	const failing = state.steps.flatMap((s) => s.problems.map((p) => `  ${s.id}: ${p.status} ${sanitizeLine(p.host)} | ${sanitizeLine(p.task)} | ${sanitizeLine(p.msg)}`));
	if (failing.length > 0) lines.push('', 'host problems:', ...failing);
	lines.push('', nextStep(state, owner !== null, dir, flags, io));
	io.stdout.write(lines.join('\n') + '\n');
	return code;
}

/** What the operator can do now, as a command to type. */
function nextStep(state: RunState, live: boolean, dir: string, flags: Flags, io: Io): string {
	const status = state.run.status;
	const command = (verb: string) => commandFor(verb, dir, flags, io);
	const check = live ? null : failedBeforeCheck(state);
	if (check) return `next: mend what the check found, then \`${command('resume')}\` (the check runs again before the upgrade); or start the upgrade without its checks: \`${command('resume --no-checks')}\``;
	if (live) return `next: watch it with \`${command('attach')}\`; pause it with \`${command('stop')}\``;
	if (status === 'done') return `next: nothing to run; the report is ${join(dir, REPORT_FILE)}`;
	return `next: continue it with \`${command('resume')}\`${status === 'failed' || status === 'aborted' ? ` (the ${status} step runs again from its start), or by hand: ${join(dir, 'handover.txt')}` : ''}`;
}

/**
 * `status --wait [--timeout S]`: blocks while a supervisor runs the run (checking its state once
 * a second, reading only), then prints the final status line and exits with the run's code; 6
 * when the timeout came first.
 */
export async function statusWaitCommand(flags: Flags, io: Io, timeoutSeconds: number | undefined): Promise<number> {
	// The commands it suggests when several runs are live keep the operator's --timeout.
	const dir = runDir(flags, io, undefined, timeoutSeconds === undefined ? 'status --wait' : `status --wait --timeout ${timeoutSeconds}`);
	const deadline = timeoutSeconds === undefined ? Number.POSITIVE_INFINITY : Date.now() + timeoutSeconds * 1000;
	for (;;) {
		const state = mustReadState(dir, io);
		const owner = liveOwner(dir);
		const code = statusExitCode(state, owner !== null);
		const over = Date.now() >= deadline;
		if (code !== exitCodes.goingOn || over) {
			if (flags.json) io.stdout.write(JSON.stringify(statusJson(state, dir, owner !== null), null, 2) + '\n');
			else io.stdout.write(`${runHeadline(state)}${over && code === exitCodes.goingOn ? ` (still going on after ${timeoutSeconds}s)` : ''}\n${nextStep(state, owner !== null, dir, flags, io)}\n`);
			return code;
		}
		await new Promise((resolve) => setTimeout(resolve, Math.min(1000, Math.max(0, deadline - Date.now()))));
	}
}

export function stopCommand(flags: Flags, io: Io): number {
	const dir = runDir(flags, io, undefined, flags.abort ? 'stop --abort' : 'stop');
	const state = mustReadState(dir, io);
	const owner = liveOwner(dir);
	if (!owner) {
		io.stdout.write(`no supervisor is running this plan (the run is ${state.run.status}); nothing to stop.\n`);
		return exitCodes.done;
	}
	// The supervisor outlives its run by a moment (the report, notify hooks): the run has ended.
	if (state.run.status === 'done' || state.run.status === 'failed' || state.run.status === 'aborted') {
		io.stdout.write(`the run had already finished (${state.run.status}); nothing to ${flags.abort ? 'abort' : 'pause'}.\n`);
		return exitCodes.done;
	}
	const what = flags.abort ? 'abort' : 'pause';
	let unwritten: string | null = null;
	try {
		(flags.abort ? requestAbort : requestPause)(dir);
	} catch (error) {
		// A full disk: the signal alone still asks the supervisor (it keeps what it heard).
		unwritten = error instanceof Error ? error.message : String(error);
	}
	const signalled = poke(owner, flags.abort ? abortSignal : pauseSignal);
	if (unwritten !== null && !signalled) {
		io.stdout.write(`could not write the ${what} request (${unwritten}), and the supervisor (pid ${owner.pid} on ${owner.host}) could not be signalled from here: nothing was asked. Free space in ${dir}, then stop again.\n`);
		return exitCodes.failed;
	}
	if (unwritten !== null) {
		const after = flags.abort ? 'interrupts the running step' : 'lets the running step end (ansible cannot see the request), then pauses';
		io.stdout.write(`could not write the ${what} request (${unwritten}); the supervisor (pid ${owner.pid}) was signalled and ${after}. Free space in ${dir}.\n`);
		return exitCodes.failed;
	}
	if (flags.abort) io.stdout.write(`abort requested: the running step is being interrupted (pid ${owner.pid}).\n`);
	else io.stdout.write(`pause requested: the running task finishes on every host and nothing new starts. \`${commandFor('status', dir, flags, io)}\` shows what it waits for.\n`);
	return exitCodes.done;
}
