// split: imports against the real ansible-playbook, with upstream's own setup_hosts.yml (the
// openstack.osa collection of 2026.1 in ../shared/osa) in a collection folder laid out as ansible
// expects, its imported playbooks stubbed by small ones of the same names that write what ran.
// A failure in the fifth part resumes at the fifth part; the unit's run-upgrade.sh marker is
// written once, after the last part; the hook's template follows the step's extra vars.
import {spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {expect, it} from 'vitest';
import {describeAnsible} from '../helpers/ansible.js';
import {each, runsFixtures, sandbox, savedState, type Sandbox} from '../helpers/cli.js';
import {hasSharedOsa, sharedOsa} from '../osa/real-clones.js';

/**
 * A collection root holding openstack.osa with upstream's own `playbook` (setup_hosts.yml, say),
 * and a stub of the same name for each playbook it imports (read from upstream's file).
 */
function collection(box: Sandbox, playbook = 'setup_hosts'): string {
	const root = join(box.dir, 'collections');
	const playbooks = join(root, 'ansible_collections/openstack/osa/playbooks');
	mkdirSync(playbooks, {recursive: true});
	const unpacked = join(box.dir, `plugins-${playbook}`);
	mkdirSync(unpacked);
	const tar = spawnSync('tar', ['xzf', join(sharedOsa, 'openstack-ansible-plugins-2026.1.tar.gz'), '-C', unpacked, `playbooks/${playbook}.yml`], {encoding: 'utf8'});
	if (tar.status !== 0) throw new Error(tar.stderr);
	const text = readFileSync(join(unpacked, `playbooks/${playbook}.yml`), 'utf8');
	writeFileSync(join(playbooks, `${playbook}.yml`), text);
	// Each import's name (a hook's default for a template), plus the site hook the tests pass.
	const stubs = new Set([...text.matchAll(/openstack\.osa\.([a-z_]+)/g)].map((m) => m[1]!).concat('site_hook'));
	for (const name of stubs) {
		const out = "{{ lookup('env', 'DRIVER_TEST_OUT') }}";
		writeFileSync(
			join(playbooks, `${name}.yml`),
			`- name: ${name}\n  hosts: nodes\n  gather_facts: false\n  tasks:\n    - name: ${name}\n      ansible.builtin.shell: "test ! -e ${out}/fail-${name} && echo ran >> ${out}/part.${name}.{{ inventory_hostname }}"\n`,
		);
	}
	return root;
}

function splitPlan(box: Sandbox, root: string, args = ''): string {
	const file = join(box.dir, 'plan.yml');
	writeFileSync(
		file,
		`name: Split plan\ncwd: ${join(runsFixtures, 'playbooks')}\ninventory: ${join(runsFixtures, 'inventory.ini')}\nmarkers: ${join(box.dir, 'markers')}\nenv: {ANSIBLE_COLLECTIONS_PATH: ${root}}\nsteps:\n  - playbook: openstack.osa.setup_hosts\n    split: imports\n${args}  - playbook: last.yml\n`,
	);
	return file;
}

/**
 * A plan whose first step installs upstream's setup_hosts (as bootstrap-ansible.sh installs the
 * collection) over an older one that imports two playbooks, then splits it: `install` gives that
 * step's `run:` from the installed file and upstream's copy.
 */
function installingPlan(box: Sandbox, install: (installed: string, upstream: string) => string): string {
	const root = collection(box);
	const installed = join(root, 'ansible_collections/openstack/osa/playbooks/setup_hosts.yml');
	const upstream = join(box.dir, 'setup_hosts.new.yml');
	writeFileSync(upstream, readFileSync(installed));
	writeFileSync(installed, '- import_playbook: openstack.osa.certificate_authority\n- import_playbook: openstack.osa.containers_deploy\n');
	const file = join(box.dir, 'plan.yml');
	writeFileSync(
		file,
		`name: Split plan\ncwd: ${join(runsFixtures, 'playbooks')}\ninventory: ${join(runsFixtures, 'inventory.ini')}\nmarkers: ${join(box.dir, 'markers')}\nenv: {ANSIBLE_COLLECTIONS_PATH: ${root}}\nsteps:\n  - id: install\n    run: ${install(installed, upstream)}\n  - playbook: openstack.osa.setup_hosts\n    split: imports\n  - playbook: last.yml\n`,
	);
	return file;
}

const describeReal = hasSharedOsa ? describeAnsible : (name: string, body: () => void) => it.skip(name, body);

describeReal('split: imports (real ansible-playbook, upstream setup_hosts.yml)', () => {
	it('each import its own step; a failure in the fifth resumes at the fifth; the marker once, at the end', async () => {
		const box = sandbox();
		const plan = splitPlan(box, collection(box));
		// plan shows the parts before anything runs.
		const shown = await box.cli('plan', plan);
		expect(shown.code, shown.stdout + shown.stderr).toBe(0);
		for (const name of ['certificate_authority', 'openstack_hosts_setup', 'security_hardening']) expect(shown.stdout).toContain(name);

		writeFileSync(join(box.out, 'fail-openstack_hosts_setup'), '');
		const failed = await box.cli('run', plan);
		expect(failed.code, failed.stdout + failed.stderr).toBe(1);
		const ids = savedState(box).steps.map((s) => s.id);
		// In upstream's order; the hook imported three times is three steps.
		expect(ids).toEqual([
			'setup_hosts-hook_dummy',
			'setup_hosts-certificate_authority',
			'setup_hosts-certificate_ssh_authority',
			'setup_hosts-certificate_generate',
			'setup_hosts-openstack_hosts_setup',
			'setup_hosts-6-hook_dummy',
			'setup_hosts-containers_deploy',
			'setup_hosts-security_hardening',
			'setup_hosts-9-hook_dummy',
			'last',
		]);
		expect(savedState(box).steps.map((s) => s.status)).toEqual(['done', 'done', 'done', 'done', 'failed', 'pending', 'pending', 'pending', 'pending', 'pending']);
		expect(each(box, 'part.certificate_generate')).toEqual([1, 1, 1]);
		const marker = join(box.dir, 'markers', 'openstack.osa.setup_hosts.complete');
		expect(existsSync(marker)).toBe(false);

		rmSync(join(box.out, 'fail-openstack_hosts_setup'));
		const resumed = await box.cli('resume');
		expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
		// The first four parts did not run again; the rest ran once; the hook ran three times in all.
		expect(each(box, 'part.certificate_authority')).toEqual([1, 1, 1]);
		expect(each(box, 'part.certificate_generate')).toEqual([1, 1, 1]);
		expect(each(box, 'part.openstack_hosts_setup')).toEqual([1, 1, 1]);
		expect(each(box, 'part.security_hardening')).toEqual([1, 1, 1]);
		expect(each(box, 'part.hook_dummy')).toEqual([3, 3, 3]);
		expect(each(box, 'last.t1')).toEqual([1, 1, 1]);
		// run-upgrade.sh's marker of the item, written once the last part finished.
		expect(existsSync(marker)).toBe(true);
	});

	it("the hook import follows the step's extra vars, as ansible would template it", async () => {
		const box = sandbox();
		const plan = splitPlan(box, collection(box), '    args: [-e, pre_setup_hosts_hook=openstack.osa.site_hook]\n');
		const shown = await box.cli('plan', plan, '--json');
		expect(shown.code, shown.stdout + shown.stderr).toBe(0);
		const steps = (JSON.parse(shown.stdout) as {steps: Array<{id: string}>}).steps.map((s) => s.id);
		expect(steps[0]).toBe('setup_hosts-site_hook');
		expect(steps[5]).toMatch(/hook_dummy$/);
	});

	it('--no-split runs the step whole, and the run keeps it so on resume', async () => {
		const box = sandbox();
		const plan = splitPlan(box, collection(box));
		const shown = await box.cli('plan', plan, '--json', '--no-split');
		expect((JSON.parse(shown.stdout) as {steps: Array<{id: string}>}).steps.map((s) => s.id)).toEqual(['setup_hosts', 'last']);
		writeFileSync(join(box.out, 'fail-certificate_ssh_authority'), '');
		const failed = await box.cli('run', plan, '--no-split');
		expect(failed.code, failed.stdout + failed.stderr).toBe(1);
		expect(savedState(box).plan.noSplit).toBe(true);
		rmSync(join(box.out, 'fail-certificate_ssh_authority'));
		const resumed = await box.cli('resume');
		expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
		expect(savedState(box).steps.map((s) => s.id)).toEqual(['setup_hosts', 'last']);
		// Whole: the imports before the failure ran again with it.
		expect(each(box, 'part.certificate_authority')).toEqual([2, 2, 2]);
	});

	it('a playbook that is not imports only runs whole, and plan says why', async () => {
		const box = sandbox();
		const file = join(box.dir, 'plan.yml');
		writeFileSync(file, `name: Whole\ncwd: ${join(runsFixtures, 'playbooks')}\ninventory: ${join(runsFixtures, 'inventory.ini')}\nsteps:\n  - playbook: first.yml\n    split: imports\n`);
		const shown = await box.cli('plan', file);
		expect(shown.code, shown.stdout + shown.stderr).toBe(0);
		expect(shown.stdout + shown.stderr).toMatch(/step first runs whole, not split into the playbooks it imports: .*first\.yml: line \d+ is a play, not an import_playbook/);
	});

	it('split when the run reaches it: a step before it installs the collection (as bootstrap-ansible.sh does)', async () => {
		const box = sandbox();
		// The first step installs upstream's setup_hosts; its first attempt then fails.
		const file = installingPlan(box, (installed, upstream) => `[sh, -c, "cp ${upstream} ${installed} && test ! -e ${box.out}/fail-install"]`);
		const shown = await box.cli('plan', file, '--json');
		expect((JSON.parse(shown.stdout) as {steps: Array<{id: string}>}).steps.map((s) => s.id)).toEqual(['install', 'setup_hosts-certificate_authority', 'setup_hosts-containers_deploy', 'last']);

		// The install fails after copying: resumed, the plan read again has upstream's nine parts,
		// none started; they are the plan's own, taken without --yes and said.
		writeFileSync(join(box.out, 'fail-install'), '');
		const failed = await box.cli('run', file);
		expect(failed.code, failed.stdout + failed.stderr).toBe(1);
		rmSync(join(box.out, 'fail-install'));
		const resumed = await box.cli('resume');
		expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
		expect(resumed.stderr).toMatch(/step setup_hosts, split again by what is installed now: 9 parts \(setup_hosts-hook_dummy, /);
		expect(savedState(box).steps).toHaveLength(11);
		expect(savedState(box).steps.every((s) => s.status === 'done')).toBe(true);
		expect(each(box, 'part.openstack_hosts_setup')).toEqual([1, 1, 1]);
		expect(each(box, 'part.hook_dummy')).toEqual([3, 3, 3]);
		expect(existsSync(join(box.dir, 'markers', 'openstack.osa.setup_hosts.complete'))).toBe(true);
	});

	it('split when the run reaches it, within one run: the parts as installed then', async () => {
		const box = sandbox();
		const file = installingPlan(box, (installed, upstream) => `[cp, ${upstream}, ${installed}]`);
		const ran = await box.cli('run', file);
		expect(ran.code, ran.stdout + ran.stderr).toBe(0);
		expect(ran.stdout).toContain('step setup_hosts, split again by what is installed now: 9 parts');
		// Counted with the new parts: [11/11] last.
		expect(ran.stdout).toMatch(/\[11\/11\] last DONE/);
		const ids = savedState(box).steps.map((s) => s.id);
		expect(ids).toHaveLength(11);
		expect(ids[1]).toBe('setup_hosts-hook_dummy');
		expect(each(box, 'part.security_hardening')).toEqual([1, 1, 1]);
		expect(each(box, 'part.hook_dummy')).toEqual([3, 3, 3]);
		expect(each(box, 'last.t1')).toEqual([1, 1, 1]);
	});

	it("upstream's setup_openstack: octavia failing resumes at octavia, not at keystone", async () => {
		const box = sandbox();
		const root = collection(box, 'setup_openstack');
		const file = join(box.dir, 'plan.yml');
		writeFileSync(
			file,
			`name: Split plan\ncwd: ${join(runsFixtures, 'playbooks')}\ninventory: ${join(runsFixtures, 'inventory.ini')}\nmarkers: ${join(box.dir, 'markers')}\nenv: {ANSIBLE_COLLECTIONS_PATH: ${root}}\nsteps:\n  - id: setup-openstack\n    playbook: openstack.osa.setup_openstack\n    args: [-e, package_state=latest]\n    split: imports\n`,
		);
		writeFileSync(join(box.out, 'fail-octavia'), '');
		const failed = await box.cli('run', file);
		expect(failed.code, failed.stdout + failed.stderr).toBe(1);
		const steps = savedState(box).steps;
		expect(steps).toHaveLength(34);
		expect(steps.find((s) => s.status === 'failed')?.id).toBe('setup-openstack-octavia');
		expect(each(box, 'part.keystone')).toEqual([1, 1, 1]);
		expect(each(box, 'part.tacker')).toEqual([0, 0, 0]);
		rmSync(join(box.out, 'fail-octavia'));
		const resumed = await box.cli('resume');
		expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
		// The resume started at octavia: keystone to trove did not run again.
		expect(resumed.stdout).toMatch(/\[21\/34\] setup-openstack-octavia started/);
		expect(resumed.stdout).not.toContain('setup-openstack-keystone started');
		expect(each(box, 'part.keystone')).toEqual([1, 1, 1]);
		expect(each(box, 'part.trove')).toEqual([1, 1, 1]);
		expect(each(box, 'part.octavia')).toEqual([1, 1, 1]);
		expect(each(box, 'part.rally')).toEqual([1, 1, 1]);
		expect(existsSync(join(box.dir, 'markers', 'openstack.osa.setup_openstack.complete'))).toBe(true);
	}, 400_000); // 34 ansible-playbook runs on three hosts, and 14 again
});
