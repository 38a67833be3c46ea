// `replay --plain`: folds each step's events into per-task counts, failed hosts and the recap,
// and writes them as plain text. Pure; host text goes through sanitizeLine before it is shown.
import type {DriverEvent, HostCounts, HostStatus} from '../ansible/events.js';
import {sanitizeLine} from '../ansible/sanitize.js';
import {problemText, stepLabel} from '../plain/format.js';
import {applyEvent, newSummary, type AttemptSummary} from '../run/summary.js';
import type {HostProblem} from '../run/types.js';
import type {RecordingKind} from './detect.js';

export interface TaskCounts {
	id: string;
	name: string;
	handler: boolean;
	/** Results by status (a task repeated per serial batch is counted once, over all batches). */
	counts: Partial<Record<HostStatus, number>>;
	items: number;
	retries: number;
}

export interface StepSummary {
	tasks: TaskCounts[];
	/** Failed and unreachable results, in order (the first 50). */
	failures: HostProblem[];
	moreFailures: number;
	/** The recap; null when the run ended before it. */
	stats: Record<string, HostCounts> | null;
	paused: {reason: string; task: string | null} | null;
	events: number;
}

/** A step summary in the making: the task rows plus the driver's own attempt summary. */
export interface StepFold {
	tasks: Map<string, TaskCounts>;
	attempt: AttemptSummary;
}

export function newStepFold(): StepFold {
	return {tasks: new Map(), attempt: newSummary()};
}

function row(fold: StepFold, id: string, name: string | undefined): TaskCounts {
	let task = fold.tasks.get(id);
	if (!task) {
		task = {id, name: name ?? fold.attempt.taskNames.get(id) ?? id, handler: false, counts: {}, items: 0, retries: 0};
		fold.tasks.set(id, task);
	}
	return task;
}

export function foldEvent(fold: StepFold, e: DriverEvent): StepFold {
	applyEvent(fold.attempt, e);
	switch (e.type) {
		case 'task_start': {
			const task = row(fold, e.task.id, e.task.name);
			if (e.task.handler) task.handler = true;
			break;
		}
		case 'result': {
			const task = row(fold, e.taskId, e.task?.name);
			task.counts[e.status] = (task.counts[e.status] ?? 0) + 1;
			break;
		}
		case 'item':
			row(fold, e.taskId, undefined).items++;
			break;
		case 'retry':
			row(fold, e.taskId, undefined).retries++;
			break;
		default:
			break;
	}
	return fold;
}

export function stepSummary(fold: StepFold): StepSummary {
	const a = fold.attempt;
	return {
		tasks: [...fold.tasks.values()],
		failures: a.problems,
		moreFailures: a.moreProblems,
		stats: a.stats,
		paused: a.paused ? {reason: a.paused.reason, task: a.paused.task?.name ?? null} : null,
		events: a.events,
	};
}

export function summarizeEvents(events: Iterable<DriverEvent>): StepSummary {
	const fold = newStepFold();
	for (const e of events) foldEvent(fold, e);
	return stepSummary(fold);
}

export interface ReplayedStep {
	id: string;
	name: string;
	status: string | null;
	summary: StepSummary;
	badLines: number;
	/** Why the step's events could not be read to the end (an I/O error), if so. */
	error?: string;
}

export interface RecordingSummary {
	kind: RecordingKind;
	source: string;
	steps: ReplayedStep[];
}

const kindWords: Record<RecordingKind, string> = {
	'run-dir': 'run directory',
	events: 'driver events file',
	jsonl: 'ansible.posix.jsonl stream',
	json: 'ansible.posix.json document',
	runner: 'ansible-runner artifacts',
};

const statusOrder: HostStatus[] = ['ok', 'changed', 'failed', 'unreachable', 'skipped', 'ignored', 'rescued'];

export function countsText(task: TaskCounts): string {
	const parts = statusOrder.filter((s) => (task.counts[s] ?? 0) > 0).map((s) => `${s}=${task.counts[s]}`);
	if (task.items > 0) parts.push(`items=${task.items}`);
	if (task.retries > 0) parts.push(`retries=${task.retries}`);
	return parts.length > 0 ? parts.join(' ') : 'no results';
}

export function recapLines(stats: Record<string, HostCounts>): string[] {
	const hosts = Object.keys(stats);
	const width = Math.max(0, ...hosts.map((h) => sanitizeLine(h).length));
	return hosts.map((h) => {
		const c = stats[h]!;
		return `${sanitizeLine(h).padEnd(width)}  ok=${c.ok} changed=${c.changed} unreachable=${c.unreachable} failed=${c.failures} skipped=${c.skipped} rescued=${c.rescued} ignored=${c.ignored}`;
	});
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const singleFile = new Set<RecordingKind>(['events', 'jsonl', 'json']);

function stepText(step: ReplayedStep, index: number, total: number, kind: RecordingKind): string[] {
	const {summary: s} = step;
	// A file's name (fails.jsonl) already holds its id (fails).
	const label = step.name === step.id || singleFile.has(kind) ? step.name : `${step.id} (${step.name})`;
	const head = stepLabel(index, total, sanitizeLine(label));
	const status = step.status === null ? '' : `: ${step.status}`;
	if (s.events === 0 && !step.error) return [`${head}${status}, no events`, ...(step.badLines > 0 ? [`  ${plural(step.badLines, 'unreadable line')} skipped`] : [])];
	const lines = [`${head}${status}`];
	for (const task of s.tasks) lines.push(`  ${task.handler ? 'handler' : 'task'} "${sanitizeLine(task.name)}": ${countsText(task)}`);
	if (s.failures.length > 0) {
		lines.push('  failed hosts:', ...s.failures.map((p) => `    ${problemText(p)}`));
		if (s.moreFailures > 0) lines.push(`    ... and ${s.moreFailures} more`);
	}
	if (s.paused) lines.push(`  paused (${sanitizeLine(s.paused.reason)})${s.paused.task ? ` before task "${sanitizeLine(s.paused.task)}"` : ''}`);
	if (s.stats) lines.push('  recap:', ...recapLines(s.stats).map((l) => `    ${l}`));
	else lines.push('  no recap: the playbook did not run to its end');
	if (step.badLines > 0) lines.push(`  ${plural(step.badLines, 'unreadable line')} skipped`);
	if (step.error) lines.push(`  could not read to the end: ${sanitizeLine(step.error)}`);
	return lines;
}

/** The plain-text summary of a replayed recording. */
export function formatReplaySummary(recording: RecordingSummary, badLines: number): string {
	const total = recording.steps.length;
	const lines = [`replay of ${sanitizeLine(recording.source)} (${kindWords[recording.kind]}, ${plural(total, 'step')})`, ''];
	recording.steps.forEach((step, i) => lines.push(...stepText(step, i, total, recording.kind)));
	if (badLines > 0) lines.push('', `${plural(badLines, 'unreadable line')} skipped`);
	return lines.join('\n') + '\n';
}
