// `plan osa` and `run osa`'s reading of a clone: the plan comes from upstream's run-upgrade.sh
// (../shared/osa) as bash runs it, and looking runs nothing of the deployment. What an operator
// may change in the script is followed, and what the driver would not run the same way is
// refused with the script's line.
import {existsSync, readdirSync, readFileSync, realpathSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {withSourceSeries} from '../../source/commands/locate.js';
import {openPlan} from '../../source/osa/open.js';
import {runCli} from '../helpers/cli.js';
import {bashMarkerName, captureIo, flagsFor} from './helpers.js';
import {hasSharedOsa, REAL_BRANCHES, REAL_VERSIONS, realClone, recordingWorld, type RealBranch, type RecordingWorld} from './real-clones.js';

const describeReal = hasSharedOsa ? describe : describe.skip;

interface PlanJson {
	name: string;
	osa: {target: string; sources: string[]; sourceSeries: string; builtin: {name: string; differences: string[]} | null};
	steps: Array<{id: string; argv: string[]; cwd: string; marker?: string; unit?: {id: string; role: string}; splitOf?: string; line?: number; check?: string}>;
}

async function planJson(world: RecordingWorld, clone: string, ...args: string[]): Promise<PlanJson> {
	const r = await runCli(['plan', 'osa', '--osa-clone', clone, '--json', ...args], world.env, world.root);
	expect(r.code, r.stderr).toBe(0);
	return JSON.parse(r.stdout) as PlanJson;
}

/** The items of a branch's script, as it writes them (before bash expands ${SCRIPTS_PATH}). */
function scriptItems(clone: string): string[] {
	const text = readFileSync(join(clone, 'scripts', 'run-upgrade.sh'), 'utf8');
	return [...text.matchAll(/RUN_TASKS\+=\("([^"]*)"\)/g)].map((m) => m[1]!.replace(/\\\n/g, ''));
}

describeReal('plan osa on upstream\'s clones', () => {
	it.each(REAL_VERSIONS)('%s: the items bash computes, in order, with the markers bash computes; nothing of the deployment runs', async (version: RealBranch) => {
		const {sources, pushd} = REAL_BRANCHES[version];
		const world = recordingWorld();
		const clone = realClone(version, world.root);
		const scripts = realpathSync(join(clone, 'scripts'));
		const plan = await planJson(world, clone, '--source-series', sources[0].replace(',', ''));
		expect(plan.osa).toMatchObject({target: version, sources: [...sources], sourceSeries: sources[0]});
		const [backup, bootstrap, ...items] = plan.steps.filter((s) => s.check === undefined);
		// OpenStack-Ansible's health checks of the series around the upgrade: the clone's files
		// where the script runs files, the collection's playbooks where it runs those (2026.1).
		const checks = plan.steps.filter((s) => s.check !== undefined);
		const check = (name: string) => (pushd ? `healthcheck-${name}.yml` : `openstack.osa.healthcheck.${name}`);
		expect(plan.steps.slice(0, 2)).toEqual(checks.slice(0, 2));
		expect(checks.map((s) => [s.check, s.argv])).toEqual([
			['before', ['openstack-ansible', check('hosts')]],
			['before', ['openstack-ansible', check('infrastructure')]],
			['after', ['openstack-ansible', check('hosts')]],
			['after', ['openstack-ansible', check('infrastructure')]],
			['after', ['openstack-ansible', check('openstack')]],
		]);
		expect(checks.every((s) => s.marker === undefined && s.line === undefined)).toBe(true);
		// The items run where the script runs them: its pushd, else where it is run from.
		for (const item of items) expect(item.cwd).toBe(pushd ? join(scripts, '..', 'playbooks') : world.root);
		expect(backup!.argv).toEqual(['tar', 'zcf', `/openstack/backup-openstack-ansible-${sources[0]}.tar.gz`, world.config, '/etc/ansible/', '/usr/local/bin/openstack-ansible.rc']);
		expect(bootstrap).toMatchObject({id: 'bootstrap-ansible', argv: [join(scripts, 'bootstrap-ansible.sh')], cwd: world.root});
		// Each item's marker is md5 of `echo $item`, asked of bash, with ${SCRIPTS_PATH} expanded by bash.
		const expected = scriptItems(clone).map((item) => bashMarkerName('md5', item.replaceAll('${SCRIPTS_PATH}', scripts)));
		const markers = [...new Set(items.map((s) => s.marker!.split('/').pop()))];
		expect(markers).toEqual(expected);
		// The setup-hosts chain; setup-infrastructure and setup-openstack are split (each part in the
		// unit of its item) where the playbooks they import are there to read.
		expect(items.filter((s) => s.unit && !s.splitOf).map((s) => s.unit!.role)).toEqual(['main', 'main', 'fallback']);
		// Looking ran nothing: no call, no marker folder, no backup.
		expect(world.calls()).toEqual([]);
		expect(readdirSync(world.config)).toEqual([]);
	});

	it('the environment the script gives its items: its exports, ANSIBLE_INVENTORY and (2025.1) unset-ansible-env.rc unset', async () => {
		const world = recordingWorld();
		world.env['ANSIBLE_INVENTORY'] = '/stale/inventory';
		const clone = realClone('2025.1', world.root);
		const r = await runCli(['plan', 'osa', '--osa-clone', clone, '--source-series', '2024.2'], world.env, world.root);
		expect(r.code, r.stderr).toBe(0);
		const envLine = r.stdout.split('\n').find((l) => l.startsWith('env:'))!;
		for (const unset of ['ANSIBLE_INVENTORY', 'ANSIBLE_LIBRARY', 'ANSIBLE_CALLBACK_PLUGINS', 'ANSIBLE_CONNECTION_PLUGINS']) expect(envLine).toContain(`-u ${unset}`);
		expect(envLine).toContain(`SCRIPTS_PATH=${realpathSync(join(clone, 'scripts'))}`);
		expect(envLine).toContain('TARGET_SERIES=2025.1');
		expect(envLine).toContain('SOURCE_SERIES=2024.2');
		expect(r.stdout).toContain('Same playbook runs and markers as the built-in plan osa-2025.1.');
	});

	it.each(['2025.1', '2026.1'] as const)('%s: the derived plan has the built-in plan\'s playbook runs and markers', async (version) => {
		const world = recordingWorld();
		const plan = await planJson(world, realClone(version, world.root), '--source-series', REAL_BRANCHES[version].sources[1]);
		expect(plan.osa.builtin).toEqual({name: `osa-${version}`, differences: []});
	});

	it('--write saves the plan as a plan file that runs the same; an existing file is refused', async () => {
		const world = recordingWorld();
		const clone = realClone('2026.1', world.root);
		const json = await planJson(world, clone, '--source-series', '2025.2');
		const file = join(world.root, 'derived.yml');
		const written = await runCli(['plan', 'osa', '--osa-clone', clone, '--source-series', '2025.2', '--write', file], world.env, world.root);
		expect(written.code, written.stderr).toBe(0);
		expect(readFileSync(file, 'utf8')).toMatch(/^# Derived from .*run-upgrade\.sh by ansible-driver, as bash runs it/);
		const again = JSON.parse((await runCli(['plan', file, '--json'], world.env, world.root)).stdout) as PlanJson;
		expect(again.steps.map((s) => [s.argv, s.cwd, s.marker])).toEqual(json.steps.map((s) => [s.argv, s.cwd, s.marker]));
		const twice = await runCli(['plan', 'osa', '--osa-clone', clone, '--source-series', '2025.2', '--write', file], world.env, world.root);
		expect(twice.code).toBe(2);
		expect(twice.stderr).toContain('exists');
	});
});

describeReal('an operator\'s edits to run-upgrade.sh', () => {
	function edited(edit: (text: string) => string): {world: RecordingWorld; clone: string; path: string; text: string} {
		const world = recordingWorld();
		const clone = realClone('2026.1', world.root);
		const path = join(clone, 'scripts', 'run-upgrade.sh');
		const text = edit(readFileSync(path, 'utf8'));
		writeFileSync(path, text);
		return {world, clone, path, text};
	}
	const lineOf = (text: string, needle: string): number => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
	const plan = (e: {world: RecordingWorld; clone: string}) => runCli(['plan', 'osa', '--osa-clone', e.clone, '--source-series', '2025.2'], e.world.env, e.world.root);

	it('an item commented out, and one added: the plan follows the script, each step at its line', async () => {
		const e = edited((t) =>
			t
				.replace('    RUN_TASKS+=("openstack.osa.tools.galera_cluster_rolling_restart")', '    # RUN_TASKS+=("openstack.osa.tools.galera_cluster_rolling_restart")')
				.replace('    # upgrade openstack\n', '    # upgrade openstack\n    RUN_TASKS+=("openstack.osa.site_extra -e \'x=${TARGET_SERIES}\'")\n    RUN_TASKS+=("openstack.osa.site_dollar -e \'v=\\$HOME\'")\n'),
		);
		const opened = openPlan('osa', {env: e.world.env, cwd: e.world.root, osa: {clone: e.clone, sourceSeries: '2025.2'}});
		if (!opened.ok) throw new Error(JSON.stringify(opened.problems));
		const {steps} = opened.plan;
		expect(steps.map((s) => s.argv.slice(1).join(' '))).not.toContain('openstack.osa.tools.galera_cluster_rolling_restart');
		const extra = steps.find((s) => s.argv.includes('openstack.osa.site_extra'))!;
		expect(extra.argv).toEqual(['openstack-ansible', 'openstack.osa.site_extra', '-e', 'x=2026.1']);
		expect(extra.line).toBe(lineOf(e.text, 'site_extra'));
		expect(extra.marker!.path.endsWith(bashMarkerName('md5', "openstack.osa.site_extra -e 'x=2026.1'"))).toBe(true);
		// A $ that bash leaves in the item stays a $: in the argument and in the marker's text.
		const dollar = steps.find((s) => s.argv.includes('openstack.osa.site_dollar'))!;
		expect(dollar.argv).toEqual(['openstack-ansible', 'openstack.osa.site_dollar', '-e', 'v=$HOME']);
		expect(dollar.marker!.path.endsWith(bashMarkerName('md5', "openstack.osa.site_dollar -e 'v=$HOME'"))).toBe(true);
	});

	it('a command or a redirection main would run is refused with its line, and was not run', async () => {
		const e = edited((t) => t.replace('    bootstrap_ansible\n', '    bootstrap_ansible\n    rm -f "${OSA_CONFIG_DIR}/keep-me"\n    echo upgraded > "${OSA_CONFIG_DIR}/written"\n'));
		writeFileSync(join(e.world.config, 'keep-me'), 'still here\n');
		const r = await plan(e);
		expect(r.code).toBe(2);
		expect(r.stderr).toContain(`${e.path}:${lineOf(e.text, 'keep-me')}:`);
		expect(r.stderr).toMatch(/main runs "rm -f .*keep-me", which ansible-driver would not run/);
		expect(r.stderr).toContain(`${e.path}:${lineOf(e.text, 'echo upgraded')}:`);
		expect(readFileSync(join(e.world.config, 'keep-me'), 'utf8')).toBe('still here\n');
		expect(readdirSync(e.world.config)).toEqual(['keep-me']);
	});

	it('an item whose failure the driver would not carry the same way (|| true) is refused with its line', async () => {
		const e = edited((t) => t.replace('RUN_TASKS+=("openstack.osa.setup_openstack -e package_state=latest")', 'RUN_TASKS+=("openstack.osa.setup_openstack -e package_state=latest || true")'));
		const r = await plan(e);
		expect(r.code).toBe(2);
		expect(r.stderr).toContain(`${e.path}:${lineOf(e.text, 'package_state=latest || true')}:`);
		expect(r.stderr).toContain('goes on as if it succeeded when openstack-ansible openstack.osa.setup_openstack -e package_state=latest fails');
	});

	it('a script bash cannot run is refused with bash\'s own line and message', async () => {
		const e = edited((t) => t.replace('function check_for_current {', 'function check_for_current {\n    if then'));
		const r = await plan(e);
		expect(r.code).toBe(2);
		expect(r.stderr).toMatch(new RegExp(`${e.path.replaceAll('.', '\\.')}:${lineOf(e.text, 'if then')}: .*syntax error`));
	});
});

describeReal('the source series, as the script offers it', () => {
	it('on a terminal, the script\'s numbered menu: Enter takes entry 1, spelled as the script holds it', async () => {
		const world = recordingWorld();
		const clone = realClone('2025.1', world.root);
		const io = captureIo(world.env);
		let asked = '';
		Object.assign(io, {stdinIsTTY: true, cwd: world.root, ask: async (q: string) => ((asked = q), '')});
		const flags = await withSourceSeries('osa', flagsFor(join(world.root, 'state'), {osaClone: clone}), io);
		expect(io.out()).toContain('Upgrade to 2025.1 is supported only from one of the following releases:');
		expect(io.out()).toMatch(/1: 2024\.1,\n\s+2: 2024\.2\n/);
		expect(asked).toContain('Please specify the release to upgrade from [1]:');
		expect(flags?.sourceSeries).toBe('2024.1,');
		Object.assign(io, {ask: async () => '2'});
		expect((await withSourceSeries('osa', flagsFor(join(world.root, 'state'), {osaClone: clone}), io))?.sourceSeries).toBe('2024.2');
		Object.assign(io, {ask: async () => '7'});
		expect(await withSourceSeries('osa', flagsFor(join(world.root, 'state'), {osaClone: clone}), io)).toBeNull();
		expect(existsSync(join(world.root, 'state'))).toBe(false);
	});
});
