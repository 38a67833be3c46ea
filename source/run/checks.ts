// The plan's checks (`checks: {before, after}`) in the run: a check before the upgrade that
// fails while no step of the upgrade has started leaves the upgrade not started.
import type {Plan, PlanStep} from '../plan/types.js';
import {untouched} from './resplit.js';
import type {RunState, StepState} from './types.js';

/** Exit code of a run whose upgrade has not started (as `status` says of a run never started). */
export const NOT_STARTED_EXIT = 7;

/** No step of the upgrade (the checks aside) has started. */
export function upgradeNotBegun(state: RunState): boolean {
	return state.steps.every((s) => s.check !== undefined || untouched(s));
}

/** The failed check before the upgrade of a failed run whose upgrade has not started; else null. */
export function failedBeforeCheck(state: RunState): StepState | null {
	if (state.run.status !== 'failed' || !upgradeNotBegun(state)) return null;
	return state.steps.find((s) => s.check === 'before' && s.status === 'failed') ?? null;
}

/** The run's exit code for a status: 7 (not started) instead of 1 when only a check before the upgrade failed. */
export function runExitCode(state: RunState, code: number): number {
	return code === 1 && failedBeforeCheck(state) !== null ? NOT_STARTED_EXIT : code;
}

/** Why a check does not run when its turn comes, or null. */
export function checkSkip(state: RunState, plan: Pick<Plan, 'noChecks'>, step: PlanStep): string | null {
	if (step.check === undefined) return null;
	if (plan.noChecks) return 'skipped: the run goes without its checks (--no-checks)';
	if (step.check !== 'before') return null;
	if (step.notInstalled !== undefined) return `skipped: ${step.notInstalled}; it cannot run before the upgrade installs it`;
	if (!upgradeNotBegun(state)) return 'skipped: the upgrade has begun, and this check is for before it';
	return null;
}

/** The run's end in words when only a check before the upgrade failed: nothing of the upgrade ran. */
export function notStartedWords(check: StepState): string {
	return `not started: the check ${check.id}, run before it, failed; nothing of the upgrade ran (nothing to undo)`;
}
