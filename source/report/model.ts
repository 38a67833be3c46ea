// What a run report says, built from the run state and each step's last attempt's tasks. Pure:
// every formatter (markdown, JUnit XML, JSON) prints this one model.
import type {HostStatus} from '../ansible/events.js';
import {ansibleView, type AnsibleView} from '../ansible/version.js';
import {seenAnsible} from '../run/ansible-info.js';
import {isDoneByMarker} from '../run/machine.js';
import {failedBeforeCheck} from '../run/checks.js';
import type {HostTotals, PausePoint, RunState, RunStatus, StepStatus} from '../run/types.js';
import type {TaskRecord} from './tasks.js';

export interface ReportHost {
	host: string;
	task: string;
	status: 'failed' | 'unreachable';
	msg: string;
}

export interface ReportTask {
	name: string;
	play: string | null;
	handler: boolean;
	/** Seconds from the task's start to its last result; null when unknown. */
	seconds: number | null;
	/** Hosts per final result of this task. */
	counts: Partial<Record<HostStatus, number>>;
	failures: Array<{host: string; status: 'failed' | 'unreachable'; msg: string}>;
}

export interface ReportStep {
	number: number;
	id: string;
	name: string;
	status: StepStatus;
	reason: string | null;
	/** Counted as done because its run-upgrade.sh marker existed; the driver did not run it. */
	doneByMarker: boolean;
	/** Failed and handed over to its unit's fallback (that step's id): the run went on. */
	fallback: string | null;
	attempts: number;
	/** The last attempt ran on these hosts only, those that had failed (resume --failed-hosts); null: on all. */
	failedHostsOnly: string[] | null;
	startedAt: string | null;
	endedAt: string | null;
	durationMs: number | null;
	hosts: HostTotals;
	pausedAt: PausePoint | null;
	/** Failed and unreachable hosts: from the events when there are any, else from the saved state. */
	failedHosts: ReportHost[];
	/** Tasks of the last attempt; null when it has no events (not run, a run: step, no plugin). */
	tasks: ReportTask[] | null;
	eventsFile: string | null;
	log: string | null;
	/** Its ansible-core: what the last attempt's events report, else preflight's finding; null when unknown. */
	ansible: AnsibleView | null;
}

export interface RunReport {
	plan: {name: string; path: string; hash: string};
	/** `ansible`: what the latest preflight found for the plan's `command:`. */
	/** notStarted: the check before the upgrade that failed, when nothing of the upgrade ran (else null). */
	run: {status: RunStatus; notStarted: string | null; startedAt: string | null; updatedAt: string | null; dir: string; ansible: AnsibleView | null};
	generatedAt: string;
	steps: ReportStep[];
}

function reportTask(task: TaskRecord): ReportTask {
	const counts: ReportTask['counts'] = {};
	const failures: ReportTask['failures'] = [];
	for (const h of task.hosts.values()) {
		counts[h.status] = (counts[h.status] ?? 0) + 1;
		if (h.status === 'failed' || h.status === 'unreachable') failures.push({host: h.host, status: h.status, msg: h.msg});
	}
	const seconds = task.startedAt !== null && task.endedAt !== null ? Math.max(0, task.endedAt - task.startedAt) : null;
	return {name: task.name, play: task.play, handler: task.handler, seconds, counts, failures};
}

/**
 * `tasks` maps a step id to the tasks of its last attempt (absent: no events were read), `seen` to
 * the ansible-core version those events report (it wins over the state's).
 */
export function buildRunReport(state: RunState, dir: string, tasks: Map<string, TaskRecord[]>, now: string, seen = new Map<string, string>()): RunReport {
	const steps = state.steps.map((s, i): ReportStep => {
		const records = tasks.get(s.id);
		const reportTasks = records === undefined || records.length === 0 ? null : records.map(reportTask);
		const failedHosts: ReportHost[] = reportTasks
			? reportTasks.flatMap((t) => t.failures.map((f) => ({host: f.host, task: t.name, status: f.status, msg: f.msg})))
			: s.problems.map((p) => ({host: p.host, task: p.task, status: p.status, msg: p.msg}));
		const start = s.startedAt ? Date.parse(s.startedAt) : null;
		const end = s.endedAt ? Date.parse(s.endedAt) : s.status === 'running' ? Date.parse(now) : null;
		return {
			number: i + 1,
			id: s.id,
			name: s.name,
			status: s.status,
			reason: s.reason,
			doneByMarker: isDoneByMarker(s),
			fallback: s.fallback ?? null,
			attempts: s.attempts,
			failedHostsOnly: s.attempt?.failedHostsOnly ?? null,
			startedAt: s.startedAt,
			endedAt: s.endedAt,
			durationMs: start !== null && end !== null ? Math.max(0, end - start) : null,
			hosts: s.hosts,
			pausedAt: s.pausedAt,
			failedHosts,
			tasks: reportTasks,
			eventsFile: s.attempt?.eventsFile ?? null,
			log: s.attempt?.logFile ?? null,
			ansible: ansibleView(seenAnsible(s, seen.get(s.id) ?? null)?.ansible ?? s.ansible),
		};
	});
	return {
		plan: {name: state.plan.name, path: state.plan.path, hash: state.plan.hash},
		run: {status: state.run.status, notStarted: failedBeforeCheck(state)?.id ?? null, startedAt: state.run.startedAt, updatedAt: state.run.updatedAt, dir, ansible: ansibleView(state.run.ansible)},
		generatedAt: now,
		steps,
	};
}
