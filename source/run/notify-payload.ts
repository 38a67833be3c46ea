// What a notify hook receives, pure: the event as JSON (stdin) and as ANSIBLE_DRIVER_* variables,
// so `mail`, `curl` to a chat webhook or `notify-send` need no glue code.
import {sanitizeLine} from '../ansible/sanitize.js';
import type {NotifyEvent} from '../plan/types.js';
import {failedBeforeCheck} from './checks.js';
import {stallWords} from './stall.js';
import type {RunState, Stall, StepState} from './types.js';

export interface NotifyPayload {
	event: NotifyEvent;
	at: string;
	/** One line for a mail subject or a chat message. */
	message: string;
	plan: {name: string; path: string};
	run: {dir: string; status: RunState['run']['status']};
	step: {id: string; name: string; number: number; of: number; status: StepState['status']; reason: string | null} | null;
	/** Failed or unreachable hosts of the step. */
	failedHosts: string[];
	/** The commands to go on by hand (after a failure or abort), and the run report (at the run's end). */
	handover: string | null;
	report: string | null;
	stalled: (Stall & {seconds: number}) | null;
}

export function notifyPayload(
	event: NotifyEvent,
	state: RunState,
	dir: string,
	stepIndex: number,
	files: {handover: string | null; report: string | null},
	nowMs: number,
): NotifyPayload {
	const s = stepIndex >= 0 ? state.steps[stepIndex] : undefined;
	const step = s ? {id: s.id, name: s.name, number: stepIndex + 1, of: state.steps.length, status: s.status, reason: s.reason} : null;
	const failedHosts = s ? [...new Set(s.problems.map((p) => p.host))] : [];
	const stall = event === 'stalled' && s?.stalled ? s.stalled : null;
	const stalled = stall ? {...stall, seconds: Math.round((nowMs - Math.min(...stall.hosts.map((h) => Date.parse(h.since)))) / 1000)} : null;
	return {
		event,
		at: new Date(nowMs).toISOString(),
		message: sanitizeLine(messageFor(event, state, step, failedHosts, stall, nowMs)),
		plan: {name: state.plan.name, path: state.plan.path},
		run: {dir, status: state.run.status},
		step,
		failedHosts,
		handover: files.handover,
		report: files.report,
		stalled,
	};
}

function messageFor(event: NotifyEvent, state: RunState, step: NotifyPayload['step'], failedHosts: string[], stall: Stall | null, nowMs: number): string {
	const plan = state.plan.name;
	const at = step ? ` at step ${step.number}/${step.of} ${step.id}` : '';
	switch (event) {
		case 'failed': {
			const hosts = failedHosts.length > 0 ? ` (${failedHosts.slice(0, 5).join(', ')}${failedHosts.length > 5 ? ', ...' : ''})` : '';
			// A check before the upgrade: that nothing of the upgrade ran is what the reader needs first.
			if (failedBeforeCheck(state)) return `${plan}: NOT STARTED: the check ${step?.id ?? ''} before the upgrade failed${hosts}`;
			return `${plan}: FAILED${at}${hosts}${step?.reason ? `: ${step.reason}` : ''}`;
		}
		case 'paused':
			return `${plan}: paused${at}`;
		case 'aborted':
			return `${plan}: aborted${at}`;
		case 'done':
			return `${plan}: done, all ${state.steps.length} steps`;
		case 'step_done':
			return `${plan}: step ${step ? `${step.number}/${step.of} ${step.id}` : ''} done`;
		case 'stalled':
			return `${plan}: stalled${at}: ${stall ? stallWords(stall, nowMs) : 'a task runs too long'}`;
	}
}

/** The payload as environment variables (lists space-separated). */
export function notifyVariables(p: NotifyPayload): Record<string, string> {
	return {
		ANSIBLE_DRIVER_EVENT: p.event,
		ANSIBLE_DRIVER_MESSAGE: p.message,
		ANSIBLE_DRIVER_PLAN: p.plan.name,
		ANSIBLE_DRIVER_PLAN_FILE: p.plan.path,
		ANSIBLE_DRIVER_RUN_DIR: p.run.dir,
		ANSIBLE_DRIVER_STATUS: p.run.status,
		ANSIBLE_DRIVER_STEP: p.step?.id ?? '',
		ANSIBLE_DRIVER_STEP_STATUS: p.step?.status ?? '',
		ANSIBLE_DRIVER_FAILED_HOSTS: p.failedHosts.join(' '),
		ANSIBLE_DRIVER_STALLED_HOSTS: p.stalled ? p.stalled.hosts.map((h) => h.host).join(' ') : '',
		ANSIBLE_DRIVER_HANDOVER: p.handover ?? '',
		ANSIBLE_DRIVER_REPORT: p.report ?? '',
	};
}
