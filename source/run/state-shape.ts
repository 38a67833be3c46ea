// Checks that a parsed state.json holds a run state this version can use, before anything reads
// it: a hand-edited, damaged or foreign file must give a message naming what is wrong, never a
// crash deep in a command. Pure.
import type {RunState, RunStatus, StepStatus} from './types.js';

export type ShapeResult = {ok: true; state: RunState} | {ok: false; problems: string[]};

/** Problems listed in a message: the first few say enough to fix the file. */
const shownProblems = 3;

type Check = (value: unknown, at: string, problems: string[]) => void;

// Records rather than lists: the compiler then insists every status is here.
const runStatuses: Record<RunStatus, true> = {idle: true, running: true, pausing: true, paused: true, failed: true, aborted: true, done: true};
const stepStatuses: Record<StepStatus, true> = {
	pending: true,
	running: true,
	done: true,
	failed: true,
	paused: true,
	interrupted: true,
	aborted: true,
	skipped: true,
};

function describeValue(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'an object';
	if (typeof value === 'string') return `the text ${JSON.stringify(value.length > 24 ? `${value.slice(0, 24)}…` : value)}`;
	return `${typeof value} ${String(value)}`;
}

function wrong(at: string, expected: string, value: unknown): string {
	const place = at === '' ? 'the state' : at;
	return value === undefined ? `${place} is missing` : `${place}: expected ${expected}, got ${describeValue(value)}`;
}

const simple =
	(expected: string, test: (value: unknown) => boolean): Check =>
	(value, at, problems) => {
		if (!test(value)) problems.push(wrong(at, expected, value));
	};

const text = simple('text', (v) => typeof v === 'string');
const someText = simple('non-empty text', (v) => typeof v === 'string' && v !== '');
const count = simple('a whole number >= 0', (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0);
const whole = simple('a whole number', (v) => typeof v === 'number' && Number.isInteger(v));
const flag = simple('true or false', (v) => typeof v === 'boolean');
const oneOf = (values: Record<string, true>): Check => simple(`one of ${Object.keys(values).join(', ')}`, (v) => typeof v === 'string' && Object.hasOwn(values, v));

const orNull =
	(check: Check): Check =>
	(value, at, problems) => {
		if (value !== null) check(value, at, problems);
	};

/** Fields added after version 1 was first written: absent in older states. */
const optional =
	(check: Check): Check =>
	(value, at, problems) => {
		if (value !== undefined) check(value, at, problems);
	};

function object(fields: Record<string, Check>): Check {
	return (value, at, problems) => {
		if (typeof value !== 'object' || value === null || Array.isArray(value)) {
			problems.push(wrong(at, 'an object', value));
			return;
		}
		const record = value as Record<string, unknown>;
		for (const [key, check] of Object.entries(fields)) check(record[key], at === '' ? key : `${at}.${key}`, problems);
	};
}

const list =
	(check: Check): Check =>
	(value, at, problems) => {
		if (!Array.isArray(value)) problems.push(wrong(at, 'a list', value));
		else value.forEach((item, i) => check(item, `${at}[${i}]`, problems));
	};

const ansibleInfo = object({
	version: orNull(text),
	source: oneOf({events: true, command: true, path: true}),
	program: orNull(text),
});

const attempt = object({
	n: count,
	pid: orNull(whole),
	pidStart: orNull(whole),
	startedAt: text,
	endedAt: orNull(text),
	exitCode: orNull(whole),
	signal: orNull(text),
	eventsFile: someText,
	logFile: someText,
	extraArgs: list(text),
	failedHostsOnly: optional(orNull(list(someText))),
	token: optional(someText),
});

const step = object({
	id: someText,
	name: text,
	hash: text,
	status: oneOf(stepStatuses),
	attempts: count,
	startedAt: orNull(text),
	endedAt: orNull(text),
	pausedAt: orNull(object({task: orNull(text), play: orNull(text), reason: text, at: text})),
	hosts: object({ok: count, changed: count, failed: count, unreachable: count, skipped: count}),
	attempt: orNull(attempt),
	reason: orNull(text),
	problems: list(object({host: text, task: text, status: oneOf({failed: true, unreachable: true}), msg: text})),
	failedHosts: optional(list(someText)),
	eventsSeen: orNull(flag),
	ansible: optional(orNull(ansibleInfo)),
	kind: optional(oneOf({playbook: true, command: true})),
	check: optional(oneOf({before: true, after: true})),
	stalled: optional(
		orNull(
			object({
				taskId: text,
				task: text,
				hosts: list(object({host: text, since: text})),
				afterSeconds: simple('a number of seconds', (v) => typeof v === 'number' && Number.isFinite(v) && v > 0),
				source: oneOf({plan: true, history: true}),
			}),
		),
	),
});

const runState = object({
	version: simple('1 (the only state version there is)', (v) => v === 1),
	plan: object({name: text, path: someText, hash: text, builtin: orNull(text), sourceSeries: optional(orNull(someText)), noSplit: optional(flag), noChecks: optional(flag)}),
	run: object({
		status: oneOf(runStatuses),
		pid: orNull(whole),
		startedAt: orNull(text),
		updatedAt: orNull(text),
		waitingFor: orNull(text),
		ansible: optional(orNull(ansibleInfo)),
		activeMs: optional(count),
	}),
	steps: list(step),
});

/** The state as this version knows it, or what is wrong with it (paths like `steps[0].hosts`). */
export function checkRunState(value: unknown): ShapeResult {
	const problems: string[] = [];
	runState(value, '', problems);
	if (problems.length === 0) {
		const state = value as RunState;
		// Two steps with one id would share attempt files and be confused on resume.
		const seen = new Set<string>();
		state.steps.forEach((s, i) => {
			if (seen.has(s.id)) problems.push(`steps[${i}].id: "${s.id}" is used by an earlier step too`);
			seen.add(s.id);
		});
	}
	return problems.length === 0 ? {ok: true, state: value as RunState} : {ok: false, problems};
}

/** What is wrong, in one line: the first few problems and how many more there are. */
export function describeProblems(problems: string[]): string {
	const shown = problems.slice(0, shownProblems).join('; ');
	const more = problems.length - shownProblems;
	return more > 0 ? `${shown}; and ${more} more` : shown;
}
