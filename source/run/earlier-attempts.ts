// Before a step starts (again): no process of an earlier attempt of it may still run. Workers of
// an ansible-playbook killed mid-task go on with their task (from ansible-core 2.19 on in sessions
// of their own), and an attempt's processes may outlive the driver that followed them. They are
// found by their attempt's token (attempt-identity.ts) or by the saved attempt's process group, and
// waited for, as an adopted step is followed to its end: the operator's abort ends them.
import {StepAbort} from './abort.js';
import {stepTokens} from './attempt-identity.js';
import {attemptProcesses, ownLeader, type AttemptIdentity} from './attempt-processes.js';
import type {Attempt} from './types.js';

export interface EarlierHooks {
	abortWanted(): boolean;
	pauseWanted(): boolean;
	note(text: string): void;
}

const killTimeoutMs = 10_000;

const pidList = (live: Array<{pid: number}>) => live.slice(0, 8).map((p) => p.pid).join(', ') + (live.length > 8 ? ', ...' : '');

/** 'clear' once none is left; 'aborted' (they were killed) or 'paused' when the operator asked first. */
export async function waitForEarlierAttempts(
	o: {dir: string; stepId: string; previous: Attempt | null; tickMs: number},
	hooks: EarlierHooks,
	wait: (ms: number) => Promise<void>,
): Promise<'clear' | 'aborted' | 'paused'> {
	const anyAttempt = stepTokens(o.dir, o.stepId);
	const previous: AttemptIdentity = o.previous ?? {pid: null, pidStart: null};
	const find = () => attemptProcesses(previous, anyAttempt);
	let live = find();
	if (live.length === 0) return 'clear';
	hooks.note(
		`step ${o.stepId}: processes of an earlier attempt still run (pid ${pidList(live)}); waiting for them to end before it starts again, so it never runs twice at once (stop --abort ends them)`,
	);
	let abort: StepAbort | null = null;
	let killStarted = 0;
	while (live.length > 0) {
		if (!abort && hooks.abortWanted()) {
			hooks.note(`abort: killing what is left of the earlier attempt of step ${o.stepId}`);
			const token = previous.token;
			const leader = ownLeader(previous);
			abort = new StepAbort(leader ? {pid: leader, pidStart: previous.pidStart} : null, (value) => anyAttempt(value) || value === token, hooks.note);
			killStarted = Date.now();
		}
		if (abort) {
			abort.killLeft();
			if (Date.now() - killStarted > killTimeoutMs) {
				hooks.note(`warning: processes of the earlier attempt of step ${o.stepId} (pid ${pidList(live)}) are still there after SIGKILL`);
				return 'aborted';
			}
		} else if (hooks.pauseWanted()) return 'paused';
		// Each look reads /proc, and what is left may run for long: once a second is soon enough.
		await wait(abort ? 50 : Math.max(o.tickMs, 1000));
		live = find();
	}
	return abort ? 'aborted' : 'clear';
}
