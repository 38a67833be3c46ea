// `ansible-driver run osa`: the plan derived from a clone's own run-upgrade.sh, run with the real
// ansible-playbook through the fake openstack-ansible wrapper, against the same clone's script run
// by bash: the same playbook runs in the same order, and each honours the other's markers.
import {cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {describeAnsible} from '../helpers/ansible.js';
import {runCli} from '../helpers/cli.js';
import {clone, cloneWorld, runScript, runsOf, type CloneVersion} from './clone-helpers.js';

/** A sandbox shared by the driver and the script: the same config, backup and log files. */
function osaBox(version: CloneVersion, target: string) {
	const root = mkdtempSync(join(tmpdir(), 'run-osa-'));
	const {config, backupDir, log, env} = cloneWorld(root);
	env['XDG_STATE_HOME'] = join(root, 'xdg-state');
	const state = join(root, 'state');
	const {dir} = clone(version);
	const markers = join(config, `upgrade-${target}`);
	return {
		root,
		config,
		backupDir,
		state,
		env,
		markers,
		cli: (...args: string[]) => runCli([...args, '--state-dir', state], env),
		osa: (...args: string[]) => runCli(['run', 'osa', '--osa-clone', dir, '--plain', ...args, '--state-dir', state], env),
		log: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []),
		markerFiles: () => (existsSync(markers) ? readdirSync(markers).sort() : []),
		/** The clone's own script, in the same folders. */
		script: (more: Record<string, string> = {}) => runScript(version, target, {...(env['SOURCE_SERIES'] ? {SOURCE_SERIES: env['SOURCE_SERIES']} : {}), OSA_TEST_LOG: log, ...more}, root),
	};
}

const RUNS_2026 = [
	'deploy_config_changes all',
	'setup_hosts !galera_all:!rabbitmq_all',
	'setup_hosts galera_all:rabbitmq_all',
	'setup_infrastructure all',
	'galera_cluster_rolling_restart all',
	'setup_openstack all',
];

describeAnsible('run osa: the plan of the clone\'s run-upgrade.sh (real ansible-playbook, fake openstack-ansible)', () => {
	it.each([
		['2025.1', '2025.1', '2024.1'],
		['2025.2', '2025.2', '2025.1'],
		['2026.1', '2026.1', '2025.2'],
	] as const)('%s: the driver runs the same playbooks, in the same order, on the same hosts, with the same markers, as the script', async (version, target, source) => {
		const byScript = osaBox(version, target);
		byScript.env['SOURCE_SERIES'] = source;
		const script = byScript.script();
		expect(script.status, script.output).toBe(0);
		const byDriver = osaBox(version, target);
		const r = await byDriver.osa('--yes', '--source-series', source);
		expect(r.code, r.stdout + r.stderr).toBe(0);
		expect(runsOf(byDriver.log())).toEqual(runsOf(byScript.log()));
		expect(byDriver.markerFiles()).toEqual(byScript.markerFiles());
		expect(readdirSync(byDriver.backupDir)).toEqual(readdirSync(byScript.backupDir));
	});

	it('2026.1: runs what the script runs, in its order; then the script finds everything done', async () => {
		const box = osaBox('2026.1', '2026.1');
		const r = await box.osa('--source-series', '2025.2', '--yes');
		expect(r.code, r.stdout + r.stderr).toBe(0);
		expect(runsOf(box.log()).map((x) => x.run)).toEqual(RUNS_2026);
		expect(existsSync(join(box.backupDir, 'backup-openstack-ansible-2025.2.tar.gz'))).toBe(true);
		expect(readFileSync(join(box.config, 'bootstrap-ran.log'), 'utf8')).toBe('bootstrap-ansible.sh\n');
		expect(box.markerFiles()).toHaveLength(6);
		expect(r.stdout).toContain('step setup-hosts-fallback: skipped: not needed');
		// The script, run now, runs no playbook and no bootstrap: the driver's markers are its own.
		box.env['SOURCE_SERIES'] = '2025.2';
		const script = box.script();
		expect(script.status, script.output).toBe(0);
		expect(runsOf(box.log()).map((x) => x.run)).toEqual(RUNS_2026);
		expect(readFileSync(join(box.config, 'bootstrap-ran.log'), 'utf8')).toBe('bootstrap-ansible.sh\n');
	});

	it('2026.1: after the script failed at setup_infrastructure, the driver skips what it finished and goes on from there', async () => {
		const box = osaBox('2026.1', '2026.1');
		box.env['SOURCE_SERIES'] = '2025.1';
		const failed = box.script({OSA_TEST_FAIL: 'setup_infrastructure:all'});
		expect(failed.status, failed.output).toBe(99);
		expect(runsOf(box.log()).map((x) => x.run)).toEqual(RUNS_2026.slice(0, 4));
		const before = box.log().length;
		const r = await box.osa('--yes');
		expect(r.code, r.stdout + r.stderr).toBe(0);
		// Only what the script did not finish: setup_infrastructure again, then the rest.
		expect(runsOf(box.log().slice(before)).map((x) => x.run)).toEqual(RUNS_2026.slice(3));
		expect(r.stdout).toMatch(/step deploy-config-changes: done earlier \(marker /);
		expect(r.stdout).toMatch(/step backup-config: skipped: .*backup-openstack-ansible-2025\.1\.tar\.gz exists \(creates:\)/);
		expect(readFileSync(join(box.config, 'bootstrap-ran.log'), 'utf8')).toBe('bootstrap-ansible.sh\n');
		const st = await box.cli('status', '--json');
		const state = JSON.parse(st.stdout) as {plan: {sourceSeries: string}; steps: Array<{id: string; status: string}>};
		expect(state.plan.sourceSeries).toBe('2025.1');
	});

	it('2025.2: when the first setup_hosts run fails, the fallback runs; the chain marker is the one the script writes', async () => {
		const box = osaBox('2025.2', '2025.2');
		const r = await box.osa('--yes', '--source-series', '2025.1');
		// Each run fails only when OSA_TEST_FAIL names it: here the first setup_hosts run.
		expect(r.code).toBe(0);
		const fail = osaBox('2025.2', '2025.2');
		fail.env['OSA_TEST_FAIL'] = 'setup_hosts:!galera_all:!rabbitmq_all';
		const f = await fail.osa('--yes');
		expect(f.code, f.stdout + f.stderr).toBe(0);
		expect(runsOf(fail.log()).map((x) => x.run)).toEqual([
			'deploy_config_changes all',
			'setup_hosts !galera_all:!rabbitmq_all',
			'setup_hosts all',
			'setup_infrastructure all',
			'galera_cluster_rolling_restart all',
			'setup_openstack all',
		]);
		expect(f.stdout).toContain('unit setup-hosts: step setup-hosts-1 failed; its fallback setup-hosts-fallback runs next');
		// The same markers as the clean run (the chain's included), and the script skips them all.
		expect(fail.markerFiles()).toEqual(box.markerFiles());
		fail.env['SOURCE_SERIES'] = '2025.1';
		const script = fail.script({OSA_TEST_FAIL: ''});
		expect(script.status, script.output).toBe(0);
		expect(runsOf(fail.log())).toHaveLength(6);
	});

	it('2025.1: file playbooks; markers of ${SCRIPTS_PATH} items match the script\'s, both ways', async () => {
		const box = osaBox('2025.1', '2025.1');
		box.env['SOURCE_SERIES'] = '2024.2';
		const script = box.script({OSA_TEST_FAIL: 'setup-openstack:all'});
		expect(script.status, script.output).toBe(99);
		const written = box.markerFiles();
		const before = box.log().length;
		const r = await box.osa('--yes');
		expect(r.code, r.stdout + r.stderr).toBe(0);
		expect(runsOf(box.log().slice(before)).map((x) => x.run)).toEqual(['setup-openstack all']);
		expect(box.markerFiles()).toEqual([...written, ...box.markerFiles().filter((m) => !written.includes(m))].sort());
		expect(box.markerFiles()).toHaveLength(written.length + 1);
		// And the script, run again, finds the driver's marker: it runs nothing.
		const after = box.log().length;
		const again = box.script();
		expect(again.status, again.output).toBe(0);
		expect(box.log().length).toBe(after);
	});

	it('resume keeps the chosen source series; off a terminal an unchosen series is exit 2 naming --source-series', async () => {
		const box = osaBox('2026.1', '2026.1');
		const none = await box.osa('--yes');
		expect(none.code).toBe(2);
		expect(none.stderr).toContain('pass --source-series 2025.1 or 2025.2');
		expect(existsSync(box.state)).toBe(false);
		box.env['OSA_TEST_FAIL'] = 'setup_openstack:all';
		const first = await box.osa('--yes', '--source-series', '2025.2');
		expect(first.code).toBe(1);
		box.env['OSA_TEST_FAIL'] = '';
		const resumed = await box.cli('resume', '--plain');
		expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
		expect(runsOf(box.log()).map((x) => x.run).slice(-1)).toEqual(['setup_openstack all']);
	});

	it('refuses a script with a statement the driver would not run, naming its line; nothing is written', async () => {
		const box = osaBox('2026.1', '2026.1');
		const copy = join(box.root, 'clone');
		cpSync(clone('2026.1').dir, copy, {recursive: true});
		const path = join(copy, 'scripts', 'run-upgrade.sh');
		const lines = readFileSync(path, 'utf8').split('\n');
		const at = lines.findIndex((line) => line.includes('bootstrap_ansible') && !line.includes('function'));
		lines.splice(at + 1, 0, '    openstack-ansible local-extra.yml');
		writeFileSync(path, lines.join('\n'));
		const r = await runCli(['run', 'osa', '--osa-clone', copy, '--source-series', '2025.2', '--yes', '--plain', '--state-dir', box.state], box.env);
		expect(r.code).toBe(2);
		expect(r.stderr).toContain(`${path}:${at + 2}:`);
		expect(r.stderr).toMatch(/local-extra\.yml/);
		expect(existsSync(box.state)).toBe(false);
		expect(box.log()).toEqual([]);
	});
});

describe('plan osa', () => {
	it.each(['2025.1', '2025.2', '2026.1'] as const)('%s: the derived plan has the built-in plan\'s playbook runs and markers', async (version) => {
		const box = osaBox(version, version);
		const out = await runCli(['plan', 'osa', '--osa-clone', clone(version).dir, '--source-series', version === '2025.2' ? '2025.1' : version === '2025.1' ? '2024.2' : '2025.1', '--json'], box.env);
		const json = JSON.parse(out.stdout) as {osa: {builtin: {name: string; differences: string[]}}};
		expect(json.osa.builtin).toEqual({name: `osa-${version}`, differences: []});
	});

	it('shows the derived plan and that it equals the built-in one; --write saves it as a plan file that runs the same', async () => {
		const box = osaBox('2026.1', '2026.1');
		const {dir} = clone('2026.1');
		const shown = await runCli(['plan', 'osa', '--osa-clone', dir, '--source-series', '2025.2'], box.env);
		expect(shown.code, shown.stderr).toBe(0);
		expect(shown.stdout).toContain('Same playbook runs and markers as the built-in plan osa-2026.1.');
		const json = JSON.parse((await runCli(['plan', 'osa', '--osa-clone', dir, '--source-series', '2025.2', '--json'], box.env)).stdout) as {
			osa: {target: string; sources: string[]; sourceSeries: string; builtin: {differences: string[]}};
			steps: Array<{id: string; unit?: {id: string; role: string}}>;
		};
		expect(json.osa).toMatchObject({target: '2026.1', sources: ['2025.1', '2025.2'], sourceSeries: '2025.2', builtin: {differences: []}});
		expect(json.steps.filter((s) => s.unit).map((s) => s.unit!.role)).toEqual(['main', 'main', 'fallback']);
		const file = join(box.root, 'derived.yml');
		const written = await runCli(['plan', 'osa', '--osa-clone', dir, '--source-series', '2025.2', '--write', file], box.env);
		expect(written.code, written.stderr).toBe(0);
		const again = JSON.parse((await runCli(['plan', file, '--json'], box.env)).stdout) as {steps: Array<{argv: string[]; marker?: string}>};
		expect(again.steps.map((s) => [s.argv, s.marker])).toEqual(json.steps.map((s) => [(s as unknown as {argv: string[]}).argv, (s as {marker?: string}).marker]));
		const twice = await runCli(['plan', 'osa', '--osa-clone', dir, '--source-series', '2025.2', '--write', file], box.env);
		expect(twice.code).toBe(2);
		expect(twice.stderr).toContain('exists');
	});

	it('names each difference from the built-in plan when the clone\'s script was changed', async () => {
		const box = osaBox('2026.1', '2026.1');
		const copy = join(box.root, 'clone');
		cpSync(clone('2026.1').dir, copy, {recursive: true});
		const path = join(copy, 'scripts', 'run-upgrade.sh');
		writeFileSync(path, readFileSync(path, 'utf8').replace('openstack.osa.setup_openstack -e package_state=latest', 'openstack.osa.setup_openstack -e package_state=present'));
		const shown = await runCli(['plan', 'osa', '--osa-clone', copy, '--source-series', '2025.2'], box.env);
		expect(shown.code, shown.stderr).toBe(0);
		expect(shown.stdout).toContain('Differs from the built-in plan osa-2026.1');
		expect(shown.stdout).toMatch(/setup-openstack: the clone's script runs openstack-ansible openstack\.osa\.setup_openstack -e package_state=present; osa-2026\.1 runs .*package_state=latest/);
		expect(shown.stdout).toMatch(/setup-openstack: marker .* in the clone's script; .* in osa-2026\.1/);
	});
});
