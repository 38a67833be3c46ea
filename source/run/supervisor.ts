// The supervisor: the single owner of a run. It runs the plan's steps in order, one process at a
// time, adopts a step left running by a supervisor that died, and is the only writer of the state.
import {existsSync} from 'node:fs';
import {join} from 'node:path';
import {stepEnv} from '../ansible/command.js';
import {pasteCommand} from '../plan/handover.js';
import {withStepEnv} from '../plan/step-env.js';
import {markerExists, writeMarker} from '../markers/files.js';
import type {Plan, PlanStep} from '../plan/types.js';
import {spawnAttempt, watchAttempt, type Watched} from './attempt.js';
import {attemptToken, attemptVariable} from './attempt-identity.js';
import {attemptLeader, attemptProcesses} from './attempt-processes.js';
import {seenAnsible, seenAnsibleWarning} from './ansible-info.js';
import {abortRequested, controlPaths, pauseRequested, type HeardRequests} from './control.js';
import {addActiveTime, decideOutcome, failedHostsOf, fallbackNeeded, handToFallback, markDoneByMarker, markSkipped, nextStepIndex, runStatusFor, setRun, startAttempt, unitSucceeded, updateStep, type Outcome} from './machine.js';
import {clearHandOver, writeHandOver} from './handover-file.js';
import {waitForEarlierAttempts} from './earlier-attempts.js';
import {recordDuration} from './history.js';
import {logAnsibleError, logShowsPlays, pluginMissing} from './plugin-check.js';
import {ansibleErrorLine} from '../ansible/error-text.js';
import {isSameProcessAlive} from './process.js';
import type {Reporter} from './reporter.js';
import type {StateStore} from './store.js';
import {count} from '../text/words.js';
import type {NotifyEvent} from '../plan/types.js';
import type {Notifier} from './notifier.js';
import {notifyPayload} from './notify-payload.js';
import {findStall, stallThreshold, stallWords} from './stall.js';
import {readTaskDurations, recordTaskDurations} from './task-history.js';
import {rcCallbackDefault, userRcSettingCallbacks, wrapperRc} from '../ansible/wrapper-rc.js';
import type {Attempt, RunState} from './types.js';
import {resplitOnly, resplitWords, untouched} from './resplit.js';
import {checkSkip, runExitCode} from './checks.js';

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
/** findUnsavedPid: how long a child forked by a spawn cut short may take to exec. */
const unsavedPidSettleMs = 500;
/** Default of SupervisorOptions.saveRetryMs, and how often a failing save is tried again. */
export const defaultSaveRetryMs = 5 * 60_000;
const saveRetryEveryMs = 2000;

export class Supervisor {
	private state: RunState;
	private wakeUp: (() => void) | null = null;
	private lastPersist = 0;
	private lastPluginCheck = 0;
	/** Why the latest save failed; null when the state on disk is the one in memory. */
	private saveFailure: string | null = null;
	private gaveUp = false;
	/** Earlier task durations of the step running now (stall thresholds), read once per step. */
	private taskHistory: {hash: string; seconds: Record<string, number>} | null = null;
	/** Stalls already told (step, attempt, task): a stall is notified once per task. */
	private readonly toldStalls = new Set<string>();

	private plan: Plan;
	/** Split steps read again in this session (once each, as the run reaches them). */
	private readonly splitsRead = new Set<string>();

	constructor(private readonly o: SupervisorOptions, initial: RunState) {
		this.state = initial;
		this.plan = o.plan;
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

	/**
	 * Writes the state; a failure (a full disk) never throws: it is said once, the old state.json
	 * stays valid, and the loop starts no new step until a save works (saveWithRetries).
	 */
	private save(): boolean {
		this.lastPersist = Date.now(); // also after a failure: progress must not retry on every event
		try {
			this.o.store.write(this.state);
		} catch (error) {
			const failure = error instanceof Error ? error.message : String(error);
			if (this.saveFailure === null) {
				const running = this.state.steps.find((s) => s.status === 'running');
				const goesOn = running ? `step ${running.id} runs on to its end; ` : '';
				this.o.reporter.note(`error: ${failure}; ${goesOn}no new step starts until the state is saved`);
			}
			this.saveFailure = failure;
			return false;
		}
		if (this.saveFailure !== null) this.o.reporter.note('the run state is saved again');
		this.saveFailure = null;
		return true;
	}

	/** Saves, retrying while it fails (up to saveRetryMs, or until a pause or abort is asked); false: give up. */
	private async saveWithRetries(): Promise<boolean> {
		if (this.save()) return true;
		const retryMs = this.o.saveRetryMs ?? defaultSaveRetryMs;
		const until = Date.now() + retryMs;
		if (retryMs > 0) this.o.reporter.note(`trying again every ${saveRetryEveryMs / 1000}s for up to ${Math.round(retryMs / 1000)}s: free space on the run directory's filesystem`);
		while (Date.now() < until && !this.pauseWanted() && !this.abortWanted()) {
			await this.wait(Math.min(saveRetryEveryMs, Math.max(0, until - Date.now())));
			if (this.save()) return true;
		}
		return false;
	}

	/**
	 * Saving keeps failing: stop with the state on disk older than the run. Never exit 0 then (the
	 * end is not recorded); a pause or abort keeps its code, as resume treats them alike.
	 */
	private giveUp(code: number): number {
		this.gaveUp = true;
		this.o.reporter.note(
			`stopped: ${this.saveFailure ?? 'the run state could not be saved'}. ${this.o.store.file} keeps the last state saved, and no new step was started. Free space, then resume: finished steps do not run again, and a step whose end was not saved is judged from its events.`,
		);
		const final = code === 0 ? 1 : code;
		if (final === 1) this.state = setRun(this.state, {status: 'failed', pid: null, waitingFor: null}, now());
		return final;
	}

	/** Runs the plan from its first unfinished step; resolves to the process exit code. */
	async run(): Promise<number> {
		let code = await this.runSteps();
		// The run's end is told only once it is saved (or saving was given up).
		if (this.saveFailure !== null && !this.gaveUp && !(await this.saveWithRetries())) code = this.giveUp(code);
		code = runExitCode(this.state, code);
		this.endRun(code);
		// The run report (report.md in the run directory), whatever the outcome.
		let report: string | null = null;
		try {
			if (this.o.writeReport) {
				report = await this.o.writeReport(this.o.dir, this.state);
				this.o.reporter.note(`report: ${report}`);
			}
		} catch (error) {
			this.o.reporter.note(`warning: could not write the run report: ${error instanceof Error ? error.message : String(error)}`);
		}
		const event = runEvent(this.state.run.status);
		if (event) this.notify(event, nextStepIndex(this.state), report);
		await this.o.notifier?.settle();
		return code;
	}

	/** Tells the notify hook (if any) of an event about the step at `index` (-1: none). */
	private notify(event: NotifyEvent, index: number, report: string | null = null): void {
		const notifier = this.o.notifier;
		if (!notifier?.wants(event)) return;
		const handover = join(this.o.dir, 'handover.txt');
		notifier.send(notifyPayload(event, this.state, this.o.dir, index, {handover: existsSync(handover) ? handover : null, report}, Date.now()));
	}

	/** A task running past its threshold on some hosts: kept in the state, told once per task. */
	private checkStall(index: number, step: PlanStep, summary: Watched['summary']): void {
		if (step.kind !== 'playbook') return;
		if (this.taskHistory?.hash !== step.hash) this.taskHistory = {hash: step.hash, seconds: readTaskDurations(this.o.env, step.hash)};
		const history = this.taskHistory.seconds;
		const stall = findStall(summary.running, summary.currentTask, Date.now() / 1000, (name) => stallThreshold(step.stallAfter, history[name]));
		const before = this.state.steps[index]?.stalled ?? null;
		if (JSON.stringify(before) === JSON.stringify(stall)) return;
		this.state = updateStep(this.state, index, {stalled: stall});
		this.save();
		if (!stall) return;
		const key = `${step.id}#${this.state.steps[index]?.attempts ?? 0}#${stall.taskId}`;
		if (this.toldStalls.has(key)) return;
		this.toldStalls.add(key);
		this.o.reporter.note(`stalled: step ${step.id}: ${stallWords(stall, Date.now())}`);
		this.notify('stalled', index);
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
		const status = this.state.run.status;
		const next = nextStepIndex(this.state);
		try {
			if ((status === 'failed' || status === 'aborted') && next !== -1) {
				const step = this.plan.steps[next];
				writeHandOver(this.o.dir, this.plan, next, step ? failedHostsOf(this.state.steps[next]!, step) : null);
			}
			else clearHandOver(this.o.dir);
		} catch (error) {
			this.o.reporter.note(`warning: could not update handover.txt: ${error instanceof Error ? error.message : String(error)}`);
		}
		this.o.reporter.end(this.state, this.plan, code);
	}

	/** A step left 'running' by a supervisor that died: wait for its processes or judge it from its events. */
	private async adoptLeftovers(): Promise<number | null> {
		const index = this.state.steps.findIndex((s) => s.status === 'running');
		if (index === -1) return null;
		const stepState = this.state.steps[index]!;
		const step = this.plan.steps[index];
		if (!step || !stepState.attempt) {
			this.state = updateStep(this.state, index, {status: 'interrupted', reason: 'was running when the driver stopped'});
			return null;
		}
		const attempt = stepState.attempt.pid === null ? await this.findUnsavedPid(index, stepState.attempt) : stepState.attempt;
		const live = attemptProcesses(attempt);
		const leaderAlive = attempt.pid !== null && isSameProcessAlive(attempt.pid, attempt.pidStart);
		this.o.reporter.note(
			leaderAlive
				? `step ${step.id} is still running from an earlier driver (pid ${attempt.pid}); following it to its end`
				: live.length > 0
					? `step ${step.id}: its ansible-playbook has ended, but processes of it still run (pid ${live.slice(0, 8).map((p) => p.pid).join(', ')}); waiting for them, then judging it from its events`
					: `step ${step.id} was running when the earlier driver stopped; judging it from its events`,
		);
		const watched = await watchAttempt(
			// Followed until no process of it is left: workers outlive a killed ansible-playbook.
			{pid: attempt.pid ?? 0, pidStart: attempt.pidStart, token: attempt.token ?? null, eventsFile: attempt.eventsFile, exited: null, tickMs: this.o.tickMs ?? 200},
			this.hooks(index, step),
			this.wait,
		);
		return this.conclude(index, step, attempt, {...watched, exit: null}, true);
	}

	/**
	 * An attempt saved without its pid: the supervisor was killed right after the spawn. Its token
	 * finds the process. A child forked by a spawn the kill cut short carries the token once it has
	 * exec'd, a moment later: one more look after a short wait.
	 */
	private async findUnsavedPid(index: number, attempt: Attempt): Promise<Attempt> {
		if (!attempt.token) return attempt;
		let leader = attemptLeader(attempt);
		if (!leader) {
			await this.wait(unsavedPidSettleMs);
			leader = attemptLeader(attempt);
		}
		if (!leader) return attempt;
		const found: Attempt = {...attempt, ...leader};
		this.state = updateStep(this.state, index, {attempt: found});
		this.save();
		return found;
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
		// Never reuse an attempt's files: old events (a recap, a pause record) would be judged as
		// this attempt's. The state may have started over (reset, a plan change) while steps/ stayed.
		let n = previous.attempts + 1;
		while (existsSync(join(this.o.dir, 'steps', step.id, `attempt-${n}.events.ndjson`)) || existsSync(join(this.o.dir, 'steps', step.id, `attempt-${n}.log`))) n++;
		const base = join(this.o.dir, 'steps', step.id, `attempt-${n}`);
		const extraArgs: string[] = [];
		if (this.o.atTask && step.kind === 'playbook' && previous.status === 'paused' && previous.pausedAt?.task) {
			extraArgs.push('--start-at-task', previous.pausedAt.task);
			this.o.reporter.note(
				`warning: starting ${step.id} at task "${previous.pausedAt.task}" (--start-at-task): tasks before it are skipped and do not register their variables`,
			);
		}
		const only = this.o.failedHosts ? failedHostsOf(previous, step) : null;
		if (only) {
			// ansible takes the last --limit: this one, within the step's own (the hosts failed under it).
			extraArgs.push('--limit', only.join(','));
			this.o.reporter.note(
				`step ${step.id} runs again on the ${only.length === 1 ? 'host' : `${only.length} hosts`} that failed only (--limit ${only.join(',')}): its plays are not run again on the other hosts; the steps after it run on all hosts`,
			);
		}
		const argv = [...step.argv, ...extraArgs];
		const token = attemptToken(this.o.dir, step.id, n);
		const intent: Attempt = {
			n,
			pid: null,
			pidStart: null,
			startedAt: now(),
			endedAt: null,
			exitCode: null,
			signal: null,
			eventsFile: `${base}.events.ndjson`,
			logFile: `${base}.log`,
			extraArgs,
			...(only ? {failedHostsOnly: only} : {}),
			token,
		};
		// Saved before the spawn: a supervisor killed at any moment after it leaves the attempt's
		// number, files and token on disk, by which the next one adopts the process instead of
		// starting the step again beside it (a pid saved only after the spawn left a window).
		const before = this.state;
		this.state = startAttempt(this.state, index, intent, intent.startedAt);
		if (!(await this.saveWithRetries())) {
			this.state = before;
			return this.giveUp(1);
		}
		// A command step is never cut: an ansible-playbook it runs inside must not pause it midway.
		// The openstack-ansible wrapper's rc default (ceph-ansible's callback folder) is kept beside ours.
		const merged = withStepEnv(this.o.env, step);
		const rc = step.kind === 'playbook' ? wrapperRc(step.argv[0] ?? '', merged, step.cwd) : null;
		const programDefault = rc ? rcCallbackDefault(rc, merged) : null;
		const env = stepEnv(this.o.env, step.env, {eventsFile: intent.eventsFile, pauseFile: controlPaths(this.o.dir).pause, pauseMode: step.kind === 'command' ? 'step' : step.pause}, step.cwd, programDefault, step.unsetEnv);
		env[attemptVariable] = token;
		const header = `# ansible-driver: step ${step.id}, attempt ${n}, ${intent.startedAt}\n# ${pasteCommand(step.cwd, step.env, argv, step.unsetEnv)}\n`;
		const spawned = spawnAttempt(argv, step.cwd, env, intent.logFile, header);
		const attempt: Attempt = {...intent, pid: spawned.pid || null, pidStart: spawned.pidStart};
		this.state = updateStep(this.state, index, {attempt});
		this.state = setRun(this.state, {status: this.pauseWanted() ? 'pausing' : 'running'}, now());
		this.save();
		this.o.reporter.stepStart(index, step, attempt);
		// Its exit ends the tick's wait at once: the step is judged, and the next one starts, without
		// waiting out the tick (and the process does not linger on a timer at the end).
		void spawned.exited.then(() => this.wake());

		const watched = await watchAttempt(
			{pid: spawned.pid, pidStart: spawned.pidStart, token, eventsFile: attempt.eventsFile, exited: spawned.exited, tickMs: this.o.tickMs ?? 200},
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
				if (Date.now() - this.lastPersist >= persistEveryMs) this.save();
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
		let waitingFor: string | null = null;
		if (pausing) {
			// Already paused: only ansible-playbook's exit is left (not the task it announced).
			if (summary.paused) waitingFor = `ansible-playbook to exit (it paused before ${summary.paused.task ? `task "${summary.paused.task.name}"` : 'the next play'})`;
			// Heard by signal only: the plugin watches the request file, which could not be written.
			else if (!pauseRequested(this.o.dir)) waitingFor = `the end of step ${step.id} (the pause request could not be written to ${controlPaths(this.o.dir).pause}, so ansible cannot see it)`;
			else if (step.kind === 'command') waitingFor = `the end of step ${step.id} (a command step cannot be cut)`;
			else if (step.pause === 'step') waitingFor = `the end of step ${step.id} (marked pause: step)`;
			else if (this.state.steps[index]?.eventsSeen === false) waitingFor = `the end of step ${step.id} (the callback plugin did not load: task-level pause unavailable)`;
			else if (summary.waiting) waitingFor = summary.waiting;
			else if (step.pause === 'play') waitingFor = 'the end of the current play or serial batch';
			else if (summary.currentTask) waitingFor = `task "${summary.currentTask.name}" to finish on every host`;
			else waitingFor = 'the next task boundary';
		}
		const status = pausing ? 'pausing' : 'running';
		if (status !== this.state.run.status || waitingFor !== this.state.run.waitingFor) {
			if (waitingFor && waitingFor !== this.state.run.waitingFor) this.o.reporter.note(`pausing: waiting for ${waitingFor}`);
			this.state = setRun(this.state, {status, waitingFor}, now());
			this.save();
		} else if (Date.now() - this.lastPersist >= persistEveryMs * 5) this.save();
	}

	/** Once a second until events arrive: has ansible started without the plugin? */
	private checkPlugin(index: number, step: PlanStep, summary: Watched['summary']): void {
		const stepState = this.state.steps[index];
		const attempt = stepState?.attempt;
		if (step.kind !== 'playbook' || summary.hello || !attempt || stepState.eventsSeen === false) return;
		if (Date.now() - this.lastPluginCheck < 1000) return;
		this.lastPluginCheck = Date.now();
		if (!pluginMissing(attempt.logFile, attempt.eventsFile)) return;
		this.o.reporter.note(
			`warning: step ${step.id}: the callback plugin did not load (${replacedBy(step, this.o.env)}): no live results for this step, and a pause takes effect after it`,
		);
		this.state = updateStep(this.state, index, {eventsSeen: false});
		this.save();
	}

	private conclude(index: number, step: PlanStep, attempt: Attempt, watched: Watched, adopted = false): number | null {
		const s = watched.summary;
		// No events and no play in the log: it stopped before the plugin would have loaded.
		const playsStarted = step.kind !== 'playbook' || s.hello || logShowsPlays(attempt.logFile);
		const error = playsStarted ? null : logAnsibleError(attempt.logFile);
		const outcome: Outcome = watched.error
			? {status: 'failed', reason: `could not start ${step.argv[0]}: ${watched.error}`}
			: decideOutcome({kind: step.kind, exit: watched.exit, summary: s, abortRequested: watched.aborted || this.abortWanted(), playsStarted, errorBeforePlays: error && ansibleErrorLine(error)});
		// run-upgrade.sh compatibility: a finished step writes its marker (the last of steps sharing
		// one; in a unit, only when the unit succeeded).
		if (outcome.status === 'done' && step.marker?.write && unitSucceeded(this.state, this.plan, index)) {
			const error = writeMarker(step.marker);
			if (error) this.o.reporter.note(`warning: could not write the marker of step ${step.id}: ${error}`);
		}
		const pausedAt =
			outcome.status === 'paused' && s.paused ? {task: s.paused.task?.name ?? null, play: s.paused.play, reason: s.paused.reason, at: now()} : null;
		recordTaskDurations(this.o.env, step.hash, s.taskSeconds);
		this.state = addActiveTime(this.state, attempt.startedAt, now());
		this.state = updateStep(this.state, index, {
			status: outcome.status,
			stalled: null,
			endedAt: now(),
			pausedAt,
			hosts: {...s.totals},
			problems: s.problems.slice(),
			failedHosts: [...s.failedHosts],
			reason: outcome.reason,
			eventsSeen: step.kind === 'playbook' && playsStarted ? s.hello : null,
			attempt: {...attempt, endedAt: now(), exitCode: watched.exit?.code ?? null, signal: watched.exit?.signal ?? null},
		});
		if (step.kind === 'playbook' && !s.hello && playsStarted && outcome.status !== 'aborted') {
			this.o.reporter.note(`warning: step ${step.id} sent no events: the callback plugin did not load, so there were no live results and no task-level pause`);
		}
		if (watched.badLines > 0) this.o.reporter.note(`warning: ${count(watched.badLines, 'unreadable event line')} in ${attempt.eventsFile} were skipped`);
		this.save();
		if (outcome.status === 'done') recordDuration(this.o.env, step.hash, Date.now() - Date.parse(attempt.startedAt));
		if (outcome.status === 'done') this.notify('step_done', index);
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

/** The notify event of a run that ended with this status. */
function runEvent(status: RunState['run']['status']): NotifyEvent | null {
	switch (status) {
		case 'done':
		case 'paused':
		case 'aborted':
		case 'failed':
			return status;
		default:
			return null;
	}
}

/** What replaced ANSIBLE_CALLBACK_PLUGINS, as far as the driver can tell. */
function replacedBy(step: PlanStep, env: Record<string, string | undefined>): string {
	const merged = withStepEnv(env, step);
	const userRc = wrapperRc(step.argv[0] ?? '', merged, step.cwd) ? userRcSettingCallbacks(merged) : null;
	return userRc
		? `${userRc}, which the openstack-ansible wrapper sources last, sets ANSIBLE_CALLBACK_PLUGINS: append to it there instead, e.g. export ANSIBLE_CALLBACK_PLUGINS="\${ANSIBLE_CALLBACK_PLUGINS}:/your/folder"`
		: 'something replaced ANSIBLE_CALLBACK_PLUGINS';
}

