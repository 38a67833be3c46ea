// Notify hooks, stalled tasks and `status --wait`, as an operator who detached relies on them:
// the built CLI, the real ansible-playbook, a hook script that records what it was given.
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {describeAnsible} from '../helpers/ansible.js';
import {each, processesOf, runCli, runsFixtures, sandbox, savedState, startCli, waitFor, type Sandbox} from '../helpers/cli.js';
import {findStall, stallThreshold} from '../../source/run/stall.js';
import {notifyWords} from '../../source/plan/notify-spec.js';

const hook = join(runsFixtures, 'hooks', 'record.sh');

/** A plan with these top-level lines and steps, in the fixtures' playbooks folder. */
function planWith(box: Sandbox, top: string, steps: string): string {
	const path = join(box.dir, 'plan.yml');
	writeFileSync(path, `name: Notify plan\ncwd: ${join(runsFixtures, 'playbooks')}\ninventory: ${join(runsFixtures, 'inventory.ini')}\n${top}steps:\n${steps}`);
	return path;
}

/** The recorded hook calls: event, the JSON it got on stdin, and its ANSIBLE_DRIVER_* variables. */
function calls(box: Sandbox): Array<{event: string; payload: Record<string, any>; env: Record<string, string>}> {
	return readdirSync(box.out)
		.filter((name) => name.startsWith('hook.') && name.endsWith('.json'))
		.sort((a, b) => a.split('.')[2]!.localeCompare(b.split('.')[2]!, undefined, {numeric: true}))
		.map((name) => {
			const env = Object.fromEntries(
				readFileSync(join(box.out, name.replace(/\.json$/, '.env')), 'utf8')
					.split('\n')
					.filter(Boolean)
					.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
			);
			return {event: name.split('.')[1]!, payload: JSON.parse(readFileSync(join(box.out, name), 'utf8')) as Record<string, any>, env};
		});
}

describe('stall thresholds (pure)', () => {
	it('come from stall_after, else three times the longest earlier duration (at least a minute), else none', () => {
		expect(stallThreshold(90, 1000)).toEqual({seconds: 90, source: 'plan'});
		expect(stallThreshold(undefined, 100)).toEqual({seconds: 300, source: 'history'});
		expect(stallThreshold(undefined, 2)).toEqual({seconds: 60, source: 'history'});
		expect(stallThreshold(undefined, undefined)).toBeNull();
	});

	it('name only the hosts past the threshold on the task now running', () => {
		const running = new Map([
			['h1', {taskId: 't2', since: 100}],
			['h2', {taskId: 't2', since: 150}],
			['h3', {taskId: 't1', since: 0}],
		]);
		const stall = findStall(running, {id: 't2', name: 'sync'}, 200, () => ({seconds: 60, source: 'plan'}));
		expect(stall).toMatchObject({taskId: 't2', task: 'sync', hosts: [{host: 'h1', since: new Date(100_000).toISOString()}], afterSeconds: 60});
		expect(findStall(running, {id: 't2', name: 'sync'}, 200, () => null)).toBeNull();
		expect(findStall(running, {id: 't2', name: 'sync'}, 120, () => ({seconds: 60, source: 'plan'}))).toBeNull();
	});
});

describeAnsible('notify hooks, stalled tasks, status --wait (real ansible-playbook)', () => {
	it('plan shows the hook: its command, the events it hears of and its time limit', async () => {
		const box = sandbox();
		const plan = planWith(box, `notify:\n  command: [${hook}, "--to", "ops team"]\n  on: [failed, done]\n`, '  - playbook: first.yml\n');
		const shown = await runCli(['plan', plan], box.env);
		expect(shown.code, shown.stderr).toBe(0);
		expect(shown.stdout).toContain(`notify: ${hook} --to 'ops team'  on failed, done (at most `);
		const json = JSON.parse((await runCli(['plan', plan, '--json'], box.env)).stdout) as {notify: {command: string[]; on: string[]}};
		expect(json.notify).toMatchObject({command: [hook, '--to', 'ops team'], on: ['failed', 'done']});
	});

	it('a hook runs once per event with the event on stdin and in ANSIBLE_DRIVER_* variables', async () => {
		const box = sandbox();
		const plan = planWith(box, `notify:\n  command: [${hook}]\n  on: [failed, paused, aborted, done, step_done, stalled]\n`, '  - playbook: first.yml\n  - playbook: fails.yml\n  - playbook: last.yml\n');
		const r = await box.cli('run', plan, '--plain', '--yes');
		expect(r.code, r.stdout + r.stderr).toBe(1);
		const got = calls(box);
		expect(got.map((c) => c.event)).toEqual(['step_done', 'failed']);
		const [stepDone, failed] = got;
		expect(stepDone!.payload).toMatchObject({event: 'step_done', step: {id: 'first', number: 1, of: 3, status: 'done'}, failedHosts: []});
		expect(failed!.payload).toMatchObject({
			event: 'failed',
			plan: {name: 'Notify plan', path: plan},
			run: {dir: box.state, status: 'failed'},
			step: {id: 'fails', number: 2, of: 3, status: 'failed'},
			failedHosts: ['h2'],
			handover: join(box.state, 'handover.txt'),
			report: join(box.state, 'report.md'),
			stalled: null,
		});
		expect(failed!.payload['message']).toMatch(/^Notify plan: FAILED at step 2\/3 fails \(h2\)/);
		expect(failed!.env).toMatchObject({
			ANSIBLE_DRIVER_EVENT: 'failed',
			ANSIBLE_DRIVER_STEP: 'fails',
			ANSIBLE_DRIVER_STATUS: 'failed',
			ANSIBLE_DRIVER_FAILED_HOSTS: 'h2',
			ANSIBLE_DRIVER_RUN_DIR: box.state,
			ANSIBLE_DRIVER_HANDOVER: join(box.state, 'handover.txt'),
			ANSIBLE_DRIVER_MESSAGE: failed!.payload['message'],
		});
		expect(existsSync(failed!.payload['handover'])).toBe(true);

		// Resumed after a fix to the end: done, once.
		const fixed = planWith(box, `notify:\n  command: [${hook}]\n  on: [done]\n`, '  - playbook: first.yml\n  - playbook: last.yml\n');
		const done = await box.cli('run', fixed, '--plain', '--yes');
		expect(done.code, done.stdout + done.stderr).toBe(0);
		expect(calls(box).map((c) => c.event)).toEqual(['step_done', 'failed', 'done']);
		expect(calls(box)[2]!.payload).toMatchObject({event: 'done', step: null, report: join(box.state, 'report.md')});
	});

	it('a hook that hangs is killed after its timeout, with its children, and the run goes on meanwhile', async () => {
		const box = sandbox();
		const plan = planWith(box, `notify:\n  command: [sh, -c, 'echo called >> "$DRIVER_TEST_OUT/hang.called"; sleep 299']\n  on: [step_done]\n  timeout: 3\n`, '  - playbook: first.yml\n  - playbook: last.yml\n');
		const r = await box.cli('run', plan, '--plain', '--yes');
		expect(r.code, r.stdout + r.stderr).toBe(0);
		expect(each(box, 'last.t1')).toEqual([1, 1, 1]);
		expect(box.runs('hang.called')).toBe(2);
		// The second step started while the first step's hook was still hanging.
		const out = r.stdout;
		expect(out.indexOf('[2/2] last started')).toBeGreaterThan(-1);
		expect(out.indexOf('[2/2] last started')).toBeLessThan(out.indexOf('ran longer than 3s and was killed'));
		expect(out).toContain('notify: the hook for "step_done" ran longer than 3s and was killed');
		// Nothing of the hook is left (its sleep carries this test's environment).
		expect(processesOf(box)).toEqual([]);
		expect(readFileSync(join(box.state, 'notify.log'), 'utf8')).toContain('step_done: sh -c');
	});

	it('a task slow on one host is stalled on that host: in the state, in status, and told once', async () => {
		const box = sandbox();
		const plan = planWith(box, `notify:\n  command: [${hook}]\n  on: [stalled]\n`, '  - playbook: stall.yml\n    stall_after: 3\n');
		const run = startCli(['run', plan, '--plain', '--yes', '--state-dir', box.state], {...box.env, DRIVER_TEST_SLEEP: '12'});
		// On a busy machine h1 and h3 may pass the threshold too before their echo ends; then
		// they leave the stall, and h2 stays.
		const stalledHosts = () => (existsSync(join(box.state, 'state.json')) ? (savedState(box).steps[0]?.stalled?.hosts.map((h) => h.host) ?? []) : []);
		await waitFor(() => stalledHosts().join() === 'h2', 'the stall to name h2 alone', 30_000);
		expect(savedState(box).steps[0]!.stalled).toMatchObject({task: 'wait for sync', afterSeconds: 3, source: 'plan'});
		const shown = await box.cli('status');
		expect(shown.stdout).toMatch(/stalled: step stall: task "wait for sync" has run on h2 for \d+s \(stall_after 3s\)/);
		const end = await run.done;
		expect(end.code, end.stdout + end.stderr).toBe(0);
		expect(end.stdout).toMatch(/stalled: step stall: task "wait for sync" has run on [^\n]*h2/);
		expect(savedState(box).steps[0]!.stalled ?? null).toBeNull();
		const told = calls(box);
		expect(told.map((c) => c.event)).toEqual(['stalled']);
		expect(told[0]!.payload).toMatchObject({event: 'stalled', step: {id: 'stall'}, stalled: {task: 'wait for sync', afterSeconds: 3}});
		expect(told[0]!.env['ANSIBLE_DRIVER_STALLED_HOSTS']!.split(' ')).toContain('h2');
		expect(each(box, 'stall.t2')).toEqual([1, 1, 1]);
	}, 60_000);

	it('status --wait blocks until the run stops and exits with its code: 3 paused, 0 done, 1 failed; 6 after --timeout', async () => {
		const box = sandbox();
		const plan = box.plan('  - playbook: slow.yml\n');
		const run = box.start('run', plan, '--plain', '--yes');
		await waitFor(() => box.runs('slow.t2-started.h1') > 0, 'the slow task to start');
		const early = await box.cli('status', '--wait', '--timeout', '1');
		expect(early.code).toBe(6);
		expect(early.stdout).toContain('(still going on after 1s)');
		const waiting = box.start('status', '--wait');
		await new Promise((r) => setTimeout(r, 500));
		expect(waiting.child.exitCode).toBeNull();
		expect((await box.cli('stop')).code).toBe(0);
		const paused = await waiting.done;
		expect(paused.code).toBe(3);
		expect(paused.stdout).toMatch(/^Test plan: paused, 0 of 1 step done\nnext: continue it with/);
		expect((await run.done).code).toBe(3);
		const resumed = box.start('resume', '--plain');
		// Once its supervisor runs it (until then the run is paused, and --wait says so at once).
		await waitFor(() => savedState(box).run.status === 'running', 'the resumed run to go on');
		const done = await box.cli('status', '--wait');
		expect(done.code, done.stdout).toBe(0);
		expect((await resumed.done).code).toBe(0);

		const failing = sandbox();
		const failingRun = failing.start('run', failing.plan('  - playbook: fails.yml\n'), '--plain', '--yes');
		await waitFor(() => existsSync(join(failing.state, 'state.json')), 'the run to start');
		expect((await failing.cli('status', '--wait')).code).toBe(1);
		expect((await failingRun.done).code).toBe(1);
		expect((await runCli(['status', '--timeout', '5'], failing.env)).code).toBe(2);
	});

	it('notify: and stall_after: are checked like the rest of the plan', async () => {
		const box = sandbox();
		const bad = planWith(box, `notify:\n  command: [${hook}]\n  on: [failed, exploded]\nstall_after: soon\n`, '  - playbook: first.yml\n');
		const r = await runCli(['plan', bad], box.env);
		expect(r.code).toBe(2);
		expect(r.stderr).toMatch(/plan\.yml:6:\d+: notify\.on: must list events among failed, paused, aborted, done, step_done, stalled; got "exploded"/);
		expect(r.stderr).toMatch(/plan\.yml:7:\d+: stall_after: must be a duration/);
	});
});

describe('--notify CMD', () => {
	it('is split as a POSIX shell splits words; a quote left open or a lone shell operator is refused', () => {
		expect(notifyWords(`mail -s "upgrade done" ops@example.com`)).toEqual({ok: true, words: ['mail', '-s', 'upgrade done', 'ops@example.com']});
		expect(notifyWords(`notify\\ me 'a "b"' "c'd"`)).toEqual({ok: true, words: ['notify me', 'a "b"', "c'd"]});
		expect(notifyWords('mail -s "upgrade done')).toMatchObject({ok: false, message: expect.stringContaining('a quote is not closed')});
		expect(notifyWords('mail ops < /etc/motd')).toMatchObject({ok: false, message: expect.stringContaining('"<" would be a word given to mail')});
		expect(notifyWords('   ')).toMatchObject({ok: false});
	});
});

describeAnsible('--notify on the command line (real ansible-playbook)', () => {
	it('a quoted argument reaches the hook as one word; an unbalanced quote is exit 2 and nothing runs', async () => {
		const box = sandbox();
		const plan = box.plan('  - playbook: first.yml\n');
		const file = join(box.dir, 'told');
		const bad = await box.cli('run', plan, '--yes', '--plain', '--notify', `sh -c 'echo "$1" >> ${file}' hook "upgrade done`);
		expect(bad.code).toBe(2);
		expect(bad.stderr).toContain('a quote is not closed');
		expect(box.markers()).toEqual([]);
		const r = await box.cli('run', plan, '--yes', '--plain', '--notify', `sh -c 'echo "$1" >> ${file}' hook "upgrade done"`);
		expect(r.code, r.stdout + r.stderr).toBe(0);
		expect(readFileSync(file, 'utf8')).toBe('upgrade done\n');
	});
});
