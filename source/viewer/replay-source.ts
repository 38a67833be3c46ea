// The viewer's side of a replay: plays a recording's steps in order at a chosen speed into the
// same matrices a live run builds. `p` and `r` pause and resume the playback; nothing is run.
import {sanitize} from '../ansible/sanitize.js';
import type {DriverEvent} from '../ansible/events.js';
import {applyHostGroups, type HostGroups} from '../matrix/bands-inventory.js';
import {readCellDetail} from '../matrix/detail.js';
import {applyMatrixEvent, newMatrix} from '../matrix/reducer.js';
import type {MatrixModel} from '../matrix/types.js';
import type {Recording} from '../replay/detect.js';
import {pace} from '../replay/schedule.js';
import {applyEvent, newSummary, type AttemptSummary} from '../run/summary.js';
import type {RunStatus, StepStatus} from '../run/types.js';
import type {ViewerData} from './view-types.js';
import {SnapshotSource} from './snapshot-source.js';
import type {RequestResult, ViewerSource} from './source.js';
import {readRange} from '../run/tail.js';
import {setTimeout as sleepFor} from 'node:timers/promises';

interface PlayedStep {
	matrix: MatrixModel;
	summary: AttemptSummary;
	status: StepStatus;
	startedAt: number | null;
	endedAt: number | null;
	/** Results of sources without a file to read back (json, runner): cell -> event. */
	inMemory: Map<string, Extract<DriverEvent, {type: 'result'}>> | null;
	/** Columns given their inventory groups so far (ReplayOptions.hostGroups). */
	grouped: number;
}

export interface ReplayOptions {
	/** Groups of the hosts from an inventory (replay/inventory.ts): the bands of every step. */
	hostGroups?: HostGroups | null;
	/** Said once on the message line (why there are no bands, say). */
	notice?: string | null;
}

/**
 * The time a replay runs on: the wall clock for the viewer; a virtual one for a cast, where
 * sleeping only moves the time on, so the frames and their times come from the recording alone.
 */
export interface ReplayClock {
	now(): number;
	sleep(ms: number, signal?: AbortSignal): Promise<unknown>;
	/** Redraw every half second for the header's clock (the wall clock only). */
	ticks: boolean;
}

/** A clock that starts at 0 and moves only when slept on. */
export function virtualClock(): ReplayClock {
	let t = 0;
	return {
		now: () => t,
		sleep: async (ms) => {
			t += ms;
		},
		ticks: false,
	};
}

export class ReplaySource extends SnapshotSource implements ViewerSource {
	private steps: PlayedStep[];
	private current = -1;
	private paused = false;
	private resumeWaiters: Array<() => void> = [];
	private readonly stopped = new AbortController();
	private readonly startedAt: number;
	/** Time spent paused, and since when it is paused now: the replay's clock stands still then. */
	private pausedFor = 0;
	private pausedSince: number | null = null;
	private finishedAt: number | null = null;
	private get finished(): boolean {
		return this.finishedAt !== null;
	}
	private badLines = 0;
	private timer: NodeJS.Timeout | null = null;
	/** Resolves once every step has played. */
	readonly done: Promise<void>;

	constructor(
		private readonly recording: Recording,
		private readonly speed: number,
		private readonly clock: ReplayClock = {now: () => Date.now(), sleep: (ms, signal) => sleepFor(ms, undefined, signal ? {signal} : {}), ticks: true},
		private readonly options: ReplayOptions = {},
	) {
		super();
		this.startedAt = clock.now();
		this.steps = recording.steps.map(() => ({matrix: newMatrix(), summary: newSummary(), status: 'pending', startedAt: null, endedAt: null, inMemory: null, grouped: 0}));
		this.done = this.play();
		// The clock in the header moves even when no event arrives.
		if (clock.ticks) this.timer = setInterval(() => this.changed(), 500);
	}

	private async play(): Promise<void> {
		for (const [index, step] of this.recording.steps.entries()) {
			if (this.stopped.signal.aborted) return;
			const played = this.steps[index]!;
			const events = step.open();
			played.inMemory = step.file ? null : new Map();
			try {
				// At full speed, frames every 5000 events: drawing, not reading, is then the cost.
				for await (const batch of pace(events, this.speed, {signal: this.stopped.signal, sleep: this.clock.sleep, ...(this.speed === 0 ? {maxBatch: 5000} : {})})) {
					while (this.paused) await new Promise<void>((resolve) => this.resumeWaiters.push(resolve));
					// A step becomes current with its first event: one that never ran is skipped over.
					if (played.startedAt === null) {
						this.current = index;
						played.status = 'running';
						played.startedAt = this.playTime();
					}
					for (const {event, offset} of batch) this.apply(played, event, offset);
					this.changed();
				}
			} catch {
				// An unreadable source ends this step; the rest still plays.
			}
			this.badLines += events.badLines;
			played.matrix.badLines = events.badLines;
			if (played.startedAt !== null) played.endedAt = this.playTime();
			played.status = (step.status as StepStatus | null) ?? outcomeOf(played.summary);
		}
		this.finishedAt = this.clock.now();
		// Its clock stands still now: nothing moves on screen any more.
		if (this.timer) clearInterval(this.timer);
		this.timer = null;
		this.changed();
	}

	/** The replay's own time: from its start, without its pauses, standing still once it ended. */
	private playTime(): number {
		const now = this.finishedAt ?? this.pausedSince ?? this.clock.now();
		return now - this.startedAt - this.pausedFor;
	}

	private apply(played: PlayedStep, event: DriverEvent, offset: number): void {
		applyMatrixEvent(played.matrix, event, offset);
		applyEvent(played.summary, event);
		const groups = this.options.hostGroups;
		// The inventory given wins over groups a play_start named (the driver's own recordings).
		if (groups && (played.grouped < played.matrix.hosts.length || (event.type === 'play_start' && event.hostGroups))) {
			played.grouped = applyHostGroups(played.matrix, groups, event.type === 'play_start' && event.hostGroups ? 0 : played.grouped);
		}
		if (played.inMemory && event.type === 'result') {
			const row = played.matrix.taskIndex.get(event.taskId);
			const col = played.matrix.hostIndex.get(event.host);
			if (row !== undefined && col !== undefined) played.inMemory.set(`${row}:${col}`, event);
		}
	}

	setLogOpen(): void {
		this.changed();
	}

	pause(): RequestResult {
		if (this.finished) return {ok: false, message: 'p: the replay has ended'};
		if (this.paused) return {ok: false, message: 'p: the replay is already paused; r goes on'};
		this.paused = true;
		this.pausedSince = this.clock.now();
		this.changed();
		// No answer of its own: the footer's words for a paused replay say it (once).
		return {ok: true, message: ''};
	}

	resume(): RequestResult {
		if (!this.paused) return {ok: false, message: this.finished ? 'r: the replay has ended' : 'r: the replay is playing'};
		this.paused = false;
		if (this.pausedSince !== null) this.pausedFor += this.clock.now() - this.pausedSince;
		this.pausedSince = null;
		for (const wake of this.resumeWaiters.splice(0)) wake();
		this.changed();
		return {ok: true, message: ''};
	}

	abort(): RequestResult {
		return {ok: false, message: 'a: a replay runs nothing; q leaves it'};
	}

	close(): void {
		this.stopped.abort();
		if (this.timer) clearInterval(this.timer);
		for (const wake of this.resumeWaiters.splice(0)) wake();
		this.listeners.clear();
	}

	private shown(): number {
		return this.selected ?? this.current;
	}

	protected loadDetail(): void {
		this.detail = null;
		const index = this.shown();
		const played = this.steps[index];
		const step = this.recording.steps[index];
		if (!played || !step || !this.cell) return;
		const {row, col} = this.cell;
		if (row >= played.matrix.tasks.length || col >= played.matrix.hosts.length) return;
		if (step.file) {
			const file = step.file;
			this.detail = readCellDetail((start, end) => readRange(file, start, end), played.matrix, row, col);
			return;
		}
		const result = played.inMemory?.get(`${row}:${col}`);
		const detail = readCellDetail(() => '', played.matrix, row, col);
		if (result) {
			detail.duration = result.duration ?? null;
			detail.msg = result.msg ?? null;
			detail.rc = result.rc ?? null;
			detail.stdout = result.stdout ?? null;
			detail.stderr = result.stderr ?? null;
		}
		this.detail = detail;
	}

	/** Every batch can change the selected cell: read its detail again first. */
	protected override changed(): void {
		if (this.cell) this.loadDetail();
		super.changed();
	}

	protected build(): ViewerData {
		const now = this.playTime();
		const status: RunStatus = this.finished ? (this.steps.some((s) => s.status === 'failed') ? 'failed' : 'done') : this.paused ? 'paused' : 'running';
		const shown = this.steps[this.shown()];
		return {
			run: {
				planName: `replay of ${sanitize(this.recording.source)}${this.speed === 1 ? '' : ` at ${this.speed === 0 ? 'full speed' : `${this.speed}x`}`}`,
				status,
				live: !this.finished,
				elapsedMs: now,
				currentStep: this.current,
				etaMs: null,
				waitingFor: null,
				source: this.recording.source,
				replay: true,
				steps: this.recording.steps.map((step, i) => {
					const played = this.steps[i]!;
					const running = played.status === 'running';
					return {
						id: step.id,
						name: step.name,
						status: played.status,
						kind: null,
						durationMs: played.startedAt === null ? null : (played.endedAt ?? now) - played.startedAt,
						attempts: played.startedAt === null ? 0 : 1,
						progress: running ? {done: played.matrix.tasks.length, total: null} : null,
						totals: played.summary.totals,
						reason: null,
						eventsSeen: played.startedAt === null ? null : played.summary.events > 0,
						pausedAtTask: played.summary.paused?.task?.name ?? null,
						stalled: null,
					};
				}),
			},
			matrix: shown?.matrix ?? null,
			detail: this.detail,
			logLines: ['(a replay has no ansible log)'],
			handOver: null,
			notice: this.options.notice ?? null,
		};
	}
}

/** A step's outcome from its events when the recording does not say. */
function outcomeOf(summary: AttemptSummary): StepStatus {
	if (summary.paused) return 'paused';
	if (!summary.stats) return summary.events === 0 ? 'pending' : 'interrupted';
	return Object.values(summary.stats).some((c) => c.failures > 0 || c.unreachable > 0) ? 'failed' : 'done';
}
