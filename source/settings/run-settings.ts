// What a run's supervisor takes from the settings: the notify hooks and the stall threshold. Read
// beside the run's plan file (so `resume` from another folder keeps them), merged with the plan.
import type {Writable} from 'node:stream';
import type {NotifySpec, Plan} from '../plan/types.js';
import {notifyHooks} from './effective.js';
import {sayWarnings} from './early.js';
import {folderOfPlan} from './files.js';
import {gatherSettings} from './gather.js';

export interface RunSettings {
	/** The notify setting's hook (the plan's, else a directory or account file's), then --notify's. */
	hooks: NotifySpec[];
	/** stall_after for the steps without their own (and a plan without one), in seconds; null: none. */
	stallAfter: number | null;
}

export function runSettings(plan: Plan, options: {notify?: string}, io: {env: Record<string, string | undefined>; cwd: string; stderr: Writable}, uid: number): RunSettings {
	const {effective, warnings} = gatherSettings({env: io.env, folder: folderOfPlan(plan, io.cwd), plan, options, uid});
	sayWarnings(io.stderr, warnings);
	return {hooks: notifyHooks(effective), stallAfter: effective.values.stall_after};
}

/** The plan with `seconds` as the stall_after of every step that has none of its own. Pure. */
export function withStallAfter(plan: Plan, seconds: number | null): Plan {
	if (seconds === null || plan.steps.every((step) => step.stallAfter !== undefined)) return plan;
	return {...plan, steps: plan.steps.map((step) => (step.stallAfter === undefined ? {...step, stallAfter: seconds} : step))};
}
