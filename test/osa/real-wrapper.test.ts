// OpenStack-Ansible's own openstack-ansible wrapper and its rc (scripts/openstack-ansible.sh and
// scripts/openstack-ansible.rc of each branch in ../shared/osa), installed as bootstrap-ansible.sh
// installs them (its sed substitutions) into a scratch prefix, in front of the real
// ansible-playbook: the driver's events arrive through it, a pause keeps a pending handler (the
// rc's ANSIBLE_FORCE_HANDLERS=true left as it is), an OSA_USER_RC that resets the callback path
// is named, and ARA records beside the driver.
import {spawnSync} from 'node:child_process';
import {readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {describeAnsible, readEvents} from '../helpers/ansible.js';
import {runsFixtures, savedState, status, waitFor} from '../helpers/cli.js';
import {each, osaSandbox, type OsaBox} from './run-helpers.js';
import {ansiblePython, hasSharedOsa, installWrapper, REAL_VERSIONS, realClone, type RealBranch} from './real-clones.js';

/** The branch's wrapper and rc installed under the box, first on PATH; the box's config folder is the deployment's. */
function installRealWrapper(box: OsaBox, version: RealBranch): void {
	const clone = realClone(version, box.dir);
	const bin = installWrapper(clone, version, join(box.dir, 'prefix'), join(clone, 'inventory'));
	Object.assign(box.env, {
		PATH: `${bin}:${box.env['PATH']}`,
		// What a deployment's rc would find; here the test inventory and a log file of the box's own.
		ANSIBLE_INVENTORY: join(runsFixtures, 'inventory.ini'),
		ANSIBLE_LOG_PATH: join(box.dir, 'ansible.log'),
	});
	delete box.env['ANSIBLE_FORCE_HANDLERS'];
	delete box.env['ANSIBLE_CALLBACK_PLUGINS'];
}

const describeReal = hasSharedOsa ? describeAnsible : describe.skip;

describeReal('the real openstack-ansible wrapper of each branch (real ansible-playbook)', () => {
	it.each(REAL_VERSIONS)('%s: events arrive through it, and a pause waits for the pending handler', async (version: RealBranch) => {
		const box = osaSandbox();
		installRealWrapper(box, version);
		const run = box.start('run', box.osaPlan('  - playbook: handler.yml\n  - playbook: last.yml\n'));
		await waitFor(() => box.runs('handler.t1.h1') > 0, 'the notifying task to finish on h1');
		expect((await box.cli('stop')).code).toBe(0);
		const r = await run.done;
		expect(r.code, r.stdout + r.stderr).toBe(3);
		expect(r.stdout).not.toContain('did not load');
		// The handler ran on every notified host before the pause; nothing after it started.
		expect(each(box, 'handler.h')).toEqual([1, 1, 1]);
		expect(each(box, 'handler.t3')).toEqual([0, 0, 0]);
		expect(each(box, 'last.t1')).toEqual([0, 0, 0]);
		const s = await status(box);
		expect(s.steps[0]).toMatchObject({id: 'handler', status: 'paused'});
		const attempt = savedState(box).steps[0]!.attempt!;
		const events = readEvents(attempt.eventsFile);
		const types = events.map((e) => e['type']);
		expect(types).toContain('hello');
		// The ansible-core under test ran through the wrapper, not one its PATH put first.
		const expected = process.env['ANSIBLE_DRIVER_EXPECT_CORE'];
		if (expected !== undefined) expect(events.find((e) => e['type'] === 'hello')?.['ansible_version']).toBe(expected);
		expect(types).toContain('pause_wait');
		// It is upstream's wrapper that ran: its variable files and its exit notice.
		const log = readFileSync(attempt.logFile, 'utf8');
		expect(log).toContain(`Variable files: "-e @${join(box.config, 'user_variables.yml')} "`);
		expect(log).toContain('EXIT NOTICE [Playbook execution failure]'); // ansible-playbook exits 75 on a pause
		const resumed = await box.cli('resume');
		expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
		expect(each(box, 'handler.t3')).toEqual([1, 1, 1]);
	});

	it('2026.1: an OSA_USER_RC that resets the callback path is named when the plugin does not load', async () => {
		const box = osaSandbox();
		installRealWrapper(box, '2026.1');
		const userRc = join(box.dir, 'user.rc');
		writeFileSync(userRc, 'export ANSIBLE_CALLBACK_PLUGINS=/etc/ansible/plugins/callback\n');
		box.env['OSA_USER_RC'] = userRc;
		const r = await box.cli('run', box.osaPlan('  - playbook: first.yml\n'));
		expect(r.code, r.stdout + r.stderr).toBe(0);
		expect(r.stdout).toContain(`the callback plugin did not load (${userRc}, which the openstack-ansible wrapper sources last, sets ANSIBLE_CALLBACK_PLUGINS`);
	});
});

/** ARA (Debian's python3-ara and ara-server) importable by the python that runs ansible-playbook. */
function araUsable(): boolean {
	if (spawnSync('sh', ['-c', 'command -v ansible-playbook']).status !== 0) return false;
	return spawnSync(ansiblePython(), ['-c', 'import ara.setup.callback_plugins, ara.server'], {stdio: 'ignore'}).status === 0;
}

describeReal('ARA beside the driver through the real wrapper (real ansible-playbook, Debian ara-server)', () => {
	const usable = araUsable();
	if (!usable && process.env['CI'] === 'true' && !process.env['ANSIBLE_DRIVER_EXPECT_CORE']) {
		it('needs ARA installed', () => {
			throw new Error('ara-server / python3-ara are not installed for the system ansible-playbook, and CI=true: .ci/run installs them');
		});
		return;
	}
	it.skipIf(!usable)('2026.1: the wrapper adds ARA\'s callback folder; ARA records the run that the driver follows', async () => {
		const box = osaSandbox();
		installRealWrapper(box, '2026.1');
		box.env['ARA_BASE_DIR'] = join(box.dir, 'ara');
		const r = await box.cli('run', box.osaPlan('  - playbook: first.yml\n'));
		expect(r.code, r.stdout + r.stderr).toBe(0);
		expect(r.stdout).not.toContain('did not load');
		expect(readEvents(savedState(box).steps[0]!.attempt!.eventsFile).map((e) => e['type'])).toContain('stats');
		const listed = spawnSync('ara', ['playbook', 'list', '--long', '-f', 'json'], {env: box.env as NodeJS.ProcessEnv, encoding: 'utf8'});
		const playbooks = JSON.parse(listed.stdout) as Array<{path: string; status: string; results: number}>;
		expect(playbooks).toEqual([expect.objectContaining({path: join(runsFixtures, 'playbooks', 'first.yml'), status: 'completed', results: 6})]);
	}, 90_000);
});
