// OpenStack-Ansible's real run-upgrade.sh (upstream's files from ../shared/osa) against
// `ansible-driver run osa` on the same clone: the same calls in the same order, the same markers,
// and each finds nothing left to do after the other (the driver with --no-split, so the calls
// are the script's; split, the same markers). Only what would act on a deployment is stood
// in for (real-clones.ts): openstack-ansible, tar and bootstrap-ansible.sh record their calls.
import {spawnSync} from 'node:child_process';
import {mkdirSync, readFileSync, rmSync, symlinkSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {hasSharedOsa, REAL_BRANCHES, REAL_VERSIONS, realClone, recordingWorld, runRealScript, scriptRemaining, type RealBranch, type RecordingWorld} from './real-clones.js';

const describeReal = hasSharedOsa ? describe : describe.skip;

/** The calls of a world with its own folder written <root>, so two worlds compare. */
const calls = (world: RecordingWorld, from = 0): string[] => world.calls().slice(from).map((l) => l.replaceAll(world.root, '<root>'));
/**
 * The markers of a world: content with its folder written <root>, and the file name where the
 * content names no path of the world (an item with ${SCRIPTS_PATH} is hashed with the clone's
 * path; that both honour each other's markers is checked by running one after the other).
 */
const markers = (world: RecordingWorld, target: string): string[] =>
	world
		.markers(target)
		.map(([name, content]) => (content.includes(world.root) ? content.replaceAll(world.root, '<root>') : `${name}: ${content}`))
		.sort();
const noTar = (lines: string[]): string[] => lines.filter((l) => !l.startsWith('tar '));

/** The real script, then the driver, each in a world of its own, with OSA_TEST_FAIL failing the same calls. */
async function bothWithFailure(version: RealBranch, fail: string, scriptStatus: number, driverCode: number) {
	const series = REAL_BRANCHES[version].sources[1];
	const byScript = recordingWorld();
	const clone = realClone(version, byScript.root);
	const script = runRealScript(clone, byScript, {sourceSeries: series, env: {OSA_TEST_FAIL: fail}});
	expect(script.status, script.output).toBe(scriptStatus);
	const byDriver = recordingWorld();
	byDriver.env['OSA_TEST_FAIL'] = fail;
	const r = await driver(byDriver, realClone(version, byDriver.root), '--yes', '--source-series', series);
	expect(r.code, r.stdout + r.stderr).toBe(driverCode);
	return {byScript, byDriver, clone, script};
}

/** The driver's run, whole (--no-split: the script's own calls) and without checks; split: every setup-* item split as by default. */
function driver(world: RecordingWorld, clone: string, ...args: string[]) {
	const split = args.includes('--split');
	const rest = args.filter((a) => a !== '--split');
	// --no-checks: the script runs no health checks (run-osa.test.ts runs them).
	return runCli(['run', 'osa', '--osa-clone', clone, '--plain', '--no-checks', '--state-dir', join(world.root, 'state'), ...(split ? [] : ['--no-split']), ...rest], world.env, world.root);
}

describeReal('the real run-upgrade.sh and `run osa` on the same clone', () => {
	it.each(REAL_VERSIONS)('%s: the same calls in the same order and the same markers; afterwards each finds nothing left to do', async (version: RealBranch) => {
		const {sources} = REAL_BRANCHES[version];
		const byScript = recordingWorld();
		// The script's own menu: entry 1, then YES.
		const script = runRealScript(realClone(version, byScript.root), byScript, {input: '1\nYES\n'});
		expect(script.status, script.output).toBe(0);
		const byDriver = recordingWorld();
		const clone = realClone(version, byDriver.root);
		const r = await driver(byDriver, clone, '--yes', '--source-series', sources[0].replace(',', ''));
		expect(r.code, r.stdout + r.stderr).toBe(0);
		expect(calls(byDriver)).toEqual(calls(byScript));
		// The backup as the script names it from its menu: the comma bash keeps in the series.
		expect(calls(byDriver)[0]).toBe(`tar zcf /openstack/backup-openstack-ansible-${sources[0].replace(',', '')}\\,.tar.gz <root>/openstack_deploy /etc/ansible/ /usr/local/bin/openstack-ansible.rc`);
		expect(markers(byDriver, version)).toEqual(markers(byScript, version));
		expect(markers(byDriver, version)).toContain('bootstrap-ansible.complete: ');

		// The script after the driver runs nothing (the stand-in tar leaves no tarball, so it backs up again).
		const before = byDriver.calls().length;
		const after = runRealScript(clone, byDriver, {input: '1\nYES\n'});
		expect(after.status, after.output).toBe(0);
		expect(noTar(calls(byDriver, before))).toEqual([]);
		// The driver after the script: every step done earlier.
		const scriptBefore = byScript.calls().length;
		const again = await driver(byScript, join(byScript.root, `openstack-ansible-${version}`), '--yes', '--source-series', sources[0].replace(',', ''));
		expect(again.code, again.stdout + again.stderr).toBe(0);
		expect(noTar(calls(byScript, scriptBefore))).toEqual([]);
		expect(again.stdout).toMatch(/done earlier \(marker /);
	});

	it.each(REAL_VERSIONS)('%s: the first setup-hosts run failing: the fallback carries the item, one marker, as the script', async (version: RealBranch) => {
		const {byScript, byDriver} = await bothWithFailure(version, '*setup?hosts* --limit !galera_all:!rabbitmq_all *', 0, 0);
		expect(calls(byDriver)).toEqual(calls(byScript));
		expect(calls(byDriver).filter((l) => /setup.hosts/.test(l))).toHaveLength(2);
		expect(markers(byDriver, version)).toEqual(markers(byScript, version));
		expect(markers(byDriver, version)).toHaveLength(6);
	});

	const failing = REAL_VERSIONS.flatMap((version) => [
		[version, 'setup-infrastructure', '*setup?infrastructure*'],
		// Every setup-hosts run: the unit and its fallback fail, the script lists the whole chain.
		[version, 'the setup-hosts chain', '*setup?hosts*'],
	] as Array<[RealBranch, string, string]>);
	it.each(failing)('%s: %s failing stops both where the script exits 99; both hand over the same remaining commands', async (version, _what, fail) => {
		const {pushd} = REAL_BRANCHES[version];
		const {byScript, byDriver, clone, script} = await bothWithFailure(version, fail, 99, 1);
		expect(calls(byDriver)).toEqual(calls(byScript));
		expect(markers(byDriver, version)).toEqual(markers(byScript, version));

		// What each says to run by hand, pasted into bash, runs the same (failing item included).
		const listed = scriptRemaining(script.output);
		expect(listed.length).toBeGreaterThan(1);
		const cwd = pushd ? join(clone, 'playbooks') : byScript.root;
		const fromScript = byScript.calls().length;
		for (const line of listed) spawnBash(line, byScript, cwd);
		const handOver = readFileSync(join(byDriver.root, 'state', 'handover.txt'), 'utf8').split('\n').filter(Boolean);
		expect(handOver).toHaveLength(listed.length);
		const fromDriver = byDriver.calls().length;
		for (const line of handOver) spawnBash(line, byDriver, byDriver.root);
		expect(calls(byDriver, fromDriver).map(clonePath)).toEqual(calls(byScript, fromScript).map(clonePath));
	});

	it('a clone reached through a symlink: SCRIPTS_PATH is the real folder, as the script finds it; the same calls and markers', async () => {
		const byScript = recordingWorld();
		const real = realClone('2025.1', byScript.root);
		mkdirSync(join(byScript.root, 'opt'));
		symlinkSync(real, join(byScript.root, 'opt', 'openstack-ansible'));
		const link = join(byScript.root, 'opt', 'openstack-ansible');
		const script = runRealScript(link, byScript, {sourceSeries: '2024.2'});
		expect(script.status, script.output).toBe(0);
		const scriptCalls = byScript.calls();
		const scriptMarkers = byScript.markers('2025.1');
		expect(scriptCalls.join('\n')).toContain(`${real}/scripts/upgrade-utilities/deploy-config-changes.yml @ ${real}/playbooks`);
		// The same world afresh for the driver, through the same link.
		rmSync(byScript.log);
		rmSync(join(byScript.config, 'upgrade-2025.1'), {recursive: true});
		const r = await driver(byScript, link, '--yes', '--source-series', '2024.2');
		expect(r.code, r.stdout + r.stderr).toBe(0);
		expect(byScript.calls()).toEqual(scriptCalls);
		expect(byScript.markers('2025.1')).toEqual(scriptMarkers);
	});
});

/** Runs a pasted line with bash in `cwd`, in the world's environment, the failure mended. */
function spawnBash(line: string, world: RecordingWorld, cwd: string): void {
	const {OSA_TEST_FAIL: _mended, ...env} = world.env;
	spawnSync('bash', ['-c', line], {env: env as NodeJS.ProcessEnv, cwd, encoding: 'utf8'});
}

/** The part of a call line after its playbook folder: the two clones live in different folders. */
const clonePath = (line: string): string => line.replace(/<root>\/openstack-ansible-[0-9.]+/g, '<clone>');
