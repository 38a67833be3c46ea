// Finding an attempt's processes by the token in their environment, with real processes: one in a
// session of its own (as ansible-core 2.19+ starts its workers) is found although no group links
// it to the leader, and a zombie or another attempt's process is not.
import {spawn, type ChildProcess} from 'node:child_process';
import {afterEach, describe, expect, it} from 'vitest';
import {attemptToken, attemptVariable, isAttemptToken, stepTokens} from '../../source/run/attempt-identity.js';
import {attemptLeader, attemptProcesses, environValue} from '../../source/run/attempt-processes.js';
import {processStartTime} from '../../source/run/process.js';

const started: ChildProcess[] = [];

/** A shell in a session of its own carrying `token`, which starts `inner` (another shell command). */
function startWithToken(token: string, inner = 'sleep 30'): ChildProcess {
	const child = spawn('sh', ['-c', `${inner} & wait`], {env: {...process.env, [attemptVariable]: token}, detached: true, stdio: 'ignore'});
	started.push(child);
	return child;
}

const until = async (check: () => boolean) => {
	for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
	return check();
};

afterEach(() => {
	for (const child of started.splice(0)) {
		try {
			process.kill(-child.pid!, 'SIGKILL');
		} catch {
			// Gone.
		}
	}
});

describe('attempt tokens', () => {
	it('name the run directory, step and attempt; a step match takes every attempt of that step only', () => {
		const token = attemptToken('/runs/r1', 'setup-hosts', 3);
		expect(token).toBe('/runs/r1/setup-hosts/3');
		const match = stepTokens('/runs/r1', 'setup-hosts');
		expect(match(token)).toBe(true);
		expect(match('/runs/r1/setup-hosts/12')).toBe(true);
		expect(match('/runs/r1/setup-hosts-2/1')).toBe(false);
		expect(match('/runs/r1/setup-hosts/1/x')).toBe(false);
		expect(match('/runs/r2/setup-hosts/1')).toBe(false);
	});
});

describe('a token of the wrong shape', () => {
	it('is not a token: only an absolute path ending in /<step id>/<attempt number>', () => {
		expect(isAttemptToken(attemptToken('/runs/r1', 'setup-hosts', 3))).toBe(true);
		for (const bad of ['', '/', 'runs/r1/setup-hosts/3', '/runs/r1/setup-hosts/0', '/runs/r1/setup-hosts/x', '/runs/r1/Setup/1', '/runs/r1/setup-hosts/1\n', `/${'a'.repeat(5000)}/s/1`]) {
			expect(isAttemptToken(bad), JSON.stringify(bad.slice(0, 40))).toBe(false);
		}
	});

	it("a process whose variable is not of the token's shape is not the attempt's, whatever the match says", async () => {
		const odd = `/tmp/test-run-${process.pid}/step/1 extra\nline`;
		const child = startWithToken(odd);
		expect(await until(() => environValue(child.pid!, attemptVariable) === odd)).toBe(true);
		// A match that takes anything (the saved token's own check is the shape check's job).
		const found = attemptProcesses({pid: null, pidStart: null, token: null}, () => true);
		expect(found.map((p) => p.pid)).not.toContain(child.pid);
		// A saved token of the wrong shape finds nothing either, even the process carrying it.
		expect(attemptProcesses({pid: null, pidStart: null, token: odd})).toEqual([]);
		const good = `/tmp/test-run-${process.pid}/step/2`;
		const carrier = startWithToken(good);
		expect(await until(() => attemptProcesses({pid: null, pidStart: null, token: good}).some((p) => p.pid === carrier.pid))).toBe(true);
	});
});

describe('attemptProcesses', () => {
	it('finds a process of the attempt in a session of its own, below a leader that is gone, by its token alone', async () => {
		const token = `/tmp/test-run-${process.pid}/step/1`;
		// The grandchild starts its own session, as a 2.19 worker does; then its parent is killed.
		const leader = startWithToken(token, 'setsid sleep 30');
		expect(await until(() => attemptProcesses({pid: null, pidStart: null, token}).length === 2)).toBe(true);
		expect(environValue(leader.pid!, attemptVariable)).toBe(token);
		process.kill(leader.pid!, 'SIGKILL');
		await until(() => attemptProcesses({pid: null, pidStart: null, token}).length === 1);
		const left = attemptProcesses({pid: leader.pid!, pidStart: processStartTime(leader.pid!), token});
		expect(left).toHaveLength(1);
		expect(left[0]!.pid).not.toBe(leader.pid); // the killed shell is a zombie until reaped: not counted
		expect(left[0]!.pgid).not.toBe(leader.pid); // and its group would not have found this one
		expect(attemptProcesses({pid: leader.pid!, pidStart: null})).toEqual([]); // the old group check alone misses it
		for (const p of left) process.kill(p.pid, 'SIGKILL');
	});

	it('leaves out the processes of another attempt, and names the first process of an attempt whose pid was not saved', async () => {
		const token = `/tmp/test-run-${process.pid}/step/2`;
		const other = startWithToken(`/tmp/test-run-${process.pid}/step/3`);
		const mine = startWithToken(token);
		expect(await until(() => attemptProcesses({pid: null, pidStart: null, token}).length === 2)).toBe(true);
		const pids = attemptProcesses({pid: null, pidStart: null, token}).map((p) => p.pid);
		expect(pids).toContain(mine.pid);
		expect(pids).not.toContain(other.pid);
		expect(attemptLeader({pid: null, pidStart: null, token})).toEqual({pid: mine.pid, pidStart: processStartTime(mine.pid!)});
		// Any attempt of the step: both.
		const step = attemptProcesses({pid: null, pidStart: null}, stepTokens(`/tmp/test-run-${process.pid}`, 'step')).map((p) => p.pid);
		expect(step).toEqual(expect.arrayContaining([mine.pid, other.pid]));
	});
});
