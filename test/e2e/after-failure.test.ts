// The operator's path after a failure, at 80x24 through the built CLI: the failed cell's detail
// read whole at once, the commands to go on by hand whole and copyable, the log wrapped.
import {expect, it} from 'vitest';
import {describeAnsible} from '../helpers/ansible.js';
import {describeTmux, screenLines, terminalSuite, topLine as header} from '../helpers/tmux.js';

describeTmux('terminal UI: after a failure, at 80x24', () => {
	describeAnsible('with the real ansible-playbook', () => {
		const suite = terminalSuite();

		it('n then enter shows the failure whole at once: rc, msg and stderr', async () => {
			const box = suite.box();
			const plan = box.plan('  - playbook: first.yml\n  - playbook: fails.yml\n  - playbook: last.yml\n');
			const t = suite.open(['run', plan, '--yes', '--state-dir', box.state], {env: box.env, width: 80, height: 24});
			await t.waitFor((s) => /^Test plan\s+FAILED/.test(header(s)), 'the run failed');
			// The failure is followed unasked; n picks that same cell, enter opens it.
			t.keys('n');
			await t.waitFor('failure 1 of 1', 'n on the failure');
			t.keys('Enter');
			await t.waitFor('DETAIL', 'the detail view');
			// At once: no moving away and back for the detail to be read.
			const detail = await t.waitFor('rc=3', 'rc in the detail view', 5_000);
			expect(detail).toMatch(/✗ failed\s+h2/);
			expect(detail).toContain('msg non-zero return code');
			expect(detail).toContain('stderr│ wsrep not Synced');
			expect(screenLines(detail).every((l) => Array.from(l).length <= 80)).toBe(true);
		});
	});
});
