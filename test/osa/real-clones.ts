// OpenStack-Ansible's own scripts/ and playbooks/ (the tarballs in ../shared/osa, upstream's files
// unmodified), unpacked into a temp folder for a test, with only what would act on a deployment
// stood in for: scripts/bootstrap-ansible.sh records that it ran, scripts/scripts-library.sh only
// defines info_block (the real one resets PATH and HOME and traps ERR), and on PATH a recording
// openstack-ansible, tar and clear. The real run-upgrade.sh and the driver then run in the same
// world, and what each ran is the same log.
import {spawnSync} from 'node:child_process';
import {chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

export const sharedOsa = fileURLToPath(new URL('../../../shared/osa', import.meta.url));
export const hasSharedOsa = existsSync(join(sharedOsa, 'SOURCES.txt'));
// CI has them beside its clone: a test file that cannot find them there fails, never skips.
if (!hasSharedOsa && process.env['CI'] === 'true') throw new Error(`${sharedOsa} (OpenStack-Ansible's own files, SOURCES.txt) is missing: the OSA tests run against upstream's files`);

/** Each branch in ../shared/osa: its target series, and the series its script offers (as bash holds them). */
export const REAL_BRANCHES = {
	'2024.1': {sources: ['2023.1,', '2023.2'], pushd: true},
	'2025.1': {sources: ['2024.1,', '2024.2'], pushd: true},
	'2026.1': {sources: ['2025.1,', '2025.2'], pushd: false},
} as const;
export type RealBranch = keyof typeof REAL_BRANCHES;
export const REAL_VERSIONS = Object.keys(REAL_BRANCHES) as RealBranch[];

const executable = (path: string, text: string): void => {
	writeFileSync(path, text);
	chmodSync(path, 0o755);
};

/** Upstream's clone of a branch, unpacked under `root` (scripts/ and playbooks/), stand-ins written. */
export function realClone(version: RealBranch, root: string, name = `openstack-ansible-${version}`): string {
	const dir = join(root, name);
	mkdirSync(dir, {recursive: true});
	const tar = spawnSync('tar', ['xzf', join(sharedOsa, `${version}.tar.gz`), '-C', dir], {encoding: 'utf8'});
	if (tar.status !== 0) throw new Error(`cannot unpack ${version}.tar.gz: ${tar.stderr}`);
	executable(join(dir, 'scripts', 'bootstrap-ansible.sh'), '#!/usr/bin/env bash\necho "bootstrap-ansible.sh $* @ $PWD" >> "${OSA_TEST_CALLS:-$OSA_TEST_LOG}"\nexit "${FAKE_BOOTSTRAP_EXIT:-0}"\n');
	writeFileSync(join(dir, 'scripts', 'scripts-library.sh'), 'info_block() { echo "$@"; }\n');
	return dir;
}

export interface RecordingWorld {
	root: string;
	config: string;
	log: string;
	env: Record<string, string | undefined>;
	/** What ran, in order: one line per openstack-ansible, tar and bootstrap-ansible.sh call. */
	calls(): string[];
	/** The marker files of upgrade-<target>: name and content, sorted by name. */
	markers(target: string): Array<[string, string]>;
}

/**
 * A configuration folder, a call log and a bin folder of recording stand-ins first on PATH:
 * openstack-ansible logs its arguments (shell-quoted) and the folder it runs in, and fails with
 * exit 2 when they match the glob OSA_TEST_FAIL; tar logs its arguments and writes nothing.
 */
export function recordingWorld(): RecordingWorld {
	const root = mkdtempSync(join(tmpdir(), 'osa-real-'));
	const config = join(root, 'openstack_deploy');
	const bin = join(root, 'bin');
	const log = join(root, 'calls.log');
	mkdirSync(config);
	mkdirSync(bin);
	executable(join(bin, 'openstack-ansible'), [
		'#!/usr/bin/env bash',
		'args=$(printf "%q " "$@")',
		'echo "openstack-ansible ${args% } @ $PWD" >> "$OSA_TEST_LOG"',
		'[[ -n "${OSA_TEST_FAIL:-}" && "$*" == $OSA_TEST_FAIL ]] && exit 2',
		'exit 0',
		'',
	].join('\n'));
	executable(join(bin, 'tar'), '#!/usr/bin/env bash\nargs=$(printf "%q " "$@")\necho "tar ${args% }" >> "$OSA_TEST_LOG"\n');
	executable(join(bin, 'clear'), '#!/bin/sh\n');
	const env: Record<string, string | undefined> = {...process.env};
	for (const name of ['SOURCE_SERIES', 'OSA_TEST_FAIL', 'OSA_USER_RC', 'OSA_CLONE_DIR', 'CI', 'ANSIBLE_INVENTORY']) delete env[name];
	Object.assign(env, {
		PATH: `${bin}:${process.env['PATH'] ?? '/usr/bin:/bin'}`,
		OSA_CONFIG_DIR: config,
		OSA_TEST_LOG: log,
		XDG_STATE_HOME: join(root, 'xdg-state'),
	});
	return {
		root,
		config,
		log,
		env,
		calls: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []),
		markers: (target) => {
			const dir = join(config, `upgrade-${target}`);
			if (!existsSync(dir)) return [];
			return readdirSync(dir).sort().map((name) => [name, readFileSync(join(dir, name), 'utf8')]);
		},
	};
}

export interface ScriptResult {
	status: number | null;
	output: string;
}

/** The clone's real run-upgrade.sh run by bash in the world, answering its prompts with `input`. */
export function runRealScript(cloneDir: string, world: RecordingWorld, o: {sourceSeries?: string; input?: string; env?: Record<string, string>; cwd?: string} = {}): ScriptResult {
	const env = {...world.env, ...(o.sourceSeries === undefined ? {} : {SOURCE_SERIES: o.sourceSeries}), ...o.env};
	const result = spawnSync('bash', [join(cloneDir, 'scripts', 'run-upgrade.sh')], {input: o.input ?? 'YES\n', encoding: 'utf8', env, cwd: o.cwd ?? world.root, timeout: 60_000});
	return {status: result.status, output: `${result.stdout}${result.stderr}`};
}

/** The commands the script lists to go on by hand after a failure (between its failure banners). */
export function scriptRemaining(output: string): string[] {
	const lines = output.split('\n');
	const start = lines.findIndex((l) => l.startsWith('execute the remaining tasks manually'));
	if (start === -1) return [];
	const end = lines.findIndex((l, i) => i > start && l.includes('*** failure ***'));
	return lines.slice(start + 1, end === -1 ? undefined : end);
}

/** The ansible-playbook on PATH: a release of the test matrix (scripts/ansible-release.sh) or the system's. */
function ansiblePlaybook(): string {
	return spawnSync('sh', ['-c', 'command -v ansible-playbook'], {encoding: 'utf8'}).stdout.trim();
}

/**
 * The python that runs ansible-playbook (the wrapper asks `python -m ara.setup.callback_plugins`):
 * its shebang's, or, for a release's sh wrapper, the python it execs.
 */
export function ansiblePython(): string {
	const text = readFileSync(ansiblePlaybook(), 'utf8');
	const shebang = text.split('\n')[0]!.replace(/^#! */, '').split(' ')[0]!;
	if (/python/.test(shebang.split('/').pop() ?? '')) return shebang;
	return /^exec "([^"]*python[^"]*)"/m.exec(text)?.[1] ?? shebang;
}

/**
 * The clone's own openstack-ansible wrapper and rc, installed into `prefix`/bin as
 * bootstrap-ansible.sh installs them into /usr/local/bin (its sed substitutions; the inventory
 * folder is `inventory`), plus two: the wrapper sources /usr/local/bin/openstack-ansible.rc by
 * that path, here the rc beside it; and it puts /opt/ansible-runtime/bin (the venv bootstrap
 * makes) first on PATH, here `prefix`/runtime/bin with the ansible-playbook on PATH (so a
 * release of the test matrix is the one that runs) and its python. Returns the bin folder.
 */
export function installWrapper(clone: string, version: string, prefix: string, inventory: string): string {
	const bin = join(prefix, 'bin');
	const runtime = join(prefix, 'runtime', 'bin');
	mkdirSync(bin, {recursive: true});
	mkdirSync(runtime, {recursive: true});
	const rc = join(bin, 'openstack-ansible.rc');
	const sed = (script: string, from: string, to: string): void => {
		const r = spawnSync('sed', [script, from], {encoding: 'utf8'});
		if (r.status !== 0) throw new Error(r.stderr);
		writeFileSync(to, r.stdout);
	};
	sed(`s|OSA_INVENTORY_PATH|${inventory}|g; s|OSA_ANSIBLE_PYTHON_INTERPRETER|/usr/bin/python3|g; s|OSA_ANSIBLE_FORKS|5|g`, join(clone, 'scripts', 'openstack-ansible.rc'), rc);
	const wrapper = join(bin, 'openstack-ansible');
	sed(
		`s|OSA_CLONE_DIR|${clone}|g; s|CURRENT_OSA_VERSION|${version}|g; s|/usr/local/bin/openstack-ansible.rc|${rc}|g; s|/opt/ansible-runtime/bin|${runtime}|g`,
		join(clone, 'scripts', 'openstack-ansible.sh'),
		wrapper,
	);
	chmodSync(wrapper, 0o755);
	symlinkSync(ansiblePlaybook(), join(runtime, 'ansible-playbook'));
	symlinkSync(ansiblePython(), join(runtime, 'python'));
	return bin;
}
