// A step never runs twice at the same time, whatever gets killed when: the supervisor right after
// it spawned a step, or ansible-playbook itself mid-task (from ansible-core 2.19 on its workers
// have sessions of their own and go on unseen by its process group). fixtures/runs/playbooks/
// once.yml records an overlap when a task of it starts on a host while another run of it holds
// that host's lock (its middle task holds it while it sleeps). Real ansible-playbook, real processes.
import {spawn} from 'node:child_process';
import {mkdirSync, readFileSync, readlinkSync, watch} from 'node:fs';
import {join, resolve as absolute} from 'node:path';
import {expect, it} from 'vitest';
import {describeAnsible} from '../helpers/ansible.js';
import {each, processesOf, sandbox, savedState, status, waitFor, type Cli, type Sandbox} from '../helpers/cli.js';

/** The overlaps once.yml recorded, over all hosts: none means no two runs of it ever overlapped on a host. */
const overlaps = (box: Sandbox) => each(box, 'once.overlap').reduce((a, b) => a + b, 0);

/** A child of `parent` whose stdout is `log`: the step's process, from the moment it set its output up. */
function spawnedChild(parent: number, log: string, timeoutMs: number): number | null {
	const until = Date.now() + timeoutMs;
	// A tight loop: the state is saved a few milliseconds after the spawn.
	while (Date.now() < until) {
		let children: string[];
		try {
			children = readFileSync(`/proc/${parent}/task/${parent}/children`, 'utf8').split(' ').filter(Boolean);
		} catch {
			return null; // the supervisor is gone
		}
		for (const child of children) {
			try {
				if (readlinkSync(`/proc/${child}/fd/1`) === log) return Number(child);
			} catch {
				// Not set up yet, or gone.
			}
		}
	}
	return null;
}

/**
 * Starts `run` and kills the supervisor (kill -9) as soon as it has spawned the step's first
 * attempt: the attempt's folder appearing (steps/ in the run directory, watched) says the spawn is
 * due. Resolves to the spawned pid.
 */
function runKilledAtSpawn(box: Sandbox, plan: string, stepId: string): Promise<{run: Cli; child: number}> {
	mkdirSync(box.state, {recursive: true, mode: 0o700}); // empty: the driver takes it as its run directory
	const log = join(box.state, 'steps', stepId, 'attempt-1.log');
	return new Promise((resolve, reject) => {
		let run: Cli | undefined;
		const watcher = watch(box.state, (_event, name) => {
			if (name !== 'steps' || !run?.child.pid) return;
			watcher.close();
			const child = spawnedChild(run.child.pid, log, 5000);
			run.child.kill('SIGKILL');
			if (child) resolve({run, child});
			else reject(new Error(`no process of step ${stepId} was spawned: ${run.output()}`));
		});
		run = box.start('run', plan);
	});
}

/** once.yml then last.yml, started and followed until once.yml's middle (sleeping) task runs on every host. */
async function runToMiddleTask(box: Sandbox): Promise<{run: Cli; ansiblePid: number}> {
	box.env['DRIVER_TEST_SLEEP'] = '8';
	const run = box.start('run', box.plan('  - playbook: once.yml\n  - playbook: last.yml\n'));
	await waitFor(() => each(box, 'once.t2-started').every((n) => n === 1), 'the middle task to start on every host');
	return {run, ansiblePid: savedState(box).steps[0]!.attempt!.pid!};
}

/** resume: it finishes, and no two runs of once.yml ever overlapped on a host. */
async function resumeCleanly(box: Sandbox): Promise<Awaited<ReturnType<Sandbox['cli']>>> {
	const resumed = await box.cli('resume');
	expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
	expect(overlaps(box)).toBe(0);
	return resumed;
}

/** Each step's status and attempts, from status --json. */
const outcomes = async (box: Sandbox) => (await status(box)).steps.map((s) => [s.status, s.attempts]);

/** Ends whatever a try left running (it is not the one the test follows). */
async function cleanUp(box: Sandbox): Promise<void> {
	for (const pid of processesOf(box)) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {
			// Gone meanwhile.
		}
	}
	await waitFor(() => processesOf(box).length === 0, 'the processes of a try to end', 10_000);
}

describeAnsible('a step never runs twice at once (real ansible-playbook)', () => {
	it('kill -9 of the supervisor right after it spawned a step, before the pid was saved: resume adopts that attempt and never starts a second', async () => {
		// The kill must land after the spawn and before the state records the pid (a few ms): tries
		// that came too late (the pid was saved) prove nothing here and are done again.
		let box: Sandbox | undefined;
		let child = 0;
		for (let attempt = 1; attempt <= 8 && !child; attempt++) {
			const next = sandbox();
			next.env['DRIVER_TEST_SLEEP'] = '4';
			const plan = next.plan('  - playbook: once.yml\n  - playbook: last.yml\n');
			const killed = await runKilledAtSpawn(next, plan, 'once');
			await killed.run.done;
			const saved = savedState(next).steps[0]!;
			if (saved.attempt?.pid === killed.child) await cleanUp(next);
			else [box, child] = [next, killed.child];
		}
		if (!box) throw new Error('in 8 tries the supervisor was never killed before it saved the pid');
		// Before the fix, attempt 1 was not in the state at all.
		expect(processesOf(box)).toContain(child); // the step runs on without its supervisor

		const resumed = await resumeCleanly(box);
		expect(each(box, 'once.t1')).toEqual([1, 1, 1]); // never started a second time
		expect(each(box, 'once.t2')).toEqual([1, 1, 1]);
		expect(each(box, 'once.t3')).toEqual([1, 1, 1]);
		expect(each(box, 'last.t1')).toEqual([1, 1, 1]);
		expect(resumed.stdout).toContain(`step once is still running from an earlier driver (pid ${child})`);
		expect(await outcomes(box)).toEqual([
			['done', 1],
			['done', 1],
		]);
	});

	it('kill -9 of ansible-playbook mid-task: the run ends only once its workers have, and resume starts the step beside nothing', async () => {
		const box = sandbox();
		const {run, ansiblePid} = await runToMiddleTask(box);
		process.kill(ansiblePid, 'SIGKILL'); // ansible-playbook only: its workers go on with their task
		const r = await run.done;
		expect(r.code, r.stdout + r.stderr).toBe(1);
		// Nothing of the step outlived the run's end: the workers were waited for, wherever they were.
		expect(processesOf(box)).toEqual([]);
		expect(each(box, 'once.t2')).toEqual([1, 1, 1]);

		await resumeCleanly(box);
		expect(each(box, 'once.t1')).toEqual([2, 2, 2]);
		expect(each(box, 'once.t2')).toEqual([2, 2, 2]);
		expect(each(box, 'once.t3')).toEqual([1, 1, 1]);
		expect(await outcomes(box)).toEqual([
			['done', 2],
			['done', 1],
		]);
	});

	it('kill -9 of the supervisor and of ansible-playbook mid-task: resume waits for the orphaned workers before it starts the step again', async () => {
		const box = sandbox();
		const {run, ansiblePid} = await runToMiddleTask(box);
		run.child.kill('SIGKILL');
		process.kill(ansiblePid, 'SIGKILL');
		await run.done;

		const resumed = await resumeCleanly(box);
		expect(each(box, 'once.t1')).toEqual([2, 2, 2]);
		expect(each(box, 'once.t2')).toEqual([2, 2, 2]);
		expect(each(box, 'once.t3')).toEqual([1, 1, 1]);
		expect(resumed.stdout).toContain('step once: its ansible-playbook has ended, but processes of it still run');
		expect(await outcomes(box)).toEqual([
			['done', 2],
			['done', 1],
		]);
	});
	it('a process left by an earlier attempt of a step, found by its token alone, keeps the step from starting until it ends', async () => {
		const box = sandbox();
		const plan = box.plan('  - playbook: once.yml\n');
		// Like a worker of a killed ansible-playbook, in a session of its own: it holds host h1's lock for 6 s.
		mkdirSync(box.state, {recursive: true, mode: 0o700});
		const orphan = spawn('sh', ['-c', `exec 9>>"${box.out}/once.lock.h1"; flock -n 9; sleep 6`], {
			// The token of attempt 1 of step once (docs/recovery.md): <run directory>/<step>/<attempt>.
			env: {...box.env, ANSIBLE_DRIVER_ATTEMPT: `${absolute(box.state)}/once/1`},
			detached: true,
			stdio: 'ignore',
		});
		const r = await box.cli('run', plan);
		expect(r.code, r.stdout + r.stderr).toBe(0);
		expect(overlaps(box)).toBe(0);
		expect(r.stdout).toContain(`step once: processes of an earlier attempt still run (pid ${orphan.pid}`);
		expect(each(box, 'once.t1')).toEqual([1, 1, 1]);
	});
});
