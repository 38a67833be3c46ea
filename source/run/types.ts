// The persisted run state (state.json in the run directory). Plain data.
import type {AnsibleInfo} from '../ansible/version.js';

export type {AnsibleInfo};

export type RunStatus = 'idle' | 'running' | 'pausing' | 'paused' | 'failed' | 'aborted' | 'done';
export type StepStatus = 'pending' | 'running' | 'done' | 'failed' | 'paused' | 'interrupted' | 'aborted' | 'skipped';

/** Result totals of a step, summed over hosts, with ansible's recap meaning (ok includes changed). */
export interface HostTotals {
	ok: number;
	changed: number;
	failed: number;
	unreachable: number;
	skipped: number;
}

export interface PausePoint {
	/** Name of the task that did not start; null at a play or step boundary. */
	task: string | null;
	play: string | null;
	reason: string;
	at: string;
}

/** One process run of a step. */
export interface Attempt {
	n: number;
	pid: number | null;
	/** Kernel start time of pid (from /proc), to tell it from a reused pid. */
	pidStart: number | null;
	startedAt: string;
	endedAt: string | null;
	exitCode: number | null;
	signal: string | null;
	eventsFile: string;
	logFile: string;
	/** Extra arguments used for this attempt only (e.g. --start-at-task). */
	extraArgs: string[];
	/**
	 * Run again on the hosts that failed in the attempt before only (resume --failed-hosts):
	 * those hosts (absent or null: on every host of the step).
	 */
	failedHostsOnly?: string[] | null;
	/**
	 * The identity its processes carry (attempt-identity.ts), saved before the spawn; absent in
	 * attempts saved by earlier versions.
	 */
	token?: string;
}

export interface HostProblem {
	host: string;
	task: string;
	status: 'failed' | 'unreachable';
	msg: string;
}

export interface StepState {
	id: string;
	name: string;
	hash: string;
	status: StepStatus;
	attempts: number;
	startedAt: string | null;
	endedAt: string | null;
	pausedAt: PausePoint | null;
	hosts: HostTotals;
	/** The current (running) or last attempt. */
	attempt: Attempt | null;
	/** Why the step ended as it did, in words. */
	reason: string | null;
	problems: HostProblem[];
	/**
	 * Every host that failed or was unreachable in the last attempt, by the recap when there is
	 * one (problems keeps the first few). Absent in states written before it was recorded.
	 */
	failedHosts?: string[];
	/** False when the callback plugin did not load: no live results, no task-level pause. */
	eventsSeen: boolean | null;
	/** Its ansible-core (absent in states written before it was recorded). */
	ansible?: AnsibleInfo | null;
	/** What the step runs (absent in states written before it was recorded). */
	kind?: 'playbook' | 'command';
	/** The running task has run on some hosts longer than the step's stall threshold (absent: never). */
	stalled?: Stall | null;
	/**
	 * Failed, and its unit's fallback (this id) runs instead: the run goes on (absent or null: not
	 * handed over).
	 */
	fallback?: string | null;
	/** The unit the step belongs to, from the plan (absent in older states and outside units). */
	unit?: {id: string; name: string; role: 'main' | 'fallback'} | null;
	/** The `split: imports` step it comes from, from the plan (absent outside splits and in older states). */
	splitOf?: string;
	/** A check of the plan's `checks:` (before or after the upgrade), from the plan (absent for the upgrade's steps). */
	check?: 'before' | 'after';
}

/** A task running too long on some hosts: which, since when, against which threshold. */
export interface Stall {
	taskId: string;
	task: string;
	/** Hosts still running the task past the threshold, with when the task started on each (ISO). */
	hosts: Array<{host: string; since: string}>;
	/** The threshold, in seconds, and where it came from. */
	afterSeconds: number;
	source: 'plan' | 'history';
}

export interface RunState {
	version: 1;
	/** sourceSeries: the series chosen for a plan derived from run-upgrade.sh (absent otherwise). */
	plan: {name: string; path: string; hash: string; builtin: string | null; sourceSeries?: string | null; noSplit?: boolean; noChecks?: boolean};
	run: {
		status: RunStatus;
		pid: number | null;
		startedAt: string | null;
		updatedAt: string | null;
		/** While pausing: what the pause waits for. */
		waitingFor: string | null;
		/** The ansible-core of the plan's `command:`, as the latest run/resume's preflight found it. */
		ansible?: AnsibleInfo | null;
		/**
		 * Time spent running steps, ms, over every ended attempt (pauses and time with no run
		 * left out; the running attempt is added by whoever reads it). Absent in older states.
		 */
		activeMs?: number;
	};
	steps: StepState[];
}

export const emptyTotals = (): HostTotals => ({ok: 0, changed: 0, failed: 0, unreachable: 0, skipped: 0});
