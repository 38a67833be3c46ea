import {expect, it} from 'vitest';
import {countListedTasks} from '../../source/ansible/list-tasks.js';

const listing = `
playbook: setup-hosts.yml

  play #1 (hosts:all_containers): Basic host setup	TAGS: []
    tasks:
      Ensure apt cache is updated	TAGS: []
      Install host distro packages	TAGS: [packages]

  play #2 (lxc_hosts): Basic lxc host setup	TAGS: []
    tasks:
      lxc_hosts : Ensure LXC packages are installed	TAGS: []
`;

it('counts the tasks of every play in --list-tasks output', () => {
	expect(countListedTasks(listing)).toBe(3);
});

it('a play without tasks counts 0; output without any play is unknown (null)', () => {
	expect(countListedTasks('\nplaybook: x.yml\n\n  play #1 (all): X\tTAGS: []\n    tasks:\n')).toBe(0);
	expect(countListedTasks('ERROR! the playbook could not be found')).toBe(null);
});
