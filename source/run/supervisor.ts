// The supervisor: the single owner of a run. It runs the plan's steps in order, one process at a
// time, adopts a step left running by a supervisor that died, and is the only writer of the state.
// This file is the step loop and holds the state; what each part of it knows lives beside it:
// saving (saving.ts), adoption (adoption.ts), an attempt's start and end (attempt-start.ts,
// attempt-end.ts), what a pause waits for (pause-waiting.ts), a missing plugin (plugin-watch.ts),
// stalls (stall-watch.ts), the notify hook (notifications.ts), the run's end (run-end.ts).
import {existsSync} from 'node:fs';
import {markerExists, writeMarker} from '../markers/files.js';
import type {Plan, PlanStep} from '../plan/types.js';
import {adoptedWatch, adoptionWords, findUnsavedPid, leftoverStep} from './adoption.js';
import {spawnAttempt, watchAttempt, type Watched} from './attempt.js';
import {judgeAttempt} from './attempt-end.js';
import {attemptEnv, logHeader, nextAttempt} from './attempt-start.js';
import {seenAnsible, seenAnsibleWarning} from './ansible-info.js';
import {checkSkip, runExitCode} from './checks.js';
import {abortRequested, controlPaths, pauseRequested, type HeardRequests} from './control.js';
import {waitForEarlierAttempts} from './earlier-attempts.js';
import {recordDuration} from './history.js';
import {addActiveTime, fallbackNeeded, handToFallback, markDoneByMarker, markSkipped, nextStepIndex, runStatusFor, setRun, startAttempt, unitSucceeded, updateStep} from './machine.js';
import type {Notifier} from './notifier.js';
import {RunNotices} from './notifications.js';
import {pauseWaitingFor} from './pause-waiting.js';
import {pluginMissingWarning, PluginWatch} from './plugin-watch.js';
import type {Reporter} from './reporter.js';
import {resplitOnly, resplitWords, untouched} from './resplit.js';
import {updateHandOver, writeRunReport} from './run-end.js';
import {defaultSaveRetryMs, StateSaving} from './saving.js';
import {stallWords} from './stall.js';
import {StallWatch} from './stall-watch.js';
import type {StateStore} from './store.js';
import {recordTaskDurations} from './task-history.js';
import type {Attempt, RunState} from './types.js';

export {defaultSaveRetryMs};

export interface SupervisorOptions {
	plan: Plan;
	dir: string;
	store: StateStore;
	reporter: Reporter;
	env: Record<string, string | undefined>;
	/** Rerun a paused step from the task where it paused (--start-at-task). */
	atTask?: boolean;
	/** Rerun a failed step on the hosts that failed in its last attempt only (--limit). */
	failedHosts?: boolean;
	tickMs?: number;
	/** How long a supervisor that cannot save its state waits for that to work before it stops. */
	saveRetryMs?: number;
	/** Runs the plan's (or --notify's) hook on run events. */
	notifier?: Notifier;
	/**
	 * The plan read again (as the run began: same file or clone, series, --no-split), or why it
	 * cannot be: `split: imports` steps are split by what is installed when the run reaches them.
	 */
	reopenPlan?: () => Plan | {problem: string};
	/**
	 * Pause and abort requests heard by signal (SIGUSR1, SIGUSR2, Ctrl-C): they count even when
	 * their request file could not be written (a full disk).
	 */
	heard?: HeardRequests;
	/** Writes the run report (report.md in the run directory) at the run's end; its path. */
	writeReport?: (dir: string, state: RunState) => Promise<string>;
}

const now = () => new Date().toISOString();
const persistEveryMs = 1000;

export class Supervisor {
	private state: RunState;
	private wakeUp: (() => void) | null = null;
	private readonly plugin = new PluginWatch();
	private readonly saving: StateSaving;
	private readonly notices: RunNotices;
	private readonly stalls: StallWatch;

	private plan: Plan;
	/** Split steps read again in this session (once each, as the run reaches them). */
	private readonly splitsRead = new Set<string>();

	constructor(private readonly o: SupervisorOptions, initial: RunState) {
		this.state = initial;
		this.plan = o.plan;
		this.saving = new StateSaving({
			store: o.store,
			note: (text) => o.reporter.note(text),
			retryMs: o.saveRetryMs ?? defaultSaveRetryMs,
			stopWanted: () => this.pauseWanted() || this.abortWanted(),
			wait: (ms) => this.wait(ms),
		});
		this.notices = new RunNotices(o.notifier, o.dir);
		this.stalls = new StallWatch(o.env);
	}

	/** Re-checks control requests now instead of at the next tick (called on signals). */
	wake(): void {
		this.wakeUp?.();
	}

	private readonly wait = (ms: number) =>
		new Promise<void>((resolve) => {
			const timer = setTimeout(done, ms);
			function done() {
				clearTimeout(timer);
				resolve();
			}
			this.wakeUp = done;
		});

	/** A pause asked by its request file, or heard by signal alone. */
	private pauseWanted(): boolean {
		return pauseRequested(this.o.dir) || this.o.heard?.pause === true;
	}

	private abortWanted(): boolean {
		return abortRequested(this.o.dir) || this.o.heard?.abort === true;
	}

	/** Saves the state (saving.ts: a failure is said, never thrown; no new step starts until a save works). */
	private save(): boolean {
		return this.saving.save(this.state);
	}

	/** Saving keeps failing: stop (saving.ts says how). */
	private giveUp(code: number): number {
		const given = this.saving.giveUp(code, this.state, now());
		this.state = given.state;
		return given.code;
	}

	/** Runs the plan from its first unfinished step; resolves to the process exit code. */
	async run(): Promise<number> {
		let code = await this.runSteps();
		// The run's end is told only once it is saved (or saving was given up).
		if (this.saving.failure !== null && !this.saving.gaveUp && !(await this.saving.saveWithRetries(this.state))) code = this.giveUp(code);
		code = runExitCode(this.state, code);
		this.endRun(code);
		const {report, note} = await writeRunReport(this.o.writeReport, this.o.dir, this.state);
		if (note) this.o.reporter.note(note);
		this.notices.runEnded(this.state, report);
		await this.notices.settle();
		return code;
	}

	private async runSteps(): Promise<number> {
		const {reporter} = this.o;
		this.state = setRun(this.state, {status: 'running', pid: process.pid, startedAt: this.state.run.startedAt ?? now(), waitingFor: null}, now());
		this.save();
		reporter.start(this.state, this.plan, this.o.dir);

		const adopted = await this.adoptLeftovers();
		if (adopted !== null) return adopted;

		for (;;) {
			const index = nextStepIndex(this.state);
			// Before "done": an abort asked while the last step was ending still ends the run aborted.
			if (this.abortWanted()) return this.finish('aborted', 4, index === -1 ? 'aborted as the last step ended' : 'aborted before the next step started');
			if (index === -1) return this.finish('done', 0);
			if (this.pauseWanted()) return this.finish('paused', 3, 'paused between steps');
			if (this.readSplitAgain(index)) continue;
			const step = this.plan.steps[index]!;
			const skip = skipReason(this.state, this.plan, index);
			if (skip !== null) {
				this.state = markSkipped(this.state, index, skip, now());
				this.save();
				reporter.note(`step ${step.id}: ${skip}`);
				continue;
			}
			// run-upgrade.sh compatibility: a step whose marker exists was done earlier; never run it.
			if (step.marker && markerExists(step.marker)) {
				this.state = markDoneByMarker(this.state, index, now());
				this.save();
				reporter.note(`step ${step.id}: done earlier (marker ${step.marker.path}); not run`);
				continue;
			}
			// Never start a step the state on disk does not show: runStep saves the attempt before its
			// spawn (with retries, giving up when it cannot), which is that save.
			const code = await this.runStep(index, step);
			if (code !== null) return code;
		}
	}

	/**
	 * At the first step of a `split: imports` step not started yet: the plan read again, its parts
	 * as now installed taken (bootstrap-ansible.sh may have installed a new collection since the
	 * plan was read). True when the steps changed (the loop looks at the index again).
	 */
	private readSplitAgain(index: number): boolean {
		const group = this.plan.steps[index]?.splitOf;
		if (group === undefined || !this.o.reopenPlan || this.splitsRead.has(group)) return false;
		this.splitsRead.add(group);
		// A part that started stays as it was read: reading the plan again could not change it.
		if (!this.state.steps.filter((s) => s.splitOf === group).every(untouched)) return false;
		const plan = this.o.reopenPlan();
		const kept = `step ${group} runs as read when the run began`;
		if ('problem' in plan) {
			this.o.reporter.note(`warning: the plan could not be read again (${plan.problem}); ${kept}`);
			return false;
		}
		const resplit = resplitOnly(this.state, plan);
		if (resplit === null) {
			this.o.reporter.note(`warning: the plan changed since the run began, besides its split steps; ${kept} (resume to take the changes)`);
			return false;
		}
		if (resplit.groups.length === 0) return false;
		this.plan = plan;
		this.state = resplit.state;
		this.save();
		this.o.reporter.planChanged?.(plan);
		for (const changed of resplit.groups) this.o.reporter.note(resplitWords(changed));
		return true;
	}

	/** The run's outcome, saved; run() tells it once the save is done (it may have to wait for space). */
	private finish(status: RunState['run']['status'], code: number, note?: string): number {
		if (note) this.o.reporter.note(note);
		this.state = setRun(this.state, {status, pid: null, waitingFor: null}, now());
		this.save();
		return code;
	}

	private endRun(code: number): void {
		const warning = updateHandOver(this.o.dir, this.plan, this.state);
		if (warning) this.o.reporter.note(warning);
		this.o.reporter.end(this.state, this.plan, code);
	}

	/** A step left 'running' by a supervisor that died (adoption.ts): followed to its end, or judged from its events. */
	private async adoptLeftovers(): Promise<number | null> {
		const left = leftoverStep(this.state);
		if (left === null) return null;
		const {index} = left;
		const step = this.plan.steps[index];
		if (!step || !left.attempt) {
			this.state = updateStep(this.state, index, {status: 'interrupted', reason: 'was running when the driver stopped'});
			return null;
		}
		let attempt = left.attempt;
		const found = attempt.pid === null ? await findUnsavedPid(attempt, this.wait) : null;
		if (found) {
			attempt = found;
			this.state = updateStep(this.state, index, {attempt});
			this.save();
		}
		this.o.reporter.note(adoptionWords(step.id, attempt));
		const watched = await watchAttempt(adoptedWatch(attempt, this.o.tickMs ?? 200), this.hooks(index, step), this.wait);
		return this.conclude(index, step, attempt, {...watched, exit: null}, true);
	}

	/** Runs one attempt of a step; resolves to an exit code when the run must stop, else null. */
	private async runStep(index: number, step: PlanStep): Promise<number | null> {
		const previous = this.state.steps[index]!;
		const earlier = await waitForEarlierAttempts(
			{dir: this.o.dir, stepId: step.id, previous: previous.attempt, tickMs: this.o.tickMs ?? 200},
			{abortWanted: () => this.abortWanted(), pauseWanted: () => this.pauseWanted(), note: (text) => this.o.reporter.note(text)},
			this.wait,
		);
		if (earlier === 'aborted') return this.finish('aborted', 4, `aborted before step ${step.id} started again`);
		if (earlier === 'paused') return this.finish('paused', 3, `paused before step ${step.id} started again`);
		const {attempt: intent, argv, notes} = nextAttempt({dir: this.o.dir, step, previous, atTask: this.o.atTask === true, failedHosts: this.o.failedHosts === true, at: now()});
		for (const text of notes) this.o.reporter.note(text);
		// Saved before the spawn: a supervisor killed at any moment after it leaves the attempt's
		// number, files and token on disk, by which the next one adopts the process instead of
		// starting the step again beside it (a pid saved only after the spawn left a window).
		const before = this.state;
		this.state = startAttempt(this.state, index, intent, intent.startedAt);
		if (!(await this.saving.saveWithRetries(this.state))) {
			this.state = before;
			return this.giveUp(1);
		}
		const spawned = spawnAttempt(argv, step.cwd, attemptEnv(this.o.env, step, intent, this.o.dir), intent.logFile, logHeader(step, intent, argv));
		const attempt: Attempt = {...intent, pid: spawned.pid || null, pidStart: spawned.pidStart};
		this.state = updateStep(this.state, index, {attempt});
		this.state = setRun(this.state, {status: this.pauseWanted() ? 'pausing' : 'running'}, now());
		this.save();
		this.o.reporter.stepStart(index, step, attempt);
		// Its exit ends the tick's wait at once: the step is judged, and the next one starts, without
		// waiting out the tick (and the process does not linger on a timer at the end).
		void spawned.exited.then(() => this.wake());

		const watched = await watchAttempt(
			{pid: spawned.pid, pidStart: spawned.pidStart, token: intent.token, eventsFile: attempt.eventsFile, exited: spawned.exited, tickMs: this.o.tickMs ?? 200},
			this.hooks(index, step),
			this.wait,
		);
		return this.conclude(index, step, attempt, watched);
	}

	private hooks(index: number, step: PlanStep) {
		return {
			onProblem: (problem: RunState['steps'][number]['problems'][number]) => this.o.reporter.problem(index, step, problem),
			onProgress: (summary: Watched['summary']) => {
				this.recordAnsible(index, step, summary.ansibleVersion);
				this.state = updateStep(this.state, index, {hosts: {...summary.totals}, problems: summary.problems.slice(), failedHosts: [...summary.failedHosts], eventsSeen: summary.hello ? true : null});
				if (Date.now() - this.saving.lastTried >= persistEveryMs) this.save();
			},
			abortWanted: () => this.abortWanted(),
			onTick: (summary: Watched['summary']) => this.tick(index, step, summary),
			note: (text: string) => this.o.reporter.note(text),
		};
	}

	/** The ansible-core the attempt says it runs (its hello) replaces preflight's guess. */
	private recordAnsible(index: number, step: PlanStep, version: string | null): void {
		const stepState = this.state.steps[index];
		const seen = stepState ? seenAnsible(stepState, version) : null;
		if (!stepState || !seen) return;
		const warning = seenAnsibleWarning(step.id, stepState.ansible, seen.ansible.version);
		if (warning) this.o.reporter.note(warning);
		this.state = updateStep(this.state, index, seen);
	}

	/** Notices a plugin that did not load; while a pause is requested, says what it waits for. */
	private tick(index: number, step: PlanStep, summary: Watched['summary']): void {
		this.checkPlugin(index, step, summary);
		this.checkStall(index, step, summary);
		const pausing = this.pauseWanted();
		const waitingFor = pausing
			? pauseWaitingFor(step, summary, {requestWritten: pauseRequested(this.o.dir), pauseFile: controlPaths(this.o.dir).pause, pluginMissing: this.state.steps[index]?.eventsSeen === false})
			: null;
		const status = pausing ? 'pausing' : 'running';
		if (status !== this.state.run.status || waitingFor !== this.state.run.waitingFor) {
			if (waitingFor && waitingFor !== this.state.run.waitingFor) this.o.reporter.note(`pausing: waiting for ${waitingFor}`);
			this.state = setRun(this.state, {status, waitingFor}, now());
			this.save();
		} else if (Date.now() - this.saving.lastTried >= persistEveryMs * 5) this.save();
	}

	/** Once a second until events arrive: has ansible started without the plugin? */
	private checkPlugin(index: number, step: PlanStep, summary: Watched['summary']): void {
		if (!this.plugin.missing(step, this.state.steps[index], summary)) return;
		this.o.reporter.note(pluginMissingWarning(step, this.o.env));
		this.state = updateStep(this.state, index, {eventsSeen: false});
		this.save();
	}

	/** A task running past its threshold on some hosts: kept in the state, told once per task. */
	private checkStall(index: number, step: PlanStep, summary: Watched['summary']): void {
		if (step.kind !== 'playbook') return;
		const stall = this.stalls.find(step, summary, Date.now());
		const before = this.state.steps[index]?.stalled ?? null;
		if (JSON.stringify(before) === JSON.stringify(stall)) return;
		this.state = updateStep(this.state, index, {stalled: stall});
		this.save();
		if (!stall || !this.stalls.isNew(step.id, this.state.steps[index]?.attempts ?? 0, stall)) return;
		this.o.reporter.note(`stalled: step ${step.id}: ${stallWords(stall, Date.now())}`);
		this.notices.tell('stalled', this.state, index);
	}

	private conclude(index: number, step: PlanStep, attempt: Attempt, watched: Watched, adopted = false): number | null {
		const at = now();
		const {outcome, patch, notes} = judgeAttempt(step, attempt, watched, watched.aborted || this.abortWanted(), at);
		// run-upgrade.sh compatibility: a finished step writes its marker (the last of steps sharing
		// one; in a unit, only when the unit succeeded).
		if (outcome.status === 'done' && step.marker?.write && unitSucceeded(this.state, this.plan, index)) {
			const error = writeMarker(step.marker);
			if (error) this.o.reporter.note(`warning: could not write the marker of step ${step.id}: ${error}`);
		}
		recordTaskDurations(this.o.env, step.hash, watched.summary.taskSeconds);
		this.state = addActiveTime(this.state, attempt.startedAt, at);
		this.state = updateStep(this.state, index, patch);
		for (const text of notes) this.o.reporter.note(text);
		this.save();
		if (outcome.status === 'done') recordDuration(this.o.env, step.hash, Date.now() - Date.parse(attempt.startedAt));
		if (outcome.status === 'done') this.notices.tell('step_done', this.state, index);
		this.o.reporter.stepEnd(index, step, this.state.steps[index]!, outcome);
		const next = runStatusFor(outcome.status);
		if (outcome.status === 'done') return null;
		// run-upgrade.sh's `A && B || C`: a failed main step of a unit hands over to its fallback.
		const handed = outcome.status === 'failed' ? handToFallback(this.state, this.plan, index, now()) : null;
		if (handed) {
			this.state = handed;
			this.save();
			this.o.reporter.note(`unit ${step.unit?.id}: step ${step.id} failed; its fallback ${handed.steps[index]?.fallback} runs next`);
			return null;
		}
		// The operator asked to resume: a step cut short (or paused) while the driver was away runs again.
		if (adopted && (outcome.status === 'interrupted' || outcome.status === 'paused')) {
			this.o.reporter.note(`step ${step.id} did not finish while the driver was away; it runs again from its start`);
			return null;
		}
		return this.finish(next.status, next.exitCode);
	}
}

/** Why the step at `index` is skipped without running (a check not to run, `creates:` exists, a fallback not needed), or null. */
function skipReason(state: RunState, plan: Plan, index: number): string | null {
	const step = plan.steps[index]!;
	const check = checkSkip(state, plan, step);
	if (check !== null) return check;
	if (step.creates !== undefined && existsSync(step.creates)) return `skipped: ${step.creates} exists (creates:)`;
	if (!fallbackNeeded(state, plan, index)) return `skipped: not needed, every step of unit ${step.unit?.id} succeeded`;
	return null;
}
