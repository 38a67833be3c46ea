// The driver end to end in plain mode, against the real ansible-playbook and the real plugin:
// outcomes are checked in the files the playbooks write, exit codes and the persisted state.
import {readFileSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {expect, it} from 'vitest';
import {describeAnsible} from '../helpers/ansible.js';
import {each, groupAlive, processesOf, sandbox, savedState, status, waitFor} from '../helpers/cli.js';


describeAnsible('run, pause and resume (real ansible-playbook)', () => {
	it('runs every step to the end: exit 0, every task ran once per host, state private and done', async () => {
		const box = sandbox();
		const plan = box.plan('  - playbook: first.yml\n  - playbook: last.yml\n');
		const r = await box.cli('run', plan);
		expect(r.code, r.stdout + r.stderr).toBe(0);
		expect(each(box, 'first.t1')).toEqual([1, 1, 1]);
		expect(each(box, 'first.t2')).toEqual([1, 1, 1]);
		expect(each(box, 'last.t1')).toEqual([1, 1, 1]);
		expect(r.stdout).toMatch(/\[1\/2\] first DONE in [\d.]+s: ok=6 changed=6 failed=0/);
		expect(r.stdout).toContain('all 2 steps done.');
		const s = await status(box);
		expect(s.run.status).toBe('done');
		expect(s.steps.map((x) => [x.id, x.status, x.attempts])).toEqual([
			['first', 'done', 1],
			['last', 'done', 1],
		]);
		expect(statSync(box.state).mode & 0o777).toBe(0o700);
		expect(statSync(join(box.state, 'state.json')).mode & 0o777).toBe(0o600);
		// A second run of a finished plan runs nothing.
		const again = await box.cli('run', plan);
		expect(again.code).toBe(0);
		expect(again.stdout).toContain('already done');
		expect(each(box, 'first.t1')).toEqual([1, 1, 1]);
	});

	it('Ctrl-C pauses after the running task finished on every host; resume finishes without rerunning done steps', async () => {
		const box = sandbox();
		const plan = box.plan('  - playbook: first.yml\n  - playbook: slow.yml\n  - playbook: last.yml\n');
		const run = box.start('run', plan);
		await waitFor(() => box.runs('slow.t2-started.h1') > 0, 'the slow task to start');
		run.child.kill('SIGINT');
		const r = await run.done;
		expect(r.code, r.stdout + r.stderr).toBe(3);
		expect(each(box, 'slow.t2')).toEqual([1, 1, 1]); // the running task finished everywhere
		expect(each(box, 'slow.t3')).toEqual([0, 0, 0]); // the next one never started
		expect(each(box, 'last.t1')).toEqual([0, 0, 0]);
		expect(r.stdout).toContain('pausing: waiting for task "slow task two sleeps" to finish on every host');
		const s = await status(box);
		expect(s.run.status).toBe('paused');
		expect(s.steps[1]).toMatchObject({id: 'slow', status: 'paused', pausedAt: {task: 'slow task three'}});
		// The viewer's clock counts time spent running, not the pause: wait a while paused.
		await new Promise((done) => setTimeout(done, 2000));

		const resumed = await box.cli('resume');
		expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
		expect(each(box, 'first.t1')).toEqual([1, 1, 1]); // finished step not run again
		expect(each(box, 'slow.t1')).toEqual([2, 2, 2]); // the paused step reran from its start
		expect(each(box, 'slow.t3')).toEqual([1, 1, 1]);
		expect(each(box, 'last.t1')).toEqual([1, 1, 1]);
		expect((await status(box)).steps.map((x) => x.attempts)).toEqual([1, 2, 1]);
		const {run: finished} = savedState(box);
		const wall = Date.parse(finished.updatedAt!) - Date.parse(finished.startedAt!);
		expect(finished.activeMs).toBeGreaterThan(0);
		expect(wall - finished.activeMs!).toBeGreaterThanOrEqual(2000);
	});

	it('plain mode ignores SIGHUP (a dropped SSH session) and pauses on SIGTERM', async () => {
		const box = sandbox();
		const plan = box.plan('  - playbook: slow.yml\n');
		const run = box.start('run', plan);
		await waitFor(() => box.runs('slow.t2-started.h1') > 0, 'the slow task to start');
		run.child.kill('SIGHUP'); // by default this would end the process
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(run.child.exitCode).toBe(null);
		run.child.kill('SIGTERM');
		const r = await run.done;
		expect(r.signal).toBe(null);
		expect(r.code, r.stdout + r.stderr).toBe(3);
		expect(each(box, 'slow.t2')).toEqual([1, 1, 1]);
		expect(each(box, 'slow.t3')).toEqual([0, 0, 0]);
		expect((await status(box)).run.status).toBe('paused');
	});

	it('resume --at-task starts the paused step at the task where it paused', async () => {
		const box = sandbox();
		const plan = box.plan('  - playbook: slow.yml\n');
		const run = box.start('run', plan);
		await waitFor(() => box.runs('slow.t2-started.h1') > 0, 'the slow task to start');
		await box.cli('stop');
		expect((await run.done).code).toBe(3);
		const resumed = await box.cli('resume', '--at-task');
		expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
		expect(resumed.stdout).toContain('--start-at-task');
		expect(each(box, 'slow.t1')).toEqual([1, 1, 1]);
		expect(each(box, 'slow.t2')).toEqual([1, 1, 1]);
		expect(each(box, 'slow.t3')).toEqual([1, 1, 1]);
	});

	it('a pause requested while a handler is pending waits until the handler ran', async () => {
		const box = sandbox();
		const plan = box.plan('  - playbook: handler.yml\n');
		const run = box.start('run', plan);
		await waitFor(() => box.runs('handler.t1.h1') > 0, 'the notifying task to finish');
		const stop = await box.cli('stop');
		expect(stop.code).toBe(0);
		const r = await run.done;
		expect(r.code, r.stdout + r.stderr).toBe(3);
		expect(each(box, 'handler.h')).toEqual([1, 1, 1]); // the notification was not lost
		expect(each(box, 'handler.t3')).toEqual([0, 0, 0]);
		expect(r.stdout).toMatch(/pausing: waiting for .*restart service/);
		expect((await status(box)).steps[0]).toMatchObject({status: 'paused', pausedAt: {task: 'handler task three'}});
	});

	it('a step marked pause: play in a serial play stops only between batches', async () => {
		const box = sandbox();
		const plan = box.plan('  - playbook: rolling.yml\n    pause: play\n');
		const run = box.start('run', plan);
		await waitFor(() => box.runs('rolling.stop.h1') > 0, 'the first batch to be under way');
		await box.cli('stop');
		const r = await run.done;
		expect(r.code, r.stdout + r.stderr).toBe(3);
		expect([box.runs('rolling.stop.h1'), box.runs('rolling.start.h1')]).toEqual([1, 1]); // batch 1 whole
		expect(box.markers().filter((m) => !m.endsWith('.h1'))).toEqual([]); // batch 2 never began
		expect(r.stdout).toContain('pausing: waiting for');
	});

	it('a failure on one host: exit 1, later steps pending, host, task and message shown with hand-over commands', async () => {
		const box = sandbox();
		const plan = box.plan('  - playbook: first.yml\n  - playbook: fails.yml\n  - playbook: last.yml\n');
		const r = await box.cli('run', plan);
		expect(r.code, r.stdout + r.stderr).toBe(1);
		expect(r.stdout).toMatch(/FAILED h2 \| task "check cluster state" \| .*wsrep not Synced/);
		expect(r.stdout).toContain('To go on by hand instead, run these in order:');
		// Playbooks under the step's cwd are named relative to it, as an operator types them.
		expect(r.stdout).toMatch(/cd \S+ && env ANSIBLE_FORKS=5 ansible-playbook -i \S+inventory\.ini fails\.yml\n\s+cd \S+ && env ANSIBLE_FORKS=5 ansible-playbook -i \S+ last\.yml/);
		expect(each(box, 'last.t1')).toEqual([0, 0, 0]);
		const s = await status(box);
		expect(s.run.status).toBe('failed');
		expect(s.steps.map((x) => x.status)).toEqual(['done', 'failed', 'pending']);
		expect(s.steps[1]!.hosts.failed).toBe(1);
		expect(s.steps[1]!.problems[0]).toMatchObject({host: 'h2', task: 'check cluster state'});
		// The same commands are kept for viewers, one per line, from the failed step on.
		const kept = readFileSync(join(box.state, 'handover.txt'), 'utf8').trim().split('\n');
		expect(kept).toHaveLength(2);
		for (const line of kept) expect(r.stdout).toContain(line);
		expect(kept[0]).toMatch(/ fails\.yml$/);
	});

	it('stop --abort kills the running step now: exit 4, the task is cut, no process left', async () => {
		const box = sandbox();
		// A task far longer than the two CLI calls below on a busy machine: the abort lands in it.
		box.env['DRIVER_TEST_SLEEP'] = '30';
		const plan = box.plan('  - playbook: slow.yml\n');
		const run = box.start('run', plan);
		await waitFor(() => box.runs('slow.t2-started.h1') > 0, 'the slow task to start');
		expect((await status(box)).steps[0]!.status).toBe('running');
		const pid = savedState(box).steps[0]!.attempt!.pid!;
		await box.cli('stop', '--abort');
		const r = await run.done;
		expect(r.code, r.stdout + r.stderr).toBe(4);
		expect(groupAlive(pid)).toBe(false);
		// Workers of 2.19+ have sessions of their own: none of them, nor their tasks, is left.
		expect(processesOf(box)).toEqual([]);
		expect(each(box, 'slow.t2')).toEqual([0, 0, 0]); // cut, and nothing is left that could still write it
		const s = await status(box);
		expect(s.run.status).toBe('aborted');
		expect(s.steps[0]!.status).toBe('aborted');
	});
});
