// The operator's path after a failure, at 80x24 through the built CLI: the failed cell's detail
// read whole at once, the commands to go on by hand whole and copyable, the log wrapped, and the
// reason of a step that failed before any task read whole where its matrix would be.
import {execFileSync} from 'node:child_process';
import {chmodSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {expect, it} from 'vitest';
import {describeAnsible} from '../helpers/ansible.js';
import {each, runsFixtures, sandbox, waitFor} from '../helpers/cli.js';
import {bottomLine, describeTmux, screenLines, terminalSuite, topLine as header} from '../helpers/tmux.js';

const replayRun = fileURLToPath(new URL('../../fixtures/replay/run-dir', import.meta.url));

describeTmux('terminal UI: after a failure, at 80x24', () => {
	describeAnsible('with the real ansible-playbook', () => {
		const suite = terminalSuite();

		it('a failed check before the upgrade: the footer says the upgrade has not started, r runs the check again', async () => {
			const box = suite.box();
			const plan = box.plan('  - playbook: first.yml\n');
			writeFileSync(plan, readFileSync(plan, 'utf8').replace('steps:\n', 'checks:\n  before:\n    - playbook: branch.yml\n      args: [-e, part=pre]\nsteps:\n'));
			const t = suite.open(['run', plan, '--yes', '--state-dir', box.state], {env: {...box.env, DRIVER_TEST_FAIL_PARTS: 'pre'}, width: 80, height: 24});
			const failed = await t.waitFor((s) => bottomLine(s).startsWith('not started: check '), 'the upgrade not started');
			// The supervisor's exit 7 is the run's outcome, not a refusal to report.
			expect(failed).not.toContain('the supervisor stopped');
			expect(failed).toContain('check: ');
			expect(failed).toMatch(/\nH by hand {2}r retry/);
			expect(each(box, 'branch.pre')).toEqual([1, 1, 1]);
			// r: the check runs again (it fails again: the failure is still asked for), the upgrade never starts.
			t.keys('r');
			await waitFor(() => each(box, 'branch.pre').every((n) => n === 2), 'the check run again');
			await t.waitFor((s) => bottomLine(s).startsWith('not started: check '), 'not started again');
			expect(each(box, 'first.t1')).toEqual([0, 0, 0]);
		}, 60_000);

		it('n then enter shows the failure whole at once: rc, msg and stderr', async () => {
			const box = suite.box();
			const plan = box.plan('  - playbook: first.yml\n  - playbook: fails.yml\n  - playbook: last.yml\n');
			const t = suite.open(['run', plan, '--yes', '--state-dir', box.state], {env: box.env, width: 80, height: 24});
			const failed = await t.waitFor((s) => /^Test plan\s+FAILED/.test(header(s)), 'the run failed');
			// Every key the failure offers fits at 80 columns, R among them.
			expect(screenLines(failed).at(-3)).toMatch(/^H by hand {2}r retry {2}R retry failed hosts {2}q quit/);
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

			// H: each command to go on by hand, wrapped as the shell continues a line; pasted as
			// shown, bash runs the command of handover.txt; y sends the chosen one to the clipboard.
			t.keys('Escape');
			t.keys('H');
			const h = await t.waitFor(/▸ 1 of 2 /, 'the commands to go on by hand');
			const lines = screenLines(h);
			const first = lines.findIndex((l) => l.startsWith('▸ 1 of 2 '));
			const end = lines.findIndex((l, i) => i > first && l.startsWith('─ 2 of 2 '));
			const rows = lines.slice(first + 1, end === -1 ? undefined : end);
			expect(rows.length).toBeGreaterThan(1);
			const wanted = readFileSync(join(box.state, 'handover.txt'), 'utf8').split('\n')[0]!;
			expect(shellWords(rows.join('\n'))).toEqual(shellWords(wanted));
			t.keys('j');
			await t.waitFor(/▸ 2 of 2 /, 'the second command chosen');
			t.keys('y');
			// Whole at 80 columns: where else the command is.
			await t.waitFor((s) => bottomLine(s).includes('y: command 2 sent (OSC 52); also line 2 of handover.txt in the run directory'), 'the answer to y');
			expect(t.buffer()).toBe(readFileSync(join(box.state, 'handover.txt'), 'utf8').split('\n')[1]);
		});

		it('a step that fails before its first play: ansible\'s error whole where the matrix would be', async () => {
			const box = suite.box();
			// A task indented one column less than the one before it: a YAML error at line 7. The
			// plan's program is a wrapper, so preflight leaves the playbook to the run.
			const broken = join(box.dir, 'broken.yml');
			writeFileSync(broken, '- name: Broken\n  hosts: nodes\n  gather_facts: false\n  tasks:\n    - name: one\n      ansible.builtin.debug: {msg: hi}\n   - name: two\n      ansible.builtin.debug: {msg: hi}\n');
			const wrapper = join(box.dir, 'wrap');
			writeFileSync(wrapper, '#!/bin/sh\nexec ansible-playbook "$@"\n');
			chmodSync(wrapper, 0o755);
			const plan = join(box.dir, 'plan.yml');
			writeFileSync(plan, `name: Test plan\ncwd: ${join(runsFixtures, 'playbooks')}\ninventory: ${join(runsFixtures, 'inventory.ini')}\ncommand: [${wrapper}]\nsteps:\n  - playbook: first.yml\n  - playbook: ${broken}\n`);
			const t = suite.open(['run', plan, '--yes', '--state-dir', box.state], {env: box.env, width: 80, height: 24});
			const failed = await t.waitFor((s) => /^Test plan\s+FAILED/.test(header(s)), 'the run failed');
			// The right of the plan pane: the matrix's place, wrapped whole at its width.
			const right = screenLines(failed)
				.map((l) => l.split('│').slice(1).join('│'))
				.filter((l) => l.trim() !== '');
			expect(right.every((l) => Array.from(l).length <= 80)).toBe(true);
			const text = right.join(' ').replace(/\s+/g, ' ');
			expect(text).toContain('exited 4 before its first play:');
			expect(text).toMatch(/Syntax Error while loading YAML|YAML parsing failed/);
			// The file and line, unbroken, so it can be copied.
			expect(right.some((l) => l.includes(`${broken}:7:`))).toBe(true);
		});
	});
});

/** The words bash gives each program of a command line (cd, env, ansible-playbook print theirs). */
function shellWords(command: string): string {
	const stand = ['cd', 'env', 'ansible-playbook'].map((p) => `${p}() { printf '%s<%s>' ${p} "$#"; printf '[%s]' "$@"; echo; }`).join('\n');
	return execFileSync('bash', ['-c', `${stand}\n${command}`], {encoding: 'utf8'});
}

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
