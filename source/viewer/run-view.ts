// Pure: the header and plan-pane data of a run, from its persisted state.
import type {MatrixModel} from '../matrix/types.js';
import {failedHostsOf, isFinished} from '../run/machine.js';
import {failedBeforeCheck} from '../run/checks.js';
import type {RunState, StepState} from '../run/types.js';
import type {RunView, StallView, StepKind, StepView} from './view-types.js';

export interface RunViewInput {
	state: RunState;
	live: boolean;
	now: number;
	source: string;
	/** Matrix of the running step, for its progress. */
	currentMatrix: MatrixModel | null;
	/** Expected task counts by step hash (from --list-tasks), when known. */
	taskCounts: Record<string, number>;
	/** Durations of earlier runs of steps, by step hash (ms). */
	history: Record<string, number>;
	/** What each step runs, by step hash (from the plan file); a step not in it is unknown. */
	kinds?: Record<string, StepKind>;
}

const ms = (iso: string | null) => (iso ? Date.parse(iso) : NaN);

export function buildRunView(i: RunViewInput): RunView {
	const {state, now} = i;
	const running = i.live && (state.run.status === 'running' || state.run.status === 'pausing');
	let currentStep = state.steps.findIndex((s) => s.status === 'running');
	// Not running: the step a resume would start (paused, failed, or reset to run again)...
	if (currentStep === -1 && state.run.status !== 'done') currentStep = state.steps.findIndex((s) => !isFinished(s) && s.status !== 'pending');
	if (currentStep === -1 && state.run.status !== 'done' && state.steps.some((s) => s.startedAt !== null)) currentStep = state.steps.findIndex((s) => !isFinished(s));
	if (currentStep === -1) {
		// The last step that started, so a finished or paused run still shows where it stopped.
		let latest = -Infinity;
		state.steps.forEach((s, index) => {
			const t = ms(s.startedAt);
			if (t > latest) {
				latest = t;
				currentStep = index;
			}
		});
	}
	const steps: StepView[] = state.steps.map((s, index) => {
		const start = ms(s.startedAt);
		const end = s.status === 'running' && running ? now : ms(s.endedAt);
		const durationMs = Number.isFinite(start) && Number.isFinite(end) ? Math.max(0, end - start) : null;
		const isCurrent = index === currentStep && s.status === 'running';
		const done = isCurrent && i.currentMatrix ? i.currentMatrix.tasks.length : 0;
		const kind = s.kind ?? i.kinds?.[s.hash] ?? null;
		return {
			id: s.id,
			name: s.name,
			status: s.status,
			kind,
			durationMs,
			attempts: s.attempts,
			progress: isCurrent ? {done, total: i.taskCounts[s.hash] ?? null} : null,
			totals: s.hosts,
			reason: s.reason,
			eventsSeen: s.eventsSeen,
			pausedAtTask: s.pausedAt?.task ?? null,
			stalled: stallView(s, running ? now : ms(state.run.updatedAt)),
			unit: s.unit ?? null,
			fallback: s.fallback ?? null,
			check: s.check ?? null,
			splitOf: s.splitOf ?? null,
			failedHosts: kind === 'playbook' ? failedHostsOf(s, {kind}) : null,
		};
	});
	const startedAt = ms(state.run.startedAt);
	const endedAt = running ? now : ms(state.run.updatedAt);
	const etaMs = running ? eta(state, steps, i.history) : null;
	return {
		planName: state.plan.name,
		status: state.run.status,
		live: i.live,
		elapsedMs: Number.isFinite(startedAt) && Number.isFinite(endedAt) ? Math.max(0, endedAt - startedAt) : null,
		activeMs: activeTime(state, running, now),
		currentStep,
		etaMs,
		etaAt: etaMs === null ? null : now + etaMs,
		waitingFor: state.run.status === 'pausing' ? state.run.waitingFor : null,
		steps,
		source: i.source,
		replay: false,
		notStartedBy: failedBeforeCheck(state)?.id ?? null,
	};
}

/**
 * The running step's stall, timed to `until` (now while a supervisor runs it, else its last
 * write); null once the step no longer runs, since a stall left in the state is then stale.
 */
export function stallView(s: StepState, until: number): StallView | null {
	const stall = s.stalled;
	if (!stall || s.status !== 'running' || stall.hosts.length === 0) return null;
	const forMs = (since: string) => Math.max(0, until - ms(since)) || 0; // NaN (a bad time): 0
	const hosts = stall.hosts.map(({host, since}) => ({host, forMs: forMs(since)})).sort((a, b) => b.forMs - a.forMs);
	return {taskId: stall.taskId, task: stall.task, hosts, afterMs: stall.afterSeconds * 1000, source: stall.source};
}

/**
 * Time spent running steps: the ended attempts' (kept in the state), plus the running attempt's
 * while a supervisor runs it. A state from before it was kept: its steps' last attempts.
 */
function activeTime(state: RunState, running: boolean, now: number): number | null {
	let total = state.run.activeMs;
	if (total === undefined) {
		total = 0;
		for (const s of state.steps) {
			const spent = ms(s.endedAt) - ms(s.startedAt);
			if (s.status !== 'running' && Number.isFinite(spent)) total += Math.max(0, spent);
		}
	}
	for (const s of state.steps) {
		const since = s.status === 'running' && running && s.attempt && s.attempt.endedAt === null ? ms(s.attempt.startedAt) : NaN;
		if (Number.isFinite(since)) total += Math.max(0, now - since);
	}
	return total;
}

/** Sum of the known durations of what is left; null unless every remaining step has one. */
function eta(state: RunState, steps: StepView[], history: Record<string, number>): number | null {
	let total = 0;
	for (const [index, s] of state.steps.entries()) {
		if (isFinished(s)) continue;
		const known = history[s.hash];
		if (known === undefined) return null;
		const spent = s.status === 'running' ? (steps[index]!.durationMs ?? 0) : 0;
		total += Math.max(0, known - spent);
	}
	return total;
}
