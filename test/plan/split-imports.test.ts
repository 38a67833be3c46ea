// split: imports, the pure parts: the imports of upstream's own setup_* playbooks (the openstack.osa
// collection in ../shared/osa), the template form OpenStack-Ansible uses for its hooks, extra
// vars from a step's arguments, and what is left whole (with why).
import {spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {collectionPlaybookFile, extraVarsOf, importsOf, resolveTemplate} from '../../source/plan/split-imports.js';
import {hasSharedOsa, sharedOsa} from '../osa/real-clones.js';

/** The openstack.osa collection's playbooks of 2026.1, as upstream ships them. */
function upstreamPlaybook(name: string): string {
	const dir = mkdtempSync(join(tmpdir(), 'ad-osa-plugins-'));
	const tar = spawnSync('tar', ['xzf', join(sharedOsa, 'openstack-ansible-plugins-2026.1.tar.gz'), '-C', dir], {encoding: 'utf8'});
	if (tar.status !== 0) throw new Error(tar.stderr);
	return readFileSync(join(dir, 'playbooks', `${name}.yml`), 'utf8');
}

describe.runIf(hasSharedOsa)("upstream's setup playbooks", () => {
	it('setup_openstack imports a hook, then keystone ... in order, each once', () => {
		const found = importsOf(upstreamPlaybook('setup_openstack'));
		expect(found.ok).toBe(true);
		if (!found.ok) return;
		expect(found.targets[0]).toBe("{{ pre_setup_openstack_hook | default('openstack.osa.hook_dummy') }}");
		expect(found.targets.slice(1, 5)).toEqual(['openstack.osa.keystone', 'openstack.osa.barbican', 'openstack.osa.placement', 'openstack.osa.glance']);
		expect(found.targets).toContain('openstack.osa.octavia');
		expect(found.targets.length).toBeGreaterThan(25);
	});

	it('setup_hosts is imports only; setup_infrastructure has an import with when:, so it stays whole', () => {
		expect(importsOf(upstreamPlaybook('setup_hosts')).ok).toBe(true);
		const infra = importsOf(upstreamPlaybook('setup_infrastructure'));
		expect(infra).toMatchObject({ok: false, why: expect.stringMatching(/^the import at line \d+ has when:$/)});
	});
});

describe('what is split, and what is left whole', () => {
	it('a play among the imports, or an import with when:, is left whole, with the line', () => {
		expect(importsOf('- import_playbook: a.yml\n- hosts: all\n  tasks: []\n')).toEqual({ok: false, why: 'line 2 is a play, not an import_playbook'});
		expect(importsOf('- import_playbook: a.yml\n- import_playbook: b.yml\n  when: x\n')).toEqual({ok: false, why: 'the import at line 2 has when:'});
		expect(importsOf('- name: a\n  ansible.builtin.import_playbook: a.yml\n')).toEqual({ok: true, targets: ['a.yml']});
	});

	it("the hook's template: the extra var when given, else its default; another template is left whole", () => {
		const hook = "{{ pre_setup_hosts_hook | default('openstack.osa.hook_dummy') }}";
		expect(resolveTemplate(hook, {})).toEqual({ok: true, target: 'openstack.osa.hook_dummy'});
		expect(resolveTemplate(hook, {pre_setup_hosts_hook: 'site.ops.pre'})).toEqual({ok: true, target: 'site.ops.pre'});
		expect(resolveTemplate('{{ a ~ b }}', {}).ok).toBe(false);
	});

	it('extra vars from -e key=value, -e JSON, --extra-vars= and -e @file', () => {
		const dir = mkdtempSync(join(tmpdir(), 'ad-vars-'));
		writeFileSync(join(dir, 'vars.yml'), 'c: 3\n');
		expect(extraVarsOf(['-e', 'a=1 b="two words"', '--extra-vars={"d": "x"}', '-e', '@vars.yml', '--limit', 'x'], dir)).toEqual({a: '1', b: 'two words', d: 'x', c: 3});
	});

	it('a collection playbook is found under ansible_collections of a root, or a root that is it', () => {
		const root = mkdtempSync(join(tmpdir(), 'ad-coll-'));
		mkdirSync(join(root, 'ansible_collections/ns/coll/playbooks/sub'), {recursive: true});
		writeFileSync(join(root, 'ansible_collections/ns/coll/playbooks/sub/p.yml'), '[]\n');
		expect(collectionPlaybookFile('ns.coll.sub.p', [root])).toBe(join(root, 'ansible_collections/ns/coll/playbooks/sub/p.yml'));
		expect(collectionPlaybookFile('ns.coll.sub.p', [join(root, 'ansible_collections')])).toBe(join(root, 'ansible_collections/ns/coll/playbooks/sub/p.yml'));
		expect(collectionPlaybookFile('ns.coll.none', [root])).toBeNull();
	});
});
