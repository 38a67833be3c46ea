// What upstream's wrapper and rc cannot show (real-wrapper.test.ts runs those): an rc that replaces
// ANSIBLE_CALLBACK_PLUGINS (the step still runs, is judged by its exit code, and a pause takes
// effect after it), and an rc whose default callback folder holds a plugin (upstream's default is
// under /etc/ansible/roles, which a test does not write). Through the fake wrapper,
// fixtures/osa/openstack-ansible.
import {chmodSync, copyFileSync, mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {expect, it} from 'vitest';
import {describeAnsible, readEvents} from '../helpers/ansible.js';
import {runsFixtures, savedState, status, waitFor} from '../helpers/cli.js';
import {osaFixtures} from './helpers.js';
import {each, osaSandbox} from './run-helpers.js';

describeAnsible('an rc that replaces the callback path (fake wrapper, real ansible-playbook)', () => {
	it('with an rc that replaces ANSIBLE_CALLBACK_PLUGINS: the step runs to its end, done by exit code, and the pause comes after it', async () => {
		const box = osaSandbox({OSA_WRAPPER_RC: join(osaFixtures, 'openstack-ansible-replacing.rc')});
		const plan = box.osaPlan('  - playbook: slow.yml\n  - playbook: last.yml\n');
		const run = box.start('run', plan);
		await waitFor(() => box.runs('slow.t2-started.h1') > 0, 'the slow task to start');
		// Said live, while the step still runs, not only when it ends.
		await waitFor(() => run.output().includes('step slow: the callback plugin did not load'), 'the live warning', 10_000);
		expect(savedState(box).steps[0]).toMatchObject({status: 'running', eventsSeen: false});
		expect((await box.cli('stop')).code).toBe(0);
		const r = await run.done;
		expect(r.code, r.stdout + r.stderr).toBe(3);
		expect(r.stdout).toContain('pausing: waiting for the end of step slow (the callback plugin did not load');
		expect(each(box, 'slow.t3')).toEqual([1, 1, 1]); // not cut: no plugin, no task-level pause
		expect(each(box, 'last.t1')).toEqual([0, 0, 0]); // the next step never started
		expect(r.stdout).toMatch(/step slow sent no events: the callback plugin did not load/);
		expect(r.stdout).toContain('paused between steps');
		const s = await status(box);
		expect(s.run.status).toBe('paused');
		expect(s.steps.map((x) => x.status)).toEqual(['done', 'pending']);
		expect(s.steps[0]!.reason).toMatch(/exited 0 \(no events: the callback plugin did not load/);
		expect(savedState(box).steps[0]!.eventsSeen).toBe(false);

		const resumed = await box.cli('resume');
		expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
		expect(each(box, 'slow.t1')).toEqual([1, 1, 1]); // done by exit code: not run again
		expect(each(box, 'last.t1')).toEqual([1, 1, 1]);
	});
});

describeAnsible("the wrapper rc's own callback folder (fake wrapper, real ansible-playbook)", () => {
	/** A copy of the fake wrapper with an rc beside it whose default callback folder holds a plugin. */
	function wrapperWithDefault(box: ReturnType<typeof osaSandbox>): string {
		const bin = join(box.dir, 'bin');
		mkdirSync(bin);
		copyFileSync(join(osaFixtures, 'openstack-ansible'), join(bin, 'openstack-ansible'));
		chmodSync(join(bin, 'openstack-ansible'), 0o755);
		writeFileSync(
			join(bin, 'openstack-ansible.rc'),
			[
				`export ANSIBLE_INVENTORY="\${ANSIBLE_INVENTORY:-${join(runsFixtures, 'inventory.ini')}}"`,
				`export ANSIBLE_CALLBACK_PLUGINS="\${ANSIBLE_CALLBACK_PLUGINS:-${join(osaFixtures, 'callbacks')}}"`,
				'',
			].join('\n'),
		);
		return bin;
	}

	it("keeps the rc's default callback folder (ceph-ansible's) beside the driver's plugin", async () => {
		const box = osaSandbox();
		box.env['PATH'] = `${wrapperWithDefault(box)}:${box.env['PATH']}`;
		delete box.env['ANSIBLE_CALLBACK_PLUGINS'];
		const r = await box.cli('run', box.osaPlan('  - playbook: first.yml\n'));
		expect(r.code, r.stdout + r.stderr).toBe(0);
		expect(box.runs('rc-default-callback.loaded')).toBe(1);
		expect(readEvents(savedState(box).steps[0]!.attempt!.eventsFile).map((e) => e['type'])).toContain('hello');
	});
});
