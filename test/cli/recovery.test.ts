// What happens when things go wrong around the run: the supervisor is killed, a second one
// starts, a lock is left behind. Real ansible-playbook, real processes.
import {existsSync, renameSync, writeFileSync} from 'node:fs';
import {join, resolve} from 'node:path';
import {expect, it} from 'vitest';
import {describeAnsible} from '../helpers/ansible.js';
import {each, groupAlive, processesOf, runsFixtures, sandbox, savedState, status, waitFor} from '../helpers/cli.js';


describeAnsible('recovery (real ansible-playbook)', () => {
	it('kill -9 of the supervisor mid-step: the step runs on, resume adopts it and never starts it twice', async () => {
		const box = sandbox();
		const plan = box.plan('  - playbook: slow.yml\n  - playbook: last.yml\n');
		const run = box.start('run', plan);
		await waitFor(() => box.runs('slow.t2-started.h1') > 0, 'the slow task to start');
		const ansiblePid = savedState(box).steps[0]!.attempt!.pid!;
		run.child.kill('SIGKILL');
		await run.done;
		expect(groupAlive(ansiblePid)).toBe(true); // the upgrade step did not die with the driver

		const resumed = await box.cli('resume');
		expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
		expect(resumed.stdout).toContain(`still running from an earlier driver (pid ${ansiblePid})`);
		expect(each(box, 'slow.t1')).toEqual([1, 1, 1]); // not started a second time
		expect(each(box, 'slow.t3')).toEqual([1, 1, 1]);
		expect(each(box, 'last.t1')).toEqual([1, 1, 1]);
		const s = await status(box);
		expect(s.steps.map((x) => [x.status, x.attempts])).toEqual([
			['done', 1],
			['done', 1],
		]);
	});

	it('supervisor and step both killed: resume sees the step was cut short and runs it again', async () => {
		const box = sandbox();
		const plan = box.plan('  - playbook: slow.yml\n');
		const run = box.start('run', plan);
		await waitFor(() => box.runs('slow.t2-started.h1') > 0, 'the slow task to start');
		const ansiblePid = savedState(box).steps[0]!.attempt!.pid!;
		run.child.kill('SIGKILL');
		process.kill(-ansiblePid, 'SIGKILL');
		await run.done;
		await waitFor(() => !groupAlive(ansiblePid), 'the step to die');

		const resumed = await box.cli('resume');
		expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
		expect(resumed.stdout).toMatch(/slow INTERRUPTED|judging it from its events/);
		expect(each(box, 'slow.t1')).toEqual([2, 2, 2]);
		expect(each(box, 'slow.t3')).toEqual([1, 1, 1]);
		expect((await status(box)).steps[0]).toMatchObject({status: 'done', attempts: 2});
	});

	it('a second supervisor on the same run exits 5 at once; a stale lock is taken over', async () => {
		const box = sandbox();
		const plan = box.plan('  - playbook: slow.yml\n');
		const run = box.start('run', plan);
		await waitFor(() => box.runs('slow.t2-started.h1') > 0, 'the slow task to start');
		const second = await box.cli('run', plan);
		expect(second.code).toBe(5);
		expect(second.stderr).toMatch(/another ansible-driver \(pid \d+/);
		const resume = await box.cli('resume');
		expect(resume.code).toBe(5);
		expect((await run.done).code).toBe(0);
		expect(each(box, 'slow.t1')).toEqual([1, 1, 1]);

		// A lock left by a process that is gone does not keep the operator out.
		await box.cli('reset', '--yes');
		writeFileSync(join(box.state, 'supervisor.lock'), JSON.stringify({pid: 999_999, start: 1, host: (await import('node:os')).hostname(), since: 'earlier'}));
		const after = await box.cli('run', plan);
		expect(after.code, after.stdout + after.stderr).toBe(0);
		expect(each(box, 'slow.t1')).toEqual([2, 2, 2]);
	});

	it('a state started over never reuses an earlier attempt\'s files: a step cut short is not judged by an old recap', async () => {
		const box = sandbox();
		const plan = box.plan('  - playbook: slow.yml\n');
		expect((await box.cli('run', plan)).code).toBe(0);
		renameSync(join(box.state, 'state.json'), join(box.state, 'state.json.old'));
		box.env['DRIVER_TEST_SLEEP'] = '20';
		const run = box.start('run', plan);
		await waitFor(() => box.runs('slow.t2-started.h1') === 2, 'the slow task to start again');
		const attempt = savedState(box).steps[0]!.attempt!;
		expect(attempt.eventsFile).toMatch(/attempt-2\.events\.ndjson$/);
		run.child.kill('SIGKILL');
		process.kill(-attempt.pid!, 'SIGKILL');
		await run.done;
		await waitFor(() => !groupAlive(attempt.pid!), 'the step to die');
		box.env['DRIVER_TEST_SLEEP'] = '1';
		const resumed = await box.cli('resume');
		expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
		expect(each(box, 'slow.t3')).toEqual([2, 2, 2]); // really ran again, not "done" from attempt 1
	});

	it('neither reset nor an accepted plan change may start a step whose process still runs', async () => {
		const box = sandbox();
		box.env['DRIVER_TEST_SLEEP'] = '8';
		const plan = box.plan('  - playbook: slow.yml\n');
		const run = box.start('run', plan);
		await waitFor(() => box.runs('slow.t2-started.h1') > 0, 'the slow task to start');
		run.child.kill('SIGKILL');
		await run.done;
		const reset = await box.cli('reset', '--yes');
		expect(reset.code).toBe(2);
		expect(reset.stderr).toMatch(/step slow is still running \(process group \d+\)/);
		box.plan('  - playbook: slow.yml\n    args: [-e, changed=1]\n');
		const changed = await box.cli('resume', '--yes');
		expect(changed.code).toBe(2);
		expect(changed.stderr).toContain('is still running');
		box.plan('  - playbook: slow.yml\n');
		const resumed = await box.cli('resume');
		expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
		expect(each(box, 'slow.t2-started')).toEqual([1, 1, 1]); // never started twice
	});

	it('a pause never cuts a command step, even one that runs ansible-playbook itself', async () => {
		const box = sandbox();
		const inner = `ansible-playbook -i ${join(runsFixtures, 'inventory.ini')} ${join(runsFixtures, 'playbooks', 'slow.yml')}; echo ran >> "$DRIVER_TEST_OUT/after"`;
		const plan = box.plan(`  - run: [bash, -c, ${JSON.stringify(inner)}]\n  - playbook: last.yml\n`);
		const run = box.start('run', plan);
		await waitFor(() => box.runs('slow.t2-started.h1') > 0, 'the slow task to start');
		await box.cli('stop');
		const r = await run.done;
		expect(r.code, r.stdout + r.stderr).toBe(3);
		expect(each(box, 'slow.t3')).toEqual([1, 1, 1]); // the playbook inside was not cut
		expect(box.runs('after')).toBe(1); // and the command went on to its end
		expect(each(box, 'last.t1')).toEqual([0, 0, 0]);
		expect((await status(box)).steps.map((x) => x.status)).toEqual(['done', 'pending']);
	});
	it('supervisor and step both killed before the callback plugin loaded: resume says the step stopped before its first play, not that the plugin failed', async () => {
		const box = sandbox();
		const plan = box.plan('  - playbook: slow.yml\n');
		const run = box.start('run', plan);
		await waitFor(() => {
			try {
				return Boolean(savedState(box).steps[0]?.attempt?.pid);
			} catch {
				return false; // not written yet
			}
		}, 'the step to start', 30_000);
		const attempt = savedState(box).steps[0]!.attempt!;
		run.child.kill('SIGKILL');
		process.kill(-attempt.pid!, 'SIGKILL');
		await run.done;
		await waitFor(() => processesOf(box).length === 0, 'the step to die');
		expect(existsSync(resolve(box.state, attempt.eventsFile))).toBe(false); // the plugin had not loaded yet

		const resumed = await box.cli('resume');
		expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
		expect(resumed.stdout).not.toContain('did not load');
		expect(resumed.stdout).toContain('ended while the driver was away, before its first play');
		expect(each(box, 'slow.t3')).toEqual([1, 1, 1]);
		expect((await status(box)).steps[0]).toMatchObject({status: 'done', attempts: 2});
	});

	it('reset of a later step while a step of a driver that stopped still runs: status says the run is running, not idle', async () => {
		const box = sandbox();
		box.env['DRIVER_TEST_SLEEP'] = '6';
		const plan = box.plan('  - playbook: slow.yml\n  - playbook: last.yml\n');
		const run = box.start('run', plan);
		await waitFor(() => box.runs('slow.t2-started.h1') > 0, 'the slow task to start');
		run.child.kill('SIGKILL');
		await run.done;
		const reset = await box.cli('reset', 'last', '--yes');
		expect(reset.code, reset.stdout + reset.stderr).toBe(0);
		const s = await status(box);
		expect(s.run.status).toBe('running');
		expect(s.steps.map((x) => x.status)).toEqual(['running', 'pending']);
		expect((await box.cli('status')).stdout).toContain('supervisor: gone');

		const resumed = await box.cli('resume');
		expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
		expect(each(box, 'slow.t1')).toEqual([1, 1, 1]); // followed to its end, not started again
		expect(each(box, 'last.t1')).toEqual([1, 1, 1]);
	});
});
