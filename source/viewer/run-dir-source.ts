// The viewer's side of a live run directory: polls the state, follows the shown step's events
// into a matrix, reads cell details and the log on demand, and turns keys into control requests.
// It never writes the state and never spawns ansible.
import {sanitize} from '../ansible/sanitize.js';
import {readCellDetail} from '../matrix/detail.js';
import {applyMatrixEvent, newMatrix} from '../matrix/reducer.js';
import type {MatrixModel} from '../matrix/types.js';
import {abortSignal, pauseSignal, poke, requestAbort, requestPause} from '../run/control.js';
import {readHandOver, readHandOverOnHosts} from '../run/handover-file.js';
import {failedHostsOf} from '../run/machine.js';
import {liveOwner} from '../run/lock.js';
import {readState, StateStore} from '../run/store.js';
import type {RunState} from '../run/types.js';
import type {StepKind, ViewerData} from './view-types.js';
import {buildRunView} from './run-view.js';
import {stragglers} from '../matrix/stragglers.js';
import {planStepKinds} from './step-kinds.js';
import {SnapshotSource} from './snapshot-source.js';
import type {RequestResult, ResumeOptions, ViewerSource} from './source.js';
import {LineTail, readRange, tailLines} from '../run/tail.js';
import {statSync} from 'node:fs';
import {join} from 'node:path';

interface Followed {
	file: string;
	tail: LineTail;
	matrix: MatrixModel;
}

export interface RunDirSourceOptions {
	dir: string;
	/** Starts a supervisor to resume the run (the CLI passes one that spawns it detached). */
	startSupervisor: (options?: ResumeOptions) => RequestResult;
	/** Shown until the supervisor has written the state (a new run: the plan, all pending). */
	placeholder?: RunState;
	pollMs?: number;
	taskCounts?: () => Record<string, number>;
	history?: () => Record<string, number>;
	/** What each step runs, by step hash; default: read from the plan file the state names. */
	stepKinds?: (plan: RunState['plan']) => Record<string, StepKind>;
}

const logLinesKept = 500;

/** Results and clocks redraw at most this often (a new state or supervisor at the next poll). */
const frameEveryMs = 950;

export class RunDirSource extends SnapshotSource implements ViewerSource {
	private state: RunState | null = null;
	private live = false;
	private logOpen = false;
	private followed = new Map<string, Followed>();
	private timer: NodeJS.Timeout | null = null;
	private readError: string | null = null;
	private notice: string | null = null;
	private store: StateStore | null = null;

	constructor(private readonly o: RunDirSourceOptions) {
		super();
		this.poll();
		// Twice a second: ansible's results arrive in bursts; keys redraw at once, not on the poll.
		this.timer = setInterval(() => this.poll(), o.pollMs ?? 500);
	}

	setLogOpen(open: boolean): void {
		this.logOpen = open;
		this.changed();
	}

	pause(): RequestResult {
		const owner = liveOwner(this.o.dir);
		if (!owner) return {ok: false, message: `p: nothing to pause, the run is ${this.state?.run.status ?? 'not running'}`};
		if (this.state?.run.status === 'pausing') return {ok: false, message: 'p: already pausing'};
		const unwritten = tryRequest(() => requestPause(this.o.dir));
		const signalled = poke(owner, pauseSignal);
		if (unwritten) return {ok: false, message: signalled ? `p: could not write the pause request (${unwritten}); the supervisor was signalled: the running step ends, then the run pauses` : `p: could not write the pause request (${unwritten}); nothing was asked: free space, then p again`};
		return {ok: true, message: 'pause requested: the running task finishes on every host, nothing new starts'};
	}

	resume(options: ResumeOptions = {}): RequestResult {
		const status = this.state?.run.status;
		const owner = liveOwner(this.o.dir);
		// A supervisor that wrote its last state (paused, failed...) holds the run until it exits.
		if (owner && (status === 'paused' || status === 'failed' || status === 'aborted' || status === 'done')) {
			return {ok: false, message: `r: the run is ${status} but its supervisor (pid ${owner.pid}) has not exited yet; try again in a moment`};
		}
		if (owner) return {ok: false, message: `r: the run is ${status ?? 'running'} (supervisor pid ${owner.pid}); nothing to resume`};
		if (status === 'done') return {ok: false, message: 'r: every step is done; nothing to resume'};
		if (options.failedHosts) {
			const failed = this.state?.steps.find((s) => s.status === 'failed' && !s.fallback);
			const hosts = status === 'failed' && failed ? failedHostsOf(failed, {kind: failed.kind ?? 'playbook'}) : null;
			if (!failed || !hosts) return {ok: false, message: `R: no step failed on hosts (the run is ${status ?? 'not started'}); r retries the run`};
			const started = this.o.startSupervisor({failedHosts: true});
			return started.ok ? {ok: true, message: `retrying ${failed.id} on the hosts that failed only (${hosts.join(', ')}); its plays are not run again on the others`} : started;
		}
		return this.o.startSupervisor();
	}

	abort(): RequestResult {
		const owner = liveOwner(this.o.dir);
		if (!owner) return {ok: false, message: `a: nothing to abort, the run is ${this.state?.run.status ?? 'not running'}`};
		const unwritten = tryRequest(() => requestAbort(this.o.dir));
		const signalled = poke(owner, abortSignal);
		if (unwritten) return {ok: false, message: signalled ? `a: could not write the abort request (${unwritten}); the supervisor was signalled and interrupts the running step` : `a: could not write the abort request (${unwritten}); nothing was asked: free space, then a again`};
		return {ok: true, message: 'abort requested: the running step is being interrupted'};
	}

	/** Shows a message no key asked for (e.g. a supervisor that refused to start). */
	notify(message: string): void {
		this.notice = message;
		this.changed();
	}

	close(): void {
		if (this.timer) clearInterval(this.timer);
		this.timer = null;
		this.listeners.clear();
	}

	/** Index of the step whose matrix is shown. */
	private shownStep(state: RunState): number {
		if (this.selected !== null) return this.selected;
		const running = state.steps.findIndex((s) => s.status === 'running');
		if (running !== -1) return running;
		let latest = -1;
		let best = -Infinity;
		state.steps.forEach((s, i) => {
			const t = s.startedAt ? Date.parse(s.startedAt) : -Infinity;
			if (t > best) {
				best = t;
				latest = i;
			}
		});
		return latest;
	}

	private follow(file: string | undefined): Followed | null {
		if (!file) return null;
		let f = this.followed.get(file);
		if (!f) {
			f = {file, tail: new LineTail(file), matrix: newMatrix()};
			this.followed.set(file, f);
			// Keep a few: the running step's and the ones the operator looks at.
			if (this.followed.size > 4) this.followed.delete(this.followed.keys().next().value!);
		}
		let any = false;
		for (const {event, offset} of f.tail.readEvents()) {
			applyMatrixEvent(f.matrix, event, offset);
			any = true;
		}
		f.matrix.badLines = f.tail.badLines;
		if (any && this.cell) this.loadDetail();
		return f;
	}

	protected loadDetail(): void {
		const state = this.state;
		if (!state || !this.cell) return;
		const step = state.steps[this.shownStep(state)];
		const file = step?.attempt?.eventsFile;
		const f = file ? this.followed.get(file) : undefined;
		if (!f || !file) return;
		const {row, col} = this.cell;
		if (row >= f.matrix.tasks.length || col >= f.matrix.hosts.length) return;
		this.detail = readCellDetail((start, end) => readRange(file, start, end), f.matrix, row, col);
	}

	/** Read once per plan: the plan file is parsed only when the state names another. */
	private kindsCache: {key: string; kinds: Record<string, StepKind>} | null = null;
	private kinds(state: RunState): Record<string, StepKind> {
		const key = `${state.plan.path}\n${state.plan.hash}`;
		if (this.kindsCache?.key !== key) this.kindsCache = {key, kinds: (this.o.stepKinds ?? ((plan) => planStepKinds(plan, process.env)))(state.plan)};
		return this.kindsCache.kinds;
	}

	/** Read once per state change, not on every frame. */
	private handOverCache: {at: string | null; lines: string[] | null; onHosts: string | null} | null = null;
	private handOver(state: RunState): {lines: string[] | null; onHosts: string | null} {
		if (this.handOverCache?.at !== state.run.updatedAt) this.handOverCache = {at: state.run.updatedAt, lines: readHandOver(this.o.dir), onHosts: readHandOverOnHosts(this.o.dir)};
		return this.handOverCache;
	}

	private handOverView(state: RunState): {handOver: string[] | null; handOverOnHosts: string | null} {
		if (this.live || (state.run.status !== 'failed' && state.run.status !== 'aborted')) return {handOver: null, handOverOnHosts: null};
		const {lines, onHosts} = this.handOver(state);
		return {handOver: lines, handOverOnHosts: lines ? onHosts : null};
	}

	/** What the last poll saw; a poll that sees the same builds no new frame (a quiet viewer). */
	private seen = '';
	private stateStamp: string | null = '';
	private liveCheckedAt = 0;
	private framedAt = 0;

	private poll(): void {
		const now = Date.now();
		// state.json is replaced whole on each save: a new inode, size or time means a new state.
		const stamp = fileStamp(join(this.o.dir, 'state.json'));
		const stateChanged = stamp === null || stamp !== this.stateStamp;
		if (stateChanged) {
			this.stateStamp = stamp;
			this.readStateNow();
		}
		// The lock is asked less often: it changes only when a supervisor starts or ends.
		const wasLive = this.live;
		if (stateChanged || now - this.liveCheckedAt >= 1000) {
			this.live = liveOwner(this.o.dir) !== null;
			this.liveCheckedAt = now;
		}
		const running = this.state?.steps.find((s) => s.status === 'running');
		const shown = this.state ? this.state.steps[this.shownStep(this.state)] : undefined;
		const seen = [
			stamp,
			this.live,
			fileStamp(running?.attempt?.eventsFile),
			fileStamp(shown?.attempt?.eventsFile),
			this.logOpen ? fileStamp(shown?.attempt?.logFile) : '',
			this.readError,
			// The clocks on screen (elapsed, stalled for) move once a second.
			this.state?.run.status === 'running' || this.state?.run.status === 'pausing' ? Math.floor(now / 1000) : '',
		].join('|');
		if (seen === this.seen) return;
		// A new state or supervisor shows at the next poll; results and the clock at most once a
		// second: ansible's results come in bursts, and each frame costs the deploy host CPU.
		if (!stateChanged && wasLive === this.live && now - this.framedAt < frameEveryMs) return;
		this.seen = seen;
		this.framedAt = now;
		this.changed();
	}

	private readStateNow(): void {
		// One store for every poll: each read is then one file read.
		if (!this.store && StateStore.exists(this.o.dir)) {
			try {
				this.store = new StateStore(this.o.dir);
			} catch {
				// Unreadable for now: readState below says why, and the next poll tries again.
			}
		}
		const read = readState(this.o.dir, this.store ?? undefined);
		if (read.ok) {
			this.state = read.state;
			this.readError = null;
		} else if (this.o.placeholder) this.state = this.o.placeholder;
		else this.readError = read.message;
	}

	protected build(): ViewerData {
		const state = this.state;
		if (!state) {
			return {
				run: {planName: this.readError ?? 'waiting for the run to start…', status: 'idle', live: this.live, elapsedMs: null, currentStep: -1, etaMs: null, waitingFor: null, steps: [], source: this.o.dir, replay: false},
				matrix: null,
				detail: null,
				logLines: null,
				handOver: null,
				notice: this.notice,
			};
		}
		const runningIndex = state.steps.findIndex((s) => s.status === 'running');
		const current = runningIndex === -1 ? null : this.follow(state.steps[runningIndex]!.attempt?.eventsFile);
		const shownIndex = this.shownStep(state);
		const shown = shownIndex === runningIndex ? current : this.follow(state.steps[shownIndex]?.attempt?.eventsFile);
		const log = state.steps[shownIndex]?.attempt?.logFile;
		return {
			run: buildRunView({
				state,
				live: this.live,
				now: Date.now(),
				source: this.o.dir,
				currentMatrix: current?.matrix ?? null,
				taskCounts: this.o.taskCounts?.() ?? {},
				history: this.o.history?.() ?? {},
				// States written before steps recorded their kind: read it from the plan.
				...(state.steps.every((s) => s.kind !== undefined) ? {} : {kinds: this.kinds(state)}),
			}),
			matrix: shown?.matrix ?? null,
			detail: this.detail,
			logLines: this.logOpen && log ? tailLines(log, logLinesKept).map((l) => sanitize(l)) : null,
			...this.handOverView(state),
			notice: this.notice,
			waiting: this.live && current ? stragglers(current.matrix, Date.now() / 1000) : null,
		};
	}
}

/** Inode, size and change time of a file, or null when there is none: a cheap "did it change". */
function fileStamp(path: string | undefined): string | null {
	if (!path) return null;
	try {
		const s = statSync(path, {bigint: true});
		return `${s.ino}:${s.size}:${s.mtimeNs}`;
	} catch {
		return null;
	}
}

/** Writes a request file; why it could not be (a full disk), or null. The signal that follows asks anyway. */
function tryRequest(write: () => void): string | null {
	try {
		write();
		return null;
	} catch (error) {
		return error instanceof Error ? error.message : String(error);
	}
}
