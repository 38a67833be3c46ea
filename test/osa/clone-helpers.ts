// Upstream's 2026.1 clone (real-clones.ts) with real ansible-playbook behind upstream's own
// openstack-ansible wrapper and rc, installed as bootstrap-ansible.sh installs them: its inventory
// folder gives two local hosts (fixtures/osa/deployment), and the openstack.osa collection is our
// quick stand-in (fixtures/osa/collections: the same playbook names; upstream's needs a whole
// OpenStack-Ansible deployment). tar and clear are the recording stand-ins; the backup tarball is
// never written.
import {chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {spawnSync} from 'node:child_process';
import {osaFixtures} from './helpers.js';
import {installWrapper, realClone} from './real-clones.js';

export const collectionsDir = join(osaFixtures, 'collections');
export const deploymentDir = join(osaFixtures, 'deployment');

export interface CloneWorld {
	root: string;
	/** Upstream's clone of 2026.1, stand-ins for bootstrap-ansible.sh and scripts-library.sh written. */
	clone: string;
	config: string;
	env: Record<string, string | undefined>;
	/** Lines the stand-in playbooks logged: "<name> <limit or all> <host>". */
	log(): string[];
	/** tar and bootstrap-ansible.sh calls, in order. */
	calls(): string[];
	markerFiles(): string[];
	/** Upstream's run-upgrade.sh with bash, answering YES. */
	script(env?: Record<string, string>): {status: number | null; output: string};
}

/**
 * A clone and a deployment world: a configuration folder, a stale ANSIBLE_INVENTORY that the
 * script must unset, the fake wrapper first on PATH.
 */
export function cloneWorld(): CloneWorld {
	const root = mkdtempSync(join(tmpdir(), 'osa-clone-run-'));
	const clone = realClone('2026.1', root);
	const config = join(root, 'openstack_deploy');
	const bin = join(root, 'bin');
	const log = join(root, 'playbooks.log');
	const calls = join(root, 'calls.log');
	mkdirSync(config);
	mkdirSync(bin);
	writeFileSync(join(bin, 'tar'), '#!/usr/bin/env bash\necho "tar $*" >> "$OSA_TEST_CALLS"\n');
	writeFileSync(join(bin, 'clear'), '#!/bin/sh\n');
	for (const name of ['tar', 'clear']) chmodSync(join(bin, name), 0o755);
	const wrapper = installWrapper(clone, '2026.1', join(root, 'prefix'), deploymentDir);
	const env: Record<string, string | undefined> = {...process.env};
	for (const name of ['SOURCE_SERIES', 'OSA_TEST_FAIL', 'OSA_USER_RC', 'FAKE_BOOTSTRAP_EXIT', 'OSA_CLONE_DIR', 'CI', 'ANSIBLE_CALLBACK_PLUGINS', 'ANSIBLE_FORCE_HANDLERS']) delete env[name];
	Object.assign(env, {
		PATH: `${wrapper}:${bin}:${process.env['PATH'] ?? '/usr/bin:/bin'}`,
		// The script unsets it: the rc's default (the inventory folder's inventory.ini) is what runs.
		ANSIBLE_INVENTORY: join(root, 'stale-inventory-that-must-not-be-used.ini'),
		ANSIBLE_LOG_PATH: join(root, 'ansible.log'),
		ANSIBLE_COLLECTIONS_PATH: collectionsDir,
		ANSIBLE_LOCAL_TEMP: join(root, 'ansible-tmp'),
		ANSIBLE_NOCOLOR: '1',
		OSA_CONFIG_DIR: config,
		OSA_TEST_LOG: log,
		// tar and the stand-in bootstrap-ansible.sh log here: they are not playbook runs.
		OSA_TEST_CALLS: calls,
		XDG_STATE_HOME: join(root, 'xdg-state'),
	});
	const lines = (file: string): string[] => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);
	const markers = join(config, 'upgrade-2026.1');
	return {
		root,
		clone,
		config,
		env,
		log: () => lines(log),
		calls: () => lines(calls),
		markerFiles: () => (existsSync(markers) ? readdirSync(markers).sort() : []),
		script: (more = {}) => {
			const result = spawnSync('bash', [join(clone, 'scripts', 'run-upgrade.sh')], {input: 'YES\n', encoding: 'utf8', env: {...env, ...more} as NodeJS.ProcessEnv, cwd: root});
			return {status: result.status, output: `${result.stdout}${result.stderr}`};
		},
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
