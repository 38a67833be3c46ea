// The terminal UI end to end: the run lives in a detached supervisor, not in the viewer. Quitting
// the viewer, or losing the terminal (SIGHUP, as a dropped SSH session), leaves the run going;
// `attach` watches it again. Checked on screens, marker files and the persisted state.
import {execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {expect, it} from 'vitest';
import {describeAnsible} from '../helpers/ansible.js';
import {each, esc, program, status, waitFor, type Sandbox} from '../helpers/cli.js';
import {describeTmux, topLine as header, terminalSuite} from '../helpers/tmux.js';


/** Polls `status --json` until the run is no longer running (nor pausing). */
async function finished(box: Sandbox, timeoutMs = 60_000) {
	const start = Date.now();
	for (;;) {
		const s = await status(box);
		if (!['running', 'pausing', 'idle'].includes(s.run.status)) return s;
		if (Date.now() - start > timeoutMs) throw new Error(`the run did not finish: ${JSON.stringify(s.run)}`);
		await new Promise((r) => setTimeout(r, 250));
	}
}

/** The pids of the processes whose parent is `pid`. */
function children(pid: number): number[] {
	return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], {encoding: 'utf8'})
		.split('\n')
		.map((l) => Number(l.trim()))
		.filter((n) => n > 0);
}

/** Is the process there and not a zombie? */
function alive(pid: number): boolean {
	try {
		return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
	} catch {
		return false;
	}
}

describeTmux('terminal UI: the run outlives the viewer', () => {
	describeAnsible('with the real ansible-playbook', () => {
		const suite = terminalSuite();

		it('q quits mid-run, the run goes on, and attach shows it live and then DONE', async () => {
			const box = suite.box();
			const plan = box.plan('  - playbook: first.yml\n  - playbook: slow.yml\n  - playbook: last.yml\n');
			const env = {...box.env, DRIVER_TEST_SLEEP: '6'};
			const t = suite.open(['run', plan, '--yes', '--state-dir', box.state], {env, width: 120, height: 40});
			await t.waitFor((x) => /^Test plan\s+RUNNING/.test(header(x)) && x.includes('first task'), 'the first step running');

			t.keys('q');
			const s = await t.waitFor('[exit', 'the viewer to end');
			const farewell = t.screen({joined: true});
			expect(farewell).toMatch(new RegExp(`The run goes on in the background \\(supervisor pid \\d+\\)\\. Watch it again with: ${esc(program)} attach --state-dir \\S+/state`));
			expect(s).toContain('[exit 0]');
			const pid = Number(/supervisor pid (\d+)/.exec(farewell)![1]);

			// No viewer now: the supervisor carries on, the next tasks and steps run.
			const running = await status(box);
			expect(running.run).toMatchObject({status: 'running', live: true, pid});
			await waitFor(() => box.runs('slow.t2-started.h3') > 0, 'the run to go on into the slow step', 60_000);
			expect(each(box, 'first.t2')).toEqual([1, 1, 1]);
			expect(alive(pid)).toBe(true);

			// attach, in a new terminal, shows the live run where it is, then its end.
			const a = suite.open(['attach', '--state-dir', box.state], {env, width: 120, height: 40});
			let live = await a.waitFor((x) => /^Test plan\s+(RUNNING|DONE)/.test(header(x)), 'attach to show the run');
			if (/RUNNING/.test(header(live))) {
				expect(live).toMatch(/✓ first/);
				live = await a.waitFor(/slow task|last task/, 'the running step in the matrix');
				expect(live).toMatch(/h1\s+h2\s+h3/);
			}
			const done = await a.waitFor((x) => /^Test plan\s+DONE/.test(header(x)), 'DONE', 60_000);
			expect(done).toMatch(/PLAN\s+3\/3 done/);
			expect(each(box, 'first.t1')).toEqual([1, 1, 1]);
			expect(each(box, 'slow.t3')).toEqual([1, 1, 1]);
			expect(each(box, 'last.t1')).toEqual([1, 1, 1]);
			expect((await status(box)).run.status).toBe('done');
			a.keys('q');
			const end = await a.waitFor('[exit', 'attach to end');
			expect(end).toContain('The run is done.');
			expect(end).toContain('[exit 0]');
		});

		it('killing the terminal (SIGHUP) ends the viewer, not the run: it still finishes', async () => {
			const box = suite.box();
			const plan = box.plan('  - playbook: slow.yml\n  - playbook: last.yml\n');
			const t = suite.open(['run', plan, '--yes', '--state-dir', box.state], {env: {...box.env, DRIVER_TEST_SLEEP: '3'}, width: 120, height: 40});
			await t.waitFor((x) => /^Test plan\s+RUNNING/.test(header(x)) && x.includes('slow task'), 'the run on screen');
			const viewers = children(t.shellPid());
			expect(viewers).toHaveLength(1);
			t.kill();
			// The viewer got SIGHUP and is gone; the supervisor, in its own session, is not.
			await waitFor(() => !alive(viewers[0]!), 'the viewer to end', 10_000);
			expect((await status(box)).run.live).toBe(true);

			const s = await finished(box);
			expect(s.run.status).toBe('done');
			expect(s.steps.map((x) => [x.id, x.status, x.attempts])).toEqual([
				['slow', 'done', 1],
				['last', 'done', 1],
			]);
			expect(each(box, 'slow.t3')).toEqual([1, 1, 1]);
			expect(each(box, 'last.t1')).toEqual([1, 1, 1]);
		});
	});
});
