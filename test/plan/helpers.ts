// Shared helpers for the plan tests.
import {fileURLToPath} from 'node:url';
import {expect} from 'vitest';
import {loadPlan, parsePlan} from '../../source/plan/load.js';
import type {Plan, PlanProblem, PlanResult} from '../../source/plan/types.js';

export const PLANS = fileURLToPath(new URL('../../fixtures/plans/', import.meta.url));
export const GOOD = `${PLANS}good`;
export const BAD = `${PLANS}bad`;
export const BUILTIN = `${PLANS}builtin`;

export function expectPlan(result: PlanResult): Plan {
	if (!result.ok) expect.fail(`expected a plan, got problems:\n${result.problems.map(p => `${p.line}:${p.column} ${p.key}: ${p.message}`).join('\n')}`);
	return result.plan;
}

export function expectProblems(result: PlanResult): PlanProblem[] {
	if (result.ok) expect.fail('expected problems, got a plan');
	return result.problems;
}

/** Load a fixture plan by its path under fixtures/plans/. */
export function loadFixture(path: string, env: Record<string, string | undefined> = {}): PlanResult {
	return loadPlan(path, {env, cwd: PLANS, builtinDir: BUILTIN});
}

/** Parse plan text as if it were the file /plans/test/plan.yml. */
export function parseText(text: string, env: Record<string, string | undefined> = {}): PlanResult {
	return parsePlan(text, {file: '/plans/test/plan.yml', env});
}
