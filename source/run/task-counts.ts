// Task counts of the plan's playbook steps, worked out in the background while the run goes on
// (one --list-tasks at a time, at low priority) and kept in the run directory for viewers.
import {withStepEnv} from '../plan/step-env.js';
import {readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {cacheRoot, taskCount} from '../ansible/list-tasks.js';
import type {Plan} from '../plan/types.js';
import type {RunState} from './types.js';

export const taskCountsFile = (dir: string) => join(dir, 'task-counts.json');

export function readTaskCounts(dir: string): Record<string, number> {
	try {
		return JSON.parse(readFileSync(taskCountsFile(dir), 'utf8')) as Record<string, number>;
	} catch {
		return {};
	}
}

/** Counts the unfinished playbook steps' tasks in plan order; stop() ends it after the current one. */
export function countTasksInBackground(plan: Plan, state: RunState, dir: string, env: Record<string, string | undefined>): {stop(): void} {
	let stopped = false;
	const base: Record<string, string> = {};
	for (const [k, v] of Object.entries(env)) if (v !== undefined) base[k] = v;
	void (async () => {
		const counts = readTaskCounts(dir);
		for (const [index, step] of plan.steps.entries()) {
			if (stopped) return;
			const status = state.steps[index]?.status;
			if (step.kind !== 'playbook' || status === 'done' || status === 'skipped' || counts[step.hash] !== undefined) continue;
			const count = await taskCount(step, withStepEnv(base, step), cacheRoot(env)).catch(() => null);
			if (count === null || stopped) continue;
			counts[step.hash] = count;
			try {
				writeFileSync(taskCountsFile(dir), JSON.stringify(counts), {mode: 0o600});
			} catch {
				return;
			}
		}
	})();
	return {
		stop() {
			stopped = true;
		},
	};
}
