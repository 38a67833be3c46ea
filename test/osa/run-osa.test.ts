// `ansible-driver run osa` on upstream's 2026.1 clone, with the real ansible-playbook behind
// upstream's own openstack-ansible wrapper (clone-helpers.ts), against the same clone's run-upgrade.sh run by
// bash: the same playbook runs on the same hosts in the same order, and each honours the other's
// markers. (Every branch's calls, markers and hand-over against the script: differential.test.ts.)
import {cpSync, existsSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {describeAnsible} from '../helpers/ansible.js';
import {runCli} from '../helpers/cli.js';
import {cloneWorld, collectionsDir, runsOf, type CloneWorld} from './clone-helpers.js';
import {hasSharedOsa} from './real-clones.js';

const RUNS_2026 = [
	'deploy_config_changes all',
	'setup_hosts !galera_all:!rabbitmq_all',
	'setup_hosts galera_all:rabbitmq_all',
	'setup_infrastructure all',
	'galera_cluster_rolling_restart all',
	'setup_openstack all',
];

const state = (world: CloneWorld) => join(world.root, 'state');
// Without its health checks (the script runs none) unless asked with --checks.
const osa = (world: CloneWorld, ...args: string[]) =>
	runCli(['run', 'osa', '--osa-clone', world.clone, '--plain', ...(args.includes('--checks') ? [] : ['--no-checks']), ...args.filter((a) => a !== '--checks'), '--state-dir', state(world)], world.env, world.root);
const cli = (world: CloneWorld, ...args: string[]) => runCli([...args, '--state-dir', state(world)], world.env, world.root);

const describeReal = hasSharedOsa ? describeAnsible : describe.skip;

describeReal('run osa on upstream\'s 2026.1 clone (real ansible-playbook, upstream\'s wrapper)', () => {
	// Each test below runs up to a dozen playbooks through the wrapper: minutes on a loaded machine.
	it('runs the same playbooks on the same hosts, in the same order, with the same markers and backup call, as the script', async () => {
		const byScript = cloneWorld();
		const script = byScript.script({SOURCE_SERIES: '2025.2'});
		expect(script.status, script.output).toBe(0);
		const byDriver = cloneWorld();
		const r = await osa(byDriver, '--yes', '--source-series', '2025.2');
		expect(r.code, r.stdout + r.stderr).toBe(0);
		expect(runsOf(byDriver.log())).toEqual(runsOf(byScript.log()));
		expect(runsOf(byDriver.log()).map((x) => x.run)).toEqual(RUNS_2026);
		expect(runsOf(byDriver.log())[1]!.hosts).toEqual(['compute1']);
		expect(byDriver.markerFiles()).toEqual(byScript.markerFiles());
		expect(byDriver.markerFiles()).toHaveLength(6);
		expect(byDriver.calls().map((l) => l.replaceAll(byDriver.root, '<root>'))).toEqual(byScript.calls().map((l) => l.replaceAll(byScript.root, '<root>')));
		expect(r.stdout).toContain('step setup-hosts-fallback: skipped: not needed');
	}, 300_000);

	it('setup_openstack split into the playbooks it imports: one run each, then one marker; the script afterwards runs nothing', async () => {
		const world = cloneWorld();
		// The stand-in collection, with a setup_openstack that imports two service playbooks, as upstream's imports thirty.
		const collections = join(world.root, 'collections');
		cpSync(collectionsDir, collections, {recursive: true});
		const playbooks = join(collections, 'ansible_collections', 'openstack', 'osa', 'playbooks');
		const standIn = readFileSync(join(playbooks, 'setup_hosts.yml'), 'utf8');
		for (const service of ['keystone', 'octavia']) writeFileSync(join(playbooks, `${service}.yml`), standIn.replaceAll('setup_hosts', service));
		writeFileSync(join(playbooks, 'setup_openstack.yml'), '- import_playbook: openstack.osa.keystone\n- import_playbook: openstack.osa.octavia\n');
		world.env['ANSIBLE_COLLECTIONS_PATH'] = collections;
		const r = await osa(world, '--yes', '--source-series', '2025.2');
		expect(r.code, r.stdout + r.stderr).toBe(0);
		expect(runsOf(world.log()).map((x) => x.run)).toEqual([...RUNS_2026.slice(0, -1), 'keystone all', 'octavia all']);
		expect(world.markerFiles()).toHaveLength(6);
		const before = world.log().length;
		const again = world.script({SOURCE_SERIES: '2025.2'});
		expect(again.status, again.output).toBe(0);
		expect(world.log().length).toBe(before);
		expect(world.calls().filter((l) => l.startsWith('bootstrap'))).toHaveLength(1);
	}, 300_000);

	it('the script, run after the driver, runs no playbook and no bootstrap: the driver\'s markers are its own', async () => {
		const world = cloneWorld();
		const r = await osa(world, '--yes', '--source-series', '2025.2');
		expect(r.code, r.stdout + r.stderr).toBe(0);
		const again = world.script({SOURCE_SERIES: '2025.2'});
		expect(again.status, again.output).toBe(0);
		expect(runsOf(world.log()).map((x) => x.run)).toEqual(RUNS_2026);
		expect(world.calls().filter((l) => l.startsWith('bootstrap'))).toHaveLength(1);
	}, 300_000);

	it('after the script failed at setup_infrastructure, the driver skips what it finished and goes on from there', async () => {
		const world = cloneWorld();
		world.env['SOURCE_SERIES'] = '2025.1';
		const failed = world.script({OSA_TEST_FAIL: 'setup_infrastructure:all'});
		expect(failed.status, failed.output).toBe(99);
		expect(runsOf(world.log()).map((x) => x.run)).toEqual(RUNS_2026.slice(0, 4));
		const before = world.log().length;
		const r = await osa(world, '--yes');
		expect(r.code, r.stdout + r.stderr).toBe(0);
		// Only what the script did not finish: setup_infrastructure again, then the rest.
		expect(runsOf(world.log().slice(before)).map((x) => x.run)).toEqual(RUNS_2026.slice(3));
		expect(r.stdout).toMatch(/step deploy-config-changes: done earlier \(marker /);
		expect(world.calls().filter((l) => l.startsWith('bootstrap'))).toHaveLength(1);
		const st = await cli(world, 'status', '--json');
		const saved = JSON.parse(st.stdout) as {plan: {sourceSeries: string}};
		// SOURCE_SERIES from the environment is taken as is, as the script takes it.
		expect(saved.plan.sourceSeries).toBe('2025.1');
	}, 300_000);

	it('when the first setup_hosts run fails, the fallback runs; the chain marker is the one the script writes', async () => {
		const fail = cloneWorld();
		fail.env['OSA_TEST_FAIL'] = 'setup_hosts:!galera_all:!rabbitmq_all';
		const f = await osa(fail, '--yes', '--source-series', '2025.1');
		expect(f.code, f.stdout + f.stderr).toBe(0);
		expect(runsOf(fail.log()).map((x) => x.run)).toEqual(['deploy_config_changes all', 'setup_hosts !galera_all:!rabbitmq_all', 'setup_hosts all', ...RUNS_2026.slice(3)]);
		expect(f.stdout).toContain('unit setup-hosts: step setup-hosts-1 failed; its fallback setup-hosts-fallback runs next');
		// The markers the plan names (bash's md5 of each item): the chain's one among them.
		const plan = JSON.parse((await runCli(['plan', 'osa', '--osa-clone', fail.clone, '--source-series', '2025.1', '--json'], fail.env, fail.root)).stdout) as {steps: Array<{marker?: string}>};
		const named = [...new Set(plan.steps.map((s) => s.marker?.split('/').pop()).filter((m) => m !== undefined))].sort();
		expect(fail.markerFiles()).toEqual(named);
		const script = fail.script({SOURCE_SERIES: '2025.1,', OSA_TEST_FAIL: ''});
		expect(script.status, script.output).toBe(0);
		expect(runsOf(fail.log())).toHaveLength(6);
	}, 300_000);

	it('resume keeps the chosen source series; off a terminal an unchosen series is exit 2 naming --source-series', async () => {
		const world = cloneWorld();
		const none = await osa(world, '--yes');
		expect(none.code).toBe(2);
		expect(none.stderr).toContain('pass --source-series 2025.1 or 2025.2');
		expect(existsSync(state(world))).toBe(false);
		world.env['OSA_TEST_FAIL'] = 'setup_openstack:all';
		const first = await osa(world, '--yes', '--source-series', '2025.1');
		expect(first.code).toBe(1);
		world.env['OSA_TEST_FAIL'] = '';
		const resumed = await cli(world, 'resume', '--plain');
		expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
		expect(runsOf(world.log()).map((x) => x.run).slice(-1)).toEqual(['setup_openstack all']);
		// The menu's spelling, as the script holds it: its backup name has the comma.
		const saved = JSON.parse((await cli(world, 'status', '--json')).stdout) as {plan: {sourceSeries: string}};
		expect(saved.plan.sourceSeries).toBe('2025.1,');
		expect(world.calls()[0]).toBe(`tar zcf /openstack/backup-openstack-ansible-2025.1,.tar.gz ${world.config} /etc/ansible/ /usr/local/bin/openstack-ansible.rc`);
	}, 300_000);

	it("OpenStack-Ansible's health checks around the upgrade: a failed one before leaves it not started (nothing run, no marker); mended, checks, upgrade, checks", async () => {
		const world = cloneWorld();
		world.env['OSA_TEST_FAIL'] = 'healthcheck_infrastructure:all';
		const failed = await osa(world, '--yes', '--source-series', '2025.2', '--checks');
		expect(failed.code, failed.stdout + failed.stderr).toBe(7);
		expect(failed.stdout).toContain('the upgrade has not started: the check before-infrastructure, run before it, failed');
		expect(runsOf(world.log()).map((x) => x.run)).toEqual(['healthcheck_hosts all', 'healthcheck_infrastructure all']);
		// Nothing of the upgrade: no backup, no bootstrap, no marker.
		expect(world.calls()).toEqual([]);
		expect(world.markerFiles()).toEqual([]);
		expect((await cli(world, 'status')).code).toBe(7);

		world.env['OSA_TEST_FAIL'] = '';
		const resumed = await cli(world, 'resume', '--plain');
		expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
		const checks = ['healthcheck_hosts all', 'healthcheck_infrastructure all'];
		// (The failed check and its rerun are one run in the log's reading: the same name one after the other.)
		expect(runsOf(world.log()).map((x) => x.run)).toEqual([...checks, ...RUNS_2026, ...checks, 'healthcheck_openstack all']);
		// On both hosts: hosts twice (before, after), infrastructure three times (failed, again, after).
		expect(['healthcheck_hosts', 'healthcheck_infrastructure', 'healthcheck_openstack'].map((name) => world.log().filter((l) => l.startsWith(`${name} `)).length)).toEqual([4, 6, 2]);
		// The same markers as the script's: the checks have none.
		expect(world.markerFiles()).toHaveLength(6);
	}, 300_000);

	it('refuses a script that runs openstack-ansible outside RUN_TASKS, naming its line; nothing runs or is written', async () => {
		const world = cloneWorld();
		const path = join(world.clone, 'scripts', 'run-upgrade.sh');
		const lines = readFileSync(path, 'utf8').split('\n');
		const at = lines.findIndex((line) => line.trim() === 'bootstrap_ansible');
		lines.splice(at + 1, 0, '    openstack-ansible local-extra.yml');
		writeFileSync(path, lines.join('\n'));
		const r = await osa(world, '--source-series', '2025.2', '--yes');
		expect(r.code).toBe(2);
		expect(r.stderr).toContain(`${path}:${at + 2}:`);
		expect(r.stderr).toMatch(/openstack-ansible local-extra\.yml.*outside RUN_TASKS/);
		expect(existsSync(state(world))).toBe(false);
		expect(world.log()).toEqual([]);
		expect(world.calls()).toEqual([]);
	});
});
