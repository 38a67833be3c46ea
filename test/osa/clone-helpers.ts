// The OpenStack-Ansible clone fixtures (fixtures/osa/clones): their run-upgrade.sh read, or run
// with bash through the fake openstack-ansible wrapper and the fixture collection.
import {spawnSync} from 'node:child_process';
import {chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {osaFixtures} from './helpers.js';

export const clonesDir = join(osaFixtures, 'clones');
export const collectionsDir = join(osaFixtures, 'collections');
export const CLONE_VERSIONS = ['2025.1', '2025.2', '2026.1'] as const;
export type CloneVersion = (typeof CLONE_VERSIONS)[number];

export interface Clone {
	dir: string;
	scriptPath: string;
	/** The real scripts folder: what the script's ${SCRIPTS_PATH} is. */
	scriptsDir: string;
	text: string;
}

export function clone(version: CloneVersion): Clone {
	const dir = join(clonesDir, version);
	const scriptPath = join(dir, 'scripts', 'run-upgrade.sh');
	for (const script of ['run-upgrade.sh', 'bootstrap-ansible.sh']) chmodSync(join(dir, 'scripts', script), 0o755);
	return {dir, scriptPath, scriptsDir: realpathSync(join(dir, 'scripts')), text: readFileSync(scriptPath, 'utf8')};
}

export interface ScriptRun {
	status: number | null;
	output: string;
	config: string;
	/** The markers folder, upgrade-<target>. */
	markers: string;
	backupDir: string;
	/** Lines the fixture playbooks logged: "<name> <limit or all> <host>". */
	log(): string[];
	/** Marker files written, sorted. */
	markerFiles(): string[];
	/** Runs the script again in the same folders. */
	again(env?: Record<string, string>): ScriptRun;
}

/**
 * Runs a clone's run-upgrade.sh with bash, answering YES: the fake wrapper first on PATH, its rc
 * giving the clones' two-host inventory, the fixture collection, temp config and backup folders.
 * A stale ANSIBLE_INVENTORY is set on purpose: the script must unset it.
 */
/** The folders a clone's script (or the driver) works in under `root`, and their environment. */
export function cloneWorld(root: string): {config: string; backupDir: string; log: string; env: Record<string, string | undefined>} {
	const config = join(root, 'openstack_deploy');
	const backupDir = join(root, 'backup');
	mkdirSync(config, {recursive: true});
	mkdirSync(backupDir, {recursive: true});
	const log = join(root, 'playbooks.log');
	const env: Record<string, string | undefined> = {...process.env};
	for (const name of ['SOURCE_SERIES', 'OSA_TEST_FAIL', 'OSA_USER_RC', 'FAKE_BOOTSTRAP_EXIT', 'OSA_CLONE_DIR', 'CI']) delete env[name];
	Object.assign(env, {
		PATH: `${osaFixtures}:${process.env['PATH'] ?? '/usr/bin:/bin'}`,
		OSA_WRAPPER_RC: join(clonesDir, 'openstack-ansible.rc'),
		ANSIBLE_INVENTORY: join(root, 'stale-inventory-that-must-not-be-used.ini'),
		ANSIBLE_COLLECTIONS_PATH: collectionsDir,
		ANSIBLE_LOCAL_TEMP: join(root, 'ansible-tmp'),
		ANSIBLE_NOCOLOR: '1',
		OSA_CONFIG_DIR: config,
		OSA_BACKUP_DIR: backupDir,
		OSA_TEST_LOG: log,
	});
	return {config, backupDir, log, env};
}

export function runScript(version: CloneVersion, target: string, env: Record<string, string> = {}, root = mkdtempSync(join(tmpdir(), 'osa-clone-run-'))): ScriptRun {
	const {scriptPath} = clone(version);
	const world = cloneWorld(root);
	const {config, backupDir, log} = world;
	const result = spawnSync('bash', [scriptPath], {input: 'YES\n', encoding: 'utf8', env: {...world.env, ...env}});
	const markers = join(config, `upgrade-${target}`);
	return {
		status: result.status,
		output: `${result.stdout}${result.stderr}`,
		config,
		markers,
		backupDir,
		log: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []),
		markerFiles: () => (existsSync(markers) ? readdirSync(markers).sort() : []),
		again: (more = {}) => runScript(version, target, {...env, ...more}, root),
	};
}

/** The playbook runs in a log, in order: "<name> <limit>" with the hosts of each run, sorted. */
export function runsOf(lines: string[]): Array<{run: string; hosts: string[]}> {
	const runs: Array<{run: string; hosts: string[]}> = [];
	for (const line of lines) {
		const [name, limit, host] = line.split(' ') as [string, string, string];
		const run = `${name} ${limit}`;
		if (runs.at(-1)?.run !== run) runs.push({run, hosts: []});
		runs.at(-1)!.hosts.push(host);
	}
	for (const run of runs) run.hosts.sort();
	return runs;
}
