// Adoption: a step left 'running' by a supervisor that died. Its processes run in sessions of
// their own, so they may outlive it: the next supervisor follows them to their end, or judges the
// step from its events when they are gone (DESIGN.md, "one owner, many viewers").
import {attemptLeader, attemptProcesses} from './attempt-processes.js';
import {isSameProcessAlive} from './process.js';
import type {Attempt, RunState} from './types.js';

/** findUnsavedPid: how long a child forked by a spawn cut short may take to exec. */
const unsavedPidSettleMs = 500;

/** The step a supervisor that died left running, and its attempt (null when none was saved); null when none. */
export function leftoverStep(state: RunState): {index: number; attempt: Attempt | null} | null {
	const index = state.steps.findIndex((s) => s.status === 'running');
	if (index === -1) return null;
	return {index, attempt: state.steps[index]!.attempt};
}

/**
 * An attempt saved without its pid: the supervisor was killed right after the spawn. Its token
 * finds the process. A child forked by a spawn the kill cut short carries the token once it has
 * exec'd, a moment later: one more look after a short wait. Null when it is not found.
 */
export async function findUnsavedPid(attempt: Attempt, wait: (ms: number) => Promise<void>): Promise<Attempt | null> {
	if (!attempt.token) return null;
	let leader = attemptLeader(attempt);
	if (!leader) {
		await wait(unsavedPidSettleMs);
		leader = attemptLeader(attempt);
	}
	return leader ? {...attempt, ...leader} : null;
}

/** What the operator is told as a step is adopted: followed, waited for, or judged at once. */
export function adoptionWords(stepId: string, attempt: Attempt): string {
	const live = attemptProcesses(attempt);
	const leaderAlive = attempt.pid !== null && isSameProcessAlive(attempt.pid, attempt.pidStart);
	if (leaderAlive) return `step ${stepId} is still running from an earlier driver (pid ${attempt.pid}); following it to its end`;
	if (live.length > 0) {
		return `step ${stepId}: its ansible-playbook has ended, but processes of it still run (pid ${live.slice(0, 8).map((p) => p.pid).join(', ')}); waiting for them, then judging it from its events`;
	}
	return `step ${stepId} was running when the earlier driver stopped; judging it from its events`;
}

/** watchAttempt's options for an adopted attempt: followed until no process of it is left (workers outlive a killed ansible-playbook). */
export function adoptedWatch(attempt: Attempt, tickMs: number) {
	return {pid: attempt.pid ?? 0, pidStart: attempt.pidStart, token: attempt.token ?? null, eventsFile: attempt.eventsFile, exited: null, tickMs};
}
