// The built-in OpenStack-Ansible plans against the facts of shared/osa-upgrade.md: every step's
// argv, its hand-over command and its run-upgrade.sh marker, on a fake clone that passes preflight.
import {rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {handOverCommand} from '../../source/plan/handover.js';
import {loadPlan} from '../../source/plan/load.js';
import {hasErrors, preflight} from '../../source/plan/preflight.js';
import type {Plan} from '../../source/plan/types.js';
import {runCli} from '../helpers/cli.js';
import {bashMarkerName, expandItem, fakeOsa, NEWTON_TABLE, OCATA_TABLE, shellWords, TABLE_2026_1, type FakeOsa} from './helpers.js';

/** The plan with its health checks (checked in 'the health checks of the collection plans'), and its upgrade steps alone. */
function loadWithChecks(name: string, osa: FakeOsa): {whole: Plan; plan: Plan} {
	const result = loadPlan(name, {env: osa.env, cwd: osa.clone});
	if (!result.ok) expect.fail(result.problems.map((p) => p.message).join('\n'));
	// Without the openstack.osa collection installed, a split step is shown whole until the run
	// reaches it (test/cli/split.test.ts splits upstream's), and a check before the upgrade is
	// skipped; nothing else is worth a warning.
	expect(result.warnings.filter((w) => !/^(step setup-(infrastructure|openstack) is shown whole for now|check before-(hosts|infrastructure) is skipped when its turn comes): /.test(w.message))).toEqual([]);
	return {whole: result.plan, plan: {...result.plan, steps: result.plan.steps.filter((s) => s.check === undefined)}};
}

function load(name: string, osa: FakeOsa): Plan {
	return loadWithChecks(name, osa).plan;
}

/** The argv the table's item means: openstack-ansible, the playbook resolved, the arguments unquoted. */
/** The item's words, as run-upgrade.sh passes them to openstack-ansible (U/ is the script's absolute path). */
function expectedArgv(item: string, osa: FakeOsa): string[] {
	return ['openstack-ansible', ...shellWords(expandItem(item, osa.clone))];
}

function expectBootstrapFirst(plan: Plan, osa: FakeOsa, argv0 = '../scripts/bootstrap-ansible.sh'): void {
	expect(plan.steps[0]).toMatchObject({id: 'bootstrap-ansible', kind: 'command', argv: [argv0], cwd: join(osa.clone, 'playbooks'), pause: 'step'});
}

/** The 2025.x / 2026.1 plans run bootstrap-ansible.sh as run-upgrade.sh does: by its absolute path. */
const absoluteBootstrap = (osa: FakeOsa) => join(osa.clone, 'scripts', 'bootstrap-ansible.sh');

/** The steps of a 2025.x / 2026.1 table: the setup_hosts unit's fallback after its two runs. */
const withFallback = (table: readonly string[], fallback: string) => [...table.slice(0, 3), fallback, ...table.slice(3)];
const TABLE_2026_1_STEPS = withFallback(TABLE_2026_1, 'openstack.osa.setup_hosts -e package_state=latest');

describe('osa-newton', () => {
	const osa = fakeOsa(NEWTON_TABLE);
	const plan = load('osa-newton', osa);

	it('is the bootstrap step then the 23 playbook runs of the table, in order, with their arguments, through openstack-ansible', () => {
		expect(plan.cwd).toBe(join(osa.clone, 'playbooks'));
		expectBootstrapFirst(plan, osa);
		expect(plan.steps).toHaveLength(1 + NEWTON_TABLE.length);
		NEWTON_TABLE.forEach((item, i) => {
			expect(plan.steps[i + 1]!.argv, `step ${i + 1}: ${item}`).toEqual(expectedArgv(item, osa));
		});
		expect(plan.steps.filter((s) => s.pause === 'play').map((s) => s.id)).toEqual(['galera-cluster-rolling-restart']);
	});

	it('passes preflight on a clone with the playbooks and openstack-ansible on PATH', () => {
		expect(preflight(plan, osa.env)).toEqual([]);
	});

	it('without openstack-ansible on PATH, preflight only warns: bootstrap-ansible.sh installs it', () => {
		const problems = preflight(plan, {...osa.env, PATH: '/usr/bin:/bin'});
		expect(problems).toHaveLength(1);
		expect(problems[0]).toMatchObject({key: 'command', severity: 'warning'});
		expect(problems[0]!.message).toMatch(/openstack-ansible not found on PATH.*may be created by an earlier step \(bootstrap-ansible/);
		expect(hasErrors(problems)).toBe(false);
	});

	it('refuses to run without the configuration folder, saying what it is (run-upgrade.sh exits 2)', () => {
		const missing = {...osa.env, OSA_CONFIG_DIR: join(osa.config, 'nowhere')};
		const problems = preflight(load('osa-newton', {...osa, env: missing}), missing);
		expect(hasErrors(problems)).toBe(true);
		expect(problems).toEqual([
			expect.objectContaining({key: 'requires[0]', message: expect.stringMatching(/nowhere does not exist \(the OpenStack-Ansible configuration folder/)}),
		]);
	});

	it('hands over `cd <clone>/playbooks && openstack-ansible <item>`: the table item, word for word', () => {
		NEWTON_TABLE.forEach((item, i) => {
			const line = handOverCommand(plan.steps[i + 1]!);
			const prefix = `cd ${osa.clone}/playbooks && `;
			expect(line.startsWith(prefix), line).toBe(true);
			expect(shellWords(line.slice(prefix.length))).toEqual(shellWords(`openstack-ansible ${expandItem(item, osa.clone)}`));
		});
		expect(handOverCommand(plan.steps[8]!)).toBe(`cd ${osa.clone}/playbooks && openstack-ansible setup-hosts.yml --limit '!galera_all'`);
		expect(handOverCommand(plan.steps[1]!)).toBe(`cd ${osa.clone}/playbooks && openstack-ansible ${osa.clone}/scripts/upgrade-utilities/playbooks/lbaas-version-check.yml`);
		expect(handOverCommand(plan.steps[0]!)).toBe(`cd ${osa.clone}/playbooks && ../scripts/bootstrap-ansible.sh`);
	});

	it('has run-upgrade.sh markers <name>.complete in upgrade-newton, as run_lock names them; none for the bootstrap', () => {
		expect(plan.markers).toBe(join(osa.config, 'upgrade-newton'));
		expect(plan.steps[0]!.marker).toBeUndefined();
		NEWTON_TABLE.forEach((item, i) => {
			const marker = plan.steps[i + 1]!.marker!;
			expect(marker.path).toBe(join(osa.config, 'upgrade-newton', bashMarkerName('name', expandItem(item, osa.clone))));
			expect(marker).toMatchObject({content: '', write: true});
		});
	});

	it('`ansible-driver plan osa-newton --json` prints every step with its full argv', async () => {
		const r = await runCli(['plan', 'osa-newton', '--json'], osa.env);
		expect(r.code, r.stderr).toBe(0);
		expect(r.stderr).toBe('');
		const described = JSON.parse(r.stdout) as {steps: Array<{id: string; argv: string[]; marker?: string}>};
		expect(described.steps.map((s) => s.argv)).toEqual(plan.steps.map((s) => s.argv));
		expect(described.steps[1]!.marker).toBe(join(osa.config, 'upgrade-newton/lbaas-version-check.complete'));
	});
});

describe('osa-ocata', () => {
	const osa = fakeOsa(OCATA_TABLE);
	const plan = load('osa-ocata', osa);

	it('is the bootstrap step then the 18 playbook runs, with name markers in upgrade-ocata; preflight passes', () => {
		expectBootstrapFirst(plan, osa);
		expect(plan.steps).toHaveLength(1 + OCATA_TABLE.length);
		OCATA_TABLE.forEach((item, i) => {
			expect(plan.steps[i + 1]!.argv, item).toEqual(expectedArgv(item, osa));
			expect(plan.steps[i + 1]!.marker!.path).toBe(join(osa.config, 'upgrade-ocata', bashMarkerName('name', expandItem(item, osa.clone))));
		});
		expect(plan.steps.find((s) => s.pause === 'play')?.id).toBe('galera-cluster-rolling-restart');
		expect(preflight(plan, osa.env)).toEqual([]);
	});
});

describe('osa-2026.1', () => {
	const osa = fakeOsa([]);
	const plan = load('osa-2026.1', osa);

	it('runs collection playbooks as named, not as files; preflight does not look for them', () => {
		expectBootstrapFirst(plan, osa, absoluteBootstrap(osa));
		expect(plan.steps.slice(1).map((s) => s.argv)).toEqual(TABLE_2026_1_STEPS.map((item) => ['openstack-ansible', ...shellWords(item)]));
		expect(plan.steps.slice(2, 5).map((s) => [s.id, s.unit?.id, s.unit?.role])).toEqual([
			['setup-hosts-1', 'setup-hosts', 'main'],
			['setup-hosts-2', 'setup-hosts', 'main'],
			['setup-hosts-fallback', 'setup-hosts', 'fallback'],
		]);
		expect(plan.steps.slice(1).every((s) => s.collection === true)).toBe(true);
		expect(plan.steps.find((s) => s.pause === 'play')?.id).toBe('galera-cluster-rolling-restart');
		// The clone holds no playbook at all, and nothing is missing.
		expect(preflight(plan, osa.env)).toEqual([]);
		expect(handOverCommand(plan.steps[2]!)).toBe(`cd ${osa.clone}/playbooks && env -u ANSIBLE_INVENTORY openstack-ansible openstack.osa.setup_hosts --limit '!galera_all:!rabbitmq_all' -e package_state=latest`);
	});

	it('has md5 markers of run-upgrade.sh items; the setup_hosts unit shares one, written by its second run or its fallback', () => {
		const dir = join(osa.config, 'upgrade-2026.1');
		expect(plan.steps[0]!.marker).toMatchObject({path: join(dir, 'bootstrap-ansible.complete'), content: ''});
		// The item as the script holds it: one string, continued over lines with "&& \" and "|| \".
		const setupHosts =
			"openstack.osa.setup_hosts --limit '!galera_all:!rabbitmq_all' -e package_state=latest && " +
			"                     openstack-ansible openstack.osa.setup_hosts -e 'lxc_container_allow_restarts=false' --limit 'galera_all:rabbitmq_all' || " +
			'                     openstack-ansible openstack.osa.setup_hosts -e package_state=latest';
		const items = [TABLE_2026_1[0]!, setupHosts, setupHosts, setupHosts, TABLE_2026_1[3]!, TABLE_2026_1[4]!, TABLE_2026_1[5]!];
		items.forEach((item, i) => {
			const marker = plan.steps[i + 1]!.marker!;
			expect(marker.path, item).toBe(join(dir, bashMarkerName('md5', item)));
			expect(marker.content).toBe(`${marker.text}\n`);
		});
		expect(plan.steps.map((s) => s.marker?.write)).toEqual([true, true, false, true, true, true, true, true]);
	});

	it('the clone and config folders are taken from OSA_CLONE_DIR and OSA_CONFIG_DIR, with the documented defaults', () => {
		const result = loadPlan('osa-2026.1', {env: {}, cwd: '/'});
		if (!result.ok) expect.fail('expected a plan');
		expect(result.plan.cwd).toBe('/opt/openstack-ansible/playbooks');
		expect(result.plan.markers).toBe('/etc/openstack_deploy/upgrade-2026.1');
		expect(result.plan.requires).toEqual([expect.objectContaining({path: '/etc/openstack_deploy'})]);
		rmSync(osa.clone, {recursive: true, force: true});
	});
});

/** run-upgrade.sh's marker names of the 2025.2 / 2026.1 items (md5 of `echo $item`), read from OpenStack-Ansible. */
const COLLECTION_MARKERS = [
	'be52434e124551014df625f71134bd92',
	'b5101b0aaa1f0466f1d47816e6820d97',
	'b5101b0aaa1f0466f1d47816e6820d97',
	'b5101b0aaa1f0466f1d47816e6820d97',
	'61ab02e962b8cb85f4f67ff6cf633122',
	'87cc98d3a11271b86264704107002c32',
	'e00f82f8e2db54b32d072f48a126489d',
];

describe.each([
	['osa-2025.2', 'upgrade-2025.2'],
	['osa-2026.1', 'upgrade-2026.1'],
])('%s: the markers run-upgrade.sh writes', (name, folder) => {
	it('names each marker as the script does, and runs the items in its order', () => {
		const osa = fakeOsa([]);
		const plan = load(name, osa);
		expectBootstrapFirst(plan, osa, absoluteBootstrap(osa));
		expect(plan.steps.slice(1).map((s) => s.argv)).toEqual(TABLE_2026_1_STEPS.map((item) => ['openstack-ansible', ...shellWords(item)]));
		expect(plan.steps.slice(1).map((s) => s.marker!.path)).toEqual(COLLECTION_MARKERS.map((md5) => join(osa.config, folder, `${md5}.complete`)));
		expect(plan.steps[0]!.marker!.path).toBe(join(osa.config, folder, 'bootstrap-ansible.complete'));
		// run-upgrade.sh unsets ANSIBLE_INVENTORY before its runs.
		expect(plan.steps.every((s) => s.unsetEnv?.includes('ANSIBLE_INVENTORY'))).toBe(true);
		expect(preflight(plan, osa.env)).toEqual([]);
	});
});

describe('osa-2025.1', () => {
	const items = [
		'S/upgrade-utilities/deploy-config-changes.yml',
		"setup-hosts.yml --limit '!galera_all:!rabbitmq_all' -e package_state=latest",
		"setup-hosts.yml -e 'lxc_container_allow_restarts=false' --limit 'galera_all:rabbitmq_all'",
		'setup-hosts.yml -e package_state=latest',
		"setup-infrastructure.yml -e 'galera_upgrade=true' -e 'rabbitmq_upgrade=true' -e package_state=latest",
		'S/upgrade-utilities/galera-cluster-rolling-restart.yml',
		'setup-openstack.yml -e package_state=latest',
	];

	it('runs the file playbooks of the 2025.1 script, with ${SCRIPTS_PATH} items as absolute paths in the clone', () => {
		const osa = fakeOsa(items.filter((item) => !item.startsWith('S/')));
		const scripts = join(osa.clone, 'scripts');
		for (const item of items.filter((i) => i.startsWith('S/'))) writeFileSync(item.replace(/^S\//, `${scripts}/`), '');
		const expanded = items.map((item) => item.replace(/^S\//, `${scripts}/`));
		const plan = load('osa-2025.1', osa);
		expectBootstrapFirst(plan, osa, absoluteBootstrap(osa));
		expanded.forEach((item, i) => {
			const [playbook, ...args] = shellWords(item);
			expect(plan.steps[i + 1]!.argv, item).toEqual(['openstack-ansible', playbook!, ...args]);
		});
		// md5 markers of the items as the script holds them: the setup-hosts chain shared by both runs.
		const chain = `${expanded[1]} && openstack-ansible ${expanded[2]} || openstack-ansible setup-hosts.yml -e package_state=latest`;
		const markerItems = [expanded[0]!, chain, chain, chain, expanded[4]!, expanded[5]!, expanded[6]!];
		markerItems.forEach((item, i) => expect(plan.steps[i + 1]!.marker!.path, item).toBe(join(osa.config, 'upgrade-2025.1', bashMarkerName('md5', item))));
		expect(plan.steps.find((s) => s.pause === 'play')?.id).toBe('galera-cluster-rolling-restart');
		// The clone's playbooks are checked by preflight: all there.
		expect(preflight(plan, osa.env)).toEqual([]);
	});
});

describe.each(['osa-2025.1', 'osa-2025.2', 'osa-2026.1'])('%s: the health checks of the collection plans', (name) => {
	it("runs OpenStack-Ansible's health checks of the hosts and infrastructure before the upgrade, and those and the cloud's after it", () => {
		const osa = fakeOsa([]);
		// The 2025.1 script runs the clone's files: its healthcheck-*.yml import the collection's.
		const files = name === 'osa-2025.1';
		const playbook = (check: string) => (files ? `healthcheck-${check}.yml` : `openstack.osa.healthcheck.${check}`);
		const id = (when: string, check: string) => `${when}-${files ? 'healthcheck-' : ''}${check}`;
		if (files) for (const check of ['hosts', 'infrastructure', 'openstack']) writeFileSync(join(osa.clone, 'playbooks', `healthcheck-${check}.yml`), `- import_playbook: openstack.osa.healthcheck.${check}\n`);
		const result = loadPlan(name, {env: osa.env, cwd: osa.clone});
		if (!result.ok) expect.fail(result.problems.map((p) => p.message).join('\n'));
		const whole = result.plan;
		expect(result.warnings.filter((w) => w.message.startsWith('check ')).map((w) => w.key)).toEqual(['checks.before[0]', 'checks.before[1]']);
		const checks = whole.steps.filter((s) => s.check !== undefined);
		expect(whole.steps.slice(0, 2)).toEqual(checks.slice(0, 2));
		expect(whole.steps.slice(-3)).toEqual(checks.slice(2));
		expect(checks.map((s) => [s.id, s.check, s.argv, s.marker ?? null])).toEqual([
			[id('before', 'hosts'), 'before', ['openstack-ansible', playbook('hosts')], null],
			[id('before', 'infrastructure'), 'before', ['openstack-ansible', playbook('infrastructure')], null],
			[id('after', 'hosts'), 'after', ['openstack-ansible', playbook('hosts')], null],
			[id('after', 'infrastructure'), 'after', ['openstack-ansible', playbook('infrastructure')], null],
			[id('after', 'openstack'), 'after', ['openstack-ansible', playbook('openstack')], null],
		]);
		// The collection is not installed here (bootstrap-ansible.sh installs it): the checks before are skipped, and say why.
		expect(checks.slice(0, 2).map((s) => s.notInstalled)).toEqual([expect.stringContaining('openstack.osa.healthcheck.hosts'), expect.stringContaining('openstack.osa.healthcheck.infrastructure')]);
		// Collection playbooks: preflight does not look for them.
		expect(preflight({...whole, steps: checks}, osa.env)).toEqual([]);
	});
});
