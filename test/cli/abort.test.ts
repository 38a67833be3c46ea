// Abort end to end in plain mode, against the real ansible-playbook: once an abort is asked for,
// the step is never judged done, the run ends aborted (exit 4) and no process of the step is
// left, whatever the ansible-core release does with the SIGINT.
import {readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {expect, it} from 'vitest';
import {describeAnsible} from '../helpers/ansible.js';
import {cliPath, each, processesOf, runsFixtures, sandbox, status, waitFor, type Sandbox} from '../helpers/cli.js';

/** The sandbox's plan, with a `command:` that runs its playbook steps. */
function planWithCommand(box: Sandbox, steps: string, command: string[]): string {
	const path = box.plan(steps);
	writeFileSync(path, readFileSync(path, 'utf8').replace('\nsteps:\n', `\ncommand: ${JSON.stringify(command)}\nsteps:\n`));
	return path;
}

// ansible-playbook runs to its recap and exits 0; only then, while the step's process still
// lives, the operator asks for the abort, and the SIGINT that follows changes nothing.
const finishThenAbort = ['sh', join(runsFixtures, 'finish-then-abort.sh')];

describeAnsible('abort (real ansible-playbook)', () => {
	it('an abort asked as the playbook ends, after its recap and before its exit 0, is never judged done: exit 4, aborted', async () => {
		const box = sandbox();
		Object.assign(box.env, {DRIVER_TEST_NODE: process.execPath, DRIVER_TEST_CLI: cliPath, DRIVER_TEST_STATE: box.state});
		const plan = planWithCommand(box, '  - playbook: first.yml\n', finishThenAbort);
		const r = await box.cli('run', plan);
		expect(r.code, r.stdout + r.stderr).toBe(4);
		expect(each(box, 'first.t2')).toEqual([1, 1, 1]); // the playbook did run to its end
		expect(r.stdout).toContain('run aborted (exit 4).');
		const s = await status(box);
		expect(s.run.status).toBe('aborted');
		expect(s.steps[0]).toMatchObject({status: 'aborted', reason: 'aborted by the operator (exited 0 after its recap)'});
		expect(processesOf(box)).toEqual([]);
	});

	it('an ansible-playbook that goes on after SIGINT (as 2.19.0-2.19.3 could) is stopped without waiting 10 s for SIGTERM', async () => {
		const box = sandbox();
		// A test callback makes ansible-playbook ignore SIGINT from the playbook's start.
		box.env['ANSIBLE_CALLBACK_PLUGINS'] = join(runsFixtures, 'callbacks');
		const plan = box.plan('  - playbook: stubborn.yml\n  - playbook: last.yml\n');
		const run = box.start('run', plan);
		await waitFor(() => each(box, 'stubborn.t1-started').every((n) => n > 0), 'the first slow task to start on every host');
		await box.cli('stop', '--abort');
		const r = await run.done;
		expect(r.code, r.stdout + r.stderr).toBe(4);
		// Either the workers' own groups got the SIGINT (2.19+), or the next task's start showed
		// that ansible went on and SIGTERM followed at once (2.14): never the 10 s fallback.
		expect(r.stdout).not.toContain('abort: the step is still running, sending SIGTERM');
		expect(processesOf(box)).toEqual([]);
		expect(each(box, 'stubborn.t2')).toEqual([0, 0, 0]); // nothing is left that could still write it
		expect(each(box, 'last.t1')).toEqual([0, 0, 0]);
		const s = await status(box);
		expect(s.run.status).toBe('aborted');
		expect(s.steps.map((x) => x.status)).toEqual(['aborted', 'pending']);
	});

	it('stop --abort after the run finished, while its supervisor still waits on a notify hook: says the run had finished, and it ends done', async () => {
		const box = sandbox();
		const path = box.plan('  - playbook: first.yml\n');
		// A slow hook keeps the supervisor alive after the run is done: the window the operator hits.
		writeFileSync(path, readFileSync(path, 'utf8').replace('\nsteps:\n', "\nnotify: [sh, -c, 'sleep 5']\nsteps:\n"));
		const run = box.start('run', path, '--yes', '--plain');
		await waitFor(() => run.output().includes('notify: waiting for a hook to end'), 'the run to end and wait on its hook', 60_000);
		const stop = await box.cli('stop', '--abort');
		expect(stop.code).toBe(0);
		expect(stop.stdout).toContain('the run had already finished (done); nothing to abort.');
		const r = await run.done;
		expect(r.code, r.stdout + r.stderr).toBe(0);
		expect((await status(box)).run.status).toBe('done');
	});
});
