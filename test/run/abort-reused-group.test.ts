// An abort signals a step's process groups on each tick until none is left. Once a group's
// processes no longer carry the attempt's token (all gone, and the number taken by another
// group; here, the same process exec'd without it, which is the same to the driver), the group
// is not the step's any more and gets no further signal. Real processes; process.kill is watched,
// not replaced.
import {spawn, type ChildProcess} from 'node:child_process';
import {rmSync, writeFileSync} from 'node:fs';
import {afterEach, expect, it, vi} from 'vitest';
import {attemptVariable} from '../../source/run/attempt-identity.js';
import {environValue} from '../../source/run/attempt-processes.js';
import {StepAbort} from '../../source/run/abort.js';

const started: ChildProcess[] = [];
afterEach(() => {
	vi.restoreAllMocks();
	for (const child of started.splice(0)) {
		try {
			process.kill(-child.pid!, 'SIGKILL');
		} catch {
			// Gone.
		}
	}
});

const until = async (check: () => boolean) => {
	for (let i = 0; i < 150 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
	return check();
};

it('a group whose processes no longer carry the token gets no further signal', async () => {
	const token = `/tmp/test-run-${process.pid}/step/1`;
	// In a session of its own, as an adopted step's worker whose leader is gone; it shrugs off
	// SIGINT, then becomes a process without the token (exec: same pid and group).
	const child = spawn('sh', ['-c', `trap '' INT; while [ ! -e "$0" ]; do sleep 0.05; done; exec env -u ${attemptVariable} sleep 30`, `/tmp/test-run-${process.pid}-go`], {
		env: {...process.env, [attemptVariable]: token},
		detached: true,
		stdio: 'ignore',
	});
	started.push(child);
	const group = child.pid!;
	expect(await until(() => environValue(group, attemptVariable) === token)).toBe(true);
	const kill = vi.spyOn(process, 'kill');
	const abort = new StepAbort(null, (value) => value === token, () => {});
	abort.tick(Date.now(), false);
	expect(kill).toHaveBeenCalledWith(-group, 'SIGINT');

	// It now carries no token.
	writeFileSync(`/tmp/test-run-${process.pid}-go`, '');
	try {
		expect(await until(() => environValue(group, attemptVariable) === null)).toBe(true);
	} finally {
		rmSync(`/tmp/test-run-${process.pid}-go`, {force: true});
	}
	kill.mockClear();
	// The next rung is due (a task start after the SIGINT hurries it); it must not reach the group.
	abort.saw({type: 'task_start', t: Date.now() / 1000 + 1, task: {id: 't', name: 'next', play: null}} as never);
	abort.tick(Date.now() + 1, false);
	expect(kill).not.toHaveBeenCalledWith(-group, expect.anything());
	expect(abort.killLeft()).toEqual([]);
	expect(kill).not.toHaveBeenCalledWith(-group, 'SIGKILL');
});
