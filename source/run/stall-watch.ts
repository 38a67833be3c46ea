// Watching the running step for a stalled task: thresholds from the step's earlier task durations
// (read once per step, not on every tick), and each stall told once per task of an attempt.
import type {PlanStep} from '../plan/types.js';
import {findStall, stallThreshold} from './stall.js';
import type {AttemptSummary} from './summary.js';
import {readTaskDurations} from './task-history.js';
import type {Stall} from './types.js';

export class StallWatch {
	/** Earlier task durations of the step running now. */
	private history: {hash: string; seconds: Record<string, number>} | null = null;
	/** Stalls already told (step, attempt, task). */
	private readonly told = new Set<string>();

	constructor(private readonly env: Record<string, string | undefined>) {}

	/** The stall of the step's current task now, or null. */
	find(step: PlanStep, summary: AttemptSummary, nowMs: number): Stall | null {
		if (this.history?.hash !== step.hash) this.history = {hash: step.hash, seconds: readTaskDurations(this.env, step.hash)};
		const seconds = this.history.seconds;
		return findStall(summary.running, summary.currentTask, nowMs / 1000, (name) => stallThreshold(step.stallAfter, seconds[name]));
	}

	/** True the first time this task of this attempt is seen stalled: a stall is told once. */
	isNew(stepId: string, attempt: number, stall: Stall): boolean {
		const key = `${stepId}#${attempt}#${stall.taskId}`;
		if (this.told.has(key)) return false;
		this.told.add(key);
		return true;
	}
}
