// Words and lines for plain output and `status`: pure functions of plan and state.
import {sanitizeLine} from '../ansible/sanitize.js';
import {handOverPlanLines} from '../plan/handover.js';
import type {Plan} from '../plan/types.js';
import {isDoneByMarker, isFinished} from '../run/machine.js';
import {failedBeforeCheck} from '../run/checks.js';
import type {HostProblem, HostTotals, RunState, StepState} from '../run/types.js';
import {count} from '../text/words.js';

export function formatDuration(ms: number): string {
	if (!Number.isFinite(ms) || ms < 0) return '-';
	const tenths = Math.round(ms / 100) / 10;
	if (tenths < 60) return `${tenths.toFixed(1)}s`;
	// Whole seconds from here; at least a minute, so 59.96 s reads 1m00s, never 60.0s.
	const s = Math.max(60, Math.floor(ms / 1000));
	const m = Math.floor(s / 60);
	if (m < 60) return `${m}m${String(Math.floor(s % 60)).padStart(2, '0')}s`;
	return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

export function stepDuration(step: StepState): number | null {
	if (!step.startedAt) return null;
	const end = step.endedAt ? Date.parse(step.endedAt) : Date.now();
	return end - Date.parse(step.startedAt);
}

export function stepLabel(index: number, total: number, id: string): string {
	const width = String(total).length;
	return `[${String(index + 1).padStart(width)}/${total}] ${id}`;
}

export function totalsText(t: HostTotals): string {
	return `ok=${t.ok} changed=${t.changed} failed=${t.failed} unreachable=${t.unreachable} skipped=${t.skipped}`;
}

const maxMessage = 400;

export function problemText(p: HostProblem): string {
	const msg = sanitizeLine(p.msg);
	const cut = msg.length > maxMessage ? `${msg.slice(0, maxMessage)}…` : msg;
	return `${p.status === 'unreachable' ? 'UNREACHABLE' : 'FAILED'} ${sanitizeLine(p.host)} | task "${sanitizeLine(p.task)}" | ${cut || '(no message)'}`;
}

/**
 * The commands that continue the plan by hand from a step: that step and every later one, as
 * `cd <cwd> && openstack-ansible <playbook> args...`, a unit's on one line (handOverLines).
 */
export function handOverCommands(plan: Plan, fromIndex: number): string[] {
	return handOverPlanLines(plan, fromIndex);
}

const glyphs: Record<StepState['status'], string> = {
	pending: ' ',
	running: '>',
	done: '✓',
	failed: '✗',
	paused: '‖',
	interrupted: '!',
	aborted: '■',
	skipped: '-',
};

/** One line per step, as `status` prints it. */
export function stepLines(state: RunState): string[] {
	const total = state.steps.length;
	return state.steps.map((s, i) => {
		const d = stepDuration(s);
		const parts = [`${glyphs[s.status]} ${stepLabel(i, total, s.id)}${unitWords(s)}`, s.status];
		if (d !== null) parts.push(formatDuration(d));
		if (s.attempts > 1) parts.push(`${s.attempts} attempts`);
		if (s.startedAt) parts.push(totalsText(s.hosts));
		if (s.pausedAt?.task) parts.push(`paused before "${sanitizeLine(s.pausedAt.task)}"`);
		// A step skipped for its run-upgrade.sh marker says so ("done earlier (marker)").
		else if ((s.status !== 'done' || isDoneByMarker(s)) && s.reason) parts.push(sanitizeLine(s.reason));
		if (s.fallback) parts.push(`handed over to the unit's fallback ${s.fallback}`);
		return parts.join('  ');
	});
}

/** " (unit setup-hosts)" or " (unit setup-hosts, fallback)" for a step of a unit. */
function unitWords(s: StepState): string {
	if (s.check) return ` (check ${s.check} the upgrade)`;
	return s.unit ? ` (unit ${s.unit.id}${s.unit.role === 'fallback' ? ', fallback' : ''})` : '';
}

export function runHeadline(state: RunState): string {
	const done = state.steps.filter(isFinished).length;
	const waiting = state.run.status === 'pausing' && state.run.waitingFor ? ` (waiting for ${state.run.waitingFor})` : '';
	const check = failedBeforeCheck(state);
	const status = check ? `not started (the check ${check.id} before the upgrade failed)` : state.run.status;
	return `${state.plan.name}: ${status}${waiting}, ${done} of ${count(state.steps.length, 'step')} done`;
}
