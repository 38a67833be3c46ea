// Shared by the OpenStack-Ansible tests: a fake clone and configuration folder, the fake
// openstack-ansible wrapper on PATH, shell word splitting and run-upgrade.sh's own marker code
// run by bash, and a minimal XML reader for the JUnit report.
import {execFileSync} from 'node:child_process';
import {chmodSync, mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Writable} from 'node:stream';
import {fileURLToPath} from 'node:url';
import type {Flags, Io} from '../../source/commands/io.js';

export const osaFixtures = fileURLToPath(new URL('../../fixtures/osa', import.meta.url));
export const wrapper = join(osaFixtures, 'openstack-ansible');
chmodSync(wrapper, 0o755);

/** The Newton table of shared/osa-upgrade.md, item by item; `U/` is the upgrade-utilities playbooks. */
export const NEWTON_TABLE = [
	'U/lbaas-version-check.yml',
	'U/ansible_fact_cleanup.yml',
	'U/deploy-config-changes.yml',
	'U/user-secrets-adjustment.yml',
	'U/mariadb-apt-cleanup.yml',
	'U/db-collation-alter.yml',
	'U/pip-conf-removal.yml',
	"setup-hosts.yml --limit '!galera_all'",
	"lxc-containers-create.yml -e 'lxc_container_allow_restarts=false' --limit galera_all",
	'haproxy-install.yml',
	'repo-install.yml',
	'U/old-hostname-compatibility.yml',
	'U/lxc-container-tz-sync.yml',
	"galera-install.yml -e 'galera_upgrade=true'",
	'U/galera-cluster-rolling-restart.yml',
	'memcached-install.yml',
	"rabbitmq-install.yml -e 'rabbitmq_upgrade=true'",
	'utility-install.yml',
	'rsyslog-install.yml',
	'U/memcached-flush.yml',
	'U/aodh-api-init-delete.yml',
	'U/ceilometer-api-init-delete.yml',
	'setup-openstack.yml',
];

/** The Ocata list of shared/osa-upgrade.md (`U/x` is `U/x.yml`). */
export const OCATA_TABLE = [
	'U/ansible_fact_cleanup.yml',
	'U/deploy-config-changes.yml',
	'U/user-secrets-adjustment.yml',
	'U/pip-conf-removal.yml',
	"setup-hosts.yml --limit '!galera_all'",
	"lxc-containers-create.yml -e 'lxc_container_allow_restarts=false' --limit galera_all",
	'repo-install.yml',
	"galera-install.yml -e 'galera_upgrade=true'",
	'U/galera-cluster-rolling-restart.yml',
	'haproxy-install.yml',
	'unbound-install.yml',
	'memcached-install.yml',
	"rabbitmq-install.yml -e 'rabbitmq_upgrade=true'",
	'etcd-install.yml',
	'utility-install.yml',
	'rsyslog-install.yml',
	'U/memcached-flush.yml',
	'setup-openstack.yml',
];

/** The 2026.1 runs of shared/osa-upgrade.md, the two setup_hosts runs apart. */
export const TABLE_2026_1 = [
	'openstack.osa.upgrade.deploy_config_changes',
	"openstack.osa.setup_hosts --limit '!galera_all:!rabbitmq_all' -e package_state=latest",
	"openstack.osa.setup_hosts -e 'lxc_container_allow_restarts=false' --limit 'galera_all:rabbitmq_all'",
	"openstack.osa.setup_infrastructure -e 'galera_upgrade=true' -e 'rabbitmq_upgrade=true' -e package_state=latest",
	'openstack.osa.tools.galera_cluster_rolling_restart',
	'openstack.osa.setup_openstack -e package_state=latest',
];

/** `U/x.yml` as run-upgrade.sh expands it: ${UPGRADE_PLAYBOOKS}/x.yml. */
export function expandItem(item: string, clone: string): string {
	return item.replace(/^U\//, `${clone}/scripts/upgrade-utilities/playbooks/`);
}

export interface FakeOsa {
	clone: string;
	config: string;
	env: Record<string, string | undefined>;
}

/** A clone with empty playbooks for the given items (setup-*.yml importing the collection's), bootstrap-ansible.sh, a config folder, the wrapper on PATH. */
export function fakeOsa(items: string[]): FakeOsa {
	const root = mkdtempSync(join(tmpdir(), 'osa-'));
	const clone = join(root, 'openstack-ansible');
	const config = join(root, 'openstack_deploy');
	mkdirSync(join(clone, 'playbooks'), {recursive: true});
	mkdirSync(join(clone, 'scripts/upgrade-utilities/playbooks'), {recursive: true});
	mkdirSync(config);
	for (const item of items) {
		const playbook = item.split(' ')[0]!;
		if (!playbook.endsWith('.yml')) continue;
		// setup-*.yml as 2025.1 has them: one import of the collection's playbook (split when reached).
		const setup = /^setup-(hosts|infrastructure|openstack)\.yml$/.exec(playbook);
		const text = setup ? `- name: Importing setup_${setup[1]} playbook\n  import_playbook: openstack.osa.setup_${setup[1]}\n` : '';
		writeFileSync(playbook.startsWith('U/') ? expandItem(playbook, clone) : join(clone, 'playbooks', playbook), text);
	}
	writeFileSync(join(clone, 'scripts/bootstrap-ansible.sh'), '#!/bin/sh\n', {mode: 0o755});
	const env = {...process.env, OSA_CLONE_DIR: clone, OSA_CONFIG_DIR: config, PATH: `${osaFixtures}:${process.env['PATH'] ?? '/usr/bin:/bin'}`};
	return {clone, config, env};
}

/** How a POSIX shell splits `text` into words (quotes removed). */
export function shellWords(text: string): string[] {
	const out = execFileSync('bash', ['-c', 'eval "set -- $1"; printf "%s\\0" "$@"', '_', text], {encoding: 'utf8'});
	return out.split('\0').slice(0, -1);
}

/** run_lock's marker file name for a RUN_TASKS item, computed by bash with run_lock's own code. */
export function bashMarkerName(style: 'name' | 'md5', runItem: string, cwd = tmpdir()): string {
	const script =
		style === 'md5'
			? 'run_item="$1"; hashed_run_item=($(echo $run_item | md5sum)); printf "%s.complete" "$hashed_run_item"'
			: 'run_item="$1"; file_part="${run_item}"; for part in $run_item; do if [[ "$part" == *.yml ]];then file_part="$part"; break; fi; done; printf "%s.complete" "$(basename ${file_part} .yml)"';
	return execFileSync('bash', ['-c', script, '_', runItem], {encoding: 'utf8', cwd});
}

/** Writes a marker exactly as run_lock does after a success (md5: `echo "$run_item" > marker`; name: touch). */
export function bashWriteMarker(style: 'name' | 'md5', dir: string, runItem: string): string {
	mkdirSync(dir, {recursive: true});
	const path = join(dir, bashMarkerName(style, runItem));
	execFileSync('bash', ['-c', style === 'md5' ? 'echo "$1" > "$2"' : 'touch "$2"', '_', runItem, path]);
	return path;
}

export function flagsFor(stateDir: string, extra: Partial<Flags> = {}): Flags {
	return {stateDir, plain: true, yes: false, json: false, abort: false, atTask: false, failedHosts: false, ...extra};
}

/** An Io that collects what a command prints. */
export function captureIo(env: Record<string, string | undefined> = process.env): Io & {out(): string; err(): string} {
	let out = '';
	let err = '';
	const sink = (add: (text: string) => void) =>
		new Writable({
			write(chunk: Buffer, _encoding, done) {
				add(chunk.toString());
				done();
			},
		});
	return {
		stdout: sink((t) => (out += t)),
		stderr: sink((t) => (err += t)),
		env,
		cwd: process.cwd(),
		stdinIsTTY: false,
		stdoutIsTTY: false,
		ask: async () => 'no',
		out: () => out,
		err: () => err,
	};
}

export interface XmlElement {
	name: string;
	attrs: Record<string, string>;
	children: XmlElement[];
	text: string;
}

const entity = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;
const decode = (s: string) =>
	s.replace(entity, (e) => ({'&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'"})[e] ?? String.fromCodePoint(Number(e.slice(2, -1).replace(/^x/, '0x'))));

/** A minimal XML reader: throws unless the document is well-formed (one root, nesting, quoting, entities). */
export function parseXml(xml: string): XmlElement {
	let rest = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
	const root: XmlElement = {name: '#document', attrs: {}, children: [], text: ''};
	const stack: XmlElement[] = [root];
	const checkText = (text: string) => {
		if (text.replace(entity, '').includes('&')) throw new Error(`unescaped & in ${JSON.stringify(text.slice(0, 80))}`);
		if (text.includes('>') && text.includes(']]>')) throw new Error('"]]>" in text');
		// eslint-disable-next-line no-control-regex
		if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(text)) throw new Error('a control character in text');
	};
	while (rest.length > 0) {
		const lt = rest.indexOf('<');
		const text = lt === -1 ? rest : rest.slice(0, lt);
		checkText(text);
		stack.at(-1)!.text += decode(text);
		if (lt === -1) break;
		rest = rest.slice(lt);
		const close = /^<\/([A-Za-z_][-\w.:]*)\s*>/.exec(rest);
		if (close) {
			const open = stack.pop();
			if (!open || open.name !== close[1]) throw new Error(`</${close[1]}> closes <${open?.name}>`);
			rest = rest.slice(close[0].length);
			continue;
		}
		const tag = /^<([A-Za-z_][-\w.:]*)((?:\s+[A-Za-z_][-\w.:]*\s*=\s*"[^"<]*")*)\s*(\/?)>/.exec(rest);
		if (!tag) throw new Error(`malformed tag at ${JSON.stringify(rest.slice(0, 80))}`);
		const attrs: Record<string, string> = {};
		for (const m of tag[2]!.matchAll(/([A-Za-z_][-\w.:]*)\s*=\s*"([^"<]*)"/g)) {
			if (m[1]! in attrs) throw new Error(`duplicate attribute ${m[1]}`);
			checkText(m[2]!);
			attrs[m[1]!] = decode(m[2]!);
		}
		const element: XmlElement = {name: tag[1]!, attrs, children: [], text: ''};
		stack.at(-1)!.children.push(element);
		if (tag[3] !== '/') stack.push(element);
		rest = rest.slice(tag[0].length);
	}
	if (stack.length !== 1) throw new Error(`unclosed <${stack.at(-1)!.name}>`);
	if (root.children.length !== 1 || root.text.trim() !== '') throw new Error('not exactly one root element');
	return root.children[0]!;
}

export function findAll(element: XmlElement, name: string): XmlElement[] {
	return element.children.flatMap((child) => [...(child.name === name ? [child] : []), ...findAll(child, name)]);
}

