// Host-sourced text (task names templated from registered output) reaches the operator's terminal
// through many messages: the pause notes, the paused line, status' headline. None may carry a
// terminal escape or a bidi control raw, whichever message it is in.
import {expect, it} from 'vitest';
import {describeAnsible} from '../helpers/ansible.js';
import {each, sandbox, waitFor} from '../helpers/cli.js';

// ESC, BEL, the C1 CSI and the right-to-left override.
const raw = /[\u001b\u0007\u009b\u202e]/;

describeAnsible('host text in plain output (real ansible-playbook)', () => {
	it('pause notes and status show task names with escapes removed and the bidi override visible', async () => {
		const box = sandbox();
		const plan = box.plan('  - playbook: hostile.yml\n');
		const run = box.start('run', plan, '--plain');
		await waitFor(() => box.runs('hostile.t1-started.h1') > 0, 'the hostile task to start');
		run.child.kill('SIGINT');
		const r = await run.done;
		expect(r.code, r.stdout + r.stderr).toBe(3);
		expect(each(box, 'hostile.t2')).toEqual([0, 0, 0]);
		const printed = r.stdout + r.stderr;
		expect(printed).toContain('pausing: waiting for task "hostile ');
		expect(printed).toContain('x<U+202E>gnp.exe');
		expect(printed).not.toMatch(raw);

		const shown = await box.cli('status');
		expect(shown.stdout).toContain('<U+202E>');
		expect(shown.stdout + shown.stderr).not.toMatch(raw);
	});
});
