// A step whose recorded attempt never concluded and still has a live process: a supervisor died
// while it ran. Nothing may reset, replace or drop that step until the process is gone, or the
// step would be started a second time beside it.
import {isGroupAlive, isSameProcessAlive} from './process.js';
import type {RunState} from './types.js';

export interface LiveAttempt {
	id: string;
	pid: number;
}

export function liveAttempt(state: RunState): LiveAttempt | null {
	for (const s of state.steps) {
		const a = s.attempt;
		if (!a?.pid || a.endedAt !== null) continue;
		if (isSameProcessAlive(a.pid, a.pidStart) || isGroupAlive(a.pid)) return {id: s.id, pid: a.pid};
	}
	return null;
}

export function leftoverMessage(live: LiveAttempt, what: string): string {
	return `step ${live.id} is still running (process group ${live.pid}) from a driver that stopped, so ${what} would start it a second time beside it.\nFollow it to its end first with \`ansible-driver resume\` (plan unchanged), or stop it: kill -INT -- -${live.pid}`;
}
