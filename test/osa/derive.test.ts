// Deriving a plan from an operator's run-upgrade.sh: the clone fixtures read (items, markers as
// bash computes them), refusals naming their line, the plan text, and the fixture scripts run
// with bash to show they are what is read.
import {execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {parse} from 'yaml';
import {md5MarkerName} from '../../source/markers/run-lock.js';
import {chooseSourceSeries, osaPlanYaml} from '../../source/osa/plan-yaml.js';
import {parseRunUpgrade, type OsaScript} from '../../source/osa/script.js';
import {parsePlan} from '../../source/plan/load.js';
import {clone, runScript, runsOf, type CloneVersion} from './clone-helpers.js';
import {bashMarkerName} from './helpers.js';

/** The markers OpenStack-Ansible's 2025.2 and 2026.1 run-upgrade.sh write for their five items. */
const COLLECTION_MARKERS = [
	'be52434e124551014df625f71134bd92.complete',
	'b5101b0aaa1f0466f1d47816e6820d97.complete',
	'61ab02e962b8cb85f4f67ff6cf633122.complete',
	'87cc98d3a11271b86264704107002c32.complete',
	'e00f82f8e2db54b32d072f48a126489d.complete',
];

/** The RUN_TASKS items bash builds from these script lines, with SCRIPTS_PATH set. */
function bashItems(lines: string[], scriptsDir: string): string[] {
	const script = `set -u; SCRIPTS_PATH="$1"\n${lines.join('\n')}\nprintf '%s\\0' "\${RUN_TASKS[@]}"`;
	return execFileSync('bash', ['-c', script, '_', scriptsDir], {encoding: 'utf8'}).split('\0').slice(0, -1);
}

function parsed(version: CloneVersion): OsaScript {
	const {text, scriptsDir} = clone(version);
	const result = parseRunUpgrade(text, scriptsDir);
	if (!result.ok) throw new Error(JSON.stringify(result.problems));
	return result.script;
}

describe('parseRunUpgrade on the clone fixtures', () => {
	it.each([
		['2025.1', ['2024.1', '2024.2']],
		['2025.2', ['2025.1']],
		['2026.1', ['2025.1', '2025.2']],
	] as const)('%s: series, config folder, markers style, setup steps', (version, sources) => {
		const script = parsed(version);
		expect(script).toMatchObject({target: version, sources, fixedSource: false, configDirDefault: '/etc/openstack_deploy', markersStyle: 'md5', unsetsInventory: true});
		expect(script.bootstrap).toMatchObject({marker: true});
		expect(script.backup).toMatchObject({
			path: '${OSA_BACKUP_DIR:-/openstack}/backup-openstack-ansible-${SOURCE_SERIES}.tar.gz',
			tar: ['tar', 'zcf', '${OSA_BACKUP_DIR:-/openstack}/backup-openstack-ansible-${SOURCE_SERIES}.tar.gz', '${OSA_CONFIG_DIR}'],
		});
		expect(script.items).toHaveLength(5);
	});

	it.each(['2025.2', '2026.1'] as const)('%s: the collection items, with the markers OpenStack-Ansible writes', version => {
		const script = parsed(version);
		const [config, hosts, infra, galera, openstack] = script.items as [OsaScript['items'][number], ...OsaScript['items']];
		expect(config).toMatchObject({text: 'openstack.osa.upgrade.deploy_config_changes', main: [{playbook: 'openstack.osa.upgrade.deploy_config_changes', args: []}]});
		expect(hosts!.main).toEqual([
			{playbook: 'openstack.osa.setup_hosts', args: ['--limit', '!galera_all:!rabbitmq_all', '-e', 'package_state=latest'], line: hosts!.line},
			{playbook: 'openstack.osa.setup_hosts', args: ['-e', 'lxc_container_allow_restarts=false', '--limit', 'galera_all:rabbitmq_all'], line: hosts!.line + 1},
		]);
		expect(hosts!.fallback).toEqual({playbook: 'openstack.osa.setup_hosts', args: ['-e', 'package_state=latest'], line: hosts!.line + 2});
		expect(infra!.main).toEqual([{playbook: 'openstack.osa.setup_infrastructure', args: ['-e', 'galera_upgrade=true', '-e', 'rabbitmq_upgrade=true', '-e', 'package_state=latest'], line: infra!.line}]);
		expect(galera!.text).toBe('openstack.osa.tools.galera_cluster_rolling_restart');
		expect(openstack!.text).toBe('openstack.osa.setup_openstack -e package_state=latest');
		expect(script.items.map(item => md5MarkerName(item.text))).toEqual(COLLECTION_MARKERS);
		// The chain keeps the blanks that begin its continuation lines (bash keeps them too).
		expect(hosts!.text).toMatch(/^openstack\.osa\.setup_hosts .* && {2,}openstack-ansible .* \|\| {2,}openstack-ansible openstack\.osa\.setup_hosts -e package_state=latest$/);
		expect(hosts!.text).not.toMatch(/[\\\n]/);
	});

	it.each(['2025.1', '2025.2', '2026.1'] as const)('%s: the items are the strings bash builds', version => {
		const {text, scriptsDir} = clone(version);
		const lines = text.split('\n');
		const script = parsed(version);
		const loop = lines.findIndex(line => line.includes('for item in'));
		expect(script.items.map(item => item.text)).toEqual(bashItems(lines.slice(script.items[0]!.line - 1, loop), scriptsDir));
	});

	it('2025.1: ${SCRIPTS_PATH} is the real scripts folder, and the markers are what bash computes', () => {
		const {scriptsDir} = clone('2025.1');
		const script = parsed('2025.1');
		expect(script.items.map(item => item.text.split(' ')[0])).toEqual([
			`${scriptsDir}/upgrade-utilities/deploy-config-changes.yml`,
			'setup-hosts.yml',
			'setup-infrastructure.yml',
			`${scriptsDir}/upgrade-utilities/galera-cluster-rolling-restart.yml`,
			'setup-openstack.yml',
		]);
		expect(script.items[0]!.main[0]!.playbook).toBe(`${scriptsDir}/upgrade-utilities/deploy-config-changes.yml`);
		for (const item of script.items) expect(md5MarkerName(item.text)).toBe(bashMarkerName('md5', item.text));
		const bash = execFileSync('bash', ['-c', 'x="$1/upgrade-utilities/deploy-config-changes.yml"; echo $x | md5sum', '_', scriptsDir], {encoding: 'utf8'});
		expect(md5MarkerName(script.items[0]!.text)).toBe(`${bash.split(' ')[0]}.complete`);
	});
});

/** A small run-upgrade.sh in the known structure; parts replaced to make it wrong. */
function miniScript(o: {top?: string[]; setup?: string[]; items?: string[]; target?: boolean; mainCall?: boolean} = {}): string {
	return [
		'#!/usr/bin/env bash',
		'set -e -u',
		'export SCRIPTS_PATH="$(dirname "$(readlink -f "${0}")")"',
		'export MAIN_PATH="$(dirname "${SCRIPTS_PATH}")"',
		'export SOURCE_SERIES="zed"',
		...(o.target === false ? [] : ['export TARGET_SERIES="2023.1"']),
		'export OSA_CONFIG_DIR="${OSA_CONFIG_DIR:-/etc/openstack_deploy}"',
		...(o.top ?? []),
		'function run_lock {',
		'  set +e',
		'  run_item="${RUN_TASKS[$1]}"',
		'  hashed_run_item=($(echo $run_item | md5sum))',
		'  upgrade_marker="${OSA_CONFIG_DIR}/upgrade-${TARGET_SERIES}/$hashed_run_item.complete"',
		'  eval "openstack-ansible $2"',
		'  echo "$run_item" > "$upgrade_marker"',
		'}',
		'function main {',
		...(o.setup ?? ['    unset ANSIBLE_INVENTORY']),
		'    pushd ${MAIN_PATH}/playbooks',
		...(o.items ?? ['        RUN_TASKS+=("setup-hosts.yml --limit \'!galera_all\'")']),
		'        for item in ${!RUN_TASKS[@]}; do',
		'          echo "### NOW RUNNING: ${RUN_TASKS[$item]}"',
		'          run_lock $item "${RUN_TASKS[$item]}"',
		'        done',
		'    popd',
		'}',
		...(o.mainCall === false ? [] : ['main']),
		'',
	].join('\n');
}

const lineOf = (text: string, needle: string): number => text.split('\n').findIndex(line => line.includes(needle)) + 1;

function refusal(text: string): Array<{line: number; message: string}> {
	const result = parseRunUpgrade(text, '/opt/osa/scripts');
	if (result.ok) throw new Error('the script was read, not refused');
	return result.problems;
}

describe('parseRunUpgrade refuses what it does not read, naming the line', () => {
	it('reads the small script it is given (the base of the refusals)', () => {
		const result = parseRunUpgrade(miniScript(), '/opt/osa/scripts');
		expect(result).toMatchObject({ok: true, script: {target: '2023.1', sources: ['zed'], fixedSource: true, backup: null, bootstrap: null, unsetsInventory: true}});
	});

	it.each([
		['$(date)', 'RUN_TASKS+=("setup-hosts.yml -e stamp=$(date)")', /uses \$\(\.\.\.\), which ansible-driver does not evaluate; write the command out, or save the plan with "ansible-driver plan osa --write FILE"/],
		['; rm', 'RUN_TASKS+=("setup-hosts.yml; rm -rf /tmp/x")', /runs a second command after ";"/],
		['|| true', 'RUN_TASKS+=("setup-hosts.yml || true")', /runs "true" after \|\|, which is not openstack-ansible/],
		['a second ||', 'RUN_TASKS+=("a.yml || openstack-ansible b.yml || openstack-ansible c.yml")', /has a second "\|\|"/],
		['&& after ||', 'RUN_TASKS+=("a.yml || openstack-ansible b.yml && openstack-ansible c.yml")', /has "&&" after "\|\|"/],
		['a redirection', 'RUN_TASKS+=("setup-hosts.yml > /tmp/log")', /redirects output/],
		['backticks', 'RUN_TASKS+=("setup-hosts.yml -e x=`date`")', /uses `\.\.\.`/],
		['an unknown variable', 'RUN_TASKS+=("${UPGRADE_PLAYBOOKS}/x.yml")', /uses \$\{UPGRADE_PLAYBOOKS\}, which ansible-driver does not know/],
		['a variable eval would expand', 'RUN_TASKS+=("setup-hosts.yml -e \\$HOME")', /eval would expand/],
		['a pipe', 'RUN_TASKS+=("setup-hosts.yml | tee /tmp/log")', /pipes into another command/],
		['another assignment form', 'RUN_TASKS=("setup-hosts.yml")', /ansible-driver reads only RUN_TASKS\+=\("item"\)/],
		['two items at once', 'RUN_TASKS+=("a.yml" "b.yml")', /more than one double-quoted item/],
		['options before the playbook', 'RUN_TASKS+=("-e x=1 setup-hosts.yml")', /"-e" first, which is not a playbook/],
		['a part that is not openstack-ansible', 'RUN_TASKS+=("a.yml && ansible-playbook b.yml")', /runs "ansible-playbook b\.yml" after &&/],
		['an unquoted glob', 'RUN_TASKS+=("setup-hosts.yml --limit galera*")', /match against file names/],
	])('an item with %s', (_what, item, message) => {
		const text = miniScript({items: ['        RUN_TASKS+=("setup-hosts.yml")', `        ${item}`]});
		const problems = refusal(text);
		expect(problems).toHaveLength(1);
		expect(problems[0]!.line).toBe(lineOf(text, item));
		expect(problems[0]!.message).toMatch(message);
	});

	it('names the continuation line the problem is on', () => {
		const text = miniScript({items: ['        RUN_TASKS+=("a.yml && \\', '                    openstack-ansible b.yml -e x=$(id -u) || \\', '                    openstack-ansible c.yml")']});
		expect(refusal(text)).toEqual([{line: lineOf(text, 'b.yml'), message: expect.stringMatching(/^RUN_TASKS item uses \$\(\.\.\.\)/)}]);
	});

	it('an item spanning lines without a backslash', () => {
		const text = miniScript({items: ['        RUN_TASKS+=("a.yml &&', '                    openstack-ansible b.yml")']});
		expect(refusal(text)).toEqual([{line: lineOf(text, 'RUN_TASKS+=("a.yml'), message: expect.stringMatching(/goes on to the next line without a "\\"/)}]);
	});

	it.each([
		['openstack-ansible extra.yml', /main runs "openstack-ansible extra\.yml" outside RUN_TASKS \(so without a marker\), which ansible-driver would not run: make it a plan step \(save the plan with "ansible-driver plan osa --write FILE" and edit it\) or remove it from the script/],
		['source /etc/profile.d/osa.sh', /main runs "source \/etc\/profile\.d\/osa\.sh", which ansible-driver would not run/],
		['export ANSIBLE_FORKS=20', /main runs "export ANSIBLE_FORKS=20"/],
	])('a statement in main: %s', (statement, message) => {
		const text = miniScript({setup: ['    unset ANSIBLE_INVENTORY', `    ${statement}`]});
		expect(refusal(text)).toEqual([{line: lineOf(text, statement), message: expect.stringMatching(message)}]);
	});

	it('an item after the loop, and a statement inside it', () => {
		const late = miniScript({items: ['        RUN_TASKS+=("a.yml")']}).replace('    popd', '        RUN_TASKS+=("late.yml")\n    popd');
		expect(refusal(late)).toEqual([{line: lineOf(late, 'late.yml'), message: expect.stringMatching(/after the loop/)}]);
		const inside = miniScript().replace('          run_lock $item', '          sleep 1\n          run_lock $item');
		expect(refusal(inside)).toEqual([{line: lineOf(inside, 'sleep 1'), message: expect.stringMatching(/the RUN_TASKS loop runs "sleep 1"/)}]);
	});

	it('no TARGET_SERIES, an unknown top-level variable, no call to main', () => {
		expect(refusal(miniScript({target: false}))).toEqual([{line: 1, message: expect.stringMatching(/sets no TARGET_SERIES/)}]);
		const top = miniScript({top: ['export ANSIBLE_FORKS=20']});
		expect(refusal(top)).toEqual([{line: lineOf(top, 'ANSIBLE_FORKS'), message: expect.stringMatching(/sets ANSIBLE_FORKS at the top, which ansible-driver does not read/)}]);
		const noMain = miniScript({mainCall: false});
		expect(refusal(noMain)).toEqual([{line: lineOf(noMain, '    popd') + 1, message: expect.stringMatching(/never calls main/)}]);
	});

	it('no RUN_TASKS items', () => {
		const text = miniScript({items: []});
		expect(refusal(text)).toEqual([{line: lineOf(text, 'function main'), message: expect.stringMatching(/no RUN_TASKS\+=\("\.\.\."\) items/)}]);
	});
});

/** A script in the 2023.1 structure (one fixed source series, the backup as /openstack, run_lock given the item as $2). */
const SCRIPT_2023_1 = `#!/usr/bin/env bash
set -e -u
export SCRIPTS_PATH="$(dirname "$(readlink -f "\${0}")")"
export MAIN_PATH="$(dirname "\${SCRIPTS_PATH}")"
export SOURCE_SERIES="zed"
export TARGET_SERIES="2023.1"
export OSA_CONFIG_DIR="\${OSA_CONFIG_DIR:-/etc/openstack_deploy}"

function run_lock {
  set +e
  run_item_index="$1"
  run_item="$2"
  hashed_run_item=($(echo $run_item | md5sum))
  upgrade_marker="\${OSA_CONFIG_DIR}/upgrade-\${TARGET_SERIES}/$hashed_run_item.complete"
  if [ ! -f "$upgrade_marker" ];then
    eval "openstack-ansible $run_item"
    if [ "$?" == "0" ];then
      echo "$run_item" > "$upgrade_marker"
    else
      exit 99
    fi
  fi
  set -e
}

function check_for_current {
  [[ -d "\${OSA_CONFIG_DIR}" ]] || exit 2
}

function create_working_dir {
  mkdir -p "\${OSA_CONFIG_DIR}/upgrade-\${TARGET_SERIES}"
}

function bootstrap_ansible {
  if [ ! -f "\${OSA_CONFIG_DIR}/upgrade-\${TARGET_SERIES}/bootstrap-ansible.complete" ]; then
    "\${SCRIPTS_PATH}/bootstrap-ansible.sh"
    touch \${OSA_CONFIG_DIR}/upgrade-\${TARGET_SERIES}/bootstrap-ansible.complete
  fi
}

function pre_flight {
  echo "From \${SOURCE_SERIES^} to \${TARGET_SERIES^}?" 2> /dev/null ||
      echo "no"
  read -p 'Enter "YES" to continue or anything else to quit: ' UPGRADE
  [ "\${UPGRADE}" == "YES" ] || exit 99
}

function main {
    pre_flight
    check_for_current
    create_working_dir

    # Backup source series artifacts
    source_series_backup_file="/openstack/backup-openstack-ansible-\${SOURCE_SERIES}.tar.gz"
    if [[ ! -e \${source_series_backup_file} ]]; then
      tar zcf \${source_series_backup_file} \${OSA_CONFIG_DIR} /etc/ansible/ /usr/local/bin/openstack-ansible.rc
    fi

    unset ANSIBLE_INVENTORY
@EXTRA@
    bootstrap_ansible

    pushd \${MAIN_PATH}/playbooks
        RUN_TASKS+=("\${SCRIPTS_PATH}/upgrade-utilities/deploy-config-changes.yml")
        RUN_TASKS+=("certificate-ssh-authority.yml")
        RUN_TASKS+=("setup-openstack.yml -e package_state=latest")
        for item in \${!RUN_TASKS[@]}; do
          echo "### NOW RUNNING: \${RUN_TASKS[$item]}"
          run_lock $item "\${RUN_TASKS[$item]}"
        done
    popd
}

main
`;

describe('parseRunUpgrade on the 2023.1 structure', () => {
	it('reads a fixed source series, the real backup line and run_lock given the item as $2', () => {
		const result = parseRunUpgrade(SCRIPT_2023_1.replace('@EXTRA@\n', ''), '/opt/osa/scripts');
		if (!result.ok) throw new Error(JSON.stringify(result.problems));
		expect(result.script).toMatchObject({target: '2023.1', sources: ['zed'], fixedSource: true, markersStyle: 'md5', bootstrap: {marker: true}, unsetsInventory: true});
		expect(result.script.backup).toMatchObject({
			path: '/openstack/backup-openstack-ansible-${SOURCE_SERIES}.tar.gz',
			tar: ['tar', 'zcf', '/openstack/backup-openstack-ansible-${SOURCE_SERIES}.tar.gz', '${OSA_CONFIG_DIR}', '/etc/ansible/', '/usr/local/bin/openstack-ansible.rc'],
		});
		expect(result.script.items.map(item => item.text)).toEqual(['/opt/osa/scripts/upgrade-utilities/deploy-config-changes.yml', 'certificate-ssh-authority.yml', 'setup-openstack.yml -e package_state=latest']);
		const yaml = parse(osaPlanYaml(result.script, {scriptPath: '/opt/osa/scripts/run-upgrade.sh', clone: '/opt/osa', scriptsDir: '/opt/osa/scripts', sourceSeries: 'zed'})) as {steps: Array<Record<string, unknown>>};
		expect(yaml.steps[0]).toEqual({
			id: 'backup-config',
			name: 'back up the configuration (once)',
			run: ['tar', 'zcf', '/openstack/backup-openstack-ansible-zed.tar.gz', '${OSA_CONFIG_DIR:-/etc/openstack_deploy}', '/etc/ansible/', '/usr/local/bin/openstack-ansible.rc'],
			creates: '/openstack/backup-openstack-ansible-zed.tar.gz',
		});
	});

	it('refuses its "source ..." line in main', () => {
		const text = SCRIPT_2023_1.replace('@EXTRA@', '    source ${SCRIPTS_PATH}/upgrade-utilities/unset-ansible-env.rc');
		expect(refusal(text)).toEqual([{line: lineOf(text, 'unset-ansible-env.rc'), message: expect.stringMatching(/^main runs "source \$\{SCRIPTS_PATH\}\/upgrade-utilities\/unset-ansible-env\.rc", which ansible-driver would not run/)}]);
	});
});

describe('osaPlanYaml', () => {
	const env = {OSA_CONFIG_DIR: '/srv/osa-config', OSA_BACKUP_DIR: '/srv/backup'};

	function plan(version: CloneVersion, sourceSeries: string) {
		const {dir, scriptPath, scriptsDir} = clone(version);
		const text = osaPlanYaml(parsed(version), {scriptPath, clone: dir, scriptsDir, sourceSeries});
		return {text, dir, scriptsDir, scriptPath, yaml: parse(text) as Record<string, unknown>};
	}

	it('2026.1: the plan shape, with the backup, bootstrap, the setup_hosts unit and the markers', () => {
		const {text, dir, scriptsDir, scriptPath, yaml} = plan('2026.1', '2025.2');
		expect(text.split('\n')[0]).toBe(`# Derived from ${scriptPath} by ansible-driver (target 2026.1, source 2025.2).`);
		expect(yaml).toEqual({
			name: 'OpenStack-Ansible upgrade to 2026.1 (from 2025.2)',
			cwd: `${dir}/playbooks`,
			command: ['openstack-ansible'],
			env: {ANSIBLE_INVENTORY: null},
			requires: [{path: '${OSA_CONFIG_DIR:-/etc/openstack_deploy}', for: expect.stringContaining('configuration folder')}],
			markers: '${OSA_CONFIG_DIR:-/etc/openstack_deploy}/upgrade-2026.1',
			markers_style: 'md5',
			steps: [
				{
					id: 'backup-config',
					name: 'back up the configuration (once)',
					run: ['tar', 'zcf', '${OSA_BACKUP_DIR:-/openstack}/backup-openstack-ansible-2025.2.tar.gz', '${OSA_CONFIG_DIR:-/etc/openstack_deploy}'],
					creates: '${OSA_BACKUP_DIR:-/openstack}/backup-openstack-ansible-2025.2.tar.gz',
				},
				{id: 'bootstrap-ansible', run: [`${scriptsDir}/bootstrap-ansible.sh`], pause: 'step', marker: 'bootstrap-ansible', markers_style: 'name'},
				{id: 'deploy-config-changes', playbook: 'openstack.osa.upgrade.deploy_config_changes', marker: 'openstack.osa.upgrade.deploy_config_changes'},
				{
					unit: 'setup-hosts',
					marker: parsed('2026.1').items[1]!.text,
					steps: [
						{id: 'setup-hosts-1', playbook: 'openstack.osa.setup_hosts', args: ['--limit', '!galera_all:!rabbitmq_all', '-e', 'package_state=latest']},
						{id: 'setup-hosts-2', playbook: 'openstack.osa.setup_hosts', args: ['-e', 'lxc_container_allow_restarts=false', '--limit', 'galera_all:rabbitmq_all']},
					],
					fallback: {id: 'setup-hosts-fallback', playbook: 'openstack.osa.setup_hosts', args: ['-e', 'package_state=latest']},
				},
				{
					id: 'setup-infrastructure',
					playbook: 'openstack.osa.setup_infrastructure',
					args: ['-e', 'galera_upgrade=true', '-e', 'rabbitmq_upgrade=true', '-e', 'package_state=latest'],
					marker: "openstack.osa.setup_infrastructure -e 'galera_upgrade=true' -e 'rabbitmq_upgrade=true' -e package_state=latest",
				},
				{id: 'galera-cluster-rolling-restart', playbook: 'openstack.osa.tools.galera_cluster_rolling_restart', pause: 'play', marker: 'openstack.osa.tools.galera_cluster_rolling_restart'},
				{id: 'setup-openstack', playbook: 'openstack.osa.setup_openstack', args: ['-e', 'package_state=latest'], marker: 'openstack.osa.setup_openstack -e package_state=latest'},
			],
		});
	});

	it.each([
		['2025.2', '2025.1'],
		['2026.1', '2025.1'],
	] as const)('%s: the plan loads, and its markers are the script\'s', (version, source) => {
		const {text, dir} = plan(version, source);
		const loaded = parsePlan(text, {file: join(dir, 'derived-plan.yml'), env});
		if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
		const steps = loaded.plan.steps;
		expect(steps.map(step => step.id)).toEqual(['backup-config', 'bootstrap-ansible', 'deploy-config-changes', 'setup-hosts-1', 'setup-hosts-2', 'setup-hosts-fallback', 'setup-infrastructure', 'galera-cluster-rolling-restart', 'setup-openstack']);
		const markers = `/srv/osa-config/upgrade-${version}`;
		expect(steps.map(step => step.marker?.path)).toEqual([undefined, `${markers}/bootstrap-ansible.complete`, ...[0, 1, 1, 1, 2, 3, 4].map(n => `${markers}/${COLLECTION_MARKERS[n]}`)]);
		expect(steps[4]!.marker?.content).toBe(`${parsed(version).items[1]!.text}\n`);
		expect(steps.map(step => step.unit?.role)).toEqual([undefined, undefined, undefined, 'main', 'main', 'fallback', undefined, undefined, undefined]);
		expect(steps[0]).toMatchObject({argv: ['tar', 'zcf', `/srv/backup/backup-openstack-ansible-${source}.tar.gz`, '/srv/osa-config'], creates: `/srv/backup/backup-openstack-ansible-${source}.tar.gz`});
		expect(steps[7]!.pause).toBe('play');
	});

	it('2025.1: absolute upgrade-utilities playbooks, markers from the real scripts folder', () => {
		const {text, dir, scriptsDir} = plan('2025.1', '2024.1');
		const loaded = parsePlan(text, {file: join(dir, 'derived-plan.yml'), env});
		if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
		const step = loaded.plan.steps.find(s => s.id === 'deploy-config-changes')!;
		expect(step.playbook).toBe(`${scriptsDir}/upgrade-utilities/deploy-config-changes.yml`);
		expect(step.marker?.path).toBe(`/srv/osa-config/upgrade-2025.1/${bashMarkerName('md5', `${scriptsDir}/upgrade-utilities/deploy-config-changes.yml`)}`);
		expect(loaded.plan.steps.find(s => s.id === 'setup-hosts-1')!.playbook).toBe(`${dir}/playbooks/setup-hosts.yml`);
	});

	it('a $ in an item stays a $ through the plan loader ($$ in the YAML)', () => {
		// "\$" in the script's double quotes is a "$" in the item; single-quoted there, eval passes
		// it on as written: the plan must keep it.
		const direct = parseRunUpgrade(miniScript({items: ["        RUN_TASKS+=(\"setup-hosts.yml -e 'price=\\$5'\")"]}), '/opt/osa/scripts');
		if (!direct.ok) throw new Error(JSON.stringify(direct.problems));
		const text = osaPlanYaml(direct.script, {scriptPath: '/opt/osa/scripts/run-upgrade.sh', clone: '/opt/osa', scriptsDir: '/opt/osa/scripts', sourceSeries: 'zed'});
		expect(text).toContain('price=$$5');
		const loaded = parsePlan(text, {file: '/opt/osa/plan.yml', env: {}});
		if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
		const step = loaded.plan.steps.find(s => s.id === 'setup-hosts')!;
		expect(step.argv.slice(-2)).toEqual(['-e', 'price=$5']);
		expect(step.marker?.content).toBe("setup-hosts.yml -e 'price=$5'\n");
		expect(bashItems(["RUN_TASKS+=(\"setup-hosts.yml -e 'price=\\$5'\")"], '/opt/osa/scripts')).toEqual([direct.script.items[0]!.text]);
		expect(step.marker?.path).toBe(`/etc/openstack_deploy/upgrade-2023.1/${bashMarkerName('md5', direct.script.items[0]!.text)}`);
	});

	it('ids from the playbook stems, made unique', () => {
		const result = parseRunUpgrade(miniScript({items: ['        RUN_TASKS+=("setup_hosts.yml")', '        RUN_TASKS+=("x.y.setup_hosts && openstack-ansible z.yml")', '        RUN_TASKS+=("a/Setup_Hosts.yaml -e n=1")']}), '/opt/osa/scripts');
		if (!result.ok) throw new Error(JSON.stringify(result.problems));
		const yaml = parse(osaPlanYaml(result.script, {scriptPath: '/opt/osa/scripts/run-upgrade.sh', clone: '/opt/osa', scriptsDir: '/opt/osa/scripts', sourceSeries: 'zed'})) as {steps: Array<{id?: string; unit?: string; steps?: Array<{id: string}>}>};
		expect(yaml.steps.map(step => step.id ?? step.unit)).toEqual(['setup-hosts', 'setup-hosts-2', 'setup-hosts-3']);
		expect(yaml.steps[1]!.steps!.map(step => step.id)).toEqual(['setup-hosts-2-1', 'setup-hosts-2-2']);
	});

	it('chooseSourceSeries: SOURCE_SERIES when listed, the only one, else a question', () => {
		const many = parsed('2026.1');
		expect(chooseSourceSeries(many, '2025.2')).toEqual({ok: true, series: '2025.2'});
		expect(chooseSourceSeries(many, '2024.1')).toMatchObject({ok: false, message: expect.stringContaining('not one the script upgrades from (2025.1, 2025.2)')});
		expect(chooseSourceSeries(many, undefined)).toMatchObject({ok: false});
		expect(chooseSourceSeries(parsed('2025.2'), undefined)).toEqual({ok: true, series: '2025.1'});
	});
});

describe('the clone fixtures run with bash (real ansible-playbook)', () => {
	const COLLECTION_RUNS = [
		{run: 'deploy_config_changes all', hosts: ['compute1', 'infra1']},
		{run: 'setup_hosts !galera_all:!rabbitmq_all', hosts: ['compute1']},
		{run: 'setup_hosts galera_all:rabbitmq_all', hosts: ['infra1']},
		{run: 'setup_infrastructure all', hosts: ['compute1', 'infra1']},
		{run: 'galera_cluster_rolling_restart all', hosts: ['compute1', 'infra1']},
		{run: 'setup_openstack all', hosts: ['compute1', 'infra1']},
	];

	it.each([
		['2025.1', '2024.2'],
		['2025.2', '2025.1'],
		['2026.1', '2025.2'],
	] as const)('%s: runs every playbook in order and writes the markers, the backup and the bootstrap marker', (version, source) => {
		const run = runScript(version, version, {SOURCE_SERIES: source});
		expect(run.status, run.output).toBe(0);
		const items = parsed(version).items;
		const names = items.map(item => md5MarkerName(item.text));
		if (version !== '2025.1') expect(names).toEqual(COLLECTION_MARKERS);
		expect(run.markerFiles()).toEqual([...names, 'bootstrap-ansible.complete'].sort());
		for (const item of items) expect(readFileSync(join(run.markers, md5MarkerName(item.text)), 'utf8')).toBe(`${item.text}\n`);
		const runs = version === '2025.1' ? COLLECTION_RUNS.map(r => ({...r, run: r.run.replace(/^\w+/, name => name.replaceAll('_', '-'))})) : COLLECTION_RUNS;
		expect(runsOf(run.log())).toEqual(runs);
		expect(readFileSync(join(run.config, 'bootstrap-ran.log'), 'utf8')).toBe('bootstrap-ansible.sh\n');
		const tarball = join(run.backupDir, `backup-openstack-ansible-${source}.tar.gz`);
		expect(execFileSync('tar', ['tzf', tarball], {encoding: 'utf8'})).toContain(`${run.config.replace(/^\//, '')}/`);
	});

	it('2026.1: a rerun skips what is marked; a failing first setup_hosts run takes the fallback, and the chain is marked', () => {
		const run = runScript('2026.1', '2026.1', {SOURCE_SERIES: '2025.1', OSA_TEST_FAIL: 'setup_hosts:!galera_all:!rabbitmq_all'});
		expect(run.status, run.output).toBe(0);
		expect(runsOf(run.log()).map(r => r.run)).toEqual(['deploy_config_changes all', 'setup_hosts !galera_all:!rabbitmq_all', 'setup_hosts all', 'setup_infrastructure all', 'galera_cluster_rolling_restart all', 'setup_openstack all']);
		expect(runsOf(run.log())[2]!.hosts).toEqual(['compute1', 'infra1']);
		expect(run.markerFiles()).toContain(COLLECTION_MARKERS[1]);
		expect(run.markerFiles()).toHaveLength(6);
		const again = run.again();
		expect(again.status, again.output).toBe(0);
		expect(again.log()).toEqual(run.log());
		expect(readFileSync(join(run.config, 'bootstrap-ran.log'), 'utf8')).toBe('bootstrap-ansible.sh\n');
	});

	it('2026.1: a failing item stops the script with exit 99 and no marker for it', () => {
		const run = runScript('2026.1', '2026.1', {SOURCE_SERIES: '2025.2', OSA_TEST_FAIL: 'setup_infrastructure:all'});
		expect(run.status, run.output).toBe(99);
		expect(run.markerFiles()).toEqual([COLLECTION_MARKERS[0]!, COLLECTION_MARKERS[1]!, 'bootstrap-ansible.complete'].sort());
		expect(run.output).toContain('openstack-ansible openstack.osa.setup_openstack -e package_state=latest');
	});

	it('an unlisted SOURCE_SERIES exits 2 before anything runs', () => {
		const run = runScript('2025.2', '2025.2', {SOURCE_SERIES: '2024.1'});
		expect(run.status).toBe(2);
		expect(run.log()).toEqual([]);
	});
});
