// The commands to go on by hand, wrapped to the screen: pasted as shown (lines and their
// backslashes), bash must run the very command that was wrapped. bash itself is asked: each
// program is a function that prints the words it was given.
import {execFileSync} from 'node:child_process';
import {describe, expect, it} from 'vitest';
import {shellRows} from '../../source/ui/components/shell-wrap.js';

const stand = ['cd', 'env', 'ansible-playbook', 'openstack-ansible'].map((p) => `${p}() { printf '%s<%s>' ${p} "$#"; printf '[%s]' "$@"; echo; }`).join('\n');
const parsed = (command: string): string => execFileSync('bash', ['-c', `${stand}\n${command}`], {encoding: 'utf8'});

const commands = [
	"cd /opt/openstack-ansible/playbooks && env ANSIBLE_FORKS=5 'OSA_CONFIG=/etc/openstack deploy' openstack-ansible setup-hosts.yml --limit '!galera_all' -e 'rolling=true serial=\"30%\"'",
	"cd /opt/openstack-ansible/playbooks && { openstack-ansible setup-hosts.yml && openstack-ansible setup-infrastructure.yml || openstack-ansible setup-hosts.yml -e osa_fallback=true; }",
	"cd '/srv/upgrade plans/a very long folder name that does not fit on one line at all anywhere' && ansible-playbook -i inventory.ini site.yml",
	'ansible-playbook -e "greeting=hello world, and a long sentence inside double quotes that must break somewhere" site.yml',
	'ansible-playbook /an/extremely/long/path/without/any/blank/in/it/at/all/to/the/playbook/file/named/site.yml -e x=\\\'y',
];

describe('shellRows', () => {
	it.each([24, 40, 60, 80, 200])('at %i columns: every line fits, all but the last end in a backslash, bash reads the same command', (width) => {
		for (const command of commands) {
			const rows = shellRows(command, width);
			for (const row of rows) expect(Array.from(row).length).toBeLessThanOrEqual(width);
			for (const row of rows.slice(0, -1)) expect(row.endsWith('\\')).toBe(true);
			expect(parsed(rows.join('\n'))).toBe(parsed(command));
		}
	});

	it('breaks at a blank outside quotes when one is in reach, not inside a word', () => {
		const rows = shellRows(commands[0]!, 40);
		expect(rows[0]).toBe('cd /opt/openstack-ansible/playbooks \\');
		// Every break in this one is at a blank: each line ends in ' \\'.
		for (const row of rows.slice(0, -1)) expect(row).toMatch(/ \\$/);
	});

	it('a command that fits is one line, as it was', () => {
		expect(shellRows('ansible-playbook site.yml', 80)).toEqual(['ansible-playbook site.yml']);
	});
});
