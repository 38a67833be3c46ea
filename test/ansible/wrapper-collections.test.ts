// Where openstack-ansible points ansible for collections, asked of bash with each branch's own
// openstack-ansible.rc (../shared/osa) beside a wrapper on PATH: `split: imports` looks there.
import {chmodSync, mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {spawnSync} from 'node:child_process';
import {describe, expect, it} from 'vitest';
import {wrapperCollectionsPath} from '../../source/ansible/wrapper-rc.js';
import {hasSharedOsa, REAL_VERSIONS, sharedOsa} from '../osa/real-clones.js';

function wrapperWithRc(version: string): string {
	const dir = mkdtempSync(join(tmpdir(), 'ad-rc-'));
	const bin = join(dir, 'bin');
	mkdirSync(bin);
	const tar = spawnSync('tar', ['xzf', join(sharedOsa, `${version}.tar.gz`), '-C', dir, 'scripts/openstack-ansible.rc'], {encoding: 'utf8'});
	if (tar.status !== 0) throw new Error(tar.stderr);
	spawnSync('cp', [join(dir, 'scripts/openstack-ansible.rc'), join(bin, 'openstack-ansible.rc')]);
	writeFileSync(join(bin, 'openstack-ansible'), '#!/bin/sh\nexit 0\n');
	chmodSync(join(bin, 'openstack-ansible'), 0o755);
	return bin;
}

describe.runIf(hasSharedOsa)("openstack-ansible's rc: the collections path", () => {
	it.each(REAL_VERSIONS)('%s: /etc/ansible unless the environment sets it; nothing for another program', (version) => {
		const bin = wrapperWithRc(version);
		const env = {PATH: `${bin}:/usr/bin:/bin`, HOME: tmpdir()};
		expect(wrapperCollectionsPath('openstack-ansible', tmpdir(), env)).toBe('/etc/ansible');
		expect(wrapperCollectionsPath('openstack-ansible', tmpdir(), {...env, ANSIBLE_COLLECTIONS_PATH: '/srv/collections'})).toBe('/srv/collections');
		expect(wrapperCollectionsPath('ansible-playbook', tmpdir(), env)).toBeNull();
	});
});
