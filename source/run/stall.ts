// Stalled-task detection, pure: which hosts have run the current task for longer than the
// threshold. The threshold is the step's (or plan's) `stall_after:`, else a multiple of the
// task's longest earlier duration on any host; a task never seen before has none.
import type {Stall} from './types.js';

/** A host's task in progress: since its `host_start`, until its result. */
export interface HostRunning {
	taskId: string;
	/** Seconds since the epoch (the event's `t`). */
	since: number;
}

/** History-based thresholds: this many times the longest earlier duration, and never below the floor. */
export const HISTORY_FACTOR = 3;
export const HISTORY_FLOOR_SECONDS = 60;

export function stallThreshold(stallAfter: number | undefined, longestBefore: number | undefined): {seconds: number; source: Stall['source']} | null {
	if (stallAfter !== undefined) return {seconds: stallAfter, source: 'plan'};
	if (longestBefore === undefined || !(longestBefore >= 0)) return null;
	return {seconds: Math.max(HISTORY_FLOOR_SECONDS, HISTORY_FACTOR * longestBefore), source: 'history'};
}

/**
 * The stall of the task now running, or null. `nowSeconds` is the epoch time in seconds;
 * `threshold` looks up the threshold of a task by its name.
 */
export function findStall(
	running: ReadonlyMap<string, HostRunning>,
	task: {id: string; name: string} | null,
	nowSeconds: number,
	threshold: (taskName: string) => {seconds: number; source: Stall['source']} | null,
): Stall | null {
	if (task === null) return null;
	const limit = threshold(task.name);
	if (limit === null) return null;
	const hosts: Stall['hosts'] = [];
	for (const [host, r] of running) {
		if (r.taskId === task.id && nowSeconds - r.since > limit.seconds) hosts.push({host, since: new Date(r.since * 1000).toISOString()});
	}
	if (hosts.length === 0) return null;
	hosts.sort((a, b) => a.since.localeCompare(b.since) || a.host.localeCompare(b.host));
	return {taskId: task.id, task: task.name, hosts, afterSeconds: limit.seconds, source: limit.source};
}

/** "h2, h3 for 4m12s" style words for a stall, as status and the notify message say it. */
export function stallWords(stall: Stall, nowMs: number): string {
	const oldest = Math.min(...stall.hosts.map((h) => Date.parse(h.since)));
	const shown = stall.hosts.slice(0, 5).map((h) => h.host);
	const more = stall.hosts.length > shown.length ? ` and ${stall.hosts.length - shown.length} more` : '';
	return `task "${stall.task}" has run on ${shown.join(', ')}${more} for ${clock(Math.max(0, (nowMs - oldest) / 1000))} (stall_after ${clock(stall.afterSeconds)}${stall.source === 'history' ? ', from earlier runs' : ''})`;
}

function clock(seconds: number): string {
	const s = Math.round(seconds);
	if (s < 60) return `${s}s`;
	if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
	return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
