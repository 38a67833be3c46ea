// Column widths by need at 80x24 through the built CLI: a task name gets the room the host
// columns leave, the pause footer cuts its hint before the task name, and a name a pane had to
// cut is said whole on the message line when the cursor is on it.
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {expect, it} from 'vitest';
import {describeAnsible} from '../helpers/ansible.js';
import {bottomLine as footer, describeTmux, screenLines, topLine as header, terminalSuite} from '../helpers/tmux.js';

const fits = 'Perform online database migrations';
const long = 'Wait for the galera cluster to report every node Synced before going on';
const stepName = 'Upgrade the database cluster and wait for it to be Synced';

describeTmux('terminal UI: widths by need, at 80x24', () => {
	describeAnsible('with the real ansible-playbook', () => {
		const suite = terminalSuite();

		it('names get the room the hosts leave; the pause footer keeps the task; a cut name is said whole', async () => {
			const box = suite.box();
			const playbook = join(box.dir, 'names.yml');
			writeFileSync(
				playbook,
				[
					'- name: Names',
					'  hosts: nodes',
					'  gather_facts: false',
					'  tasks:',
					`    - name: ${fits}`,
					'      ansible.builtin.debug: {msg: migrated}',
					`    - name: ${long}`,
					"      ansible.builtin.shell: \"sleep {{ lookup('env', 'DRIVER_TEST_SLEEP') }}\"",
					'    - name: last',
					'      ansible.builtin.debug: {msg: done}',
					'',
				].join('\n'),
			);
			const plan = box.plan(`  - playbook: ${playbook}\n    name: ${stepName}\n  - playbook: last.yml\n`);
			const t = suite.open(['run', plan, '--yes', '--state-dir', box.state], {env: {...box.env, DRIVER_TEST_SLEEP: '8'}, width: 80, height: 24});
			await t.waitFor((s) => s.includes('Wait for the galera'), 'the long task running');
			t.keys('p');
			// The pause waits for that task: the footer names it before any hint.
			const pausing = await t.waitFor((s) => footer(s).startsWith('pausing: waiting for '), 'pausing');
			expect(footer(pausing)).toContain(long.slice(0, 40));
			expect(screenLines(pausing).every((l) => Array.from(l).length <= 80)).toBe(true);
			await t.waitFor((s) => /^Test plan\s+PAUSED/.test(header(s)), 'paused', 60_000);
			t.keys('r');
			await t.waitFor((s) => /^Test plan\s+DONE/.test(header(s)), 'DONE', 60_000);

			// The plan's cursor on the first step, whose name the plan pane cuts: said whole.
			t.keys('Tab', 'Up');
			await t.waitFor((s) => footer(s).includes(`▸ ${stepName}`), "the step's name whole on the message line");
			// Its matrix, finished: the name that fits is whole (not cut to a dozen characters), the
			// long one cut; the hosts keep their columns.
			t.keys('Enter');
			const shown = await t.waitFor((s) => s.includes(fits.slice(0, 20)), 'the first step\'s matrix');
			const rows = screenLines(shown);
			expect(rows.some((l) => l.includes(fits))).toBe(true);
			expect(rows.some((l) => l.includes(long))).toBe(false);
			expect(shown).toMatch(/h1\s+h2\s+h3/);
			// The cursor onto the long task: the message line says it whole.
			t.keys('Down', 'Down', 'Down', 'Up');
			const picked = await t.waitFor((s) => footer(s).includes(`▸ ${long}`), 'the long name whole on the message line');
			expect(screenLines(picked).every((l) => Array.from(l).length <= 80)).toBe(true);
			t.keys('Up');
			await t.waitFor((s) => !footer(s).includes('▸'), 'a name that fits is not said again');
			t.keys('q');
			await t.waitFor('[exit', 'the viewer to end');
		});
	});
});
