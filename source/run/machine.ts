// The run state machine: pure functions from (state, fact) to state. No I/O, no clocks: callers
// pass `now` as an ISO string.
import type {Plan} from '../plan/types.js';
import {statsProblemCount, type AttemptSummary} from './summary.js';
import {emptyTotals, type Attempt, type RunState, type RunStatus, type StepState, type StepStatus} from './types.js';

const finished = new Set<StepStatus>(['done', 'skipped']);

function newStep(step: Plan['steps'][number]): StepState {
	return {
		id: step.id,
		name: step.name,
		hash: step.hash,
		kind: step.kind,
		status: 'pending',
		attempts: 0,
		startedAt: null,
		endedAt: null,
		pausedAt: null,
		hosts: emptyTotals(),
		attempt: null,
		reason: null,
		problems: [],
		failedHosts: [],
		eventsSeen: null,
		...(step.unit ? {unit: step.unit} : {}),
		...(step.splitOf ? {splitOf: step.splitOf} : {}),
		...(step.check ? {check: step.check} : {}),
	};
}

/** What the state keeps of its plan: enough to open it again on resume. */
function planRef(plan: Plan): RunState['plan'] {
	const ref: RunState['plan'] = {name: plan.name, path: plan.path, hash: plan.hash, builtin: plan.builtin ?? null};
	if (plan.osa) ref.sourceSeries = plan.osa.sourceSeries;
	if (plan.noSplit) ref.noSplit = true;
	if (plan.noChecks) ref.noChecks = true;
	return ref;
}

export function newRunState(plan: Plan): RunState {
	return {
		version: 1,
		plan: planRef(plan),
		run: {status: 'idle', pid: null, startedAt: null, updatedAt: null, waitingFor: null},
		steps: plan.steps.map(newStep),
	};
}

export interface PlanChanges {
	changed: string[];
	added: string[];
	removed: string[];
	/** Steps whose status was kept but now sit in another position. */
	moved: string[];
	/** Plan-wide settings (inventory, cwd, name) changed: finished steps ran with the old ones. */
	settings: boolean;
}

export function hasChanges(c: PlanChanges): boolean {
	return c.settings || c.changed.length + c.added.length + c.removed.length + c.moved.length > 0;
}

/**
 * Matches a run's steps to a (possibly edited) plan. A step keeps its status only when its id
 * and hash are unchanged; everything else becomes pending.
 */
export function reconcilePlan(state: RunState, plan: Plan): {state: RunState; changes: PlanChanges} {
	const old = new Map(state.steps.map((s, i) => [s.id, {s, i}]));
	const changes: PlanChanges = {changed: [], added: [], removed: [], moved: [], settings: false};
	const steps = plan.steps.map((step, i) => {
		const before = old.get(step.id);
		if (!before) {
			changes.added.push(step.id);
			return newStep(step);
		}
		if (before.s.hash !== step.hash) {
			changes.changed.push(step.id);
			return {...newStep(step), attempts: before.s.attempts};
		}
		if (before.i !== i) changes.moved.push(step.id);
		// Same hash, same unit and role (both are in the hash).
		const {splitOf: _splitOf, ...kept} = before.s;
		return {...kept, name: step.name, kind: step.kind, ...(step.splitOf ? {splitOf: step.splitOf} : {})};
	});
	const ids = new Set(plan.steps.map((s) => s.id));
	for (const s of state.steps) if (!ids.has(s.id)) changes.removed.push(s.id);
	// The plan hash covers name, inventory and cwd besides the steps: a difference no step
	// explains is a change of those.
	const stepsAlike = changes.changed.length + changes.added.length + changes.removed.length + changes.moved.length === 0;
	changes.settings = stepsAlike && state.plan.hash !== plan.hash;
	return {
		state: {...state, plan: planRef(plan), steps},
		changes,
	};
}

/** Finished: done, skipped, or failed with its unit's fallback taking over. */
export function isFinished(step: Pick<StepState, 'status' | 'fallback'>): boolean {
	return finished.has(step.status) || (step.status === 'failed' && typeof step.fallback === 'string');
}

/** Index of the first step that still has to run, or -1 when every step is finished. */
export function nextStepIndex(state: RunState): number {
	return state.steps.findIndex((s) => !isFinished(s));
}

export function isComplete(state: RunState): boolean {
	return nextStepIndex(state) === -1;
}

export function updateStep(state: RunState, index: number, patch: Partial<StepState>): RunState {
	const steps = state.steps.slice();
	const step = steps[index];
	if (!step) throw new RangeError(`no step ${index}`);
	steps[index] = {...step, ...patch};
	return {...state, steps};
}

/** An attempt that ran from `startedAt` to `endedAt` (ISO) adds its time to the run's active time. */
export function addActiveTime(state: RunState, startedAt: string, endedAt: string): RunState {
	const spent = Date.parse(endedAt) - Date.parse(startedAt);
	if (!Number.isFinite(spent) || spent <= 0) return state;
	return {...state, run: {...state.run, activeMs: Math.round((state.run.activeMs ?? 0) + spent)}};
}

export function setRun(state: RunState, patch: Partial<RunState['run']>, now: string): RunState {
	return {...state, run: {...state.run, ...patch, updatedAt: now}};
}

export function startAttempt(state: RunState, index: number, attempt: Attempt, now: string): RunState {
	const step = state.steps[index]!;
	return updateStep(state, index, {
		status: 'running',
		attempts: attempt.n,
		startedAt: now,
		endedAt: null,
		pausedAt: null,
		hosts: emptyTotals(),
		attempt,
		reason: null,
		problems: [],
		failedHosts: [],
		eventsSeen: step.attempt && step.status === 'running' ? step.eventsSeen : null,
	});
}

export interface ExitFact {
	code: number | null;
	signal: string | null;
}

export interface OutcomeInput {
	kind: 'playbook' | 'command';
	/** Null when the process was not ours (adopted) and is gone: its exit code is unknown. */
	exit: ExitFact | null;
	summary: AttemptSummary;
	abortRequested: boolean;
	/**
	 * Without events: does ansible's log show a play started? If not, the playbook ended (or was
	 * killed) before it would have loaded the callback plugin, which is then not known to be missing.
	 */
	playsStarted?: boolean;
	/** Before any play: ansible's own error from its log, on one line (ansible/error-text.ts). */
	errorBeforePlays?: string | null;
}

export interface Outcome {
	status: Exclude<StepStatus, 'pending' | 'running' | 'skipped'>;
	reason: string;
}

function exitWords(exit: ExitFact): string {
	return exit.signal ? `was killed by ${exit.signal}` : `exited ${exit.code}`;
}

function abortWords(exit: ExitFact | null, recap: boolean): string {
	if (!exit) return 'aborted by the operator';
	return `aborted by the operator (${exitWords(exit)}${recap ? ' after its recap' : ''})`;
}

/**
 * Decides how a step attempt ended. A playbook is done only when it exited 0 (or, adopted,
 * its exit is unknown) AND its events reached the recap with no failed host and no pause, and
 * no abort was asked for.
 */
export function decideOutcome({kind, exit, summary, abortRequested, playsStarted = true, errorBeforePlays = null}: OutcomeInput): Outcome {
	const cleanEnd = exit !== null && exit.code === 0 && exit.signal === null;
	// The operator's abort wins over everything, a pause or a clean end included: a SIGINT can
	// cut a task while ansible goes on to its recap and exits 0 (2.19.0-2.19.3), and 2.19 exits 0
	// when the SIGINT lands after its recap. An aborted step runs again on resume.
	if (abortRequested) return {status: 'aborted', reason: abortWords(exit, kind === 'playbook' && summary.stats !== null)};
	// Only a playbook pauses; events inside a command step come from playbooks it ran itself.
	if (kind === 'playbook' && summary.paused) {
		const where = summary.paused.task ? `before task "${summary.paused.task.name}"` : `at the start of play "${summary.paused.play ?? ''}"`;
		return {status: 'paused', reason: `paused ${where}`};
	}
	if (kind === 'command' || !summary.hello) {
		const beforePlays = kind === 'playbook' && !playsStarted;
		const before = errorBeforePlays ? ` before its first play: ${errorBeforePlays}` : ' (no events, and no play in its log)';
		const why = kind === 'command' ? '' : beforePlays ? before : ' (no events: the callback plugin did not load, so only the exit code is known)';
		if (exit === null && beforePlays) return {status: 'interrupted', reason: 'ended while the driver was away, before its first play (no events and no play in its log)'};
		if (exit === null) return {status: 'interrupted', reason: `ended while the driver was away; its outcome is unknown${why}`};
		if (cleanEnd) return {status: 'done', reason: `exited 0${why}`};
		if (exit.signal || exit.code === 99) return {status: 'interrupted', reason: `${exitWords(exit)}${why}`};
		return {status: 'failed', reason: `${exitWords(exit)}${why}`};
	}
	if (summary.stats) {
		const bad = statsProblemCount(summary.stats);
		if (bad > 0) return {status: 'failed', reason: `${bad} host${bad === 1 ? '' : 's'} failed or unreachable`};
		if (exit && !cleanEnd) return {status: 'failed', reason: `${exitWords(exit)} after its recap`};
		return {status: 'done', reason: exit ? 'exited 0 after its recap' : 'reached its recap'};
	}
	if (exit === null) return {status: 'interrupted', reason: 'ended without its recap while the driver was away'};
	if (cleanEnd) return {status: 'interrupted', reason: 'exited 0 but never reached its recap (cut short); it will run again'};
	if (exit.signal || exit.code === 99) return {status: 'interrupted', reason: `${exitWords(exit)} before its recap`};
	return {status: 'failed', reason: `${exitWords(exit)} before its recap`};
}

/** The run status and exit code that follow a step outcome. */
export function runStatusFor(outcome: Outcome['status']): {status: RunStatus; exitCode: number} {
	switch (outcome) {
		case 'paused':
			return {status: 'paused', exitCode: 3};
		case 'aborted':
			return {status: 'aborted', exitCode: 4};
		case 'failed':
		case 'interrupted':
			return {status: 'failed', exitCode: 1};
		case 'done':
			return {status: 'running', exitCode: 0};
	}
}

export function exitCodeFor(status: RunStatus): number {
	switch (status) {
		case 'done':
			return 0;
		case 'paused':
			return 3;
		case 'aborted':
			return 4;
		case 'failed':
			return 1;
		default:
			return 0;
	}
}

/** Forgets the outcome of the named steps (all when none are named). */
export function resetSteps(state: RunState, ids: string[]): RunState {
	const wanted = new Set(ids);
	const steps = state.steps.map((s) =>
		ids.length === 0 || wanted.has(s.id)
			? {...s, status: 'pending' as const, startedAt: null, endedAt: null, pausedAt: null, hosts: emptyTotals(), reason: null, problems: [], failedHosts: [], fallback: null}
			: s,
	);
	// A step left running by a driver that stopped is not reset (its process may live on): the run
	// stays as running as it was, for `status` and for the resume that follows that step.
	const leftRunning = steps.some((s) => s.status === 'running');
	const stillRunning: RunStatus = state.run.status === 'pausing' ? 'pausing' : 'running';
	const status: RunStatus = steps.every(isFinished) ? 'done' : leftRunning ? stillRunning : 'idle';
	// Every step again: a new run as far as its clock goes (the header's time starts again).
	const clock = ids.length === 0 && !leftRunning ? {startedAt: null, activeMs: 0} : {};
	return {...state, steps, run: {...state.run, status, pid: null, waitingFor: null, ...clock}};
}

// run-upgrade.sh markers: a step whose marker file exists counts as done and is never run.
export const MARKER_DONE_REASON = 'done earlier (marker)';

/** The step was found done by its run-upgrade.sh marker, not run by the driver. */
export function isDoneByMarker(step: Pick<StepState, 'status' | 'reason'>): boolean {
	return step.status === 'done' && step.reason === MARKER_DONE_REASON;
}

/** Marks a step done because its marker exists: no attempt, no start time. */
export function markDoneByMarker(state: RunState, index: number, now: string): RunState {
	return updateStep(state, index, {status: 'done', reason: MARKER_DONE_REASON, startedAt: null, endedAt: now, pausedAt: null, hosts: emptyTotals(), problems: [], failedHosts: []});
}

/** Marks a step skipped without running it (no attempt, no start time), saying why. */
export function markSkipped(state: RunState, index: number, reason: string, now: string): RunState {
	return updateStep(state, index, {status: 'skipped', reason, startedAt: null, endedAt: now, pausedAt: null, hosts: emptyTotals(), problems: [], failedHosts: [], fallback: null});
}

/** The unit's fallback step, when the step at `index` is a main step of a unit that has one. */
export function fallbackOf(plan: Pick<Plan, 'steps'>, index: number): {index: number; id: string} | null {
	const unit = plan.steps[index]?.unit;
	if (unit?.role !== 'main') return null;
	const at = plan.steps.findIndex((s) => s.unit?.id === unit.id && s.unit.role === 'fallback');
	return at === -1 ? null : {index: at, id: plan.steps[at]!.id};
}

/**
 * A main step of a unit failed: its unit's fallback runs instead. The step keeps its failure
 * (handed to the fallback), the unit's later main steps are skipped; null when there is no fallback.
 */
export function handToFallback(state: RunState, plan: Pick<Plan, 'steps'>, index: number, now: string): RunState | null {
	const fallback = fallbackOf(plan, index);
	const unit = plan.steps[index]?.unit;
	if (!fallback || !unit || state.steps[index]?.status !== 'failed') return null;
	let next = updateStep(state, index, {fallback: fallback.id});
	plan.steps.forEach((s, i) => {
		if (i > index && s.unit?.id === unit.id && s.unit.role === 'main') {
			next = markSkipped(next, i, `not run: step ${plan.steps[index]!.id} failed, so the fallback ${fallback.id} of unit ${unit.id} runs instead`, now);
		}
	});
	return next;
}

/** Has a main step of this step's unit failed and handed over to its fallback? */
function unitFellBack(state: RunState, plan: Pick<Plan, 'steps'>, unitId: string): boolean {
	return plan.steps.some((s, i) => s.unit?.id === unitId && s.unit.role === 'main' && typeof state.steps[i]?.fallback === 'string');
}

/** A fallback step runs only once a main step of its unit failed and handed over to it. */
export function fallbackNeeded(state: RunState, plan: Pick<Plan, 'steps'>, index: number): boolean {
	const unit = plan.steps[index]?.unit;
	return unit?.role !== 'fallback' || unitFellBack(state, plan, unit.id);
}

/** A finished main step may write its unit's marker only when no step of the unit fell back. */
export function unitSucceeded(state: RunState, plan: Pick<Plan, 'steps'>, index: number): boolean {
	const unit = plan.steps[index]?.unit;
	return unit?.role !== 'main' || !unitFellBack(state, plan, unit.id);
}

/**
 * Step ids for `reset`: a unit's id stands for all of its steps, and a step of a unit brings the
 * rest of it (a unit runs again from its first step, as run-upgrade.sh reruns the whole item).
 */
export function expandUnits(state: RunState, ids: string[]): string[] {
	const units = new Set(state.steps.flatMap((s) => (s.unit && ids.some((id) => id === s.id || id === s.unit?.id) ? [s.unit.id] : [])));
	return state.steps.filter((s) => ids.includes(s.id) || (s.unit && units.has(s.unit.id))).map((s) => s.id);
}

/**
 * The hosts a failed playbook step failed or was unreachable on in its last attempt (states
 * written before failedHosts was recorded: the hosts of its problems), or null when there is
 * nothing to limit to: the step did not fail, or failed before any host did.
 */
export function failedHostsOf(previous: StepState, step: {kind: 'playbook' | 'command'}): string[] | null {
	if (step.kind !== 'playbook' || previous.status !== 'failed') return null;
	const hosts = recordedFailedHosts(previous);
	return hosts.length > 0 ? [...hosts].sort() : null;
}

/** Every host that failed or was unreachable in the step's last attempt (older states: its problems' hosts). */
export function recordedFailedHosts(s: Pick<StepState, 'failedHosts' | 'problems'>): string[] {
	return s.failedHosts ?? [...new Set(s.problems.map((p) => p.host))];
}
