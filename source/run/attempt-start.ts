// What starting an attempt of a step takes, before and at its spawn: its number and files, the
// arguments it adds (--start-at-task, --limit), the token its processes carry, its environment
// and the head of its log.
import {existsSync} from 'node:fs';
import {join} from 'node:path';
import {stepEnv} from '../ansible/command.js';
import {rcCallbackDefault, wrapperRc} from '../ansible/wrapper-rc.js';
import {pasteCommand} from '../plan/handover.js';
import {withStepEnv} from '../plan/step-env.js';
import type {PlanStep} from '../plan/types.js';
import {attemptToken, attemptVariable} from './attempt-identity.js';
import {controlPaths} from './control.js';
import {failedHostsOf} from './machine.js';
import type {Attempt, StepState} from './types.js';

/**
 * The attempt as saved before its spawn, the argv it runs, and what the operator is told of it
 * (warnings for --start-at-task and --limit).
 */
export function nextAttempt(o: {dir: string; step: PlanStep; previous: StepState; atTask: boolean; failedHosts: boolean; at: string}): {attempt: Attempt & {token: string}; argv: string[]; notes: string[]} {
	const {dir, step, previous} = o;
	// Never reuse an attempt's files: old events (a recap, a pause record) would be judged as
	// this attempt's. The state may have started over (reset, a plan change) while steps/ stayed.
	let n = previous.attempts + 1;
	while (existsSync(join(dir, 'steps', step.id, `attempt-${n}.events.ndjson`)) || existsSync(join(dir, 'steps', step.id, `attempt-${n}.log`))) n++;
	const base = join(dir, 'steps', step.id, `attempt-${n}`);
	const extraArgs: string[] = [];
	const notes: string[] = [];
	if (o.atTask && step.kind === 'playbook' && previous.status === 'paused' && previous.pausedAt?.task) {
		extraArgs.push('--start-at-task', previous.pausedAt.task);
		notes.push(`warning: starting ${step.id} at task "${previous.pausedAt.task}" (--start-at-task): tasks before it are skipped and do not register their variables`);
	}
	const only = o.failedHosts ? failedHostsOf(previous, step) : null;
	if (only) {
		// ansible takes the last --limit: this one, within the step's own (the hosts failed under it).
		extraArgs.push('--limit', only.join(','));
		notes.push(
			`step ${step.id} runs again on the ${only.length === 1 ? 'host' : `${only.length} hosts`} that failed only (--limit ${only.join(',')}): its plays are not run again on the other hosts; the steps after it run on all hosts`,
		);
	}
	const attempt: Attempt & {token: string} = {
		n,
		pid: null,
		pidStart: null,
		startedAt: o.at,
		endedAt: null,
		exitCode: null,
		signal: null,
		eventsFile: `${base}.events.ndjson`,
		logFile: `${base}.log`,
		extraArgs,
		...(only ? {failedHostsOnly: only} : {}),
		token: attemptToken(dir, step.id, n),
	};
	return {attempt, argv: [...step.argv, ...extraArgs], notes};
}

/** The attempt's environment: the step's, what the callback plugin reads, and the attempt's token. */
export function attemptEnv(env: Record<string, string | undefined>, step: PlanStep, attempt: {eventsFile: string; token: string}, dir: string): Record<string, string> {
	// A command step is never cut: an ansible-playbook it runs inside must not pause it midway.
	// The openstack-ansible wrapper's rc default (ceph-ansible's callback folder) is kept beside ours.
	const merged = withStepEnv(env, step);
	const rc = step.kind === 'playbook' ? wrapperRc(step.argv[0] ?? '', merged, step.cwd) : null;
	const programDefault = rc ? rcCallbackDefault(rc, merged) : null;
	const out = stepEnv(env, step.env, {eventsFile: attempt.eventsFile, pauseFile: controlPaths(dir).pause, pauseMode: step.kind === 'command' ? 'step' : step.pause}, step.cwd, programDefault, step.unsetEnv);
	out[attemptVariable] = attempt.token;
	return out;
}

/** The head of the attempt's log: which attempt, and the command to run it by hand. */
export function logHeader(step: PlanStep, attempt: Attempt, argv: string[]): string {
	return `# ansible-driver: step ${step.id}, attempt ${attempt.n}, ${attempt.startedAt}\n# ${pasteCommand(step.cwd, step.env, argv, step.unsetEnv)}\n`;
}
