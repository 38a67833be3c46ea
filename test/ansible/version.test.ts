import {describe, expect, it} from 'vitest';
import {ansibleView, isTestedVersion, parseAnsibleVersionOutput, TESTED_ANSIBLE_CORE, untestedWords, versionParts, versionRange} from '../../source/ansible/version.js';

describe('parseAnsibleVersionOutput', () => {
	it('reads ansible-core 2.11+ output ("[core X]")', () => {
		const out = [
			'ansible-playbook [core 2.19.11]',
			'  config file = None',
			"  configured module search path = ['/root/.ansible/plugins/modules']",
			'  python version = 3.11.2 (main) [GCC 12.2.0] (/usr/bin/python3)',
		].join('\n');
		expect(parseAnsibleVersionOutput(out)).toBe('2.19.11');
		expect(parseAnsibleVersionOutput('ansible-playbook [core 2.22.0b2]\n')).toBe('2.22.0b2');
		expect(parseAnsibleVersionOutput('ansible-playbook [core 2.14.18]')).toBe('2.14.18');
	});

	it('reads the 2.9 era output ("ansible-playbook 2.9.6")', () => {
		expect(parseAnsibleVersionOutput('ansible-playbook 2.9.6\n  config file = /etc/ansible/ansible.cfg\n')).toBe('2.9.6');
		expect(parseAnsibleVersionOutput('ansible-playbook 2.10.17\n')).toBe('2.10.17');
	});

	it('skips lines before the version line (a warning printed first)', () => {
		expect(parseAnsibleVersionOutput('[WARNING]: something about the locale\nansible-playbook [core 2.16.3]\n')).toBe('2.16.3');
	});

	it('gives null for output that holds no version', () => {
		expect(parseAnsibleVersionOutput('')).toBe(null);
		expect(parseAnsibleVersionOutput('Usage: openstack-ansible PLAYBOOK\n')).toBe(null);
		expect(parseAnsibleVersionOutput('ansible-playbook [core devel]\n')).toBe(null);
		expect(parseAnsibleVersionOutput('openstack-ansible 2.19.11\n')).toBe(null);
	});
});

describe('versionParts', () => {
	it('takes major and minor of releases, pre-releases and dev builds', () => {
		expect(versionParts('2.19.11')).toEqual({major: 2, minor: 19});
		expect(versionParts('2.22.0b2')).toEqual({major: 2, minor: 22});
		expect(versionParts('2.20.0rc1')).toEqual({major: 2, minor: 20});
		expect(versionParts('2.18.0.dev0')).toEqual({major: 2, minor: 18});
		expect(versionParts('2.9')).toEqual({major: 2, minor: 9});
	});

	it('refuses what is not a version', () => {
		for (const bad of ['unknown', '', 'devel', '2', 'v2.19.1', '2.19.1 extra']) expect(versionParts(bad), bad).toBe(null);
	});
});

describe('the tested range', () => {
	it('is 2.14 to 2.22, in one constant', () => {
		expect(TESTED_ANSIBLE_CORE).toEqual({oldest: [2, 14], newest: [2, 22]});
	});

	it('places versions inside, before and after it, by major.minor (a pre-release counts as its release)', () => {
		expect(['2.14.0', '2.14.18', '2.17.5', '2.19.11', '2.22.0b2', '2.22.9'].map(versionRange)).toEqual(Array(6).fill('tested'));
		expect(['2.9.6', '2.13.13', '1.9.4'].map(versionRange)).toEqual(['older', 'older', 'older']);
		expect(['2.23.0', '2.23.0.dev0', '3.0.0'].map(versionRange)).toEqual(['newer', 'newer', 'newer']);
		expect([null, 'unknown'].map(versionRange)).toEqual(['unknown', 'unknown']);
	});

	it('says why an untested version deserves a warning, and nothing for a tested one', () => {
		expect(untestedWords('2.19.11')).toBe(null);
		expect(untestedWords('2.9.6')).toBe('ansible-core 2.9.6 is older than the tested releases (2.14 to 2.22)');
		expect(untestedWords('2.23.1')).toBe('ansible-core 2.23.1 is newer than the tested releases (2.14 to 2.22)');
		expect(untestedWords(null)).toBe('the ansible-core version could not be told (tested releases: 2.14 to 2.22)');
	});

	it('isTestedVersion and ansibleView add `tested` (null when the version is not known)', () => {
		expect([isTestedVersion('2.14.1'), isTestedVersion('2.13.0'), isTestedVersion(null)]).toEqual([true, false, null]);
		expect(ansibleView({version: '2.23.0', source: 'command', program: '/x/ansible-playbook'})).toEqual({version: '2.23.0', source: 'command', program: '/x/ansible-playbook', tested: false});
		expect(ansibleView(undefined)).toBe(null);
	});
});
