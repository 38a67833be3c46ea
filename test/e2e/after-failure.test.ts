// The operator's path after a failure, at 80x24 through the built CLI: the failed cell's detail
// read whole at once, the commands to go on by hand whole and copyable, the log wrapped.
import {fileURLToPath} from 'node:url';
import {expect, it} from 'vitest';
import {describeAnsible} from '../helpers/ansible.js';
import {sandbox} from '../helpers/cli.js';
import {bottomLine, describeTmux, screenLines, terminalSuite, topLine as header} from '../helpers/tmux.js';

const replayRun = fileURLToPath(new URL('../../fixtures/replay/run-dir', import.meta.url));

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

describeTmux('terminal UI: a replay at 80x24', () => {
	const suite = terminalSuite();

	it('a replay offers only what a replay can do: no abort prompt, its pause said once', async () => {
		const box = sandbox();
		const t = suite.open(['replay', replayRun, '--speed', '0.2'], {env: box.env, width: 80, height: 24});
		await t.waitFor((s) => /^replay of /.test(header(s)), 'the replay');
		await t.waitForRawMode();
		// Paused first: the state then stands still, and an answer stays until the next key.
		t.keys('p');
		const paused = await t.waitFor((s) => bottomLine(s).includes('replay paused'), 'the paused replay');
		expect(bottomLine(paused).match(/replay paused/g)).toHaveLength(1);
		expect(bottomLine(paused)).toContain('replay paused — r goes on, q leaves');
		t.keys('a');
		const answer = await t.waitFor('a: a replay runs nothing; q leaves it', 'the answer to a');
		expect(answer).not.toMatch(/Abort step|y\/N/);
	});
});
