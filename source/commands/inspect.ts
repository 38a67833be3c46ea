// `status`, `stop` and `plan`: commands that read a run or a plan and never run anything.
import {sanitizeLine} from '../ansible/sanitize.js';
import {ansibleView} from '../ansible/version.js';
import {runHeadline, stepLines} from '../plain/format.js';
import {describePlan, listBuiltinPlans, preflight, formatProblems} from '../plan/index.js';
import {abortSignal, pauseSignal, poke, requestAbort, requestPause} from '../run/control.js';
import {liveOwner} from '../run/lock.js';
import type {RunState} from '../run/types.js';
import {exitCodes, type Flags, type Io} from './io.js';
import {mustLoadPlan, mustReadState, runDir} from './locate.js';

/** The `status --json` object (DESIGN.md), plus where the run lives, what a pause waits for, and which ansible-core runs. */
export function statusJson(state: RunState, dir: string, live: boolean) {
	return {
		plan: {name: state.plan.name, path: state.plan.path, hash: state.plan.hash},
		run: {status: state.run.status, pid: live ? state.run.pid : null, live, waitingFor: state.run.waitingFor, dir, ansible: ansibleView(state.run.ansible)},
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
			eventsSeen: s.eventsSeen,
			ansible: ansibleView(s.ansible),
			log: s.attempt?.logFile ?? null,
		})),
	};
}

export function statusCommand(flags: Flags, io: Io): number {
	const dir = runDir(flags, io);
	const state = mustReadState(dir);
	const owner = liveOwner(dir);
	if (flags.json) {
		io.stdout.write(JSON.stringify(statusJson(state, dir, owner !== null), null, 2) + '\n');
		return exitCodes.done;
	}
	const lines = [runHeadline(state), `run directory: ${dir}`];
	if (owner) lines.push(`supervisor: pid ${owner.pid} since ${owner.since}`);
	else if (state.run.status === 'running' || state.run.status === 'pausing') {
		lines.push('supervisor: gone (it stopped without finishing); `ansible-driver resume` takes the run over and follows a step still running');
	}
	lines.push('', ...stepLines(state));
	const failing = state.steps.flatMap((s) => s.problems.map((p) => `  ${s.id}: ${p.status} ${sanitizeLine(p.host)} | ${sanitizeLine(p.task)} | ${sanitizeLine(p.msg)}`));
	if (failing.length > 0) lines.push('', 'host problems:', ...failing);
	io.stdout.write(lines.join('\n') + '\n');
	return exitCodes.done;
}

export function stopCommand(flags: Flags, io: Io): number {
	const dir = runDir(flags, io);
	const state = mustReadState(dir);
	const owner = liveOwner(dir);
	if (!owner) {
		io.stdout.write(`no supervisor is running this plan (the run is ${state.run.status}); nothing to stop.\n`);
		return exitCodes.done;
	}
	if (flags.abort) {
		requestAbort(dir);
		poke(owner, abortSignal);
		io.stdout.write(`abort requested: the running step is being interrupted (pid ${owner.pid}).\n`);
	} else {
		requestPause(dir);
		poke(owner, pauseSignal);
		io.stdout.write('pause requested: the running task finishes on every host and nothing new starts. `ansible-driver status` shows what it waits for.\n');
	}
	return exitCodes.done;
}

export function planCommand(planRef: string | undefined, flags: Flags, io: Io): number {
	if (!planRef) {
		const plans = listBuiltinPlans();
		if (flags.json) io.stdout.write(JSON.stringify(plans.map(({name, title}) => ({name, title})), null, 2) + '\n');
		else io.stdout.write(`built-in plans:\n${plans.map((p) => `  ${p.name.padEnd(14)} ${p.title}`).join('\n')}\nShow one with: ansible-driver plan NAME\n`);
		return exitCodes.done;
	}
	const plan = mustLoadPlan(planRef, io);
	const problems = preflight(plan, io.env);
	if (flags.json) io.stdout.write(JSON.stringify(describePlan(plan), null, 2) + '\n');
	else {
		const lines = [`${plan.name} (${plan.steps.length} steps)`, `file: ${plan.path}`, `cwd:  ${plan.cwd}`, ''];
		plan.steps.forEach((s, i) => lines.push(`${String(i + 1).padStart(3)}. ${s.id}${s.pause === 'task' ? '' : `  [pause: ${s.pause}]`}`, `      ${s.argv.join(' ')}`));
		io.stdout.write(lines.join('\n') + '\n');
	}
	// Preflight problems are reported but do not fail `plan`: it shows plans for other machines too.
	if (problems.length > 0) io.stderr.write(`${formatProblems(problems)}\n(preflight on this machine; \`run\` refuses to start until these are fixed)\n`);
	return exitCodes.done;
}
