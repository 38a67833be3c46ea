// The terminal UI end to end on a small terminal (80x24): the frame fits, the overlays open and
// close, an abort can be cancelled, and a resize redraws the frame at the new size.
import {expect, it} from 'vitest';
import {describeAnsible} from '../helpers/ansible.js';
import {each, status} from '../helpers/cli.js';
import {bottomLine as footer, describeTmux, screenLines, type Terminal, topLine as header, terminalSuite} from '../helpers/tmux.js';


/**
 * What is wrong with the viewer's frame on a width x height terminal, or null: the header on the
 * first line, the key hints two lines above the last, the pane rule in one column all the way
 * down, and no line wider than the terminal (the terminal wrapped none).
 */
function frameProblem(t: Terminal, width: number, height: number): string | null {
	const lines = screenLines(t.screen());
	if (lines.length !== height) return `${lines.length} lines`;
	if (!/^Test plan\s+[A-Z]+\s/.test(lines[0]!)) return 'no header on the first line';
	// The frame is one line shorter than the terminal: key hints, then the message line.
	// The hints follow the run's state (a running run offers p and a, not r).
	if (!/^(p pause  a abort  )?q quit  /.test(lines[height - 3]!) && !/^a abort  q quit  /.test(lines[height - 3]!)) return `no key hints on line ${height - 2}`;
	const rule = lines[1]!.indexOf('│');
	if (rule < 20) return 'no pane rule on the second line';
	for (let i = 1; i < height - 3; i++) if (lines[i]![rule] !== '│') return `the pane rule is not in column ${rule} on line ${i + 1}`;
	const wide = screenLines(t.screen({joined: true})).find((l) => Array.from(l).length > width);
	if (wide !== undefined) return `a line wider than ${width}: ${wide}`;
	return null;
}

/** Waits until the frame fits width x height; fails with what is wrong with it. */
async function waitForFrame(t: Terminal, width: number, height: number): Promise<string> {
	let problem: string | null = null;
	try {
		return await t.waitFor(() => (problem = frameProblem(t, width, height)) === null, `a ${width}x${height} frame`, 10_000);
	} catch (error) {
		throw new Error(`${problem ?? ''}: ${(error as Error).message}`);
	}
}

describeTmux('terminal UI: a small terminal, overlays, resize', () => {
	describeAnsible('with the real ansible-playbook', () => {
		const suite = terminalSuite();

		it('80x24: the frame fits; help, log and a cancelled abort; a resize redraws at the new size', async () => {
			const box = suite.box();
			const plan = box.plan('  - playbook: slow.yml\n  - playbook: last.yml\n');
			const t = suite.open(['run', plan, '--yes', '--state-dir', box.state], {env: {...box.env, DRIVER_TEST_SLEEP: '20'}, width: 80, height: 24});
			let s = await t.waitFor((x) => /^Test plan\s+RUNNING/.test(header(x)) && x.includes('slow task two'), 'the slow task on screen');
			await waitForFrame(t, 80, 24);
			s = t.screen();
			expect(s).toMatch(/PLAN\s+0\/2 done/);
			expect(s).toMatch(/▸> slow/);
			expect(s).toMatch(/\n\s+last\s/);
			expect(s).toMatch(/h1\s+h2\s+h3/);
			expect(s).toContain('slow task one');
			expect(s).toContain('─ detail');

			t.keys('?');
			s = await t.waitFor('KEYS', 'the help');
			expect(s).toContain('pause at the next safe point');
			expect(s).toContain('MATRIX');
			expect(s).not.toContain('slow task one'); // the help takes the body
			expect(screenLines(t.screen({joined: true})).every((l) => Array.from(l).length <= 80)).toBe(true);
			// It does not fit at 80x24: it says so and scrolls; at its end, the steps' legend.
			expect(s).toMatch(/HELP lines 1-\d+ of \d+ {2}↑↓ scroll/);
			t.keys('G');
			s = await t.waitFor('STEPS', "the help's end");
			expect(s).toMatch(/✓ done/);
			t.keys('?');
			s = await t.waitFor((x) => !x.includes('HELP') && x.includes('slow task one'), 'the help to close');

			t.keys('L');
			s = await t.waitFor((x) => x.includes('ANSIBLE LOG') && x.includes('TASK [slow task two sleeps]'), 'the log');
			expect(s).toMatch(/ANSIBLE LOG slow\s+lines \d+-\d+ of \d+ \(following\)/);
			expect(s).toContain('PLAY [Slow]');
			expect(s).toContain('TASK [slow task one]');
			expect(s).toContain('TASK [slow task two sleeps]');
			expect(screenLines(t.screen({joined: true})).every((l) => Array.from(l).length <= 80)).toBe(true);
			t.keys('L');
			await t.waitFor((x) => !x.includes('ANSIBLE LOG') && x.includes('slow task one'), 'the log to close');

			// a asks; n cancels, and the run keeps going.
			t.keys('a');
			s = await t.waitFor('Abort step slow? y/N', 'the abort question');
			t.keys('n');
			s = await t.waitFor((x) => footer(x).includes('abort cancelled'), 'the abort cancelled');
			expect(header(s)).toMatch(/RUNNING/);
			expect((await status(box)).run).toMatchObject({status: 'running', live: true});

			// A key that does not apply says why.
			t.keys('r');
			await t.waitFor((x) => footer(x).includes('r: the run is running (supervisor pid ') && footer(x).includes('); nothing to resume'), 'r refused while running');
			// Keys that arrive together (typed fast, a slow link) are still keys: a, then n.
			t.type('an');
			await t.waitFor((x) => footer(x).includes('abort cancelled'), 'a and n typed together');
			expect((await status(box)).run).toMatchObject({status: 'running', live: true});

			// Bigger, then small again: the frame is drawn anew at each size.
			t.resize(120, 40);
			await waitForFrame(t, 120, 40);
			expect(header(t.screen())).toContain(box.state); // the run directory fits now, not cut
			t.resize(80, 24);
			await waitForFrame(t, 80, 24);

			s = await t.waitFor((x) => /^Test plan\s+DONE/.test(header(x)), 'DONE', 60_000);
			expect(each(box, 'slow.t2')).toEqual([1, 1, 1]);
			expect(each(box, 'slow.t3')).toEqual([1, 1, 1]);
			expect(each(box, 'last.t1')).toEqual([1, 1, 1]);
			expect((await status(box)).steps.map((x) => [x.status, x.attempts])).toEqual([
				['done', 1],
				['done', 1],
			]);
			t.keys('q');
			s = await t.waitFor('[exit', 'the viewer to end');
			expect(s).toContain('[exit 0]');
		});
	});
});
