// The terminal UI end to end: `a` then `y` aborts the running step at once. The screen shows it,
// the state says aborted, and no ansible process is left.
import {expect, it} from 'vitest';
import {describeAnsible} from '../helpers/ansible.js';
import {each, esc, groupAlive, program, savedState, status, waitFor} from '../helpers/cli.js';
import {bottomLine as footer, describeTmux, topLine as header, terminalSuite} from '../helpers/tmux.js';


describeTmux('terminal UI: abort', () => {
	describeAnsible('with the real ansible-playbook', () => {
		const suite = terminalSuite();

		it('a then y aborts the running step now: ABORTED on screen and in the state, no ansible left', async () => {
			const box = suite.box();
			const plan = box.plan('  - playbook: slow.yml\n  - playbook: last.yml\n');
			const t = suite.open(['run', plan, '--yes', '--state-dir', box.state], {env: {...box.env, DRIVER_TEST_SLEEP: '30'}, width: 120, height: 40});
			await t.waitFor((x) => /^Test plan\s+RUNNING/.test(header(x)) && x.includes('slow task two sleeps'), 'the slow task on screen');
			await waitFor(() => box.runs('slow.t2-started.h3') > 0, 'the slow task to start on every host');
			const pid = savedState(box).steps[0]!.attempt!.pid!;
			expect(groupAlive(pid)).toBe(true);

			t.keys('a');
			let s = await t.waitFor('Abort step slow? y/N', 'the abort question');
			expect(header(s)).toMatch(/RUNNING/);
			t.keys('y');
			s = await t.waitFor((x) => /^Test plan\s+ABORTED/.test(header(x)), 'ABORTED', 20_000);
			expect(s).toMatch(/▸■ slow/);
			expect(s).toContain('aborted by the operat');
			// The task that was running when the step was killed is not shown running any more.
			s = await t.waitFor(/slow task two sleeps\s+\?\s+\?\s+\?/, 'the cut task in the matrix');
			expect(s).not.toMatch(/slow task two sleeps\s+>/);
			expect(s).toContain('? cut off');
			// The step's process group is gone: ansible-playbook and the task's shell with it.
			expect(groupAlive(pid)).toBe(false);
			const st = await status(box);
			expect(st.run).toMatchObject({status: 'aborted', live: false});
			expect(st.steps.map((x) => x.status)).toEqual(['aborted', 'pending']);
			expect(each(box, 'slow.t2')).toEqual([0, 0, 0]); // the task was cut, not let finish
			expect(each(box, 'slow.t3')).toEqual([0, 0, 0]);
			expect(each(box, 'last.t1')).toEqual([0, 0, 0]);

			// Nothing runs now, so there is nothing to pause or abort.
			t.keys('p');
			await t.waitFor((x) => footer(x).includes('p: nothing to pause, the run is aborted'), 'p refused when aborted');
			t.keys('a');
			s = await t.waitFor((x) => footer(x).includes('a: no step is running, nothing to abort'), 'a refused when aborted');
			expect(s).not.toContain('y/N');

			t.keys('q');
			s = await t.waitFor('[exit', 'the viewer to end');
			expect(t.screen({joined: true})).toMatch(new RegExp(`The run aborted\\. See it with: ${esc(program)} attach --state-dir \\S+; retry with: ${esc(program)} resume --state-dir \\S+`));
			expect(s).toContain('[exit 4]');
		});
	});
});
