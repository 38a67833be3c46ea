// Text for people and JSON for tools: problem lists and plan summaries.
import {readFileSync} from 'node:fs';
import {escapeControls} from './escape.js';
import type {NotifySpec, PauseMode, Plan, PlanProblem, PlanStep} from './types.js';

export interface FormatOptions {
	/** Show the offending source line with a caret under the column (reads the plan file). */
	source?: boolean;
}

function sourceLine(file: string, line: number, cache: Map<string, string[] | undefined>): string | undefined {
	if (!cache.has(file)) {
		try {
			cache.set(file, readFileSync(file, 'utf8').split(/\r?\n/));
		} catch {
			cache.set(file, undefined);
		}
	}

	return cache.get(file)?.[line - 1];
}

const EXCERPT_WIDTH = 160;

/**
 * The source line, escaped, and a caret under the column (which stays under it once the text
 * before it is escaped); a long line (a one-line JSON plan) is cut to the part around the column.
 */
function excerpt(text: string, column: number | undefined): string[] {
	const at = Math.max(0, (column ?? 1) - 1);
	let before = escapeControls(text.slice(0, at));
	let after = escapeControls(text.slice(at));
	if (before.length + after.length > EXCERPT_WIDTH) {
		const half = EXCERPT_WIDTH / 2;
		if (before.length > half) before = `…${before.slice(before.length - half + 1)}`;
		if (after.length > EXCERPT_WIDTH - before.length) after = `${after.slice(0, EXCERPT_WIDTH - before.length - 1)}…`;
	}
	const lines = [`    ${before}${after}`];
	if (column !== undefined) lines.push(`    ${' '.repeat(before.length)}^`);
	return lines;
}

/** One line per problem: `FILE:LINE:COL: key: message` (missing parts left out). */
export function formatProblems(problems: PlanProblem[], options: FormatOptions = {}): string {
	const cache = new Map<string, string[] | undefined>();
	const lines: string[] = [];
	for (const problem of problems) {
		const where = [problem.file, problem.line, problem.line === undefined ? undefined : problem.column]
			.filter(part => part !== undefined && part !== '')
			.join(':');
		const parts = [where, problem.key, problem.severity === 'warning' ? `warning: ${problem.message}` : problem.message];
		// Plan text is escaped, never echoed raw: a control character in it could drive the terminal.
		lines.push(escapeControls(parts.filter(part => part !== undefined && part !== '').join(': ')));
		if (options.source && problem.line !== undefined) {
			const text = sourceLine(problem.file, problem.line, cache);
			if (text !== undefined) lines.push(...excerpt(text, problem.column));
		}
	}

	return lines.join('\n');
}

export interface PlanDescription {
	name: string;
	path: string;
	hash: string;
	/** `marker` (the run-upgrade.sh marker file) only when the plan has `markers:`. */
	steps: Array<{id: string; name: string; argv: string[]; cwd: string; pause: PauseMode; marker?: string; creates?: string; unit?: {id: string; role: 'main' | 'fallback'}; splitOf?: string; check?: 'before' | 'after'; notInstalled?: string}>;
	/** The plan's notify hook, when it has one. */
	notify?: NotifySpec;
}

/** A check's place around the upgrade, in words (`plan` and the start prompt). */
export function checkNote(step: Pick<PlanStep, 'check' | 'notInstalled'>, plan: Pick<Plan, 'noChecks'>): string {
	const when = `check ${step.check === 'after' ? 'after' : 'before'}`;
	if (plan.noChecks) return `${when}, skipped (--no-checks)`;
	if (step.check === 'after') return when;
	return step.notInstalled === undefined ? `${when}: if it fails, nothing starts` : `${when}, skipped: not installed yet`;
}

/** A step's place in its unit, in words (`plan` and the start prompt). */
export function unitNote(unit: {id: string; role: 'main' | 'fallback'}): string {
	return unit.role === 'fallback' ? `unit ${unit.id}: its fallback, run only when a step of it fails` : `unit ${unit.id}`;
}

/** The plan as `plan --json` prints it. */
export function describePlan(plan: Plan): PlanDescription {
	return {
		name: plan.name,
		path: plan.path,
		hash: plan.hash,
		steps: plan.steps.map(({id, name, argv, cwd, pause, marker, creates, unit, splitOf, check, notInstalled}) => ({
			id,
			name,
			argv,
			cwd,
			pause,
			...(marker ? {marker: marker.path} : {}),
			...(creates === undefined ? {} : {creates}),
			...(unit ? {unit: {id: unit.id, role: unit.role}} : {}),
			...(splitOf === undefined ? {} : {splitOf}),
			...(check === undefined ? {} : {check}),
			...(notInstalled === undefined ? {} : {notInstalled}),
		})),
		...(plan.notify ? {notify: plan.notify} : {}),
	};
}
