// A step whose recorded attempt never concluded and still has a live process: a supervisor died
// while it ran. Nothing may reset, replace or drop that step until the process is gone, or the
// step would be started a second time beside it.
import {attemptProcesses} from './attempt-processes.js';
import type {RunState} from './types.js';

export interface LiveAttempt {
	id: string;
	/** ansible-playbook's pid as saved (null: the supervisor was killed before it saved it). */
	pid: number | null;
	/** The process groups of the attempt's live processes, ansible-playbook's first. */
	groups: number[];
}

export function liveAttempt(state: RunState): LiveAttempt | null {
	for (const s of state.steps) {
		const a = s.attempt;
		if (!a || a.endedAt !== null) continue;
		const live = attemptProcesses(a);
		if (live.length === 0) continue;
		const groups = [...new Set(live.map((p) => p.pgid))].sort((x, y) => (x === a.pid ? -1 : y === a.pid ? 1 : x - y));
		return {id: s.id, pid: a.pid, groups};
	}
	return null;
}

/** `resume`: the command that resumes this run, as the operator types it. */
export function leftoverMessage(live: LiveAttempt, what: string, resume: string): string {
	const groups = live.groups.map((g) => `-${g}`).join(' ');
	return `step ${live.id} is still running (process group ${live.groups[0]}) from a driver that stopped, so ${what} would start it a second time beside it.\nFollow it to its end first with \`${resume}\` (plan unchanged), or stop it: kill -INT -- ${groups}`;
}
