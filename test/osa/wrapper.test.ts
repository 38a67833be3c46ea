// Through an openstack-ansible wrapper: the callback plugin loads when the wrapper's rc keeps the
// driver's ANSIBLE_CALLBACK_PLUGINS, and when an rc replaces it the step still runs, is judged by
// its exit code, and a pause takes effect after it.
import {spawnSync} from 'node:child_process';
import {chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {expect, it} from 'vitest';
import {describeAnsible, readEvents} from '../helpers/ansible.js';
import {runsFixtures, savedState, status, waitFor} from '../helpers/cli.js';
import {osaFixtures} from './helpers.js';
import {each, osaSandbox} from './run-helpers.js';

describeAnsible('the fake openstack-ansible wrapper (real ansible-playbook)', () => {
	it('keeps the plugin: events arrive and a pause stops at a task boundary', async () => {
		const box = osaSandbox();
		const plan = box.osaPlan('  - playbook: slow.yml\n  - playbook: last.yml\n');
		const run = box.start('run', plan);
		await waitFor(() => box.runs('slow.t2-started.h1') > 0, 'the slow task to start');
		expect((await box.cli('stop')).code).toBe(0);
		const r = await run.done;
		expect(r.code, r.stdout + r.stderr).toBe(3);
		expect(each(box, 'slow.t2')).toEqual([1, 1, 1]);
		expect(each(box, 'slow.t3')).toEqual([0, 0, 0]);
		expect(each(box, 'last.t1')).toEqual([0, 0, 0]);
		expect(r.stdout).not.toContain('did not load');
		const s = await status(box);
		expect(s.steps[0]).toMatchObject({id: 'slow', status: 'paused', pausedAt: {task: 'slow task three'}});
		const attempt = savedState(box).steps[0]!.attempt!;
		expect(readEvents(attempt.eventsFile).map((e) => e['type'])).toContain('hello');
		// It is the wrapper that ran: user_*.yml added, its exit notice in the step log.
		const log = readFileSync(attempt.logFile, 'utf8');
		expect(log).toContain(`Variable files: "-e @${join(box.config, 'user_variables.yml')}"`);
		expect(log).toContain('EXIT NOTICE [Playbook execution failure]'); // ansible-playbook exits 75 on a pause
	});

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

describeAnsible("the wrapper's own callback folder and user.rc (real ansible-playbook)", () => {
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

	it('names a user.rc that replaces the callback path when the plugin does not load', async () => {
		const box = osaSandbox();
		writeFileSync(join(box.config, 'user.rc'), 'export ANSIBLE_CALLBACK_PLUGINS=/etc/ansible/plugins/callback\n');
		const r = await box.cli('run', box.osaPlan('  - playbook: first.yml\n'));
		expect(r.code, r.stdout + r.stderr).toBe(0);
		expect(r.stdout).toContain(`the callback plugin did not load (${join(box.config, 'user.rc')}, which the openstack-ansible wrapper sources last, sets ANSIBLE_CALLBACK_PLUGINS`);
	});
});

/** ARA (Debian's python3-ara and ara-server) importable by the python that runs ansible-playbook. */
function araUsable(): boolean {
	const playbook = spawnSync('sh', ['-c', 'command -v ansible-playbook'], {encoding: 'utf8'}).stdout.trim();
	if (!playbook) return false;
	const python = readFileSync(playbook, 'utf8').split('\n')[0]!.replace(/^#! */, '').split(' ')[0]!;
	return spawnSync(python, ['-c', 'import ara.setup.callback_plugins, ara.server'], {stdio: 'ignore'}).status === 0;
}

describeAnsible('ARA beside the driver (real ansible-playbook, Debian ara-server)', () => {
	const usable = araUsable();
	if (!usable && process.env['CI'] === 'true' && !process.env['ANSIBLE_DRIVER_EXPECT_CORE']) {
		it('needs ARA installed', () => {
			throw new Error('ara-server / python3-ara are not installed for the system ansible-playbook, and CI=true: .ci/run installs them');
		});
		return;
	}
	it.skipIf(!usable)('ARA records the run that the driver follows: both callbacks load through the wrapper', async () => {
		const box = osaSandbox({OSA_FAKE_ARA: '1'});
		box.env['ARA_BASE_DIR'] = join(box.dir, 'ara');
		const r = await box.cli('run', box.osaPlan('  - playbook: first.yml\n'));
		expect(r.code, r.stdout + r.stderr).toBe(0);
		expect(r.stdout).not.toContain('did not load');
		expect(readEvents(savedState(box).steps[0]!.attempt!.eventsFile).map((e) => e['type'])).toContain('stats');
		const listed = spawnSync('ara', ['playbook', 'list', '--long', '-f', 'json'], {env: box.env as NodeJS.ProcessEnv, encoding: 'utf8'});
		const playbooks = JSON.parse(listed.stdout) as Array<{path: string; status: string; results: number}>;
		expect(playbooks).toEqual([expect.objectContaining({path: join(runsFixtures, 'playbooks', 'first.yml'), status: 'completed', results: 6})]);
	}, 60_000);
});
