// Folds the events of one step attempt into what the driver needs to decide and report.
// Pure: (summary, event) -> summary, mutating in place for speed on the per-event path.
import type {DriverEvent, HostCounts, TaskRef} from '../ansible/events.js';
import type {HostRunning} from './stall.js';
import {emptyTotals, type HostProblem, type HostTotals} from './types.js';

export interface AttemptSummary {
	hello: boolean;
	ansibleVersion: string | null;
	stats: Record<string, HostCounts> | null;
	paused: {reason: string; task: TaskRef | null; play: string | null} | null;
	/** Latest reason the plugin gave for not pausing yet. */
	waiting: string | null;
	play: string | null;
	currentTask: TaskRef | null;
	tasksStarted: number;
	/** Live totals from results, replaced by the recap's once stats arrive. */
	totals: HostTotals;
	problems: HostProblem[];
	/**
	 * Every host that failed or was unreachable (problems keeps only the first few): from the
	 * results while the attempt runs, from the recap once it arrives (a rescued failure is none).
	 */
	failedHosts: Set<string>;
	/** Problems beyond the kept ones. */
	moreProblems: number;
	events: number;
	/** Task names by id, to name the task of a result (free strategy results come late). */
	taskNames: Map<string, string>;
	/** Hosts running a task now (from host_start to its result): stalled-task detection. */
	running: Map<string, HostRunning>;
	/** Longest per-host duration of each task, by task name, for the next runs' stall thresholds. */
	taskSeconds: Map<string, number>;
}

const maxProblems = 50;

export function newSummary(): AttemptSummary {
	return {
		hello: false,
		ansibleVersion: null,
		stats: null,
		paused: null,
		waiting: null,
		play: null,
		currentTask: null,
		tasksStarted: 0,
		totals: emptyTotals(),
		problems: [],
		failedHosts: new Set(),
		moreProblems: 0,
		events: 0,
		taskNames: new Map(),
		running: new Map(),
		taskSeconds: new Map(),
	};
}

export function totalsFromStats(stats: Record<string, HostCounts>): HostTotals {
	const totals = emptyTotals();
	for (const c of Object.values(stats)) {
		totals.ok += c.ok;
		totals.changed += c.changed;
		totals.failed += c.failures;
		totals.unreachable += c.unreachable;
		totals.skipped += c.skipped;
	}
	return totals;
}

/** Applies one event; returns the same summary object. */
export function applyEvent(s: AttemptSummary, e: DriverEvent): AttemptSummary {
	s.events++;
	switch (e.type) {
		case 'hello':
			s.hello = true;
			s.ansibleVersion = e.ansibleVersion;
			break;
		case 'play_start':
			s.play = e.play.name;
			break;
		case 'task_start':
			s.currentTask = e.task;
			s.tasksStarted++;
			s.taskNames.set(e.task.id, e.task.name);
			break;
		case 'host_start':
			s.running.set(e.host, {taskId: e.taskId, since: e.t});
			break;
		case 'result': {
			if (s.running.get(e.host)?.taskId === e.taskId) s.running.delete(e.host);
			if (typeof e.duration === 'number' && Number.isFinite(e.duration)) {
				const name = e.task?.name ?? s.taskNames.get(e.taskId);
				if (name !== undefined) s.taskSeconds.set(name, Math.max(s.taskSeconds.get(name) ?? 0, e.duration));
			}
			const t = s.totals;
			if (e.status === 'ok' || e.status === 'changed' || e.status === 'ignored' || e.status === 'rescued') t.ok++;
			if (e.status === 'changed') t.changed++;
			if (e.status === 'failed') t.failed++;
			if (e.status === 'unreachable') t.unreachable++;
			if (e.status === 'skipped') t.skipped++;
			const problem = problemOf(s, e);
			if (problem) s.failedHosts.add(e.host);
			if (problem) {
				if (s.problems.length < maxProblems) s.problems.push(problem);
				else s.moreProblems++;
			}
			break;
		}
		case 'pause_wait':
			s.waiting = waitingPhrase(e.reason, e.detail);
			break;
		case 'paused':
			s.paused = {reason: e.reason, task: e.task, play: e.play?.name ?? s.play};
			s.running.clear();
			break;
		case 'stats':
			s.stats = e.hosts;
			s.totals = totalsFromStats(e.hosts);
			s.failedHosts = new Set(Object.entries(e.hosts).filter(([, c]) => c.failures > 0 || c.unreachable > 0).map(([host]) => host));
			s.currentTask = null;
			s.running.clear();
			break;
		default:
			break;
	}
	return s;
}

/** The host problem a result reports, if it is a failure the operator must see. */
export function problemOf(s: AttemptSummary, e: Extract<DriverEvent, {type: 'result'}>): HostProblem | null {
	if (e.status !== 'failed' && e.status !== 'unreachable') return null;
	const task = e.task?.name ?? (s.currentTask?.id === e.taskId ? s.currentTask.name : s.taskNames.get(e.taskId)) ?? e.taskId;
	const parts = [e.msg, e.stderr && e.stderr.trim() !== '' ? `stderr: ${e.stderr.trim()}` : undefined];
	if (e.rc !== undefined && e.rc !== null && e.rc !== 0) parts.push(`rc ${e.rc}`);
	return {host: e.host, task, status: e.status, msg: parts.filter(Boolean).join('; ')};
}

/** Failed or unreachable hosts according to the recap. */
export function statsProblemCount(stats: Record<string, HostCounts>): number {
	let n = 0;
	for (const c of Object.values(stats)) if (c.failures > 0 || c.unreachable > 0) n++;
	return n;
}

/** What a pause waits for, to follow "waiting for", from the plugin's pause_wait record. */
export function waitingPhrase(reason: string, detail: string): string {
	switch (reason) {
		case 'handler': {
			const names = detail.includes(': ') ? detail.slice(detail.indexOf(': ') + 2) : detail;
			return `the notified handler to run (${names})`;
		}
		case 'play_boundary':
			return 'the end of the current play or serial batch (pause: play)';
		case 'strategy':
			return 'the next play (this play\'s strategy has no task boundary)';
		default:
			return detail || reason;
	}
}
