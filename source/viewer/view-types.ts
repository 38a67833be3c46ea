// The plain data the Ink components draw (ui/). Built by the viewer from the run directory (or a
// replay); components never read files, spawn processes or touch the state.
import type {Waiting} from '../matrix/stragglers.js';
import type {CellDetail, MatrixModel} from '../matrix/types.js';
import type {RunStatus, StepStatus, HostTotals} from '../run/types.js';

/** What a step runs: ansible-playbook (tasks, events) or a `run:` command; null when not known. */
export type StepKind = 'playbook' | 'command';

export interface StepView {
	id: string;
	name: string;
	status: StepStatus;
	kind: StepKind | null;
	/** Milliseconds, running steps included (now - start); null when never started. */
	durationMs: number | null;
	attempts: number;
	/** Running step: tasks started so far and the expected total (null when unknown). */
	progress: {done: number; total: number | null} | null;
	totals: HostTotals;
	reason: string | null;
	/** False when the callback plugin did not load for this step's last attempt. */
	eventsSeen: boolean | null;
	pausedAtTask: string | null;
	/** Running step: its running task has run past the stall threshold on some hosts (else null). */
	stalled: StallView | null;
	/** The unit (run-upgrade.sh's `A && B || C`) the step is part of; absent outside units. */
	unit?: {id: string; name: string; role: 'main' | 'fallback'} | null;
	/** Failed and handed over to its unit's fallback (that step's id); the run went on. */
	fallback?: string | null;
	/** A failed playbook step: the hosts that failed in its last attempt (R retries it on them only). */
	failedHosts?: string[] | null;
	/** A check of the plan's `checks:`, run before the upgrade or after it; absent or null for the upgrade's steps. */
	check?: 'before' | 'after' | null;
	/** A part of a `split: imports` step: that step's id (its parts fold into one row when all are finished). */
	splitOf?: string | null;
}

/** A stalled task, with how long each host has run it (longest first), measured when built. */
export interface StallView {
	taskId: string;
	task: string;
	hosts: Array<{host: string; forMs: number}>;
	afterMs: number;
	/** Where the threshold came from: the plan, or earlier runs' durations. */
	source: 'plan' | 'history';
}

export interface RunView {
	planName: string;
	status: RunStatus;
	/** Is a supervisor alive for this run? */
	live: boolean;
	/** Wall time since the run first started (pauses and time without a supervisor in it). */
	elapsedMs: number | null;
	/** Time spent running steps; absent where it is the same as elapsedMs (a replay). */
	activeMs?: number | null;
	/** Index of the running (or last started) step, -1 before any. */
	currentStep: number;
	/** Estimated time to the end from earlier durations, null when unknown. */
	etaMs: number | null;
	/** When the run should end, as a clock time (epoch ms), while it runs and its ETA is known. */
	etaAt?: number | null;
	/** While pausing: what the pause waits for. */
	waitingFor: string | null;
	steps: StepView[];
	/** The run directory (its report is `<source>/report.md`); replays show the recording's path. */
	source: string;
	/** A replay: p and r pause and resume the playback, nothing runs. */
	replay: boolean;
	/** The check before the upgrade that failed, when nothing of the upgrade ran (run/checks.ts); absent otherwise. */
	notStartedBy?: string | null;
}

export interface ViewerData {
	run: RunView;
	/** Matrix of the selected step's latest attempt (null when it has no events). */
	matrix: MatrixModel | null;
	/** Detail of the selected cell, once read. */
	detail: CellDetail | null;
	/** Tail of the selected step's ansible log, when the log view is open. */
	logLines: string[] | null;
	/** After a failure or an abort: the commands to go on by hand, one per line. */
	handOver: string[] | null;
	/** The failed step's command on its failed hosts only, instead of handOver's first (absent: none). */
	handOverOnHosts?: string | null;
	/** Something the operator must hear of that no key asked for (a supervisor that failed to start). */
	notice: string | null;
	/** The hosts the running task still waits on, longest first (absent or null: none). */
	waiting?: Waiting | null;
}

export type {Waiting};
