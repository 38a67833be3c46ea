// The terminal UI end to end: the built CLI in a real terminal (tmux), the real ansible-playbook.
// `run PLAN` asks for YES, then p pauses at a safe point, r resumes, the run ends DONE, q quits.
// Screens are checked, and so are the real outcomes: marker files, the state, the exit code.
import {existsSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {expect, it} from 'vitest';
import {describeAnsible} from '../helpers/ansible.js';
import {each, savedState, status} from '../helpers/cli.js';
import {bottomLine as footer, describeTmux, topLine as header, terminalSuite} from '../helpers/tmux.js';


describeTmux('terminal UI: run, pause, resume, quit', () => {
	describeAnsible('with the real ansible-playbook', () => {
		const suite = terminalSuite();

		it('asks for YES, pauses after the running task, resumes to DONE, and quits with the exit code', async () => {
			const box = suite.box();
			const plan = box.plan('  - playbook: slow.yml\n  - playbook: last.yml\n');
			const t = suite.open(['run', plan, '--state-dir', box.state], {env: {...box.env, DRIVER_TEST_SLEEP: '4'}, width: 120, height: 40});

			// The plan, and the prompt.
			let s = await t.waitFor('Type YES to start', 'the start prompt', 20_000);
			expect(s).toContain('2 steps, in this order:');
			expect(s).toMatch(/1\. slow\n\s+2\. last\n/);
			expect(header(s)).toMatch(/^Test plan\s+IDLE/);
			await t.waitForRawMode();

			// Anything but YES starts nothing.
			t.type('yes');
			t.keys('Enter');
			s = await t.waitFor('That was not YES', 'the refusal');
			expect(s).toContain('Type YES to start');
			expect(existsSync(join(box.state, 'supervisor.log'))).toBe(false); // no supervisor was spawned
			expect(existsSync(join(box.state, 'state.json'))).toBe(false);
			expect(box.markers()).toEqual([]);

			t.type('YES');
			t.keys('Enter');
			s = await t.waitFor((x) => /^Test plan\s+RUNNING/.test(header(x)) && x.includes('slow task two sleeps'), 'the run to show the slow task');
			expect(s).not.toContain('Type YES');
			expect(s).toMatch(/tasks \d+-\d+\/\d+\s+h1\s+h2\s+h3/); // the matrix: task rows, host columns
			expect(s).toContain('slow task one');
			expect(s).toMatch(/▸> slow/); // the plan pane: the running step, shown

			// p while the slow task runs: PAUSING, and what it waits for; then PAUSED.
			await t.waitFor(() => box.runs('slow.t2-started.h1') > 0, 'the slow task to start');
			t.keys('p');
			s = await t.waitFor((x) => /^Test plan\s+PAUSING/.test(header(x)) && x.includes('pausing: waiting for task "slow task two sleeps"'), 'PAUSING and what it waits for');
			// p again while pausing: nothing more to do, and the footer says so.
			t.keys('p');
			s = await t.waitFor((x) => footer(x).includes('p: already pausing') || /^Test plan\s+PAUSED/.test(header(x)), 'p answered');
			if (!/PAUSED/.test(header(s))) expect(footer(s)).toContain('p: already pausing');

			s = await t.waitFor((x) => /^Test plan\s+PAUSED/.test(header(x)), 'PAUSED', 30_000);
			expect(s).toMatch(/‖ slow/);
			expect(s).toContain('paused before slow task t');
			// The running task finished on every host; the next task and step never started.
			expect(each(box, 'slow.t2')).toEqual([1, 1, 1]);
			expect(each(box, 'slow.t3')).toEqual([0, 0, 0]);
			expect(each(box, 'last.t1')).toEqual([0, 0, 0]);
			const paused = await status(box);
			expect(paused.run).toMatchObject({status: 'paused', live: false});
			expect(paused.steps[0]).toMatchObject({status: 'paused', pausedAt: {task: 'slow task three'}});

			// Keys that do not apply say why.
			t.keys('p');
			s = await t.waitFor((x) => footer(x).includes('p: nothing to pause, the run is paused'), 'p refused while paused');
			t.keys('a');
			s = await t.waitFor((x) => footer(x).includes('a: no step is running, nothing to abort'), 'a refused while paused');
			expect(s).not.toContain('y/N');

			// r resumes: a new supervisor reruns the paused step from its start, then the next step.
			// A second r at once starts no second supervisor (it would be refused, its error on screen).
			t.keys('r');
			t.keys('r');
			s = await t.waitFor((x) => /try again in a moment|r: the run is running; nothing to resume/.test(footer(x)), 'the second r answered');
			expect(header(s)).toMatch(/^Test plan\s+(PAUSED|RUNNING)/);
			s = await t.waitFor((x) => /^Test plan\s+DONE/.test(header(x)), 'DONE', 60_000);
			expect(s).toMatch(/PLAN\s+2\/2 done/);
			expect(s).toMatch(/✓ slow/);
			expect(s).toMatch(/✓ last/);
			expect(each(box, 'slow.t1')).toEqual([2, 2, 2]);
			expect(each(box, 'slow.t2')).toEqual([2, 2, 2]);
			expect(each(box, 'slow.t3')).toEqual([1, 1, 1]);
			expect(each(box, 'last.t1')).toEqual([1, 1, 1]);
			expect(readFileSync(join(box.state, 'supervisor.log'), 'utf8')).not.toContain('another ansible-driver');
			const done = await status(box);
			expect(done.run.status).toBe('done');
			expect(done.steps.map((x) => [x.id, x.status, x.attempts])).toEqual([
				['slow', 'done', 2],
				['last', 'done', 1],
			]);
			expect(savedState(box).run.pid).toBe(null);

			// Nothing to resume or pause once done.
			t.keys('r');
			await t.waitFor((x) => footer(x).includes('r: every step is done; nothing to resume'), 'r refused when done');
			t.keys('p');
			await t.waitFor((x) => footer(x).includes('p: nothing to pause, the run is done'), 'p refused when done');

			t.keys('q');
			s = await t.waitFor('[exit', 'the viewer to end');
			expect(s).toMatch(/The run is done\. Report: \S+report\.md/);
			expect(s).toContain('[exit 0]');
			expect(s).not.toContain('RUNNING'); // the alternate screen is gone
		});

		it('esc or Ctrl-C at the YES prompt starts nothing and says so', async () => {
			const box = suite.box();
			const plan = box.plan('  - playbook: slow.yml\n  - playbook: last.yml\n');
			// The last: Ctrl-C in the same read as the letters before it (typed fast, a slow link).
			for (const key of ['Escape', 'C-c', 'YE\u0003']) {
				const t = suite.open(['run', plan, '--state-dir', box.state], {env: box.env, width: 120, height: 40});
				await t.waitFor('Type YES to start', 'the start prompt', 20_000);
				await t.waitForRawMode();
				if (key.startsWith('YE')) t.type(key);
				else {
					t.type('YE');
					t.keys(key);
				}
				const s = await t.waitFor('[exit', `the viewer to end on ${key}`);
				expect(s, `${key}:\n${s}`).toContain('Not started: nothing was written or run (exit 7).');
				expect(s, `${key}:\n${s}`).toContain('[exit 7]');
				// Not even the run directory, nor a last-run pointing at it.
				expect(existsSync(box.state)).toBe(false);
				expect(existsSync(join(box.env['XDG_STATE_HOME']!, 'ansible-driver', 'last-run'))).toBe(false);
			}
			expect(box.markers()).toEqual([]);
		});
	});
});
