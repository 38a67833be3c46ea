// A run directory whose filesystem fills up: state.json must stay whole and valid at every moment,
// the driver must say what happened (no stack trace), start no new step it cannot record, and
// `resume` after space is freed must finish the plan without running finished steps again.
// The run directory is a small tmpfs (mounting needs root). Real ansible-playbook, real processes.
import {existsSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {checkRunState} from '../../source/run/state-shape.js';
import {describeAnsible} from '../helpers/ansible.js';
import {each, sandbox, status, waitFor, type Sandbox} from '../helpers/cli.js';
import {fillInodes, fillUp, mountTmpfs, tmpfsRefused, unmountAll} from '../helpers/tmpfs.js';

const refused = tmpfsRefused();
if (refused) console.warn(`[skipped] disk-full tests: cannot mount a tmpfs here (${refused}); they need root`);
const describeDiskFull = refused ? describe.skip : describeAnsible;

afterAll(unmountAll);

/** Reads state.json every few ms while a run goes on; each read must be a whole, valid state. */
function watchState(box: Sandbox): {stop(): {reads: number; bad: string[]}} {
	const file = join(box.state, 'state.json');
	let reads = 0;
	const bad: string[] = [];
	// The first few bad reads say enough; the rest only count.
	const note = (problem: string) => {
		if (bad.length < 3) bad.push(`read ${reads}: ${problem}`);
		else bad[3] = `and more, up to read ${reads}`;
	};
	const timer = setInterval(() => {
		let text: string;
		try {
			text = readFileSync(file, 'utf8');
		} catch {
			return; // not written yet
		}
		reads++;
		try {
			const checked = checkRunState((JSON.parse(text) as {state: unknown}).state);
			if (!checked.ok) note(checked.problems.join('; '));
		} catch (error) {
			note(`${(error as Error).message} (${text.length} bytes)`);
		}
	}, 5);
	return {
		stop() {
			clearInterval(timer);
			return {reads, bad};
		},
	};
}

/** A plan whose state.json is larger than a 4 KB page from the start (long step names). */
function bigPlan(box: Sandbox): string {
	const name = (what: string) => `${what} ${'x'.repeat(1500)}`;
	return box.plan(
		`  - playbook: first.yml\n    name: ${name('first')}\n  - playbook: slow.yml\n    name: ${name('slow')}\n  - playbook: last.yml\n    name: ${name('last')}\n`,
	);
}

function noStackTrace(output: string): void {
	expect(output).not.toMatch(/^\s+at /m);
	expect(output).not.toContain('internal error');
}

/** The run directory on its own small tmpfs; the env makes a failing supervisor give up soon. */
function diskBox(): Sandbox {
	const box = sandbox();
	const problem = mountTmpfs(box.state, 1024 * 1024);
	if (problem) throw new Error(`mount: ${problem}`);
	box.env['DRIVER_TEST_SLEEP'] = '5';
	box.env['ANSIBLE_DRIVER_SAVE_RETRY_SECONDS'] = '3';
	return box;
}

/** Resumes after space is freed: the plan finishes, finished steps not run again. */
async function resumeFinishes(box: Sandbox, filler: string): Promise<void> {
	rmSync(filler);
	box.env['DRIVER_TEST_SLEEP'] = '1';
	const resumed = await box.cli('resume');
	expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
	noStackTrace(resumed.stdout + resumed.stderr);
	expect(each(box, 'first.t2')).toEqual([1, 1, 1]); // done before the disk filled: never again
	expect(each(box, 'last.t1')).toEqual([1, 1, 1]);
	// The step that ran while the disk was full: judged from its events (run again if they were cut).
	for (const n of each(box, 'slow.t3')) expect([1, 2]).toContain(n);
	expect((await status(box)).steps.map((s) => s.status)).toEqual(['done', 'done', 'done']);
	expect(readdirSync(box.state).filter((n) => n.startsWith('state.json.tmp'))).toEqual([]);
}

describeDiskFull('a full disk under the run directory (real ansible-playbook, tmpfs)', () => {
	it('stop when not even an empty request file can be made: says so (exit 1), and the signal alone pauses the run after the step', async () => {
		const box = sandbox();
		const problem = mountTmpfs(box.state, 4 * 1024 * 1024, {inodes: 400});
		if (problem) throw new Error(`mount: ${problem}`);
		box.env['DRIVER_TEST_SLEEP'] = '5';
		box.env['ANSIBLE_DRIVER_SAVE_RETRY_SECONDS'] = '3';
		const run = box.start('run', bigPlan(box), '--yes');
		await waitFor(() => box.runs('slow.t2-started.h1') > 0, 'the slow step to start');
		const taken = fillInodes(join(box.state, 'taken'));
		const stop = await box.cli('stop');
		expect(stop.code, stop.stdout + stop.stderr).toBe(1);
		expect(stop.stdout.trim().split('\n')).toHaveLength(1);
		expect(stop.stdout).toMatch(/^could not write the pause request \(.*ENOSPC.*\); the supervisor \(pid \d+\) was signalled and lets the running step end \(ansible cannot see the request\), then pauses\./);
		noStackTrace(stop.stdout + stop.stderr);
		const r = await run.done;
		// Paused on the signal alone: the step ran to its end, nothing new started.
		expect(r.code, r.stdout + r.stderr).toBe(3);
		expect(r.stdout).toContain('the pause request could not be written to');
		expect(each(box, 'slow.t3')).toEqual([1, 1, 1]);
		expect(each(box, 'last.t1')).toEqual([0, 0, 0]);
		noStackTrace(r.stdout + r.stderr);
		rmSync(taken, {recursive: true});
		box.env['DRIVER_TEST_SLEEP'] = '1';
		const resumed = await box.cli('resume');
		expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
		expect([each(box, 'first.t2'), each(box, 'slow.t3'), each(box, 'last.t1')]).toEqual([[1, 1, 1], [1, 1, 1], [1, 1, 1]]);
	});


	it('one 4 KB page left, state.json larger: never truncated; the driver stops before the next step with a message; resume finishes', async () => {
		const box = diskBox();
		const watch = watchState(box);
		const run = box.start('run', bigPlan(box), '--yes');
		await waitFor(() => box.runs('slow.t2-started.h1') > 0, 'the slow step to start');
		expect(readFileSync(join(box.state, 'state.json'), 'utf8').length).toBeGreaterThan(4096);
		const filler = join(box.state, 'filler');
		expect(fillUp(filler, 4096)).toBe(4096);
		const r = await run.done;
		const {reads, bad} = watch.stop();
		expect(bad).toEqual([]);
		expect(reads).toBeGreaterThan(10);
		expect(r.code, r.stdout + r.stderr).toBe(1);
		noStackTrace(r.stdout + r.stderr);
		expect(r.stdout).toMatch(/error: cannot save the run state to .*state\.json: ENOSPC: no space left on device/);
		expect(r.stdout).toMatch(/stopped: cannot save the run state .* no new step was started/);
		expect(each(box, 'last.t1')).toEqual([0, 0, 0]); // nothing started that could not be recorded
		// What is on disk is the last state saved: the first step done.
		const saved = checkRunState((JSON.parse(readFileSync(join(box.state, 'state.json'), 'utf8')) as {state: unknown}).state);
		expect(saved.ok && saved.state.steps[0]!.status).toBe('done');
		expect(readdirSync(box.state).filter((n) => n.startsWith('state.json.tmp'))).toEqual([]);
		await resumeFinishes(box, filler);
	});

	it('the disk full to the last byte mid-step: the step is followed to its end, the state stays valid; resume finishes', async () => {
		const box = diskBox();
		const watch = watchState(box);
		const run = box.start('run', bigPlan(box), '--yes');
		await waitFor(() => box.runs('slow.t2-started.h1') > 0, 'the slow step to start');
		const filler = join(box.state, 'filler');
		expect(fillUp(filler, 0)).toBe(0);
		const r = await run.done;
		const {bad} = watch.stop();
		expect(bad).toEqual([]);
		expect(r.code, r.stdout + r.stderr).toBe(1);
		noStackTrace(r.stdout + r.stderr);
		expect(r.stdout).toMatch(/error: cannot save the run state .*ENOSPC.*; step slow runs on to its end; no new step starts until the state is saved/);
		expect(each(box, 'slow.t2')).toEqual([1, 1, 1]); // followed to its end, not killed
		expect(each(box, 'last.t1')).toEqual([0, 0, 0]);
		await resumeFinishes(box, filler);
	});

	it('space freed while the supervisor waits to save: it saves and goes on by itself', async () => {
		const box = diskBox();
		box.env['ANSIBLE_DRIVER_SAVE_RETRY_SECONDS'] = '60';
		const watch = watchState(box);
		const run = box.start('run', bigPlan(box), '--yes');
		await waitFor(() => box.runs('slow.t2-started.h1') > 0, 'the slow step to start');
		const filler = join(box.state, 'filler');
		fillUp(filler, 4096);
		await waitFor(() => run.output().includes('trying again every'), 'the supervisor to wait for space');
		rmSync(filler);
		const r = await run.done;
		expect(watch.stop().bad).toEqual([]);
		expect(r.stdout).toContain('the run state is saved again');
		noStackTrace(r.stdout + r.stderr);
		// The slow step's events fit in the page left: it is done and the plan goes on; if they did not,
		// it ended interrupted (exit 1) and a resume runs it again.
		if (r.code === 0) expect(each(box, 'last.t1')).toEqual([1, 1, 1]);
		else {
			expect(r.code, r.stdout + r.stderr).toBe(1);
			box.env['DRIVER_TEST_SLEEP'] = '1';
			expect((await box.cli('resume')).code).toBe(0);
		}
		expect(each(box, 'first.t2')).toEqual([1, 1, 1]);
		expect(each(box, 'last.t1')).toEqual([1, 1, 1]);
	});

	it('a run directory already full: run, resume and reset refuse with a message (exit 2); status still reads it', async () => {
		const box = diskBox();
		const plan = box.plan('  - playbook: first.yml\n  - playbook: last.yml\n');
		expect((await box.cli('run', plan)).code).toBe(0);
		expect((await box.cli('reset', 'last', '--yes')).code).toBe(0);
		const filler = join(box.state, 'filler');
		fillUp(filler, 0);
		const before = readFileSync(join(box.state, 'state.json'), 'utf8');
		for (const args of [['run', plan], ['resume'], ['reset', '--yes']]) {
			const r = await box.cli(...args);
			expect(r.code, `${args.join(' ')}: ${r.stdout}${r.stderr}`).toBe(2);
			noStackTrace(r.stdout + r.stderr);
			expect(r.stderr).toMatch(/ENOSPC/);
			expect(r.stderr).toMatch(/free space/i);
		}
		expect(readFileSync(join(box.state, 'state.json'), 'utf8')).toBe(before);
		// Reset made the run idle: status reads it and says so (exit 7: not going on, not at an end).
		const shown = await box.cli('status');
		expect(shown.code, shown.stderr).toBe(7);
		expect(shown.stdout).toContain('idle, 1 of 2 steps done');
		expect(each(box, 'last.t1')).toEqual([1, 1, 1]);
		expect(existsSync(join(box.state, 'supervisor.lock'))).toBe(false);
	});
});
