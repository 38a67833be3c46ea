// Text for people and JSON for tools: problem lists and plan summaries.
import {readFileSync} from 'node:fs';
import type {PauseMode, Plan, PlanProblem} from './types.js';

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

/** One line per problem: `FILE:LINE:COL: key: message` (missing parts left out). */
export function formatProblems(problems: PlanProblem[], options: FormatOptions = {}): string {
	const cache = new Map<string, string[] | undefined>();
	const lines: string[] = [];
	for (const problem of problems) {
		const where = [problem.file, problem.line, problem.line === undefined ? undefined : problem.column]
			.filter(part => part !== undefined && part !== '')
			.join(':');
		const parts = [where, problem.key, problem.severity === 'warning' ? `warning: ${problem.message}` : problem.message];
		lines.push(parts.filter(part => part !== undefined && part !== '').join(': '));
		if (options.source && problem.line !== undefined) {
			const text = sourceLine(problem.file, problem.line, cache);
			if (text !== undefined) {
				lines.push(`    ${text}`);
				if (problem.column !== undefined) lines.push(`    ${' '.repeat(Math.max(0, problem.column - 1))}^`);
			}
		}
	}

	return lines.join('\n');
}

export interface PlanDescription {
	name: string;
	path: string;
	hash: string;
	/** `marker` (the run-upgrade.sh marker file) only when the plan has `markers:`. */
	steps: Array<{id: string; name: string; argv: string[]; cwd: string; pause: PauseMode; marker?: string}>;
}

/** The plan as `plan --json` prints it. */
export function describePlan(plan: Plan): PlanDescription {
	return {
		name: plan.name,
		path: plan.path,
		hash: plan.hash,
		steps: plan.steps.map(({id, name, argv, cwd, pause, marker}) => ({id, name, argv, cwd, pause, ...(marker ? {marker: marker.path} : {})})),
	};
}
